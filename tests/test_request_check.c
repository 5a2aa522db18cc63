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

/* ---- SEQUENCE ---- */

#define SEQ_HEADER_SIZE ((uint32_t)sizeof(struct portio_sequence_header))
#define SEQ_OP_SIZE ((uint32_t)sizeof(struct portio_sequence_op))
#define SEQ_FIELD(field) offsetof(struct portio_sequence_header, field)
#define SEQ_OP_FIELD(i, field) \
    (SEQ_HEADER_SIZE + (i) * SEQ_OP_SIZE + offsetof(struct portio_sequence_op, field))

static struct portio_sequence_op seq_op(enum portio_op_kind kind, uint16_t port, uint8_t width_bits,
                                        uint32_t value)
{
    struct portio_sequence_op result = {port, width_bits, (uint8_t)kind, value};
    return result;
}

/* Writes a sequence of `op_count` ops into `buffer`, value_count counted from
 * the ops; returns the input length. */
static uint32_t build_sequence(const struct portio_sequence_op *ops, uint32_t op_count)
{
    uint32_t length = SEQ_HEADER_SIZE + op_count * SEQ_OP_SIZE;
    assert_true(length <= BUFFER_SIZE);
    uint32_t value_count = 0;
    for (uint32_t i = 0; i < op_count; i++)
        value_count += ops[i].kind == PORTIO_OP_IN;
    struct portio_sequence_header header = {SEQ_HEADER_SIZE, op_count, value_count, 0};
    memcpy(buffer, &header, sizeof header);
    if (op_count > 0)
        memcpy(buffer + SEQ_HEADER_SIZE, ops, (size_t)op_count * SEQ_OP_SIZE);
    return length;
}

static uint32_t seq_value_count(void)
{
    uint32_t value_count;
    memcpy(&value_count, buffer + SEQ_FIELD(value_count), sizeof value_count);
    return value_count;
}

/* With the output length the request asks for: 4 per IN op. */
static int check_sequence(uint32_t length)
{
    return portio_check_sequence(buffer, length, (size_t)seq_value_count() * 4u, enabled);
}

static uint32_t build_one_sequence(struct portio_sequence_op one)
{
    return build_sequence(&one, 1);
}

/* A sequence of one op, checked. */
static int check_one(enum portio_op_kind kind, uint16_t port, uint8_t width_bits, uint32_t value)
{
    return check_sequence(build_one_sequence(seq_op(kind, port, width_bits, value)));
}

/* The LPT latch: out, in, out, in, in of the status. */
static const struct portio_sequence_op latch_sequence[] = {
    {0x378, 8, PORTIO_OP_OUT, 0x5A}, {0x378, 8, PORTIO_OP_IN, 0}, {0x378, 8, PORTIO_OP_OUT, 0xA5},
    {0x378, 8, PORTIO_OP_IN, 0}, {0x379, 8, PORTIO_OP_IN, 0},
};

static void sequence_accepts_ins_and_outs_at_every_width(void **state)
{
    (void)state;
    const struct portio_sequence_op ops[] = {
        seq_op(PORTIO_OP_IN, 0x378, 8, 0),
        seq_op(PORTIO_OP_IN, 0x37A, 16, 0),
        seq_op(PORTIO_OP_IN, 0x37C, 32, 0),
        seq_op(PORTIO_OP_OUT, 0x378, 8, 0xFF),
        seq_op(PORTIO_OP_OUT, 0x37F, 8, 0),
        seq_op(PORTIO_OP_OUT, 0x378, 16, 0xFFFF),
        seq_op(PORTIO_OP_OUT, 0x37C, 32, 0xFFFFFFFFu),
        seq_op(PORTIO_OP_IN, 0x80, 8, 0),
    };
    uint32_t length = build_sequence(ops, 8);
    assert_int_equal(length, 16 + 8 * 8);
    assert_int_equal(seq_value_count(), 4);
    assert_int_equal(portio_check_sequence(buffer, length, 16, enabled), PORTIO_CHECK_OK);
    assert_int_equal(check_sequence(build_sequence(latch_sequence, 5)), PORTIO_CHECK_OK);
}

static void sequence_accepts_only_outs_with_no_output(void **state)
{
    (void)state;
    const struct portio_sequence_op ops[] = {seq_op(PORTIO_OP_OUT, 0x378, 8, 1),
                                             seq_op(PORTIO_OP_OUT, 0x80, 8, 2)};
    uint32_t length = build_sequence(ops, 2);
    assert_int_equal(portio_check_sequence(buffer, length, 0, enabled), PORTIO_CHECK_OK);
    assert_int_equal(portio_check_sequence(buffer, length, 4, enabled), PORTIO_CHECK_MALFORMED);
}

