/*
 * The driver's checks on what user mode sends, in plain C with no kernel
 * headers, so the same code is compiled into portio.sys and unit-tested
 * (and later fuzzed) on the host. Nothing here touches a port.
 */
#ifndef PORTIO_REQUEST_CHECK_H
#define PORTIO_REQUEST_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "portio_protocol.h"

enum portio_check_result {
    PORTIO_CHECK_OK = 0,
    PORTIO_CHECK_MALFORMED,   /* sizes, counts, widths, offsets, alignment: STATUS_INVALID_PARAMETER */
    PORTIO_CHECK_NOT_ENABLED, /* a port this handle did not enable: STATUS_ACCESS_DENIED */
    PORTIO_CHECK_NOT_ALLOWED, /* outside the administrator's allowlist: STATUS_PRIVILEGE_NOT_HELD */
};

/* One bit per port, 1 = enabled by this handle. */
#define PORTIO_BITMAP_BYTES (0x10000u / 8u)

void portio_bitmap_set(uint8_t bitmap[PORTIO_BITMAP_BYTES], uint32_t first, uint32_t count, bool on);
bool portio_bitmap_contains(const uint8_t bitmap[PORTIO_BITMAP_BYTES], uint32_t first, uint32_t count);
bool portio_bitmap_empty(const uint8_t bitmap[PORTIO_BITMAP_BYTES]);

/* The administrator's allowlist from the service's Parameters key: when it
 * has no ranges, every port may be enabled. */
#define PORTIO_MAX_ALLOWLIST 64u
struct portio_allowlist {
    uint32_t count;
    struct {
        uint32_t first;
        uint32_t count;
    } ranges[PORTIO_MAX_ALLOWLIST];
};

/*
 * Parses a REG_MULTI_SZ value (UTF-16 code units, `units` of them, which
 * need not end in the double NUL) of entries "0x378-0x37F", "0x80" or
 * "888-895" (decimal). MALFORMED for any bad entry, an end below its start,
 * a port past 0xFFFF or more than PORTIO_MAX_ALLOWLIST entries; then
 * *allowlist is left empty.
 */
int portio_parse_allowlist(const uint16_t *multi_sz, size_t units, struct portio_allowlist *allowlist);

/* Whether every port of [first, first + count) lies inside the allowlist's
 * ranges (their union). */
bool portio_allowlist_permits(const struct portio_allowlist *allowlist, uint32_t first, uint32_t count);

/* An ENABLE or DISABLE request: exactly one struct portio_range_request,
 * its size field right, count >= 1, first + count <= 0x10000, no unknown
 * flags. */
int portio_check_range_request(const void *input, size_t input_length,
                               struct portio_range_request *request);

/*
 * A TRANSFER request (one buffer, in and out): header size and reserved
 * field right, input length == output length == total_size <= the maximum,
 * 1 <= op_count <= PORTIO_MAX_OPS, the ops inside the buffer; every op:
 * width 8/16/32, a known kind, port + width/8 <= 0x10000, every byte of it
 * enabled in `enabled`; IN and OUT have count 0 (OUT's value fits its
 * width); string ops have count >= 1, data_offset past the ops, a multiple
 * of the element size, and count elements inside the buffer (no overflow).
 * MALFORMED is reported before NOT_ENABLED for the same op.
 */
int portio_check_transfer(const void *buffer, size_t input_length, size_t output_length,
                          const uint8_t enabled[PORTIO_BITMAP_BYTES]);

/*
 * A SEQUENCE request, in one pass over its ops: header size right, reserved
 * 0, 1 <= op_count <= PORTIO_MAX_OPS, input length exactly 16 + 8 * op_count,
 * output length exactly 4 * value_count (not "at least": the driver fills all
 * of it, and any other size means the client built the request wrong);
 * every op: kind IN or OUT, width 8/16/32, port + width/8 <= 0x10000, IN's
 * value 0, OUT's value fits its width, every byte of it enabled in
 * `enabled`; and exactly value_count IN ops. MALFORMED is reported before
 * NOT_ENABLED, whichever op comes first.
 */
int portio_check_sequence(const void *buffer, size_t input_length, size_t output_length,
                          const uint8_t enabled[PORTIO_BITMAP_BYTES]);

#endif
