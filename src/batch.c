/* SPDX-License-Identifier: MIT */
/* portio_batch: a sequence of checked ops. Every op is checked before any
 * runs, so a refused batch has touched no port; then the ops run inline,
 * through the backend's batch hook, or through the generic runner, all
 * under the batch lock, so that batches of the process never interleave. */
#include "portio.h"

#include <stdbool.h>
#include <stdio.h>

#include "backend.h"
#include "batch_run.h"
#include "errors.h"
#include "front.h"
#include "lock.h"
#include "ranges.h"
#include "x86_io.h"

portio_batch_lock_t portio_batch_lock = PORTIO_BATCH_LOCK_INIT;

/* "portio_batch: op 3 (read of 16 bits at port 0x037A)" or "portio_batch:
 * op 4 (delay of 500 us)"; only for messages, so the path that succeeds
 * formats nothing. */
static const char *describe(char *text, size_t size, const portio_batch_op *op, size_t index)
{
    if (op->kind == PORTIO_BATCH_DELAY)
        snprintf(text, size, "portio_batch: op %zu (delay of %u us)", index, op->time_us);
    else
        snprintf(text, size, "portio_batch: op %zu (%s of %u bits at port 0x%04X)", index,
                 portio_batch_kind_name(op->kind), op->width_bits, op->port);
    return text;
}

/* The first field that ops of this kind do not use and that is not 0. */
static const char *unused_field_set(const portio_batch_op *op, uint32_t *field)
{
    /* bit 0: port and width_bits, 1: value, 2: mask, 3: time_us */
    static const unsigned char used[] = {
        [PORTIO_BATCH_READ] = 1 | 2, /* a read's value is its output */
        [PORTIO_BATCH_WRITE] = 1 | 2,
        [PORTIO_BATCH_WAIT] = 1 | 2 | 4 | 8,
        [PORTIO_BATCH_DELAY] = 8,
        [PORTIO_BATCH_MODIFY] = 1 | 2 | 4,
    };
    const struct {
        unsigned bit;
        const char *name;
        uint32_t value;
    } fields[] = {
        {1, "port", op->port}, {1, "width_bits", op->width_bits}, {2, "value", op->value},
        {4, "mask", op->mask}, {8, "time_us", op->time_us},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!(used[op->kind] & fields[i].bit) && fields[i].value != 0) {
            *field = fields[i].value;
            return fields[i].name;
        }
    }
    return NULL;
}

static int refuse_time(const portio_batch_op *op, size_t index, uint32_t least)
{
    char what[80];
    return portio_fail(PORTIO_E_INVALID,
                       "%s: time_us is %u; a %s takes %u to %u us (PORTIO_BATCH_MAX_TIME_US, 1 s)",
                       describe(what, sizeof what, op, index), op->time_us,
                       portio_batch_kind_name(op->kind), least, PORTIO_BATCH_MAX_TIME_US);
}

static int refuse_too_wide(const portio_batch_op *op, size_t index, const char *field, uint32_t value)
{
    char what[80];
    return portio_fail(PORTIO_E_INVALID, "%s: the %s 0x%X does not fit in %u bits",
                       describe(what, sizeof what, op, index), field, value, op->width_bits);
}

/* What portio_read and portio_write check, and the rules of portio.h for
 * each kind. */
