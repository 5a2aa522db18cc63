/* SPDX-License-Identifier: MIT */
/*
 * The real portio.sys, loaded as a kernel service under Wine, through the
 * library and through hand-made requests. One phase per run, chosen by the
 * script that installs, reconfigures and removes the driver
 * (wine_driver.sh):
 *   installed   the driver runs with no allowlist
 *   allowlist   the driver runs with the allowlist 0x378-0x37A (portio
 *               driver configure --ports 0x378-0x37A)
 *   removed     the driver is gone
 * Nothing here makes the driver execute IN/OUT: under Wine on a host
 * without port access the instruction faults and the caller hangs. Every
 * transfer or sequence sent is one the driver must refuse before touching a
 * port, or a sequence of delays only.
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
    assert_int_equal(hello.protocol_version, 4); /* writes only answering nothing came with 4 */
    /* x64 Windows has no I/O permission map calls: the IOCTL path serves */
    assert_int_equal(hello.features & PORTIO_FEATURE_IOPM_GRANT, 0);
    assert_int_equal(hello.max_transfer_size, PORTIO_MAX_TRANSFER_SIZE);
    CloseHandle(device);
}

static void backend_ready_with_the_driver_running_enables_nothing(void **state)
{
    (void)state;
    assert_int_equal(portio_backend_ready(), PORTIO_OK);
    /* Ready, yet no port enabled: a checked read is still refused, before
     * any request reaches the driver. */
    uint32_t value = 0x5a;
    assert_int_equal(portio_read(LPT, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 0x5a);
    uint64_t requests = 99, operations = 99;
    assert_int_equal(portio_windows_driver_stats(&requests, &operations), PORTIO_OK);
    assert_int_equal(requests, 0);
    /* The device it opened serves the enables to come. */
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "driver");
    assert_int_equal(portio_disable(LPT, 3), PORTIO_OK);
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
    transfer = read_of(LPT); /* a read needs the buffer back: no output is for writes only */
    assert_int_equal(send_transfer(device, &transfer, sizeof transfer, 0), ERROR_INVALID_PARAMETER);
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

/* ---- IOCTL_PORTIO_SEQUENCE: refusals, and requests of delays only ---- */

/* Valid, and enabled on LPT: a wait for "not busy", a write, a strobe by
 * modify, a pause, a read. Never sent as it is: only broken copies. */
static const struct sequence_step handshake[] = {
    {{LPT + 1, 8, PORTIO_OP_WAIT, 0x80}, {0x80, 1000}},
    {{LPT, 8, PORTIO_OP_OUT, 0x5A}, {0, 0}},
    {{LPT + 2, 8, PORTIO_OP_MODIFY, 0x01}, {0x01, 0}},
    {{0, 0, PORTIO_OP_DELAY, 5}, {0, 0}},
    {{LPT, 8, PORTIO_OP_IN, 0}, {0, 0}},
};
#define HANDSHAKE_OPS 5u
/* 5 ops, 2 extras in; the reply and 3 values out */
#define HANDSHAKE_IN (16u + 7u * 8u)
#define HANDSHAKE_OUT (16u + 3u * 4u)

/* Sends *sequence with `in_size` bytes in and `out_size` out; the Win32
 * error. Asserts that the driver wrote nothing back: the output buffer has
 * room to spare, only out_size is announced. */
static DWORD send_sequence(HANDLE device, struct sequence_request *sequence, DWORD in_size, DWORD out_size)
{
    struct sequence_answer answer;
    memset(&answer, 0xEE, sizeof answer);
    assert_true(out_size <= sizeof answer);
    DWORD returned = 0;
    DWORD error = request_returning(device, IOCTL_PORTIO_SEQUENCE, sequence, in_size, &answer, out_size,
                                    &returned);
    assert_int_equal(returned, 0);
    assert_int_equal(answer.reply.size, 0xEEEEEEEEu); /* nothing written back */
    return error;
}

/* The request being built and sent: one at a time. */
static struct sequence_request sequence;

/* A copy of the handshake, for a test to break one field of. */
static struct sequence_step *handshake_copy(struct sequence_step *steps)
{
    memcpy(steps, handshake, sizeof handshake);
    return steps;
}

/* steps as a request, with the lengths its header asks for. */
static DWORD send_steps(HANDLE device, const struct sequence_step *steps, uint32_t count)
{
    DWORD size = sequence_of(&sequence, steps, count);
    return send_sequence(device, &sequence, size, sequence_output_size(&sequence));
}

static void assert_nothing_served(HANDLE device)
{
    struct portio_stats_reply stats;
    read_stats(device, &stats);
    assert_int_equal(stats.transfer_requests, 0);
    assert_int_equal(stats.operations, 0);
}

static void driver_refuses_malformed_sequence_lengths(void **state)
{
    (void)state;
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);
    const DWORD size = sequence_of(&sequence, handshake, HANDSHAKE_OPS);
    assert_int_equal(size, HANDSHAKE_IN);
    assert_int_equal(sequence_output_size(&sequence), HANDSHAKE_OUT);

    /* the input: off by 1, 4, 8; without the extras (version 2's length) */
    const int offs[] = {-1, 1, -4, 4, -8, 8};
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++)
        assert_int_equal(send_sequence(device, &sequence, (DWORD)((int)size + offs[i]), HANDSHAKE_OUT),
                         ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, 16 + 8 * HANDSHAKE_OPS, HANDSHAKE_OUT),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, 8, HANDSHAKE_OUT), ERROR_INVALID_PARAMETER);
    /* the output: version 2's 4 per value without the reply; off by 4 */
    assert_int_equal(send_sequence(device, &sequence, size, 3 * 4), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, size, 0), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, size, HANDSHAKE_OUT - 4), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, size, HANDSHAKE_OUT + 4), ERROR_INVALID_PARAMETER);

    /* a truncated extra: the last op a WAIT, its extra cut or missing */
    const struct sequence_step cut[] = {handshake[1], handshake[0]};
    const DWORD cut_size = sequence_of(&sequence, cut, 2);
    assert_int_equal(send_sequence(device, &sequence, cut_size - 4, 16 + 4), ERROR_INVALID_PARAMETER);
    assert_int_equal(send_sequence(device, &sequence, cut_size - 8, 16 + 4), ERROR_INVALID_PARAMETER);

    /* the header */
    sequence_of(&sequence, handshake, HANDSHAKE_OPS);
    sequence.header.size = 12;
    assert_int_equal(send_sequence(device, &sequence, size, HANDSHAKE_OUT), ERROR_INVALID_PARAMETER);
    sequence_of(&sequence, handshake, HANDSHAKE_OPS);
    sequence.header.reserved = 1;
    assert_int_equal(send_sequence(device, &sequence, size, HANDSHAKE_OUT), ERROR_INVALID_PARAMETER);
    sequence_of(&sequence, handshake, HANDSHAKE_OPS);
    sequence.header.op_count = 0;
    assert_int_equal(send_sequence(device, &sequence, size, HANDSHAKE_OUT), ERROR_INVALID_PARAMETER);
    sequence_of(&sequence, handshake, HANDSHAKE_OPS);
    sequence.header.value_count = 2; /* with the output it announces */
    assert_int_equal(send_sequence(device, &sequence, size, 16 + 2 * 4), ERROR_INVALID_PARAMETER);

    assert_nothing_served(device);
    CloseHandle(device);
}

