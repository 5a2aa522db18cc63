/* SPDX-License-Identifier: MIT */
/*
 * Differential fuzzing of the enabled-port bitmap (portio_bitmap_set,
 * _contains, _empty) against the reference (reference_requests.h): the
 * input is a list of sets, clears and questions on ranges mostly near the
 * last one, at the edges of the port space, or wrapping; after every set or
 * clear the two bitmaps must be the same bytes.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz_input.h"
#include "reference_requests.h"
#include "request_check.h"

#define TARGET "fuzz_check_bitmap"
#define MOST_STEPS 24u

static uint8_t driver_bitmap[PORTIO_BITMAP_BYTES];
static uint8_t reference_bitmap[PORTIO_BITMAP_BYTES];

struct range {
    uint32_t first;
    uint32_t count;
};

/* A range for step `how`: mostly a few ports near the last range or on its
 * edge; or at the top of the port space, any 32-bit pair (wraps, refusals),
 * up to 256 ports anywhere. Never tens of thousands of ports: a loop over
 * the whole space takes as long as a thousand small steps, so those ranges
 * are checked once, at start-up (whole_space). */
static struct range next_range(struct fuzz_input *input, struct range last, uint8_t how)
{
    static const uint32_t tops[] = {0xFFF0, 0xFFF8, 0xFFFC, 0xFFFF, 0x10000, 0x10001, 0x80000000u, 0xFFFFFFFFu};
    struct range range;
    switch (how / 16u % 8u) {
    case 0: /* ending just before, at or after the top, or wrapping 32 bits */
        range.first = tops[fuzz_u8(input) % (sizeof tops / sizeof tops[0])];
        range.count = 0x10000u - range.first + fuzz_u8(input) % 3u - 1u;
        break;
    case 1:
        range.first = fuzz_u32(input);
        range.count = fuzz_u32(input);
        break;
    case 2:
        range.first = fuzz_u16(input);
        range.count = 1u + fuzz_u8(input);
        break;
    case 3: /* an edge of the last range */
        range.first = last.first + last.count + fuzz_u8(input) % 5u - 2u;
        range.count = 1u + fuzz_u8(input) % 3u;
        break;
    default:
        range.first = last.first + fuzz_u8(input) % 40u - 20u;
        range.count = 1u + fuzz_u8(input) % 40u;
        break;
    }
    return range;
}

static void compare_bitmaps(const char *after, struct range range)
{
    if (memcmp(driver_bitmap, reference_bitmap, sizeof driver_bitmap) == 0)
        return;
    size_t byte = 0;
    while (driver_bitmap[byte] == reference_bitmap[byte])
        byte++;
    fuzz_disagree(TARGET, "after %s(first 0x%x, count 0x%x) byte %zu (ports 0x%zx..) is 0x%02x, the reference 0x%02x",
                  after, range.first, range.count, byte, byte * 8u, driver_bitmap[byte], reference_bitmap[byte]);
}

static void compare_contains(struct range range)
{
    bool driver = portio_bitmap_contains(driver_bitmap, range.first, range.count);
    bool reference = reference_bitmap_contains(reference_bitmap, range.first, range.count);
    if (driver != reference)
        fuzz_disagree(TARGET, "portio_bitmap_contains(first 0x%x, count 0x%x) says %s", range.first, range.count,
                      driver ? "true" : "false");
}

static void compare_empty(void)
{
    bool driver = portio_bitmap_empty(driver_bitmap);
    if (driver != reference_bitmap_empty(reference_bitmap))
        fuzz_disagree(TARGET, "portio_bitmap_empty says %s", driver ? "true" : "false");
}

static void set_both(struct range range, bool on)
{
    portio_bitmap_set(driver_bitmap, range.first, range.count, on);
    reference_bitmap_set(reference_bitmap, range.first, range.count, on);
    compare_bitmaps(on ? "set on" : "set off", range);
}

/* The ranges from port 0 or 1 to the top, and a port more or less: set,
 * asked about and cleared, on a bitmap with one port set in the middle. */
static void whole_space(void)
{
    for (uint32_t first = 0; first <= 1u; first++) {
        for (uint32_t count = 0xFFFFu - first; count <= 0x10001u - first; count++) {
            struct range range = {first, count};
            memset(driver_bitmap, 0, sizeof driver_bitmap);
            memset(reference_bitmap, 0, sizeof reference_bitmap);
            set_both((struct range){0x8000, 1}, true);
            set_both(range, true);
            compare_contains(range);
            compare_contains((struct range){0, 0x10000});
            compare_contains((struct range){1, 0xFFFF});
            compare_empty();
            set_both(range, false);
            compare_contains((struct range){0x8000, 1});
            compare_empty();
        }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    whole_space();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input input = {data, size, 0};
    memset(driver_bitmap, 0, sizeof driver_bitmap);
    memset(reference_bitmap, 0, sizeof reference_bitmap);
    struct range last = {fuzz_u16(&input), 1};
    bool emptiness_compared = false;
    for (unsigned step = 0; step < MOST_STEPS && fuzz_left(&input) > 0; step++) {
        uint8_t how = fuzz_u8(&input);
        struct range range = next_range(&input, last, how);
        switch (how % 16u) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
        case 5:
            set_both(range, true);
            break;
        case 6:
        case 7:
        case 8:
        case 9:
            set_both(range, false);
            break;
        case 15: /* once: all 8 KiB are read when nothing is set */
            if (!emptiness_compared)
                compare_empty();
            emptiness_compared = true;
            break;
        default:
            /* The range, and one port more on either side. */
            compare_contains(range);
            compare_contains((struct range){range.first - 1u, range.count + 2u});
            compare_contains((struct range){range.first, range.count + 1u});
            compare_contains((struct range){range.first + range.count - 1u, 1});
            compare_contains((struct range){range.first + range.count, 1});
            break;
        }
        last = range;
    }
    /* No bitmap: nothing to set, nothing contained, nothing enabled. */
    portio_bitmap_set(NULL, last.first, last.count, true);
    if (portio_bitmap_contains(NULL, last.first, last.count) !=
            reference_bitmap_contains(NULL, last.first, last.count) ||
        portio_bitmap_empty(NULL) != reference_bitmap_empty(NULL))
        fuzz_disagree(TARGET, "on no bitmap");
    return 0;
}
