/* SPDX-License-Identifier: MIT */
/* The record of enabled ports: one bit per port of the 64 KiB space.
 * Readers need no lock; writers hold the library lock. */
#ifndef PORTIO_RANGES_H
#define PORTIO_RANGES_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "portio.h"
#include "visibility.h"

#define PORTIO_PORT_COUNT 0x10000u

/* Bit (port % 64) of word (port / 64) is set while the port is enabled.
 * Atomic words so that the checked path can test bits while another thread
 * enables; relaxed order suffices because the lock orders the writers.
 * portio_port_widths (portio.h) follows it, for the checked path. */
extern PORTIO_HIDDEN _Atomic uint64_t portio_enabled_ports[PORTIO_PORT_COUNT / 64];

void portio_ranges_set(uint32_t first, uint32_t count);
void portio_ranges_clear(uint32_t first, uint32_t count);
void portio_ranges_clear_all(void);

/* True when every port of [first, first + count) is enabled. */
bool portio_ranges_contain(uint32_t first, uint32_t count);
bool portio_ranges_empty(void);

/* Calls visit for each maximal run of enabled ports, lowest first, and
 * stops at the first non-zero result, which it returns. */
typedef int (*portio_run_visitor)(uint32_t first, uint32_t count, void *context);
int portio_ranges_for_each_run(portio_run_visitor visit, void *context);

#endif
