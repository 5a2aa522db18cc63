/* SPDX-License-Identifier: MIT */
/*
 * The reference allowlist (reference_allowlist.h). Rules, from
 * request_check.h: entries are separated by NULs; an empty entry ends the
 * list and only NULs may follow it; an entry is "P" or "P-Q" (Q >= P), each
 * port "0x" or "0X" then hex digits, or decimal digits, at most 0xFFFF;
 * at most 64 entries.
 */
#include "reference_allowlist.h"

#include <string.h>

#define MAX_ENTRIES 64

/* A port as text; -1 when it is not one. */
static long port_value(const uint16_t *text, size_t length)
{
    int base = 10;
    size_t i = 0;
    if (length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i == length)
        return -1;
    long value = 0;
    for (; i < length; i++) {
        const char *digits = "0123456789abcdef";
        uint16_t unit = text[i];
        if (unit >= 'A' && unit <= 'F')
            unit = (uint16_t)(unit - 'A' + 'a');
        const char *found = unit > 0 && unit < 0x80 ? strchr(digits, unit) : NULL;
        if (!found || found - digits >= base)
            return -1;
        value = value * base + (found - digits);
        if (value > 0xFFFF)
            return -1;
    }
    return value;
}

bool reference_parse_allowlist(const uint16_t *units, size_t count, struct reference_allowlist *list)
{
    static struct reference_allowlist parsed; /* 64 KiB: not on the stack */
    memset(list, 0, sizeof *list);
    list->every_port = true;
    memset(&parsed, 0, sizeof parsed);
    size_t at = 0;
    while (at < count) {
        if (units[at] == 0) { /* the empty entry: the end */
            for (size_t rest = at; rest < count; rest++)
                if (units[rest] != 0)
                    return false;
            break;
        }
        size_t end = at, dash = count;
        for (; end < count && units[end] != 0; end++)
            if (units[end] == '-' && dash == count)
                dash = end;
        if (++parsed.entries > MAX_ENTRIES)
            return false;
        long first, last;
        if (dash < end) {
            first = port_value(units + at, dash - at);
            last = port_value(units + dash + 1, end - dash - 1);
        } else {
            first = last = port_value(units + at, end - at);
        }
        if (first < 0 || last < 0 || last < first)
            return false;
        for (long port = first; port <= last; port++)
            parsed.permitted[port] = true;
        at = end + 1; /* past the NUL, or past the end */
    }
    parsed.every_port = parsed.entries == 0;
    *list = parsed;
    return true;
}

bool reference_allowlist_permits(const struct reference_allowlist *list, uint32_t first, uint32_t count)
{
    if (count == 0 || first > 0xFFFF || count > 0x10000 - first)
        return false;
    if (list->every_port)
        return true; /* no loop over 64 Ki ports: the fuzzer asks this often */
    for (uint32_t port = first; port < first + count; port++)
        if (!list->permitted[port])
            return false;
    return true;
}
