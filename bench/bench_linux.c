/* SPDX-License-Identifier: MIT */
/*
 * The Linux benchmark, run as root in the QEMU guest (run_bench.sh): every
 * path of the library next to what it stands for, in one process.
 *
 *   bench_linux [--shared PATH_TO_bench_shared_part.so] [--rounds N] [--scale X]
 *               [--processes N]
 *
 * The library is linked statically; --shared dlopens the plugin
 * bench_shared_part.so, linked to a shared build of the same sources, to
 * time the fast path from there as well. The references use the
 * benchmark's own inline assembly and system calls, not the library's.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ppdev.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "bench_shared_part.h"
#include "bare_x86.h"
#include "measure.h"
#include "processes.h"
#include "portio.h"

#define LPT_DATA 0x378
#define LPT_STATUS 0x379
#define STRING_BYTES 4096
#define BATCH_OPS 64
#define NOT_BUSY 0x80 /* status bit 7: the idle port reads 0xD9 */

/* ---- references: the bare instructions and system calls ---- */

static volatile uint32_t sink;
static uint8_t string_buffer[STRING_BYTES];
static int devport_fd = -1;
static int parport_fd = -1;

static void body_bare_inb(void *context, long n)
{
    (void)context;
    uint32_t sum = 0;
    for (long i = 0; i < n; i++)
        sum += bare_inb(LPT_DATA);
    sink = sum;
}

static void body_bare_outb(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++)
        bare_outb(LPT_DATA, (uint8_t)i);
}

static void body_bare_insb(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++)
        bare_insb(LPT_STATUS, string_buffer, STRING_BYTES);
}

static void body_bare_outsb(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++)
        bare_outsb(LPT_DATA, string_buffer, STRING_BYTES);
}

/* What a program would write without portio over the same ops (the
 * portio_batch_op layout): for each op, its instruction, a read's value
 * kept. */
static void body_bare_ops(void *context, long n)
{
    portio_batch_op *ops = context;
    for (long i = 0; i < n; i++)
        for (int k = 0; k < BATCH_OPS; k++) {
            portio_batch_op *op = &ops[k];
            if (op->kind == PORTIO_BATCH_WRITE)
                bare_outb(op->port, (uint8_t)op->value);
            else
                op->value = bare_inb(op->port);
        }
}

/* The same for waits: one read and the wait's compare (a miss is never
 * taken here), the value kept. */
static void body_bare_waits(void *context, long n)
{
    portio_batch_op *ops = context;
    for (long i = 0; i < n; i++)
        for (int k = 0; k < BATCH_OPS; k++) {
            portio_batch_op *op = &ops[k];
            uint8_t value = bare_inb(op->port);
            if (((value ^ op->value) & op->mask) != 0)
                abort();
            op->result = value;
        }
}

static void body_pread(void *context, long n)
{
    (void)context;
    uint32_t sum = 0;
    uint8_t byte = 0;
    for (long i = 0; i < n; i++) {
        if (pread(devport_fd, &byte, 1, LPT_DATA) != 1)
            abort();
        sum += byte;
    }
    sink = sum;
}

static void body_pwrite(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++) {
        uint8_t byte = (uint8_t)i;
        if (pwrite(devport_fd, &byte, 1, LPT_DATA) != 1)
            abort();
    }
}

static void body_pprstatus(void *context, long n)
{
    (void)context;
    uint32_t sum = 0;
    unsigned char status = 0;
    for (long i = 0; i < n; i++) {
        if (ioctl(parport_fd, PPRSTATUS, &status) != 0)
            abort();
        sum += status;
    }
    sink = sum;
}

static void body_ioperm_pair(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++) {
        if (ioperm(LPT_DATA, 3, 1) != 0 || ioperm(LPT_DATA, 3, 0) != 0)
            abort();
    }
}

/* ---- the library: the static build linked in, the shared one in a plugin ---- */

/* What the plugin bench_shared_part.so gives, found with dlsym. */
struct shared_part {
    int (*enable)(uint16_t, uint16_t);
    const char *(*last_error)(void);
    bench_body inb, outb;
};

/* Through a pointer: what a program that cannot use the header's inline
 * forms pays (other languages through a foreign-function interface). */
static void body_pointer_inb(void *context, long n)
{
    uint8_t (*inb)(uint16_t) = *(uint8_t (**)(uint16_t))context;
    uint32_t sum = 0;
    for (long i = 0; i < n; i++)
        sum += inb(LPT_DATA);
    sink = sum;
}

