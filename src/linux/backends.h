/* SPDX-License-Identifier: MIT */
/* The Linux backends, for the platform's choice of backend. */
#ifndef PORTIO_LINUX_BACKENDS_H
#define PORTIO_LINUX_BACKENDS_H

#include "../backend.h"
#include "../x86_io.h"

#if PORTIO_HAVE_X86_IO
/* ioperm (iopl on kernels before 2.6.8) and the in/out instructions. */
extern const struct portio_backend portio_linux_direct;
void portio_linux_direct_forget(void);
#endif

/* /dev/port: 8-bit accesses through pread and pwrite. */
extern const struct portio_backend portio_linux_devport;
void portio_linux_devport_forget(void);

/* /dev/parportN: the registers of one parallel port, through ppdev's
 * ioctls. covers: whether [first, first + count) lies inside the data,
 * status and control registers of one port the kernel knows. */
extern const struct portio_backend portio_linux_ppdev;
bool portio_linux_ppdev_covers(uint32_t first, uint32_t count);
void portio_linux_ppdev_forget(void);

#endif
