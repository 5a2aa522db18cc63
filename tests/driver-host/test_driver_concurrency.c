/* SPDX-License-Identifier: MIT */
/*
 * portio.sys under concurrent requests: several simulated processes, each
 * with its handles, and threads sharing one handle, send CREATE, every
 * IOCTL, CLEANUP and CLOSE at once through the unchanged driver on the
 * fake kernel, whose fast mutexes are real host mutexes. Each case asserts
 * a property of the result, not only the absence of a crash:
 *   - two clients' TRANSFER and SEQUENCE requests never interleave on the
 *     device (index/data pairs on 0xCF8/0xCFC stay together);
 *   - a TRANSFER racing a DISABLE of one of its ports runs whole before the
 *     removal or is refused whole;
 *   - ENABLE and DISABLE racing on one handle leave what a serial order of
 *     them leaves;
 *   - a request racing its handle's cleanup completes fully, and the
 *     handle's state is freed only after it;
 *   - a long SEQUENCE (a 1 s delay and a 0.9 s wait) holds the others back
 *     until it ends, and nobody deadlocks;
 *   - (32-bit) the I/O permission map moves between processes without a
 *     process ever holding another's ports, and equals the owner's ports
 *     after each of its steps.
 * Work is bounded by request counts, never by time. Each case prints its
 * seed; DRIVER_HOST_SEED=N replays the same requests.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>

#include "concurrent_harness.h"
#include "host_test.h"
#include "port_recorder.h"
#include "request_buffers.h"

static struct harness h;
static uint64_t seed;

/* Ports each thread uses alone: PRIVATE_BASE + 0x10 * thread. */
#define PRIVATE_BASE 0x400u
#define MAX_THREADS 4

static void load(const char *name, size_t log_entries)
{
    struct harness_config config;
    harness_default_config(&config, NULL);
    config.faults.grant_routines = true; /* looked up by the 32-bit driver only */
    CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
    /* a yield about every 8th access: another thread runs while a request
     * is half done */
    recorder_install(log_entries, 8);
    char test[128];
    snprintf(test, sizeof test, "test_driver_concurrency %s", name);
    seed = concurrent_seed(test);
}

static void unload(void)
{
    harness_unload(&h);
    recorder_free();
    fflush(stdout); /* the case ends with _exit */
}

/* The threads start their requests together, not one after the other as
 * they are created. */
static pthread_barrier_t start_line;
static void *(*thread_body)(void *);

static void *start_together(void *argument)
{
    pthread_barrier_wait(&start_line);
    return thread_body(argument);
}

static void run_threads(int count, void *(*body)(void *))
{
    pthread_t threads[MAX_THREADS];
    static int index[MAX_THREADS];
    thread_body = body;
    pthread_barrier_init(&start_line, NULL, (unsigned)count);
    for (int t = 0; t < count; t++) {
        index[t] = t;
        if (pthread_create(&threads[t], NULL, start_together, &index[t]) != 0)
            abort();
    }
    for (int t = 0; t < count; t++)
        pthread_join(threads[t], NULL);
    pthread_barrier_destroy(&start_line);
}

static NTSTATUS send_ioctl(struct concurrent_file *file, ULONG code, const void *input, ULONG input_length, void *output,
                      ULONG output_length, ULONG_PTR *information)
{
    NTSTATUS status;
    ULONG_PTR ignored;
    if (!concurrent_ioctl(&h, file, code, input, input_length, output, output_length, &status,
                          information ? information : &ignored))
        fake_violation("a request on a handle that was cleaned up (the test did not expect it)");
    return status;
}

static NTSTATUS range(struct concurrent_file *file, ULONG code, uint32_t first, uint32_t count, uint32_t flags,
                      uint32_t *granted)
{
    struct portio_range_request request = {sizeof request, first, count, flags};
    struct portio_enable_reply reply = {0, 0};
    const bool enable = code == IOCTL_PORTIO_ENABLE;
    NTSTATUS status = send_ioctl(file, code, &request, sizeof request, enable ? &reply : NULL, enable ? sizeof reply : 0,
                            NULL);
    if (granted)
        *granted = reply.granted;
    return status;
}

/* ---- What the threads expect, checked against the log after they join ---- */

#define MAX_EXPECTED 16384

struct expected_accesses {
    uint32_t request[MAX_EXPECTED];
    uint64_t accesses[MAX_EXPECTED];
    int count;
};

static void expect_accesses(struct expected_accesses *e, uint64_t accesses)
{
    if (e->count == MAX_EXPECTED)
        fake_violation("harness: more requests than the test sized");
    e->request[e->count] = concurrent_last_request;
    e->accesses[e->count] = accesses;
    e->count++;
}

/* Each request made exactly the accesses its answer says it made. */
static void check_expected_accesses(const struct expected_accesses *all, int threads)
{
    uint32_t known;
    uint64_t *made = recorder_accesses_by_request(&known);
    for (int t = 0; t < threads; t++)
        for (int i = 0; i < all[t].count; i++) {
            const uint32_t request = all[t].request[i];
            if (request >= known || made[request] != all[t].accesses[i])
                fake_violation("request %u (thread %d) made %llu port accesses; its answer says %llu",
                               (unsigned)request, t, (unsigned long long)(request < known ? made[request] : 0),
                               (unsigned long long)all[t].accesses[i]);
        }
    free(made);
}

