/* SPDX-License-Identifier: MIT */
/*
 * What a backend provides. The front (portio.c, checked_access.c,
 * fast_access.c) validates arguments and keeps the record of enabled ranges;
 * a backend only does the operating system's part.
 *
 * Every function returns PORTIO_OK or a status with a message already set
 * through portio_fail. Port arguments are already validated.
 */
#ifndef PORTIO_BACKEND_H
#define PORTIO_BACKEND_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "portio.h"
#include "visibility.h"
#include "x86_io.h"

struct portio_backend {
    const char *name;
    /* Once a range is enabled the process runs in/out itself, so the fast
     * functions execute the instruction inline instead of calling read. */
    bool uses_instructions;
    /* Where the system decides at enable time whether the process may run
     * in/out itself (Windows' I/O permission map grant); NULL elsewhere. */
    bool (*instructions_granted)(void);
    int (*enable)(uint32_t first, uint32_t count);
    /* Called after the range has left the record. */
    int (*disable)(uint32_t first, uint32_t count);
    /* Brings the calling thread's permission in line with the record, where
     * permission is per thread (Linux ioperm); NULL elsewhere. */
    int (*sync_thread)(void);
    /* Writes *value only when it succeeds. */
    int (*read)(uint16_t port, unsigned width_bits, uint32_t *value);
    int (*write)(uint16_t port, unsigned width_bits, uint32_t value);
    int (*read_string)(uint16_t port, unsigned width_bits, void *buf, size_t count);
    int (*write_string)(uint16_t port, unsigned width_bits, const void *buf, size_t count);
    /* Optional: runs a batch whose ops the front has checked (portio_batch);
     * NULL: the front calls read and write for each op. */
    int (*batch)(portio_batch_op *ops, size_t count);
    /* Optional: whether the backend can serve this process before a range
     * is named (portio_backend_ready); NULL where only an enable can tell. */
    int (*ready)(void);
};

/* For batch hooks: restates this thread's message, the failure that stopped
 * a batch at op `index`, as the batch's, saying that the ops before it ran.
 * Returns status. */
int portio_batch_stopped(int status, size_t index);

/* For batch hooks: ops[index], a WAIT whose result holds the last value it
 * read, ran out of time. Sets the message (the op, its port, that value,
 * the mask, the expected value, which ops ran) and returns
 * PORTIO_E_TIMEOUT. */
int portio_batch_timed_out(const portio_batch_op *ops, size_t index);

/* For the driver backend: the driver stopped ops[index] (a WAIT or DELAY)
 * because its request had spent budget_us waiting. PORTIO_E_TIMEOUT. */
int portio_batch_budget_spent(const portio_batch_op *ops, size_t index, uint32_t budget_us);

#if PORTIO_HAVE_X86_IO
/* Runs checked ops with the port instructions, in this process; waits and
 * delays on the system's monotonic clock. PORTIO_OK, or PORTIO_E_TIMEOUT
 * with the message set. */
int portio_batch_inline(portio_batch_op *ops, size_t count);
#endif

extern const struct portio_backend portio_backend_mock;

/* The platform's backends by name ("direct", "devport", "driver"), or NULL
 * when this build or system has none by that name. */
const struct portio_backend *portio_platform_backend(const char *name);

/* The backend "auto" stands for where it is one whatever the range
 * (Windows: the driver); NULL where the choice depends on the range. */
const struct portio_backend *portio_platform_auto_backend(void);

/* "auto": enables [first, first + count) with the best backend the system
 * allows and reports which one it used; on failure the message says why
 * every candidate was refused. */
int portio_platform_enable_auto(uint32_t first, uint32_t count,
                                const struct portio_backend **chosen);

/* Tests only: the platform's backends as at start (files closed, real
 * system calls). */
void portio_platform_reset_for_tests(void);

/* The backend that serves accesses now (a stand-in that refuses everything
 * before the first enable), and whether the process may execute the port
 * instructions itself (portio_fast_io in portio.h, which the inline fast
 * functions of programs read too). Relaxed loads: a thread that can legally
 * use the ports was created after, or is, the thread that enabled them. */
extern PORTIO_HIDDEN _Atomic(const struct portio_backend *) portio_active;

static inline const struct portio_backend *portio_active_backend(void)
{
    return atomic_load_explicit(&portio_active, memory_order_relaxed);
}

/* portio_fast_io is a plain byte in portio.h, for C++ and MSVC programs;
 * the library reads and writes it with atomic builtins. */
static inline bool portio_inline_instructions(void)
{
#if PORTIO_GNU_C_
    return __atomic_load_n(&portio_fast_io, __ATOMIC_RELAXED) != 0;
#else
    return *(volatile unsigned char *)&portio_fast_io != 0;
#endif
}

static inline void portio_set_inline_instructions(bool inline_io)
{
#if PORTIO_GNU_C_
    __atomic_store_n(&portio_fast_io, inline_io ? 1 : 0, __ATOMIC_SEQ_CST);
#else
    *(volatile unsigned char *)&portio_fast_io = inline_io ? 1 : 0;
#endif
}

#endif
