/* SPDX-License-Identifier: MIT */
/* A monotonic clock and a pause, for the waits and delays of portio_batch
 * where the process times them itself (direct, devport, the front's
 * fallback, the 32-bit Windows grant). */
#ifndef PORTIO_CLOCK_H
#define PORTIO_CLOCK_H

#include <stdint.h>

/* Microseconds since an arbitrary start; never goes back. */
uint64_t portio_clock_now_us(void);

/* Returns after at least `us` microseconds. Short pauses spin on the clock
 * (a sleep would oversleep them many times over); long ones sleep, so that
 * a wait between polls does not hold a CPU. */
void portio_clock_pause_us(uint32_t us);

#endif
