/* SPDX-License-Identifier: MIT */
/* The whole front under threads at once: enables and disables of
 * overlapping ranges, checked accesses, batches, backend calls and
 * messages, racing. Run it under ThreadSanitizer (PORTIO_SANITIZE=thread)
 * too: a data race is a failure there.
 *
 * Ports: some are enabled before the threads start and never disabled
 * (every access to them must succeed), some are toggled by every thread
 * (an access may succeed or be refused as not enabled, nothing else), and
 * some are never enabled (always refused).
 *
 * Worker threads do not call cmocka's asserts (they jump to the main
 * thread's stack): each keeps its first failure as text, which the main
 * thread asserts empty after the join. */
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_linux_system.h"
#include "front.h"
#include "ranges.h"
#include "test_support.h"

#define WORKERS 4
#define ITERATIONS 5000

/* The LPT model at 0x378-0x37A and a plain register block: stable. */
#define LPT_BASE 0x378u
#define STABLE_FIRST 0x200u
#define STABLE_COUNT 4u
/* Enabled and disabled in overlapping pieces by every thread. */
#define TOGGLED_FIRST 0x300u
#define TOGGLED_COUNT 0x20u
/* Never enabled: the ports right after the toggled block and right before
 * the stable block, so that wide accesses straddle the borders. */
#define NEVER_AFTER_TOGGLED 0x320u
#define NEVER_BEFORE_STABLE 0x1FCu

/* The LPT's control values the threads write: no strobe (bit 0), no
 * input direction (bit 5), so that status and control read predictably. */
static const uint8_t lpt_controls[] = {0x04, 0x08, 0x0C};

enum outcome { MUST_SUCCEED, MAY_SUCCEED, MUST_FAIL };

static bool stable_port(uint32_t port)
{
    return (port >= LPT_BASE && port < LPT_BASE + 3) ||
           (port >= STABLE_FIRST && port < STABLE_FIRST + STABLE_COUNT);
}

static bool toggled_port(uint32_t port)
{
    return port >= TOGGLED_FIRST && port < TOGGLED_FIRST + TOGGLED_COUNT;
}

static enum outcome expected_outcome(uint16_t port, unsigned bytes)
{
    enum outcome outcome = MUST_SUCCEED;
    for (uint32_t p = port; p < (uint32_t)port + bytes; p++) {
        if (!stable_port(p) && !toggled_port(p))
            return MUST_FAIL;
        if (toggled_port(p))
            outcome = MAY_SUCCEED;
    }
    return outcome;
}

struct worker {
    unsigned index;
    uint32_t random_state;
    bool created_before_enable; /* direct: a thread the enable did not reach */
    pthread_barrier_t *barrier;
    size_t accepted_accesses;   /* port accesses that returned PORTIO_OK */
    size_t refused;             /* calls that returned an error, as expected */
    size_t refused_by_mock;     /* of those, checked accesses that passed the front's check
                                 * and met a disable before the mock's (message "mock: ...") */
    size_t ioperm_calls;        /* direct: this thread's own, at its end */
    char last_failure[512];     /* this thread's portio_last_error(), as last seen */
    char failure[600];          /* the first broken expectation; empty: none */
};

/* On 2 cores a thread would run hundreds of iterations per time slice
 * alone: giving the core away often makes the threads interleave. */
static void maybe_yield(struct worker *worker);

static uint32_t next_random(struct worker *worker)
{
    /* xorshift32: a fixed sequence per thread, no shared state */
    uint32_t x = worker->random_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return worker->random_state = x;
}

static void maybe_yield(struct worker *worker)
{
    if (next_random(worker) % 4 == 0)
        sched_yield();
}

__attribute__((format(printf, 2, 3))) static bool note_failure(struct worker *worker,
                                                                const char *format, ...)
{
    if (worker->failure[0])
        return false;
    int used = snprintf(worker->failure, sizeof worker->failure, "thread %u: ", worker->index);
    va_list args;
    va_start(args, format);
    vsnprintf(worker->failure + used, sizeof worker->failure - (size_t)used, format, args);
    va_end(args);
    return false;
}

#define CHECK(worker, condition, ...) ((condition) ? true : note_failure((worker), __VA_ARGS__))

/* After a failing call: the status is one allowed, the message is this
 * thread's and names the call; the message is kept for later checks. */
