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

/* Sends a request and gives the Win32 error, 0 for success. */
static inline DWORD request(HANDLE device, DWORD code, void *input, DWORD input_size,
                            void *output, DWORD output_size)
{
    DWORD returned = 0;
    if (DeviceIoControl(device, code, input, input_size, output, output_size, &returned, NULL))
        return 0;
    return GetLastError();
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

#endif
