/* The record of enabled ports: one bit per port of the 64 KiB space.
 * Readers need no lock; writers hold the library lock. */
#ifndef PORTIO_RANGES_H
#define PORTIO_RANGES_H

#include <stdbool.h>
#include <stdint.h>

#define PORTIO_PORT_COUNT 0x10000u

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
