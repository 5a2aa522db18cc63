/* SPDX-License-Identifier: MIT */
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
 *
 * With --inpout DLL (portio's inpoutx64.dll): Out32 and Inp32 through it,
 * loaded as a program loads it (LoadLibrary, GetProcAddress), against the
 * same accesses through portio_outb and portio_inb, or, with
 * --inpout-original DLL, through InpOut32 1.5's own DLL and driver (whose
 * service inpoutx64 must be running): one request each way, target 1.05.
 *
 * Then the protocols: an SMBus read of a whole EEPROM and a 4 KiB print,
 * each as batches (--rounds times) and, once, as the same ops one call
 * each (portio_read, portio_write, a wait as a loop of reads: 24576
 * requests for the print, a minute or more). No target: the rows show the
 * time and the driver requests of both.
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
#define LPT_STATUS 0x379
#define LPT_CONTROL 0x37A
#define OPS 4096
#define REQUESTS_PER_ROUND 10
#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC

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

/* ---- inpout: Out32 and Inp32 through a DLL, as programs call them ---- */

typedef short(__stdcall *inp32_fn)(short port);
typedef void(__stdcall *out32_fn)(short port, short data);
typedef BOOL(__stdcall *driver_open_fn)(void);

struct inpout_dll {
    const char *path;
    inp32_fn inp32;
    out32_fn out32;
};

#define INPOUT_PAIRS_PER_TURN 8

static int load_inpout(struct inpout_dll *dll)
{
    HMODULE module = LoadLibraryA(dll->path);
    if (!module) {
        fprintf(stderr, "bench_windows: cannot load %s (error %lu)\n", dll->path, (unsigned long)GetLastError());
        return 1;
    }
    FARPROC inp = GetProcAddress(module, "Inp32"), out = GetProcAddress(module, "Out32");
    FARPROC open = GetProcAddress(module, "IsInpOutDriverOpen");
    if (!inp || !out || !open) {
        fprintf(stderr, "bench_windows: %s lacks Inp32, Out32 or IsInpOutDriverOpen\n", dll->path);
        return 1;
    }
    /* Function pointers of other types, without a cast ISO C forbids. */
    driver_open_fn driver_open;
    memcpy(&dll->inp32, &inp, sizeof inp);
    memcpy(&dll->out32, &out, sizeof out);
    memcpy(&driver_open, &open, sizeof open);
    if (!driver_open()) {
        fprintf(stderr, "bench_windows: %s: IsInpOutDriverOpen() is FALSE\n", dll->path);
        return 1;
    }
    /* The latch reads back what was written: the accesses reach the port. */
    dll->out32(LPT_DATA, 0x5A);
    if (dll->inp32(LPT_DATA) != 0x5A) {
        fprintf(stderr, "bench_windows: %s: the LPT latch did not read back 0x5A\n", dll->path);
        return 1;
    }
    return 0;
}

static void inpout_pairs(void *context, long iterations)
{
    const struct inpout_dll *dll = context;
    uint32_t sum = 0;
    for (long i = 0; i < iterations; i++) {
        dll->out32(LPT_DATA, (short)(i & 0xFF));
        sum += (uint16_t)dll->inp32(LPT_DATA);
    }
    sink = sum;
}

static void portio_pairs(void *context, long iterations)
{
    (void)context;
    uint32_t sum = 0;
    for (long i = 0; i < iterations; i++) {
        portio_outb(LPT_DATA, (uint8_t)i);
        sum += portio_inb(LPT_DATA);
    }
    sink = sum;
}

