/* SPDX-License-Identifier: MIT */
/* The portable front: argument checks, backend choice, the record of
 * enabled ranges and keeping each thread's permission in line with it. */
#include "portio.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "errors.h"
#include "front.h"
#include "lock.h"
#include "plain_atomics.h"
#include "ranges.h"

#define ALL_BACKENDS "auto, direct, ppdev, devport, driver or mock"

/* A name from the caller or the environment, as messages quote it: cut
 * after QUOTED_NAME_MAX characters ("..." marks the cut), so that what to
 * do still fits in the message after it. For "\"%.*s%s\"". */
#define QUOTED_NAME_MAX 64
#define QUOTED_NAME(name) QUOTED_NAME_MAX, (name), strlen(name) > QUOTED_NAME_MAX ? "..." : ""

/* Stands in before the first successful enable: nothing is reachable. */
static int refuse(const char *what, uint16_t port)
{
    return portio_fail(PORTIO_E_NOT_ENABLED,
                       "%s at port 0x%04X: no port is enabled yet; call portio_enable first",
                       what, port);
}
static int none_read(uint16_t port, unsigned width_bits, uint32_t *value)
{
    (void)width_bits;
    (void)value;
    return refuse("read", port);
}
static int none_write(uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)width_bits;
    (void)value;
    return refuse("write", port);
}
static int none_read_string(uint16_t port, unsigned width_bits, void *buf, size_t count)
{
    (void)width_bits;
    (void)buf;
    (void)count;
    return refuse("string read", port);
}
static int none_write_string(uint16_t port, unsigned width_bits, const void *buf, size_t count)
{
    (void)width_bits;
    (void)buf;
    (void)count;
    return refuse("string write", port);
}
static const struct portio_backend none_backend = {
    .name = "none",
    .read = none_read,
    .write = none_write,
    .read_string = none_read_string,
    .write_string = none_write_string,
};

_Atomic(const struct portio_backend *) portio_active = &none_backend;
unsigned char portio_fast_io;

/* Guards the choice of backend and changes to the record. */
static portio_lock state_lock = PORTIO_LOCK_INIT;
static const char *requested_name; /* from portio_use_backend; NULL: environment, else auto */
static const char *chosen_as;      /* the name the active backend was chosen by */
unsigned long portio_generation;
_Thread_local unsigned long portio_thread_generation;

static const char *const backend_names[] = {"auto", "direct", "ppdev", "devport", "driver", "mock"};

/* The library's own copy of a backend name, or NULL for an unknown one. */
static const char *known_name(const char *name)
{
    for (size_t i = 0; i < sizeof backend_names / sizeof backend_names[0]; i++)
        if (strcmp(name, backend_names[i]) == 0)
            return backend_names[i];
    return NULL;
}

static const struct portio_backend *backend_by_name(const char *name)
{
    if (strcmp(name, "mock") == 0)
        return &portio_backend_mock;
    return portio_platform_backend(name);
}

static bool name_available(const char *name)
{
    return strcmp(name, "auto") == 0 || backend_by_name(name) != NULL;
}

static int fail_unavailable(const char *name)
{
    char available[64] = "auto";
    for (size_t i = 1; i < sizeof backend_names / sizeof backend_names[0]; i++) {
        if (backend_by_name(backend_names[i])) {
            strcat(available, ", ");
            strcat(available, backend_names[i]);
        }
    }
    return portio_fail(PORTIO_E_UNSUPPORTED,
                       "the \"%s\" backend is not available in this build or on this system; "
                       "the available ones are: %s",
                       name, available);
}

static int check_range(const char *what, uint32_t first, uint32_t count)
{
    if (count == 0)
        return portio_fail(PORTIO_E_INVALID, "%s(0x%X, 0): the count must be at least 1", what,
                           first);
    if (first > 0xFFFF)
        return portio_fail(PORTIO_E_INVALID,
                           "%s(0x%X, %u): ports go from 0x0000 to 0xFFFF", what, first, count);
    if (count > PORTIO_PORT_COUNT - first)
        return portio_fail(PORTIO_E_INVALID,
                           "%s(0x%X, %u): the range ends past port 0xFFFF; at most %u ports "
                           "follow 0x%X",
                           what, first, count, PORTIO_PORT_COUNT - first, first);
    return PORTIO_OK;
}

