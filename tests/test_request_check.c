/* SPDX-License-Identifier: MIT */
/* The Windows driver's checks on what user mode sends
 * (drivers/windows/request_check.c), on the host: every malformed request is
 * refused with the right result, valid ones pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "request_check.h"

#define HEADER_SIZE ((uint32_t)sizeof(struct portio_transfer_header))
#define OP_SIZE ((uint32_t)sizeof(struct portio_op))
#define BUFFER_SIZE 1024u

/* Ports this "handle" enabled: 0x378..0x37F and 0x80; see enable_some_ports. */
static uint8_t enabled[PORTIO_BITMAP_BYTES];
/* One spare byte in front, for the unaligned copy. */
static uint8_t storage[BUFFER_SIZE + 1];
static uint8_t *const buffer = storage;

static int enable_some_ports(void **state)
{
    (void)state;
    memset(enabled, 0, sizeof enabled);
    memset(storage, 0, sizeof storage);
    portio_bitmap_set(enabled, 0x378, 8, true);
    portio_bitmap_set(enabled, 0x80, 1, true);
    return 0;
}

static struct portio_op op(enum portio_op_kind kind, uint16_t port, uint8_t width_bits, uint32_t count,
                           uint32_t value, uint32_t data_offset)
{
    struct portio_op result = {port, width_bits, (uint8_t)kind, count, value, data_offset};
    return result;
}

/* Writes a request of `op_count` ops followed by `data_bytes` bytes of data
 * into `buffer`, returns its total size. */
static uint32_t build(const struct portio_op *ops, uint32_t op_count, uint32_t data_bytes)
{
    uint32_t total = HEADER_SIZE + op_count * OP_SIZE + data_bytes;
    assert_true(total <= BUFFER_SIZE);
    struct portio_transfer_header header = {HEADER_SIZE, op_count, total, 0};
    memcpy(buffer, &header, sizeof header);
    if (op_count > 0)
        memcpy(buffer + HEADER_SIZE, ops, (size_t)op_count * OP_SIZE);
    return total;
}

/* One op, `data_bytes` of data after it. */
static uint32_t build_one(struct portio_op one, uint32_t data_bytes)
{
    return build(&one, 1, data_bytes);
}

/* Where the data of a one-op request starts. */
#define DATA_AFTER_ONE_OP (HEADER_SIZE + OP_SIZE)

static int check(uint32_t length)
{
    return portio_check_transfer(buffer, length, length, enabled);
}

static void set_u32(size_t offset, uint32_t value)
{
    memcpy(buffer + offset, &value, sizeof value);
}

/* Header fields, and the fields of op i. */
#define HEADER_FIELD(field) offsetof(struct portio_transfer_header, field)
#define OP_FIELD(i, field) (HEADER_SIZE + (i) * OP_SIZE + offsetof(struct portio_op, field))

/* ---- TRANSFER: valid requests ---- */

static void transfer_accepts_every_kind_at_every_width(void **state)
{
    (void)state;
    const struct portio_op ops[] = {
        op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0),
        op(PORTIO_OP_IN, 0x37A, 16, 0, 0, 0),
        op(PORTIO_OP_IN, 0x37C, 32, 0, 0, 0),
        op(PORTIO_OP_OUT, 0x378, 8, 0, 0xFF, 0),
        op(PORTIO_OP_OUT, 0x378, 16, 0, 0xFFFF, 0),
        op(PORTIO_OP_OUT, 0x378, 32, 0, 0xFFFFFFFFu, 0),
        op(PORTIO_OP_INS, 0x80, 8, 3, 0, HEADER_SIZE + 8 * OP_SIZE),
        op(PORTIO_OP_OUTS, 0x37E, 16, 2, 0, HEADER_SIZE + 8 * OP_SIZE + 4),
    };
    uint32_t length = build(ops, 8, 8);
    assert_int_equal(check(length), PORTIO_CHECK_OK);
}

static void transfer_accepts_string_data_that_ends_at_the_end(void **state)
{
    (void)state;
    uint32_t length = build_one(op(PORTIO_OP_INS, 0x37C, 32, 4, 0, DATA_AFTER_ONE_OP), 16);
    assert_int_equal(check(length), PORTIO_CHECK_OK);
}

static void transfer_accepts_an_unaligned_buffer(void **state)
{
    (void)state;
    uint32_t length = build_one(op(PORTIO_OP_OUTS, 0x378, 32, 2, 0, DATA_AFTER_ONE_OP), 8);
    memmove(storage + 1, storage, length);
    assert_int_equal(portio_check_transfer(storage + 1, length, length, enabled), PORTIO_CHECK_OK);
}

static void transfer_accepts_the_edges_of_the_port_space(void **state)
{
    (void)state;
    portio_bitmap_set(enabled, 0xFFFC, 4, true);
    portio_bitmap_set(enabled, 0, 4, true);
    const struct portio_op ops[] = {
        op(PORTIO_OP_IN, 0xFFFF, 8, 0, 0, 0),
        op(PORTIO_OP_IN, 0xFFFE, 16, 0, 0, 0),
        op(PORTIO_OP_IN, 0xFFFC, 32, 0, 0, 0),
        op(PORTIO_OP_IN, 0x0000, 32, 0, 0, 0),
    };
    assert_int_equal(check(build(ops, 4, 0)), PORTIO_CHECK_OK);
}

static void transfer_accepts_the_maximum_ops_and_size(void **state)
{
    (void)state;
    uint8_t *big = calloc(1, PORTIO_MAX_TRANSFER_SIZE);
    assert_non_null(big);
    const uint32_t ops_end = HEADER_SIZE + PORTIO_MAX_OPS * OP_SIZE;
    struct portio_transfer_header header = {HEADER_SIZE, PORTIO_MAX_OPS, PORTIO_MAX_TRANSFER_SIZE, 0};
    memcpy(big, &header, sizeof header);
    for (uint32_t i = 0; i < PORTIO_MAX_OPS; i++) {
        struct portio_op one = op(PORTIO_OP_IN, 0x80, 8, 0, 0, 0);
        if (i == 0) /* one string op that fills the rest of the buffer */
            one = op(PORTIO_OP_INS, 0x80, 8, PORTIO_MAX_TRANSFER_SIZE - ops_end, 0, ops_end);
        memcpy(big + HEADER_SIZE + i * OP_SIZE, &one, sizeof one);
    }
    assert_int_equal(portio_check_transfer(big, PORTIO_MAX_TRANSFER_SIZE, PORTIO_MAX_TRANSFER_SIZE,
                                           enabled),
                     PORTIO_CHECK_OK);
    free(big);
}

/* ---- TRANSFER: lengths and the header ---- */

