/* SPDX-License-Identifier: MIT */
/* Atomic batches: no other portio_batch of the process runs between the
 * first and the last op of a batch, and portio_disable waits for a running
 * batch. On the mock, with threads. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "test_support.h"

/* An index/data register pair (as Super I/O at 0x2E/0x2F): the data
 * register reads a value that depends on the index last written. The
 * index write yields the CPU, so that another thread gets to run between a
 * batch's index and its data unless something keeps it out. */
#define INDEX_PORT 0x2E
#define DATA_PORT 0x2F

static uint8_t current_index;
static size_t data_reads; /* callbacks run under the mock's lock */

static uint8_t data_for(uint8_t index)
{
    return (uint8_t)(index ^ 0xA5);
}

static uint32_t pair_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    (void)width_bits;
    if (port != DATA_PORT)
        return current_index;
    data_reads++;
    return data_for(current_index);
}

static void pair_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)context;
    (void)width_bits;
    if (port == INDEX_PORT) {
        current_index = (uint8_t)value;
        sched_yield();
    }
}

static int index_data_pair(void **state)
{
    if (use_empty_mock(state) != 0 ||
        portio_mock_attach(INDEX_PORT, 2, pair_read, pair_write, NULL) != PORTIO_OK ||
        portio_enable(INDEX_PORT, 2) != PORTIO_OK)
        return -1;
    data_reads = 0;
    return 0;
}

enum { ROUNDS = 20000 };

struct pair_user {
    uint8_t index;
    int status;    /* the first failing status, else PORTIO_OK */
    size_t wrong;  /* data reads that belonged to another index */
};

static void *use_the_pair(void *argument)
{
    struct pair_user *user = argument;
    user->status = PORTIO_OK;
    user->wrong = 0;
    for (size_t round = 0; round < ROUNDS; round++) {
        portio_batch_op ops[] = {
            {INDEX_PORT, 8, PORTIO_BATCH_WRITE, user->index},
            {DATA_PORT, 8, PORTIO_BATCH_READ, 0},
        };
        int status = portio_batch(ops, 2);
        if (status != PORTIO_OK && user->status == PORTIO_OK)
            user->status = status;
        user->wrong += ops[1].value != data_for(user->index);
    }
    return NULL;
}

static void two_threads_index_data_batches_never_interleave(void **state)
{
    (void)state;
    struct pair_user users[2] = {{.index = 0x07}, {.index = 0x20}};
    pthread_t threads[2];
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, use_the_pair, &users[i]), 0);
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(users[i].status, PORTIO_OK);
        assert_int_equal(users[i].wrong, 0);
    }
    assert_int_equal(data_reads, 2 * ROUNDS);
}

/* A device whose read holds the batch until the test releases it. */
static atomic_int batch_inside;
static atomic_int batch_release;

static uint32_t holding_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    (void)port;
    (void)width_bits;
    atomic_store(&batch_inside, 1);
    while (!atomic_load(&batch_release))
        sched_yield();
    return 0x5A;
}

struct held_batch {
    portio_batch_op op;
    int status;
};

static void *run_held_batch(void *argument)
{
    struct held_batch *batch = argument;
    batch->status = portio_batch(&batch->op, 1);
    return NULL;
}

static atomic_int disable_done;

static void *disable_the_port(void *argument)
{
    (void)argument;
    int status = portio_disable(0x300, 1);
    atomic_store(&disable_done, status == PORTIO_OK ? 1 : -1);
    return NULL;
}

static void disable_waits_for_a_running_batch(void **state)
{
    (void)state;
    atomic_store(&batch_inside, 0);
    atomic_store(&batch_release, 0);
    atomic_store(&disable_done, 0);
    assert_int_equal(portio_mock_attach(0x300, 1, holding_read, NULL, NULL), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 1), PORTIO_OK);
    struct held_batch batch = {.op = {0x300, 8, PORTIO_BATCH_READ, 0}};
    pthread_t batch_thread, disable_thread;
    assert_int_equal(pthread_create(&batch_thread, NULL, run_held_batch, &batch), 0);
    while (!atomic_load(&batch_inside))
        sched_yield();
    assert_int_equal(pthread_create(&disable_thread, NULL, disable_the_port, NULL), 0);
    /* Plenty of chances to finish; a disable that does not wait takes one. */
    for (int i = 0; i < 20000; i++)
        sched_yield();
    int done_while_running = atomic_load(&disable_done);
    atomic_store(&batch_release, 1);
    assert_int_equal(pthread_join(batch_thread, NULL), 0);
    assert_int_equal(pthread_join(disable_thread, NULL), 0);
    assert_int_equal(done_while_running, 0);
    assert_int_equal(batch.status, PORTIO_OK);
    assert_int_equal(batch.op.value, 0x5A);
    assert_int_equal(atomic_load(&disable_done), 1);
    uint32_t value;
    assert_int_equal(portio_read(0x300, 8, &value), PORTIO_E_NOT_ENABLED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(two_threads_index_data_batches_never_interleave, index_data_pair),
        cmocka_unit_test_setup(disable_waits_for_a_running_batch, use_empty_mock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