static void driver_refuses_malformed_sequence_ops(void **state)
{
    (void)state;
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);
    struct sequence_step steps[HANDSHAKE_OPS];

    handshake_copy(steps)[4].op.kind = PORTIO_OP_OUTS;
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[1].op.width_bits = 12;
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[4].op.value = 1; /* an IN carries no value */
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[1].op.value = 0x1A5; /* wider than 8 bits */
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[0].extra.mask = 0; /* a wait compares no bit */
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[0].op.value = 0x40; /* outside the mask 0x80 */
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[0].extra.time_us = PORTIO_MAX_WAIT_US + 1;
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[3].op.value = 0; /* a delay of nothing */
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[3].op.value = PORTIO_MAX_WAIT_US + 1;
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[3].op.port = LPT; /* a delay has no port */
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[2].extra.time_us = 1; /* a modify has no time */
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    handshake_copy(steps)[2].extra.mask = 0x100;
    assert_int_equal(send_steps(device, steps, HANDSHAKE_OPS), ERROR_INVALID_PARAMETER);
    const struct sequence_step past_the_end[] = {{{0xFFFE, 32, PORTIO_OP_IN, 0}, {0, 0}}};
    assert_int_equal(send_steps(device, past_the_end, 1), ERROR_INVALID_PARAMETER);

    /* malformed after a port not enabled: still malformed */
    const struct sequence_step both[] = {{{0x80, 8, PORTIO_OP_WAIT, 1}, {1, 10}},
                                         {{0, 0, PORTIO_OP_DELAY, PORTIO_MAX_WAIT_US + 1}, {0, 0}}};
    assert_int_equal(send_steps(device, both, 2), ERROR_INVALID_PARAMETER);

    assert_nothing_served(device);
    CloseHandle(device);
}

