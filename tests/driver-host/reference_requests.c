/* SPDX-License-Identifier: MIT */
/*
 * The reference request checks (reference_requests.h). The rules are the
 * ones request_check.h and portio_protocol.h write down; where they say
 * nothing (what *request holds after a refusal, an empty range, the bit
 * order of the bitmap, MALFORMED against NOT_ENABLED on different TRANSFER
 * ops) request_check.c decided, and this follows it.
 *
 * Unlike the driver, the checks run in separate passes: the header, the
 * form of every op, and only then the bitmap, so "MALFORMED first" holds by
 * construction rather than by bookkeeping.
 */
#include "reference_requests.h"

#include <string.h>

#define PORTS 0x10000u
#define HEADER_BYTES 16u
#define TRANSFER_OP_BYTES 16u
#define SEQUENCE_OP_BYTES 8u
#define EXTRA_BYTES 8u
#define VALUE_BYTES 4u

/* Fields are read from the untrusted bytes one at a time, host order as the
 * structs are. */
static uint64_t read_u32(const uint8_t *bytes, uint64_t at)
{
    uint32_t value;
    memcpy(&value, bytes + at, sizeof value);
    return value;
}

static uint64_t read_u16(const uint8_t *bytes, uint64_t at)
{
    uint16_t value;
    memcpy(&value, bytes + at, sizeof value);
    return value;
}

static bool range_is_valid(uint64_t first, uint64_t count)
{
    return count >= 1 && first + count <= PORTS;
}

static bool port_is_enabled(const uint8_t bitmap[PORTIO_BITMAP_BYTES], uint64_t port)
{
    uint8_t byte = bitmap[port / 8];
    uint8_t bit = (uint8_t)(1u << (port % 8));
    return (byte & bit) != 0;
}

void reference_bitmap_set(uint8_t bitmap[PORTIO_BITMAP_BYTES], uint32_t first, uint32_t count, bool on)
{
    if (!bitmap || !range_is_valid(first, count))
        return;
    for (uint64_t port = first; port < (uint64_t)first + count; port++) {
        uint8_t bit = (uint8_t)(1u << (port % 8));
        if (on)
            bitmap[port / 8] = (uint8_t)(bitmap[port / 8] | bit);
        else
            bitmap[port / 8] = (uint8_t)(bitmap[port / 8] & ~bit);
    }
}

bool reference_bitmap_contains(const uint8_t bitmap[PORTIO_BITMAP_BYTES], uint32_t first, uint32_t count)
{
    if (!bitmap || !range_is_valid(first, count))
        return false;
    for (uint64_t port = first; port < (uint64_t)first + count; port++)
        if (!port_is_enabled(bitmap, port))
            return false;
    return true;
}

bool reference_bitmap_empty(const uint8_t bitmap[PORTIO_BITMAP_BYTES])
{
    static const uint8_t nothing_enabled[PORTIO_BITMAP_BYTES];
    return !bitmap || memcmp(bitmap, nothing_enabled, sizeof nothing_enabled) == 0;
}

int reference_check_range_request(const void *input, size_t input_length, struct portio_range_request *request)
{
    struct portio_range_request refused = {0};
    if (request)
        *request = refused;
    if (!input || input_length != 16)
        return PORTIO_CHECK_MALFORMED;
    const uint8_t *bytes = input;
    uint64_t size = read_u32(bytes, 0);
    uint64_t first = read_u32(bytes, 4);
    uint64_t count = read_u32(bytes, 8);
    uint64_t flags = read_u32(bytes, 12);
    if (size != 16)
        return PORTIO_CHECK_MALFORMED;
    if (count < 1)
        return PORTIO_CHECK_MALFORMED;
    if (first + count > PORTS)
        return PORTIO_CHECK_MALFORMED;
    if (flags != 0 && flags != PORTIO_ENABLE_WANT_GRANT)
        return PORTIO_CHECK_MALFORMED;
    if (request) {
        request->size = (uint32_t)size;
        request->first = (uint32_t)first;
        request->count = (uint32_t)count;
        request->flags = (uint32_t)flags;
    }
    return PORTIO_CHECK_OK;
}

/* Whether `value` can be held in `width_bits` bits (8, 16 or 32). */
static bool value_fits(uint64_t value, uint64_t width_bits)
{
    return value < ((uint64_t)1 << width_bits);
}

static bool width_is_valid(uint64_t width_bits)
{
    return width_bits == 8 || width_bits == 16 || width_bits == 32;
}

/* Every byte of the port span enabled, one lookup per port. */
static bool span_is_enabled(const uint8_t enabled[PORTIO_BITMAP_BYTES], uint64_t port, uint64_t bytes)
{
    for (uint64_t i = 0; i < bytes; i++)
        if (!port_is_enabled(enabled, port + i))
            return false;
    return true;
}

