/* SPDX-License-Identifier: MIT */
/*
 * Differential fuzzing of portio_check_range_request (ENABLE and DISABLE)
 * against the reference (reference_requests.h): the same answer and the
 * same struct out, with and without a struct to fill. Most inputs are 16
 * bytes with fields near the edges of the port space; some are raw.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "reference_requests.h"
#include "request_check.h"

#define TARGET "fuzz_check_range_request"
#define REQUEST_BYTES sizeof(struct portio_range_request)

/* A first port or a count: mostly at an edge of the port space, or at the
 * edge that `other` leaves. */
static uint32_t edge_value(struct fuzz_input *input, uint32_t other)
{
    static const uint32_t edges[] = {0, 1, 2, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF, 0x10000, 0x10001, 0xFFFFFFFFu};
    uint8_t how = fuzz_u8(input);
    switch (how % 6u) {
    case 0: return edges[fuzz_u8(input) % (sizeof edges / sizeof edges[0])];
    case 1: return 0x10000u - other + fuzz_u8(input) % 3u - 1u; /* just under, at, just over */
    case 2: return 0xFFFFFFFFu - other + fuzz_u8(input) % 3u; /* first + count wraps 32 bits */
    case 3: return fuzz_u32(input);
    default: return fuzz_u16(input);
    }
}

static void compare(const void *input, size_t length)
{
    struct portio_range_request driver_request, reference_request;
    /* Different garbage in each: whatever either leaves must be written. */
    memset(&driver_request, 0xA5, sizeof driver_request);
    memset(&reference_request, 0x5A, sizeof reference_request);
    int driver = portio_check_range_request(input, length, &driver_request);
    int reference = reference_check_range_request(input, length, &reference_request);
    if (driver != reference)
        fuzz_disagree(TARGET, "portio_check_range_request says %s, the reference %s (length %zu)",
                      fuzz_check_name(driver), fuzz_check_name(reference), length);
    if (memcmp(&driver_request, &reference_request, sizeof driver_request) != 0)
        fuzz_disagree(TARGET,
                      "after %s: {size %u, first 0x%x, count 0x%x, flags 0x%x}, the reference {%u, 0x%x, 0x%x, 0x%x}",
                      fuzz_check_name(driver), driver_request.size, driver_request.first, driver_request.count,
                      driver_request.flags, reference_request.size, reference_request.first,
                      reference_request.count, reference_request.flags);
    int driver_unfilled = portio_check_range_request(input, length, NULL);
    if (driver_unfilled != driver)
        fuzz_disagree(TARGET, "portio_check_range_request says %s with a struct to fill, %s without",
                      fuzz_check_name(driver), fuzz_check_name(driver_unfilled));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input input = {data, size, 0};
    uint8_t mode = fuzz_u8(&input);
    size_t length;
    uint8_t *buffer;
    if (mode % 8u == 0) {
        length = fuzz_left(&input);
        buffer = malloc(length ? length : 1u);
        if (!buffer)
            abort();
        memcpy(buffer, data + input.at, length);
    } else {
        struct portio_range_request request = {.size = REQUEST_BYTES};
        request.first = edge_value(&input, 0);
        request.count = edge_value(&input, request.first);
        if (fuzz_u8(&input) % 2u)
            request.first = edge_value(&input, request.count);
        uint8_t flags = fuzz_u8(&input);
        request.flags = flags < 0xE0u ? flags % 2u : 1u << flags % 32u;
        uint8_t size_field = fuzz_u8(&input);
        if (size_field >= 0xF0u)
            request.size = size_field % 8u == 0 ? fuzz_u32(&input) : REQUEST_BYTES + size_field % 8u - 4u;
        uint8_t lengths = fuzz_u8(&input);
        length = lengths < 0xF0u ? REQUEST_BYTES : lengths % 16u * 2u; /* 0 to 30 */
        /* Exactly `length` bytes, so that reading past them is caught. */
        buffer = calloc(1, length ? length : 1u);
        if (!buffer)
            abort();
        memcpy(buffer, &request, length < REQUEST_BYTES ? length : REQUEST_BYTES);
    }
    compare(buffer, length);
    free(buffer);
    compare(NULL, REQUEST_BYTES);
    return 0;
}
