/* SPDX-License-Identifier: MIT */
/*
 * Differential fuzzing of the allowlist: portio_parse_allowlist and
 * portio_allowlist_permits against reference_allowlist.h. Most inputs
 * write a REG_MULTI_SZ of entries near one port (hex, decimal, ranges that
 * overlap or touch, up to past 64 entries), maybe with one unit wrong or one
 * ending wrong; some map bytes onto the units that matter, some are raw
 * UTF-16. Compared: parsed or not, the number of entries, the set of ports
 * the driver's ranges cover against the reference's, port by port, and
 * permits() on ranges around every entry and on random ones.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "reference_allowlist.h"
#include "request_check.h"

#define TARGET "fuzz_check_allowlist"
#define PORTS 0x10000u
#define MOST_UNITS 4096u
/* Entries whose surroundings are queried, from a fuzzed one on: not all,
 * for speed. */
#define ENTRIES_QUERIED 4u

static uint16_t text[MOST_UNITS];
static size_t text_length;

static void put(uint16_t unit)
{
    if (text_length < MOST_UNITS)
        text[text_length++] = unit;
}

/* `port` in one of the spellings the parser takes, by `style`: 0x and
 * lower case, 0X and upper case, 0x and mixed, decimal; maybe zeros ahead. */
static void put_port(uint32_t port, uint8_t style)
{
    static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";
    char digits[16];
    size_t count = 0;
    const uint32_t base = style % 4u == 3u ? 10u : 16u;
    do {
        uint32_t digit = port % base;
        bool capital = style % 4u == 1u || (style % 4u == 2u && (count + style / 16u) % 2u);
        digits[count++] = capital ? upper[digit] : lower[digit];
        port /= base;
    } while (port != 0);
    if (base == 16u) {
        put('0');
        put(style % 4u == 1u ? 'X' : 'x');
    }
    for (uint8_t zeros = style / 4u % 4u == 3u ? 1u + style / 16u % 3u : 0u; zeros > 0; zeros--)
        put('0');
    while (count > 0)
        put((uint16_t)digits[--count]);
}

/* One unit of the entry that starts at `start` made wrong, or odd but
 * right, by `how`. */
static void corrupt_entry(struct fuzz_input *input, size_t start, uint8_t how)
{
    static const uint16_t odd_units[] = {' ', '+', '-', 'x', 'X', 'g', 'G', '/', ':', '@', '`', 0x0130,
                                         0x0178, 0xFF10, 0xFF21, 0xD800, 0xFFFF, 0x1000};
    if (text_length <= start)
        return;
    size_t at = start + fuzz_u8(input) % (text_length - start);
    switch (how % 6u) {
    case 0: /* a unit in place of another */
        text[at] = odd_units[fuzz_u8(input) % (sizeof odd_units / sizeof odd_units[0])];
        break;
    case 1: /* the same low byte, another unit */
        text[at] = (uint16_t)(text[at] + 0x100u * (1u + fuzz_u8(input) % 0xFFu));
        break;
    case 2: /* a unit less */
        memmove(&text[at], &text[at + 1], (text_length - at - 1) * sizeof text[0]);
        text_length--;
        break;
    case 3: /* a unit more */
        if (text_length < MOST_UNITS) {
            memmove(&text[at + 1], &text[at], (text_length - at) * sizeof text[0]);
            text_length++;
            text[at] = odd_units[fuzz_u8(input) % (sizeof odd_units / sizeof odd_units[0])];
        }
        break;
    case 4: /* more digits: past 0xFFFF, or zeros */
        for (uint8_t digits = 1u + fuzz_u8(input) % 6u; digits > 0; digits--)
            put(how & 0x10u ? '9' : '0');
        break;
    default: /* any unit at all */
        text[at] = fuzz_u16(input);
        break;
    }
}

static void structured(struct fuzz_input *input)
{
    uint32_t base = fuzz_u16(input);
    uint8_t how_many = fuzz_u8(input);
    unsigned entries = how_many < 0xF0u ? how_many % 9u : 60u + how_many % 8u;
    for (unsigned i = 0; i < entries; i++) {
        size_t start = text_length;
        uint8_t shape = fuzz_u8(input);
        uint8_t styles = fuzz_u8(input);
        /* Near `base`, so that entries overlap and touch; past 0xFFFF
         * when `base` is near the top. */
        uint32_t first = base + fuzz_u8(input) % 64u;
        uint32_t last = first + fuzz_u8(input) % 48u;
        if (shape % 16u == 15u)
            last = first - 1u - shape / 16u % 2u; /* the end below the start */
        put_port(first, styles % 16u);
        if (shape % 2u) {
            put('-');
            put_port(last, styles / 16u);
        }
        uint8_t corruption = fuzz_u8(input);
        if (corruption >= 0xF0u)
            corrupt_entry(input, start, corruption);
        put(0);
    }
    uint8_t ending = fuzz_u8(input);
    switch (ending % 8u) {
    case 0: /* no NUL after the last entry */
        if (text_length > 0 && text[text_length - 1] == 0)
            text_length--;
        break;
    case 1: /* one NUL only */
        break;
    case 2: /* more NULs */
        for (uint8_t nuls = 1u + ending / 8u % 4u; nuls > 0; nuls--)
            put(0);
        break;
    case 3: /* text after the empty string that ends the list */
        put(0);
        put_port(base, ending / 8u);
        put(0);
        break;
    default: /* the double NUL */
        put(0);
        break;
    }
}

