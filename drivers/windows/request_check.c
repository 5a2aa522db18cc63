/* SPDX-License-Identifier: MIT */
/*
 * The driver's checks on what user mode sends (request_check.h). Plain C:
 * no kernel headers, no allocation, nothing but memcpy/memset from libc.
 * Requests come from an untrusted buffer, so every field is copied out with
 * memcpy (the buffer need not be aligned) and every sum is done in 64 bits.
 */
#include "request_check.h"

#include <string.h>

#define PORT_SPACE 0x10000u

/* [first, first + count) is a non-empty range inside the port space. An
 * empty range is refused too: no caller has a use for it, and a check that
 * says yes to nothing is a trap. */
static bool range_in_space(uint32_t first, uint32_t count)
{
    return count >= 1 && first < PORT_SPACE && count <= PORT_SPACE - first;
}

static bool bit_is_set(const uint8_t bitmap[PORTIO_BITMAP_BYTES], uint32_t port)
{
    return ((uint32_t)bitmap[port / 8u] >> (port % 8u)) & 1u;
}

void portio_bitmap_set(uint8_t bitmap[PORTIO_BITMAP_BYTES], uint32_t first, uint32_t count, bool on)
{
    if (!bitmap || !range_in_space(first, count))
        return;
    for (uint32_t port = first; port - first < count; port++) {
        uint8_t bit = (uint8_t)(1u << (port % 8u));
        if (on)
            bitmap[port / 8u] |= bit;
        else
            bitmap[port / 8u] &= (uint8_t)~bit;
    }
}

bool portio_bitmap_contains(const uint8_t bitmap[PORTIO_BITMAP_BYTES], uint32_t first, uint32_t count)
{
    if (!bitmap || !range_in_space(first, count))
        return false;
    for (uint32_t port = first; port - first < count; port++)
        if (!bit_is_set(bitmap, port))
            return false;
    return true;
}

bool portio_bitmap_empty(const uint8_t bitmap[PORTIO_BITMAP_BYTES])
{
    if (!bitmap)
        return true;
    for (uint32_t i = 0; i < PORTIO_BITMAP_BYTES; i++)
        if (bitmap[i] != 0)
            return false;
    return true;
}

/* The value of one digit in `base` (10 or 16), or -1. */
static int digit_value(uint16_t unit, uint32_t base)
{
    if (unit >= '0' && unit <= '9')
        return unit - '0';
    if (base == 16 && unit >= 'a' && unit <= 'f')
        return unit - 'a' + 10;
    if (base == 16 && unit >= 'A' && unit <= 'F')
        return unit - 'A' + 10;
    return -1;
}