static int inpout_rows(const char *ours_path, const char *original_path, int rounds)
{
    struct inpout_dll ours = {ours_path}, original = {original_path};
    if (load_inpout(&ours) || (original_path && load_inpout(&original)))
        return 1;
    struct bench_timing path = {inpout_pairs, &ours, INPOUT_PAIRS_PER_TURN, 2};
    struct bench_timing library = {portio_pairs, NULL, INPOUT_PAIRS_PER_TURN, 2};
    struct bench_result result;
    bench_compare(&path, &library, rounds, &result);
    bench_print("win_inpout", "Windows: Out32/Inp32 through portio's inpoutx64.dll",
                "portio_outb/portio_inb through the driver", &result, 1.05);
    if (original_path) {
        struct bench_timing theirs = {inpout_pairs, &original, INPOUT_PAIRS_PER_TURN, 2};
        bench_compare(&path, &theirs, rounds, &result);
        bench_print("win_inpout_original", "Windows: Out32/Inp32 through portio's inpoutx64.dll",
                    "InpOut32 1.5's own DLL and inpoutx64.sys", &result, 1.05);
    }
    return 0;
}

/* ---- the protocols: batches against the same ops one call each ---- */

/* The PIIX4 SMBus host (QEMU's i440FX machine), read byte data. */
enum { HOST_STATUS = 0, HOST_CONTROL = 2, HOST_COMMAND = 3, HOST_ADDRESS = 4, HOST_DATA0 = 5 };
#define EEPROM 0x50
#define EEPROM_BYTES 256
#define SMBUS_OPS_PER_BYTE 7
#define SMBUS_OPS (EEPROM_BYTES * SMBUS_OPS_PER_BYTE)
/* The printer: wait until not busy, data, strobe high, strobe low. */
#define PRINT_BYTES 4096
#define PRINT_OPS_PER_BYTE 4
#define PRINT_OPS (PRINT_BYTES * PRINT_OPS_PER_BYTE)
/* Generous: a single-call wait polls by requests that take milliseconds
 * each under emulation; a batch's wait spends only what it needs. */
#define WAIT_US PORTIO_BATCH_MAX_TIME_US

static portio_batch_op smbus_ops[SMBUS_OPS];
static portio_batch_op print_ops[PRINT_OPS];

/* The SMBus base from the PIIX4 power-management function 00:01.3. */
static int smbus_base(uint16_t *base)
{
    portio_batch_op ops[] = {
        {CONFIG_ADDRESS, 32, PORTIO_BATCH_WRITE, 0x80000B90u}, /* 00:01.3, register 0x90 */
        {CONFIG_DATA, 32, PORTIO_BATCH_READ, 0},
    };
    if (portio_enable(CONFIG_ADDRESS, 8) != PORTIO_OK || portio_batch(ops, 2) != PORTIO_OK)
        return 1;
    *base = (uint16_t)(ops[1].value & 0xFFF0);
    return *base == 0 || portio_enable(*base, 16) != PORTIO_OK;
}

static void fill_smbus_read(uint16_t base)
{
    portio_batch_op *op = smbus_ops;
    for (uint32_t offset = 0; offset < EEPROM_BYTES; offset++) {
        *op++ = (portio_batch_op){(uint16_t)(base + HOST_STATUS), 8, PORTIO_BATCH_WRITE, 0x1E};
        *op++ = (portio_batch_op){(uint16_t)(base + HOST_ADDRESS), 8, PORTIO_BATCH_WRITE, EEPROM << 1 | 1};
        *op++ = (portio_batch_op){(uint16_t)(base + HOST_COMMAND), 8, PORTIO_BATCH_WRITE, offset};
        *op++ = (portio_batch_op){(uint16_t)(base + HOST_CONTROL), 8, PORTIO_BATCH_WRITE, 0x48};
        *op++ = (portio_batch_op){(uint16_t)(base + HOST_STATUS), 8, PORTIO_BATCH_WAIT, 0, 0x01, WAIT_US};
        *op++ = (portio_batch_op){(uint16_t)(base + HOST_STATUS), 8, PORTIO_BATCH_READ, 0};
        *op++ = (portio_batch_op){(uint16_t)(base + HOST_DATA0), 8, PORTIO_BATCH_READ, 0};
    }
}

