/* SPDX-License-Identifier: MIT */
/*
 * IRPs from many threads at once, for the concurrent driver tests. The
 * driver is loaded by harness_load (driver_harness.h) with its serial
 * checks; after that, any thread may create, use, clean up and close
 * handles here. Each IRP is checked when it returns (completed exactly
 * once, a documented status, Information within the output buffer, and no
 * fast mutex or critical region left to the calling thread); what the
 * requests did to the ports is in the recording device (port_recorder.h).
 *
 * A handle follows the I/O manager's rules: requests in flight hold a
 * reference to the file object; IRP_MJ_CLEANUP comes when the last user
 * handle is closed, possibly while requests on it still run; after it no
 * request can start (the handle is gone); IRP_MJ_CLOSE comes only after
 * the last request in flight completed.
 */
#ifndef PORTIO_CONCURRENT_HARNESS_H
#define PORTIO_CONCURRENT_HARNESS_H

#include <stdatomic.h>

#include "driver_harness.h"

struct concurrent_file {
    FILE_OBJECT *file;
    int process;
    /* requests in flight, and CONCURRENT_CLEANED_UP once cleaned up */
    atomic_uint references;
};
#define CONCURRENT_CLEANED_UP 0x80000000u

/* The recorder's request id of the calling thread's last IRP. */
extern _Thread_local uint32_t concurrent_last_request;

/* IRP_MJ_CREATE in `process` on the calling thread. */
NTSTATUS concurrent_create(struct harness *h, struct concurrent_file *file, int process);
/* IRP_MJ_DEVICE_CONTROL on the calling thread. False (and nothing sent)
 * when the handle was cleaned up before the request could start: the
 * handle is closed. Otherwise *status and *information are the IRP's. */
bool concurrent_ioctl(struct harness *h, struct concurrent_file *file, ULONG code, const void *input,
                      ULONG input_length, void *output, ULONG output_length, NTSTATUS *status,
                      ULONG_PTR *information);
/* The last user handle closes: IRP_MJ_CLEANUP, while requests may still
 * be in flight. */
void concurrent_cleanup(struct harness *h, struct concurrent_file *file);
/* After cleanup: waits for the requests in flight, then IRP_MJ_CLOSE. */
void concurrent_close(struct harness *h, struct concurrent_file *file);

/* A small seeded generator per thread: the seed a test prints replays the
 * same requests (the threads' interleaving is the machine's). */
struct concurrent_random {
    uint64_t state;
};
void concurrent_random_seed(struct concurrent_random *random, uint64_t seed, unsigned thread);
uint32_t concurrent_random_below(struct concurrent_random *random, uint32_t bound);

/* The run's seed: DRIVER_HOST_SEED from the environment, else one drawn
 * from the clock; printed either way with how to replay it. */
uint64_t concurrent_seed(const char *test);

#endif
