/* SPDX-License-Identifier: MIT */
/* Why Linux refused port access, told so that a person can act on it. */
#ifndef PORTIO_LINUX_DIAGNOSE_H
#define PORTIO_LINUX_DIAGNOSE_H

/* Maps errno `error` from `what` (e.g. "ioperm(0x378, 3)") to a status and
 * sets the message: privilege, lockdown, missing kernel support or I/O. */
int portio_linux_refusal(const char *what, int error);

#endif