static void driver_refuses_sequences_for_ports_not_enabled(void **state)
{
    (void)state;
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);

    /* the last op outside the enabled ports: the 1 s delay before it must
     * not run either */
    const struct sequence_step last[] = {{{0, 0, PORTIO_OP_DELAY, PORTIO_MAX_WAIT_US}, {0, 0}},
                                         {{0x80, 8, PORTIO_OP_MODIFY, 1}, {1, 0}}};
    LARGE_INTEGER start;
    QueryPerformanceCounter(&start);
    assert_int_equal(send_steps(device, last, 2), ERROR_ACCESS_DENIED);
    double refused_in = seconds_since(start);
    print_message("refused request with a 1 s delay answered in %.3f s\n", refused_in);
    assert_true(refused_in < 0.9); /* below the delay's 1 s, far above a busy machine's pauses */
    /* a 16-bit wait at 0x37A needs 0x37B too */
    const struct sequence_step wide[] = {{{LPT + 2, 16, PORTIO_OP_WAIT, 0}, {1, 0}}};
    assert_int_equal(send_steps(device, wide, 1), ERROR_ACCESS_DENIED);
    assert_nothing_served(device);
    CloseHandle(device);

    /* nothing enabled on a fresh handle */
    device = open_device();
    struct sequence_step steps[HANDSHAKE_OPS];
    assert_int_equal(send_steps(device, handshake_copy(steps), HANDSHAKE_OPS), ERROR_ACCESS_DENIED);
    assert_nothing_served(device);
    CloseHandle(device);
}

/* Sends a request of delays only (nothing that touches a port, so it runs
 * under Wine on the host) and measures it. */
static void run_delays(HANDLE device, const uint32_t *delays_us, uint32_t count,
                       struct portio_sequence_reply *reply, double *seconds)
{
    struct sequence_step steps[SEQUENCE_MOST_OPS];
    for (uint32_t i = 0; i < count; i++)
        steps[i] = (struct sequence_step){{0, 0, PORTIO_OP_DELAY, delays_us[i]}, {0, 0}};
    DWORD size = sequence_of(&sequence, steps, count);
    assert_int_equal(size, 16 + 8 * count);
    struct sequence_answer answer;
    memset(&answer, 0xEE, sizeof answer);
    DWORD returned = 0;
    LARGE_INTEGER start;
    QueryPerformanceCounter(&start);
    assert_int_equal(request_returning(device, IOCTL_PORTIO_SEQUENCE, &sequence, size, &answer,
                                       sequence_output_size(&sequence), &returned),
                     0);
    *seconds = seconds_since(start);
    assert_int_equal(returned, sizeof answer.reply); /* no values: the reply alone */
    assert_int_equal(answer.values[0], 0xEEEEEEEEu);
    *reply = answer.reply;
}

static void delays_run_at_least_their_time(void **state)
{
    (void)state;
    HANDLE device = open_device(); /* no port enabled: delays need none */
    const uint32_t delays[] = {1, 50, 1000, 20000, 100000};
    struct portio_sequence_reply reply;
    double seconds;
    run_delays(device, delays, 5, &reply, &seconds);
    print_message("delays of 1 us, 50 us, 1 ms, 20 ms, 100 ms: %.4f s; reply size %u, outcome %u, "
                  "ops_run %u, last_value %u\n",
                  seconds, reply.size, reply.outcome, reply.ops_run, reply.last_value);
    assert_int_equal(reply.size, sizeof reply);
    assert_int_equal(reply.outcome, PORTIO_SEQUENCE_DONE);
    assert_int_equal(reply.ops_run, 5);
    assert_int_equal(reply.last_value, 0);
    assert_true(seconds >= 0.121051);
    assert_true(seconds < 2.0);
    struct portio_stats_reply stats;
    read_stats(device, &stats);
    assert_int_equal(stats.transfer_requests, 1);
    assert_int_equal(stats.operations, 0); /* no port access */
    CloseHandle(device);
}

