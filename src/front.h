/* SPDX-License-Identifier: MIT */
/* Between the parts of the portable front. */
#ifndef PORTIO_FRONT_H
#define PORTIO_FRONT_H

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"
#include "plain_atomics.h"
#include "portio.h"

/* Bumped at every change of the record of enabled ranges; a thread whose
 * copy differs may not hold the permission the record describes. Declared
 * in portio.h too (Linux), where the inline checked functions read them;
 * plain types there, so the library uses plain_atomics.h on them. */
extern unsigned long portio_generation;
extern _Thread_local unsigned long portio_thread_generation;

/* For the checked path: refuses an access of `bytes` bytes at `port` unless
 * every byte is enabled, brings this thread's permission up to date, and
 * gives the backend to use. `what` names the call in messages. */
int portio_front_prepare_access(const char *what, uint16_t port, unsigned bytes,
                                const struct portio_backend **backend);

/* The parts of portio_front_prepare_access, for callers that check many
 * accesses and then sync once (portio_batch). The refusal's message starts
 * with `where` ("portio_read at port 0x0378"). */
int portio_front_refuse_unenabled(const char *where, uint16_t port, unsigned bytes);
int portio_front_sync_thread_behind(const struct portio_backend **backend);

/* Whether this thread's permission was brought in line with the record's
 * present version. */
static inline bool portio_front_thread_in_line(void)
{
    return portio_thread_generation == portio_plain_load(&portio_generation);
}

/* Inline: a thread in line, the common case, costs no call (a call and
 * its return cost about as much as a port access under emulation). */
static inline int portio_front_sync_thread(const struct portio_backend **backend)
{
    const struct portio_backend *active = portio_active_backend();
    if (!portio_front_thread_in_line())
        return portio_front_sync_thread_behind(backend);
    *backend = active;
    return PORTIO_OK;
}

/* Disables every range if `backend` is the one in use (portio_mock_reset). */
void portio_front_disable_all_of(const struct portio_backend *backend);

/* Tests only: forget the backend choice and every range, as at start. */
void portio_front_reset_for_tests(void);

#endif
