/* SPDX-License-Identifier: MIT */
/* Hand-made requests to \\.\portio, for the tests that talk to the real
 * driver without the library (on the host under Wine, and in the guest),
 * and a clock to time them. */
#ifndef PORTIO_TEST_DRIVER_REQUESTS_H
#define PORTIO_TEST_DRIVER_REQUESTS_H

#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include "portio_protocol.h"
#include "test_support.h"

static inline HANDLE open_device(void)
{
    HANDLE device = CreateFileA(PORTIO_USER_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (device == INVALID_HANDLE_VALUE)
        print_error("CreateFile(%s) failed: %lu\n", PORTIO_USER_PATH, (unsigned long)GetLastError());
    assert_true(device != INVALID_HANDLE_VALUE);
    return device;
}

/* Sends a request and gives the Win32 error, 0 for success; *returned: the
 * bytes the driver answered (its IoStatus.Information). */
static inline DWORD request_returning(HANDLE device, DWORD code, void *input, DWORD input_size,
                                      void *output, DWORD output_size, DWORD *returned)
{
    *returned = 0;
    if (DeviceIoControl(device, code, input, input_size, output, output_size, returned, NULL))
        return 0;
    return GetLastError();
}

static inline DWORD request(HANDLE device, DWORD code, void *input, DWORD input_size,
                            void *output, DWORD output_size)
{
    DWORD returned;
    return request_returning(device, code, input, input_size, output, output_size, &returned);
}

static inline DWORD enable_on(HANDLE device, uint32_t first, uint32_t count)
{
    struct portio_range_request range = {sizeof range, first, count, 0};
    struct portio_enable_reply reply = {0};
    return request(device, IOCTL_PORTIO_ENABLE, &range, sizeof range, &reply, sizeof reply);
}

/* A transfer of one operation. */
struct one_op {
    struct portio_transfer_header header;
    struct portio_op op;
};

/* One op of a hand-made IOCTL_PORTIO_SEQUENCE; `extra` goes on the wire
 * only after a WAIT or MODIFY. */
struct sequence_step {
    struct portio_sequence_op op;
    struct portio_sequence_extra extra;
};

/* A hand-made IOCTL_PORTIO_SEQUENCE (protocol version 3) of a few ops. */
#define SEQUENCE_MOST_OPS 8
struct sequence_request {
    struct portio_sequence_header header;
    uint8_t ops[SEQUENCE_MOST_OPS * (sizeof(struct portio_sequence_op) + sizeof(struct portio_sequence_extra))];
};

/* Its answer: the reply, then one value per IN, WAIT and MODIFY. */
struct sequence_answer {
    struct portio_sequence_reply reply;
    uint32_t values[SEQUENCE_MOST_OPS];
};

static inline int sequence_kind_has_extra(uint8_t kind)
{
    return kind == PORTIO_OP_WAIT || kind == PORTIO_OP_MODIFY;
}

/* Lays steps[0..count) out in *request, each WAIT and MODIFY followed by
 * its extra, with a header that fits them (value_count counted); returns
 * the input length, 16 + 8 * (count + the extras). */
static inline DWORD sequence_of(struct sequence_request *request, const struct sequence_step *steps,
                                uint32_t count)
{
    assert_true(count <= SEQUENCE_MOST_OPS);
    memset(request, 0, sizeof *request);
    uint32_t value_count = 0;
    size_t at = 0;
    for (uint32_t i = 0; i < count; i++) {
        memcpy(request->ops + at, &steps[i].op, sizeof steps[i].op);
        at += sizeof steps[i].op;
        if (sequence_kind_has_extra(steps[i].op.kind)) {
            memcpy(request->ops + at, &steps[i].extra, sizeof steps[i].extra);
            at += sizeof steps[i].extra;
        }
        value_count += steps[i].op.kind == PORTIO_OP_IN || sequence_kind_has_extra(steps[i].op.kind);
    }
    request->header = (struct portio_sequence_header){sizeof request->header, count, value_count, 0};
    return (DWORD)(sizeof request->header + at);
}

/* The output length the request's header asks for. */
static inline DWORD sequence_output_size(const struct sequence_request *request)
{
    return (DWORD)(sizeof(struct portio_sequence_reply) + request->header.value_count * sizeof(uint32_t));
}

/* Wall time since `start` (QueryPerformanceCounter), in seconds. */
static inline double seconds_since(LARGE_INTEGER start)
{
    LARGE_INTEGER now, frequency;
    QueryPerformanceCounter(&now);
    QueryPerformanceFrequency(&frequency);
    return (double)(now.QuadPart - start.QuadPart) / (double)frequency.QuadPart;
}

static inline void read_stats(HANDLE device, struct portio_stats_reply *stats)
{
    memset(stats, 0, sizeof *stats);
    assert_int_equal(request(device, IOCTL_PORTIO_STATS, NULL, 0, stats, sizeof *stats), 0);
}

#endif