static void transfer_rejects_a_null_buffer(void **state)
{
    (void)state;
    assert_int_equal(portio_check_transfer(NULL, 0, 0, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_transfer(NULL, 32, 32, enabled), PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_input_shorter_than_the_header(void **state)
{
    (void)state;
    build_one(op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), 0);
    set_u32(HEADER_FIELD(total_size), HEADER_SIZE - 1);
    assert_int_equal(check(0), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(HEADER_SIZE - 1), PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_output_length_other_than_input_length(void **state)
{
    (void)state;
    uint32_t length = build_one(op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), 0);
    assert_int_equal(portio_check_transfer(buffer, length, length - 1, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_transfer(buffer, length, length + 1, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_transfer(buffer, length, 0, enabled), PORTIO_CHECK_MALFORMED);
}

/* Writes only: no output at all (the driver answers nothing). */
static void transfer_accepts_no_output_when_every_op_writes(void **state)
{
    (void)state;
    const struct portio_op ops[] = {
        op(PORTIO_OP_OUT, 0x378, 8, 0, 0xFF, 0),
        op(PORTIO_OP_OUTS, 0x37C, 32, 2, 0, HEADER_SIZE + 2 * OP_SIZE),
    };
    uint32_t length = build(ops, 2, 8);
    assert_int_equal(portio_check_transfer(buffer, length, 0, enabled), PORTIO_CHECK_OK);
    length = build_one(op(PORTIO_OP_OUT, 0x80, 8, 0, 0x12, 0), 0);
    assert_int_equal(portio_check_transfer(buffer, length, 0, enabled), PORTIO_CHECK_OK);
}

static void transfer_rejects_no_output_with_an_in_among_writes(void **state)
{
    (void)state;
    const struct portio_op ops[] = {
        op(PORTIO_OP_OUT, 0x378, 8, 0, 0xFF, 0),
        op(PORTIO_OP_IN, 0x379, 8, 0, 0, 0),
        op(PORTIO_OP_OUT, 0x37A, 8, 0, 0x01, 0),
    };
    uint32_t length = build(ops, 3, 0);
    assert_int_equal(portio_check_transfer(buffer, length, 0, enabled), PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_no_output_with_a_string_read(void **state)
{
    (void)state;
    const struct portio_op ops[] = {
        op(PORTIO_OP_OUTS, 0x378, 8, 2, 0, HEADER_SIZE + 2 * OP_SIZE),
        op(PORTIO_OP_INS, 0x80, 8, 2, 0, HEADER_SIZE + 2 * OP_SIZE + 2),
    };
    uint32_t length = build(ops, 2, 4);
    assert_int_equal(portio_check_transfer(buffer, length, 0, enabled), PORTIO_CHECK_MALFORMED);
}

/* A read on a port not enabled, no output: malformed wins, as everywhere. */
static void transfer_rejects_no_output_with_a_read_before_not_enabled(void **state)
{
    (void)state;
    const struct portio_op ops[] = {
        op(PORTIO_OP_OUT, 0x3F8, 8, 0, 0x01, 0),
        op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0),
    };
    uint32_t length = build(ops, 2, 0);
    assert_int_equal(portio_check_transfer(buffer, length, 0, enabled), PORTIO_CHECK_MALFORMED);
    length = build_one(op(PORTIO_OP_OUT, 0x3F8, 8, 0, 0x01, 0), 0);
    assert_int_equal(portio_check_transfer(buffer, length, 0, enabled), PORTIO_CHECK_NOT_ENABLED);
}

/* Writes only: the output is the whole buffer or nothing, no other length. */
static void transfer_rejects_other_output_lengths_for_writes_only(void **state)
{
    (void)state;
    uint32_t length = build_one(op(PORTIO_OP_OUTS, 0x378, 16, 4, 0, DATA_AFTER_ONE_OP), 8);
    assert_int_equal(portio_check_transfer(buffer, length, length, enabled), PORTIO_CHECK_OK);
    assert_int_equal(portio_check_transfer(buffer, length, 1, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_transfer(buffer, length, HEADER_SIZE, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_transfer(buffer, length, length - 1, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_transfer(buffer, length, length + 1, enabled), PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_total_size_other_than_the_length(void **state)
{
    (void)state;
    uint32_t length = build_one(op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), 8);
    set_u32(HEADER_FIELD(total_size), length - 1);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
    set_u32(HEADER_FIELD(total_size), length + 1);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
    /* both the header and the lengths shortened: the op still fits, fine */
    set_u32(HEADER_FIELD(total_size), length - 8);
    assert_int_equal(check(length - 8), PORTIO_CHECK_OK);
}

static void transfer_rejects_total_size_above_the_maximum(void **state)
{
    (void)state;
    const uint32_t too_big = PORTIO_MAX_TRANSFER_SIZE + 1;
    uint8_t *big = calloc(1, too_big);
    assert_non_null(big);
    struct portio_transfer_header header = {HEADER_SIZE, 1, too_big, 0};
    memcpy(big, &header, sizeof header);
    struct portio_op one = op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0);
    memcpy(big + HEADER_SIZE, &one, sizeof one);
    assert_int_equal(portio_check_transfer(big, too_big, too_big, enabled), PORTIO_CHECK_MALFORMED);
    free(big);
}

static void transfer_rejects_a_wrong_header_size(void **state)
{
    (void)state;
    uint32_t length = build_one(op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), 0);
    set_u32(HEADER_FIELD(size), HEADER_SIZE - 4);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
    set_u32(HEADER_FIELD(size), HEADER_SIZE + 4);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
    set_u32(HEADER_FIELD(size), 0);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_reserved_not_zero(void **state)
{
    (void)state;
    uint32_t length = build_one(op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), 0);
    set_u32(HEADER_FIELD(reserved), 1);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
    set_u32(HEADER_FIELD(reserved), 0x80000000u);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_zero_ops(void **state)
{
    (void)state;
    uint32_t length = build(NULL, 0, 0);
    assert_int_equal(length, HEADER_SIZE);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
    /* zero ops with room for some */
    length = build_one(op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), 0);
    set_u32(HEADER_FIELD(op_count), 0);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_more_than_the_maximum_ops(void **state)
{
    (void)state;
    const uint32_t op_count = PORTIO_MAX_OPS + 1;
    const uint32_t total = HEADER_SIZE + op_count * OP_SIZE;
    uint8_t *big = calloc(1, total);
    assert_non_null(big);
    struct portio_transfer_header header = {HEADER_SIZE, op_count, total, 0};
    memcpy(big, &header, sizeof header);
    for (uint32_t i = 0; i < op_count; i++) {
        struct portio_op one = op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0);
        memcpy(big + HEADER_SIZE + i * OP_SIZE, &one, sizeof one);
    }
    assert_int_equal(portio_check_transfer(big, total, total, enabled), PORTIO_CHECK_MALFORMED);
    /* and a count so large that op_count * 16 wraps 32 bits */
    header.op_count = 0x10000001u;
    memcpy(big, &header, sizeof header);
    assert_int_equal(portio_check_transfer(big, total, total, enabled), PORTIO_CHECK_MALFORMED);
    free(big);
}

static void transfer_rejects_ops_past_the_buffer(void **state)
{
    (void)state;
    const struct portio_op ops[] = {op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), op(PORTIO_OP_IN, 0x379, 8, 0, 0, 0)};
    uint32_t length = build(ops, 2, 0);
    set_u32(HEADER_FIELD(op_count), 3);
    assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
    /* the second op cut short by the length */
    set_u32(HEADER_FIELD(op_count), 2);
    set_u32(HEADER_FIELD(total_size), length - 1);
    assert_int_equal(check(length - 1), PORTIO_CHECK_MALFORMED);
}

/* ---- TRANSFER: each op ---- */

static void transfer_rejects_widths_other_than_8_16_32(void **state)
{
    (void)state;
    const uint8_t widths[] = {0, 1, 4, 7, 9, 15, 24, 31, 33, 64, 128, 255};
    for (size_t i = 0; i < sizeof widths; i++) {
        uint32_t length = build_one(op(PORTIO_OP_IN, 0x378, widths[i], 0, 0, 0), 0);
        assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
        length = build_one(op(PORTIO_OP_INS, 0x378, widths[i], 1, 0, DATA_AFTER_ONE_OP), 8);
        assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
    }
}

static void transfer_rejects_unknown_kinds(void **state)
{
    (void)state;
    const uint8_t kinds[] = {0, 5, 6, 0x7F, 0x80, 0xFF};
    for (size_t i = 0; i < sizeof kinds; i++) {
        uint32_t length = build_one(op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), 0);
        buffer[OP_FIELD(0, kind)] = kinds[i];
        assert_int_equal(check(length), PORTIO_CHECK_MALFORMED);
    }
}

static void transfer_rejects_port_plus_width_past_0xffff(void **state)
{
    (void)state;
    portio_bitmap_set(enabled, 0xFFF0, 0x10, true);
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0xFFFF, 16, 0, 0, 0), 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0xFFFD, 32, 0, 0, 0), 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUT, 0xFFFF, 32, 0, 0, 0), 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUTS, 0xFFFF, 16, 1, 0, DATA_AFTER_ONE_OP), 2)),
                     PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_out_value_wider_than_width(void **state)
{
    (void)state;
    assert_int_equal(check(build_one(op(PORTIO_OP_OUT, 0x378, 8, 0, 0x100, 0), 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUT, 0x378, 8, 0, 0xFFFFFFFFu, 0), 0)),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUT, 0x378, 16, 0, 0x10000, 0), 0)),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUT, 0x378, 16, 0, 0x8000FFFFu, 0), 0)),
                     PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_in_and_out_with_count(void **state)
{
    (void)state;
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0x378, 8, 1, 0, 0), 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUT, 0x378, 8, 1, 0, 0), 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0x378, 32, 0xFFFFFFFFu, 0, 0), 0)),
                     PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_string_ops_with_count_zero(void **state)
{
    (void)state;
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 8, 0, 0, DATA_AFTER_ONE_OP), 4)),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUTS, 0x378, 8, 0, 0, DATA_AFTER_ONE_OP), 4)),
                     PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_data_offset_inside_the_ops(void **state)
{
    (void)state;
    /* offset 0 (the header), inside the op, one byte before the data */
    const uint32_t offsets[] = {0, HEADER_SIZE, DATA_AFTER_ONE_OP - 4};
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 8, 1, 0, offsets[i]), 8)),
                         PORTIO_CHECK_MALFORMED);
        assert_int_equal(check(build_one(op(PORTIO_OP_OUTS, 0x378, 32, 1, 0, offsets[i]), 8)),
                         PORTIO_CHECK_MALFORMED);
    }
    /* the second op's data may not overlap the second op either */
    const struct portio_op ops[] = {
        op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0),
        op(PORTIO_OP_INS, 0x378, 8, 4, 0, HEADER_SIZE + OP_SIZE),
    };
    assert_int_equal(check(build(ops, 2, 4)), PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_misaligned_data_offset(void **state)
{
    (void)state;
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 16, 1, 0, DATA_AFTER_ONE_OP + 1), 8)),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 32, 1, 0, DATA_AFTER_ONE_OP + 2), 8)),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUTS, 0x378, 32, 1, 0, DATA_AFTER_ONE_OP + 1), 8)),
                     PORTIO_CHECK_MALFORMED);
    /* an odd offset is fine for bytes */
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 8, 1, 0, DATA_AFTER_ONE_OP + 1), 8)),
                     PORTIO_CHECK_OK);
}

static void transfer_rejects_string_data_past_the_end(void **state)
{
    (void)state;
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 8, 9, 0, DATA_AFTER_ONE_OP), 8)),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUTS, 0x378, 32, 3, 0, DATA_AFTER_ONE_OP), 8)),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 16, 1, 0, DATA_AFTER_ONE_OP + 8), 8)),
                     PORTIO_CHECK_MALFORMED);
    /* an offset far past the end, and one that wraps 32 bits with the count */
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 8, 1, 0, 0xFFFFFFFFu), 8)),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 32, 2, 0, 0xFFFFFFFCu), 8)),
                     PORTIO_CHECK_MALFORMED);
}

