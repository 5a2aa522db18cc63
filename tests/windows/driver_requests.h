/* Hand-made requests to \\.\portio, for the tests that talk to the real
 * driver without the library (on the host under Wine, and in the guest). */
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

/* A hand-made IOCTL_PORTIO_SEQUENCE of a few ops. */
#define SEQUENCE_MOST_OPS 8
struct sequence_request {
    struct portio_sequence_header header;
    struct portio_sequence_op ops[SEQUENCE_MOST_OPS];
};

/* Copies ops[0..op_count) into *request with a header that fits them
 * (value_count counted); returns the input length, 16 + 8 * op_count. */
static inline DWORD sequence_of(struct sequence_request *request, const struct portio_sequence_op *ops,
                                uint32_t op_count)
{
    assert_true(op_count <= SEQUENCE_MOST_OPS);
    memset(request, 0, sizeof *request);
    uint32_t value_count = 0;
    for (uint32_t i = 0; i < op_count; i++) {
        request->ops[i] = ops[i];
        value_count += ops[i].kind == PORTIO_OP_IN;
    }
    request->header = (struct portio_sequence_header){sizeof request->header, op_count, value_count, 0};
    return (DWORD)(sizeof request->header + op_count * sizeof request->ops[0]);
}

#endif
