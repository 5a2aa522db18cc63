/* SPDX-License-Identifier: MIT */
/*
 * A recording device for the concurrent driver tests: it stands behind
 * every port the fake kernel serves and logs each access with the request
 * that made it, so that a test can check, after its threads have joined,
 * that no request's accesses were cut by another's.
 *
 * The device: a PCI configuration mechanism at 0xCF8/0xCFC (a 32-bit
 * index register; a read of 0xCFC answers recorder_config_value(index),
 * so a client whose index was overwritten by another's between its OUT and
 * its IN reads the wrong value), and a latch on every other port. Its state
 * is plain memory: two requests on the device at once are a data race that
 * ThreadSanitizer reports. The log is appended with relaxed atomics, which
 * order nothing between threads.
 */
#ifndef PORTIO_PORT_RECORDER_H
#define PORTIO_PORT_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RECORDER_INDEX_PORT 0xCF8u
#define RECORDER_DATA_PORT 0xCFCu

enum recorded_kind {
    RECORDED_IN = 1,
    RECORDED_OUT = 2,
    RECORDED_EVENT = 3, /* the test's own mark (recorder_event) */
};

struct recorded {
    uint32_t request; /* recorder_request of the thread that made it; 0: none */
    uint16_t port;
    uint8_t width_bits;
    uint8_t kind;  /* enum recorded_kind */
    uint32_t value; /* OUT: the value; EVENT: the test's code */
    uint32_t count; /* string elements; 1 otherwise */
};

/* The request the calling thread is making: set before each IRP. */
extern _Thread_local uint32_t recorder_request;
/* Called on each access the calling thread makes, before the device sees
 * it (a test's gate); NULL: none. */
extern _Thread_local void (*recorder_on_my_access)(const struct recorded *access);

/* Puts the device behind the fake kernel's ports, with room for `capacity`
 * entries (more is a violation: a test that does more than it said).
 * Every `yield_every`-th access (about; 0: never) the thread yields the
 * processor, so that another thread runs while a request is half done. */
void recorder_install(size_t capacity, unsigned yield_every);
void recorder_free(void);

/* A fresh request id (never 0). */
uint32_t recorder_new_request(void);
/* Logs a mark of the test's own (e.g. "DISABLE of port X completed"). */
void recorder_event(uint32_t request, uint16_t port, uint32_t code);

size_t recorder_length(void);
const struct recorded *recorder_entry(size_t index);

/* What a read of 0xCFC answers for `index`. */
uint32_t recorder_config_value(uint32_t index);

/* Fails (violation) when some request's accesses are not contiguous in
 * the log, naming both requests. */
void recorder_check_contiguous(void);
/* The accesses of every request so far (string elements counted one by
 * one), indexed by request id; *count: the array's length. free() it. */
uint64_t *recorder_accesses_by_request(uint32_t *count);

#endif