static bool check_refusal(struct worker *worker, int status, int expected_status, const char *part)
{
    const char *message = portio_last_error();
    if (!CHECK(worker, status == expected_status, "%s: status %d, expected %d (%s)", part, status,
               expected_status, message))
        return false;
    if (!CHECK(worker, strstr(message, part) != NULL, "the message \"%s\" does not name \"%s\"",
               message, part))
        return false;
    snprintf(worker->last_failure, sizeof worker->last_failure, "%s", message);
    worker->refused++;
    worker->refused_by_mock += strncmp(message, "mock: ", 6) == 0;
    return true;
}

/* Between failures the message stays this thread's last one, whatever the
 * other threads fail at meanwhile and whatever succeeded here. */
static bool check_message_kept(struct worker *worker)
{
    const char *message = portio_last_error();
    const char *expected = worker->last_failure[0] ? worker->last_failure : "no error";
    return CHECK(worker, message && strcmp(message, expected) == 0,
                 "portio_last_error() is \"%s\", not this thread's last failure \"%s\"",
                 message ? message : "(null)", expected);
}

struct access {
    uint16_t port;
    unsigned width_bits;
};

/* Any of the three kinds of port, any width that fits there. */
static struct access random_access(struct worker *worker)
{
    static const unsigned widths[] = {8, 16, 32};
    uint32_t choice = next_random(worker);
    struct access access = {0, widths[(choice >> 8) % 3]};
    switch (choice % 5) {
    case 0:
        access.port = (uint16_t)(LPT_BASE + (choice >> 12) % 3);
        access.width_bits = 8; /* the model's registers are bytes */
        break;
    case 1: access.port = (uint16_t)(STABLE_FIRST + (choice >> 12) % STABLE_COUNT); break;
    case 2:
    case 3: access.port = (uint16_t)(TOGGLED_FIRST + (choice >> 12) % TOGGLED_COUNT); break;
    default:
        access.port = (uint16_t)((choice >> 12) % 2 ? NEVER_AFTER_TOGGLED + (choice >> 13) % 4
                                                    : NEVER_BEFORE_STABLE + (choice >> 13) % 4);
        break;
    }
    return access;
}

static uint32_t value_to_write(struct worker *worker, struct access access)
{
    uint32_t value = next_random(worker);
    if (access.port == LPT_BASE + 2)
        return lpt_controls[value % 3];
    return access.width_bits == 32 ? value : value & ((1u << access.width_bits) - 1);
}

/* What the mock must read: the LPT's status and control as the writes
 * leave them, all ones where no device is. */
static bool check_value_read(struct worker *worker, struct access access, uint32_t value)
{
    if (access.port == LPT_BASE)
        return true; /* the latch: any thread's last write */
    if (access.port == LPT_BASE + 1)
        return CHECK(worker, value == 0xD8, "status read 0x%X, not 0xD8", value);
    if (access.port == LPT_BASE + 2)
        return CHECK(worker, value == 0xC4 || value == 0xC8 || value == 0xCC,
                     "control read 0x%X, not 0xC4, 0xC8 or 0xCC", value);
    uint32_t ones = access.width_bits == 32 ? 0xFFFFFFFFu : (1u << access.width_bits) - 1;
    return CHECK(worker, value == ones, "%u-bit read at 0x%04X gave 0x%X, not all ones",
                 access.width_bits, access.port, value);
}

static bool check_outcome(struct worker *worker, const char *what, struct access access,
                          int status)
{
    enum outcome expected = expected_outcome(access.port, access.width_bits / 8);
    if (status == PORTIO_OK)
        return CHECK(worker, expected != MUST_FAIL, "%s of %u bits at never-enabled 0x%04X succeeded",
                     what, access.width_bits, access.port);
    if (!CHECK(worker, expected != MUST_SUCCEED, "%s of %u bits at stable 0x%04X failed: %d %s",
               what, access.width_bits, access.port, status, portio_last_error()))
        return false;
    char part[48];
    snprintf(part, sizeof part, "%s at port 0x%04X", what, access.port);
    return check_refusal(worker, status, PORTIO_E_NOT_ENABLED, part);
}

