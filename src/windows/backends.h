/* SPDX-License-Identifier: MIT */
/* The Windows backends, for the platform's choice of backend. */
#ifndef PORTIO_WINDOWS_BACKENDS_H
#define PORTIO_WINDOWS_BACKENDS_H

#include <stdint.h>

#include "../backend.h"

/* The bundled kernel driver: an I/O permission map grant where Windows has
 * one (32-bit), else one IOCTL per request. */
extern const struct portio_backend portio_windows_driver;

/* Closes the device (tests). */
void portio_windows_driver_forget(void);

/* This handle's counters kept by the driver: transfer requests served and
 * port accesses made. PORTIO_E_NODRIVER before the first enable. */
int portio_windows_driver_stats(uint64_t *requests, uint64_t *operations);

#endif
