/* SPDX-License-Identifier: MIT */
/*
 * The driver's request checks (request_check.h) written a second time, as
 * plainly as possible, for the differential fuzzers (fuzz_check_*.c): every
 * port of a span looked up on its own, every length and sum in 64 bits, one
 * rule per test. Same inputs and result codes as the driver's functions; the
 * allowlist rule has its own reference (reference_allowlist.h).
 */
#ifndef PORTIO_REFERENCE_REQUESTS_H
#define PORTIO_REFERENCE_REQUESTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "request_check.h"

/* The bitmap: port p is bit p % 8 of byte p / 8. A range that is empty or
 * runs past port 0xFFFF changes nothing and contains nothing. */
void reference_bitmap_set(uint8_t bitmap[PORTIO_BITMAP_BYTES], uint32_t first, uint32_t count, bool on);
bool reference_bitmap_contains(const uint8_t bitmap[PORTIO_BITMAP_BYTES], uint32_t first, uint32_t count);
bool reference_bitmap_empty(const uint8_t bitmap[PORTIO_BITMAP_BYTES]);

/* *request gets the request when it is OK, zeros otherwise; it may be NULL. */
int reference_check_range_request(const void *input, size_t input_length, struct portio_range_request *request);

int reference_check_transfer(const void *buffer, size_t input_length, size_t output_length,
                             const uint8_t enabled[PORTIO_BITMAP_BYTES]);

bool reference_sequence_has_extra(uint8_t kind);
bool reference_sequence_has_value(uint8_t kind);

/* As portio_sequence_next; when it says false, *step is left unspecified
 * (the header does not promise anything) and *offset unchanged. */
bool reference_sequence_next(const void *input, size_t length, size_t *offset, struct portio_sequence_step *step);

int reference_check_sequence(const void *buffer, size_t input_length, size_t output_length,
                             const uint8_t enabled[PORTIO_BITMAP_BYTES]);

#endif