/* PORTIO_MAX_REQUEST_WAIT_US = 2 s of time spent: two 1 s delays run, the
 * third would pass it and is not made. */
static void third_1s_delay_passes_the_budget(void **state)
{
    (void)state;
    HANDLE device = open_device();
    const uint32_t delays[] = {PORTIO_MAX_WAIT_US, PORTIO_MAX_WAIT_US, PORTIO_MAX_WAIT_US};
    struct portio_sequence_reply reply;
    double seconds;
    run_delays(device, delays, 3, &reply, &seconds);
    print_message("three 1 s delays: %.3f s; reply size %u, outcome %u, ops_run %u, last_value %u\n",
                  seconds, reply.size, reply.outcome, reply.ops_run, reply.last_value);
    assert_int_equal(reply.size, sizeof reply);
    assert_int_equal(reply.outcome, PORTIO_SEQUENCE_BUDGET_SPENT);
    assert_int_equal(reply.ops_run, 2);
    assert_int_equal(reply.last_value, 0);
    assert_true(seconds >= 2.0);
    assert_true(seconds < 2.9); /* not the third second */
    CloseHandle(device);
}

/* Through the library: delays are one request, and the budget's stop is
 * PORTIO_E_TIMEOUT naming the op. */
static void library_batch_of_delays(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    uint64_t requests = 0, operations = 0, requests_after = 0, operations_after = 0;
    assert_int_equal(portio_windows_driver_stats(&requests, &operations), PORTIO_OK);
    portio_batch_op short_ones[] = {{0, 0, PORTIO_BATCH_DELAY, 0, 0, 30000},
                                    {0, 0, PORTIO_BATCH_DELAY, 0, 0, 20000}};
    LARGE_INTEGER start;
    QueryPerformanceCounter(&start);
    assert_int_equal(portio_batch(short_ones, 2), PORTIO_OK);
    double seconds = seconds_since(start);
    assert_int_equal(portio_windows_driver_stats(&requests_after, &operations_after), PORTIO_OK);
    print_message("portio_batch of 30 ms + 20 ms delays: %.4f s, %llu request(s)\n", seconds,
                  (unsigned long long)(requests_after - requests));
    assert_true(seconds >= 0.05);
    assert_int_equal(requests_after - requests, 1);
    assert_int_equal(operations_after - operations, 0);

    portio_batch_op long_ones[] = {{0, 0, PORTIO_BATCH_DELAY, 0, 0, PORTIO_BATCH_MAX_TIME_US},
                                   {0, 0, PORTIO_BATCH_DELAY, 0, 0, PORTIO_BATCH_MAX_TIME_US},
                                   {0, 0, PORTIO_BATCH_DELAY, 0, 0, PORTIO_BATCH_MAX_TIME_US}};
    QueryPerformanceCounter(&start);
    assert_int_equal(portio_batch(long_ones, 3), PORTIO_E_TIMEOUT);
    seconds = seconds_since(start);
    print_message("portio_batch of three 1 s delays: %.3f s: %s\n", seconds, portio_last_error());
    assert_last_error_contains("op 2 ");
    assert_last_error_contains("2000000 us");
    assert_true(seconds >= 2.0);
    assert_true(seconds < 2.9);
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
    assert_last_error_contains("portio driver configure --ports RANGES");
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

static void backend_ready_without_driver_says_how_to_install(void **state)
{
    (void)state;
    assert_int_equal(portio_backend_ready(), PORTIO_E_NODRIVER);
    assert_last_error_contains("portio driver install");
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
        T(backend_ready_with_the_driver_running_enables_nothing),
        T(library_enables_through_the_driver),
        T(library_refuses_port_not_enabled),
        T(driver_refuses_transfer_for_port_not_enabled),
        T(driver_refuses_port_after_disable),
        T(grants_die_with_their_handle),
        T(driver_refuses_malformed_requests),
        T(driver_refuses_malformed_sequence_lengths),
        T(driver_refuses_malformed_sequence_ops),
        T(driver_refuses_sequences_for_ports_not_enabled),
        T(delays_run_at_least_their_time),
        T(third_1s_delay_passes_the_budget),
        T(library_batch_of_delays),
    };
    const struct CMUnitTest allowlist[] = {
        T(allowlisted_ports_enable),
        T(ports_outside_the_allowlist_are_refused),
    };
    const struct CMUnitTest removed[] = {
        T(enable_without_driver_says_how_to_install),
        T(backend_ready_without_driver_says_how_to_install),
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
