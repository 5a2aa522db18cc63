/* portio_batch: a sequence of checked accesses. Every op is checked before
 * any runs, so a refused batch has touched no port; then the ops run
 * inline, through the backend's batch hook, or one by one. */
#include "portio.h"

#include <stdio.h>

#include "backend.h"
#include "errors.h"
#include "front.h"
#include "ranges.h"
#include "x86_io.h"

/* "portio_batch: op 3 (read of 16 bits at port 0x037A)"; only for messages,
 * so the path that succeeds formats nothing. */
static const char *describe(char *text, size_t size, const portio_batch_op *op, size_t index)
{
    snprintf(text, size, "portio_batch: op %zu (%s of %u bits at port 0x%04X)", index,
             op->kind ? "write" : "read", op->width_bits, op->port);
    return text;
}

/* What portio_read and portio_write check, and the write flag. */
static int check_op(const portio_batch_op *op, size_t index)
{
    char what[80];
    if (op->width_bits != 8 && op->width_bits != 16 && op->width_bits != 32)
        return portio_fail(PORTIO_E_INVALID,
                           "portio_batch: op %zu (at port 0x%04X): the width is %u bits; it must be "
                           "8, 16 or 32",
                           index, op->port, op->width_bits);
    if (op->kind > 1)
        return portio_fail(PORTIO_E_INVALID,
                           "portio_batch: op %zu (%u bits at port 0x%04X): kind is %u; set it to 0 "
                           "to read or 1 to write",
                           index, op->width_bits, op->port, op->kind);
    unsigned bytes = op->width_bits / 8u;
    if ((uint32_t)op->port + bytes > PORTIO_PORT_COUNT)
        return portio_fail(PORTIO_E_INVALID, "%s: a %u-bit access there would run past port 0xFFFF",
                           describe(what, sizeof what, op, index), op->width_bits);
    if (op->kind && op->width_bits < 32 && (op->value >> op->width_bits) != 0)
        return portio_fail(PORTIO_E_INVALID, "%s: the value 0x%X does not fit in %u bits",
                           describe(what, sizeof what, op, index), op->value, op->width_bits);
    if (!portio_ranges_contain(op->port, bytes))
        return portio_front_refuse_unenabled(describe(what, sizeof what, op, index), op->port,
                                             bytes);
    return PORTIO_OK;
}

#if PORTIO_HAVE_X86_IO
int portio_batch_inline(portio_batch_op *ops, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        portio_batch_op *op = &ops[i];
        if (op->kind)
            portio_x86_out(op->port, op->width_bits, op->value);
        else
            op->value = portio_x86_in(op->port, op->width_bits);
    }
    return PORTIO_OK;
}
#endif

int portio_batch_stopped(int status, size_t index)
{
    /* A copy: the new message is written where the old one is. */
    char cause[512];
    snprintf(cause, sizeof cause, "%s", portio_last_error());
    if (index == 0)
        return portio_fail(status, "portio_batch: stopped at op 0, before any op ran: %s", cause);
    return portio_fail(status, "portio_batch: stopped at op %zu, after ops 0-%zu ran: %s", index,
                       index - 1, cause);
}

/* Without a hook: one access at a time, up to the first failure. */
static int run_one_by_one(const struct portio_backend *backend, portio_batch_op *ops, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        portio_batch_op *op = &ops[i];
        int status;
        if (op->kind) {
            status = backend->write(op->port, op->width_bits, op->value);
        } else {
            uint32_t value;
            status = backend->read(op->port, op->width_bits, &value);
            if (status == PORTIO_OK)
                op->value = value;
        }
        if (status != PORTIO_OK)
            return portio_batch_stopped(status, i);
    }
    return PORTIO_OK;
}

int portio_batch(portio_batch_op *ops, size_t count)
{
    if (count == 0)
        return PORTIO_OK;
    if (!ops)
        return portio_fail(PORTIO_E_INVALID, "portio_batch(NULL, %zu): give the ops to run", count);
    for (size_t i = 0; i < count; i++) {
        int status = check_op(&ops[i], i);
        if (status != PORTIO_OK)
            return status;
    }
    const struct portio_backend *backend;
    int status = portio_front_sync_thread(&backend);
    if (status != PORTIO_OK)
        return status;
#if PORTIO_HAVE_X86_IO
    if (portio_inline_instructions())
        return portio_batch_inline(ops, count);
#endif
    if (backend->batch)
        return backend->batch(ops, count);
    return run_one_by_one(backend, ops, count);
}