/* Every transaction ended "done" (0x02). */
static int smbus_read_done(void)
{
    for (int i = SMBUS_OPS_PER_BYTE - 2; i < SMBUS_OPS; i += SMBUS_OPS_PER_BYTE)
        if (smbus_ops[i].value != 0x02) {
            fprintf(stderr, "bench_windows: SMBus status 0x%02X at op %d\n", (unsigned)smbus_ops[i].value, i);
            return 0;
        }
    return 1;
}

static void fill_print(void)
{
    portio_batch_op *op = print_ops;
    for (uint32_t i = 0; i < PRINT_BYTES; i++) {
        *op++ = (portio_batch_op){LPT_STATUS, 8, PORTIO_BATCH_WAIT, 0x80, 0x80, WAIT_US};
        *op++ = (portio_batch_op){LPT_DATA, 8, PORTIO_BATCH_WRITE, i * 7 & 0xFF};
        *op++ = (portio_batch_op){LPT_CONTROL, 8, PORTIO_BATCH_WRITE, 0x0D};
        *op++ = (portio_batch_op){LPT_CONTROL, 8, PORTIO_BATCH_WRITE, 0x0C};
    }
}

/* The ops through the per-operation path: a wait is a loop of single reads
 * until its condition holds or its time is over. */
static int run_one_by_one(portio_batch_op *ops, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        portio_batch_op *op = &ops[i];
        int status = PORTIO_OK;
        if (op->kind == PORTIO_BATCH_READ) {
            status = portio_read(op->port, op->width_bits, &op->value);
        } else if (op->kind == PORTIO_BATCH_WRITE) {
            status = portio_write(op->port, op->width_bits, op->value);
        } else if (op->kind == PORTIO_BATCH_WAIT) {
            double end = bench_now_ns() + op->time_us * 1e3;
            do
                status = portio_read(op->port, op->width_bits, &op->result);
            while (status == PORTIO_OK && (op->result & op->mask) != (op->value & op->mask) &&
                   bench_now_ns() < end);
            if (status == PORTIO_OK && (op->result & op->mask) != (op->value & op->mask)) {
                fprintf(stderr, "bench_windows: op %u, a wait at port 0x%04X, read 0x%02X until its time ran out\n",
                        (unsigned)i, op->port, (unsigned)op->result);
                return PORTIO_E_TIMEOUT;
            }
        } else {
            status = PORTIO_E_INVALID;
        }
        if (status != PORTIO_OK) {
            fprintf(stderr, "bench_windows: op %u as a single call: %s\n", (unsigned)i, portio_last_error());
            return status;
        }
    }
    return PORTIO_OK;
}

