/*
 * The Windows benchmark, run under Wine in the QEMU guest against the real
 * portio.sys (run_bench.sh, through tests/wine-guest/run_wine_guest.sh with
 * --client-port-rights, so that this process may also run the bare
 * instructions it is compared with). The library goes through the driver
 * all the same: 64-bit Windows grants no I/O permission map.
 *
 *   bench_windows [--rounds N]
 *
 * Each round times, one after the other: the bare instructions, one
 * per-operation request (portio_inb), a batch of 4096 operations
 * (portio_batch) and a 4 KiB string (portio_outsb). The target of the batch
 * and the string: at most two per-operation requests plus 1.5 times the
 * bare instructions they stand for, in the same round.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bare_x86.h"
#include "measure.h"
#include "portio.h"
#include "windows/backends.h"

#define LPT_DATA 0x378
#define OPS 4096
#define REQUESTS_PER_ROUND 10

static volatile uint32_t sink;
static uint8_t string_data[OPS];
static portio_batch_op batch[OPS];

/* The batch: the LPT latch written and read back in turns. */
static void fill_batch(void)
{
    for (int i = 0; i < OPS; i++) {
        batch[i].port = LPT_DATA;
        batch[i].width_bits = 8;
        batch[i].kind = (i % 2 == 0);
        batch[i].value = batch[i].kind ? (uint32_t)(i / 2 % 256) : 0;
    }
}

/* What the batch does, with the bare instructions. */
static double time_bare_sequence(void)
{
    uint32_t sum = 0;
    double start = bench_now_ns();
    for (int i = 0; i < OPS; i += 2) {
        bare_outb(LPT_DATA, (uint8_t)(i / 2));
        sum += bare_inb(LPT_DATA);
    }
    double elapsed = bench_now_ns() - start;
    sink = sum;
    return elapsed;
}

static double time_bare_string(void)
{
    double start = bench_now_ns();
    bare_outsb(LPT_DATA, string_data, OPS);
    return bench_now_ns() - start;
}

/* ns per request */
static double time_requests(void)
{
    uint32_t sum = 0;
    double start = bench_now_ns();
    for (int i = 0; i < REQUESTS_PER_ROUND; i++)
        sum += portio_inb(LPT_DATA);
    double elapsed = bench_now_ns() - start;
    sink = sum;
    return elapsed / REQUESTS_PER_ROUND;
}

static double time_batch(int *status)
{
    double start = bench_now_ns();
    *status = portio_batch(batch, OPS);
    return bench_now_ns() - start;
}

static double time_string(void)
{
    double start = bench_now_ns();
    portio_outsb(LPT_DATA, string_data, OPS);
    return bench_now_ns() - start;
}

/* Driver requests made by f, from the driver's counters. */
static int count_requests(uint64_t *requests, uint64_t *operations)
{
    if (portio_windows_driver_stats(requests, operations) != PORTIO_OK) {
        fprintf(stderr, "bench_windows: the driver's counters: %s\n", portio_last_error());
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int rounds = 9;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = atoi(argv[++i]);
        } else {
            fprintf(stderr, "usage: bench_windows [--rounds N]\n");
            return 2;
        }
    }
    if (rounds < 3 || rounds > BENCH_MAX_ROUNDS) {
        fprintf(stderr, "bench_windows: --rounds 3..%d\n", BENCH_MAX_ROUNDS);
        return 2;
    }
    if (portio_use_backend("driver") != PORTIO_OK || portio_enable(LPT_DATA, 3) != PORTIO_OK) {
        fprintf(stderr, "bench_windows: enabling the LPT ports: %s\n", portio_last_error());
        return 1;
    }
    memset(string_data, 0xA5, sizeof string_data);
    fill_batch();

    /* The kernel trips, counted by the driver: one per batch and string. */
    uint64_t before, after, operations_before, operations_after;
    int status;
    if (count_requests(&before, &operations_before))
        return 1;
    time_batch(&status);
    if (status != PORTIO_OK) {
        fprintf(stderr, "bench_windows: portio_batch: %s\n", portio_last_error());
        return 1;
    }
    time_string();
    if (count_requests(&after, &operations_after))
        return 1;
    printf("PORTIO-BENCH-NOTE|driver requests for one 4096-op batch and one 4 KiB string: %llu "
           "(%llu port accesses)\n",
           (unsigned long long)(after - before),
           (unsigned long long)(operations_after - operations_before));
    /* The batch wrote and read back the latch: a check that it ran. */
    for (int i = 1; i < OPS; i += 2) {
        if (batch[i].value != batch[i - 1].value) {
            fprintf(stderr, "bench_windows: op %d read 0x%02X, wrote 0x%02X\n", i,
                    (unsigned)batch[i].value, (unsigned)batch[i - 1].value);
            return 1;
        }
    }

    double bare_in[BENCH_MAX_ROUNDS], request[BENCH_MAX_ROUNDS];
    double batch_ns[BENCH_MAX_ROUNDS], batch_budget[BENCH_MAX_ROUNDS];
    double string_ns[BENCH_MAX_ROUNDS], string_budget[BENCH_MAX_ROUNDS];
    for (int r = 0; r < rounds; r++) {
        double sequence = time_bare_sequence();
        request[r] = time_requests();
        batch_ns[r] = time_batch(&status);
        double bare_string = time_bare_string();
        string_ns[r] = time_string();
        if (status != PORTIO_OK) {
            fprintf(stderr, "bench_windows: portio_batch: %s\n", portio_last_error());
            return 1;
        }
        bare_in[r] = sequence / OPS;
        batch_budget[r] = 2 * request[r] + 1.5 * sequence;
        string_budget[r] = 2 * request[r] + 1.5 * bare_string;
        /* per access */
        batch_ns[r] /= OPS;
        batch_budget[r] /= OPS;
        string_ns[r] /= OPS;
        string_budget[r] /= OPS;
    }

    struct bench_result result;
    bench_summarize(request, bare_in, rounds, &result);
    bench_print("win_request", "Windows: portio_inb, one request to the driver",
                "bare in/out in this process", &result, 0);
    bench_summarize(batch_ns, batch_budget, rounds, &result);
    bench_print("win_batch", "Windows: portio_batch, 4096 ops in one request",
                "budget: 2 requests + 1.5 x bare", &result, 1.0);
    bench_summarize(string_ns, string_budget, rounds, &result);
    bench_print("win_string", "Windows: portio_outsb, 4 KiB in one request",
                "budget: 2 requests + 1.5 x rep outsb", &result, 1.0);
    printf("PORTIO-BENCH-DONE\n");
    portio_disable(0, 0x10000);
    return 0;
}
