/* SPDX-License-Identifier: MIT */
/*
 * The allowlist rule of the driver (request_check.h, the AllowedPorts value
 * in portio_driver.c), written a second time in the plainest way: a flag
 * per port. The harness and the differential fuzzer hold the driver to it.
 */
#ifndef PORTIO_REFERENCE_ALLOWLIST_H
#define PORTIO_REFERENCE_ALLOWLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reference_allowlist {
    bool every_port; /* no entries: every port may be enabled */
    int entries;
    bool permitted[0x10000];
};

/* Parses a REG_MULTI_SZ of `units` UTF-16 units; false when it is
 * malformed (and then *list is "every port", as an empty value). */
bool reference_parse_allowlist(const uint16_t *units, size_t count, struct reference_allowlist *list);

/* Whether [first, first + count) is a non-empty range of the port space
 * that the list permits, every port of it. */
bool reference_allowlist_permits(const struct reference_allowlist *list, uint32_t first, uint32_t count);

#endif
