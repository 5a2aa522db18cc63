/* SPDX-License-Identifier: MIT */
/*
 * The enabled bitmap a TRANSFER or SEQUENCE fuzz target checks requests
 * against: a few fuzzed ranges near one port, and the ports the ops then
 * use, mostly in or at the edge of the first range enabled, so that
 * requests are enabled about as often as not.
 */
#ifndef PORTIO_FUZZ_ENABLED_H
#define PORTIO_FUZZ_ENABLED_H

#include <stdint.h>

#include "fuzz_input.h"
#include "request_check.h"

struct fuzz_enabled {
    const uint8_t *bitmap; /* the driver's */
    uint32_t base;         /* the port the ranges are near */
    uint32_t first, count; /* the first range enabled; {base, 1} when none is */
};

/* Picks the base port (often at either end of the port space), sets and
 * clears up to 5 ranges near it with portio_bitmap_set and with
 * reference_bitmap_set, and stops the run (as `target`) if the two bitmaps
 * differ. */
struct fuzz_enabled fuzz_enabled_bitmap(struct fuzz_input *input, const char *target);

/* A port for an op: mostly in the first range enabled or a few ports
 * either side, else near the base; wrapped into the port space. */
uint16_t fuzz_port_near(struct fuzz_input *input, const struct fuzz_enabled *enabled);

#endif