/* ======== Clients never interleave ======== */

#define CLIENT_REQUESTS 200

static struct concurrent_file client_files[3];
static struct expected_accesses client_expected[MAX_THREADS];
static atomic_ullong file_requests[3], file_operations[3];

static int file_of_thread(int t)
{
    return t < 2 ? 0 : t - 1; /* threads 0 and 1 share handle 0 */
}

/* OUT 0xCF8 then IN 0xCFC, `pairs` times, and maybe OUT 0xCF8 then INS
 * 0xCFC; each read checked against the device's answer for its index. */
static uint64_t client_transfer(struct concurrent_random *random, int t, int n)
{
    static _Thread_local struct transfer request, reply;
    memset(&request, 0, sizeof request);
    const uint32_t pairs = 1 + concurrent_random_below(random, 6);
    const uint32_t elements = concurrent_random_below(random, 3) ? 0 : 1 + concurrent_random_below(random, 8);
    uint32_t index[8];
    for (uint32_t i = 0; i < pairs + (elements ? 1 : 0); i++) {
        index[i] = 0x80000000u | ((uint32_t)t << 24) | ((uint32_t)n << 8) | i;
        transfer_op(&request, PORTIO_OP_OUT, RECORDER_INDEX_PORT, 32, index[i], 0, 0);
        if (i < pairs)
            transfer_op(&request, PORTIO_OP_IN, RECORDER_DATA_PORT, 32, 0, 0, 0);
    }
    /* the INS is the last op: its data starts right after it */
    const uint32_t data_at =
        (uint32_t)(sizeof(struct portio_transfer_header) + (request.ops + 1u) * sizeof(struct portio_op));
    if (elements)
        transfer_op(&request, PORTIO_OP_INS, RECORDER_DATA_PORT, 32, 0, elements, data_at);
    transfer_finish(&request, 4u * elements);
    ULONG_PTR information;
    CHECK_STATUS(send_ioctl(&client_files[file_of_thread(t)], IOCTL_PORTIO_TRANSFER, request.bytes, request.size,
                       reply.bytes, request.size, &information),
                 STATUS_SUCCESS);
    for (uint32_t i = 0; i < pairs; i++) {
        const uint32_t value = transfer_value(&reply, 2 * i + 1);
        if (value != recorder_config_value(index[i]))
            fake_violation("thread %d read %#x at 0xCFC for index %#x, which answers %#x: another client's "
                           "index came between its OUT and its IN",
                           t, (unsigned)value, (unsigned)index[i], (unsigned)recorder_config_value(index[i]));
    }
    for (uint32_t e = 0; e < elements; e++) {
        uint32_t value;
        memcpy(&value, reply.bytes + data_at + 4u * e, sizeof value);
        if (value != recorder_config_value(index[pairs]))
            fake_violation("thread %d: element %u of its INS at 0xCFC is %#x, not index %#x's %#x", t, (unsigned)e,
                           (unsigned)value, (unsigned)index[pairs], (unsigned)recorder_config_value(index[pairs]));
    }
    return 2u * pairs + (elements ? 1u + elements : 0u);
}

/* Index/data pairs, then a MODIFY, a WAIT that matches at once, a DELAY
 * and an IN on the thread's own port, whose value the thread knows. */
static uint64_t client_sequence(struct concurrent_random *random, int t, int n, uint8_t *own_value)
{
    static _Thread_local struct sequence request;
    const uint16_t own = (uint16_t)(PRIVATE_BASE + 0x10u * (uint32_t)t);
    const uint32_t pairs = concurrent_random_below(random, 4);
    const uint8_t next = (uint8_t)concurrent_random_below(random, 256);
    uint32_t index[4];
    sequence_start(&request);
    for (uint32_t i = 0; i < pairs; i++) {
        index[i] = 0x80000000u | ((uint32_t)t << 24) | ((uint32_t)n << 8) | (0x80u + i);
        sequence_op(&request, PORTIO_OP_OUT, RECORDER_INDEX_PORT, 32, index[i], 0, 0);
        sequence_op(&request, PORTIO_OP_IN, RECORDER_DATA_PORT, 32, 0, 0, 0);
    }
    sequence_op(&request, PORTIO_OP_MODIFY, own, 8, next, 0xFF, 0);
    sequence_op(&request, PORTIO_OP_WAIT, own, 8, next, 0xFF, concurrent_random_below(random, 100));
    sequence_op(&request, PORTIO_OP_DELAY, 0, 0, 1 + concurrent_random_below(random, 300), 0, 0);
    sequence_op(&request, PORTIO_OP_IN, own, 8, 0, 0, 0);
    const ULONG output_length = sequence_finish(&request);
    ULONG_PTR information;
    CHECK_STATUS(send_ioctl(&client_files[file_of_thread(t)], IOCTL_PORTIO_SEQUENCE, request.in, request.in_length,
                       request.out, output_length, &information),
                 STATUS_SUCCESS);
    struct portio_sequence_reply answer;
    memcpy(&answer, request.out, sizeof answer);
    if (answer.outcome != PORTIO_SEQUENCE_DONE || answer.ops_run != request.ops)
        fake_violation("thread %d: a SEQUENCE stopped at op %u (outcome %u)", t, (unsigned)answer.ops_run,
                       (unsigned)answer.outcome);
    for (uint32_t i = 0; i < pairs; i++)
        if (sequence_value(&request, i) != recorder_config_value(index[i]))
            fake_violation("thread %d: a SEQUENCE read %#x for index %#x, which answers %#x: another client's "
                           "index came between",
                           t, (unsigned)sequence_value(&request, i), (unsigned)index[i],
                           (unsigned)recorder_config_value(index[i]));
    const uint32_t modified = sequence_value(&request, pairs), waited = sequence_value(&request, pairs + 1),
                   read = sequence_value(&request, pairs + 2);
    if (modified != *own_value || waited != next || read != next)
        fake_violation("thread %d: its own port %#x read %#x, %#x, %#x; it wrote %#x before and %#x now: another "
                       "request touched it",
                       t, (unsigned)own, (unsigned)modified, (unsigned)waited, (unsigned)read, (unsigned)*own_value,
                       (unsigned)next);
    *own_value = next;
    return 2u * pairs + 2u + 1u + 1u;
}