/* The static build: direct calls, as any program linking libportio.a. */
static void body_portio_inb(void *context, long n)
{
    (void)context;
    uint32_t sum = 0;
    for (long i = 0; i < n; i++)
        sum += portio_inb(LPT_DATA);
    sink = sum;
}

static void body_portio_inb_status(void *context, long n)
{
    (void)context;
    uint32_t sum = 0;
    for (long i = 0; i < n; i++)
        sum += portio_inb(LPT_STATUS);
    sink = sum;
}

static void body_portio_outb(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++)
        portio_outb(LPT_DATA, (uint8_t)i);
}

static void body_portio_read(void *context, long n)
{
    (void)context;
    uint32_t sum = 0, value = 0;
    for (long i = 0; i < n; i++) {
        if (portio_read(LPT_DATA, 8, &value) != PORTIO_OK)
            abort();
        sum += value;
    }
    sink = sum;
}

static void body_portio_write(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++) {
        if (portio_write(LPT_DATA, 8, (uint8_t)i) != PORTIO_OK)
            abort();
    }
}

static void body_portio_insb(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++)
        portio_insb(LPT_STATUS, string_buffer, STRING_BYTES);
}

static void body_portio_outsb(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++)
        portio_outsb(LPT_DATA, string_buffer, STRING_BYTES);
}

/* The batch is prepared once and runs unchanged every time. */
static void body_portio_batch(void *context, long n)
{
    portio_batch_op *ops = context;
    for (long i = 0; i < n; i++)
        if (portio_batch(ops, BATCH_OPS) != PORTIO_OK)
            abort();
}

/* The latch written and read back, 32 times. */
static void fill_pairs(portio_batch_op *ops)
{
    for (int pair = 0; pair < BATCH_OPS / 2; pair++) {
        ops[2 * pair] = (portio_batch_op){LPT_DATA, 8, PORTIO_BATCH_WRITE, (uint32_t)(pair * 0x11 & 0xFF)};
        ops[2 * pair + 1] = (portio_batch_op){LPT_DATA, 8, PORTIO_BATCH_READ, 0};
    }
}

/* Waits for "not busy" on the idle port: each succeeds at its first poll. */
static void fill_waits(portio_batch_op *ops)
{
    for (int i = 0; i < BATCH_OPS; i++)
        ops[i] = (portio_batch_op){LPT_STATUS, 8, PORTIO_BATCH_WAIT, NOT_BUSY, NOT_BUSY, 1000};
}

static void body_enable_disable(void *context, long n)
{
    (void)context;
    for (long i = 0; i < n; i++) {
        if (portio_enable(LPT_DATA, 3) != PORTIO_OK || portio_disable(LPT_DATA, 3) != PORTIO_OK)
            abort();
    }
}

/* ---- the run ---- */

static int rounds = 15;
static double scale = 1.0;

static struct bench_timing timing(bench_body body, void *context, long iterations, double accesses)
{
    long scaled = (long)((double)iterations * scale);
    struct bench_timing t = {body, context, scaled > 0 ? scaled : 1, accesses};
    return t;
}

static void compare(const char *id, const char *path, struct bench_timing a, const char *reference,
                    struct bench_timing b, double target)
{
    struct bench_result result;
    bench_compare(&a, &b, rounds, &result);
    bench_print(id, path, reference, &result, target);
}

static int fail(const char *what)
{
    fprintf(stderr, "bench_linux: %s: %s\n", what, portio_last_error());
    return 1;
}

static int load_shared(const char *path, struct shared_part *part)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        fprintf(stderr, "bench_linux: %s\n", dlerror());
        return 1;
    }
    /* POSIX's way to turn dlsym's answer into a function pointer. */
    *(void **)&part->enable = dlsym(handle, "bench_shared_enable");
    *(void **)&part->last_error = dlsym(handle, "bench_shared_last_error");
    *(void **)&part->inb = dlsym(handle, "bench_shared_inb");
    *(void **)&part->outb = dlsym(handle, "bench_shared_outb");
    if (!part->enable || !part->last_error || !part->inb || !part->outb) {
        fprintf(stderr, "bench_linux: %s lacks a benchmark function\n", path);
        return 1;
    }
    return 0;
}

/* The descriptor of /dev/parport0 that the ppdev backend opened and
 * claimed, for the bare ioctl loop: a second open of the device could not
 * claim the port while the library holds it, and ppdev answers only the
 * claimant. -1 when there is none. */