/* A piece of the toggled block, overlapping others: 1 to 8 ports. */
static void random_toggled_range(struct worker *worker, uint32_t *first, uint32_t *count)
{
    uint32_t choice = next_random(worker);
    *first = TOGGLED_FIRST + choice % TOGGLED_COUNT;
    uint32_t room = TOGGLED_FIRST + TOGGLED_COUNT - *first;
    *count = 1 + (choice >> 8) % 8;
    if (*count > room)
        *count = room;
}

static bool toggle(struct worker *worker)
{
    uint32_t first, count;
    random_toggled_range(worker, &first, &count);
    bool enable = next_random(worker) & 1;
    int status = enable ? portio_enable(first, count) : portio_disable(first, count);
    return CHECK(worker, status == PORTIO_OK, "%s(0x%X, %u): %d %s",
                 enable ? "portio_enable" : "portio_disable", first, count, status,
                 portio_last_error());
}

static bool bad_enable(struct worker *worker)
{
    return check_refusal(worker, portio_enable(0xFFFF, 2), PORTIO_E_INVALID, "portio_enable(0xFFFF, 2)");
}

/* Another backend while ports are enabled: refused, as documented. */
static bool switch_backend(struct worker *worker, const char *in_use)
{
    static const char *const others[] = {"mock", "direct", "devport", "auto"};
    const char *name = others[next_random(worker) % 4];
    int status = portio_use_backend(name);
    if (strcmp(name, in_use) == 0)
        return CHECK(worker, status == PORTIO_OK, "portio_use_backend(\"%s\"), in use: %d %s", name,
                     status, portio_last_error());
    char part[160];
    snprintf(part, sizeof part,
             "portio_use_backend(\"%s\"): ports are still enabled with the \"%s\" backend", name,
             in_use);
    if (!check_refusal(worker, status, PORTIO_E_INVALID, part))
        return false;
    const char *backend = portio_backend();
    return CHECK(worker, backend && strcmp(backend, in_use) == 0, "portio_backend() is \"%s\"",
                 backend ? backend : "(null)");
}

/* "portio_batch: op 1 (write of 8 bits at port 0x0378)" */
static void describe_op(char *text, size_t size, const portio_batch_op *op, size_t index)
{
    snprintf(text, size, "portio_batch: op %zu (%s of %u bits at port 0x%04X)", index,
             op->kind == PORTIO_BATCH_READ ? "read" : "write", op->width_bits, op->port);
}

/* A refused batch names its first op that was not enabled at the check:
 * op 0 if it can have been, else op 1. */
static bool check_batch_refusal(struct worker *worker, int status, const portio_batch_op ops[2])
{
    char first[80], second[80];
    describe_op(first, sizeof first, &ops[0], 0);
    describe_op(second, sizeof second, &ops[1], 1);
    enum outcome op0 = expected_outcome(ops[0].port, ops[0].width_bits / 8u);
    const char *message = portio_last_error();
    const char *named = strstr(message, first) ? first : second;
    if (op0 == MUST_FAIL)
        named = first;
    else if (op0 == MUST_SUCCEED)
        named = second;
    return check_refusal(worker, status, PORTIO_E_NOT_ENABLED, named);
}

static void random_batch(struct worker *worker, portio_batch_op ops[2], bool refused_for_sure)
{
    for (size_t i = 0; i < 2; i++) {
        struct access access = random_access(worker);
        if (refused_for_sure && i == 1)
            access = (struct access){NEVER_AFTER_TOGGLED, 8};
        bool write = next_random(worker) & 1;
        ops[i] = (portio_batch_op){access.port, (uint8_t)access.width_bits,
                                   write ? PORTIO_BATCH_WRITE : PORTIO_BATCH_READ,
                                   write ? value_to_write(worker, access) : 0};
    }
}

/* Every thread, at the same time, after the racing: all disables of the
 * toggled block, then each thread's own final range (enables commute), so
 * that the record at the end is known. */
static void final_range(unsigned index, uint32_t *first, uint32_t *count)
{
    *first = TOGGLED_FIRST + 5 * index;
    *count = 3 + index;
}