static void *client(void *argument)
{
    const int t = *(int *)argument;
    fake_self.id = 100u + (ULONG)t;
    struct concurrent_random random;
    concurrent_random_seed(&random, seed, (unsigned)t);
    uint8_t own_value = 0;
    struct concurrent_file *file = &client_files[file_of_thread(t)];
    for (int n = 0; n < CLIENT_REQUESTS; n++) {
        const uint32_t choice = concurrent_random_below(&random, 10);
        uint64_t accesses;
        if (choice < 5) {
            accesses = client_transfer(&random, t, n);
        } else if (choice < 9) {
            accesses = client_sequence(&random, t, n, &own_value);
        } else if (n % 2) {
            struct portio_hello_reply hello;
            CHECK_STATUS(send_ioctl(file, IOCTL_PORTIO_HELLO, NULL, 0, &hello, sizeof hello, NULL), STATUS_SUCCESS);
            CHECK(hello.protocol_version == PORTIO_PROTOCOL_VERSION);
            expect_accesses(&client_expected[t], 0);
            continue;
        } else {
            /* a shared handle's counters move under the other thread's
             * requests: only their answer's shape is checked here */
            struct portio_stats_reply stats;
            CHECK_STATUS(send_ioctl(file, IOCTL_PORTIO_STATS, NULL, 0, &stats, sizeof stats, NULL), STATUS_SUCCESS);
            CHECK(stats.size == sizeof stats && stats.operations >= stats.transfer_requests);
            expect_accesses(&client_expected[t], 0);
            continue;
        }
        expect_accesses(&client_expected[t], accesses);
        atomic_fetch_add(&file_requests[file_of_thread(t)], 1);
        atomic_fetch_add(&file_operations[file_of_thread(t)], accesses);
    }
    return NULL;
}

static void requests_of_clients_never_interleave(void)
{
    load("requests_of_clients_never_interleave", 1u << 20);
    for (int f = 0; f < 3; f++) {
        concurrent_create(&h, &client_files[f], f);
        CHECK_STATUS(range(&client_files[f], IOCTL_PORTIO_ENABLE, RECORDER_INDEX_PORT, 8, 0, NULL), STATUS_SUCCESS);
        CHECK_STATUS(range(&client_files[f], IOCTL_PORTIO_ENABLE, PRIVATE_BASE, 0x10 * MAX_THREADS, 0, NULL),
                     STATUS_SUCCESS);
    }
    run_threads(4, client);
    recorder_check_contiguous();
    check_expected_accesses(client_expected, 4);
    /* The counters of each handle, shared or not, add up. */
    for (int f = 0; f < 3; f++) {
        struct portio_stats_reply stats;
        CHECK_STATUS(send_ioctl(&client_files[f], IOCTL_PORTIO_STATS, NULL, 0, &stats, sizeof stats, NULL), STATUS_SUCCESS);
        if (stats.transfer_requests != atomic_load(&file_requests[f]) ||
            stats.operations != atomic_load(&file_operations[f]))
            fake_violation("handle %d counts %llu requests and %llu operations; its clients made %llu and %llu", f,
                           (unsigned long long)stats.transfer_requests, (unsigned long long)stats.operations,
                           (unsigned long long)atomic_load(&file_requests[f]),
                           (unsigned long long)atomic_load(&file_operations[f]));
        concurrent_cleanup(&h, &client_files[f]);
        concurrent_close(&h, &client_files[f]);
    }
    printf("%zu accesses logged, %d + %d + %d + %d requests\n", recorder_length(), client_expected[0].count,
           client_expected[1].count, client_expected[2].count, client_expected[3].count);
    unload();
}

/* ======== A TRANSFER racing a DISABLE of one of its ports ======== */

#define RACED_PORT 0x308u
#define RACE_ROUNDS 300
enum { EVENT_DISABLED = 1, EVENT_ENABLING = 2 };

static struct concurrent_file raced_file;
static struct expected_accesses raced_expected[2];
static int refused_transfers;

