/* SPDX-License-Identifier: MIT */
/* The numbers a person types (tools/numbers.h), read again by a plain
 * reference written from the rules, for the fuzz targets to compare with
 * parse_number: hex after 0x or 0X, else decimal; the whole text and
 * nothing else; a decimal with a leading zero is ambiguous unless it is
 * all zeros; above max is too large. */
#ifndef FUZZ_REFERENCE_NUMBER_H
#define FUZZ_REFERENCE_NUMBER_H

#include <stdint.h>

#include "numbers.h"

enum number_status reference_number(const char *text, uint32_t max, uint32_t *value);

/* A width as -w takes it: exactly "8", "16" or "32"; 0 for anything else. */
unsigned reference_width(const char *text);

/* Checks parse_number and parse_width against the references on text (with
 * max), and aborts with a message on a difference. */
void check_number_parsers(const char *text, uint32_t max);

#endif