static int check_op(const portio_batch_op *op, size_t index)
{
    char what[80];
    if (op->kind > PORTIO_BATCH_MODIFY)
        return portio_fail(PORTIO_E_INVALID,
                           "portio_batch: op %zu (%u bits at port 0x%04X): kind is %u; set it to 0 "
                           "(read), 1 (write), 2 (wait), 3 (delay) or 4 (modify)",
                           index, op->width_bits, op->port, op->kind);
    uint32_t field;
    const char *unused = unused_field_set(op, &field);
    if (unused)
        return portio_fail(PORTIO_E_INVALID, "%s: a %s does not use %s, which is 0x%X; set it to 0",
                           describe(what, sizeof what, op, index),
                           portio_batch_kind_name(op->kind), unused, field);
    if (op->kind == PORTIO_BATCH_DELAY) {
        if (op->time_us == 0 || op->time_us > PORTIO_BATCH_MAX_TIME_US)
            return refuse_time(op, index, 1);
        return PORTIO_OK;
    }
    if (op->width_bits != 8 && op->width_bits != 16 && op->width_bits != 32)
        return portio_fail(PORTIO_E_INVALID,
                           "portio_batch: op %zu (at port 0x%04X): the width is %u bits; it must be "
                           "8, 16 or 32",
                           index, op->port, op->width_bits);
    unsigned bytes = op->width_bits / 8u;
    if ((uint32_t)op->port + bytes > PORTIO_PORT_COUNT)
        return portio_fail(PORTIO_E_INVALID, "%s: a %u-bit access there would run past port 0xFFFF",
                           describe(what, sizeof what, op, index), op->width_bits);
    uint32_t too_wide = op->width_bits < 32 ? ~0u << op->width_bits : 0;
    if (op->kind != PORTIO_BATCH_READ && (op->value & too_wide))
        return refuse_too_wide(op, index, "value", op->value);
    if (op->mask & too_wide)
        return refuse_too_wide(op, index, "mask", op->mask);
    if (op->kind == PORTIO_BATCH_WAIT) {
        if (op->mask == 0)
            return portio_fail(PORTIO_E_INVALID,
                               "%s: the mask is 0, so the wait would compare no bit; set mask to "
                               "the bits to compare with value",
                               describe(what, sizeof what, op, index));
        if (op->time_us > PORTIO_BATCH_MAX_TIME_US)
            return refuse_time(op, index, 0);
    }
    if (!portio_ranges_contain(op->port, bytes))
        return portio_front_refuse_unenabled(describe(what, sizeof what, op, index), op->port,
                                             bytes);
    return PORTIO_OK;
}

/* The common case of check_op, so that the check pass adds little to a
 * batch of bare instructions: a read, write or wait of 8, 16 or 32 bits at
 * enabled ports (portio.h's per-port table, which also rules out running
 * past 0xFFFF), its fields in range. Nonzero for anything else, which
 * check_op then accepts or refuses with a message. Without branches: under
 * emulation each one costs about what the arithmetic costs. Only for a
 * thread whose permission is in line with the table (thread_in_line). */
static uint64_t not_plainly_valid(const portio_batch_op *op)
{
#if defined(__GNUC__) || defined(_MSC_VER)
    uint64_t head = portio_op_head(op), tail = portio_op_tail(op);
    unsigned width_bits = PORTIO_OP_WIDTH(head);
    unsigned bytes = width_bits >> 3;
    unsigned kind = PORTIO_OP_KIND(head);
    /* Bits that do not fit the width: what is left after shifting by it (a
     * width other than 8, 16 or 32 is refused anyway). */
    unsigned shift = width_bits & 63u;
    uint64_t value = PORTIO_OP_VALUE(head);
    uint64_t mask = PORTIO_OP_MASK(tail);
    uint64_t wait_refusal = mask >> shift | (mask == 0) | (PORTIO_OP_TIME(tail) > PORTIO_BATCH_MAX_TIME_US);
    uint64_t refusal = (width_bits & 0xC7u) | (bytes & (bytes - 1)) |
                       ((PORTIO_LOAD_(portio_port_widths[PORTIO_OP_PORT(head)]) & bytes) == 0) |
                       (kind > PORTIO_BATCH_WAIT);
    /* All ones or 0, as masks: a select the compiler leaves without a branch. */
    uint64_t is_wait = 0 - (uint64_t)(kind == PORTIO_BATCH_WAIT);
    uint64_t not_read = 0 - (uint64_t)(kind != PORTIO_BATCH_READ);
    refusal |= (wait_refusal & is_wait) | (tail & ~is_wait); /* read, write: no mask, no time */
    refusal |= (value >> shift) & not_read;                  /* a read's value is its output */
    return refusal;
#else
    (void)op;
    return 1;
#endif
}

static bool thread_in_line(void)
{
#if defined(__GNUC__) || defined(_MSC_VER)
    return PORTIO_THREAD_BEHIND_() == 0;
#else
    return false;
#endif
}

/* Out of line, here and below: what only unusual batches need, so that
 * portio_batch saves fewer registers and keeps no message buffers on its
 * stack (under emulation each memory access costs several instructions). */
#if PORTIO_GNU_C_
#define OUT_OF_LINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define OUT_OF_LINE __declspec(noinline)
#else
#define OUT_OF_LINE
#endif

static OUT_OF_LINE int check_each(const portio_batch_op *ops, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        int status = check_op(&ops[i], i);
        if (status != PORTIO_OK)
            return status;
    }
    return PORTIO_OK;
}