static void *transfer_sixteen_ports(void *argument)
{
    (void)argument;
    fake_self.id = 200;
    struct transfer request;
    for (int n = 0; n < RACE_ROUNDS; n++) {
        memset(&request, 0, sizeof request);
        for (uint16_t port = 0x300; port < 0x310; port++)
            transfer_op(&request, PORTIO_OP_OUT, port, 8, (uint32_t)n & 0xFF, 0, 0);
        transfer_finish(&request, 0);
        const NTSTATUS status = send_ioctl(&raced_file, IOCTL_PORTIO_TRANSFER, request.bytes, request.size, NULL, 0, NULL);
        if (status != STATUS_SUCCESS && status != STATUS_ACCESS_DENIED)
            fake_violation("a TRANSFER racing a DISABLE answered %#x", (unsigned)status);
        refused_transfers += status == STATUS_ACCESS_DENIED;
        expect_accesses(&raced_expected[0], status == STATUS_SUCCESS ? 16 : 0);
        /* a refused request makes no access, so never yields there: on a
         * busy machine this thread would run all its rounds in one slice */
        sched_yield();
    }
    return NULL;
}

static void *toggle_one_port(void *argument)
{
    (void)argument;
    fake_self.id = 201;
    for (int n = 0; n < RACE_ROUNDS; n++) {
        CHECK_STATUS(range(&raced_file, IOCTL_PORTIO_DISABLE, RACED_PORT, 1, 0, NULL), STATUS_SUCCESS);
        recorder_event(0, RACED_PORT, EVENT_DISABLED);
        sched_yield();
        recorder_event(0, RACED_PORT, EVENT_ENABLING);
        CHECK_STATUS(range(&raced_file, IOCTL_PORTIO_ENABLE, RACED_PORT, 1, 0, NULL), STATUS_SUCCESS);
        /* enabled longer than disabled: both answers come */
        for (int y = 0; y < 4; y++)
            sched_yield();
    }
    return NULL;
}

static void *race_body(void *argument)
{
    return *(int *)argument == 0 ? transfer_sixteen_ports(argument) : toggle_one_port(argument);
}

static void transfer_racing_disable_runs_whole_or_is_refused(void)
{
    load("transfer_racing_disable_runs_whole_or_is_refused", 1u << 16);
    concurrent_create(&h, &raced_file, 0);
    CHECK_STATUS(range(&raced_file, IOCTL_PORTIO_ENABLE, 0x300, 16, 0, NULL), STATUS_SUCCESS);
    run_threads(2, race_body);
    recorder_check_contiguous();
    check_expected_accesses(raced_expected, 1);
    /* Between a DISABLE's completion and the next ENABLE, the port is off:
     * an access to it then came from a request checked before the DISABLE
     * that ran on after it. */
    bool disabled = false;
    for (size_t i = 0; i < recorder_length(); i++) {
        const struct recorded *e = recorder_entry(i);
        if (e->kind == RECORDED_EVENT)
            disabled = e->value == EVENT_DISABLED;
        else if (disabled && e->port == RACED_PORT)
            fake_violation("request %u wrote port %#x after a DISABLE of it had completed (log entry %zu): "
                           "it was checked before the DISABLE and ran after it",
                           (unsigned)e->request, RACED_PORT, i);
    }
    concurrent_cleanup(&h, &raced_file);
    concurrent_close(&h, &raced_file);
    printf("%d of %d TRANSFERs refused whole, the others ran whole\n", refused_transfers, RACE_ROUNDS);
    unload();
}

/* ======== ENABLE and DISABLE racing on one handle ======== */

#define TOGGLE_BASE 0x300u
#define TOGGLE_PORTS 64u
#define TOGGLE_ROUNDS 600

static struct concurrent_file toggled_file;
/* per port: what the last successful call of its thread left */
static bool toggled_expected[TOGGLE_PORTS];

/* Thread 0 toggles the even ports, thread 1 the odd ones: each port has one
 * writer, so every serial order ends with that writer's last call, but the
 * two share every byte of the bitmap. */
static void *toggle_ports(void *argument)
{
    const int t = *(int *)argument;
    fake_self.id = 300u + (ULONG)t;
    struct concurrent_random random;
    concurrent_random_seed(&random, seed, (unsigned)t);
    for (int n = 0; n < TOGGLE_ROUNDS; n++) {
        const uint32_t port = 2u * concurrent_random_below(&random, TOGGLE_PORTS / 2) + (uint32_t)t;
        const bool enable = concurrent_random_below(&random, 2);
        const uint32_t flags = enable && concurrent_random_below(&random, 4) == 0 ? PORTIO_ENABLE_WANT_GRANT : 0;
        CHECK_STATUS(range(&toggled_file, enable ? IOCTL_PORTIO_ENABLE : IOCTL_PORTIO_DISABLE, TOGGLE_BASE + port, 1,
                           flags, NULL),
                     STATUS_SUCCESS);
        toggled_expected[port] = enable;
    }
    return NULL;
}

