/* SPDX-License-Identifier: MIT */
/* Numbers and access widths as a person types them on the command line. */
#ifndef PORTIO_TOOL_NUMBERS_H
#define PORTIO_TOOL_NUMBERS_H

#include <stdint.h>

enum number_status {
    NUMBER_OK = 0,
    NUMBER_NOT_A_NUMBER, /* empty, a sign, spaces, a bad digit, trailing text */
    NUMBER_AMBIGUOUS,    /* decimal with a leading zero, such as 0378 */
    NUMBER_TOO_LARGE     /* more than the caller's maximum */
};

/*
 * Reads text as an unsigned number: hexadecimal after "0x" or "0X" (digits in
 * either case), else decimal. Strict: the whole text must be the number, with
 * no sign, no spaces, no suffix. A decimal number with a leading zero
 * ("0378") is refused as ambiguous: /proc/ioports and data sheets print port
 * addresses in hex without "0x", and reading one as decimal would touch
 * another port. Values above max are NUMBER_TOO_LARGE (no wrap-around).
 * *value is set only on NUMBER_OK.
 */
enum number_status parse_number(const char *text, uint32_t max, uint32_t *value);

/* Reads an access width: "8", "16" or "32". Returns 0 and sets *bits, or -1. */
int parse_width(const char *text, unsigned *bits);

#endif