static bool finish_with_known_record(struct worker *worker)
{
    pthread_barrier_wait(worker->barrier);
    int status = portio_disable(TOGGLED_FIRST, TOGGLED_COUNT);
    pthread_barrier_wait(worker->barrier);
    uint32_t first, count;
    final_range(worker->index, &first, &count);
    int enabled = portio_enable(first, count);
    pthread_barrier_wait(worker->barrier);
    return CHECK(worker, status == PORTIO_OK && enabled == PORTIO_OK, "final disable %d, enable %d",
                 status, enabled);
}

static bool expected_in_record(uint32_t port)
{
    if (stable_port(port))
        return true;
    for (unsigned i = 0; i < WORKERS; i++) {
        uint32_t first, count;
        final_range(i, &first, &count);
        if (port >= first && port < first + count)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------ mock */

static bool mock_access(struct worker *worker)
{
    struct access access = random_access(worker);
    if (next_random(worker) & 1) {
        uint32_t value = 0xDEADBEEF;
        int status = portio_read(access.port, access.width_bits, &value);
        if (!check_outcome(worker, "read", access, status))
            return false;
        if (status == PORTIO_OK) {
            worker->accepted_accesses++;
            return check_value_read(worker, access, value);
        }
        return true;
    }
    int status = portio_write(access.port, access.width_bits, value_to_write(worker, access));
    if (status == PORTIO_OK)
        worker->accepted_accesses++;
    return check_outcome(worker, "write", access, status);
}

static bool mock_batch(struct worker *worker)
{
    portio_batch_op ops[2];
    random_batch(worker, ops, false);
    int status = portio_batch(ops, 2);
    enum outcome outcome = MUST_SUCCEED;
    for (size_t i = 0; i < 2; i++) {
        enum outcome op = expected_outcome(ops[i].port, ops[i].width_bits / 8u);
        if (op > outcome)
            outcome = op;
    }
    if (status != PORTIO_OK) {
        if (!CHECK(worker, outcome != MUST_SUCCEED, "a batch of stable ports failed: %d %s", status,
                   portio_last_error()))
            return false;
        return check_batch_refusal(worker, status, ops);
    }
    if (!CHECK(worker, outcome != MUST_FAIL, "a batch with a never-enabled port succeeded"))
        return false;
    worker->accepted_accesses += 2;
    for (size_t i = 0; i < 2; i++)
        if (ops[i].kind == PORTIO_BATCH_READ &&
            !check_value_read(worker, (struct access){ops[i].port, ops[i].width_bits}, ops[i].value))
            return false;
    return true;
}

static void *mock_worker(void *argument)
{
    struct worker *worker = argument;
    pthread_barrier_wait(worker->barrier);
    bool fine = true;
    for (int i = 0; fine && i < ITERATIONS; i++) {
        switch (next_random(worker) % 10) {
        case 0:
        case 1: fine = toggle(worker); break;
        case 2:
        case 3:
        case 4:
        case 5: fine = mock_access(worker); break;
        case 6:
        case 7: fine = mock_batch(worker); break;
        case 8: fine = switch_backend(worker, "mock"); break;
        default: fine = bad_enable(worker); break;
        }
        fine = fine && check_message_kept(worker);
        maybe_yield(worker);
    }
    /* The others wait at the barriers: this thread takes part even after a
     * failure (which stays the one kept). */
    finish_with_known_record(worker);
    return NULL;
}

static void start_workers(struct worker workers[WORKERS], pthread_barrier_t *barrier)
{
    for (unsigned i = 0; i < WORKERS; i++)
        workers[i] = (struct worker){.index = i, .random_state = 0x9E3779B9u * (i + 1),
                                     .barrier = barrier};
}

/* The main thread's side of the workers' four phases (go, the toggled
 * block off, the final ranges on, done); then every worker has ended
 * without a failure. */
static void await_workers(pthread_barrier_t *barrier, pthread_t threads[WORKERS],
                          struct worker workers[WORKERS])
{
    for (unsigned phase = 0; phase < 4; phase++)
        pthread_barrier_wait(barrier);
    for (unsigned i = 0; i < WORKERS; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    for (unsigned i = 0; i < WORKERS; i++)
        assert_string_equal(workers[i].failure, "");
    pthread_barrier_destroy(barrier);
}

static void mock_threads_see_consistent_outcomes(void **state)
{
    (void)state;
    portio_front_reset_for_tests();
    portio_mock_reset();
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    portio_mock_lpt *lpt;
    assert_int_equal(portio_mock_add_lpt(LPT_BASE, &lpt), PORTIO_OK);
    assert_int_equal(portio_enable(LPT_BASE, 3), PORTIO_OK);
    assert_int_equal(portio_enable(STABLE_FIRST, STABLE_COUNT), PORTIO_OK);

    pthread_barrier_t barrier;
    assert_int_equal(pthread_barrier_init(&barrier, NULL, WORKERS + 1), 0);
    struct worker workers[WORKERS];
    start_workers(workers, &barrier);
    pthread_t threads[WORKERS];
    for (unsigned i = 0; i < WORKERS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, mock_worker, &workers[i]), 0);
    await_workers(&barrier, threads, workers);
    size_t accepted = 0, refused = 0, refused_by_mock = 0;
    for (unsigned i = 0; i < WORKERS; i++) {
        accepted += workers[i].accepted_accesses;
        refused += workers[i].refused;
        refused_by_mock += workers[i].refused_by_mock;
    }
    print_message("mock: %d threads x %d iterations: %zu accesses accepted, %zu calls refused "
                  "(%zu by the mock after the front's check)\n",
                  WORKERS, ITERATIONS, accepted, refused, refused_by_mock);

    /* Every accepted access, and only those, reached the device. */
    assert_true(accepted < PORTIO_MOCK_LOG_CAPACITY);
    assert_int_equal(portio_mock_log(NULL, 0), accepted);
    /* The mock counts as "unenabled" the checked accesses it refused
     * itself, those whose ports a disable took between the front's check
     * and the mock's lock: they returned PORTIO_E_NOT_ENABLED, as asserted. */
    assert_int_equal(portio_mock_unenabled_accesses(), refused_by_mock);
    assert_string_equal(portio_backend(), "mock");
    for (uint32_t port = 0; port < PORTIO_PORT_COUNT; port++) {
        uint32_t value;
        int status = portio_read((uint16_t)port, 8, &value);
        if ((status == PORTIO_OK) != expected_in_record(port))
            fail_msg("port 0x%04X: portio_read returned %d, the record should %s it", port, status,
                     expected_in_record(port) ? "hold" : "not hold");
    }
    portio_mock_reset();
}

/* ------------------------------------------------- direct, fake kernel */

/* Instead of the access, which would run a real in/out: the front's check
 * and sync, then what the CPU checks, this thread's permission. */
static bool direct_access(struct worker *worker)
{
    struct access access = random_access(worker);
    bool reading = next_random(worker) & 1;
    const char *what = reading ? "portio_read" : "portio_write";
    unsigned bytes = access.width_bits / 8;
    enum outcome expected = expected_outcome(access.port, bytes);
    if (expected == MUST_FAIL) {
        /* A refused call runs no instruction: the real functions, here. */
        uint32_t value;
        int status = reading ? portio_read(access.port, access.width_bits, &value)
                             : portio_write(access.port, access.width_bits, 0);
        char part[48];
        snprintf(part, sizeof part, "%s at port 0x%04X", reading ? "read" : "write", access.port);
        return check_refusal(worker, status, PORTIO_E_NOT_ENABLED, part);
    }
    const struct portio_backend *backend = NULL;
    int status = portio_front_prepare_access(what, access.port, bytes, &backend);
    if (status != PORTIO_OK) {
        if (!CHECK(worker, expected != MUST_SUCCEED, "%s of %u bits at stable 0x%04X failed: %d %s",
                   what, access.width_bits, access.port, status, portio_last_error()))
            return false;
        char part[48];
        snprintf(part, sizeof part, "%s at port 0x%04X", what, access.port);
        return check_refusal(worker, status, PORTIO_E_NOT_ENABLED, part);
    }
    worker->accepted_accesses++;
    if (!CHECK(worker, backend && strcmp(backend->name, "direct") == 0, "the access went to %s",
               backend ? backend->name : "(null)"))
        return false;
    return CHECK(worker, fake_thread_may_access(access.port, bytes),
                 "%s of %u bits at 0x%04X allowed, but this thread's ioperm does not cover it "
                 "(the CPU would fault)",
                 what, access.width_bits, access.port);
}

/* Only batches sure to be refused: one that passes would run in/out. */
static bool direct_batch(struct worker *worker)
{
    portio_batch_op ops[2];
    random_batch(worker, ops, true);
    return check_batch_refusal(worker, portio_batch(ops, 2), ops);
}

static void *direct_worker(void *argument)
{
    struct worker *worker = argument;
    pthread_barrier_wait(worker->barrier);
    /* The kernel's inheritance, as the fake models it. */
    bool fine = CHECK(worker, fake_thread_may_access(LPT_BASE, 3) != worker->created_before_enable,
                      "created %s the enable, yet its permission %s the LPT",
                      worker->created_before_enable ? "before" : "after",
                      worker->created_before_enable ? "covers" : "does not cover");
    for (int i = 0; fine && i < ITERATIONS; i++) {
        switch (next_random(worker) % 10) {
        case 0:
        case 1: fine = toggle(worker); break;
        case 2:
        case 3:
        case 4:
        case 5:
        case 6: fine = direct_access(worker); break;
        case 7: fine = direct_batch(worker); break;
        case 8: fine = switch_backend(worker, "direct"); break;
        default: fine = bad_enable(worker); break;
        }
        fine = fine && check_message_kept(worker);
        maybe_yield(worker);
    }
    bool finished = finish_with_known_record(worker);
    worker->ioperm_calls = fake_thread_ioperm_calls();
    if (fine && finished) {
        /* A thread from before the enable got its permission itself. */
        if (worker->created_before_enable)
            fine = CHECK(worker, fake_thread_ioperm_calls() > 0, "it never called ioperm");
        /* After its last sync a thread holds exactly the record. */
        const struct portio_backend *backend;
        int status = portio_front_prepare_access("portio_read", LPT_BASE, 1, &backend);
        fine = fine && CHECK(worker, status == PORTIO_OK, "the last sync: %d %s", status,
                             portio_last_error());
        for (uint32_t port = 0; fine && port < PORTIO_PORT_COUNT; port++)
            fine = CHECK(worker, fake_thread_may_access((uint16_t)port, 1) == expected_in_record(port),
                         "after its last sync, its permission for 0x%04X is %d, the record's %d",
                         port, fake_thread_may_access((uint16_t)port, 1), expected_in_record(port));
    }
    return NULL;
}

static void direct_threads_hold_the_permission_they_use(void **state)
{
    (void)state;
    unsetenv("PORTIO_BACKEND");
    fake_linux_install();
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);

    pthread_barrier_t barrier;
    assert_int_equal(pthread_barrier_init(&barrier, NULL, WORKERS + 1), 0);
    struct worker workers[WORKERS];
    start_workers(workers, &barrier);
    pthread_t threads[WORKERS];
    /* Half the threads exist before the enable, half are created after. */
    for (unsigned i = 0; i < WORKERS / 2; i++) {
        workers[i].created_before_enable = true;
        assert_int_equal(pthread_create(&threads[i], NULL, direct_worker, &workers[i]), 0);
    }
    assert_int_equal(portio_enable(LPT_BASE, 3), PORTIO_OK);
    assert_int_equal(portio_enable(STABLE_FIRST, STABLE_COUNT), PORTIO_OK);
    for (unsigned i = WORKERS / 2; i < WORKERS; i++)
        assert_int_equal(fake_thread_create(&threads[i], direct_worker, &workers[i]), 0);
    await_workers(&barrier, threads, workers);
    size_t accepted = 0, refused = 0, ioperm_calls = 0;
    for (unsigned i = 0; i < WORKERS; i++) {
        accepted += workers[i].accepted_accesses;
        refused += workers[i].refused;
        ioperm_calls += workers[i].ioperm_calls;
    }
    print_message("direct: %d threads x %d iterations: %zu accesses allowed, %zu calls refused, "
                  "%zu ioperm calls\n",
                  WORKERS, ITERATIONS, accepted, refused, ioperm_calls);
    assert_string_equal(portio_backend(), "direct");
    for (uint32_t port = 0; port < PORTIO_PORT_COUNT; port++)
        if (portio_ranges_contain(port, 1) != expected_in_record(port))
            fail_msg("port 0x%04X: the record should %s it", port,
                     expected_in_record(port) ? "hold" : "not hold");
    portio_front_reset_for_tests();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mock_threads_see_consistent_outcomes),
        cmocka_unit_test(direct_threads_hold_the_permission_they_use),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
