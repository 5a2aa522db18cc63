/* SPDX-License-Identifier: MIT */
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
 * ranges (their union). false for an empty range or one past 0xFFFF,
 * whatever the list holds. */
bool portio_allowlist_permits(const struct portio_allowlist *allowlist, uint32_t first, uint32_t count);

/* An ENABLE or DISABLE request: exactly one struct portio_range_request,
 * its size field right, count >= 1, first + count <= 0x10000, no unknown
 * flags. */
int portio_check_range_request(const void *input, size_t input_length,
                               struct portio_range_request *request);

/*
 * A TRANSFER request (one buffer, in and out): header size and reserved
 * field right, input length == total_size <= the maximum, output length
 * == input length, or 0 when every op is a write (OUT, OUTS),
 * 1 <= op_count <= PORTIO_MAX_OPS, the ops inside the buffer; every op:
 * width 8/16/32, a known kind, port + width/8 <= 0x10000, every byte of it
 * enabled in `enabled`; IN and OUT have count 0 (OUT's value fits its
 * width); string ops have count >= 1, data_offset past the ops, a multiple
 * of the element size, and count elements inside the buffer (no overflow).
 * MALFORMED is reported before NOT_ENABLED, whichever op comes first. The
 * value of IN and string ops, and the data_offset of IN and OUT, are not
 * looked at (the driver never uses them).
 */
int portio_check_transfer(const void *buffer, size_t input_length, size_t output_length,
                          const uint8_t enabled[PORTIO_BITMAP_BYTES]);

/* One op of a SEQUENCE as it is read from the request: the op, and for
 * WAIT and MODIFY the extra that follows it (zeros for the other kinds). */
struct portio_sequence_step {
    struct portio_sequence_op op;
    struct portio_sequence_extra extra;
};

/* Whether an op of this kind is followed by a struct portio_sequence_extra,
 * and whether it has a value in the reply. */
bool portio_sequence_kind_has_extra(uint8_t kind);
bool portio_sequence_kind_has_value(uint8_t kind);

/*
 * Reads the op at *offset of a SEQUENCE input `length` bytes long, and its
 * extra when its kind has one, into *step; moves *offset past both. false,
 * with *offset unchanged, when the op or its extra would run past `length`.
 * It judges nothing else: the check and the driver's execution both read
 * the ops through it, so they cannot disagree on where an op starts.
 */
bool portio_sequence_next(const void *input, size_t length, size_t *offset, struct portio_sequence_step *step);

/*
 * A SEQUENCE request (protocol version 3), in one pass over its ops: header
 * size right, reserved 0, 1 <= op_count <= PORTIO_MAX_OPS, input length
 * exactly 16 + 8 * (op_count + the number of WAIT and MODIFY ops), output
 * length exactly 16 + 4 * value_count (not "at least": the driver fills all
 * of it, and any other size means the client built the request wrong);
 * every op as portio_protocol.h describes it:
 *   IN, OUT, WAIT, MODIFY: width 8/16/32, port + width/8 <= 0x10000, every
 *           byte of it enabled in `enabled`;
 *   IN      value 0;
 *   OUT     value fits its width;
 *   WAIT    mask not 0 and fitting the width, value inside mask, time_us at
 *           most PORTIO_MAX_WAIT_US;
 *   DELAY   port 0, width 0, value 1..PORTIO_MAX_WAIT_US;
 *   MODIFY  value and mask fit the width, time_us 0;
 * and value_count equal to the number of IN, WAIT and MODIFY ops.
 * MALFORMED is reported before NOT_ENABLED, whichever op comes first.
 */
int portio_check_sequence(const void *buffer, size_t input_length, size_t output_length,
                          const uint8_t enabled[PORTIO_BITMAP_BYTES]);

#endif
