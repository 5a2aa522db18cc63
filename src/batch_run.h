/* Running checked batch ops: one runner for every backend that runs them
 * itself (devport, the mock, the front's fallback, the in-process x86
 * loop), so that waits, delays and modifies mean the same everywhere. */
#ifndef PORTIO_BATCH_RUN_H
#define PORTIO_BATCH_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "portio.h"

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
