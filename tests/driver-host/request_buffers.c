/* SPDX-License-Identifier: MIT */
/*
 * Building requests for the driver-host tests (request_buffers.h).
 */
#include "request_buffers.h"

#include <string.h>

#include "portio_protocol.h"

void transfer_start(struct transfer *t, uint32_t ops, uint32_t size)
{
    memset(t, 0, sizeof *t);
    struct portio_transfer_header header = {sizeof header, ops, size, 0};
    memcpy(t->bytes, &header, sizeof header);
    t->size = size;
}

void transfer_op(struct transfer *t, uint8_t kind, uint16_t port, uint8_t width, uint32_t value, uint32_t count,
                 uint32_t data_offset)
{
    struct portio_op op = {port, width, kind, count, value, data_offset};
    memcpy(t->bytes + sizeof(struct portio_transfer_header) + (size_t)t->ops * sizeof op, &op, sizeof op);
    t->ops++;
}

uint32_t transfer_finish(struct transfer *t, uint32_t data_bytes)
{
    const uint32_t data_at =
        (uint32_t)(sizeof(struct portio_transfer_header) + (size_t)t->ops * sizeof(struct portio_op));
    t->size = data_at + data_bytes;
    struct portio_transfer_header header = {sizeof header, t->ops, t->size, 0};
    memcpy(t->bytes, &header, sizeof header);
    return data_at;
}

uint32_t transfer_value(const struct transfer *t, uint32_t index)
{
    struct portio_op op;
    memcpy(&op, t->bytes + sizeof(struct portio_transfer_header) + (size_t)index * sizeof op, sizeof op);
    return op.value;
}

void sequence_start(struct sequence *s)
{
    memset(s, 0, sizeof *s);
    s->in_length = sizeof(struct portio_sequence_header);
}

void sequence_op(struct sequence *s, uint8_t kind, uint16_t port, uint8_t width, uint32_t value, uint32_t mask,
                 uint32_t time_us)
{
    struct portio_sequence_op op = {port, width, kind, value};
    memcpy(s->in + s->in_length, &op, sizeof op);
    s->in_length += sizeof op;
    if (kind == PORTIO_OP_WAIT || kind == PORTIO_OP_MODIFY) {
        struct portio_sequence_extra extra = {mask, time_us};
        memcpy(s->in + s->in_length, &extra, sizeof extra);
        s->in_length += sizeof extra;
    }
    s->ops++;
    /* the protocol's rule written out, not request_check.c's: the tests
     * hold the driver to it */
    s->values += kind == PORTIO_OP_IN || kind == PORTIO_OP_WAIT || kind == PORTIO_OP_MODIFY;
}

uint32_t sequence_finish(struct sequence *s)
{
    struct portio_sequence_header header = {sizeof header, s->ops, s->values, 0};
    memcpy(s->in, &header, sizeof header);
    return (uint32_t)(sizeof(struct portio_sequence_reply) + 4u * s->values);
}

uint32_t sequence_value(const struct sequence *s, uint32_t k)
{
    uint32_t value;
    memcpy(&value, s->out + sizeof(struct portio_sequence_reply) + 4u * k, sizeof value);
    return value;
}
