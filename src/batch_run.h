/* SPDX-License-Identifier: MIT */
/* Running checked batch ops: one runner for every backend that runs them
 * itself (devport, the mock, the front's fallback, the in-process x86
 * loop), so that waits, delays and modifies mean the same everywhere. */
#ifndef PORTIO_BATCH_RUN_H
#define PORTIO_BATCH_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "portio.h"
#include "x86_io.h"

/*
 * An op as two 8-byte words, for the loops that every batch goes through
 * (the check pass, the x86 loop): two loads per op instead of one per
 * field. Under emulation (QEMU's TCG) each load of the guest costs several
 * instructions of the host, so the fields' loads would cost a good part of
 * a port access. head: port, width_bits, kind, value; tail: mask, time_us.
 */
#define PORTIO_OP_PORT(head) ((uint16_t)(head))
#define PORTIO_OP_WIDTH(head) ((unsigned)((head) >> 16) & 0xFFu)
#define PORTIO_OP_KIND(head) ((unsigned)((head) >> 24) & 0xFFu)
#define PORTIO_OP_VALUE(head) ((uint32_t)((head) >> 32))
#define PORTIO_OP_MASK(tail) ((uint32_t)(tail))
#define PORTIO_OP_TIME(tail) ((uint32_t)((tail) >> 32))
/* width_bits and kind together, as in head >> 16 */
#define PORTIO_OP_SHAPE(kind, width_bits) ((unsigned)(kind) << 8 | (unsigned)(width_bits))

#if (defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) || defined(_MSC_VER)
_Static_assert(offsetof(portio_batch_op, width_bits) == 2 && offsetof(portio_batch_op, kind) == 3 &&
                   offsetof(portio_batch_op, value) == 4 && offsetof(portio_batch_op, mask) == 8 &&
                   offsetof(portio_batch_op, time_us) == 12,
               "the op words below read portio_batch_op as laid out in portio.h");
static inline uint64_t portio_op_head(const portio_batch_op *op)
{
    uint64_t head;
    memcpy(&head, op, sizeof head);
    return head;
}
static inline uint64_t portio_op_tail(const portio_batch_op *op)
{
    uint64_t tail;
    memcpy(&tail, &op->mask, sizeof tail);
    return tail;
}
#else
static inline uint64_t portio_op_head(const portio_batch_op *op)
{
    return op->port | (uint64_t)op->width_bits << 16 | (uint64_t)op->kind << 24 |
           (uint64_t)op->value << 32;
}
static inline uint64_t portio_op_tail(const portio_batch_op *op)
{
    return op->mask | (uint64_t)op->time_us << 32;
}
#endif

/* How a runner touches ports and time. read and write return PORTIO_OK or
 * a status with the message set; read writes *value only on success. */
struct portio_batch_io {
    int (*read)(const void *context, uint16_t port, unsigned width_bits, uint32_t *value);
    int (*write)(const void *context, uint16_t port, unsigned width_bits, uint32_t value);
    uint64_t (*now_us)(const void *context);
    void (*pause_us)(const void *context, uint32_t us);
    const void *context;
};

/* A wait keeps polling without a pause for this long after its first miss,
 * then pauses this long between polls (less where the deadline is nearer). */
#define PORTIO_WAIT_SPIN_US 50u
#define PORTIO_WAIT_PAUSE_US 100u

/* Runs ops[0 .. count-1], which portio_batch has checked. PORTIO_OK, or
 * the status of the op that stopped the batch, with the message set
 * (portio_batch_timed_out, portio_batch_stopped). */
int portio_batch_run(const struct portio_batch_io *io, portio_batch_op *ops, size_t count);

/* Runs ops[index] alone, with the index in any message. */
int portio_batch_run_op(const struct portio_batch_io *io, portio_batch_op *ops, size_t index);

/* The rest of the WAIT ops[index], whose first poll, in ops[index].result,
 * missed: for runners that make the first poll themselves. */
int portio_batch_wait_rest(const struct portio_batch_io *io, portio_batch_op *ops, size_t index);

static inline int portio_batch_wait_met(const portio_batch_op *op, uint32_t value)
{
    return ((value ^ op->value) & op->mask) == 0;
}

/* The system's monotonic clock (clock.h), as io callbacks. */
uint64_t portio_batch_clock_now(const void *context);
void portio_batch_clock_pause(const void *context, uint32_t us);

/* "read", "write", "wait", "delay", "modify"; "unknown" for another kind. */
const char *portio_batch_kind_name(unsigned kind);

#if PORTIO_HAVE_X86_IO
/* For the loop below: what it leaves to others (other widths, delays,
 * modifies), and the rest of an 8-bit wait whose first poll missed. */
int portio_batch_inline_other(portio_batch_op *ops, size_t index);
int portio_batch_inline_wait_rest(portio_batch_op *ops, size_t index);

/* portio_batch_inline (backend.h), inline for portio_batch: under
 * emulation a call and its return cost about what a port access costs.
 * The 8-bit reads, writes and a wait's first poll are the instructions in
 * this loop, each op read as one word; only what takes time anyway
 * (delays, a wait's later polls), modifies and wider ops go out of it. */
static inline int portio_batch_inline_loop(portio_batch_op *ops, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        portio_batch_op *op = &ops[i];
        uint64_t head = portio_op_head(op);
        uint16_t port = PORTIO_OP_PORT(head);
        unsigned shape = (unsigned)(head >> 16) & 0xFFFFu;
        int status = PORTIO_OK;
        if (shape == PORTIO_OP_SHAPE(PORTIO_BATCH_READ, 8)) {
            op->value = portio_x86_inb(port);
        } else if (shape == PORTIO_OP_SHAPE(PORTIO_BATCH_WRITE, 8)) {
            portio_x86_outb(port, (uint8_t)PORTIO_OP_VALUE(head));
        } else if (shape == PORTIO_OP_SHAPE(PORTIO_BATCH_WAIT, 8)) {
            uint32_t value = portio_x86_inb(port);
            op->result = value;
            if (((value ^ PORTIO_OP_VALUE(head)) & op->mask) != 0)
                status = portio_batch_inline_wait_rest(ops, i);
        } else {
            status = portio_batch_inline_other(ops, i);
        }
        if (status != PORTIO_OK)
            return status;
    }
    return PORTIO_OK;
}
#endif

#endif