static void transfer_rejects_count_times_size_overflowing_32_bits(void **state)
{
    (void)state;
    /* 0x40000000 * 4 = 2^32: 0 in 32-bit arithmetic */
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 32, 0x40000000u, 0, DATA_AFTER_ONE_OP), 8)),
                     PORTIO_CHECK_MALFORMED);
    /* 0x80000001 * 2 = 2^32 + 2: 2 in 32-bit arithmetic, which would fit */
    assert_int_equal(check(build_one(op(PORTIO_OP_OUTS, 0x378, 16, 0x80000001u, 0, DATA_AFTER_ONE_OP), 8)),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x378, 32, 0xFFFFFFFFu, 0, DATA_AFTER_ONE_OP), 8)),
                     PORTIO_CHECK_MALFORMED);
}

/* ---- TRANSFER: enabled ports ---- */

static void transfer_refuses_ports_not_enabled(void **state)
{
    (void)state;
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0x377, 8, 0, 0, 0), 0)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUT, 0x380, 8, 0, 0, 0), 0)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check(build_one(op(PORTIO_OP_INS, 0x81, 8, 1, 0, DATA_AFTER_ONE_OP), 4)),
                     PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUTS, 0x70, 8, 1, 0, DATA_AFTER_ONE_OP), 4)),
                     PORTIO_CHECK_NOT_ENABLED);
    /* an enabled op first does not let a later one through */
    const struct portio_op ops[] = {op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), op(PORTIO_OP_IN, 0x70, 8, 0, 0, 0)};
    assert_int_equal(check(build(ops, 2, 0)), PORTIO_CHECK_NOT_ENABLED);
}

static void transfer_refuses_a_wide_op_reaching_a_port_not_enabled(void **state)
{
    (void)state;
    /* 0x37F is enabled, 0x380 is not */
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0x37F, 16, 0, 0, 0), 0)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUT, 0x37E, 32, 0, 0, 0), 0)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check(build_one(op(PORTIO_OP_OUTS, 0x37D, 32, 1, 0, DATA_AFTER_ONE_OP), 4)),
                     PORTIO_CHECK_NOT_ENABLED);
    /* 0x80 alone: a 16-bit access there needs 0x81 too */
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0x80, 16, 0, 0, 0), 0)), PORTIO_CHECK_NOT_ENABLED);
    /* 0x37C..0x37F all enabled */
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0x37C, 32, 0, 0, 0), 0)), PORTIO_CHECK_OK);
}

static void transfer_reports_malformed_before_not_enabled(void **state)
{
    (void)state;
    /* the same op: a port not enabled and a bad width */
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0x70, 12, 0, 0, 0), 0)), PORTIO_CHECK_MALFORMED);
    /* a port not enabled in the first op, a malformed second op */
    const struct portio_op ops[] = {op(PORTIO_OP_IN, 0x70, 8, 0, 0, 0), op(PORTIO_OP_OUT, 0x378, 8, 0, 0x1FF, 0)};
    assert_int_equal(check(build(ops, 2, 0)), PORTIO_CHECK_MALFORMED);
}

static void transfer_refuses_everything_with_nothing_enabled(void **state)
{
    (void)state;
    memset(enabled, 0, sizeof enabled);
    assert_int_equal(check(build_one(op(PORTIO_OP_IN, 0x378, 8, 0, 0, 0), 0)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(portio_check_transfer(buffer, DATA_AFTER_ONE_OP, DATA_AFTER_ONE_OP, NULL),
                     PORTIO_CHECK_MALFORMED);
}

/* ---- SEQUENCE (protocol version 3) ---- */

#define SEQ_HEADER_SIZE ((uint32_t)sizeof(struct portio_sequence_header))
#define SEQ_OP_SIZE ((uint32_t)sizeof(struct portio_sequence_op))
#define SEQ_EXTRA_SIZE ((uint32_t)sizeof(struct portio_sequence_extra))
#define SEQ_REPLY_SIZE ((uint32_t)sizeof(struct portio_sequence_reply))
#define SEQ_FIELD(field) offsetof(struct portio_sequence_header, field)
#define SEQ_MOST_STEPS 64u

typedef struct portio_sequence_step step;

static step in_op(uint16_t port, uint8_t width_bits)
{
    return (step){{port, width_bits, PORTIO_OP_IN, 0}, {0, 0}};
}

static step out_op(uint16_t port, uint8_t width_bits, uint32_t value)
{
    return (step){{port, width_bits, PORTIO_OP_OUT, value}, {0, 0}};
}

static step wait_op(uint16_t port, uint8_t width_bits, uint32_t mask, uint32_t value, uint32_t time_us)
{
    return (step){{port, width_bits, PORTIO_OP_WAIT, value}, {mask, time_us}};
}

static step delay_op(uint32_t time_us)
{
    return (step){{0, 0, PORTIO_OP_DELAY, time_us}, {0, 0}};
}

static step modify_op(uint16_t port, uint8_t width_bits, uint32_t mask, uint32_t value)
{
    return (step){{port, width_bits, PORTIO_OP_MODIFY, value}, {mask, 0}};
}

/* Where build_sequence put op i, for tests that change a field. */
static size_t seq_op_at[SEQ_MOST_STEPS];

static bool seq_has_extra(uint8_t kind)
{
    return kind == PORTIO_OP_WAIT || kind == PORTIO_OP_MODIFY;
}

/* Writes a sequence of `count` ops into `buffer`, each WAIT and MODIFY with
 * its extra, value_count counted from the ops (IN, WAIT, MODIFY) by hand,
 * not by the code under test; returns the input length. */
static uint32_t build_sequence(const step *steps, uint32_t count)
{
    assert_true(count <= SEQ_MOST_STEPS);
    uint32_t length = SEQ_HEADER_SIZE, value_count = 0;
    for (uint32_t i = 0; i < count; i++) {
        seq_op_at[i] = length;
        memcpy(buffer + length, &steps[i].op, SEQ_OP_SIZE);
        length += SEQ_OP_SIZE;
        if (seq_has_extra(steps[i].op.kind)) {
            memcpy(buffer + length, &steps[i].extra, SEQ_EXTRA_SIZE);
            length += SEQ_EXTRA_SIZE;
        }
        value_count += steps[i].op.kind == PORTIO_OP_IN || seq_has_extra(steps[i].op.kind);
        assert_true(length <= BUFFER_SIZE);
    }
    struct portio_sequence_header header = {SEQ_HEADER_SIZE, count, value_count, 0};
    memcpy(buffer, &header, sizeof header);
    return length;
}

static uint32_t seq_value_count(void)
{
    uint32_t value_count;
    memcpy(&value_count, buffer + SEQ_FIELD(value_count), sizeof value_count);
    return value_count;
}

/* The output length the header asks for: the reply, 4 per value. */
static size_t seq_output(void)
{
    return SEQ_REPLY_SIZE + (size_t)seq_value_count() * 4u;
}

static int check_sequence(uint32_t length)
{
    return portio_check_sequence(buffer, length, seq_output(), enabled);
}

static int check_steps(const step *steps, uint32_t count)
{
    return check_sequence(build_sequence(steps, count));
}

static int check_one(step one)
{
    return check_steps(&one, 1);
}

/* The LPT handshake: wait until not busy, write, strobe by a modify, a
 * short pause, strobe off, read the status. */
static const step printer_byte[] = {
    {{0x379, 8, PORTIO_OP_WAIT, 0x80}, {0x80, 1000}},
    {{0x378, 8, PORTIO_OP_OUT, 0x41}, {0, 0}},
    {{0x37A, 8, PORTIO_OP_MODIFY, 0x01}, {0x01, 0}},
    {{0, 0, PORTIO_OP_DELAY, 1}, {0, 0}},
    {{0x37A, 8, PORTIO_OP_MODIFY, 0x00}, {0x01, 0}},
    {{0x379, 8, PORTIO_OP_IN, 0}, {0, 0}},
};
#define PRINTER_OPS 6u
/* 6 ops, 3 extras; values: WAIT, MODIFY, MODIFY, IN */
#define PRINTER_LENGTH (SEQ_HEADER_SIZE + 9u * 8u)
#define PRINTER_OUTPUT (SEQ_REPLY_SIZE + 4u * 4u)

/* ---- SEQUENCE: the decoder ---- */

static void sequence_next_reads_an_op_and_its_extra(void **state)
{
    (void)state;
    uint32_t length = build_sequence(printer_byte, PRINTER_OPS);
    size_t offset = SEQ_HEADER_SIZE;
    step read;
    for (uint32_t i = 0; i < PRINTER_OPS; i++) {
        assert_int_equal(offset, seq_op_at[i]);
        assert_true(portio_sequence_next(buffer, length, &offset, &read));
        assert_int_equal(read.op.kind, printer_byte[i].op.kind);
        assert_int_equal(read.op.port, printer_byte[i].op.port);
        assert_int_equal(read.op.value, printer_byte[i].op.value);
        assert_int_equal(read.extra.mask, printer_byte[i].extra.mask);
        assert_int_equal(read.extra.time_us, printer_byte[i].extra.time_us);
    }
    assert_int_equal(offset, length);
    assert_false(portio_sequence_next(buffer, length, &offset, &read));
    assert_int_equal(offset, length);
}

static void sequence_next_leaves_the_extra_of_other_kinds_zero(void **state)
{
    (void)state;
    /* an IN followed by bytes that would make an extra: not read */
    const step ops[] = {in_op(0x378, 8), out_op(0x378, 8, 0xFF)};
    uint32_t length = build_sequence(ops, 2);
    size_t offset = SEQ_HEADER_SIZE;
    step read;
    memset(&read, 0xAB, sizeof read);
    assert_true(portio_sequence_next(buffer, length, &offset, &read));
    assert_int_equal(offset, SEQ_HEADER_SIZE + SEQ_OP_SIZE);
    assert_int_equal(read.extra.mask, 0);
    assert_int_equal(read.extra.time_us, 0);
}

static void sequence_next_refuses_a_truncated_op_or_extra(void **state)
{
    (void)state;
    const step ops[] = {wait_op(0x379, 8, 0x80, 0x80, 5)};
    uint32_t length = build_sequence(ops, 1);
    assert_int_equal(length, SEQ_HEADER_SIZE + 16);
    step read;
    /* the extra cut at 4 bytes, at 0 bytes; the op cut */
    const size_t cuts[] = {length - 1, length - 4, length - 8, length - 9, SEQ_HEADER_SIZE};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        size_t offset = SEQ_HEADER_SIZE;
        assert_false(portio_sequence_next(buffer, cuts[i], &offset, &read));
        assert_int_equal(offset, SEQ_HEADER_SIZE);
    }
    /* an offset past the end does not wrap */
    size_t offset = (size_t)length + 8;
    assert_false(portio_sequence_next(buffer, length, &offset, &read));
    offset = SIZE_MAX - 4;
    assert_false(portio_sequence_next(buffer, length, &offset, &read));
}

/* ---- SEQUENCE: valid requests ---- */

static void sequence_accepts_every_kind(void **state)
{
    (void)state;
    const step ops[] = {
        in_op(0x378, 8),
        in_op(0x37A, 16),
        in_op(0x37C, 32),
        out_op(0x378, 8, 0xFF),
        out_op(0x37F, 8, 0),
        out_op(0x378, 16, 0xFFFF),
        out_op(0x37C, 32, 0xFFFFFFFFu),
        wait_op(0x379, 8, 0x80, 0x80, 1000),
        wait_op(0x37A, 16, 0xFFFF, 0x1234, 0),
        wait_op(0x37C, 32, 0xFFFFFFFFu, 0xFFFFFFFFu, PORTIO_MAX_WAIT_US),
        delay_op(1),
        modify_op(0x37A, 8, 0xFF, 0xFF),
        modify_op(0x378, 16, 0, 0),
        modify_op(0x37C, 32, 0xFFFFFFFFu, 0x80000000u),
        in_op(0x80, 8),
    };
    uint32_t length = build_sequence(ops, 15);
    /* 15 ops, 6 extras; values: 4 IN, 3 WAIT, 3 MODIFY */
    assert_int_equal(length, 16 + 8 * (15 + 6));
    assert_int_equal(seq_value_count(), 10);
    assert_int_equal(portio_check_sequence(buffer, length, 16 + 4 * 10, enabled), PORTIO_CHECK_OK);
    assert_int_equal(build_sequence(printer_byte, PRINTER_OPS), PRINTER_LENGTH);
    assert_int_equal(portio_check_sequence(buffer, PRINTER_LENGTH, PRINTER_OUTPUT, enabled), PORTIO_CHECK_OK);
}

static void sequence_accepts_no_values_with_the_reply_alone(void **state)
{
    (void)state;
    const step ops[] = {out_op(0x378, 8, 1), delay_op(10), out_op(0x80, 8, 2)};
    uint32_t length = build_sequence(ops, 3);
    assert_int_equal(seq_value_count(), 0);
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE, enabled), PORTIO_CHECK_OK);
    assert_int_equal(portio_check_sequence(buffer, length, 0, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE + 4, enabled), PORTIO_CHECK_MALFORMED);
}

