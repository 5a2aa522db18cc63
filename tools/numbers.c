/* SPDX-License-Identifier: MIT */
/* Strict parsing of command-line numbers: strtoul would accept " -1" as
 * 0xFFFFFFFF, "12abc" as 12 and "010" as 8, and each would touch a port the
 * user did not mean. */
#include <stddef.h>
#include <string.h>

#include "numbers.h"

static int digit_value(char c, unsigned base)
{
    int value;
    if (c >= '0' && c <= '9')
        value = c - '0';
    else if (c >= 'a' && c <= 'f')
        value = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        value = c - 'A' + 10;
    else
        return -1;
    return (unsigned)value < base ? value : -1;
}

enum number_status parse_number(const char *text, uint32_t max, uint32_t *value)
{
    if (!text)
        return NUMBER_NOT_A_NUMBER;
    unsigned base = 10;
    const char *digits = text;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        digits = text + 2;
    }
    if (*digits == '\0')
        return NUMBER_NOT_A_NUMBER;

    /* Read every digit first, so "99999999999x" is not a number rather
     * than too large. */
    uint64_t number = 0;
    int too_large = 0;
    for (const char *c = digits; *c; c++) {
        int digit = digit_value(*c, base);
        if (digit < 0)
            return NUMBER_NOT_A_NUMBER;
        if (!too_large) {
            number = number * base + (unsigned)digit;
            too_large = number > max;
        }
    }
    /* "0", "00": zero in any base. */
    if (base == 10 && digits[0] == '0' && digits[strspn(digits, "0")] != '\0')
        return NUMBER_AMBIGUOUS;
    if (too_large)
        return NUMBER_TOO_LARGE;
    *value = (uint32_t)number;
    return NUMBER_OK;
}

int parse_width(const char *text, unsigned *bits)
{
    static const unsigned widths[] = {8, 16, 32};
    uint32_t number;
    /* Through parse_number, so "08" and "0x10" are refused like any typo. */
    if (!text || text[0] == '0' || parse_number(text, 32, &number) != NUMBER_OK)
        return -1;
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        if (number == widths[i]) {
            *bits = widths[i];
            return 0;
        }
    }
    return -1;
}