static void enable_and_disable_racing_leave_a_serial_order(void)
{
    load("enable_and_disable_racing_leave_a_serial_order", 1u << 12);
    concurrent_create(&h, &toggled_file, 0);
    run_threads(2, toggle_ports);
    /* What the driver's bitmap holds, port by port: a one-port read is
     * served exactly when the port is enabled. */
    for (uint32_t port = 0; port < TOGGLE_PORTS; port++) {
        struct transfer request;
        memset(&request, 0, sizeof request);
        transfer_op(&request, PORTIO_OP_IN, (uint16_t)(TOGGLE_BASE + port), 8, 0, 0, 0);
        transfer_finish(&request, 0);
        struct transfer reply;
        const NTSTATUS status = send_ioctl(&toggled_file, IOCTL_PORTIO_TRANSFER, request.bytes, request.size,
                                      reply.bytes, request.size, NULL);
        if ((status == STATUS_SUCCESS) != toggled_expected[port])
            fake_violation("port %#x is %s after the racing ENABLE and DISABLE calls; every serial order of them "
                           "leaves it %s (an update lost)",
                           TOGGLE_BASE + port, status == STATUS_SUCCESS ? "enabled" : "disabled",
                           toggled_expected[port] ? "enabled" : "disabled");
    }
#if defined(__i386__)
    /* The grant, if any, is this handle's, and its map equals the ports. */
    if (fake.processes[0].iopm_map == 1)
        for (uint32_t port = 0; port < TOGGLE_PORTS; port++)
            if (!((fake.iopm[(TOGGLE_BASE + port) / 8] >> ((TOGGLE_BASE + port) % 8)) & 1) != toggled_expected[port])
                fake_violation("the I/O permission map disagrees with the handle's ports at %#x", TOGGLE_BASE + port);
#endif
    concurrent_cleanup(&h, &toggled_file);
    concurrent_close(&h, &toggled_file);
    unload();
}

/* ======== Cleanup racing requests in flight ======== */

#define CLEANUP_ROUNDS 40

static struct concurrent_file doomed_file;
static atomic_int inside, cleanup_started;
static struct expected_accesses doomed_expected[2];
static int requests_after_cleanup;

/* The gated request: on its first access it waits until the handle's
 * cleanup has been sent, then lets it run a while, so that a cleanup that
 * does not wait for it frees the state under it. */
static void hold_first_access(const struct recorded *access)
{
    (void)access;
    if (atomic_exchange(&inside, 1) == 0) {
        while (!atomic_load(&cleanup_started))
            sched_yield();
        usleep(2000);
    }
}

static void *doomed_request(void *argument)
{
    const int t = *(int *)argument;
    fake_self.id = 400u + (ULONG)t;
    struct concurrent_random random;
    concurrent_random_seed(&random, seed, (unsigned)t);
    struct transfer request;
    if (t == 0) {
        memset(&request, 0, sizeof request);
        for (uint16_t port = 0x300; port < 0x310; port++)
            transfer_op(&request, PORTIO_OP_OUT, port, 8, port & 0xFF, 0, 0);
        transfer_finish(&request, 0);
        recorder_on_my_access = hold_first_access;
        NTSTATUS status;
        ULONG_PTR information;
        if (!concurrent_ioctl(&h, &doomed_file, IOCTL_PORTIO_TRANSFER, request.bytes, request.size, NULL, 0, &status,
                              &information))
            fake_violation("the gated request could not start");
        recorder_on_my_access = NULL;
        CHECK_STATUS(status, STATUS_SUCCESS);
        expect_accesses(&doomed_expected[0], 16);
        return NULL;
    }
    /* The other, once the gated request is in: up to 200 pairs of
     * requests, until the handle is gone; each one that started completes
     * whole. */
    while (!atomic_load(&inside))
        sched_yield();
    for (int n = 0; n < 200; n++) {
        NTSTATUS status;
        ULONG_PTR information;
        struct portio_range_request enable = {sizeof enable, 0x310 + concurrent_random_below(&random, 8), 1,
                                              concurrent_random_below(&random, 2) ? PORTIO_ENABLE_WANT_GRANT : 0};
        struct portio_enable_reply reply;
        if (!concurrent_ioctl(&h, &doomed_file, IOCTL_PORTIO_ENABLE, &enable, sizeof enable, &reply, sizeof reply,
                              &status, &information))
            break;
        CHECK_STATUS(status, STATUS_SUCCESS);
        requests_after_cleanup += atomic_load(&cleanup_started);
        memset(&request, 0, sizeof request);
        transfer_op(&request, PORTIO_OP_OUT, (uint16_t)enable.first, 8, 0x5A, 0, 0);
        transfer_op(&request, PORTIO_OP_IN, 0x300, 8, 0, 0, 0);
        transfer_finish(&request, 0);
        struct transfer answer;
        if (!concurrent_ioctl(&h, &doomed_file, IOCTL_PORTIO_TRANSFER, request.bytes, request.size, answer.bytes,
                              request.size, &status, &information))
            break;
        CHECK_STATUS(status, STATUS_SUCCESS);
        expect_accesses(&doomed_expected[1], 2);
        requests_after_cleanup += atomic_load(&cleanup_started);
    }
    return NULL;
}