/* One TRANSFER op (16 bytes at `op`) apart from the bitmap. */
static bool transfer_op_is_well_formed(const uint8_t *op, uint64_t ops_end, uint64_t total_size)
{
    uint64_t port = read_u16(op, 0);
    uint64_t width_bits = op[2];
    uint64_t kind = op[3];
    uint64_t count = read_u32(op, 4);
    uint64_t value = read_u32(op, 8);
    uint64_t data_offset = read_u32(op, 12);

    if (!width_is_valid(width_bits))
        return false;
    uint64_t element = width_bits / 8;
    if (port + element > PORTS)
        return false;
    if (kind == PORTIO_OP_IN)
        return count == 0;
    if (kind == PORTIO_OP_OUT)
        return count == 0 && value_fits(value, width_bits);
    if (kind == PORTIO_OP_INS || kind == PORTIO_OP_OUTS) {
        if (count < 1)
            return false;
        if (data_offset < ops_end)
            return false;
        if (data_offset % element != 0)
            return false;
        return data_offset + count * element <= total_size;
    }
    return false;
}

int reference_check_transfer(const void *buffer, size_t input_length, size_t output_length,
                             const uint8_t enabled[PORTIO_BITMAP_BYTES])
{
    if (!buffer || !enabled)
        return PORTIO_CHECK_MALFORMED;
    const uint8_t *bytes = buffer;
    uint64_t in = input_length;
    uint64_t out = output_length;
    if (in < HEADER_BYTES || in > PORTIO_MAX_TRANSFER_SIZE)
        return PORTIO_CHECK_MALFORMED;
    if (out != in && out != 0)
        return PORTIO_CHECK_MALFORMED;

    uint64_t size = read_u32(bytes, 0);
    uint64_t op_count = read_u32(bytes, 4);
    uint64_t total_size = read_u32(bytes, 8);
    uint64_t reserved = read_u32(bytes, 12);
    if (size != HEADER_BYTES || reserved != 0 || total_size != in)
        return PORTIO_CHECK_MALFORMED;
    if (op_count < 1 || op_count > PORTIO_MAX_OPS)
        return PORTIO_CHECK_MALFORMED;
    uint64_t ops_end = HEADER_BYTES + op_count * TRANSFER_OP_BYTES;
    if (ops_end > total_size)
        return PORTIO_CHECK_MALFORMED;

    for (uint64_t i = 0; i < op_count; i++)
        if (!transfer_op_is_well_formed(bytes + HEADER_BYTES + i * TRANSFER_OP_BYTES, ops_end, total_size))
            return PORTIO_CHECK_MALFORMED;
    /* No output: only writes, which answer nothing. */
    if (out == 0)
        for (uint64_t i = 0; i < op_count; i++) {
            uint8_t kind = bytes[HEADER_BYTES + i * TRANSFER_OP_BYTES + 3];
            if (kind != PORTIO_OP_OUT && kind != PORTIO_OP_OUTS)
                return PORTIO_CHECK_MALFORMED;
        }
    for (uint64_t i = 0; i < op_count; i++) {
        const uint8_t *op = bytes + HEADER_BYTES + i * TRANSFER_OP_BYTES;
        if (!span_is_enabled(enabled, read_u16(op, 0), op[2] / 8u))
            return PORTIO_CHECK_NOT_ENABLED;
    }
    return PORTIO_CHECK_OK;
}

bool reference_sequence_has_extra(uint8_t kind)
{
    switch (kind) {
    case PORTIO_OP_WAIT:
    case PORTIO_OP_MODIFY:
        return true;
    default:
        return false;
    }
}

bool reference_sequence_has_value(uint8_t kind)
{
    switch (kind) {
    case PORTIO_OP_IN:
    case PORTIO_OP_WAIT:
    case PORTIO_OP_MODIFY:
        return true;
    default:
        return false;
    }
}

bool reference_sequence_next(const void *input, size_t length, size_t *offset, struct portio_sequence_step *step)
{
    const uint8_t *bytes = input;
    /* `start` <= `length`, the size of a real buffer: the sums below cannot
     * wrap 64 bits. */
    uint64_t start = *offset;
    if (start > length || start + SEQUENCE_OP_BYTES > length)
        return false;
    uint8_t kind = bytes[start + 3];
    uint64_t end = start + SEQUENCE_OP_BYTES;
    if (reference_sequence_has_extra(kind))
        end += EXTRA_BYTES;
    if (end > length)
        return false;

    step->op.port = (uint16_t)read_u16(bytes, start);
    step->op.width_bits = bytes[start + 2];
    step->op.kind = kind;
    step->op.value = (uint32_t)read_u32(bytes, start + 4);
    step->extra.mask = 0;
    step->extra.time_us = 0;
    if (reference_sequence_has_extra(kind)) {
        step->extra.mask = (uint32_t)read_u32(bytes, start + 8);
        step->extra.time_us = (uint32_t)read_u32(bytes, start + 12);
    }
    *offset = (size_t)end;
    return true;
}

