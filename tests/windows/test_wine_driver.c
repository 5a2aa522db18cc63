/*
 * The real portio.sys, loaded as a kernel service under Wine, through the
 * library and through hand-made requests. One phase per run, chosen by the
 * script that installs, reconfigures and removes the driver
 * (wine_driver.sh):
 *   installed   the driver runs with no allowlist
 *   allowlist   the driver runs with AllowedPorts = 0x378-0x37A
 *   removed     the driver is gone
 * Nothing here makes the driver execute IN/OUT: under Wine on a host
 * without port access the instruction faults and the caller hangs. Every
 * transfer or sequence sent is one the driver must refuse before touching a
 * port.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdio.h>

#include "test_support.h"

#include "front.h"
#include "driver_requests.h"
#include "portio_protocol.h"
#include "windows/backends.h"

#define LPT 0x378

static struct one_op read_of(uint16_t port)
{
    struct one_op transfer = {
        .header = {sizeof transfer.header, 1, sizeof transfer, 0},
        .op = {port, 8, PORTIO_OP_IN, 0, 0, 0},
    };
    return transfer;
}

static DWORD send_transfer(HANDLE device, struct one_op *transfer, DWORD in_size, DWORD out_size)
{
    return request(device, IOCTL_PORTIO_TRANSFER, transfer, in_size, transfer, out_size);
}

/* ---- phase "installed" ---- */

static int fresh_library(void **state)
{
    (void)state;
    portio_front_reset_for_tests();
    return 0;
}

static void hello_answers_our_protocol_version(void **state)
{
    (void)state;
    HANDLE device = open_device();
    struct portio_hello_reply hello = {0};
    assert_int_equal(request(device, IOCTL_PORTIO_HELLO, NULL, 0, &hello, sizeof hello), 0);
    assert_int_equal(hello.size, sizeof hello);
    assert_int_equal(hello.protocol_version, PORTIO_PROTOCOL_VERSION);
    assert_int_equal(hello.protocol_version, 2); /* IOCTL_PORTIO_SEQUENCE came with 2 */
    /* x64 Windows has no I/O permission map calls: the IOCTL path serves */
    assert_int_equal(hello.features & PORTIO_FEATURE_IOPM_GRANT, 0);
    assert_int_equal(hello.max_transfer_size, PORTIO_MAX_TRANSFER_SIZE);
    CloseHandle(device);
}

static void library_enables_through_the_driver(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "driver");
    assert_int_equal(portio_disable(LPT, 3), PORTIO_OK);
}

static void library_refuses_port_not_enabled(void **state)
{
    (void)state;
    uint32_t value = 0x77;
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    assert_int_equal(portio_read(0x80, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(LPT + 2, 16, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 0x77);
    uint64_t requests = 99, operations = 99;
    assert_int_equal(portio_windows_driver_stats(&requests, &operations), PORTIO_OK);
    assert_int_equal(requests, 0); /* refused before any request left the library */
    assert_int_equal(operations, 0);
}

static void driver_refuses_transfer_for_port_not_enabled(void **state)
{
    (void)state;
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);
    struct one_op transfer = read_of(0x80);
    assert_int_equal(send_transfer(device, &transfer, sizeof transfer, sizeof transfer),
                     ERROR_ACCESS_DENIED);
    /* a 16-bit read at 0x37A needs 0x37B too */
    transfer = read_of(LPT + 2);
    transfer.op.width_bits = 16;
    assert_int_equal(send_transfer(device, &transfer, sizeof transfer, sizeof transfer),
                     ERROR_ACCESS_DENIED);
    struct portio_stats_reply stats = {0};
    assert_int_equal(request(device, IOCTL_PORTIO_STATS, NULL, 0, &stats, sizeof stats), 0);
    assert_int_equal(stats.transfer_requests, 0);
    assert_int_equal(stats.operations, 0);
    CloseHandle(device);
}

static void driver_refuses_port_after_disable(void **state)
{
    (void)state;
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);
    struct portio_range_request range = {sizeof range, LPT, 3, 0};
    assert_int_equal(request(device, IOCTL_PORTIO_DISABLE, &range, sizeof range, NULL, 0), 0);
    struct one_op transfer = read_of(LPT);
    assert_int_equal(send_transfer(device, &transfer, sizeof transfer, sizeof transfer),
                     ERROR_ACCESS_DENIED);
    CloseHandle(device);
}

static void grants_die_with_their_handle(void **state)
{
    (void)state;
    HANDLE first = open_device();
    assert_int_equal(enable_on(first, LPT, 3), 0);
    CloseHandle(first);
    HANDLE second = open_device();
    struct one_op transfer = read_of(LPT);
    assert_int_equal(send_transfer(second, &transfer, sizeof transfer, sizeof transfer),
                     ERROR_ACCESS_DENIED);
    CloseHandle(second);
}

