/* SPDX-License-Identifier: MIT */
/* The enabled bitmap of the TRANSFER and SEQUENCE fuzz targets (fuzz_enabled.h). */
#include "fuzz_enabled.h"

#include <stdbool.h>
#include <string.h>

#include "reference_requests.h"

static uint32_t base_port(struct fuzz_input *input)
{
    uint8_t where = fuzz_u8(input);
    switch (where % 4u) {
    case 0:
        return 0xFFFFu - fuzz_u8(input) % 64u;
    case 1:
        return fuzz_u8(input) % 64u;
    default:
        return fuzz_u16(input);
    }
}

uint16_t fuzz_port_near(struct fuzz_input *input, const struct fuzz_enabled *enabled)
{
    uint8_t where = fuzz_u8(input);
    if (where < 0xA0u) /* inside */
        return (uint16_t)(enabled->first + where % enabled->count);
    if (where < 0xB0u) /* on or past the start */
        return (uint16_t)(enabled->first + where % 8u - 4u);
    if (where < 0xC0u) /* on or past the end */
        return (uint16_t)(enabled->first + enabled->count + where % 8u - 4u);
    return (uint16_t)(enabled->base + where % 72u - 4u);
}

struct fuzz_enabled fuzz_enabled_bitmap(struct fuzz_input *input, const char *target)
{
    static uint8_t driver[PORTIO_BITMAP_BYTES];
    static uint8_t reference[PORTIO_BITMAP_BYTES];
    memset(driver, 0, sizeof driver);
    memset(reference, 0, sizeof reference);
    struct fuzz_enabled enabled = {driver, base_port(input), 0, 0};
    uint8_t ranges = 1u + fuzz_u8(input) % 5u;
    for (uint8_t i = 0; i < ranges; i++) {
        uint8_t shape = fuzz_u8(input);
        bool on = shape % 8u != 7u; /* mostly set, some holes cleared */
        /* May wrap below 0 or run past 0xFFFF: both must change nothing. */
        uint32_t first = enabled.base + fuzz_u8(input) % 96u - 16u;
        uint32_t count;
        /* Never tens of thousands of ports: setting them is slow and an op
         * spans 4 ports at most. */
        if (shape >= 0xE0u)
            count = fuzz_u32(input); /* mostly refused: past the space, or wrapping */
        else if (shape >= 0xC0u)
            count = 1u + fuzz_u16(input) % 512u;
        else
            count = 1u + fuzz_u8(input) % 64u;
        portio_bitmap_set(driver, first, count, on);
        reference_bitmap_set(reference, first, count, on);
        if (memcmp(driver, reference, sizeof driver) != 0)
            fuzz_disagree(target, "portio_bitmap_set(first 0x%x, count 0x%x, %s) left another bitmap", first,
                          count, on ? "on" : "off");
        if (on && enabled.count == 0 && count <= 512u) {
            enabled.first = first;
            enabled.count = count;
        }
    }
    if (enabled.count == 0) {
        enabled.first = enabled.base;
        enabled.count = 1;
    }
    return enabled;
}