/* Every op through check_op only when some op is not plainly valid: the
 * refusals are OR-ed over the batch, so the common case tests once. */
static int check_all(const portio_batch_op *ops, size_t count)
{
    uint64_t refusal = !thread_in_line();
    for (size_t i = 0; i < count; i++)
        refusal |= not_plainly_valid(&ops[i]);
    return refusal ? check_each(ops, count) : PORTIO_OK;
}

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

/* "ops 0-2 ran", "op 0 ran" or "no op ran before it", for the messages
 * below. */
static const char *which_ran(char *text, size_t size, size_t index)
{
    if (index == 0)
        snprintf(text, size, "no op ran before it");
    else if (index == 1)
        snprintf(text, size, "op 0 ran");
    else
        snprintf(text, size, "ops 0-%zu ran", index - 1);
    return text;
}

/* "the last value read was 0xD8, whose bits under the mask 0x1 are 0x0,
 * not the expected 0x1", for a wait that stopped. */
static const char *last_read(char *text, size_t size, const portio_batch_op *op)
{
    snprintf(text, size,
             "the last value read was 0x%X, whose bits under the mask 0x%X are 0x%X, not the "
             "expected 0x%X",
             op->result, op->mask, op->result & op->mask, op->value & op->mask);
    return text;
}

int portio_batch_timed_out(const portio_batch_op *ops, size_t index)
{
    const portio_batch_op *op = &ops[index];
    char what[80], ran[48], seen[128];
    return portio_fail(PORTIO_E_TIMEOUT,
                       "%s timed out after %u us: %s; %s, none after it; check the device, or "
                       "allow a longer time_us (at most %u)",
                       describe(what, sizeof what, op, index), op->time_us,
                       last_read(seen, sizeof seen, op), which_ran(ran, sizeof ran, index),
                       PORTIO_BATCH_MAX_TIME_US);
}

int portio_batch_budget_spent(const portio_batch_op *ops, size_t index, uint32_t budget_us)
{
    const portio_batch_op *op = &ops[index];
    char what[80], ran[48], last[128], seen[132] = "";
    if (op->kind == PORTIO_BATCH_WAIT)
        snprintf(seen, sizeof seen, "; %s", last_read(last, sizeof last, op));
    return portio_fail(PORTIO_E_TIMEOUT,
                       "%s stopped: the driver's request had spent its %u us of waiting and "
                       "delaying (PORTIO_DRIVER_MAX_WAIT_US)%s; %s, none after it; split the "
                       "waits and delays over several batches",
                       describe(what, sizeof what, op, index), budget_us, seen,
                       which_ran(ran, sizeof ran, index));
}

/* Without a hook: the backend's single accesses, on the system's clock. */
static int backend_read(const void *context, uint16_t port, unsigned width_bits, uint32_t *value)
{
    const struct portio_backend *backend = context;
    return backend->read(port, width_bits, value);
}

static int backend_write(const void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    const struct portio_backend *backend = context;
    return backend->write(port, width_bits, value);
}

static OUT_OF_LINE int run_by_backend(const struct portio_backend *backend,
                                      portio_batch_op *ops, size_t count)
{
    if (backend->batch)
        return backend->batch(ops, count);
    const struct portio_batch_io io = {
        backend_read, backend_write, portio_batch_clock_now, portio_batch_clock_pause,
        backend,
    };
    return portio_batch_run(&io, ops, count);
}

static int run_checked(portio_batch_op *ops, size_t count)
{
    const struct portio_backend *backend;
    int status = portio_front_sync_thread(&backend);
    if (status != PORTIO_OK)
        return status;
#if PORTIO_HAVE_X86_IO
    if (portio_inline_instructions())
        return portio_batch_inline_loop(ops, count);
#endif
    return run_by_backend(backend, ops, count);
}

int portio_batch(portio_batch_op *ops, size_t count)
{
    if (count == 0)
        return PORTIO_OK;
    if (!ops)
        return portio_fail(PORTIO_E_INVALID, "portio_batch(NULL, %zu): give the ops to run", count);
    /* From the check on: a disable between the check and an op would let
     * the op touch a port that is no longer enabled. */
    portio_batch_lock_acquire(&portio_batch_lock);
    int status = check_all(ops, count);
    if (status == PORTIO_OK)
        status = run_checked(ops, count);
    portio_batch_lock_release(&portio_batch_lock);
    return status;
}