static void sequence_of_delays_needs_no_port(void **state)
{
    (void)state;
    memset(enabled, 0, sizeof enabled);
    const step ops[] = {delay_op(1), delay_op(PORTIO_MAX_WAIT_US), delay_op(1000)};
    assert_int_equal(check_steps(ops, 3), PORTIO_CHECK_OK);
}

static void sequence_accepts_an_unaligned_buffer(void **state)
{
    (void)state;
    uint32_t length = build_sequence(printer_byte, PRINTER_OPS);
    memmove(storage + 1, storage, length);
    assert_int_equal(portio_check_sequence(storage + 1, length, PRINTER_OUTPUT, enabled), PORTIO_CHECK_OK);
}

static void sequence_accepts_the_edges_of_the_port_space(void **state)
{
    (void)state;
    portio_bitmap_set(enabled, 0xFFFC, 4, true);
    portio_bitmap_set(enabled, 0, 4, true);
    const step ops[] = {
        in_op(0xFFFF, 8),
        in_op(0xFFFE, 16),
        out_op(0xFFFC, 32, 7),
        in_op(0x0000, 32),
        wait_op(0xFFFF, 8, 1, 0, 0),
        wait_op(0xFFFC, 32, 1, 1, 0),
        modify_op(0xFFFF, 8, 1, 0),
        modify_op(0xFFFE, 16, 0x8000, 0x8000),
    };
    assert_int_equal(check_steps(ops, 8), PORTIO_CHECK_OK);
}

static void sequence_wait_time_may_be_0_to_1_second(void **state)
{
    (void)state;
    assert_int_equal(check_one(wait_op(0x379, 8, 0x80, 0, 0)), PORTIO_CHECK_OK);
    assert_int_equal(check_one(wait_op(0x379, 8, 0x80, 0, PORTIO_MAX_WAIT_US)), PORTIO_CHECK_OK);
    assert_int_equal(PORTIO_MAX_WAIT_US, 1000000);
    assert_int_equal(check_one(wait_op(0x379, 8, 0x80, 0, PORTIO_MAX_WAIT_US + 1)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x379, 8, 0x80, 0, 0xFFFFFFFFu)), PORTIO_CHECK_MALFORMED);
}

static void sequence_delay_may_be_1us_to_1_second(void **state)
{
    (void)state;
    assert_int_equal(check_one(delay_op(1)), PORTIO_CHECK_OK);
    assert_int_equal(check_one(delay_op(PORTIO_MAX_WAIT_US)), PORTIO_CHECK_OK);
    assert_int_equal(check_one(delay_op(0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(delay_op(PORTIO_MAX_WAIT_US + 1)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(delay_op(0x80000000u)), PORTIO_CHECK_MALFORMED);
}

/* A request of `count` ops, every one of them `one` (with its extra), in a
 * buffer of its own; the check's answer. */
static int check_many(step one, uint32_t count)
{
    const uint32_t size = SEQ_OP_SIZE + (seq_has_extra(one.op.kind) ? SEQ_EXTRA_SIZE : 0);
    const size_t length = SEQ_HEADER_SIZE + (size_t)count * size;
    uint8_t *big = calloc(1, length);
    assert_non_null(big);
    for (uint32_t i = 0; i < count; i++) {
        memcpy(big + SEQ_HEADER_SIZE + (size_t)i * size, &one.op, SEQ_OP_SIZE);
        if (size > SEQ_OP_SIZE)
            memcpy(big + SEQ_HEADER_SIZE + (size_t)i * size + SEQ_OP_SIZE, &one.extra, SEQ_EXTRA_SIZE);
    }
    const uint32_t value_count = one.op.kind == PORTIO_OP_DELAY || one.op.kind == PORTIO_OP_OUT ? 0 : count;
    struct portio_sequence_header header = {SEQ_HEADER_SIZE, count, value_count, 0};
    memcpy(big, &header, sizeof header);
    int result = portio_check_sequence(big, length, SEQ_REPLY_SIZE + (size_t)value_count * 4u, enabled);
    free(big);
    return result;
}

/* 4096 ops, each with its extra (65552 bytes in), and 4097 refused. */
static void sequence_takes_at_most_the_maximum_ops(void **state)
{
    (void)state;
    assert_int_equal(check_many(wait_op(0x379, 8, 0x80, 0x80, PORTIO_MAX_WAIT_US), PORTIO_MAX_OPS),
                     PORTIO_CHECK_OK);
    assert_int_equal(check_many(modify_op(0x37A, 8, 0x01, 0x01), PORTIO_MAX_OPS), PORTIO_CHECK_OK);
    assert_int_equal(check_many(in_op(0x80, 8), PORTIO_MAX_OPS), PORTIO_CHECK_OK);
    assert_int_equal(check_many(wait_op(0x379, 8, 0x80, 0x80, 0), PORTIO_MAX_OPS + 1), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_many(in_op(0x80, 8), PORTIO_MAX_OPS + 1), PORTIO_CHECK_MALFORMED);
}

/* ---- SEQUENCE: the header and the lengths ---- */

static void sequence_rejects_a_null_buffer_or_bitmap(void **state)
{
    (void)state;
    assert_int_equal(portio_check_sequence(NULL, 24, 20, enabled), PORTIO_CHECK_MALFORMED);
    uint32_t length = build_sequence(printer_byte, PRINTER_OPS);
    assert_int_equal(portio_check_sequence(buffer, length, PRINTER_OUTPUT, NULL), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_an_input_length_off_by_1_4_or_8(void **state)
{
    (void)state;
    uint32_t length = build_sequence(printer_byte, PRINTER_OPS);
    const int offs[] = {-1, 1, -4, 4, -8, 8, -16, 16};
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++)
        assert_int_equal(portio_check_sequence(buffer, (size_t)((int)length + offs[i]), PRINTER_OUTPUT, enabled),
                         PORTIO_CHECK_MALFORMED);
    /* 16 + 8 * op_count, as in version 2: the extras are missing */
    assert_int_equal(portio_check_sequence(buffer, 16 + 8 * PRINTER_OPS, PRINTER_OUTPUT, enabled),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, SEQ_HEADER_SIZE - 1, PRINTER_OUTPUT, enabled),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, 0, 0, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, length, PRINTER_OUTPUT, enabled), PORTIO_CHECK_OK);
}

static void sequence_rejects_a_truncated_extra(void **state)
{
    (void)state;
    /* the last op a WAIT (a MODIFY) whose extra is cut, or missing */
    const step waits[] = {out_op(0x378, 8, 0x41), wait_op(0x379, 8, 0x80, 0x80, 100)};
    const step modifies[] = {out_op(0x378, 8, 0x41), modify_op(0x37A, 8, 0x01, 0x01)};
    const step *cases[] = {waits, modifies};
    for (size_t i = 0; i < 2; i++) {
        uint32_t length = build_sequence(cases[i], 2);
        assert_int_equal(length, SEQ_HEADER_SIZE + 3 * 8);
        assert_int_equal(portio_check_sequence(buffer, length - 4, SEQ_REPLY_SIZE + 4, enabled),
                         PORTIO_CHECK_MALFORMED);
        assert_int_equal(portio_check_sequence(buffer, length - 8, SEQ_REPLY_SIZE + 4, enabled),
                         PORTIO_CHECK_MALFORMED);
        assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE + 4, enabled), PORTIO_CHECK_OK);
    }
}