static void cleanup_racing_requests_waits_for_them(void)
{
    load("cleanup_racing_requests_waits_for_them", 1u << 18);
    for (int round = 0; round < CLEANUP_ROUNDS; round++) {
        atomic_store(&inside, 0);
        atomic_store(&cleanup_started, 0);
        concurrent_create(&h, &doomed_file, round % FAKE_PROCESSES);
        CHECK_STATUS(range(&doomed_file, IOCTL_PORTIO_ENABLE, 0x300, 16, 0, NULL), STATUS_SUCCESS);
        pthread_t threads[2];
        static int index[2] = {0, 1};
        for (int t = 0; t < 2; t++)
            if (pthread_create(&threads[t], NULL, doomed_request, &index[t]) != 0)
                abort();
        while (!atomic_load(&inside))
            sched_yield();
        atomic_store(&cleanup_started, 1);
        fake_self.id = 1;
        concurrent_cleanup(&h, &doomed_file);
        concurrent_close(&h, &doomed_file);
        for (int t = 0; t < 2; t++)
            pthread_join(threads[t], NULL);
        /* Nothing of the handle is left: no state, no grant. */
        if (fake.live_blocks != 0)
            fake_violation("round %d: %d pool block(s) left after CLOSE", round, fake.live_blocks);
        for (int p = 0; p < FAKE_PROCESSES; p++)
            if (fake.processes[p].iopm_map || fake.processes[p].references)
                fake_violation("round %d: process %d keeps the map or a reference after its handle closed", round, p);
    }
    recorder_check_contiguous();
    check_expected_accesses(doomed_expected, 2);
    printf("%d rounds; %d requests completed after their handle's cleanup was sent\n", CLEANUP_ROUNDS,
           requests_after_cleanup);
    unload();
}

/* ======== A long SEQUENCE holds the others back, and ends ======== */

static struct concurrent_file long_files[MAX_THREADS];
static atomic_int long_inside;
static uint32_t long_request;
static uint32_t first_request_of[MAX_THREADS];

static void announce_long_sequence(const struct recorded *access)
{
    (void)access;
    if (atomic_exchange(&long_inside, 1) == 0)
        usleep(2000); /* the others start now, and must wait */
}

static void *long_or_short(void *argument)
{
    const int t = *(int *)argument;
    fake_self.id = 500u + (ULONG)t;
    if (t == 0) {
        /* 1 s of delay, then a 0.9 s wait for a bit that never comes: 1.9 s
         * of the 2 s budget, in the fake's time */
        static struct sequence request;
        sequence_start(&request);
        sequence_op(&request, PORTIO_OP_OUT, PRIVATE_BASE, 8, 0x00, 0, 0);
        sequence_op(&request, PORTIO_OP_DELAY, 0, 0, 1000000, 0, 0);
        sequence_op(&request, PORTIO_OP_WAIT, PRIVATE_BASE, 8, 0x80, 0x80, 900000);
        sequence_op(&request, PORTIO_OP_IN, PRIVATE_BASE, 8, 0, 0, 0);
        const ULONG output_length = sequence_finish(&request);
        recorder_on_my_access = announce_long_sequence;
        CHECK_STATUS(send_ioctl(&long_files[0], IOCTL_PORTIO_SEQUENCE, request.in, request.in_length, request.out,
                           output_length, NULL),
                     STATUS_SUCCESS);
        recorder_on_my_access = NULL;
        long_request = concurrent_last_request;
        struct portio_sequence_reply answer;
        memcpy(&answer, request.out, sizeof answer);
        if (answer.outcome != PORTIO_SEQUENCE_WAIT_TIMED_OUT || answer.ops_run != 2 || answer.last_value != 0)
            fake_violation("the long SEQUENCE answered outcome %u after %u ops (last %#x); its WAIT times out at "
                           "op 2",
                           (unsigned)answer.outcome, (unsigned)answer.ops_run, (unsigned)answer.last_value);
        return NULL;
    }
    while (!atomic_load(&long_inside))
        sched_yield();
    for (int n = 0; n < 20; n++) {
        struct transfer request, reply;
        memset(&request, 0, sizeof request);
        const uint32_t index = 0x80000000u | ((uint32_t)t << 24) | (uint32_t)n;
        transfer_op(&request, PORTIO_OP_OUT, RECORDER_INDEX_PORT, 32, index, 0, 0);
        transfer_op(&request, PORTIO_OP_IN, RECORDER_DATA_PORT, 32, 0, 0, 0);
        transfer_finish(&request, 0);
        CHECK_STATUS(send_ioctl(&long_files[t], IOCTL_PORTIO_TRANSFER, request.bytes, request.size, reply.bytes,
                           request.size, NULL),
                     STATUS_SUCCESS);
        if (n == 0)
            first_request_of[t] = concurrent_last_request;
        CHECK(transfer_value(&reply, 1) == recorder_config_value(index));
    }
    return NULL;
}