/* The name to resolve at the first enable; NULL (message set) when
 * PORTIO_BACKEND names nothing we know. Called with the lock held. */
static const char *pending_name(void)
{
    if (requested_name)
        return requested_name;
    const char *env = getenv("PORTIO_BACKEND");
    if (!env || !*env)
        return "auto";
    const char *name = known_name(env);
    if (!name)
        portio_fail(PORTIO_E_INVALID,
                    "the environment variable PORTIO_BACKEND=\"%.*s%s\" names no backend; set "
                    "it to " ALL_BACKENDS ", or unset it",
                    QUOTED_NAME(env));
    return name;
}

static int choose_and_enable(uint32_t first, uint32_t count)
{
    const char *name = pending_name();
    if (!name)
        return PORTIO_E_INVALID;
    const struct portio_backend *backend = NULL;
    int status;
    if (strcmp(name, "auto") == 0) {
        status = portio_platform_enable_auto(first, count, &backend);
    } else {
        backend = backend_by_name(name);
        if (!backend)
            return fail_unavailable(name);
        status = backend->enable(first, count);
    }
    if (status == PORTIO_OK) {
        chosen_as = name;
        bool inline_io = backend->uses_instructions ||
                         (backend->instructions_granted && backend->instructions_granted());
        portio_set_inline_instructions(inline_io);
        atomic_store(&portio_active, backend);
    }
    return status;
}

/* Records a change of the record made by this thread. A thread that was in
 * line before the change is in line after it, because the backend applied
 * the change to it; others stay out of line until their next sync. */
static void record_changed(void)
{
    unsigned long before = portio_plain_fetch_add(&portio_generation, 1);
    if (portio_thread_generation == before)
        portio_thread_generation = before + 1;
}

int portio_enable(uint32_t first, uint32_t count)
{
    int status = check_range("portio_enable", first, count);
    if (status != PORTIO_OK)
        return status;
    portio_lock_acquire(&state_lock);
    const struct portio_backend *backend = portio_active_backend();
    if (backend == &none_backend)
        status = choose_and_enable(first, count);
    else
        status = backend->enable(first, count);
    if (status == PORTIO_OK) {
        /* The new version before the new ports: a thread that finds them in
         * the record then finds itself behind, and syncs (waiting for this
         * lock) before it uses them. The other way round, a thread in line
         * could take them with a permission that lacks them. */
        record_changed();
        portio_ranges_set(first, count);
    }
    portio_lock_release(&state_lock);
    return status;
}

int portio_disable(uint32_t first, uint32_t count)
{
    int status = check_range("portio_disable", first, count);
    if (status != PORTIO_OK)
        return status;
    /* A running batch checked its ports enabled: it finishes first. */
    portio_batch_lock_acquire(&portio_batch_lock);
    portio_lock_acquire(&state_lock);
    const struct portio_backend *backend = portio_active_backend();
    portio_ranges_clear(first, count);
    record_changed();
    if (backend->disable)
        status = backend->disable(first, count);
    portio_lock_release(&state_lock);
    portio_batch_lock_release(&portio_batch_lock);
    return status;
}

int portio_use_backend(const char *name)
{
    if (!name)
        return portio_fail(PORTIO_E_INVALID,
                           "portio_use_backend(NULL): name a backend: " ALL_BACKENDS);
    const char *canonical = known_name(name);
    if (!canonical)
        return portio_fail(PORTIO_E_INVALID,
                           "portio_use_backend(\"%.*s%s\"): unknown backend; use " ALL_BACKENDS,
                           QUOTED_NAME(name));
    if (!name_available(canonical))
        return fail_unavailable(canonical);

    int status = PORTIO_OK;
    portio_lock_acquire(&state_lock);
    const struct portio_backend *active = portio_active_backend();
    bool keeps_active = active == &none_backend || canonical == chosen_as ||
                        strcmp(canonical, active->name) == 0;
    if (keeps_active) {
        requested_name = canonical;
    } else if (portio_ranges_empty()) {
        requested_name = canonical;
        portio_set_inline_instructions(false);
        atomic_store(&portio_active, &none_backend);
    } else {
        status = portio_fail(PORTIO_E_INVALID,
                             "portio_use_backend(\"%s\"): ports are still enabled with the \"%s\" "
                             "backend; give them back with portio_disable(0, 0x10000) first",
                             canonical, active->name);
    }
    portio_lock_release(&state_lock);
    return status;
}