/* As a program sends them: at most 4096 ops a batch (one request each). */
static int run_batches(portio_batch_op *ops, size_t count)
{
    for (size_t done = 0; done < count; done += OPS) {
        int status = portio_batch(ops + done, count - done < OPS ? count - done : OPS);
        if (status != PORTIO_OK)
            return status;
    }
    return PORTIO_OK;
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

/* One protocol both ways: ns per op (batches: each round; single calls:
 * the one run), the requests of one run of each. */
struct protocol_timing {
    double batch_ns[BENCH_MAX_ROUNDS], single_ns;
    uint64_t batch_requests, single_requests;
};

/* ns per op of one run of ops, and the driver requests it made. The run
 * is timed in chunks of `chunk` ops and gives its median chunk: the single
 * calls take a minute, and another program on the machine slows some
 * chunks down, never one up. */
static int time_run(int (*run)(portio_batch_op *, size_t), portio_batch_op *ops, size_t count,
                    size_t chunk, double *ns, uint64_t *requests)
{
    double chunk_ns[BENCH_MAX_ROUNDS];
    int chunks = 0;
    uint64_t before, after, operations;
    if (count_requests(&before, &operations))
        return 1;
    for (size_t done = 0; done < count && chunks < BENCH_MAX_ROUNDS; done += chunk) {
        size_t n = count - done < chunk ? count - done : chunk;
        double start = bench_now_ns();
        int status = run(ops + done, n);
        chunk_ns[chunks++] = (bench_now_ns() - start) / (double)n;
        if (status != PORTIO_OK) {
            fprintf(stderr, "bench_windows: %s\n", portio_last_error());
            return 1;
        }
    }
    if (count_requests(&after, &operations))
        return 1;
    *requests = after - before;
    *ns = bench_median(chunk_ns, chunks);
    return 0;
}

/* single_chunk: ops per timed chunk of the single calls, whole
 * transactions or bytes, count / single_chunk <= BENCH_MAX_ROUNDS. */
static int time_protocol(portio_batch_op *ops, size_t count, size_t single_chunk, int rounds,
                         struct protocol_timing *timing)
{
    for (int r = 0; r < rounds; r++)
        if (time_run(run_batches, ops, count, count, &timing->batch_ns[r], &timing->batch_requests))
            return 1;
    return time_run(run_one_by_one, ops, count, single_chunk, &timing->single_ns,
                    &timing->single_requests);
}

/* The batch's rounds against the single calls; the requests of each in
 * the row's words. */
static void print_protocol(const char *id, const char *what, const struct protocol_timing *timing,
                           int rounds)
{
    double reference[BENCH_MAX_ROUNDS];
    for (int r = 0; r < rounds; r++)
        reference[r] = timing->single_ns;
    struct bench_result result;
    bench_summarize(timing->batch_ns, reference, rounds, &result);
    char path[96], single_calls[96];
    snprintf(path, sizeof path, "Windows: %s as batches, %llu request(s)", what,
             (unsigned long long)timing->batch_requests);
    snprintf(single_calls, sizeof single_calls, "the same ops one call each, %llu requests",
             (unsigned long long)timing->single_requests);
    bench_print(id, path, single_calls, &result, 0);
}

static int protocols(int rounds)
{
    uint16_t base;
    if (smbus_base(&base)) {
        fprintf(stderr, "bench_windows: finding the SMBus: %s\n", portio_last_error());
        return 1;
    }
    fill_smbus_read(base);
    fill_print();
    static struct protocol_timing smbus, print;
    if (time_protocol(smbus_ops, SMBUS_OPS, 16 * SMBUS_OPS_PER_BYTE, rounds, &smbus) ||
        !smbus_read_done() || time_protocol(print_ops, PRINT_OPS, 64 * PRINT_OPS_PER_BYTE, rounds, &print))
        return 1;
    printf("PORTIO-BENCH-NOTE|SMBus read of 256 bytes (%d ops): %llu request(s) as a batch, %llu as "
           "single calls; 4 KiB print (%d ops): %llu request(s) as batches of %d ops, %llu as single "
           "calls\n",
           SMBUS_OPS, (unsigned long long)smbus.batch_requests, (unsigned long long)smbus.single_requests,
           PRINT_OPS, (unsigned long long)print.batch_requests, OPS,
           (unsigned long long)print.single_requests);
    print_protocol("win_smbus_read", "SMBus read of 256 bytes", &smbus, rounds);
    print_protocol("win_lpt_print", "4 KiB print", &print, rounds);
    return 0;
}

int main(int argc, char **argv)
{
    int rounds = 9;
    const char *inpout = NULL, *inpout_original = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--inpout") == 0 && i + 1 < argc) {
            inpout = argv[++i];
        } else if (strcmp(argv[i], "--inpout-original") == 0 && i + 1 < argc) {
            inpout_original = argv[++i];
        } else {
            fprintf(stderr, "usage: bench_windows [--rounds N] [--inpout DLL [--inpout-original DLL]]\n");
            return 2;
        }
    }
    if (inpout_original && !inpout) {
        fprintf(stderr, "bench_windows: --inpout-original goes with --inpout\n");
        return 2;
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

    if (inpout && inpout_rows(inpout, inpout_original, rounds))
        return 1;
    if (protocols(rounds))
        return 1;
    printf("PORTIO-BENCH-DONE\n");
    portio_disable(0, 0x10000);
    return 0;
}