static void long_sequence_holds_others_back_without_deadlock(void)
{
    load("long_sequence_holds_others_back_without_deadlock", 1u << 16);
    for (int t = 0; t < MAX_THREADS; t++) {
        concurrent_create(&h, &long_files[t], t);
        CHECK_STATUS(range(&long_files[t], IOCTL_PORTIO_ENABLE, RECORDER_INDEX_PORT, 8, 0, NULL), STATUS_SUCCESS);
        CHECK_STATUS(range(&long_files[t], IOCTL_PORTIO_ENABLE, PRIVATE_BASE, 1, 0, NULL), STATUS_SUCCESS);
    }
    const LONGLONG started = fake.counter;
    run_threads(MAX_THREADS, long_or_short);
    recorder_check_contiguous();
    /* The others' first requests started while the long one ran: their
     * accesses all come after its last. */
    size_t long_last = 0, long_polls = 0;
    for (size_t i = 0; i < recorder_length(); i++)
        if (recorder_entry(i)->request == long_request) {
            long_last = i;
            long_polls++;
        }
    for (size_t i = 0; i < long_last; i++)
        for (int t = 1; t < MAX_THREADS; t++)
            if (recorder_entry(i)->request == first_request_of[t])
                fake_violation("thread %d's first request ran (log entry %zu) while the long SEQUENCE held the "
                               "device (until entry %zu)",
                               t, i, long_last);
    /* It took its time: 1.9 s of the fake's clock at least. */
    CHECK(fake.counter - started >= 19000000);
    for (int t = 0; t < MAX_THREADS; t++) {
        concurrent_cleanup(&h, &long_files[t]);
        concurrent_close(&h, &long_files[t]);
    }
    printf("the long SEQUENCE made %zu accesses (its WAIT polled), then 3 x 20 requests ran\n", long_polls);
    unload();
}

/* ======== The grant moving between processes (32-bit) ======== */

#define GRANT_ROUNDS 300
#define GRANT_PORTS 8u

static uint32_t grant_base(int process)
{
    return 0x100u * (uint32_t)(process + 1);
}

/* Inside the driver's grant lock, after each change of the map or of who
 * has it: at most one process has it, and it allows that process's ports
 * only. */
static void check_grant_change(void *context)
{
    (void)context;
    int holder = -1;
    for (int p = 0; p < FAKE_PROCESSES; p++) {
        if (fake.processes[p].iopm_map == 0)
            continue;
        if (holder >= 0)
            fake_violation("processes %d and %d both have the I/O permission map", holder, p);
        holder = p;
    }
    if (holder < 0)
        return;
    for (uint32_t byte = 0; byte < FAKE_IOPM_BYTES; byte++) {
        if (fake.iopm[byte] == 0xFF)
            continue;
        for (uint32_t port = byte * 8u; port < byte * 8u + 8u; port++)
            if (!((fake.iopm[byte] >> (port % 8u)) & 1u) &&
                (port < grant_base(holder) || port >= grant_base(holder) + GRANT_PORTS))
                fake_violation("process %d has the I/O permission map, which allows port %#x: not one of its "
                               "handle's ports",
                               holder, port);
    }
}

static struct concurrent_file grant_files[MAX_THREADS];
static atomic_int grants_given;

static void *use_the_grant(void *argument)
{
    const int p = *(int *)argument;
    fake_self.id = 600u + (ULONG)p;
    struct concurrent_random random;
    concurrent_random_seed(&random, seed, (unsigned)p);
    struct concurrent_file *file = &grant_files[p];
    bool enabled[GRANT_PORTS] = {false};
    for (int n = 0; n < GRANT_ROUNDS; n++) {
        const uint32_t first = concurrent_random_below(&random, GRANT_PORTS);
        const uint32_t count = 1 + concurrent_random_below(&random, GRANT_PORTS - first);
        const uint32_t choice = concurrent_random_below(&random, 20);
        if (choice < 10) {
            uint32_t granted;
            CHECK_STATUS(range(file, IOCTL_PORTIO_ENABLE, grant_base(p) + first, count,
                               choice < 6 ? PORTIO_ENABLE_WANT_GRANT : 0, &granted),
                         STATUS_SUCCESS);
            for (uint32_t i = first; i < first + count; i++)
                enabled[i] = true;
            if (granted) {
                atomic_fetch_add(&grants_given, 1);
                if (fake.processes[p].iopm_map != 1)
                    fake_violation("process %d was answered granted, and has no map", p);
            }
        } else if (choice < 16) {
            CHECK_STATUS(range(file, IOCTL_PORTIO_DISABLE, grant_base(p) + first, count, 0, NULL), STATUS_SUCCESS);
            for (uint32_t i = first; i < first + count; i++)
                enabled[i] = false;
        } else if (choice < 19) {
            /* the ports it enabled serve it, granted or not */
            for (uint32_t i = 0; i < GRANT_PORTS; i++) {
                if (!enabled[i])
                    continue;
                struct transfer request;
                memset(&request, 0, sizeof request);
                transfer_op(&request, PORTIO_OP_OUT, (uint16_t)(grant_base(p) + i), 8, (uint32_t)n & 0xFF, 0, 0);
                transfer_finish(&request, 0);
                CHECK_STATUS(send_ioctl(file, IOCTL_PORTIO_TRANSFER, request.bytes, request.size, NULL, 0, NULL),
                             STATUS_SUCCESS);
            }
        } else {
            /* the process closes its handle and opens a new one */
            concurrent_cleanup(&h, file);
            concurrent_close(&h, file);
            if (fake.processes[p].iopm_map != 0)
                fake_violation("process %d keeps the map after closing its handle", p);
            concurrent_create(&h, file, p);
            memset(enabled, 0, sizeof enabled);
        }
        /* While this process has the map, only its own thread changes it:
         * it must equal this handle's ports now. */
        if (fake.processes[p].iopm_map == 1)
            for (uint32_t port = 0; port < FAKE_PORTS; port++) {
                const bool allowed = !((fake.iopm[port / 8] >> (port % 8)) & 1);
                const bool own = port >= grant_base(p) && port < grant_base(p) + GRANT_PORTS &&
                                 enabled[port - grant_base(p)];
                if (allowed != own)
                    fake_violation("process %d has the map, which %s port %#x; its handle %s it", p,
                                   allowed ? "allows" : "refuses", port, own ? "enabled" : "did not enable");
            }
    }
    return NULL;
}

