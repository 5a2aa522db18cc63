/* SPDX-License-Identifier: MIT */
/*
 * Differential fuzzing of portio_check_transfer against the reference
 * (reference_requests.h), on an enabled bitmap built from fuzzed ranges.
 * Most inputs describe a well-formed TRANSFER near those ranges, then maybe
 * corrupt a field, a length or a few bytes, so that OK, NOT_ENABLED and
 * every kind of MALFORMED all come often; some give the bytes raw, and some
 * build a request at the size limit.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_enabled.h"
#include "fuzz_input.h"
#include "reference_requests.h"
#include "request_check.h"

#define TARGET "fuzz_check_transfer"
/* Fuzzed requests have a few ops: one of PORTIO_MAX_OPS takes as long as a
 * few hundred small ones, so the longest are checked once, at start-up
 * (long_requests). */
#define MOST_FUZZED_OPS 12u
#define HEADER_BYTES sizeof(struct portio_transfer_header)
#define OP_BYTES sizeof(struct portio_op)

static struct portio_op ops[MOST_FUZZED_OPS];
/* Requests at the size limit are built here rather than allocated: only
 * the header and the ops are written, the checks read nothing else. */
static uint8_t big_buffer[PORTIO_MAX_TRANSFER_SIZE + 64u];

static void compare(const void *buffer, size_t input_length, size_t output_length, const uint8_t *enabled)
{
    int driver = portio_check_transfer(buffer, input_length, output_length, enabled);
    int reference = reference_check_transfer(buffer, input_length, output_length, enabled);
    if (driver != reference)
        fuzz_disagree(TARGET, "portio_check_transfer says %s, the reference %s (input length %zu, output %zu)",
                      fuzz_check_name(driver), fuzz_check_name(reference), input_length, output_length);
}

static uint32_t width_mask(uint8_t width_bits)
{
    return width_bits >= 32 ? 0xFFFFFFFFu : (1u << width_bits) - 1u;
}

/* One field of op `op` made wrong, or odd but right, by `how`. */
static void corrupt_op(struct fuzz_input *input, struct portio_op *op, uint8_t how, uint32_t ops_end)
{
    static const uint8_t odd_widths[] = {0, 1, 4, 7, 24, 64};
    const uint32_t element = op->width_bits / 8u;
    switch (how % 16u) {
    case 0: op->kind = fuzz_u8(input); break;
    case 1: op->width_bits = fuzz_u8(input); break;
    case 2: op->count++; break;
    case 3: op->count--; break;
    case 4: op->data_offset++; break;
    case 5: op->data_offset -= element; break;
    case 6: op->data_offset = ops_end - element; break;
    case 7: op->value = op->width_bits >= 32 ? 0xFFFFFFFFu : 1u << op->width_bits; break;
    case 8: op->port = fuzz_u16(input); break;
    case 9: op->count = 0xFFFFFFFFu - fuzz_u8(input) % 4u; break;
    case 10: op->data_offset = 0xFFFFFFFFu - fuzz_u8(input); break;
    case 11: op->count = fuzz_u32(input); break;
    case 12: op->data_offset = fuzz_u32(input); break;
    case 13: op->port = (uint16_t)(0xFFFFu - fuzz_u8(input) % 4u); break;
    case 14: op->kind = (uint8_t)(PORTIO_OP_WAIT + fuzz_u8(input) % 3u); break;
    default: op->width_bits = odd_widths[fuzz_u8(input) % sizeof odd_widths]; break;
    }
}

/* Fills ops[0, op_count): ops on ports near those enabled, string data
 * from `data_start` on, one after another. Returns where the data ends. */
static uint64_t build_ops(struct fuzz_input *input, const struct fuzz_enabled *enabled, uint32_t op_count,
                          uint32_t ops_end, uint64_t data_start, bool writes_only)
{
    static const uint8_t widths[] = {8, 16, 32};
    uint64_t data_end = data_start;
    for (uint32_t i = 0; i < op_count; i++) {
        struct portio_op *op = &ops[i];
        memset(op, 0, sizeof *op);
        op->kind = (uint8_t)(PORTIO_OP_IN + fuzz_u8(input) % 4u);
        if (writes_only) /* OUT or OUTS */
            op->kind = (uint8_t)(op->kind % 2u ? op->kind + 1u : op->kind);
        op->width_bits = widths[fuzz_u8(input) % 3u];
        op->port = fuzz_port_near(input, enabled);
        const uint32_t element = op->width_bits / 8u;
        if (op->kind == PORTIO_OP_OUT) {
            op->value = fuzz_u32(input) & width_mask(op->width_bits);
        } else if (op->kind == PORTIO_OP_INS || op->kind == PORTIO_OP_OUTS) {
            op->count = 1u + fuzz_u8(input) % 8u;
            data_end = (data_end + element - 1u) / element * element;
            op->data_offset = (uint32_t)data_end;
            data_end += (uint64_t)op->count * element;
        }
        uint8_t corruption = fuzz_u8(input);
        if (corruption >= 0xF0u)
            corrupt_op(input, op, corruption, ops_end);
    }
    return data_end;
}

static void corrupt_header(struct fuzz_input *input, struct portio_transfer_header *header)
{
    uint8_t how = fuzz_u8(input);
    if (how < 0xE0u)
        return;
    switch (how % 8u) {
    case 0: header->size ^= 1u << fuzz_u8(input) % 32u; break;
    case 1: header->reserved = 1u << fuzz_u8(input) % 32u; break;
    case 2: header->op_count = 0; break;
    case 3: header->op_count++; break;
    case 4: header->op_count--; break;
    case 5: header->total_size++; break;
    case 6: header->total_size--; break;
    default: header->op_count = fuzz_u32(input); break;
    }
}

