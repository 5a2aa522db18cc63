/* SPDX-License-Identifier: MIT */
/*
 * IRPs from many threads at once (concurrent_harness.h).
 */
#include "concurrent_harness.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "port_recorder.h"

_Thread_local uint32_t concurrent_last_request;

/* After each dispatch routine: what the calling thread may not keep. */
static void check_thread_quiet(UCHAR major)
{
    if (fake_self.mutexes_held)
        fake_violation("IRP major %#x returned with %d fast mutex(es) held by thread %u", major,
                       fake_self.mutexes_held, (unsigned)fake_self.id);
    if (fake_self.critical_regions)
        fake_violation("IRP major %#x returned inside %d critical region(s) (thread %u)", major,
                       fake_self.critical_regions, (unsigned)fake_self.id);
}

static NTSTATUS send(struct harness *h, struct concurrent_file *file, UCHAR major, IRP *irp)
{
    recorder_request = recorder_new_request();
    concurrent_last_request = recorder_request;
    NTSTATUS status = harness_send(h, file->file, file->process, major, irp);
    recorder_request = 0;
    check_thread_quiet(major);
    return status;
}

NTSTATUS concurrent_create(struct harness *h, struct concurrent_file *file, int process)
{
    memset(file, 0, sizeof *file);
    file->file = calloc(1, sizeof *file->file);
    if (!file->file)
        abort();
    file->process = process;
    atomic_init(&file->references, 0);
    IRP irp;
    memset(&irp, 0, sizeof irp);
    NTSTATUS status = send(h, file, IRP_MJ_CREATE, &irp);
    harness_check_irp(&irp, status, IRP_MJ_CREATE, 0);
    if (status != STATUS_SUCCESS)
        fake_violation("CREATE in process %d failed with %#x", process, (unsigned)status);
    return status;
}

bool concurrent_ioctl(struct harness *h, struct concurrent_file *file, ULONG code, const void *input,
                      ULONG input_length, void *output, ULONG output_length, NTSTATUS *status,
                      ULONG_PTR *information)
{
    /* A reference for the request, unless the handle is gone. Relaxed: the
     * harness's count must not order the driver's memory for
     * ThreadSanitizer; only CLOSE waits on it (acquire, below). */
    unsigned references = atomic_load_explicit(&file->references, memory_order_relaxed);
    do {
        if (references & CONCURRENT_CLEANED_UP)
            return false;
    } while (!atomic_compare_exchange_weak_explicit(&file->references, &references, references + 1,
                                                    memory_order_relaxed, memory_order_relaxed));

    IRP irp;
    uint8_t *system_buffer = harness_control_irp(&irp, code, input, input_length, output_length);
    *status = send(h, file, IRP_MJ_DEVICE_CONTROL, &irp);
    harness_check_irp(&irp, *status, IRP_MJ_DEVICE_CONTROL, output_length);
    *information = irp.IoStatus.Information;
    if (output && *information)
        memcpy(output, system_buffer, *information);
    free(system_buffer);
    atomic_fetch_sub_explicit(&file->references, 1, memory_order_release);
    return true;
}

void concurrent_cleanup(struct harness *h, struct concurrent_file *file)
{
    if (atomic_fetch_or_explicit(&file->references, CONCURRENT_CLEANED_UP, memory_order_relaxed) &
        CONCURRENT_CLEANED_UP)
        fake_violation("harness: a handle cleaned up twice");
    IRP irp;
    memset(&irp, 0, sizeof irp);
    NTSTATUS status = send(h, file, IRP_MJ_CLEANUP, &irp);
    harness_check_irp(&irp, status, IRP_MJ_CLEANUP, 0);
}

void concurrent_close(struct harness *h, struct concurrent_file *file)
{
    /* The I/O manager's last reference: no request of the handle runs any
     * more. Requests complete on their own, so this ends. */
    while (atomic_load_explicit(&file->references, memory_order_acquire) != CONCURRENT_CLEANED_UP)
        sched_yield();
    IRP irp;
    memset(&irp, 0, sizeof irp);
    NTSTATUS status = send(h, file, IRP_MJ_CLOSE, &irp);
    harness_check_irp(&irp, status, IRP_MJ_CLOSE, 0);
    if (file->file->FsContext)
        fake_violation("CLOSE left the file object's FsContext set");
    free(file->file);
    file->file = NULL;
}

/* splitmix64 */
static uint64_t next(struct concurrent_random *random)
{
    uint64_t z = (random->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void concurrent_random_seed(struct concurrent_random *random, uint64_t seed, unsigned thread)
{
    random->state = seed ^ ((uint64_t)thread * 0xD1B54A32D192ED03ull);
    next(random);
}

uint32_t concurrent_random_below(struct concurrent_random *random, uint32_t bound)
{
    return bound ? (uint32_t)(next(random) % bound) : 0;
}

uint64_t concurrent_seed(const char *test)
{
    const char *text = getenv("DRIVER_HOST_SEED");
    uint64_t seed;
    if (text && *text) {
        seed = strtoull(text, NULL, 0);
    } else {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        seed = ((uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec) ^ ((uint64_t)getpid() << 32);
    }
    printf("%s: seed %llu (replay: DRIVER_HOST_SEED=%llu %s)\n", test, (unsigned long long)seed,
           (unsigned long long)seed, test);
    fflush(stdout);
    return seed;
}