const char *portio_backend(void)
{
    const struct portio_backend *active = portio_active_backend();
    if (active != &none_backend)
        return active->name;
    portio_lock_acquire(&state_lock);
    const char *name = requested_name;
    portio_lock_release(&state_lock);
    if (name)
        return name;
    const char *env = getenv("PORTIO_BACKEND");
    if (!env || !*env)
        return "auto";
    name = known_name(env);
    return name ? name : "invalid";
}

int portio_backend_ready(void)
{
    int status = PORTIO_OK;
    portio_lock_acquire(&state_lock);
    if (portio_active_backend() == &none_backend) {
        const char *name = pending_name();
        const struct portio_backend *backend = NULL;
        if (!name)
            status = PORTIO_E_INVALID;
        else if (strcmp(name, "auto") == 0)
            backend = portio_platform_auto_backend();
        else if (!(backend = backend_by_name(name)))
            status = fail_unavailable(name);
        if (status == PORTIO_OK && backend && backend->ready)
            status = backend->ready();
        else if (status == PORTIO_OK)
            status = portio_fail(PORTIO_E_UNSUPPORTED,
                                 "the \"%s\" backend can tell whether it may serve only when a range "
                                 "is enabled; call portio_enable and check its status instead",
                                 name);
    }
    portio_lock_release(&state_lock);
    return status;
}

int portio_front_refuse_unenabled(const char *where, uint16_t port, unsigned bytes)
{
    if (bytes == 1)
        return portio_fail(PORTIO_E_NOT_ENABLED,
                           "%s: the port is not enabled; call portio_enable(0x%04X, 1) or enable a "
                           "range that holds it",
                           where, port);
    return portio_fail(PORTIO_E_NOT_ENABLED,
                       "%s: ports 0x%04X-0x%04X are not all enabled; call portio_enable(0x%04X, %u) "
                       "or enable a range that holds them",
                       where, port, port + bytes - 1, port, bytes);
}

int portio_front_sync_thread_behind(const struct portio_backend **backend)
{
    int status = PORTIO_OK;
    portio_lock_acquire(&state_lock);
    const struct portio_backend *active = portio_active_backend();
    unsigned long now = portio_plain_load(&portio_generation);
    if (active->sync_thread)
        status = active->sync_thread();
    if (status == PORTIO_OK)
        portio_thread_generation = now;
    portio_lock_release(&state_lock);
    *backend = active;
    return status;
}

int portio_front_prepare_access(const char *what, uint16_t port, unsigned bytes,
                                const struct portio_backend **backend)
{
    /* Checked again after a sync: the sync waited for the lock, maybe for a
     * disable of these very ports, and gave this thread the record as it
     * stood then. The ports may go only while they are in the record and
     * the thread is in line with it. */
    for (;;) {
        if (!portio_ranges_contain(port, bytes)) {
            char where[64];
            snprintf(where, sizeof where, "%s at port 0x%04X", what, port);
            return portio_front_refuse_unenabled(where, port, bytes);
        }
        const struct portio_backend *active = portio_active_backend();
        if (portio_front_thread_in_line()) {
            *backend = active;
            return PORTIO_OK;
        }
        int status = portio_front_sync_thread_behind(backend);
        if (status != PORTIO_OK)
            return status;
    }
}

void portio_front_disable_all_of(const struct portio_backend *backend)
{
    if (portio_active_backend() == backend)
        portio_disable(0, PORTIO_PORT_COUNT);
}

void portio_front_reset_for_tests(void)
{
    portio_lock_acquire(&state_lock);
    const struct portio_backend *active = portio_active_backend();
    portio_ranges_clear_all();
    if (active->disable)
        active->disable(0, PORTIO_PORT_COUNT);
    portio_set_inline_instructions(false);
    atomic_store(&portio_active, &none_backend);
    requested_name = NULL;
    chosen_as = NULL;
    portio_plain_store(&portio_generation, 0);
    portio_thread_generation = 0;
    portio_platform_reset_for_tests();
    portio_lock_release(&state_lock);
}
