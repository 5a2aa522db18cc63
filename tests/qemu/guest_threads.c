/* SPDX-License-Identifier: MIT */
/*
 * In the QEMU guest, as root: Linux port permission belongs to the thread.
 *  - A thread created after portio_enable inherits it: the fast path works.
 *  - A thread that existed before does not: its fast accesses fault, but
 *    the checked path first brings its permission in line with the enabled
 *    ranges, after which its fast accesses work too.
 * Threads that must fault run inside a child process, so the fault ends the
 * child and not the test.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"

#define LPT 0x378

static int fresh_state(void **state)
{
    (void)state;
    return portio_disable(0, 0x10000) == PORTIO_OK ? 0 : -1;
}

/* A thread that waits for the go-ahead, then runs its job. */
struct waiting_thread {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t go;
    int released;
    int (*job)(void);
    int result;
};

static void *wait_then_run(void *argument)
{
    struct waiting_thread *waiting = argument;
    pthread_mutex_lock(&waiting->lock);
    while (!waiting->released)
        pthread_cond_wait(&waiting->go, &waiting->lock);
    pthread_mutex_unlock(&waiting->lock);
    waiting->result = waiting->job();
    return NULL;
}

static int start_waiting(struct waiting_thread *waiting, int (*job)(void))
{
    *waiting = (struct waiting_thread){.job = job, .result = -1};
    pthread_mutex_init(&waiting->lock, NULL);
    pthread_cond_init(&waiting->go, NULL);
    return pthread_create(&waiting->thread, NULL, wait_then_run, waiting);
}

static int release_and_join(struct waiting_thread *waiting)
{
    pthread_mutex_lock(&waiting->lock);
    waiting->released = 1;
    pthread_cond_signal(&waiting->go);
    pthread_mutex_unlock(&waiting->lock);
    return pthread_join(waiting->thread, NULL);
}

/* Jobs: 0 when every pattern read back. */
static int fast_patterns(void)
{
    static const uint8_t patterns[] = {0x55, 0xAA, 0x0F, 0xF0};
    for (size_t i = 0; i < sizeof patterns; i++) {
        portio_outb(LPT, patterns[i]);
        if (portio_inb(LPT) != patterns[i])
            return 1;
    }
    return 0;
}

static int checked_patterns(void)
{
    static const uint8_t patterns[] = {0x5A, 0xA5};
    for (size_t i = 0; i < sizeof patterns; i++) {
        uint32_t value = 0;
        if (portio_write(LPT, 8, patterns[i]) != PORTIO_OK ||
            portio_read(LPT, 8, &value) != PORTIO_OK || value != patterns[i])
            return 1;
    }
    return 0;
}

static int checked_then_fast_patterns(void)
{
    return checked_patterns() || fast_patterns();
}

static void thread_created_after_enable_uses_fast_path(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    struct waiting_thread waiting;
    assert_int_equal(start_waiting(&waiting, fast_patterns), 0);
    assert_int_equal(release_and_join(&waiting), 0);
    assert_int_equal(waiting.result, 0);
}

static void thread_created_before_enable_uses_checked_path(void **state)
{
    (void)state;
    struct waiting_thread waiting;
    assert_int_equal(start_waiting(&waiting, checked_then_fast_patterns), 0);
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    assert_int_equal(release_and_join(&waiting), 0);
    assert_int_equal(waiting.result, 0);
}

/* In a child: a thread from before the enable goes straight to the fast
 * path. Returns the signal that ended the child, 0 if none. */
static int child_with_early_thread(int (*job)(void))
{
    pid_t child = fork();
    if (child == 0) {
        signal(SIGSEGV, SIG_DFL); /* cmocka's handler would catch the fault */
        struct waiting_thread waiting;
        if (start_waiting(&waiting, job) != 0 || portio_enable(LPT, 3) != PORTIO_OK)
            _exit(3);
        release_and_join(&waiting);
        _exit(waiting.result == 0 ? 0 : 4);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child)
        return -1;
    if (WIFSIGNALED(status))
        return WTERMSIG(status);
    return WEXITSTATUS(status) == 0 ? 0 : 100 + WEXITSTATUS(status);
}

static void thread_created_before_enable_faults_on_fast_path(void **state)
{
    (void)state;
    assert_int_equal(child_with_early_thread(fast_patterns), SIGSEGV);
    /* the same child layout, with the checked path first, lives */
    assert_int_equal(child_with_early_thread(checked_then_fast_patterns), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, fresh_state)
        T(thread_created_after_enable_uses_fast_path),
        T(thread_created_before_enable_uses_checked_path),
        T(thread_created_before_enable_faults_on_fast_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
