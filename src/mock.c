/* SPDX-License-Identifier: MIT */
/* The mock backend: a simulated 64 KiB port space with device models and an
 * access log, for tests of code that uses portio. */
#include <stdatomic.h>
#include <string.h>

#include "backend.h"
#include "batch_run.h"
#include "errors.h"
#include "front.h"
#include "lock.h"
#include "mock.h"
#include "portio.h"
#include "ranges.h"

struct device {
    uint32_t first;
    uint32_t count;
    portio_mock_read_fn read;
    portio_mock_write_fn write;
    void *context;
};

static portio_lock mock_lock = PORTIO_LOCK_INIT;
static struct device devices[PORTIO_MOCK_MAX_DEVICES];
static size_t device_count;
/* For each port, 1 + the index of its device, or 0 when nothing is there. */
static uint8_t device_at[PORTIO_PORT_COUNT];
static portio_mock_access access_log[PORTIO_MOCK_LOG_CAPACITY];
static size_t log_length;
static size_t unenabled_accesses;
/* The simulated clock (portio_mock_time_us). Written only under mock_lock;
 * atomic because device callbacks and tests read it without the lock. */
static _Atomic uint64_t clock_us;

/* Called with mock_lock held. */
static void advance_clock(uint32_t us)
{
    uint64_t now = atomic_load_explicit(&clock_us, memory_order_relaxed);
    atomic_store_explicit(&clock_us, now + us, memory_order_relaxed);
}

static uint32_t all_ones(unsigned width_bits)
{
    return 0xFFFFFFFFu >> (32 - width_bits);
}

static void log_access(uint16_t port, unsigned width_bits, int direction, uint32_t value)
{
    if (log_length == PORTIO_MOCK_LOG_CAPACITY)
        return;
    access_log[log_length++] = (portio_mock_access){
        .port = port, .width_bits = (uint8_t)width_bits, .direction = (uint8_t)direction,
        .value = value};
}

/* Called with mock_lock held. Counts and refuses an access that real
 * hardware would fault on. */
static int refuse_unenabled(const char *what, uint16_t port, unsigned width_bits)
{
    if (portio_ranges_contain(port, width_bits / 8))
        return PORTIO_OK;
    unenabled_accesses++;
    return portio_fail(PORTIO_E_NOT_ENABLED,
                       "mock: %u-bit %s at port 0x%04X, which is not enabled (real hardware would "
                       "fault here); call portio_enable for it first",
                       width_bits, what, port);
}

/* Called with mock_lock held, for an enabled port. */
static uint32_t device_read(uint16_t port, unsigned width_bits)
{
    advance_clock(PORTIO_MOCK_ACCESS_US);
    uint32_t value = all_ones(width_bits);
    unsigned index = device_at[port];
    if (index && devices[index - 1].read) {
        struct device *device = &devices[index - 1];
        value = device->read(device->context, port, width_bits) & all_ones(width_bits);
    }
    log_access(port, width_bits, PORTIO_MOCK_READ, value);
    return value;
}

static void device_write(uint16_t port, unsigned width_bits, uint32_t value)
{
    advance_clock(PORTIO_MOCK_ACCESS_US);
    value &= all_ones(width_bits);
    unsigned index = device_at[port];
    if (index && devices[index - 1].write) {
        struct device *device = &devices[index - 1];
        device->write(device->context, port, width_bits, value);
    }
    log_access(port, width_bits, PORTIO_MOCK_WRITE, value);
}

static int mock_enable(uint32_t first, uint32_t count)
{
    (void)first;
    (void)count;
    return PORTIO_OK;
}

static int mock_read(uint16_t port, unsigned width_bits, uint32_t *value)
{
    portio_lock_acquire(&mock_lock);
    int status = refuse_unenabled("read", port, width_bits);
    if (status == PORTIO_OK)
        *value = device_read(port, width_bits);
    portio_lock_release(&mock_lock);
    return status;
}

static int mock_write(uint16_t port, unsigned width_bits, uint32_t value)
{
    portio_lock_acquire(&mock_lock);
    int status = refuse_unenabled("write", port, width_bits);
    if (status == PORTIO_OK)
        device_write(port, width_bits, value);
    portio_lock_release(&mock_lock);
    return status;
}

/* Elements go through memcpy: the caller's buffer need not be aligned. */
static int mock_read_string(uint16_t port, unsigned width_bits, void *buf, size_t count)
{
    size_t size = width_bits / 8;
    portio_lock_acquire(&mock_lock);
    int status = refuse_unenabled("string read", port, width_bits);
    for (size_t i = 0; status == PORTIO_OK && i < count; i++) {
        uint32_t value = device_read(port, width_bits);
        uint8_t bytes[4];
        for (size_t b = 0; b < size; b++)
            bytes[b] = (uint8_t)(value >> (8 * b));
        memcpy((uint8_t *)buf + i * size, bytes, size);
    }
    portio_lock_release(&mock_lock);
    return status;
}