static void driver_refuses_malformed_requests(void **state)
{
    (void)state;
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);

    struct one_op transfer = read_of(LPT);
    transfer.header.size = 12;
    assert_int_equal(send_transfer(device, &transfer, sizeof transfer, sizeof transfer),
                     ERROR_INVALID_PARAMETER);
    transfer = read_of(LPT);
    transfer.op.width_bits = 12;
    assert_int_equal(send_transfer(device, &transfer, sizeof transfer, sizeof transfer),
                     ERROR_INVALID_PARAMETER);
    transfer = read_of(LPT);
    transfer.header.op_count = 2; /* the second op would lie past the buffer */
    assert_int_equal(send_transfer(device, &transfer, sizeof transfer, sizeof transfer),
                     ERROR_INVALID_PARAMETER);
    transfer = read_of(LPT);
    assert_int_equal(send_transfer(device, &transfer, sizeof transfer, sizeof transfer - 4),
                     ERROR_INVALID_PARAMETER);
    transfer = read_of(LPT);
    transfer.op.kind = PORTIO_OP_INS; /* count 0, data inside the ops */
    assert_int_equal(send_transfer(device, &transfer, sizeof transfer, sizeof transfer),
                     ERROR_INVALID_PARAMETER);
    transfer = read_of(LPT);
    assert_int_equal(send_transfer(device, &transfer, 8, 8), ERROR_INVALID_PARAMETER);

    struct portio_range_request range = {sizeof range, 0xFFFF, 2, 0};
    assert_int_equal(request(device, IOCTL_PORTIO_ENABLE, &range, sizeof range, NULL, 0) != 0, 1);
    range = (struct portio_range_request){sizeof range, LPT, 0, 0};
    struct portio_enable_reply reply;
    assert_int_equal(request(device, IOCTL_PORTIO_ENABLE, &range, sizeof range, &reply, sizeof reply),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(request(device, IOCTL_PORTIO_ENABLE, &range, 4, &reply, sizeof reply),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(request(device, PORTIO_IOCTL(0x8FFu), NULL, 0, NULL, 0) != 0, 1);

    /* none of it was served */
    struct portio_stats_reply stats = {0};
    assert_int_equal(request(device, IOCTL_PORTIO_STATS, NULL, 0, &stats, sizeof stats), 0);
    assert_int_equal(stats.transfer_requests, 0);
    CloseHandle(device);
}

/* ---- IOCTL_PORTIO_SEQUENCE: only requests the driver must refuse ---- */

/* A read of the latch between two writes: valid, and enabled on LPT. */
static const struct portio_sequence_op latch_ops[] = {
    {LPT, 8, PORTIO_OP_OUT, 0x5A},
    {LPT, 8, PORTIO_OP_IN, 0},
    {LPT + 1, 8, PORTIO_OP_OUT, 0xA5},
};

/* Sends *sequence with `in_size` bytes in and `out_size` out; the Win32
 * error. The output buffer has room to spare: only out_size is announced. */
static DWORD send_sequence(HANDLE device, struct sequence_request *sequence, DWORD in_size,
                           DWORD out_size)
{
    uint32_t values[SEQUENCE_MOST_OPS + 1];
    memset(values, 0xEE, sizeof values);
    DWORD returned = 0;
    DWORD error = request_returning(device, IOCTL_PORTIO_SEQUENCE, sequence, in_size, values,
                                    out_size, &returned);
    assert_int_equal(returned, 0);
    assert_int_equal(values[0], 0xEEEEEEEEu); /* nothing read, nothing written back */
    return error;
}

static void assert_nothing_served(HANDLE device)
{
    struct portio_stats_reply stats = {0};
    assert_int_equal(request(device, IOCTL_PORTIO_STATS, NULL, 0, &stats, sizeof stats), 0);
    assert_int_equal(stats.transfer_requests, 0);
    assert_int_equal(stats.operations, 0);
}

static void driver_refuses_malformed_sequences(void **state)
{
    (void)state;
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);
    struct sequence_request sequence;
    const DWORD size = sequence_of(&sequence, latch_ops, 3);
    assert_int_equal(size, 16 + 3 * 8);
    const DWORD out = 4; /* one IN */

    /* lengths: the input one byte short or long, an op short; output off */
    assert_int_equal(send_sequence(device, &sequence, size - 1, out), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, size + 1, out), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, size - 8, out), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, 8, out), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, size, 0), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, size, out + 4), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, size, out - 1), ERROR_INVALID_PARAMETER);

    /* the header */
    sequence_of(&sequence, latch_ops, 3);
    sequence.header.size = 12;
    assert_int_equal(send_sequence(device, &sequence, size, out), ERROR_INVALID_PARAMETER);
    sequence_of(&sequence, latch_ops, 3);
    sequence.header.reserved = 1;
    assert_int_equal(send_sequence(device, &sequence, size, out), ERROR_INVALID_PARAMETER);
    sequence_of(&sequence, latch_ops, 3);
    sequence.header.op_count = 0;
    assert_int_equal(send_sequence(device, &sequence, 16, out), ERROR_INVALID_PARAMETER);
    sequence_of(&sequence, latch_ops, 3);
    sequence.header.value_count = 2; /* with the output it announces */
    assert_int_equal(send_sequence(device, &sequence, size, 8), ERROR_INVALID_PARAMETER);

    /* the ops */
    sequence_of(&sequence, latch_ops, 3);
    sequence.ops[2].kind = PORTIO_OP_OUTS;
    assert_int_equal(send_sequence(device, &sequence, size, out), ERROR_INVALID_PARAMETER);
    sequence_of(&sequence, latch_ops, 3);
    sequence.ops[0].width_bits = 12;
    assert_int_equal(send_sequence(device, &sequence, size, out), ERROR_INVALID_PARAMETER);
    sequence_of(&sequence, latch_ops, 3);
    sequence.ops[1].value = 1; /* an IN carries no value */
    assert_int_equal(send_sequence(device, &sequence, size, out), ERROR_INVALID_PARAMETER);
    sequence_of(&sequence, latch_ops, 3);
    sequence.ops[2].value = 0x1A5; /* wider than 8 bits */
    assert_int_equal(send_sequence(device, &sequence, size, out), ERROR_INVALID_PARAMETER);
    const struct portio_sequence_op past_the_end[] = {{0xFFFE, 32, PORTIO_OP_IN, 0}};
    assert_int_equal(send_sequence(device, &sequence, sequence_of(&sequence, past_the_end, 1), 4),
                     ERROR_INVALID_PARAMETER);

    /* malformed after a port not enabled: still malformed */
    const struct portio_sequence_op both[] = {{0x80, 8, PORTIO_OP_IN, 0}, {LPT, 8, PORTIO_OP_OUT, 0x100}};
    assert_int_equal(send_sequence(device, &sequence, sequence_of(&sequence, both, 2), 4),
                     ERROR_INVALID_PARAMETER);

    assert_nothing_served(device);
    CloseHandle(device);
}

