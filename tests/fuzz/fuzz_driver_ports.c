/*
 * SPDX-License-Identifier: MIT
 *
 * The portio command's --ports RANGES (tools/driver_settings.c) under
 * libFuzzer: the text an administrator types, turned into the driver's
 * AllowedPorts value. The target checks:
 *   - a refusal leaves the value empty;
 *   - an accepted value is a well-formed REG_MULTI_SZ (one non-empty entry
 *     per range, at most PORTIO_MAX_ALLOWLIST, no comma or blank inside an
 *     entry, two final NULs) that the driver's own parser takes, so the
 *     tool never writes what would stop the driver from starting;
 *   - the value's description (what "portio driver status" prints), typed
 *     back as RANGES, gives the same ranges;
 *   - every range the driver read lies inside 0..0xFFFF.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_settings.h"
#include "request_check.h"

#define MAX_TEXT 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool holds, const char *what)
{
    if (!holds) {
        fprintf(stderr, "fuzz_driver_ports: %s\n", what);
        abort();
    }
}

/* The driver's reading of a value the tool made; checks its form first. */
static void driver_reads(const struct allowed_ports *value, struct portio_allowlist *list)
{
    check(value->units != NULL && value->count >= 2, "an accepted value is empty");
    check(value->units[value->count - 1] == 0 && value->units[value->count - 2] == 0,
          "the value does not end in two NULs");
    size_t entries = 0, length = 0;
    for (size_t i = 0; i + 1 < value->count; i++) {
        uint16_t unit = value->units[i];
        if (unit == 0) {
            check(length > 0, "an empty entry before the end");
            entries++;
            length = 0;
            continue;
        }
        check(unit > ' ' && unit < 0x7F && unit != ',', "an entry holds a comma, a blank or a non-ASCII unit");
        length++;
    }
    check(entries >= 1 && entries <= PORTIO_MAX_ALLOWLIST, "not 1 to PORTIO_MAX_ALLOWLIST entries");
    check(portio_parse_allowlist(value->units, value->count, list) == PORTIO_CHECK_OK,
          "the driver's parser refuses the value the tool would write");
    check(list->count == entries, "the driver read another number of ranges");
    for (uint32_t i = 0; i < list->count; i++)
        check(list->ranges[i].count >= 1 && list->ranges[i].first + list->ranges[i].count <= 0x10000,
              "a range outside 0..0xFFFF");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char text[MAX_TEXT + 1];
    if (size > MAX_TEXT)
        size = MAX_TEXT;
    memcpy(text, data, size);
    text[size] = '\0';

    struct allowed_ports value;
    int status = allowed_ports_from_text(text, &value, NULL);
    if (status != 0) {
        check(status == 1, "a refusal other than 1 (2 is out of memory)");
        check(value.units == NULL && value.count == 0, "a refusal left a value");
        return 0;
    }
    struct portio_allowlist list;
    driver_reads(&value, &list);

    /* What status prints, typed back, is the same list. */
    char described[8192];
    check(allowed_ports_describe(value.units, value.count, described, sizeof described) == 0,
          "the description refuses an accepted value");
    struct allowed_ports again;
    check(allowed_ports_from_text(described, &again, NULL) == 0, "the description is not RANGES the tool takes");
    struct portio_allowlist list_again;
    driver_reads(&again, &list_again);
    check(list_again.count == list.count, "the description has another number of ranges");
    for (uint32_t i = 0; i < list.count; i++)
        check(list_again.ranges[i].first == list.ranges[i].first &&
                  list_again.ranges[i].count == list.ranges[i].count,
              "the description gives other ranges");
    allowed_ports_free(&again);
    allowed_ports_free(&value);
    return 0;
}