static void sequence_rejects_an_extra_after_a_kind_without_one(void **state)
{
    (void)state;
    /* a WAIT turned into an IN: its extra is left over as bytes the ops
     * do not account for, or read as an op */
    const step ops[] = {wait_op(0x379, 8, 0x80, 0, 10)};
    uint32_t length = build_sequence(ops, 1);
    buffer[seq_op_at[0] + offsetof(struct portio_sequence_op, kind)] = PORTIO_OP_IN;
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE + 4, enabled), PORTIO_CHECK_MALFORMED);
    /* an IN whose "extra" is an OUT's bytes, with op_count 2: fine only
     * because those bytes are an op */
    const step two[] = {in_op(0x378, 8), out_op(0x378, 8, 5)};
    length = build_sequence(two, 2);
    assert_int_equal(check_sequence(length), PORTIO_CHECK_OK);
    buffer[seq_op_at[0] + offsetof(struct portio_sequence_op, kind)] = PORTIO_OP_WAIT;
    /* now the OUT's bytes are read as the WAIT's extra (a mask wider than
     * 8 bits), and op_count counts an op that is not there */
    assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_zero_ops(void **state)
{
    (void)state;
    uint32_t length = build_sequence(NULL, 0);
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE, enabled), PORTIO_CHECK_MALFORMED);
    /* zero ops with one op's room */
    length = build_sequence((step[]){out_op(0x378, 8, 0)}, 1);
    set_u32(SEQ_FIELD(op_count), 0);
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE, enabled), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_counts_that_wrap(void **state)
{
    (void)state;
    /* 16 + 8 * 0x20000001 wraps to 24 in 32 bits */
    uint32_t length = build_sequence((step[]){out_op(0x378, 8, 0)}, 1);
    set_u32(SEQ_FIELD(op_count), 0x20000001u);
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE, enabled), PORTIO_CHECK_MALFORMED);
    /* 16 + 4 * 0x40000001 wraps to 20 in 32 bits */
    length = build_sequence((step[]){in_op(0x378, 8)}, 1);
    set_u32(SEQ_FIELD(value_count), 0x40000001u);
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE + 4, enabled), PORTIO_CHECK_MALFORMED);
    /* and to 16 */
    length = build_sequence((step[]){out_op(0x378, 8, 0)}, 1);
    set_u32(SEQ_FIELD(value_count), 0x40000000u);
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE, enabled), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_a_wrong_header_size(void **state)
{
    (void)state;
    uint32_t length = build_sequence(printer_byte, PRINTER_OPS);
    const uint32_t sizes[] = {0, 1, SEQ_HEADER_SIZE - 4, SEQ_HEADER_SIZE + 4, SEQ_HEADER_SIZE + 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        set_u32(SEQ_FIELD(size), sizes[i]);
        assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
    }
}

static void sequence_rejects_reserved_not_zero(void **state)
{
    (void)state;
    uint32_t length = build_sequence(printer_byte, PRINTER_OPS);
    set_u32(SEQ_FIELD(reserved), 1);
    assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
    set_u32(SEQ_FIELD(reserved), 0x80000000u);
    assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_a_wrong_value_count(void **state)
{
    (void)state;
    uint32_t length = build_sequence(printer_byte, PRINTER_OPS); /* 4 values */
    const uint32_t counts[] = {0, 1, 3, 5, 6};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        set_u32(SEQ_FIELD(value_count), counts[i]);
        /* the output length follows value_count: only the count is wrong */
        assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
    }
}

static void sequence_rejects_a_wrong_output_length(void **state)
{
    (void)state;
    uint32_t length = build_sequence(printer_byte, PRINTER_OPS);
    /* version 2's 4 * value_count without the reply, and near misses */
    const size_t outputs[] = {0, 16, 4 * 4, PRINTER_OUTPUT - 1, PRINTER_OUTPUT + 1, PRINTER_OUTPUT - 4,
                              PRINTER_OUTPUT + 4, PRINTER_OUTPUT - 8, PRINTER_OUTPUT + 8, length};
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++)
        assert_int_equal(portio_check_sequence(buffer, length, outputs[i], enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, length, PRINTER_OUTPUT, enabled), PORTIO_CHECK_OK);
}

/* ---- SEQUENCE: the ops ---- */

static void sequence_rejects_unknown_kinds(void **state)
{
    (void)state;
    /* the string kinds too: a sequence has no data */
    const uint8_t kinds[] = {0, PORTIO_OP_INS, PORTIO_OP_OUTS, 8, 0x7F, 0x80, 0xFF};
    for (size_t i = 0; i < sizeof kinds; i++) {
        const step ops[] = {out_op(0x378, 8, 1), out_op(0x378, 8, 2), in_op(0x379, 8)};
        uint32_t length = build_sequence(ops, 3);
        buffer[seq_op_at[1] + offsetof(struct portio_sequence_op, kind)] = kinds[i];
        assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
    }
}

static void sequence_rejects_widths_other_than_8_16_32(void **state)
{
    (void)state;
    const uint8_t widths[] = {0, 1, 4, 7, 9, 15, 24, 31, 33, 64, 128, 255};
    for (size_t i = 0; i < sizeof widths; i++) {
        const uint8_t w = widths[i];
        assert_int_equal(check_one(in_op(0x378, w)), PORTIO_CHECK_MALFORMED);
        assert_int_equal(check_one(out_op(0x378, w, 0)), PORTIO_CHECK_MALFORMED);
        assert_int_equal(check_one(wait_op(0x378, w, 1, 0, 0)), PORTIO_CHECK_MALFORMED);
        assert_int_equal(check_one(modify_op(0x378, w, 1, 0)), PORTIO_CHECK_MALFORMED);
    }
}