/* The units that matter to the parser, from bytes. */
static void mapped(struct fuzz_input *input)
{
    static const uint16_t alphabet[] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd',
                                        'e', 'f', 'A', 'B', 'C', 'D', 'E', 'F', 'x', 'X', '-', 0,   '0', 'x',
                                        ' ', 'g', 0x130, 0xFF10};
    while (fuzz_left(input) > 0)
        put(alphabet[fuzz_u8(input) % (sizeof alphabet / sizeof alphabet[0])]);
}

static void raw(struct fuzz_input *input)
{
    while (fuzz_left(input) > 1)
        put(fuzz_u16(input));
}

static struct portio_allowlist driver_list;
static struct reference_allowlist reference_list;

static void compare_permits(uint32_t first, uint32_t count)
{
    bool driver = portio_allowlist_permits(&driver_list, first, count);
    bool reference = reference_allowlist_permits(&reference_list, first, count);
    if (driver != reference)
        fuzz_disagree(TARGET, "portio_allowlist_permits(first 0x%x, count 0x%x) says %s (%u entries)", first, count,
                      driver ? "true" : "false", driver_list.count);
}

/* What the driver's ranges mean, port by port, against the reference:
 * whole arrays compared at once, for speed. */
static void compare_ports(void)
{
    static bool driver_ports[PORTS], every_port[PORTS];
    if (!every_port[0])
        memset(every_port, true, sizeof every_port);
    memset(driver_ports, driver_list.count == 0, sizeof driver_ports);
    for (uint32_t i = 0; i < driver_list.count; i++) {
        uint64_t first = driver_list.ranges[i].first, count = driver_list.ranges[i].count;
        if (count == 0 || first + count > PORTS)
            fuzz_disagree(TARGET, "entry %u is [0x%llx, +0x%llx), not a range of the port space", i,
                          (unsigned long long)first, (unsigned long long)count);
        memset(&driver_ports[first], true, (size_t)count);
    }
    const bool *reference_ports = reference_list.every_port ? every_port : reference_list.permitted;
    if (memcmp(driver_ports, reference_ports, sizeof driver_ports) == 0)
        return;
    uint32_t port = 0;
    while (driver_ports[port] == reference_ports[port])
        port++;
    fuzz_disagree(TARGET, "port 0x%x is %s by the driver's %u entries", port,
                  driver_ports[port] ? "permitted" : "refused", driver_list.count);
}

/* Ranges around entry i: itself, a port more on either side, the ports on
 * and next to its edges, and the span of it and the next entry (which may
 * overlap it, touch it or leave a gap). */
static void compare_around(uint32_t i)
{
    const uint32_t first = driver_list.ranges[i].first, count = driver_list.ranges[i].count;
    const uint32_t end = first + count;
    compare_permits(first, count);
    compare_permits(first - 1u, count + 1u);
    compare_permits(first, count + 1u);
    compare_permits(first - 1u, 1);
    compare_permits(first, 1);
    compare_permits(end - 1u, 1);
    compare_permits(end, 1);
    const uint32_t other = (i + 1u) % driver_list.count;
    const uint32_t other_first = driver_list.ranges[other].first;
    const uint32_t other_end = other_first + driver_list.ranges[other].count;
    const uint32_t low = first < other_first ? first : other_first;
    const uint32_t high = end > other_end ? end : other_end;
    compare_permits(low, high - low);
}

static void compare_random(struct fuzz_input *input)
{
    for (unsigned i = 0; i < 8u; i++) {
        uint8_t how = fuzz_u8(input);
        uint32_t first = how % 4u == 0 ? fuzz_u32(input) : fuzz_u16(input);
        uint32_t count = how / 4u % 4u == 0 ? fuzz_u32(input) : how / 4u % 4u == 1 ? PORTS - first : fuzz_u8(input);
        compare_permits(first, count);
    }
    compare_permits(0, PORTS);
    compare_permits(0, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input input = {data, size, 0};
    text_length = 0;
    uint8_t mode = fuzz_u8(&input);
    if (mode % 8u == 0)
        raw(&input);
    else if (mode % 8u == 1)
        mapped(&input);
    else
        structured(&input);

    /* Exactly the units, so that reading past them is caught. */
    uint16_t *units = malloc(text_length ? text_length * sizeof *units : 1u);
    if (!units)
        abort();
    memcpy(units, text, text_length * sizeof *units);
    int driver = portio_parse_allowlist(units, text_length, &driver_list);
    bool reference = reference_parse_allowlist(units, text_length, &reference_list);
    free(units);
    if (driver != PORTIO_CHECK_OK && driver != PORTIO_CHECK_MALFORMED)
        fuzz_disagree(TARGET, "portio_parse_allowlist says %s", fuzz_check_name(driver));
    if ((driver == PORTIO_CHECK_OK) != reference)
        fuzz_disagree(TARGET, "portio_parse_allowlist says %s, the reference %s (%zu units)",
                      fuzz_check_name(driver), reference ? "OK" : "MALFORMED", text_length);
    if (driver != PORTIO_CHECK_OK && driver_list.count != 0)
        fuzz_disagree(TARGET, "MALFORMED, yet %u entries left", driver_list.count);
    if (driver == PORTIO_CHECK_OK && driver_list.count != (uint32_t)reference_list.entries)
        fuzz_disagree(TARGET, "%u entries, the reference %d", driver_list.count, reference_list.entries);

    compare_ports();
    uint32_t queried = driver_list.count < ENTRIES_QUERIED ? driver_list.count : ENTRIES_QUERIED;
    uint32_t from = driver_list.count ? fuzz_u8(&input) % driver_list.count : 0;
    for (uint32_t i = 0; i < queried; i++)
        compare_around((from + i) % driver_list.count);
    compare_random(&input);
    return 0;
}
