/* SPDX-License-Identifier: MIT */
/* Windows: the named mutexes through which hardware-monitoring programs
 * agree not to interleave their accesses to the same bus. Elsewhere there
 * is no such convention, and these do nothing. */
#ifndef SMBUS_BUS_MUTEX_H
#define SMBUS_BUS_MUTEX_H

#include <stdbool.h>

#define BUS_MUTEX_SMBUS "Global\\Access_SMBUS.HTP.Method"
#define BUS_MUTEX_PCI "Global\\Access_PCI"
/* Others hold them for a transaction or a few; our longest hold, a
 * 256-byte write with its write cycles, is about 1.5 s. */
#define BUS_MUTEX_TIMEOUT_MS 3000

struct bus_mutex {
    void *handle; /* NULL when not held */
};

/* Waits up to BUS_MUTEX_TIMEOUT_MS for the mutex `name`. False when
 * another program held it all that time. */
bool bus_mutex_acquire(struct bus_mutex *mutex, const char *name);
void bus_mutex_release(struct bus_mutex *mutex);

#endif
