/* SPDX-License-Identifier: MIT */
/*
 * Differential fuzzing of portio_check_sequence and portio_sequence_next
 * against the reference (reference_requests.h), on an enabled bitmap built
 * from fuzzed ranges. Most inputs describe a well-formed SEQUENCE near
 * those ranges, then maybe corrupt a field (a kind too, which moves every
 * op after it), a length or a few bytes; some give the bytes raw. Every
 * input is also walked op by op with both decoders.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_enabled.h"
#include "fuzz_input.h"
#include "reference_requests.h"
#include "request_check.h"

#define TARGET "fuzz_check_sequence"
/* Fuzzed requests have a few ops: one of PORTIO_MAX_OPS takes as long as a
 * few hundred small ones, so the longest are checked once, at start-up
 * (long_requests). */
#define MOST_FUZZED_OPS 12u
#define HEADER_BYTES sizeof(struct portio_sequence_header)
#define OP_BYTES sizeof(struct portio_sequence_op)
#define EXTRA_BYTES sizeof(struct portio_sequence_extra)

struct built_op {
    struct portio_sequence_step step;
    bool with_extra; /* decided by the kind before any corruption */
};

static struct built_op ops[MOST_FUZZED_OPS];
static const uint8_t kinds[] = {PORTIO_OP_IN, PORTIO_OP_OUT, PORTIO_OP_WAIT, PORTIO_OP_DELAY, PORTIO_OP_MODIFY};

static void compare(const void *buffer, size_t input_length, size_t output_length, const uint8_t *enabled)
{
    int driver = portio_check_sequence(buffer, input_length, output_length, enabled);
    int reference = reference_check_sequence(buffer, input_length, output_length, enabled);
    if (driver != reference)
        fuzz_disagree(TARGET, "portio_check_sequence says %s, the reference %s (input length %zu, output %zu)",
                      fuzz_check_name(driver), fuzz_check_name(reference), input_length, output_length);
}

/* Both decoders from `start` until they stop (at most `steps_at_most`
 * ops): same answer, same offset, and the same op and extra each time. */
static void walk(const uint8_t *buffer, size_t length, size_t start, size_t steps_at_most)
{
    size_t driver_offset = start, reference_offset = start;
    for (size_t i = 0; i < steps_at_most; i++) {
        struct portio_sequence_step driver_step, reference_step;
        memset(&driver_step, 0xA5, sizeof driver_step);
        memset(&reference_step, 0x5A, sizeof reference_step);
        size_t before = driver_offset;
        bool driver = portio_sequence_next(buffer, length, &driver_offset, &driver_step);
        bool reference = reference_sequence_next(buffer, length, &reference_offset, &reference_step);
        if (driver != reference || driver_offset != reference_offset)
            fuzz_disagree(TARGET,
                          "portio_sequence_next at offset %zu of %zu: %s to offset %zu, the reference %s to %zu",
                          before, length, driver ? "true" : "false", driver_offset, reference ? "true" : "false",
                          reference_offset);
        if (!driver)
            return;
        if (memcmp(&driver_step, &reference_step, sizeof driver_step) != 0)
            fuzz_disagree(TARGET,
                          "portio_sequence_next at offset %zu: op {port 0x%x, width %u, kind %u, value 0x%x}, "
                          "extra {0x%x, %u}; the reference {0x%x, %u, %u, 0x%x}, {0x%x, %u}",
                          before, driver_step.op.port, driver_step.op.width_bits, driver_step.op.kind,
                          driver_step.op.value, driver_step.extra.mask, driver_step.extra.time_us,
                          reference_step.op.port, reference_step.op.width_bits, reference_step.op.kind,
                          reference_step.op.value, reference_step.extra.mask, reference_step.extra.time_us);
    }
}