static void sequence_accepts_an_unaligned_buffer(void **state)
{
    (void)state;
    uint32_t length = build_sequence(latch_sequence, 5);
    memmove(storage + 1, storage, length);
    assert_int_equal(portio_check_sequence(storage + 1, length, 12, enabled), PORTIO_CHECK_OK);
}

static void sequence_accepts_the_edges_of_the_port_space(void **state)
{
    (void)state;
    portio_bitmap_set(enabled, 0xFFFC, 4, true);
    portio_bitmap_set(enabled, 0, 4, true);
    const struct portio_sequence_op ops[] = {
        seq_op(PORTIO_OP_IN, 0xFFFF, 8, 0), seq_op(PORTIO_OP_IN, 0xFFFE, 16, 0),
        seq_op(PORTIO_OP_OUT, 0xFFFC, 32, 7), seq_op(PORTIO_OP_IN, 0x0000, 32, 0),
    };
    assert_int_equal(check_sequence(build_sequence(ops, 4)), PORTIO_CHECK_OK);
}

/* 4096 ops, and 4097 refused; `big` holds 4097 ops. */
static void sequence_takes_at_most_the_maximum_ops(void **state)
{
    (void)state;
    const uint32_t most = PORTIO_MAX_OPS + 1;
    uint8_t *big = calloc(1, SEQ_HEADER_SIZE + (size_t)most * SEQ_OP_SIZE);
    assert_non_null(big);
    for (uint32_t i = 0; i < most; i++) {
        struct portio_sequence_op one = seq_op(PORTIO_OP_IN, 0x80, 8, 0);
        memcpy(big + SEQ_HEADER_SIZE + i * SEQ_OP_SIZE, &one, sizeof one);
    }
    struct portio_sequence_header header = {SEQ_HEADER_SIZE, PORTIO_MAX_OPS, PORTIO_MAX_OPS, 0};
    memcpy(big, &header, sizeof header);
    assert_int_equal(portio_check_sequence(big, SEQ_HEADER_SIZE + PORTIO_MAX_OPS * SEQ_OP_SIZE,
                                           PORTIO_MAX_OPS * 4u, enabled),
                     PORTIO_CHECK_OK);
    header = (struct portio_sequence_header){SEQ_HEADER_SIZE, most, most, 0};
    memcpy(big, &header, sizeof header);
    assert_int_equal(portio_check_sequence(big, SEQ_HEADER_SIZE + most * SEQ_OP_SIZE, most * 4u, enabled),
                     PORTIO_CHECK_MALFORMED);
    free(big);
}

