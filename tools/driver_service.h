/* "portio driver install | configure | remove | status": the Windows
 * service control manager's and registry's part of the portio command, and
 * of programs that install the driver themselves. */
#ifndef PORTIO_TOOL_DRIVER_SERVICE_H
#define PORTIO_TOOL_DRIVER_SERVICE_H

#include <stdio.h>

#include "driver_settings.h"

/* Each prints what it did to out, problems with what to do to err (either
 * may be NULL: nothing printed there), and returns the process exit status:
 * 0 done, 1 refused or failed, 2 settings the driver would not start with
 * (driver_settings_check; nothing was changed then).
 * driver_file NULL: portio.sys beside the running program. settings: the
 * whole configuration, written to the service's Parameters key (a setting
 * left out, or NULL settings, is the default: its value deleted); then the
 * driver is (re)started, so that it reads them. */
int driver_install(const char *driver_file, const struct driver_settings *settings, FILE *out,
                   FILE *err);
/* The installed driver's settings, changed: 1 when it is not installed.
 * (A program that finds the driver installed but stopped, as a
 * demand-start driver is after a reboot, should start the service rather
 * than call driver_install, which would reset the settings.) */
int driver_configure(const struct driver_settings *settings, FILE *out, FILE *err);
int driver_remove(FILE *out, FILE *err);
/* Whether it is installed and running, and its settings as the registry
 * holds them: "allowed ports: ..." and "users: ...". */
int driver_status(FILE *out, FILE *err);

#endif