static int find_claimed_parport(void)
{
    DIR *fds = opendir("/proc/self/fd");
    if (!fds)
        return -1;
    int found = -1;
    struct dirent *entry;
    while (found < 0 && (entry = readdir(fds)) != NULL) {
        char link[300], target[64];
        snprintf(link, sizeof link, "/proc/self/fd/%s", entry->d_name);
        ssize_t length = readlink(link, target, sizeof target - 1);
        if (length <= 0)
            continue;
        target[length] = '\0';
        if (strcmp(target, "/dev/parport0") == 0)
            found = atoi(entry->d_name);
    }
    closedir(fds);
    return found;
}

/* Ranges of two ports from 0x100 up, apart from the LPT's. */
static int enable_extra_ranges(int from, int to)
{
    for (int i = from; i < to; i++)
        if (portio_enable(0x100 + 8 * (uint32_t)i, 2) != PORTIO_OK)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    const char *shared_path = NULL;
    int processes = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--shared") == 0 && i + 1 < argc)
            shared_path = argv[++i];
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
            scale = atof(argv[++i]);
        else if (strcmp(argv[i], "--processes") == 0 && i + 1 < argc)
            processes = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_linux [--shared BENCH_SHARED_PART_SO] [--rounds N] "
                            "[--scale X] [--processes N]\n");
            return 2;
        }
    }
    if (rounds < 3 || rounds > BENCH_MAX_ROUNDS || !(scale > 0) || processes < 1 ||
        processes > BENCH_MAX_PROCESSES) {
        fprintf(stderr, "bench_linux: --rounds 3..%d, --scale > 0, --processes 1..%d\n",
                BENCH_MAX_ROUNDS, BENCH_MAX_PROCESSES);
        return 2;
    }
    if (processes > 1) {
        /* Each run a new process, with a layout of its own. */
        char command[1024];
        snprintf(command, sizeof command, "%s --processes 1 --rounds %d --scale %g%s%s", argv[0],
                 rounds, scale, shared_path ? " --shared " : "", shared_path ? shared_path : "");
        if (bench_pool_processes(command, processes) != 0)
            return 1;
        printf("PORTIO-BENCH-DONE\n");
        return 0;
    }
    memset(string_buffer, 0x5A, sizeof string_buffer);

    if (portio_use_backend("direct") != PORTIO_OK || portio_enable(LPT_DATA, 3) != PORTIO_OK)
        return fail("enabling the LPT ports with the direct backend");
    struct bench_timing bare_in = timing(body_bare_inb, NULL, 20000, 1);
    struct bench_timing bare_out = timing(body_bare_outb, NULL, 20000, 1);

    compare("fast_inb_static", "portio_inb, static library", timing(body_portio_inb, NULL, 20000, 1),
            "bare inb", bare_in, 1.05);
    compare("fast_outb_static", "portio_outb, static library", timing(body_portio_outb, NULL, 20000, 1),
            "bare outb", bare_out, 1.05);

    static uint8_t (*pointer_inb)(uint16_t) = &portio_inb;
    compare("pointer_inb", "portio_inb through a function pointer",
            timing(body_pointer_inb, &pointer_inb, 20000, 1), "bare inb", bare_in, 0);

    if (shared_path) {
        static struct shared_part shared;
        static uint16_t lpt_data = LPT_DATA;
        if (load_shared(shared_path, &shared))
            return 1;
        if (shared.enable(LPT_DATA, 3) != PORTIO_OK) {
            fprintf(stderr, "bench_linux: shared portio_enable: %s\n", shared.last_error());
            return 1;
        }
        compare("fast_inb_shared", "portio_inb, shared library",
                timing(shared.inb, &lpt_data, 20000, 1), "bare inb", bare_in, 1.05);
        compare("fast_outb_shared", "portio_outb, shared library",
                timing(shared.outb, &lpt_data, 20000, 1), "bare outb", bare_out, 1.05);
        /* Not disabled: ioperm is the process's, so the shared copy's
         * disable would take the ports from the static one too. */
    }

    static const struct {
        int ranges;
        const char *read_id, *read_path, *write_id, *write_path;
    } checked[] = {
        {1, "checked_read_1", "portio_read, 1 range enabled", "checked_write_1",
         "portio_write, 1 range enabled"},
        {8, "checked_read_8", "portio_read, 8 ranges enabled", "checked_write_8",
         "portio_write, 8 ranges enabled"},
        {64, "checked_read_64", "portio_read, 64 ranges enabled", "checked_write_64",
         "portio_write, 64 ranges enabled"},
    };
    int enabled_ranges = 1;
    for (size_t i = 0; i < sizeof checked / sizeof checked[0]; i++) {
        if (enable_extra_ranges(enabled_ranges - 1, checked[i].ranges - 1))
            return fail("enabling more ranges");
        enabled_ranges = checked[i].ranges;
        compare(checked[i].read_id, checked[i].read_path, timing(body_portio_read, NULL, 20000, 1),
                "bare inb", bare_in, 1.2);
        compare(checked[i].write_id, checked[i].write_path,
                timing(body_portio_write, NULL, 20000, 1), "bare outb", bare_out, 1.2);
    }

    /* Batches with the ranges above enabled, as the checked rows; the
     * references run the same ops (a copy of them) as a bare loop. */
    static portio_batch_op pairs[BATCH_OPS], bare_pairs[BATCH_OPS], waits[BATCH_OPS], bare_waits[BATCH_OPS];
    fill_pairs(pairs);
    fill_pairs(bare_pairs);
    fill_waits(waits);
    fill_waits(bare_waits);
    compare("batch_read_write", "portio_batch, 64 reads and writes",
            timing(body_portio_batch, pairs, 300, BATCH_OPS), "the same ops, a bare loop over them",
            timing(body_bare_ops, bare_pairs, 300, BATCH_OPS), 1.15);
    for (int i = 1; i < BATCH_OPS; i += 2)
        if (pairs[i].value != pairs[i - 1].value || bare_pairs[i].value != pairs[i - 1].value)
            return fail("a read of the latch did not give the value written before it");
    compare("batch_wait", "portio_batch, 64 waits that succeed at the first poll",
            timing(body_portio_batch, waits, 300, BATCH_OPS), "the same waits, a bare loop: in, compare",
            timing(body_bare_waits, bare_waits, 300, BATCH_OPS), 1.15);

    compare("string_in", "portio_insb, 4 KiB", timing(body_portio_insb, NULL, 5, STRING_BYTES),
            "rep insb", timing(body_bare_insb, NULL, 5, STRING_BYTES), 1.05);
    compare("string_out", "portio_outsb, 4 KiB", timing(body_portio_outsb, NULL, 5, STRING_BYTES),
            "rep outsb", timing(body_bare_outsb, NULL, 5, STRING_BYTES), 1.05);

    /* Enable and disable from nothing enabled, as a program does it. */
    if (portio_disable(0, 0x10000) != PORTIO_OK)
        return fail("disabling everything");
    compare("enable_disable", "portio_enable + portio_disable",
            timing(body_enable_disable, NULL, 400, 1), "ioperm on + off",
            timing(body_ioperm_pair, NULL, 400, 1), 0);

    /* devport: the same process, the backend switched while nothing is
     * enabled. */
    if (portio_use_backend("devport") != PORTIO_OK || portio_enable(LPT_DATA, 3) != PORTIO_OK)
        return fail("switching to the devport backend");
    devport_fd = open("/dev/port", O_RDWR | O_CLOEXEC);
    if (devport_fd < 0) {
        fprintf(stderr, "bench_linux: /dev/port: %s\n", strerror(errno));
        return 1;
    }
    compare("devport_inb", "portio_inb, devport backend", timing(body_portio_inb, NULL, 1000, 1),
            "pread of /dev/port", timing(body_pread, NULL, 1000, 1), 1.1);
    compare("devport_outb", "portio_outb, devport backend", timing(body_portio_outb, NULL, 1000, 1),
            "pwrite of /dev/port", timing(body_pwrite, NULL, 1000, 1), 1.1);
    compare("devport_read", "portio_read, devport backend", timing(body_portio_read, NULL, 1000, 1),
            "pread of /dev/port", timing(body_pread, NULL, 1000, 1), 1.1);
    close(devport_fd);
    portio_disable(0, 0x10000);

    /* ppdev: the kernel's parallel port driver (run_bench.sh boots the
     * guest with the modules loaded); the status register, as PPRSTATUS
     * reads it. */
    if (portio_use_backend("ppdev") != PORTIO_OK || portio_enable(LPT_DATA, 3) != PORTIO_OK)
        return fail("switching to the ppdev backend");
    parport_fd = find_claimed_parport();
    if (parport_fd < 0) {
        fprintf(stderr, "bench_linux: the ppdev backend holds no /dev/parport0 descriptor\n");
        return 1;
    }
    compare("ppdev_inb", "portio_inb through ppdev", timing(body_portio_inb_status, NULL, 1000, 1),
            "PPRSTATUS ioctl", timing(body_pprstatus, NULL, 1000, 1), 1.1);
    portio_disable(0, 0x10000);
    printf("PORTIO-BENCH-DONE\n");
    return 0;
}