/* A TRANSFER of a few ops; `at_limit`: total_size just under or over
 * PORTIO_MAX_TRANSFER_SIZE, the string data at the far end. Mode 0x40:
 * no output (the answer of writes only); 0x20: writes only. */
static void structured(struct fuzz_input *input, const struct fuzz_enabled *enabled, bool at_limit, uint8_t mode)
{
    const bool writes_only = (mode & 0x20u) != 0;
    uint32_t op_count = 1u + fuzz_u8(input) % MOST_FUZZED_OPS;
    const uint32_t ops_end = (uint32_t)(HEADER_BYTES + (uint64_t)op_count * OP_BYTES);

    uint64_t total_size;
    if (at_limit) {
        /* Every byte the checks could read, whatever op_count ends up as:
         * nothing from the previous input. */
        memset(big_buffer, 0, HEADER_BYTES + PORTIO_MAX_OPS * OP_BYTES);
        total_size = PORTIO_MAX_TRANSFER_SIZE - 32u + fuzz_u8(input) % 64u;
        build_ops(input, enabled, op_count, ops_end, (total_size - fuzz_u8(input)) & ~(uint64_t)3,
                  writes_only);
    } else {
        uint64_t data_end = build_ops(input, enabled, op_count, ops_end, ops_end, writes_only);
        uint8_t slack = fuzz_u8(input);
        total_size = data_end + (slack >= 0xC0u ? slack % 8u : 0u);
    }

    struct portio_transfer_header header = {
        .size = HEADER_BYTES, .op_count = op_count, .total_size = (uint32_t)total_size, .reserved = 0};
    corrupt_header(input, &header);

    size_t input_length = (size_t)total_size, output_length = mode & 0x40u ? 0u : (size_t)total_size;
    uint8_t lengths = fuzz_u8(input);
    if (lengths >= 0xE0u) {
        input_length = (size_t)total_size + lengths % 8u - 4u;
        output_length = lengths & 8u ? input_length + 16u : input_length;
    }

    /* The header and ops as far as the input length reaches; the rest zeros.
     * Allocated to the byte, so that reading past the input is caught. */
    uint8_t *buffer = at_limit ? big_buffer : calloc(1, input_length ? input_length : 1u);
    if (!buffer)
        abort();
    static uint8_t image[HEADER_BYTES + MOST_FUZZED_OPS * OP_BYTES];
    memcpy(image, &header, HEADER_BYTES);
    memcpy(image + HEADER_BYTES, ops, (size_t)op_count * OP_BYTES);
    memcpy(buffer, image, input_length < ops_end ? input_length : ops_end);

    /* A few flipped bits in the header and ops. */
    uint8_t flips = fuzz_u8(input);
    size_t region = input_length < ops_end ? input_length : ops_end;
    for (uint8_t i = 0; flips >= 0xD0u && region > 0 && i <= flips % 4u; i++)
        buffer[fuzz_u16(input) % region] ^= (uint8_t)(fuzz_u8(input) | 1u);

    compare(buffer, input_length, output_length, enabled->bitmap);
    compare(buffer, input_length, output_length, NULL);
    if (!at_limit)
        free(buffer);
}

/* The rest of the input is the buffer. */
static void raw(struct fuzz_input *input, uint8_t mode, const uint8_t *enabled)
{
    size_t length = fuzz_left(input);
    uint8_t *buffer = malloc(length ? length : 1u);
    if (!buffer)
        abort();
    memcpy(buffer, input->data + input->at, length);
    size_t output_length = mode & 0x10u ? length + 16u : mode & 0x20u ? 0u : length;
    compare(buffer, length, output_length, enabled);
    free(buffer);
}

/* Requests of PORTIO_MAX_OPS ops, one less and one more: IN ops on an
 * enabled port, then the last op not enabled, or malformed while the first
 * is not enabled, or an OUTS whose data ends the buffer. */
static void long_requests(void)
{
    static uint8_t enabled[PORTIO_BITMAP_BYTES];
    portio_bitmap_set(enabled, 0x80, 4, true);
    for (uint32_t op_count = PORTIO_MAX_OPS - 1u; op_count <= PORTIO_MAX_OPS + 1u; op_count++) {
        for (unsigned variant = 0; variant < 4u; variant++) {
            const size_t ops_end = HEADER_BYTES + (size_t)op_count * OP_BYTES;
            const size_t total_size = ops_end + 64u;
            uint8_t *buffer = calloc(1, total_size);
            if (!buffer)
                abort();
            struct portio_transfer_header header = {HEADER_BYTES, op_count, (uint32_t)total_size, 0};
            memcpy(buffer, &header, HEADER_BYTES);
            for (uint32_t i = 0; i < op_count; i++) {
                struct portio_op op = {.port = 0x80, .width_bits = 8, .kind = PORTIO_OP_IN};
                if (i == 0 && variant == 2u)
                    op.port = 0x90;
                if (i == op_count - 1u) {
                    if (variant == 1u) {
                        op.port = 0x84;
                    } else if (variant == 2u) {
                        op.kind = 0;
                    } else if (variant == 3u) {
                        op = (struct portio_op){.port = 0x80, .width_bits = 32, .kind = PORTIO_OP_OUTS,
                                                .count = 16, .data_offset = (uint32_t)ops_end};
                    }
                }
                memcpy(buffer + HEADER_BYTES + (size_t)i * OP_BYTES, &op, OP_BYTES);
            }
            compare(buffer, total_size, total_size, enabled);
            compare(buffer, total_size, 0, enabled);
            free(buffer);
        }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
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
        structured(&input, &enabled, mode % 8u == 1, mode);
    compare(NULL, HEADER_BYTES, HEADER_BYTES, enabled.bitmap);
    return 0;
}
