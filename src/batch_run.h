/* Running checked batch ops: one runner for every backend that runs them
 * itself (devport, the mock, the front's fallback, the in-process x86
 * loop), so that waits, delays and modifies mean the same everywhere. */
#ifndef PORTIO_BATCH_RUN_H
#define PORTIO_BATCH_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "portio.h"

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

#endif