static void sequence_rejects_a_null_buffer_or_bitmap(void **state)
{
    (void)state;
    assert_int_equal(portio_check_sequence(NULL, 24, 4, enabled), PORTIO_CHECK_MALFORMED);
    uint32_t length = build_one_sequence(seq_op(PORTIO_OP_IN, 0x378, 8, 0));
    assert_int_equal(portio_check_sequence(buffer, length, 4, NULL), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_an_input_length_off_by_one(void **state)
{
    (void)state;
    uint32_t length = build_sequence(latch_sequence, 5);
    assert_int_equal(portio_check_sequence(buffer, length - 1, 12, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, length + 1, 12, enabled), PORTIO_CHECK_MALFORMED);
    /* a whole op more or less than op_count says */
    assert_int_equal(portio_check_sequence(buffer, length - SEQ_OP_SIZE, 12, enabled),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, length + SEQ_OP_SIZE, 12, enabled),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, SEQ_HEADER_SIZE - 1, 12, enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, 0, 0, enabled), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_zero_ops(void **state)
{
    (void)state;
    uint32_t length = build_sequence(NULL, 0);
    assert_int_equal(portio_check_sequence(buffer, length, 0, enabled), PORTIO_CHECK_MALFORMED);
    /* zero ops with one op's room: the length no longer matches either */
    length = build_one_sequence(seq_op(PORTIO_OP_OUT, 0x378, 8, 0));
    set_u32(SEQ_FIELD(op_count), 0);
    assert_int_equal(portio_check_sequence(buffer, length, 0, enabled), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_op_counts_that_wrap(void **state)
{
    (void)state;
    /* 16 + 8 * 0x20000001 wraps to 24 in 32 bits */
    uint32_t length = build_one_sequence(seq_op(PORTIO_OP_OUT, 0x378, 8, 0));
    set_u32(SEQ_FIELD(op_count), 0x20000001u);
    assert_int_equal(portio_check_sequence(buffer, length, 0, enabled), PORTIO_CHECK_MALFORMED);
    /* 4 * 0x40000001 wraps to 4 in 32 bits */
    length = build_one_sequence(seq_op(PORTIO_OP_IN, 0x378, 8, 0));
    set_u32(SEQ_FIELD(value_count), 0x40000001u);
    assert_int_equal(portio_check_sequence(buffer, length, 4, enabled), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_a_wrong_header_size(void **state)
{
    (void)state;
    uint32_t length = build_sequence(latch_sequence, 5);
    const uint32_t sizes[] = {0, 1, SEQ_HEADER_SIZE - 4, SEQ_HEADER_SIZE + 4, SEQ_HEADER_SIZE + 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        set_u32(SEQ_FIELD(size), sizes[i]);
        assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
    }
}

static void sequence_rejects_reserved_not_zero(void **state)
{
    (void)state;
    uint32_t length = build_sequence(latch_sequence, 5);
    set_u32(SEQ_FIELD(reserved), 1);
    assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
    set_u32(SEQ_FIELD(reserved), 0x80000000u);
    assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_unknown_kinds(void **state)
{
    (void)state;
    /* the string kinds too: a sequence has no data */
    const uint8_t kinds[] = {0, PORTIO_OP_INS, PORTIO_OP_OUTS, 5, 0x7F, 0x80, 0xFF};
    for (size_t i = 0; i < sizeof kinds; i++) {
        uint32_t length = build_sequence(latch_sequence, 5);
        buffer[SEQ_OP_FIELD(2, kind)] = kinds[i];
        assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
    }
}

static void sequence_rejects_widths_other_than_8_16_32(void **state)
{
    (void)state;
    const uint8_t widths[] = {0, 1, 4, 7, 9, 15, 24, 31, 33, 64, 128, 255};
    for (size_t i = 0; i < sizeof widths; i++) {
        assert_int_equal(check_one(PORTIO_OP_IN, 0x378, widths[i], 0),
                         PORTIO_CHECK_MALFORMED);
        assert_int_equal(check_one(PORTIO_OP_OUT, 0x378, widths[i], 0),
                         PORTIO_CHECK_MALFORMED);
    }
}

static void sequence_rejects_port_plus_width_past_0xffff(void **state)
{
    (void)state;
    portio_bitmap_set(enabled, 0xFFF0, 0x10, true);
    assert_int_equal(check_one(PORTIO_OP_IN, 0xFFFF, 16, 0), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(PORTIO_OP_IN, 0xFFFD, 32, 0), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(PORTIO_OP_OUT, 0xFFFF, 32, 0), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(PORTIO_OP_OUT, 0xFFFE, 32, 0), PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_in_with_a_value(void **state)
{
    (void)state;
    assert_int_equal(check_one(PORTIO_OP_IN, 0x378, 8, 1), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(PORTIO_OP_IN, 0x378, 32, 0x80000000u),
                     PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_out_value_wider_than_width(void **state)
{
    (void)state;
    assert_int_equal(check_one(PORTIO_OP_OUT, 0x378, 8, 0x100), PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(PORTIO_OP_OUT, 0x378, 8, 0xFFFFFFFFu),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(PORTIO_OP_OUT, 0x378, 16, 0x10000),
                     PORTIO_CHECK_MALFORMED);
    assert_int_equal(check_one(PORTIO_OP_OUT, 0x378, 16, 0x8000FFFFu),
                     PORTIO_CHECK_MALFORMED);
}

static void sequence_rejects_a_wrong_value_count(void **state)
{
    (void)state;
    uint32_t length = build_sequence(latch_sequence, 5); /* 3 INs */
    const uint32_t counts[] = {0, 2, 4, 5, 6};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        set_u32(SEQ_FIELD(value_count), counts[i]);
        /* the output length follows value_count: only the count of INs is wrong */
        assert_int_equal(check_sequence(length), PORTIO_CHECK_MALFORMED);
    }
}

static void sequence_rejects_a_wrong_output_length(void **state)
{
    (void)state;
    uint32_t length = build_sequence(latch_sequence, 5); /* 3 INs: 12 bytes out */
    const size_t outputs[] = {0, 4, 8, 11, 13, 16, 24, length};
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++)
        assert_int_equal(portio_check_sequence(buffer, length, outputs[i], enabled), PORTIO_CHECK_MALFORMED);
    assert_int_equal(portio_check_sequence(buffer, length, 12, enabled), PORTIO_CHECK_OK);
}

static void sequence_refuses_ports_not_enabled(void **state)
{
    (void)state;
    assert_int_equal(check_one(PORTIO_OP_IN, 0x377, 8, 0), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check_one(PORTIO_OP_OUT, 0x380, 8, 0), PORTIO_CHECK_NOT_ENABLED);
    /* a wide op reaching past the enabled ports: 0x37F is, 0x380 is not */
    assert_int_equal(check_one(PORTIO_OP_IN, 0x37F, 16, 0), PORTIO_CHECK_NOT_ENABLED);
    assert_int_equal(check_one(PORTIO_OP_OUT, 0x37E, 32, 0), PORTIO_CHECK_NOT_ENABLED);
    /* 0x80 alone: a 16-bit access there needs 0x81 too */
    assert_int_equal(check_one(PORTIO_OP_IN, 0x80, 16, 0), PORTIO_CHECK_NOT_ENABLED);
    /* an enabled op first, or last, does not let the other through */
    struct portio_sequence_op ops[] = {seq_op(PORTIO_OP_IN, 0x378, 8, 0), seq_op(PORTIO_OP_IN, 0x70, 8, 0)};
    assert_int_equal(check_sequence(build_sequence(ops, 2)), PORTIO_CHECK_NOT_ENABLED);
    ops[0] = seq_op(PORTIO_OP_OUT, 0x70, 8, 0);
    ops[1] = seq_op(PORTIO_OP_OUT, 0x378, 8, 0);
    assert_int_equal(check_sequence(build_sequence(ops, 2)), PORTIO_CHECK_NOT_ENABLED);
    memset(enabled, 0, sizeof enabled);
    assert_int_equal(check_sequence(build_sequence(latch_sequence, 5)), PORTIO_CHECK_NOT_ENABLED);
}

static void sequence_reports_malformed_before_not_enabled(void **state)
{
    (void)state;
    /* the same op: a port not enabled and a bad width */
    assert_int_equal(check_one(PORTIO_OP_IN, 0x70, 12, 0), PORTIO_CHECK_MALFORMED);
    /* a port not enabled in the first op, a malformed second op */
    const struct portio_sequence_op ops[] = {seq_op(PORTIO_OP_IN, 0x70, 8, 0),
                                             seq_op(PORTIO_OP_OUT, 0x378, 8, 0x1FF)};
    assert_int_equal(check_sequence(build_sequence(ops, 2)), PORTIO_CHECK_MALFORMED);
    /* a port not enabled, then only value_count wrong */
    const struct portio_sequence_op ins[] = {seq_op(PORTIO_OP_IN, 0x70, 8, 0),
                                             seq_op(PORTIO_OP_IN, 0x378, 8, 0)};
    uint32_t length = build_sequence(ins, 2);
    set_u32(SEQ_FIELD(value_count), 1);
    assert_int_equal(portio_check_sequence(buffer, length, 4, enabled), PORTIO_CHECK_MALFORMED);
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
        T(sequence_accepts_ins_and_outs_at_every_width),
        T(sequence_accepts_only_outs_with_no_output),
        T(sequence_accepts_an_unaligned_buffer),
        T(sequence_accepts_the_edges_of_the_port_space),
        T(sequence_takes_at_most_the_maximum_ops),
        T(sequence_rejects_a_null_buffer_or_bitmap),
        T(sequence_rejects_an_input_length_off_by_one),
        T(sequence_rejects_zero_ops),
        T(sequence_rejects_op_counts_that_wrap),
        T(sequence_rejects_a_wrong_header_size),
        T(sequence_rejects_reserved_not_zero),
        T(sequence_rejects_unknown_kinds),
        T(sequence_rejects_widths_other_than_8_16_32),
        T(sequence_rejects_port_plus_width_past_0xffff),
        T(sequence_rejects_in_with_a_value),
        T(sequence_rejects_out_value_wider_than_width),
        T(sequence_rejects_a_wrong_value_count),
        T(sequence_rejects_a_wrong_output_length),
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