static int mock_write_string(uint16_t port, unsigned width_bits, const void *buf, size_t count)
{
    size_t size = width_bits / 8;
    portio_lock_acquire(&mock_lock);
    int status = refuse_unenabled("string write", port, width_bits);
    for (size_t i = 0; status == PORTIO_OK && i < count; i++) {
        uint8_t bytes[4];
        memcpy(bytes, (const uint8_t *)buf + i * size, size);
        uint32_t value = 0;
        for (size_t b = 0; b < size; b++)
            value |= (uint32_t)bytes[b] << (8 * b);
        device_write(port, width_bits, value);
    }
    portio_lock_release(&mock_lock);
    return status;
}

/* The batch's callbacks run with mock_lock held by mock_batch. The front
 * checked every op, and no disable runs during a batch. */
static int batch_read(const void *context, uint16_t port, unsigned width_bits, uint32_t *value)
{
    (void)context;
    *value = device_read(port, width_bits);
    return PORTIO_OK;
}

static int batch_write(const void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)context;
    device_write(port, width_bits, value);
    return PORTIO_OK;
}

static uint64_t batch_now(const void *context)
{
    (void)context;
    return atomic_load_explicit(&clock_us, memory_order_relaxed);
}

static void batch_pause(const void *context, uint32_t us)
{
    (void)context;
    advance_clock(us);
}

/* One lock for the whole batch: device models see its accesses, polls
 * included, with no other access in between. */
static int mock_batch(portio_batch_op *ops, size_t count)
{
    static const struct portio_batch_io io = {batch_read, batch_write, batch_now, batch_pause, NULL};
    portio_lock_acquire(&mock_lock);
    int status = portio_batch_run(&io, ops, count);
    portio_lock_release(&mock_lock);
    return status;
}

/* The simulated port space is always there. */
static int mock_ready(void)
{
    return PORTIO_OK;
}

const struct portio_backend portio_backend_mock = {
    .name = "mock",
    .ready = mock_ready,
    .enable = mock_enable,
    .read = mock_read,
    .write = mock_write,
    .read_string = mock_read_string,
    .write_string = mock_write_string,
    .batch = mock_batch,
};

int portio_mock_attach(uint32_t first, uint32_t count, portio_mock_read_fn read,
                       portio_mock_write_fn write, void *context)
{
    if (count == 0 || first > 0xFFFF || count > PORTIO_PORT_COUNT - first)
        return portio_fail(PORTIO_E_INVALID,
                           "portio_mock_attach(0x%X, %u): the range must hold 1 or more ports "
                           "between 0x0000 and 0xFFFF",
                           first, count);
    int status = PORTIO_OK;
    portio_lock_acquire(&mock_lock);
    for (uint32_t port = first; port < first + count; port++) {
        if (device_at[port]) {
            const struct device *other = &devices[device_at[port] - 1];
            status = portio_fail(PORTIO_E_INVALID,
                                 "portio_mock_attach(0x%X, %u): port 0x%04X already belongs to "
                                 "the device at 0x%X-0x%X; call portio_mock_reset to start over",
                                 first, count, port, other->first,
                                 other->first + other->count - 1);
            break;
        }
    }
    if (status == PORTIO_OK && device_count == PORTIO_MOCK_MAX_DEVICES)
        status = portio_fail(PORTIO_E_INVALID,
                             "portio_mock_attach(0x%X, %u): all %d device places are taken; call "
                             "portio_mock_reset to start over",
                             first, count, PORTIO_MOCK_MAX_DEVICES);
    if (status == PORTIO_OK) {
        devices[device_count] = (struct device){first, count, read, write, context};
        device_count++;
        memset(&device_at[first], (int)device_count, count);
    }
    portio_lock_release(&mock_lock);
    return status;
}

void portio_mock_reset(void)
{
    portio_lock_acquire(&mock_lock);
    memset(devices, 0, sizeof devices);
    memset(device_at, 0, sizeof device_at);
    device_count = 0;
    log_length = 0;
    unenabled_accesses = 0;
    atomic_store_explicit(&clock_us, 0, memory_order_relaxed);
    portio_mock_lpt_release_all();
    portio_lock_release(&mock_lock);
    portio_front_disable_all_of(&portio_backend_mock);
}

size_t portio_mock_log(portio_mock_access *out, size_t max)
{
    portio_lock_acquire(&mock_lock);
    size_t length = log_length;
    if (out && max)
        memcpy(out, access_log, (max < length ? max : length) * sizeof *out);
    portio_lock_release(&mock_lock);
    return length;
}

void portio_mock_log_clear(void)
{
    portio_lock_acquire(&mock_lock);
    log_length = 0;
    portio_lock_release(&mock_lock);
}

size_t portio_mock_unenabled_accesses(void)
{
    portio_lock_acquire(&mock_lock);
    size_t count = unenabled_accesses;
    portio_lock_release(&mock_lock);
    return count;
}

uint64_t portio_mock_time_us(void)
{
    return atomic_load_explicit(&clock_us, memory_order_relaxed);
}

void portio_mock_lock(void)
{
    portio_lock_acquire(&mock_lock);
}

void portio_mock_unlock(void)
{
    portio_lock_release(&mock_lock);
}