/* "0x378" (hex) or "888" (decimal), nothing else, at most 0xFFFF. */
static bool parse_port(const uint16_t *text, size_t length, uint32_t *port)
{
    uint32_t base = 10;
    size_t i = 0;
    if (length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (i == length)
        return false;
    uint32_t value = 0;
    for (; i < length; i++) {
        int digit = digit_value(text[i], base);
        if (digit < 0)
            return false;
        value = value * base + (uint32_t)digit;
        /* Stop before the sum can overflow: any longer number is too big. */
        if (value > 0xFFFFu)
            return false;
    }
    *port = value;
    return true;
}

/* One entry: "first-last" (both included) or a single port. */
static bool parse_entry(const uint16_t *text, size_t length, uint32_t *first, uint32_t *count)
{
    size_t dash = 0;
    while (dash < length && text[dash] != '-')
        dash++;
    uint32_t last;
    if (dash == length) {
        if (!parse_port(text, length, first))
            return false;
        last = *first;
    } else if (!parse_port(text, dash, first) || !parse_port(text + dash + 1, length - dash - 1, &last)) {
        return false; /* a second dash fails as a bad digit */
    }
    if (last < *first)
        return false;
    *count = last - *first + 1u;
    return true;
}

int portio_parse_allowlist(const uint16_t *multi_sz, size_t units, struct portio_allowlist *allowlist)
{
    if (!allowlist)
        return PORTIO_CHECK_MALFORMED;
    memset(allowlist, 0, sizeof *allowlist);
    if (!multi_sz)
        return units == 0 ? PORTIO_CHECK_OK : PORTIO_CHECK_MALFORMED;

    size_t position = 0;
    while (position < units) {
        size_t end = position;
        while (end < units && multi_sz[end] != 0)
            end++;
        if (end == position) {
            /* The empty string ends a REG_MULTI_SZ. Text after it would be
             * entries the administrator meant but we would not see: with
             * none before, that would even turn into "every port". */
            for (; position < units; position++)
                if (multi_sz[position] != 0)
                    goto malformed;
            break;
        }
        if (allowlist->count == PORTIO_MAX_ALLOWLIST)
            goto malformed;
        uint32_t first, count;
        if (!parse_entry(multi_sz + position, end - position, &first, &count))
            goto malformed;
        allowlist->ranges[allowlist->count].first = first;
        allowlist->ranges[allowlist->count].count = count;
        allowlist->count++;
        position = end + 1; /* past the NUL, or past the end when there is none */
    }
    return PORTIO_CHECK_OK;

malformed:
    memset(allowlist, 0, sizeof *allowlist);
    return PORTIO_CHECK_MALFORMED;
}

bool portio_allowlist_permits(const struct portio_allowlist *allowlist, uint32_t first, uint32_t count)
{
    if (!allowlist || !range_in_space(first, count) || allowlist->count > PORTIO_MAX_ALLOWLIST)
        return false;
    if (allowlist->count == 0)
        return true;
    /* Walk from `first` to the end, each step jumping to the end of a range
     * that holds the next port: ranges may overlap or touch. */
    uint32_t next = first;
    const uint32_t end = first + count; /* at most 0x10000: no overflow */
    while (next < end) {
        uint32_t reach = next;
        for (uint32_t i = 0; i < allowlist->count; i++) {
            uint64_t range_first = allowlist->ranges[i].first;
            uint64_t range_end = range_first + allowlist->ranges[i].count;
            if (range_first <= next && next < range_end && range_end > reach)
                reach = range_end > end ? end : (uint32_t)range_end;
        }
        if (reach == next)
            return false;
        next = reach;
    }
    return true;
}

int portio_check_range_request(const void *input, size_t input_length,
                               struct portio_range_request *request)
{
    struct portio_range_request copy;
    if (request)
        memset(request, 0, sizeof *request);
    if (!input || input_length != sizeof copy)
        return PORTIO_CHECK_MALFORMED;
    memcpy(&copy, input, sizeof copy);
    if (copy.size != sizeof copy || !range_in_space(copy.first, copy.count) ||
        (copy.flags & ~PORTIO_ENABLE_WANT_GRANT) != 0)
        return PORTIO_CHECK_MALFORMED;
    if (request)
        *request = copy;
    return PORTIO_CHECK_OK;
}

/* Everything about one op that does not depend on what is enabled. */
static bool op_well_formed(const struct portio_op *op, uint64_t ops_end, uint64_t total_size)
{
    if (op->width_bits != 8 && op->width_bits != 16 && op->width_bits != 32)
        return false;
    const uint32_t element = op->width_bits / 8u;
    if ((uint32_t)op->port + element > PORT_SPACE)
        return false;
    switch (op->kind) {
    case PORTIO_OP_IN:
        return op->count == 0;
    case PORTIO_OP_OUT:
        return op->count == 0 && (op->width_bits == 32 || (op->value >> op->width_bits) == 0);
    case PORTIO_OP_INS:
    case PORTIO_OP_OUTS:
        return op->count >= 1 && op->data_offset >= ops_end && op->data_offset % element == 0 &&
               (uint64_t)op->data_offset + (uint64_t)op->count * element <= total_size;
    default:
        return false;
    }
}

static void read_op(const void *buffer, uint32_t index, struct portio_op *op)
{
    memcpy(op, (const uint8_t *)buffer + sizeof(struct portio_transfer_header) +
                   (size_t)index * sizeof(struct portio_op),
           sizeof *op);
}

/* Whether ports [port, port + bytes) are all enabled, for a well-formed op
 * (bytes 1, 2 or 4, port + bytes <= 0x10000). Branch-free: the bits span at
 * most two bitmap bytes; when they lie in one, both loads are that byte.
 * This runs once per op in the driver, on every request. */
static bool span_enabled(const uint8_t enabled[PORTIO_BITMAP_BYTES], uint32_t port, uint32_t bytes)
{
    const uint32_t window = (uint32_t)enabled[port / 8u] | (uint32_t)enabled[(port + bytes - 1u) / 8u] << 8;
    const uint32_t mask = ((1u << bytes) - 1u) << (port % 8u);
    return (window & mask) == mask;
}

int portio_check_transfer(const void *buffer, size_t input_length, size_t output_length,
                          const uint8_t enabled[PORTIO_BITMAP_BYTES])
{
    struct portio_transfer_header header;
    /* Output: the whole buffer, or none for writes only (checked below). */
    if (!buffer || !enabled || input_length < sizeof header ||
        (output_length != input_length && output_length != 0) || input_length > PORTIO_MAX_TRANSFER_SIZE)
        return PORTIO_CHECK_MALFORMED;
    memcpy(&header, buffer, sizeof header);
    if (header.size != sizeof header || header.reserved != 0 || header.total_size != input_length ||
        header.op_count < 1 || header.op_count > PORTIO_MAX_OPS)
        return PORTIO_CHECK_MALFORMED;
    const uint64_t ops_end = sizeof header + (uint64_t)header.op_count * sizeof(struct portio_op);
    if (ops_end > header.total_size)
        return PORTIO_CHECK_MALFORMED;

    /* One pass. A malformed op returns at once; a port not enabled only
     * clears the flag, so that a malformed op after it is still MALFORMED,
     * whatever is enabled. */
    bool all_enabled = true;
    bool any_read = false;
    struct portio_op op;
    for (uint32_t i = 0; i < header.op_count; i++) {
        read_op(buffer, i, &op);
        if (!op_well_formed(&op, ops_end, header.total_size))
            return PORTIO_CHECK_MALFORMED;
        all_enabled &= span_enabled(enabled, op.port, op.width_bits / 8u);
        any_read |= portio_op_reads(op.kind) != 0;
    }
    /* No output has nowhere to put what a read reads. */
    if (output_length == 0 && any_read)
        return PORTIO_CHECK_MALFORMED;
    return all_enabled ? PORTIO_CHECK_OK : PORTIO_CHECK_NOT_ENABLED;
}

bool portio_sequence_kind_has_extra(uint8_t kind)
{
    return kind == PORTIO_OP_WAIT || kind == PORTIO_OP_MODIFY;
}

bool portio_sequence_kind_has_value(uint8_t kind)
{
    return kind == PORTIO_OP_IN || kind == PORTIO_OP_WAIT || kind == PORTIO_OP_MODIFY;
}

bool portio_sequence_next(const void *input, size_t length, size_t *offset, struct portio_sequence_step *step)
{
    const uint8_t *bytes = input;
    size_t at = *offset;
    /* Differences, not sums: nothing here can wrap. */
    if (at > length || length - at < sizeof step->op)
        return false;
    memcpy(&step->op, bytes + at, sizeof step->op);
    at += sizeof step->op;
    memset(&step->extra, 0, sizeof step->extra);
    if (portio_sequence_kind_has_extra(step->op.kind)) {
        if (length - at < sizeof step->extra)
            return false;
        memcpy(&step->extra, bytes + at, sizeof step->extra);
        at += sizeof step->extra;
    }
    *offset = at;
    return true;
}

static bool fits_width(uint32_t value, uint8_t width_bits)
{
    return width_bits == 32 || (value >> width_bits) == 0;
}

/* An op that touches a port: a width of 8, 16 or 32 bits inside the port
 * space. */
static bool port_access_well_formed(const struct portio_sequence_op *op)
{
    if (op->width_bits != 8 && op->width_bits != 16 && op->width_bits != 32)
        return false;
    return (uint32_t)op->port + op->width_bits / 8u <= PORT_SPACE;
}

/* A SEQUENCE op apart from the bitmap (portio_check_sequence lists the
 * rules). The extra of IN, OUT and DELAY is zeros, from the decoder. */
static bool sequence_step_well_formed(const struct portio_sequence_step *step)
{
    const struct portio_sequence_op *op = &step->op;
    const struct portio_sequence_extra *extra = &step->extra;
    switch (op->kind) {
    case PORTIO_OP_IN:
        return port_access_well_formed(op) && op->value == 0;
    case PORTIO_OP_OUT:
        return port_access_well_formed(op) && fits_width(op->value, op->width_bits);
    case PORTIO_OP_WAIT:
        /* value inside a mask that fits: value fits too */
        return port_access_well_formed(op) && extra->mask != 0 && fits_width(extra->mask, op->width_bits) &&
               (op->value & ~extra->mask) == 0 && extra->time_us <= PORTIO_MAX_WAIT_US;
    case PORTIO_OP_DELAY:
        return op->port == 0 && op->width_bits == 0 && op->value >= 1 && op->value <= PORTIO_MAX_WAIT_US;
    case PORTIO_OP_MODIFY:
        return port_access_well_formed(op) && fits_width(op->value, op->width_bits) &&
               fits_width(extra->mask, op->width_bits) && extra->time_us == 0;
    default:
        return false;
    }
}

int portio_check_sequence(const void *buffer, size_t input_length, size_t output_length,
                          const uint8_t enabled[PORTIO_BITMAP_BYTES])
{
    struct portio_sequence_header header;
    if (!buffer || !enabled || input_length < sizeof header)
        return PORTIO_CHECK_MALFORMED;
    memcpy(&header, buffer, sizeof header);
    /* The lengths in 64 bits, so that no count wraps them on a 32-bit
     * driver. The ops alone need 8 bytes each: a shorter input is refused
     * before the walk. */
    const uint64_t least_input = sizeof header + (uint64_t)header.op_count * sizeof(struct portio_sequence_op);
    if (header.size != sizeof header || header.reserved != 0 || header.op_count < 1 ||
        header.op_count > PORTIO_MAX_OPS || (uint64_t)input_length < least_input ||
        (uint64_t)output_length !=
            sizeof(struct portio_sequence_reply) + (uint64_t)header.value_count * sizeof(uint32_t))
        return PORTIO_CHECK_MALFORMED;

    /* One pass, as in portio_check_transfer: MALFORMED wins over NOT_ENABLED
     * wherever the two ops are. */
    size_t offset = sizeof header;
    uint32_t values = 0;
    bool all_enabled = true;
    struct portio_sequence_step step;
    for (uint32_t i = 0; i < header.op_count; i++) {
        if (!portio_sequence_next(buffer, input_length, &offset, &step) || !sequence_step_well_formed(&step))
            return PORTIO_CHECK_MALFORMED;
        values += portio_sequence_kind_has_value(step.op.kind);
        if (step.op.kind != PORTIO_OP_DELAY)
            all_enabled &= span_enabled(enabled, step.op.port, step.op.width_bits / 8u);
    }
    /* Bytes left over are ops or extras the header does not count. */
    if (offset != input_length || values != header.value_count)
        return PORTIO_CHECK_MALFORMED;
    return all_enabled ? PORTIO_CHECK_OK : PORTIO_CHECK_NOT_ENABLED;
}