static void compare_walks(struct fuzz_input *input, const uint8_t *buffer, size_t length)
{
    walk(buffer, length, HEADER_BYTES, MOST_FUZZED_OPS + 2u);
    /* Starts anywhere, odd ones, at and past the end. */
    const size_t starts[] = {0,          1,          length - 16u, length - 9u, length - 8u,
                             length - 7u, length - 1u, length,      length + 1u, (size_t)-1,
                             (size_t)-8, fuzz_u16(input)};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        walk(buffer, length, starts[i], 3);
}

static uint32_t width_mask(uint8_t width_bits)
{
    return width_bits >= 32 ? 0xFFFFFFFFu : (1u << width_bits) - 1u;
}

/* One field of a step made wrong, or odd but right, by `how`. */
static void corrupt_step(struct fuzz_input *input, struct portio_sequence_step *step, uint8_t how)
{
    struct portio_sequence_op *op = &step->op;
    struct portio_sequence_extra *extra = &step->extra;
    static const uint32_t delays[] = {0, 1, PORTIO_MAX_WAIT_US, PORTIO_MAX_WAIT_US + 1u};
    switch (how % 16u) {
    case 0: op->kind = fuzz_u8(input); break;
    case 1: op->width_bits = fuzz_u8(input); break;
    case 2: op->value = op->width_bits >= 32 ? 0xFFFFFFFFu : 1u << (op->width_bits % 32u); break;
    case 3: op->value ^= 1u << fuzz_u8(input) % 32u; break;
    case 4: extra->mask = 0; break;
    case 5: extra->mask |= op->width_bits >= 32 ? 0x80000000u : 1u << (op->width_bits % 32u); break;
    case 6: extra->time_us = PORTIO_MAX_WAIT_US + fuzz_u8(input) % 2u; break;
    case 7: extra->time_us = 1u; break;
    case 8: op->port = fuzz_u16(input); break;
    case 9: op->port = (uint16_t)(0xFFFFu - fuzz_u8(input) % 4u); break;
    case 10: op->value = delays[fuzz_u8(input) % 4u]; break;
    case 11: op->port = (uint16_t)(1u + fuzz_u8(input)); break;
    case 12: op->value = fuzz_u32(input); break;
    case 13: extra->mask = fuzz_u32(input); break;
    case 14: op->kind = kinds[fuzz_u8(input) % sizeof kinds]; break;
    default: op->value = ~extra->mask & width_mask(op->width_bits); break;
    }
}

/* Fills ops[0, op_count), each right for its kind. */
static void build_ops(struct fuzz_input *input, const struct fuzz_enabled *enabled, uint32_t op_count)
{
    static const uint8_t widths[] = {8, 16, 32};
    for (uint32_t i = 0; i < op_count; i++) {
        struct portio_sequence_step *step = &ops[i].step;
        memset(step, 0, sizeof *step);
        step->op.kind = kinds[fuzz_u8(input) % sizeof kinds];
        step->op.width_bits = widths[fuzz_u8(input) % 3u];
        step->op.port = fuzz_port_near(input, enabled);
        const uint32_t mask = width_mask(step->op.width_bits);
        switch (step->op.kind) {
        case PORTIO_OP_OUT:
            step->op.value = fuzz_u32(input) & mask;
            break;
        case PORTIO_OP_WAIT:
            step->extra.mask = fuzz_u32(input) & mask;
            if (step->extra.mask == 0)
                step->extra.mask = 1;
            step->op.value = fuzz_u32(input) & step->extra.mask;
            step->extra.time_us = fuzz_u32(input) % (PORTIO_MAX_WAIT_US + 1u);
            break;
        case PORTIO_OP_DELAY:
            step->op.port = 0;
            step->op.width_bits = 0;
            step->op.value = 1u + fuzz_u32(input) % PORTIO_MAX_WAIT_US;
            break;
        case PORTIO_OP_MODIFY:
            step->op.value = fuzz_u32(input) & mask;
            step->extra.mask = fuzz_u32(input) & mask;
            break;
        default: /* IN: value 0 */
            break;
        }
        ops[i].with_extra = step->op.kind == PORTIO_OP_WAIT || step->op.kind == PORTIO_OP_MODIFY;
        uint8_t corruption = fuzz_u8(input);
        if (corruption >= 0xF0u)
            corrupt_step(input, step, corruption);
    }
}