static void grant_moves_between_processes_without_sharing(void)
{
    load("grant_moves_between_processes_without_sharing", 1u << 16);
    fake.on_grant_change = check_grant_change;
    for (int p = 0; p < MAX_THREADS; p++)
        concurrent_create(&h, &grant_files[p], p);
    run_threads(MAX_THREADS, use_the_grant);
    for (int p = 0; p < MAX_THREADS; p++) {
        concurrent_cleanup(&h, &grant_files[p]);
        concurrent_close(&h, &grant_files[p]);
    }
    for (int p = 0; p < FAKE_PROCESSES; p++)
        if (fake.processes[p].iopm_map || fake.processes[p].references)
            fake_violation("process %d keeps the map or a reference after every handle closed", p);
#if defined(__i386__)
    /* Both answers happen: the grant was given, and moved. */
    CHECK(atomic_load(&grants_given) > 0);
#else
    CHECK(atomic_load(&grants_given) == 0);
#endif
    printf("%d grants given\n", atomic_load(&grants_given));
    unload();
}

/* ======== The fake's own rules, which the cases above rely on ======== */

/* Runs `body` in a child process, which must stop with a violation whose
 * message holds `text`. */
static void expect_violation(void (*body)(void), const char *text)
{
    char path[] = "/tmp/driver-host-violation-XXXXXX";
    const int log = mkstemp(path);
    CHECK(log >= 0);
    fflush(stdout);
    const pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        dup2(log, 2);
        alarm(120); /* a hang guard: a fake that hangs fails here */
        body();
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    char message[2048] = {0};
    CHECK(pread(log, message, sizeof message - 1, 0) >= 0);
    close(log);
    unlink(path);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT || !strstr(message, text))
        fake_violation("the fake did not report \"%s\" (status %#x, said: %.300s)", text, (unsigned)status, message);
}

static FAST_MUTEX ring[3];
static pthread_barrier_t ring_holds;

/* Thread t holds lock t, then wants lock t + 1: three threads in a ring,
 * whose pairs of locks are never taken in both orders, so only the
 * deadlock check can see it. */
static void *take_two(void *argument)
{
    const int t = *(int *)argument;
    fake_self.id = 700u + (ULONG)t;
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&ring[t]);
    pthread_barrier_wait(&ring_holds);
    ExAcquireFastMutexUnsafe(&ring[(t + 1) % 3]);
    return NULL;
}

static void three_threads_in_a_ring(void)
{
    fake_kernel_reset();
    for (int i = 0; i < 3; i++)
        ExInitializeFastMutex(&ring[i]);
    pthread_barrier_init(&ring_holds, NULL, 3);
    pthread_t threads[3];
    static int index[3] = {0, 1, 2};
    for (int t = 0; t < 3; t++)
        pthread_create(&threads[t], NULL, take_two, &index[t]);
    for (int t = 0; t < 3; t++)
        pthread_join(threads[t], NULL);
}

static FAST_MUTEX lone;

static void *take_lone(void *argument)
{
    (void)argument;
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&lone);
    return NULL;
}

static void release_by_another_thread(void)
{
    fake_kernel_reset();
    ExInitializeFastMutex(&lone);
    pthread_t thread;
    pthread_create(&thread, NULL, take_lone, NULL);
    pthread_join(thread, NULL);
    KeEnterCriticalRegion();
    ExReleaseFastMutexUnsafe(&lone);
}

static void recursive_acquire(void)
{
    fake_kernel_reset();
    ExInitializeFastMutex(&lone);
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&lone);
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(&lone);
}

static void the_fake_reports_deadlocks_and_misuse_instead_of_hanging(void)
{
    expect_violation(three_threads_in_a_ring, "deadlock: thread 70");
    expect_violation(release_by_another_thread, "which does not hold it");
    expect_violation(recursive_acquire, "already holds it");
}

int main(int argc, char **argv)
{
    static const struct host_test tests[] = {
        {"requests_of_clients_never_interleave", requests_of_clients_never_interleave},
        {"transfer_racing_disable_runs_whole_or_is_refused", transfer_racing_disable_runs_whole_or_is_refused},
        {"enable_and_disable_racing_leave_a_serial_order", enable_and_disable_racing_leave_a_serial_order},
        {"cleanup_racing_requests_waits_for_them", cleanup_racing_requests_waits_for_them},
        {"long_sequence_holds_others_back_without_deadlock", long_sequence_holds_others_back_without_deadlock},
        {"grant_moves_between_processes_without_sharing", grant_moves_between_processes_without_sharing},
        {"the_fake_reports_deadlocks_and_misuse_instead_of_hanging",
         the_fake_reports_deadlocks_and_misuse_instead_of_hanging},
    };
    return host_test_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
