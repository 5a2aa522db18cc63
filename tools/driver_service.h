/* "portio driver install | remove | status": the Windows service control
 * manager's part of the portio command. */
#ifndef PORTIO_TOOL_DRIVER_SERVICE_H
#define PORTIO_TOOL_DRIVER_SERVICE_H

#include <stdio.h>

/* Each prints what it did to out, problems with what to do to err, and
 * returns the process exit status: 0 done, 1 refused or failed. */
int driver_install(const char *driver_file, FILE *out, FILE *err);
int driver_remove(FILE *out, FILE *err);
int driver_status(FILE *out, FILE *err);

#endif
