/* SPDX-License-Identifier: MIT */
/*
 * The recording device (port_recorder.h).
 */
#include "port_recorder.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "fake_kernel.h"

_Thread_local uint32_t recorder_request;
_Thread_local void (*recorder_on_my_access)(const struct recorded *access);

static struct recorded *entries;
static size_t capacity;
static atomic_size_t length;
static atomic_uint next_request = 1;
static unsigned yield_every;
static _Thread_local uint32_t yield_state;

/* The device's state: plain memory, on purpose (port_recorder.h). */
static uint32_t config_index;
static uint8_t latch[FAKE_PORTS];

uint32_t recorder_config_value(uint32_t index)
{
    uint32_t x = index * 0x9E3779B1u;
    return x ^ (x >> 15) ^ 0x5A5A0000u;
}

static void append(const struct recorded *entry)
{
    const size_t at = atomic_fetch_add_explicit(&length, 1, memory_order_relaxed);
    if (at >= capacity)
        fake_violation("recorder: more than %zu accesses (the test does more than it sized)", capacity);
    entries[at] = *entry;
}

static void on_access(void *context, const struct fake_access *access)
{
    (void)context;
    struct recorded entry = {recorder_request, access->port, access->width_bits,
                             access->out ? RECORDED_OUT : RECORDED_IN, access->value, access->count};
    if (recorder_on_my_access)
        recorder_on_my_access(&entry);
    append(&entry);
    if (yield_every) {
        /* xorshift32, per thread: which accesses yield */
        uint32_t x = yield_state ? yield_state : (uint32_t)(uintptr_t)&yield_state | 1u;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        yield_state = x;
        if (x % yield_every == 0)
            sched_yield();
    }
}

static uint32_t device_in(void *context, uint16_t port, uint8_t width_bits)
{
    (void)context;
    if (port == RECORDER_INDEX_PORT && width_bits == 32)
        return config_index;
    if (port == RECORDER_DATA_PORT && width_bits == 32)
        return recorder_config_value(config_index);
    return fake_ports_read(latch, port, width_bits);
}

static void device_out(void *context, uint16_t port, uint8_t width_bits, uint32_t value)
{
    (void)context;
    if (port == RECORDER_INDEX_PORT && width_bits == 32)
        config_index = value;
    else if (port != RECORDER_DATA_PORT)
        fake_ports_write(latch, port, width_bits, value);
}

void recorder_install(size_t room, unsigned every)
{
    recorder_free();
    entries = calloc(room, sizeof *entries);
    if (!entries)
        abort();
    capacity = room;
    yield_every = every;
    atomic_store(&length, 0);
    fake.on_access = on_access;
    fake.access_context = NULL;
    fake.port_device = (struct fake_port_device){device_in, device_out, NULL};
}

void recorder_free(void)
{
    free(entries);
    entries = NULL;
    capacity = 0;
}

uint32_t recorder_new_request(void)
{
    return atomic_fetch_add_explicit(&next_request, 1, memory_order_relaxed);
}

void recorder_event(uint32_t request, uint16_t port, uint32_t code)
{
    struct recorded entry = {request, port, 0, RECORDED_EVENT, code, 1};
    append(&entry);
}

size_t recorder_length(void)
{
    size_t n = atomic_load(&length);
    return n < capacity ? n : capacity;
}

const struct recorded *recorder_entry(size_t index)
{
    return &entries[index];
}

void recorder_check_contiguous(void)
{
    const size_t n = recorder_length();
    const uint32_t requests = atomic_load(&next_request);
    /* closed[r]: another request's access came after one of r's */
    uint8_t *closed = calloc(requests, 1);
    if (!closed)
        abort();
    uint32_t last = 0;
    size_t last_at = 0;
    for (size_t i = 0; i < n; i++) {
        const struct recorded *e = &entries[i];
        if (e->kind == RECORDED_EVENT || e->request == 0)
            continue;
        if (e->request != last) {
            if (closed[e->request])
                fake_violation("two requests interleaved on the device: request %u's access to port %#x "
                               "(log entry %zu) comes after request %u's (entry %zu), which came after "
                               "request %u's earlier ones",
                               (unsigned)e->request, (unsigned)e->port, i, (unsigned)last, last_at,
                               (unsigned)e->request);
            if (last)
                closed[last] = 1;
            last = e->request;
        }
        last_at = i;
    }
    free(closed);
}

uint64_t *recorder_accesses_by_request(uint32_t *count)
{
    *count = atomic_load(&next_request);
    uint64_t *totals = calloc(*count, sizeof *totals);
    if (!totals)
        abort();
    const size_t n = recorder_length();
    for (size_t i = 0; i < n; i++)
        if (entries[i].kind != RECORDED_EVENT && entries[i].request < *count)
            totals[entries[i].request] += entries[i].count;
    return totals;
}