static void corrupt_header(struct fuzz_input *input, struct portio_sequence_header *header)
{
    uint8_t how = fuzz_u8(input);
    if (how < 0xE0u)
        return;
    switch (how % 8u) {
    case 0: header->size ^= 1u << fuzz_u8(input) % 32u; break;
    case 1: header->reserved = 1u << fuzz_u8(input) % 32u; break;
    case 2: header->op_count = fuzz_u8(input) % 2u ? 0 : fuzz_u32(input); break;
    case 3: header->op_count++; break;
    case 4: header->op_count--; break;
    case 5: header->value_count++; break;
    case 6: header->value_count--; break;
    default: header->value_count = fuzz_u32(input); break;
    }
}

static void structured(struct fuzz_input *input, const struct fuzz_enabled *enabled)
{
    uint32_t op_count = 1u + fuzz_u8(input) % MOST_FUZZED_OPS;
    build_ops(input, enabled, op_count);

    size_t built_length = HEADER_BYTES;
    uint32_t value_count = 0;
    for (uint32_t i = 0; i < op_count; i++) {
        built_length += OP_BYTES + (ops[i].with_extra ? EXTRA_BYTES : 0u);
        uint8_t kind = ops[i].step.op.kind;
        value_count += kind == PORTIO_OP_IN || kind == PORTIO_OP_WAIT || kind == PORTIO_OP_MODIFY;
    }
    struct portio_sequence_header header = {
        .size = HEADER_BYTES, .op_count = op_count, .value_count = value_count, .reserved = 0};
    corrupt_header(input, &header);

    uint8_t *built = malloc(built_length);
    if (!built)
        abort();
    memcpy(built, &header, HEADER_BYTES);
    size_t at = HEADER_BYTES;
    for (uint32_t i = 0; i < op_count; i++) {
        memcpy(built + at, &ops[i].step.op, OP_BYTES);
        at += OP_BYTES;
        if (ops[i].with_extra) {
            memcpy(built + at, &ops[i].step.extra, EXTRA_BYTES);
            at += EXTRA_BYTES;
        }
    }

    size_t input_length = built_length;
    uint64_t reply_length = sizeof(struct portio_sequence_reply) + (uint64_t)header.value_count * 4u;
    size_t output_length = (size_t)reply_length;
    uint8_t lengths = fuzz_u8(input);
    if (lengths >= 0xE0u) {
        input_length = built_length + lengths % 8u - 4u;
        output_length = output_length + (lengths / 8u % 4u) * 4u - 4u;
    }

    /* Exactly the input length, so that reading past it is caught. */
    uint8_t *buffer = calloc(1, input_length ? input_length : 1u);
    if (!buffer)
        abort();
    memcpy(buffer, built, input_length < built_length ? input_length : built_length);
    free(built);

    uint8_t flips = fuzz_u8(input);
    for (uint8_t i = 0; flips >= 0xD0u && input_length > 0 && i <= flips % 4u; i++)
        buffer[fuzz_u16(input) % input_length] ^= (uint8_t)(fuzz_u8(input) | 1u);

    compare(buffer, input_length, output_length, enabled->bitmap);
    compare(buffer, input_length, output_length, NULL);
    compare_walks(input, buffer, input_length);
    free(buffer);
}

/* The rest of the input is the buffer; the output length is what its
 * value_count asks for, or not. */
static void raw(struct fuzz_input *input, uint8_t mode, const uint8_t *enabled)
{
    size_t length = fuzz_left(input);
    uint8_t *buffer = malloc(length ? length : 1u);
    if (!buffer)
        abort();
    memcpy(buffer, input->data + input->at, length);
    input->at = input->size;
    size_t output_length = length;
    if (length >= HEADER_BYTES && !(mode & 0x10u)) {
        struct portio_sequence_header header;
        memcpy(&header, buffer, sizeof header);
        output_length = (size_t)(sizeof(struct portio_sequence_reply) + (uint64_t)header.value_count * 4u);
    }
    compare(buffer, length, output_length, enabled);
    compare_walks(input, buffer, length);
    free(buffer);
}

