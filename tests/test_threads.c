/* SPDX-License-Identifier: MIT */
/* Linux port permission belongs to the thread: the checked path brings a
 * thread's permission in line with the enabled ranges before an access.
 * On the fake kernel every ioperm call records the thread that made it.
 * The accesses stop at portio_front_prepare_access: the direct backend's
 * real in/out would fault on a machine without port access. */
#include <errno.h>
#include <stdlib.h>

#include "fake_linux_system.h"
#include "front.h"
#include "test_support.h"

static int fake_kernel_direct(void **state)
{
    (void)state;
    unsetenv("PORTIO_BACKEND");
    fake_linux_install();
    return portio_use_backend("direct") == PORTIO_OK ? 0 : -1;
}

struct access_in_thread {
    uint16_t port;
    unsigned bytes;
    int status;
    pthread_t thread;
};

static void *prepare_in_thread(void *argument)
{
    struct access_in_thread *access = argument;
    const struct portio_backend *backend;
    access->thread = pthread_self();
    access->status = portio_front_prepare_access("test", access->port, access->bytes, &backend);
    return NULL;
}

static int prepare_here(uint16_t port, unsigned bytes)
{
    const struct portio_backend *backend;
    return portio_front_prepare_access("test", port, bytes, &backend);
}

static size_t ioperm_calls_by(pthread_t thread)
{
    size_t count = 0;
    for (size_t i = 0; i < fake.ioperm_count; i++)
        count += pthread_equal(fake.ioperm_calls[i].thread, thread) != 0;
    return count;
}

static void enabling_thread_needs_no_sync(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_enable(0x70, 2), PORTIO_OK);
    size_t calls = fake.ioperm_count;
    assert_int_equal(prepare_here(0x378, 1), PORTIO_OK);
    assert_int_equal(prepare_here(0x70, 2), PORTIO_OK);
    assert_int_equal(fake.ioperm_count, calls);
}

/* A thread that existed before the enable: the kernel gave it nothing, so
 * its first checked access grants it exactly the record. */
struct waiting_thread {
    pthread_mutex_t lock;
    pthread_cond_t go;
    int started;
    struct access_in_thread access;
};

static void *wait_then_prepare(void *argument)
{
    struct waiting_thread *waiting = argument;
    pthread_mutex_lock(&waiting->lock);
    while (!waiting->started)
        pthread_cond_wait(&waiting->go, &waiting->lock);
    pthread_mutex_unlock(&waiting->lock);
    return prepare_in_thread(&waiting->access);
}

static void thread_created_before_enable_gets_the_record_at_first_access(void **state)
{
    (void)state;
    struct waiting_thread waiting = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0,
                                     {.port = 0x379, .bytes = 1}};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, wait_then_prepare, &waiting), 0);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_enable(0x70, 2), PORTIO_OK);
    size_t before = fake.ioperm_count;
    pthread_mutex_lock(&waiting.lock);
    waiting.started = 1;
    pthread_cond_signal(&waiting.go);
    pthread_mutex_unlock(&waiting.lock);
    assert_int_equal(pthread_join(thread, NULL), 0);

    assert_int_equal(waiting.access.status, PORTIO_OK);
    /* everything off, then each enabled run on, lowest first */
    assert_int_equal(fake.ioperm_count - before, 3);
    const struct fake_ioperm_call *calls = &fake.ioperm_calls[before];
    assert_int_equal(calls[0].first, 0);
    assert_int_equal(calls[0].count, 0x10000);
    assert_int_equal(calls[0].turn_on, 0);
    assert_int_equal(calls[1].first, 0x70);
    assert_int_equal(calls[1].count, 2);
    assert_int_equal(calls[1].turn_on, 1);
    assert_int_equal(calls[2].first, 0x378);
    assert_int_equal(calls[2].count, 3);
    assert_int_equal(calls[2].turn_on, 1);
    for (size_t i = 0; i < 3; i++)
        assert_true(pthread_equal(calls[i].thread, waiting.access.thread));
}

