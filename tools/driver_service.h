/* "portio driver install | remove | status": the Windows service control
 * manager's part of the portio command. */
#ifndef PORTIO_TOOL_DRIVER_SERVICE_H
#define PORTIO_TOOL_DRIVER_SERVICE_H

#include <stdio.h>

/* How the driver serves: the service's Parameters. NULL settings: the
 * defaults (every port, Administrators only). */
struct driver_settings {
    const char *ports; /* the allowlist, "0x378-0x37A,0x80"; NULL: every port */
    int all_users;     /* nonzero: every user may open the driver (needs ports) */
};

/* Each prints what it did to out, problems with what to do to err, and
 * returns the process exit status: 0 done, 1 refused or failed.
 * driver_file NULL: portio.sys beside the running program. */
int driver_install(const char *driver_file, const struct driver_settings *settings, FILE *out,
                   FILE *err);
int driver_remove(FILE *out, FILE *err);
int driver_status(FILE *out, FILE *err);

#endif
