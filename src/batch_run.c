/* SPDX-License-Identifier: MIT */
/* The batch runner over callbacks, and the in-process x86 loop that runs
 * reads and writes as bare instructions and the rest through the runner. */
#include "batch_run.h"

#include "backend.h"
#include "clock.h"
#include "x86_io.h"

const char *portio_batch_kind_name(unsigned kind)
{
    static const char *const names[] = {"read", "write", "wait", "delay", "modify"};
    return kind < sizeof names / sizeof names[0] ? names[kind] : "unknown";
}

uint64_t portio_batch_clock_now(const void *context)
{
    (void)context;
    return portio_clock_now_us();
}

void portio_batch_clock_pause(const void *context, uint32_t us)
{
    (void)context;
    portio_clock_pause_us(us);
}

/* The clock is read only after a miss: a wait met at its first poll costs
 * one read and a compare. The last poll comes at the deadline; a wait of
 * 0 us has made its only poll. */
int portio_batch_wait_rest(const struct portio_batch_io *io, portio_batch_op *ops, size_t index)
{
    portio_batch_op *op = &ops[index];
    uint64_t start = io->now_us(io->context);
    for (;;) {
        uint64_t elapsed = io->now_us(io->context) - start;
        if (elapsed >= op->time_us)
            return portio_batch_timed_out(ops, index);
        if (elapsed >= PORTIO_WAIT_SPIN_US) {
            uint64_t left = op->time_us - elapsed;
            io->pause_us(io->context, left < PORTIO_WAIT_PAUSE_US ? (uint32_t)left : PORTIO_WAIT_PAUSE_US);
        }
        uint32_t value;
        int status = io->read(io->context, op->port, op->width_bits, &value);
        if (status != PORTIO_OK)
            return portio_batch_stopped(status, index);
        op->result = value;
        if (portio_batch_wait_met(op, value))
            return PORTIO_OK;
    }
}

int portio_batch_run_op(const struct portio_batch_io *io, portio_batch_op *ops, size_t index)
{
    portio_batch_op *op = &ops[index];
    uint32_t value = 0;
    int status = PORTIO_OK;
    switch (op->kind) {
    case PORTIO_BATCH_READ:
        status = io->read(io->context, op->port, op->width_bits, &value);
        if (status == PORTIO_OK)
            op->value = value;
        break;
    case PORTIO_BATCH_WRITE:
        status = io->write(io->context, op->port, op->width_bits, op->value);
        break;
    case PORTIO_BATCH_WAIT:
        status = io->read(io->context, op->port, op->width_bits, &value);
        if (status != PORTIO_OK)
            break;
        op->result = value;
        if (portio_batch_wait_met(op, value))
            return PORTIO_OK;
        return portio_batch_wait_rest(io, ops, index); /* its message is set */
    case PORTIO_BATCH_DELAY:
        io->pause_us(io->context, op->time_us);
        break;
    default: /* PORTIO_BATCH_MODIFY: the check let no other kind through */
        status = io->read(io->context, op->port, op->width_bits, &value);
        if (status != PORTIO_OK)
            break;
        op->result = value;
        status = io->write(io->context, op->port, op->width_bits, (value & ~op->mask) | op->value);
        break;
    }
    return status == PORTIO_OK ? PORTIO_OK : portio_batch_stopped(status, index);
}

int portio_batch_run(const struct portio_batch_io *io, portio_batch_op *ops, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        int status = portio_batch_run_op(io, ops, i);
        if (status != PORTIO_OK)
            return status;
    }
    return PORTIO_OK;
}

#if PORTIO_HAVE_X86_IO
static int x86_read(const void *context, uint16_t port, unsigned width_bits, uint32_t *value)
{
    (void)context;
    *value = portio_x86_in(port, width_bits);
    return PORTIO_OK;
}

static int x86_write(const void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)context;
    portio_x86_out(port, width_bits, value);
    return PORTIO_OK;
}

static const struct portio_batch_io x86_io = {
    x86_read, x86_write, portio_batch_clock_now, portio_batch_clock_pause, NULL,
};

int portio_batch_inline_other(portio_batch_op *ops, size_t index)
{
    portio_batch_op *op = &ops[index];
    if (op->kind == PORTIO_BATCH_READ)
        op->value = portio_x86_in(op->port, op->width_bits);
    else if (op->kind == PORTIO_BATCH_WRITE)
        portio_x86_out(op->port, op->width_bits, op->value);
    else
        return portio_batch_run_op(&x86_io, ops, index);
    return PORTIO_OK;
}

int portio_batch_inline_wait_rest(portio_batch_op *ops, size_t index)
{
    return portio_batch_wait_rest(&x86_io, ops, index);
}

int portio_batch_inline(portio_batch_op *ops, size_t count)
{
    return portio_batch_inline_loop(ops, count);
}
#endif