static void thread_syncs_once_per_change(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    struct access_in_thread first = {.port = 0x378, .bytes = 1};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, prepare_in_thread, &first), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(first.status, PORTIO_OK);
    /* a new thread inherits the kernel's permission from its creator, which
     * may be more than the record: it syncs once */
    assert_int_equal(ioperm_calls_by(first.thread), 2);
}

static void disabled_port_is_refused_in_every_thread(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_disable(0x378, 3), PORTIO_OK);
    struct access_in_thread access = {.port = 0x378, .bytes = 1};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, prepare_in_thread, &access), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(access.status, PORTIO_E_NOT_ENABLED);
}

static void failed_sync_is_reported_with_its_reason(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    fake.ioperm_errno = EPERM; /* privilege dropped since the enable */
    struct access_in_thread access = {.port = 0x378, .bytes = 1};
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, prepare_in_thread, &access), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(access.status, PORTIO_E_PERM);
}

/* portio_batch checks every op, then syncs the thread once. Only failing
 * batches here: a batch that passes runs the real in/out. */
struct batch_in_thread {
    portio_batch_op ops[3];
    int status;
    pthread_t thread;
};

static void *batch_in_thread(void *argument)
{
    struct batch_in_thread *batch = argument;
    batch->thread = pthread_self();
    batch->status = portio_batch(batch->ops, 3);
    return NULL;
}

static void refused_batch_does_not_sync_the_thread(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    struct batch_in_thread batch = {
        .ops = {{0x378, 8, 1, 0x55}, {0x379, 8, 0, 0}, {0x37B, 8, 0, 0}},
    };
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, batch_in_thread, &batch), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(batch.status, PORTIO_E_NOT_ENABLED);
    assert_int_equal(ioperm_calls_by(batch.thread), 0);
}

static void failed_sync_stops_a_batch_before_any_op(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    fake.ioperm_errno = EPERM; /* privilege dropped since the enable */
    struct batch_in_thread batch = {
        .ops = {{0x378, 8, 1, 0x55}, {0x379, 8, 0, 0}, {0x37A, 8, 0, 0}},
    };
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, batch_in_thread, &batch), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_int_equal(batch.status, PORTIO_E_PERM);
    /* one sync for the whole batch, stopped at its first call */
    assert_int_equal(ioperm_calls_by(batch.thread), 1);
}

/* Many threads at once on the mock: no lost accesses, no crash. */
#define WORKERS 4
#define ROUNDS 2000

static void *hammer_mock(void *argument)
{
    uint16_t port = (uint16_t)(uintptr_t)argument;
    for (int i = 0; i < ROUNDS; i++) {
        if (portio_write(port, 8, (uint32_t)(i & 0xFF)) != PORTIO_OK)
            return (void *)1;
        uint32_t value;
        if (portio_read(port, 8, &value) != PORTIO_OK || value != 0xFF)
            return (void *)1;
    }
    return NULL;
}

static void concurrent_checked_accesses_are_all_served(void **state)
{
    (void)state;
    portio_mock_reset();
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, WORKERS), PORTIO_OK);
    pthread_t threads[WORKERS];
    for (uintptr_t i = 0; i < WORKERS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, hammer_mock, (void *)(0x300 + i)), 0);
    /* meanwhile, other ranges come and go */
    for (int i = 0; i < 200; i++) {
        assert_int_equal(portio_enable(0x400, 16), PORTIO_OK);
        assert_int_equal(portio_disable(0x400, 16), PORTIO_OK);
    }
    for (size_t i = 0; i < WORKERS; i++) {
        void *result;
        assert_int_equal(pthread_join(threads[i], &result), 0);
        assert_null(result);
    }
    assert_int_equal(portio_mock_log(NULL, 0), WORKERS * ROUNDS * 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, fake_kernel_direct)
        T(enabling_thread_needs_no_sync),
        T(thread_created_before_enable_gets_the_record_at_first_access),
        T(thread_syncs_once_per_change),
        T(disabled_port_is_refused_in_every_thread),
        T(failed_sync_is_reported_with_its_reason),
        T(refused_batch_does_not_sync_the_thread),
        T(failed_sync_stops_a_batch_before_any_op),
        T(concurrent_checked_accesses_are_all_served),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