/* The two kind tables, all 256 kinds. */
static void compare_kind_tables(void)
{
    for (unsigned kind = 0; kind < 256u; kind++) {
        if (portio_sequence_kind_has_extra((uint8_t)kind) != reference_sequence_has_extra((uint8_t)kind))
            fuzz_disagree(TARGET, "portio_sequence_kind_has_extra(%u)", kind);
        if (portio_sequence_kind_has_value((uint8_t)kind) != reference_sequence_has_value((uint8_t)kind))
            fuzz_disagree(TARGET, "portio_sequence_kind_has_value(%u)", kind);
    }
}

/* Requests of PORTIO_MAX_OPS ops, one less and one more, every kind in
 * turn on an enabled port: as they are, then the last op not enabled, or
 * malformed while the first is not enabled, or value_count one short. */
static void long_requests(void)
{
    static uint8_t enabled[PORTIO_BITMAP_BYTES];
    portio_bitmap_set(enabled, 0x80, 4, true);
    static const struct portio_sequence_step steps[] = {
        {{0x80, 8, PORTIO_OP_IN, 0}, {0, 0}},
        {{0x80, 16, PORTIO_OP_OUT, 0xBEEF}, {0, 0}},
        {{0x80, 32, PORTIO_OP_WAIT, 0x10}, {0x30, PORTIO_MAX_WAIT_US}},
        {{0, 0, PORTIO_OP_DELAY, 1}, {0, 0}},
        {{0x81, 8, PORTIO_OP_MODIFY, 0x01}, {0x03, 0}},
    };
    const size_t kinds_count = sizeof steps / sizeof steps[0];
    for (uint32_t op_count = PORTIO_MAX_OPS - 1u; op_count <= PORTIO_MAX_OPS + 1u; op_count++) {
        for (unsigned variant = 0; variant < 4u; variant++) {
            uint8_t *buffer = malloc(HEADER_BYTES + (size_t)op_count * (OP_BYTES + EXTRA_BYTES));
            if (!buffer)
                abort();
            size_t length = HEADER_BYTES;
            uint32_t values = 0;
            for (uint32_t i = 0; i < op_count; i++) {
                struct portio_sequence_step step = steps[i % kinds_count];
                if (i == 0 && variant == 2u)
                    step.op.port = 0x90;
                if (i == op_count - 1u && variant == 1u)
                    step = (struct portio_sequence_step){{0x84, 8, PORTIO_OP_IN, 0}, {0, 0}};
                if (i == op_count - 1u && variant == 2u)
                    step.op.width_bits = 24;
                memcpy(buffer + length, &step.op, OP_BYTES);
                length += OP_BYTES;
                if (portio_sequence_kind_has_extra(step.op.kind)) {
                    memcpy(buffer + length, &step.extra, EXTRA_BYTES);
                    length += EXTRA_BYTES;
                }
                values += portio_sequence_kind_has_value(step.op.kind);
            }
            struct portio_sequence_header header = {HEADER_BYTES, op_count, values - (variant == 3u), 0};
            memcpy(buffer, &header, HEADER_BYTES);
            compare(buffer, length, sizeof(struct portio_sequence_reply) + (size_t)header.value_count * 4u, enabled);
            free(buffer);
        }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    compare_kind_tables();
    long_requests();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input input = {data, size, 0};
    uint8_t mode = fuzz_u8(&input);
    const struct fuzz_enabled enabled = fuzz_enabled_bitmap(&input, TARGET);
    if (mode % 8u == 0)
        raw(&input, mode, enabled.bitmap);
    else
        structured(&input, &enabled);
    compare(NULL, HEADER_BYTES, HEADER_BYTES + 4u, enabled.bitmap);
    return 0;
}
