/* SPDX-License-Identifier: MIT */
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
 * left out is the default: its value deleted), and when the driver starts
 * (all_users: at boot, else on demand); then the driver is (re)started, so
 * that it reads them. NULL settings (a program that installs the driver
 * itself, as inpout's DLL does) leave an existing configuration as it is:
 * it is the file that is replaced and the driver that is started. */
int driver_install(const char *driver_file, const struct driver_settings *settings, FILE *out,
                   FILE *err);
/* The installed driver's settings, changed (as driver_install writes
 * them), and the driver restarted: 1 when it is not installed. */
int driver_configure(const struct driver_settings *settings, FILE *out, FILE *err);
int driver_remove(FILE *out, FILE *err);
/* Whether it is installed and running, and its settings as the registry
 * holds them: "allowed ports: ..." and "users: ...". */
int driver_status(FILE *out, FILE *err);

#endif