static void sequence_rejects_port_plus_width_past_0xffff(void **state)
{
    (void)state;
    portio_bitmap_set(enabled, 0xFFF0, 0x10, true);
    assert_int_equal(check_one(in_op(0xFFFF, 16)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(in_op(0xFFFD, 32)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(out_op(0xFFFF, 32, 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(out_op(0xFFFE, 32, 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0xFFFF, 16, 1, 1, 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0xFFFD, 32, 1, 1, 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(modify_op(0xFFFF, 16, 1, 1)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(modify_op(0xFFFE, 32, 1, 1)), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_in_with_a_value(void **state)
{
    (void)state;
    step one = in_op(0x378, 8);
    one.op.value = 1;
    assert_int_equal(check_one(one), PORTIO_CHECK_MALFORMED);
    one = in_op(0x378, 32);
    one.op.value = 0x80000000u;
    assert_int_equal(check_one(one), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_out_value_wider_than_width(void **state)
{
    (void)state;
    assert_int_equal(check_one(out_op(0x378, 8, 0x100)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(out_op(0x378, 8, 0xFFFFFFFFu)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(out_op(0x378, 16, 0x10000)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(out_op(0x378, 16, 0x8000FFFFu)), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_a_wait_without_mask_or_with_a_wide_one(void **state)
{
    (void)state;
    assert_int_equal(check_one(wait_op(0x379, 8, 0, 0, 10)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x379, 8, 0x100, 0, 10)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x379, 8, 0x1FF, 0x80, 10)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x37A, 16, 0x10000, 0, 10)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x379, 8, 0xFF, 0, 10)), PORTIO_CHECK_OK);
    assert_int_equal(check_one(wait_op(0x37A, 16, 0xFFFF, 0, 10)), PORTIO_CHECK_OK);
}

static void sequence_rejects_a_wait_value_outside_its_mask(void **state)
{
    (void)state;
    /* fits the width, but compares bits the mask leaves out: never true */
    assert_int_equal(check_one(wait_op(0x379, 8, 0x80, 0x40, 10)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x379, 8, 0x80, 0x81, 10)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x379, 8, 0x80, 0x180, 10)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x37C, 32, 0x7FFFFFFFu, 0x80000000u, 10)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x379, 8, 0xC0, 0x80, 10)), PORTIO_CHECK_OK);
    assert_int_equal(check_one(wait_op(0x379, 8, 0xC0, 0xC0, 10)), PORTIO_CHECK_OK);
}

static void sequence_rejects_a_delay_with_a_port_or_width(void **state)
{
    (void)state;
    portio_bitmap_set(enabled, 0, 0x10000, true);
    step one = delay_op(10);
    one.op.port = 0x378;
    assert_int_equal(check_one(one), PORTIO_CHECK_MALFORMED);
    one = delay_op(10);
    one.op.width_bits = 8;
    assert_int_equal(check_one(one), PORTIO_CHECK_MALFORMED);
    one.op.width_bits = 32;
    assert_int_equal(check_one(one), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_a_modify_that_does_not_fit_or_has_a_time(void **state)
{
    (void)state;
    assert_int_equal(check_one(modify_op(0x37A, 8, 0x01, 0x100)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(modify_op(0x37A, 8, 0x100, 0x01)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(modify_op(0x37A, 16, 0x10000, 0)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(modify_op(0x37A, 16, 0, 0x10000)), PORTIO_CHECK_MALFORMED);
    step one = modify_op(0x37A, 8, 0x01, 0x01);
    one.extra.time_us = 1;
    assert_int_equal(check_one(one), PORTIO_CHECK_MALFORMED);
    /* value outside the mask: sets bits without clearing them first, fine */
    assert_int_equal(check_one(modify_op(0x37A, 8, 0x01, 0x02)), PORTIO_CHECK_OK);
    assert_int_equal(check_one(modify_op(0x37A, 8, 0xFF, 0)), PORTIO_CHECK_OK);
}

/* ---- SEQUENCE: ports enabled ---- */

static void sequence_refuses_ports_not_enabled(void **state)
{
    (void)state;
    assert_int_equal(check_one(in_op(0x377, 8)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check_one(out_op(0x380, 8, 0)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check_one(wait_op(0x70, 8, 1, 1, 0)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check_one(modify_op(0x71, 8, 1, 1)), PORTIO_CHECK_NOT_ENABLED);
    /* a wide op reaching past the enabled ports: 0x37F is, 0x380 is not */
    assert_int_equal(check_one(in_op(0x37F, 16)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check_one(out_op(0x37E, 32, 0)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check_one(wait_op(0x37E, 32, 1, 1, 0)), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check_one(modify_op(0x37F, 16, 1, 1)), PORTIO_CHECK_NOT_ENABLED);
    /* 0x80 alone: a 16-bit access there needs 0x81 too */
    assert_int_equal(check_one(in_op(0x80, 16)), PORTIO_CHECK_NOT_ENABLED);
    /* an enabled op first, or last, does not let the other through */
    const step ops[] = {in_op(0x378, 8), delay_op(5), wait_op(0x70, 8, 1, 1, 0)};
    assert_int_equal(check_steps(ops, 3), PORTIO_CHECK_NOT_ENABLED);
    const step first[] = {modify_op(0x70, 8, 1, 0), delay_op(5), out_op(0x378, 8, 0)};
    assert_int_equal(check_steps(first, 3), PORTIO_CHECK_NOT_ENABLED);
    memset(enabled, 0, sizeof enabled);
    assert_int_equal(check_steps(printer_byte, PRINTER_OPS), PORTIO_CHECK_NOT_ENABLED);
}

static void sequence_reports_malformed_before_not_enabled(void **state)
{
    (void)state;
    /* the same op: a port not enabled and a bad width, a bad mask */
    assert_int_equal(check_one(in_op(0x70, 12)), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(wait_op(0x70, 8, 0, 0, 0)), PORTIO_CHECK_MALFORMED);
    /* a port not enabled in the first op, a malformed op after it */
    const step ops[] = {in_op(0x70, 8), out_op(0x378, 8, 0x1FF)};
    assert_int_equal(check_steps(ops, 2), PORTIO_CHECK_MALFORMED);
    const step delay_after[] = {wait_op(0x70, 8, 1, 1, 0), delay_op(PORTIO_MAX_WAIT_US + 1)};
    assert_int_equal(check_steps(delay_after, 2), PORTIO_CHECK_MALFORMED);
    /* a port not enabled, then only value_count wrong */
    const step ins[] = {in_op(0x70, 8), modify_op(0x378, 8, 1, 1)};
    uint32_t length = build_sequence(ins, 2);
    set_u32(SEQ_FIELD(value_count), 1);
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE + 4, enabled), PORTIO_CHECK_MALFORMED);
    /* a port not enabled, then bytes left over after the last op */
    length = build_sequence(ins, 2);
    assert_int_equal(portio_check_sequence(buffer, length + 8, SEQ_REPLY_SIZE + 8, enabled),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, length, SEQ_REPLY_SIZE + 8, enabled),
                     PORTIO_CHECK_NOT_ENABLED);
}

/* ---- ENABLE / DISABLE requests ---- */

static int check_range(uint32_t size, uint32_t first, uint32_t count, uint32_t flags,
                       struct portio_range_request *out)
{
    struct portio_range_request request = {size, first, count, flags};
    return portio_check_range_request(&request, sizeof request, out);
}

static void range_request_accepts_valid_requests(void **state)
{
    (void)state;
    struct portio_range_request out;
    assert_int_equal(check_range(16, 0x378, 3, 0, &out), PORTIO_CHECK_OK);
    assert_int_equal(out.size, 16);
    assert_int_equal(out.first, 0x378);
    assert_int_equal(out.count, 3);
    assert_int_equal(out.flags, 0);
    assert_int_equal(check_range(16, 0x70, 2, PORTIO_ENABLE_WANT_GRANT, &out), PORTIO_CHECK_OK);
    assert_int_equal(out.flags, PORTIO_ENABLE_WANT_GRANT);
    assert_int_equal(check_range(16, 0xFFFF, 1, 0, &out), PORTIO_CHECK_OK);
    assert_int_equal(check_range(16, 0, 0x10000, 0, &out), PORTIO_CHECK_OK);
    assert_int_equal(out.count, 0x10000);
}

static void range_request_accepts_an_unaligned_buffer(void **state)
{
    (void)state;
    struct portio_range_request request = {16, 0x378, 3, 0}, out;
    memcpy(storage + 1, &request, sizeof request);
    assert_int_equal(portio_check_range_request(storage + 1, sizeof request, &out), PORTIO_CHECK_OK);
    assert_int_equal(out.first, 0x378);
}

static void range_request_rejects_wrong_input_lengths(void **state)
{
    (void)state;
    struct portio_range_request request = {16, 0x378, 3, 0};
    uint8_t longer[sizeof request + 4] = {0};
    memcpy(longer, &request, sizeof request);
    assert_int_equal(portio_check_range_request(&request, 0, NULL), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_range_request(&request, 15, NULL), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_range_request(longer, sizeof longer, NULL), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_range_request(NULL, 16, NULL), PORTIO_CHECK_MALFORMED);
}

static void range_request_rejects_a_wrong_size_field(void **state)
{
    (void)state;
    assert_int_equal(check_range(0, 0x378, 3, 0, NULL), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_range(12, 0x378, 3, 0, NULL), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_range(20, 0x378, 3, 0, NULL), PORTIO_CHECK_MALFORMED);
}

static void range_request_rejects_count_zero(void **state)
{
    (void)state;
    assert_int_equal(check_range(16, 0x378, 0, 0, NULL), PORTIO_CHECK_MALFORMED);
}

static void range_request_rejects_ranges_past_0xffff(void **state)
{
    (void)state;
    assert_int_equal(check_range(16, 0x10000, 1, 0, NULL), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_range(16, 0xFFFF, 2, 0, NULL), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_range(16, 0, 0x10001, 0, NULL), PORTIO_CHECK_MALFORMED);
    /* first + count wraps around 32 bits */
    assert_int_equal(check_range(16, 1, 0xFFFFFFFFu, 0, NULL), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_range(16, 0xFFFFFFFFu, 1, 0, NULL), PORTIO_CHECK_MALFORMED);
}

static void range_request_rejects_unknown_flags(void **state)
{
    (void)state;
    struct portio_range_request out = {1, 2, 3, 4};
    assert_int_equal(check_range(16, 0x378, 3, 0x2, &out), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_range(16, 0x378, 3, 0x80000001u, NULL), PORTIO_CHECK_MALFORMED);
    /* nothing of a refused request comes out */
    assert_int_equal(out.first, 0);
    assert_int_equal(out.count, 0);
}

/* ---- The allowlist: parsing ---- */

/* A UTF-16 literal and its length in code units, its final NUL included. */
#define MULTI_SZ(literal) (const uint16_t *)(literal), (sizeof(literal) / 2u)
/* The same without the final NUL the compiler adds. */
#define MULTI_SZ_UNTERMINATED(literal) (const uint16_t *)(literal), (sizeof(literal) / 2u - 1u)

static struct portio_allowlist allowlist;

static void assert_range(size_t index, uint32_t first, uint32_t count)
{
    assert_true(index < allowlist.count);
    assert_int_equal(allowlist.ranges[index].first, first);
    assert_int_equal(allowlist.ranges[index].count, count);
}

static void assert_malformed(const uint16_t *text, size_t units)
{
    allowlist.count = 7; /* must come back empty */
    assert_int_equal(portio_parse_allowlist(text, units, &allowlist), PORTIO_CHECK_MALFORMED);
    assert_int_equal(allowlist.count, 0);
}

static void allowlist_parses_hex_ranges(void **state)
{
    (void)state;
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x378-0x37F\0"), &allowlist), PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 1);
    assert_range(0, 0x378, 8);
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0XcF8-0XCFf\0"), &allowlist), PORTIO_CHECK_OK);
    assert_range(0, 0xCF8, 8);
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x0000-0xFFFF\0"), &allowlist), PORTIO_CHECK_OK);
    assert_range(0, 0, 0x10000);
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x00000378-0x0000037f\0"), &allowlist),
                     PORTIO_CHECK_OK);
    assert_range(0, 0x378, 8);
}

static void allowlist_parses_decimal_ranges(void **state)
{
    (void)state;
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"888-895\0"), &allowlist), PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 1);
    assert_range(0, 888, 8);
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0-65535\0"), &allowlist), PORTIO_CHECK_OK);
    assert_range(0, 0, 0x10000);
    /* hex and decimal mixed in one entry */
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x70-113\0"), &allowlist), PORTIO_CHECK_OK);
    assert_range(0, 0x70, 2);
}

static void allowlist_parses_single_ports(void **state)
{
    (void)state;
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x80\0"), &allowlist), PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 1);
    assert_range(0, 0x80, 1);
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"65535\0"), &allowlist), PORTIO_CHECK_OK);
    assert_range(0, 0xFFFF, 1);
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x378-0x378\0"), &allowlist), PORTIO_CHECK_OK);
    assert_range(0, 0x378, 1);
}

static void allowlist_parses_several_entries(void **state)
{
    (void)state;
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x378-0x37F\0" u"0x80\0" u"112-113\0"), &allowlist),
                     PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 3);
    assert_range(0, 0x378, 8);
    assert_range(1, 0x80, 1);
    assert_range(2, 112, 2);
}

static void allowlist_accepts_a_missing_double_nul(void **state)
{
    (void)state;
    /* one NUL only */
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x378-0x37F\0" u"0x80"), &allowlist), PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 2);
    assert_range(1, 0x80, 1);
    /* no NUL at all */
    assert_int_equal(portio_parse_allowlist(MULTI_SZ_UNTERMINATED(u"0x378-0x37F\0" u"0x80"), &allowlist),
                     PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 2);
    assert_range(1, 0x80, 1);
    /* only `units` code units are read: "0x378" of "0x378-0x37F" */
    assert_int_equal(portio_parse_allowlist((const uint16_t *)u"0x378-0x37F", 5, &allowlist),
                     PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 1);
    assert_range(0, 0x378, 1);
}

static void allowlist_empty_value_has_no_ranges(void **state)
{
    (void)state;
    assert_int_equal(portio_parse_allowlist(NULL, 0, &allowlist), PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 0);
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u""), &allowlist), PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 0);
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"\0"), &allowlist), PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 0);
    /* padding NULs after the list are fine */
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x80\0\0\0"), &allowlist), PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, 1);
}

static void allowlist_rejects_bad_text(void **state)
{
    (void)state;
    assert_malformed(MULTI_SZ(u"0x\0"));
    assert_malformed(MULTI_SZ(u"0x37G\0"));
    assert_malformed(MULTI_SZ(u"LPT1\0"));
    assert_malformed(MULTI_SZ(u"0x378-\0"));
    assert_malformed(MULTI_SZ(u"-0x378\0"));
    assert_malformed(MULTI_SZ(u"-\0"));
    assert_malformed(MULTI_SZ(u"0x378--0x37F\0"));
    assert_malformed(MULTI_SZ(u"1-2-3\0"));
    assert_malformed(MULTI_SZ(u" 0x378\0"));
    assert_malformed(MULTI_SZ(u"0x378 \0"));
    assert_malformed(MULTI_SZ(u"0x378 - 0x37F\0"));
    assert_malformed(MULTI_SZ(u"0x378,0x37F\0"));
    assert_malformed(MULTI_SZ(u"+888\0"));
    assert_malformed(MULTI_SZ(u"88a\0"));   /* hex digits need 0x */
    assert_malformed(MULTI_SZ(u"x378\0"));
    assert_malformed(MULTI_SZ(u"\x0661\x0662\0")); /* Arabic-Indic digits are not digits here */
    /* one bad entry among good ones spoils the list */
    assert_malformed(MULTI_SZ(u"0x378-0x37F\0" u"oops\0" u"0x80\0"));
    assert_malformed(NULL, 4);
    assert_int_equal(portio_parse_allowlist(MULTI_SZ(u"0x80\0"), NULL), PORTIO_CHECK_MALFORMED);
}

static void allowlist_rejects_end_below_start(void **state)
{
    (void)state;
    assert_malformed(MULTI_SZ(u"0x37F-0x378\0"));
    assert_malformed(MULTI_SZ(u"1-0\0"));
}

static void allowlist_rejects_ports_past_0xffff(void **state)
{
    (void)state;
    assert_malformed(MULTI_SZ(u"0x10000\0"));
    assert_malformed(MULTI_SZ(u"65536\0"));
    assert_malformed(MULTI_SZ(u"0xFFF0-0x10000\0"));
    assert_malformed(MULTI_SZ(u"0-65536\0"));
    /* numbers that overflow 32 bits must not wrap back into range */
    assert_malformed(MULTI_SZ(u"0x100000378\0"));
    assert_malformed(MULTI_SZ(u"4294968184\0")); /* 2^32 + 888 */
    assert_malformed(MULTI_SZ(u"99999999999999999999\0"));
}

static void allowlist_rejects_too_many_entries(void **state)
{
    (void)state;
    /* 65 entries "1\0", "2\0"...: 64 fit, 65 do not */
    uint16_t text[2 * (PORTIO_MAX_ALLOWLIST + 1) * 3 + 1];
    size_t units = 0;
    for (uint32_t i = 0; i < PORTIO_MAX_ALLOWLIST + 1; i++) {
        text[units++] = (uint16_t)('0' + i / 10);
        text[units++] = (uint16_t)('0' + i % 10);
        text[units++] = 0;
    }
    text[units++] = 0;
    assert_malformed(text, units);
    /* the 65th entry dropped: 64 are fine */
    units -= 4;
    text[units++] = 0;
    assert_int_equal(portio_parse_allowlist(text, units, &allowlist), PORTIO_CHECK_OK);
    assert_int_equal(allowlist.count, PORTIO_MAX_ALLOWLIST);
    assert_range(63, 63, 1);
}

static void allowlist_rejects_entries_after_an_empty_string(void **state)
{
    (void)state;
    /* an empty first string would otherwise hide the rest and allow everything */
    assert_malformed(MULTI_SZ(u"\0" u"0x80\0"));
    assert_malformed(MULTI_SZ(u"0x378\0\0" u"0x80\0"));
}

/* ---- The allowlist: what it permits ---- */

static void parse_or_fail(const uint16_t *text, size_t units)
{
    assert_int_equal(portio_parse_allowlist(text, units, &allowlist), PORTIO_CHECK_OK);
}

static void allowlist_without_ranges_permits_every_port(void **state)
{
    (void)state;
    parse_or_fail(NULL, 0);
    assert_true(portio_allowlist_permits(&allowlist, 0, 0x10000));
    assert_true(portio_allowlist_permits(&allowlist, 0xFFFF, 1));
    /* but never a range outside the port space */
    assert_false(portio_allowlist_permits(&allowlist, 0xFFFF, 2));
    assert_false(portio_allowlist_permits(&allowlist, 0x378, 0));
}

static void allowlist_permits_ports_inside_a_range(void **state)
{
    (void)state;
    parse_or_fail(MULTI_SZ(u"0x378-0x37F\0" u"0x80\0"));
    assert_true(portio_allowlist_permits(&allowlist, 0x378, 8));
    assert_true(portio_allowlist_permits(&allowlist, 0x378, 1));
    assert_true(portio_allowlist_permits(&allowlist, 0x37F, 1));
    assert_true(portio_allowlist_permits(&allowlist, 0x37A, 3));
    assert_true(portio_allowlist_permits(&allowlist, 0x80, 1));
}

static void allowlist_refuses_ports_outside_its_ranges(void **state)
{
    (void)state;
    parse_or_fail(MULTI_SZ(u"0x378-0x37F\0" u"0x80\0"));
    assert_false(portio_allowlist_permits(&allowlist, 0x377, 1));
    assert_false(portio_allowlist_permits(&allowlist, 0x380, 1));
    assert_false(portio_allowlist_permits(&allowlist, 0x377, 2)); /* straddles the start */
    assert_false(portio_allowlist_permits(&allowlist, 0x37F, 2)); /* straddles the end */
    assert_false(portio_allowlist_permits(&allowlist, 0x378, 9));
    assert_false(portio_allowlist_permits(&allowlist, 0x80, 2));
    assert_false(portio_allowlist_permits(&allowlist, 0x7F, 2));
    assert_false(portio_allowlist_permits(&allowlist, 0, 0x10000));
    assert_false(portio_allowlist_permits(&allowlist, 0x378, 0));
    assert_false(portio_allowlist_permits(&allowlist, 0x10000, 1));
    assert_false(portio_allowlist_permits(NULL, 0x378, 1));
}

static void allowlist_permits_the_union_of_its_ranges(void **state)
{
    (void)state;
    /* touching entries, listed out of order */
    parse_or_fail(MULTI_SZ(u"0x37C-0x37F\0" u"0x378-0x37B\0"));
    assert_true(portio_allowlist_permits(&allowlist, 0x378, 8));
    assert_true(portio_allowlist_permits(&allowlist, 0x37B, 2));
    /* overlapping entries */
    parse_or_fail(MULTI_SZ(u"0x100-0x1FF\0" u"0x180-0x2FF\0" u"0x2F0-0x300\0"));
    assert_true(portio_allowlist_permits(&allowlist, 0x100, 0x201));
    assert_false(portio_allowlist_permits(&allowlist, 0x100, 0x202));
    /* a gap of one port */
    parse_or_fail(MULTI_SZ(u"0x378-0x37A\0" u"0x37C-0x37F\0"));
    assert_false(portio_allowlist_permits(&allowlist, 0x378, 8));
    assert_true(portio_allowlist_permits(&allowlist, 0x378, 3));
    assert_false(portio_allowlist_permits(&allowlist, 0x37B, 1));
    /* the top of the space */
    parse_or_fail(MULTI_SZ(u"0xFF00-0xFFFF\0" u"0\0"));
    assert_true(portio_allowlist_permits(&allowlist, 0xFF00, 0x100));
    assert_true(portio_allowlist_permits(&allowlist, 0, 1));
    assert_false(portio_allowlist_permits(&allowlist, 0, 2));
}

/* ---- The bitmap of enabled ports ---- */

static void bitmap_set_and_clear_exact_ranges(void **state)
{
    (void)state;
    static uint8_t bitmap[PORTIO_BITMAP_BYTES];
    memset(bitmap, 0, sizeof bitmap);
    assert_true(portio_bitmap_empty(bitmap));
    portio_bitmap_set(bitmap, 0x37B, 10, true); /* across a byte boundary */
    assert_false(portio_bitmap_empty(bitmap));
    assert_true(portio_bitmap_contains(bitmap, 0x37B, 10));
    assert_false(portio_bitmap_contains(bitmap, 0x37A, 1));
    assert_false(portio_bitmap_contains(bitmap, 0x385, 1));
    assert_false(portio_bitmap_contains(bitmap, 0x37B, 11));
    portio_bitmap_set(bitmap, 0x37F, 2, false);
    assert_true(portio_bitmap_contains(bitmap, 0x37B, 4));
    assert_false(portio_bitmap_contains(bitmap, 0x37F, 1));
    assert_false(portio_bitmap_contains(bitmap, 0x380, 1));
    assert_true(portio_bitmap_contains(bitmap, 0x381, 4));
    assert_false(portio_bitmap_contains(bitmap, 0x37B, 10));
    portio_bitmap_set(bitmap, 0x37B, 10, false);
    assert_true(portio_bitmap_empty(bitmap));
}

static void bitmap_covers_the_edges_of_the_space(void **state)
{
    (void)state;
    static uint8_t bitmap[PORTIO_BITMAP_BYTES];
    memset(bitmap, 0, sizeof bitmap);
    portio_bitmap_set(bitmap, 0xFFFF, 1, true);
    assert_true(portio_bitmap_contains(bitmap, 0xFFFF, 1));
    assert_int_equal(bitmap[PORTIO_BITMAP_BYTES - 1], 0x80);
    portio_bitmap_set(bitmap, 0, 1, true);
    assert_int_equal(bitmap[0], 0x01);
    portio_bitmap_set(bitmap, 0, 0x10000, true);
    assert_true(portio_bitmap_contains(bitmap, 0, 0x10000));
    portio_bitmap_set(bitmap, 0, 0x10000, false);
    assert_true(portio_bitmap_empty(bitmap));
}

static void bitmap_ignores_ranges_outside_the_space(void **state)
{
    (void)state;
    static uint8_t bitmap[PORTIO_BITMAP_BYTES];
    memset(bitmap, 0, sizeof bitmap);
    portio_bitmap_set(bitmap, 0xFFFF, 2, true);
    portio_bitmap_set(bitmap, 0x10000, 1, true);
    portio_bitmap_set(bitmap, 1, 0xFFFFFFFFu, true); /* wraps 32 bits */
    portio_bitmap_set(bitmap, 0x378, 0, true);
    assert_true(portio_bitmap_empty(bitmap));
    portio_bitmap_set(bitmap, 0, 0x10000, true);
    assert_false(portio_bitmap_contains(bitmap, 0xFFFF, 2));
    assert_false(portio_bitmap_contains(bitmap, 0x10000, 1));
    assert_false(portio_bitmap_contains(bitmap, 1, 0xFFFFFFFFu));
    assert_false(portio_bitmap_contains(bitmap, 0x378, 0)); /* an empty range is never "enabled" */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, enable_some_ports)
        T(transfer_accepts_every_kind_at_every_width),
        T(transfer_accepts_string_data_that_ends_at_the_end),
        T(transfer_accepts_an_unaligned_buffer),
        T(transfer_accepts_the_edges_of_the_port_space),
        T(transfer_accepts_the_maximum_ops_and_size),
        T(transfer_rejects_a_null_buffer),
        T(transfer_rejects_input_shorter_than_the_header),
        T(transfer_rejects_output_length_other_than_input_length),
        T(transfer_accepts_no_output_when_every_op_writes),
        T(transfer_rejects_no_output_with_an_in_among_writes),
        T(transfer_rejects_no_output_with_a_string_read),
        T(transfer_rejects_no_output_with_a_read_before_not_enabled),
        T(transfer_rejects_other_output_lengths_for_writes_only),
        T(transfer_rejects_total_size_other_than_the_length),
        T(transfer_rejects_total_size_above_the_maximum),
        T(transfer_rejects_a_wrong_header_size),
        T(transfer_rejects_reserved_not_zero),
        T(transfer_rejects_zero_ops),
        T(transfer_rejects_more_than_the_maximum_ops),
        T(transfer_rejects_ops_past_the_buffer),
        T(transfer_rejects_widths_other_than_8_16_32),
        T(transfer_rejects_unknown_kinds),
        T(transfer_rejects_port_plus_width_past_0xffff),
        T(transfer_rejects_out_value_wider_than_width),
        T(transfer_rejects_in_and_out_with_count),
        T(transfer_rejects_string_ops_with_count_zero),
        T(transfer_rejects_data_offset_inside_the_ops),
        T(transfer_rejects_misaligned_data_offset),
        T(transfer_rejects_string_data_past_the_end),
        T(transfer_rejects_count_times_size_overflowing_32_bits),
        T(transfer_refuses_ports_not_enabled),
        T(transfer_refuses_a_wide_op_reaching_a_port_not_enabled),
        T(transfer_reports_malformed_before_not_enabled),
        T(transfer_refuses_everything_with_nothing_enabled),
        T(sequence_next_reads_an_op_and_its_extra),
        T(sequence_next_leaves_the_extra_of_other_kinds_zero),
        T(sequence_next_refuses_a_truncated_op_or_extra),
        T(sequence_accepts_every_kind),
        T(sequence_accepts_no_values_with_the_reply_alone),
        T(sequence_of_delays_needs_no_port),
        T(sequence_accepts_an_unaligned_buffer),
        T(sequence_accepts_the_edges_of_the_port_space),
        T(sequence_wait_time_may_be_0_to_1_second),
        T(sequence_delay_may_be_1us_to_1_second),
        T(sequence_takes_at_most_the_maximum_ops),
        T(sequence_rejects_a_null_buffer_or_bitmap),
        T(sequence_rejects_an_input_length_off_by_1_4_or_8),
        T(sequence_rejects_a_truncated_extra),
        T(sequence_rejects_an_extra_after_a_kind_without_one),
        T(sequence_rejects_zero_ops),
        T(sequence_rejects_counts_that_wrap),
        T(sequence_rejects_a_wrong_header_size),
        T(sequence_rejects_reserved_not_zero),
        T(sequence_rejects_a_wrong_value_count),
        T(sequence_rejects_a_wrong_output_length),
        T(sequence_rejects_unknown_kinds),
        T(sequence_rejects_widths_other_than_8_16_32),
        T(sequence_rejects_port_plus_width_past_0xffff),
        T(sequence_rejects_in_with_a_value),
        T(sequence_rejects_out_value_wider_than_width),
        T(sequence_rejects_a_wait_without_mask_or_with_a_wide_one),
        T(sequence_rejects_a_wait_value_outside_its_mask),
        T(sequence_rejects_a_delay_with_a_port_or_width),
        T(sequence_rejects_a_modify_that_does_not_fit_or_has_a_time),
        T(sequence_refuses_ports_not_enabled),
        T(sequence_reports_malformed_before_not_enabled),
        T(range_request_accepts_valid_requests),
        T(range_request_accepts_an_unaligned_buffer),
        T(range_request_rejects_wrong_input_lengths),
        T(range_request_rejects_a_wrong_size_field),
        T(range_request_rejects_count_zero),
        T(range_request_rejects_ranges_past_0xffff),
        T(range_request_rejects_unknown_flags),
        T(allowlist_parses_hex_ranges),
        T(allowlist_parses_decimal_ranges),
        T(allowlist_parses_single_ports),
        T(allowlist_parses_several_entries),
        T(allowlist_accepts_a_missing_double_nul),
        T(allowlist_empty_value_has_no_ranges),
        T(allowlist_rejects_bad_text),
        T(allowlist_rejects_end_below_start),
        T(allowlist_rejects_ports_past_0xffff),
        T(allowlist_rejects_too_many_entries),
        T(allowlist_rejects_entries_after_an_empty_string),
        T(allowlist_without_ranges_permits_every_port),
        T(allowlist_permits_ports_inside_a_range),
        T(allowlist_refuses_ports_outside_its_ranges),
        T(allowlist_permits_the_union_of_its_ranges),
        T(bitmap_set_and_clear_exact_ranges),
        T(bitmap_covers_the_edges_of_the_space),
        T(bitmap_ignores_ranges_outside_the_space),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
