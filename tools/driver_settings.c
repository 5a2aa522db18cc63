/* SPDX-License-Identifier: MIT
 *
 * The driver's settings: RANGES checked and turned into AllowedPorts with
 * the driver's own parser (driver_settings.h).
 */
#include "driver_settings.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "request_check.h"

#define RANGE_FORM                                                                            \
    "write each range as FIRST-LAST or one PORT, hex with 0x or decimal, at most 0xFFFF, "    \
    "FIRST not above LAST, the ranges separated by commas (--ports 0x378-0x37A,0x80)"

void driver_say(FILE *stream, const char *format, ...)
{
    if (!stream)
        return;
    va_list args;
    va_start(args, format);
    vfprintf(stream, format, args);
    va_end(args);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

void allowed_ports_free(struct allowed_ports *value)
{
    free(value->units);
    *value = (struct allowed_ports){0};
}

int allowed_ports_from_text(const char *ranges, struct allowed_ports *value, FILE *err)
{
    *value = (struct allowed_ports){0};
    size_t length = strlen(ranges);
    /* Every character becomes at most one unit; commas become the NULs. */
    uint16_t *units = malloc((length + 2) * sizeof *units);
    if (!units) {
        driver_say(err, "portio: out of memory\n");
        return 2;
    }
    size_t count = 0;
    const char *entry = ranges;
    for (;;) {
        const char *end = entry + strcspn(entry, ",");
        const char *first = entry, *last = end;
        while (first < last && is_space(*first))
            first++;
        while (last > first && is_space(last[-1]))
            last--;
        if (first == last) {
            if (strspn(ranges, " \t") == length)
                driver_say(err, "portio: --ports needs at least one range (leave --ports out for "
                           "every port); " RANGE_FORM "\n");
            else
                driver_say(err, "portio: --ports \"%s\" has an empty range (two commas, or one at "
                           "an end); " RANGE_FORM "\n",
                           ranges);
            free(units);
            return 1;
        }
        /* One entry alone, through the driver's parser: names the bad one. */
        struct portio_allowlist one;
        size_t start = count;
        for (const char *c = first; c < last; c++)
            units[count++] = (uint8_t)*c;
        if (portio_parse_allowlist(units + start, count - start, &one) != PORTIO_CHECK_OK) {
            driver_say(err, "portio: --ports: \"%.*s\" is not a port range; " RANGE_FORM "\n",
                       (int)(last - first), first);
            free(units);
            return 1;
        }
        units[count++] = 0;
        if (*end == '\0')
            break;
        entry = end + 1;
    }
    units[count++] = 0;
    /* The whole list, as the driver will read it: at most so many ranges. */
    struct portio_allowlist list;
    if (portio_parse_allowlist(units, count, &list) != PORTIO_CHECK_OK) {
        driver_say(err, "portio: --ports: more than %u ranges; the driver takes at most %u (join "
                   "neighbouring ports into one range)\n",
                   PORTIO_MAX_ALLOWLIST, PORTIO_MAX_ALLOWLIST);
        free(units);
        return 1;
    }
    value->units = units;
    value->count = count;
    return 0;
}

int driver_settings_check(const struct driver_settings *settings, const char *command, FILE *err)
{
    if (!settings)
        return 0;
    if (settings->all_users && !settings->ports) {
        driver_say(err, "portio: --all-users needs --ports: it lets every user, not only "
                   "Administrators, use the driver, and nobody should open every port to every "
                   "user by accident; name the ports they need, e.g. portio driver %s "
                   "--all-users --ports 0x378-0x37A\n",
                   command);
        return 1;
    }
    if (!settings->ports)
        return 0;
    struct allowed_ports value;
    int status = allowed_ports_from_text(settings->ports, &value, err);
    allowed_ports_free(&value);
    return status == 0 ? 0 : 1;
}

/* Appends to text as snprintf would, never past its end. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5)))
#endif
static void append(char *text, size_t size, size_t *used, const char *format, ...)
{
    if (*used >= size)
        return;
    va_list args;
    va_start(args, format);
    int written = vsnprintf(text + *used, size - *used, format, args);
    va_end(args);
    if (written > 0)
        *used += (size_t)written;
}

int allowed_ports_describe(const uint16_t *units, size_t count, char *text, size_t size)
{
    struct portio_allowlist list;
    size_t used = 0;
    if (size == 0)
        return 1;
    text[0] = '\0';
    if (portio_parse_allowlist(units, count, &list) != PORTIO_CHECK_OK) {
        append(text, size, &used, "malformed AllowedPorts value (the driver does not start with it)");
        return 1;
    }
    if (list.count == 0)
        append(text, size, &used, "every port (no allowlist)");
    for (uint32_t i = 0; i < list.count; i++) {
        uint32_t first = list.ranges[i].first, last = first + list.ranges[i].count - 1;
        append(text, size, &used, i ? ", 0x%X" : "0x%X", (unsigned)first);
        if (last != first)
            append(text, size, &used, "-0x%X", (unsigned)last);
    }
    return 0;
}
