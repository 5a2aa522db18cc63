/* SPDX-License-Identifier: MIT */
#include "reference_number.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char hex_digits[] = "0123456789abcdefABCDEF";
static const char decimal_digits[] = "0123456789";

static int only(const char *text, const char *set)
{
    return text[strspn(text, set)] == '\0';
}

enum number_status reference_number(const char *text, uint32_t max, uint32_t *value)
{
    int hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const char *digits = hex ? text + 2 : text;
    if (*digits == '\0' || !only(digits, hex ? hex_digits : decimal_digits))
        return NUMBER_NOT_A_NUMBER;
    if (!hex && digits[0] == '0' && !only(digits, "0"))
        return NUMBER_AMBIGUOUS;
    const char *significant = digits + strspn(digits, "0");
    /* More digits than 32 bits hold: too large whatever max is. */
    if (strlen(significant) > (hex ? 8u : 10u))
        return NUMBER_TOO_LARGE;
    unsigned long long number = strtoull(significant, NULL, hex ? 16 : 10);
    if (number > max)
        return NUMBER_TOO_LARGE;
    *value = (uint32_t)number;
    return NUMBER_OK;
}

unsigned reference_width(const char *text)
{
    if (strcmp(text, "8") == 0)
        return 8;
    if (strcmp(text, "16") == 0)
        return 16;
    if (strcmp(text, "32") == 0)
        return 32;
    return 0;
}

void check_number_parsers(const char *text, uint32_t max)
{
    uint32_t expected_value = 0x5a5a5a5a, value = 0x5a5a5a5a;
    enum number_status expected = reference_number(text, max, &expected_value);
    enum number_status status = parse_number(text, max, &value);
    if (status != expected || value != expected_value) {
        fprintf(stderr, "parse_number(\"%s\", 0x%x) gave %d and 0x%x; the reference %d and 0x%x\n",
                text, (unsigned)max, (int)status, (unsigned)value, (int)expected,
                (unsigned)expected_value);
        abort();
    }
    unsigned bits = 0;
    unsigned expected_bits = reference_width(text);
    int width_status = parse_width(text, &bits);
    if ((width_status == 0) != (expected_bits != 0) || bits != expected_bits) {
        fprintf(stderr, "parse_width(\"%s\") gave %d and %u; the reference %u\n", text, width_status,
                bits, expected_bits);
        abort();
    }
}
