/* SPDX-License-Identifier: MIT */
/*
 * TRANSFER and SEQUENCE requests as the driver-host tests build them
 * (portio_protocol.h's layouts), and their answers read back: one
 * builder for the serial and the concurrent tests.
 */
#ifndef PORTIO_REQUEST_BUFFERS_H
#define PORTIO_REQUEST_BUFFERS_H

#include <stdint.h>

#define REQUEST_BUFFER_BYTES 4096u

/* A TRANSFER: the header, ops from offset 16, string data after them.
 * Answers come back in the same layout. */
struct transfer {
    uint8_t bytes[REQUEST_BUFFER_BYTES];
    uint32_t ops;
    uint32_t size; /* the header's total_size */
};

/* Empty, with a header that says `ops` ops and `size` bytes (a test may
 * state what the ops will not match). */
void transfer_start(struct transfer *t, uint32_t ops, uint32_t size);
/* Appends op number t->ops. */
void transfer_op(struct transfer *t, uint8_t kind, uint16_t port, uint8_t width, uint32_t value, uint32_t count,
                 uint32_t data_offset);
/* The header for the ops appended and `data_bytes` of string data after
 * them; returns where that data starts. */
uint32_t transfer_finish(struct transfer *t, uint32_t data_bytes);
/* Op `index`'s value field (an IN's answer). */
uint32_t transfer_value(const struct transfer *t, uint32_t index);

/* A SEQUENCE: its input, and room for its answer. */
struct sequence {
    uint8_t in[REQUEST_BUFFER_BYTES];
    uint32_t in_length;
    uint32_t ops, values;
    uint8_t out[REQUEST_BUFFER_BYTES];
};

void sequence_start(struct sequence *s);
/* Appends an op, and its extra for a WAIT or MODIFY. */
void sequence_op(struct sequence *s, uint8_t kind, uint16_t port, uint8_t width, uint32_t value, uint32_t mask,
                 uint32_t time_us);
/* Writes the header; returns the output length the request must have. */
uint32_t sequence_finish(struct sequence *s);
/* The k-th value of the answer in s->out. */
uint32_t sequence_value(const struct sequence *s, uint32_t k);

#endif