static void driver_refuses_sequences_for_ports_not_enabled(void **state)
{
    (void)state;
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);
    struct sequence_request sequence;

    /* the last op outside the enabled ports: the first two must not run */
    const struct portio_sequence_op last[] = {latch_ops[0], latch_ops[1], {0x80, 8, PORTIO_OP_OUT, 1}};
    assert_int_equal(send_sequence(device, &sequence, sequence_of(&sequence, last, 3), 4),
                     ERROR_ACCESS_DENIED);
    /* a 16-bit read at 0x37A needs 0x37B too */
    const struct portio_sequence_op wide[] = {{LPT + 2, 16, PORTIO_OP_IN, 0}};
    assert_int_equal(send_sequence(device, &sequence, sequence_of(&sequence, wide, 1), 4),
                     ERROR_ACCESS_DENIED);
    assert_nothing_served(device);
    CloseHandle(device);

    /* nothing enabled on a fresh handle */
    device = open_device();
    assert_int_equal(send_sequence(device, &sequence, sequence_of(&sequence, latch_ops, 3), 4),
                     ERROR_ACCESS_DENIED);
    assert_nothing_served(device);
    CloseHandle(device);
}

/* ---- phase "allowlist" ---- */

static void allowlisted_ports_enable(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
}

static void ports_outside_the_allowlist_are_refused(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x80, 1), PORTIO_E_PERM);
    assert_last_error_contains("allowlist");
    assert_last_error_contains("AllowedPorts");
    assert_int_equal(portio_enable(0x370, 0x10), PORTIO_E_PERM);
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, 0x80, 1), ERROR_PRIVILEGE_NOT_HELD);
    assert_int_equal(enable_on(device, LPT, 3), 0);
    CloseHandle(device);
}

/* ---- phase "removed" ---- */

static void enable_without_driver_says_how_to_install(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(LPT, 3), PORTIO_E_NODRIVER);
    assert_last_error_contains("portio driver install");
    assert_string_equal(portio_backend(), "auto");
    uint32_t value = 0x42;
    assert_int_equal(portio_read(LPT, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 0x42);
}

int main(int argc, char **argv)
{
    const char *phase = argc > 1 ? argv[1] : "";
#define T(name) cmocka_unit_test_setup(name, fresh_library)
    const struct CMUnitTest installed[] = {
        T(hello_answers_our_protocol_version),
        T(library_enables_through_the_driver),
        T(library_refuses_port_not_enabled),
        T(driver_refuses_transfer_for_port_not_enabled),
        T(driver_refuses_port_after_disable),
        T(grants_die_with_their_handle),
        T(driver_refuses_malformed_requests),
        T(driver_refuses_malformed_sequences),
        T(driver_refuses_sequences_for_ports_not_enabled),
    };
    const struct CMUnitTest allowlist[] = {
        T(allowlisted_ports_enable),
        T(ports_outside_the_allowlist_are_refused),
    };
    const struct CMUnitTest removed[] = {
        T(enable_without_driver_says_how_to_install),
    };
    if (strcmp(phase, "installed") == 0)
        return cmocka_run_group_tests_name("installed", installed, NULL, NULL);
    if (strcmp(phase, "allowlist") == 0)
        return cmocka_run_group_tests_name("allowlist", allowlist, NULL, NULL);
    if (strcmp(phase, "removed") == 0)
        return cmocka_run_group_tests_name("removed", removed, NULL, NULL);
    fprintf(stderr, "usage: test_wine_driver installed|allowlist|removed\n");
    return 2;
}