/* A SEQUENCE op that reads or writes a port: its width and where it is. */
static bool port_access_is_well_formed(const struct portio_sequence_op *op)
{
    return width_is_valid(op->width_bits) && (uint64_t)op->port + op->width_bits / 8u <= PORTS;
}

/* One SEQUENCE op and its extra (zeros when its kind has none), apart from
 * the bitmap: the table in request_check.h. */
static bool sequence_step_is_well_formed(const struct portio_sequence_step *step)
{
    const uint64_t value = step->op.value;
    const uint64_t mask = step->extra.mask;
    const uint64_t time_us = step->extra.time_us;
    const uint64_t width_bits = step->op.width_bits;

    switch (step->op.kind) {
    case PORTIO_OP_IN:
        return port_access_is_well_formed(&step->op) && value == 0;
    case PORTIO_OP_OUT:
        return port_access_is_well_formed(&step->op) && value_fits(value, width_bits);
    case PORTIO_OP_WAIT:
        if (!port_access_is_well_formed(&step->op))
            return false;
        if (mask == 0 || !value_fits(mask, width_bits))
            return false;
        if ((value | mask) != mask) /* a bit of value outside mask */
            return false;
        return time_us <= PORTIO_MAX_WAIT_US;
    case PORTIO_OP_DELAY:
        return step->op.port == 0 && width_bits == 0 && value >= 1 && value <= PORTIO_MAX_WAIT_US;
    case PORTIO_OP_MODIFY:
        return port_access_is_well_formed(&step->op) && value_fits(value, width_bits) &&
               value_fits(mask, width_bits) && time_us == 0;
    default:
        return false;
    }
}

int reference_check_sequence(const void *buffer, size_t input_length, size_t output_length,
                             const uint8_t enabled[PORTIO_BITMAP_BYTES])
{
    if (!buffer || !enabled)
        return PORTIO_CHECK_MALFORMED;
    const uint8_t *bytes = buffer;
    uint64_t in = input_length;
    uint64_t out = output_length;
    if (in < HEADER_BYTES)
        return PORTIO_CHECK_MALFORMED;

    uint64_t size = read_u32(bytes, 0);
    uint64_t op_count = read_u32(bytes, 4);
    uint64_t value_count = read_u32(bytes, 8);
    uint64_t reserved = read_u32(bytes, 12);
    if (size != HEADER_BYTES || reserved != 0)
        return PORTIO_CHECK_MALFORMED;
    if (op_count < 1 || op_count > PORTIO_MAX_OPS)
        return PORTIO_CHECK_MALFORMED;
    if (out != HEADER_BYTES + VALUE_BYTES * value_count)
        return PORTIO_CHECK_MALFORMED;

    /* Pass 1, the layout: only the kinds say where each op starts. */
    uint64_t at = HEADER_BYTES;
    uint64_t ops_with_extra = 0;
    for (uint64_t i = 0; i < op_count; i++) {
        if (at + SEQUENCE_OP_BYTES > in)
            return PORTIO_CHECK_MALFORMED;
        if (reference_sequence_has_extra(bytes[at + 3])) {
            ops_with_extra++;
            at += EXTRA_BYTES;
        }
        at += SEQUENCE_OP_BYTES;
    }
    if (in != HEADER_BYTES + SEQUENCE_OP_BYTES * (op_count + ops_with_extra))
        return PORTIO_CHECK_MALFORMED;

    /* Pass 2, every op's form, and the values the reply will hold. */
    size_t offset = HEADER_BYTES;
    uint64_t values = 0;
    struct portio_sequence_step step;
    for (uint64_t i = 0; i < op_count; i++) {
        if (!reference_sequence_next(buffer, input_length, &offset, &step))
            return PORTIO_CHECK_MALFORMED; /* cannot happen after pass 1 */
        if (!sequence_step_is_well_formed(&step))
            return PORTIO_CHECK_MALFORMED;
        if (reference_sequence_has_value(step.op.kind))
            values++;
    }
    if (values != value_count)
        return PORTIO_CHECK_MALFORMED;

    /* Pass 3, the bitmap: every port access, DELAY touches none. */
    offset = HEADER_BYTES;
    for (uint64_t i = 0; i < op_count; i++) {
        reference_sequence_next(buffer, input_length, &offset, &step);
        if (step.op.kind != PORTIO_OP_DELAY && !span_is_enabled(enabled, step.op.port, step.op.width_bits / 8u))
            return PORTIO_CHECK_NOT_ENABLED;
    }
    return PORTIO_CHECK_OK;
}
