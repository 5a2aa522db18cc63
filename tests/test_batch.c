/* SPDX-License-Identifier: MIT */
/* portio_batch on the mock: ops run in order, reads come back in the ops,
 * waits, delays and modifies do what portio.h says on the mock's clock, and
 * a batch with one bad op runs nothing (the mock's log stays empty).
 * White-box to start the library afresh (portio_front_reset_for_tests) and
 * for the driver's message (portio_batch_budget_spent). */
#include <stdio.h>

#include "test_support.h"

#include "backend.h"
#include "batch_run.h"
#include "front.h"

#define LPT 0x378

static portio_mock_lpt *lpt;

/* The mock's parallel port at 0x378, its three registers enabled, and a
 * floating (all ones) range at 0x300 for the wide ops. */
static int mock_lpt_enabled(void **state)
{
    if (use_empty_mock(state) != 0 || portio_mock_add_lpt(LPT, &lpt) != PORTIO_OK ||
        portio_enable(LPT, 3) != PORTIO_OK || portio_enable(0x300, 8) != PORTIO_OK)
        return -1;
    portio_mock_log_clear();
    return 0;
}

static portio_batch_op read_op(uint16_t port, unsigned width_bits)
{
    return (portio_batch_op){port, (uint8_t)width_bits, 0, 0xDEADBEEFu};
}

static portio_batch_op write_op(uint16_t port, unsigned width_bits, uint32_t value)
{
    return (portio_batch_op){port, (uint8_t)width_bits, 1, value};
}

static portio_batch_op wait_op(uint16_t port, unsigned width_bits, uint32_t mask, uint32_t expected,
                               uint32_t time_us);

static void assert_nothing_ran(void)
{
    assert_int_equal(portio_mock_log(NULL, 0), 0);
    assert_int_equal(portio_mock_lpt_data(lpt), 0x00);
}

static void ops_run_in_order_and_reads_fill_values(void **state)
{
    (void)state;
    portio_batch_op ops[] = {
        write_op(LPT, 8, 0x55),
        read_op(LPT, 8),
        write_op(LPT + 2, 8, 0x05), /* strobe and autofeed on */
        read_op(LPT + 2, 8),
        read_op(LPT + 1, 8),
        write_op(LPT, 8, 0xAA),
        read_op(LPT, 8),
        read_op(0x300, 16),
        write_op(0x304, 32, 0x12345678u),
        read_op(0x304, 32),
    };
    const size_t count = sizeof ops / sizeof ops[0];
    assert_int_equal(portio_batch(ops, count), PORTIO_OK);

    assert_int_equal(ops[1].value, 0x55);
    assert_int_equal(ops[3].value, 0xC5);
    assert_int_equal(ops[4].value, 0x58); /* the strobe printed 0x55: busy (bit 7 = 0) */
    assert_int_equal(ops[6].value, 0xAA);
    assert_int_equal(ops[7].value, 0xFFFF);
    assert_int_equal(ops[9].value, 0xFFFFFFFFu);
    /* writes keep their values */
    assert_int_equal(ops[0].value, 0x55);
    assert_int_equal(ops[8].value, 0x12345678u);
    assert_int_equal(portio_mock_lpt_data(lpt), 0xAA);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x05);

    portio_mock_access log[16];
    assert_int_equal(portio_mock_log(log, 16), count);
    assert_access(&log[0], LPT, 8, PORTIO_MOCK_WRITE, 0x55);
    assert_access(&log[1], LPT, 8, PORTIO_MOCK_READ, 0x55);
    assert_access(&log[2], LPT + 2, 8, PORTIO_MOCK_WRITE, 0x05);
    assert_access(&log[3], LPT + 2, 8, PORTIO_MOCK_READ, 0xC5);
    assert_access(&log[4], LPT + 1, 8, PORTIO_MOCK_READ, 0x58);
    assert_access(&log[5], LPT, 8, PORTIO_MOCK_WRITE, 0xAA);
    assert_access(&log[6], LPT, 8, PORTIO_MOCK_READ, 0xAA);
    assert_access(&log[7], 0x300, 16, PORTIO_MOCK_READ, 0xFFFF);
    assert_access(&log[8], 0x304, 32, PORTIO_MOCK_WRITE, 0x12345678u);
    assert_access(&log[9], 0x304, 32, PORTIO_MOCK_READ, 0xFFFFFFFFu);
}

/* More ops than the Windows driver takes in one request: same result. */
static void long_batch_reads_back_every_write(void **state)
{
    (void)state;
    enum { PAIRS = 5000 };
    static portio_batch_op ops[2 * PAIRS];
    for (size_t i = 0; i < PAIRS; i++) {
        ops[2 * i] = write_op(LPT, 8, (uint32_t)(i * 7 & 0xFF));
        ops[2 * i + 1] = read_op(LPT, 8);
    }
    assert_int_equal(portio_batch(ops, 2 * PAIRS), PORTIO_OK);
    for (size_t i = 0; i < PAIRS; i++)
        assert_int_equal(ops[2 * i + 1].value, i * 7 & 0xFF);
    assert_int_equal(portio_mock_log(NULL, 0), 2 * PAIRS);
}

static void count_zero_does_nothing(void **state)
{
    (void)state;
    portio_batch_op op = read_op(LPT, 8);
    assert_int_equal(portio_batch(&op, 0), PORTIO_OK);
    assert_int_equal(portio_batch(NULL, 0), PORTIO_OK);
    assert_int_equal(op.value, 0xDEADBEEFu);
    assert_nothing_ran();
}

static void null_ops_are_invalid(void **state)
{
    (void)state;
    assert_int_equal(portio_batch(NULL, 3), PORTIO_E_INVALID);
    assert_last_error_contains("portio_batch(NULL, 3)");
    assert_nothing_ran();
}

/* A good batch with ops[bad] replaced: refused with `status`, nothing ran,
 * the message names op `bad` and says `part`. */
static void assert_refused_before_running(portio_batch_op bad_op, size_t bad, int status,
                                          const char *part)
{
    portio_batch_op ops[] = {
        write_op(LPT, 8, 0x55),
        read_op(LPT, 8),
        write_op(LPT, 8, 0xAA),
        read_op(LPT + 1, 8),
        write_op(LPT + 2, 8, 0x04),
    };
    ops[bad] = bad_op;
    assert_int_equal(portio_batch(ops, sizeof ops / sizeof ops[0]), status);
    char index[32];
    snprintf(index, sizeof index, "portio_batch: op %zu ", bad);
    assert_last_error_contains(index);
    assert_last_error_contains(part);
    assert_nothing_ran();
    for (size_t i = 1; i < sizeof ops / sizeof ops[0]; i += 2) /* the reads */
        if (i != bad)
            assert_int_equal(ops[i].value, 0xDEADBEEFu);
}

static void bad_width_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(read_op(LPT, 12), 2, PORTIO_E_INVALID, "8, 16 or 32");
    assert_refused_before_running(write_op(LPT, 0, 1), 4, PORTIO_E_INVALID, "8, 16 or 32");
    assert_refused_before_running(read_op(LPT, 64), 0, PORTIO_E_INVALID, "8, 16 or 32");
    /* three whole bytes, all enabled: still no access width */
    assert_refused_before_running(read_op(LPT, 24), 1, PORTIO_E_INVALID, "width is 24 bits");
    assert_refused_before_running(wait_op(LPT, 24, 1, 1, 0), 3, PORTIO_E_INVALID, "width is 24 bits");
}

static void access_past_0xffff_runs_nothing(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0xFFFC, 4), PORTIO_OK);
    assert_refused_before_running(read_op(0xFFFF, 16), 3, PORTIO_E_INVALID,
                                  "(read of 16 bits at port 0xFFFF): a 16-bit access there would "
                                  "run past port 0xFFFF");
    assert_refused_before_running(write_op(0xFFFD, 32, 0), 1, PORTIO_E_INVALID, "past port 0xFFFF");
}

static void value_too_wide_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(write_op(LPT, 8, 0x155), 3, PORTIO_E_INVALID,
                                  "(write of 8 bits at port 0x0378): the value 0x155 does not fit "
                                  "in 8 bits");
    assert_refused_before_running(write_op(0x300, 16, 0x10000), 2, PORTIO_E_INVALID,
                                  "does not fit in 16 bits");
}

/* A read's value is what it will be overwritten with: any value is fine. */
static void read_ignores_the_value_it_carries(void **state)
{
    (void)state;
    portio_batch_op op = {LPT + 1, 8, 0, 0xFFFFFFFFu};
    assert_int_equal(portio_batch(&op, 1), PORTIO_OK);
    assert_int_equal(op.value, 0xD8);
}

static void kind_above_4_runs_nothing(void **state)
{
    (void)state;
    portio_batch_op op = write_op(LPT, 8, 0x42);
    op.kind = 5;
    assert_refused_before_running(op, 1, PORTIO_E_INVALID,
                                  "kind is 5; set it to 0 (read), 1 (write), 2 (wait), 3 (delay) "
                                  "or 4 (modify)");
    op.kind = 0xFF;
    assert_refused_before_running(op, 4, PORTIO_E_INVALID, "kind is 255");
}

static void port_not_enabled_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(read_op(LPT + 2, 16), 3, PORTIO_E_NOT_ENABLED,
                                  "portio_batch: op 3 (read of 16 bits at port 0x037A): ports "
                                  "0x037A-0x037B are not all enabled; call portio_enable(0x037A, 2)");
    assert_refused_before_running(write_op(0x80, 8, 0), 4, PORTIO_E_NOT_ENABLED,
                                  "(write of 8 bits at port 0x0080): the port is not enabled; call "
                                  "portio_enable(0x0080, 1)");
}

/* The first bad op is the one named. */
static void first_bad_op_is_named(void **state)
{
    (void)state;
    portio_batch_op ops[] = {read_op(LPT, 8), read_op(0x80, 8), read_op(LPT, 12)};
    assert_int_equal(portio_batch(ops, 3), PORTIO_E_NOT_ENABLED);
    assert_last_error_contains("op 1 ");
    assert_nothing_ran();
}

/* ---- The new kinds: checks ---- */

#define STATUS (LPT + 1)
#define CONTROL (LPT + 2)

static portio_batch_op wait_op(uint16_t port, unsigned width_bits, uint32_t mask, uint32_t expected,
                               uint32_t time_us)
{
    return (portio_batch_op){port, (uint8_t)width_bits, PORTIO_BATCH_WAIT, expected, mask, time_us,
                             0xDEADBEEFu};
}

static portio_batch_op delay_op(uint32_t time_us)
{
    return (portio_batch_op){0, 0, PORTIO_BATCH_DELAY, 0, 0, time_us};
}

static portio_batch_op modify_op(uint16_t port, unsigned width_bits, uint32_t clear, uint32_t set)
{
    return (portio_batch_op){port, (uint8_t)width_bits, PORTIO_BATCH_MODIFY, set, clear, 0,
                             0xDEADBEEFu};
}

static void wait_with_mask_0_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(wait_op(STATUS, 8, 0, 0x80, 100), 2, PORTIO_E_INVALID,
                                  "(wait of 8 bits at port 0x0379): the mask is 0, so the wait "
                                  "would compare no bit; set mask");
}

static void wait_mask_that_does_not_fit_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(wait_op(STATUS, 8, 0x180, 0x80, 100), 1, PORTIO_E_INVALID,
                                  "(wait of 8 bits at port 0x0379): the mask 0x180 does not fit in "
                                  "8 bits");
    assert_refused_before_running(wait_op(0x300, 16, 0x10000, 0, 100), 3, PORTIO_E_INVALID,
                                  "the mask 0x10000 does not fit in 16 bits");
}

static void wait_value_that_does_not_fit_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(wait_op(STATUS, 8, 0x80, 0x180, 100), 0, PORTIO_E_INVALID,
                                  "(wait of 8 bits at port 0x0379): the value 0x180 does not fit "
                                  "in 8 bits");
}

static void wait_above_1_s_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(wait_op(STATUS, 8, 0x80, 0x80, PORTIO_BATCH_MAX_TIME_US + 1), 4,
                                  PORTIO_E_INVALID,
                                  "(wait of 8 bits at port 0x0379): time_us is 1000001; a wait "
                                  "takes 0 to 1000000 us");
}

static void wait_of_1_s_is_accepted(void **state)
{
    (void)state;
    portio_batch_op op = wait_op(STATUS, 8, 0x80, 0x80, PORTIO_BATCH_MAX_TIME_US);
    assert_int_equal(portio_batch(&op, 1), PORTIO_OK);
    assert_int_equal(op.result, 0xD8);
}

static void wait_with_a_bad_width_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(wait_op(STATUS, 0, 0x80, 0x80, 100), 1, PORTIO_E_INVALID,
                                  "op 1 (at port 0x0379): the width is 0 bits; it must be 8, 16 or "
                                  "32");
}

static void wait_past_0xffff_runs_nothing(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0xFFFC, 4), PORTIO_OK);
    assert_refused_before_running(wait_op(0xFFFE, 32, 1, 1, 0), 2, PORTIO_E_INVALID,
                                  "(wait of 32 bits at port 0xFFFE): a 32-bit access there would "
                                  "run past port 0xFFFF");
}

static void wait_on_a_port_not_enabled_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(wait_op(0x379, 32, 1, 1, 0), 3, PORTIO_E_NOT_ENABLED,
                                  "portio_batch: op 3 (wait of 32 bits at port 0x0379): ports "
                                  "0x0379-0x037C are not all enabled");
}

static void delay_of_0_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(delay_op(0), 1, PORTIO_E_INVALID,
                                  "portio_batch: op 1 (delay of 0 us): time_us is 0; a delay takes "
                                  "1 to 1000000 us");
}

static void delay_above_1_s_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(delay_op(PORTIO_BATCH_MAX_TIME_US + 1), 2, PORTIO_E_INVALID,
                                  "time_us is 1000001; a delay takes 1 to 1000000 us");
}

static void delay_with_port_or_width_runs_nothing(void **state)
{
    (void)state;
    portio_batch_op op = delay_op(10);
    op.port = LPT;
    assert_refused_before_running(op, 3, PORTIO_E_INVALID,
                                  "op 3 (delay of 10 us): a delay does not use port, which is "
                                  "0x378; set it to 0");
    op = delay_op(10);
    op.width_bits = 8;
    assert_refused_before_running(op, 0, PORTIO_E_INVALID,
                                  "a delay does not use width_bits, which is 0x8; set it to 0");
}

static void delay_with_value_or_mask_runs_nothing(void **state)
{
    (void)state;
    portio_batch_op op = delay_op(10);
    op.value = 1;
    assert_refused_before_running(op, 1, PORTIO_E_INVALID, "a delay does not use value, which is 0x1");
    op = delay_op(10);
    op.mask = 0x80;
    assert_refused_before_running(op, 4, PORTIO_E_INVALID, "a delay does not use mask, which is 0x80");
}

static void read_or_write_with_mask_or_time_runs_nothing(void **state)
{
    (void)state;
    portio_batch_op op = read_op(LPT, 8);
    op.mask = 0xFF;
    assert_refused_before_running(op, 1, PORTIO_E_INVALID,
                                  "op 1 (read of 8 bits at port 0x0378): a read does not use mask, "
                                  "which is 0xFF; set it to 0");
    op = write_op(LPT, 8, 0x55);
    op.time_us = 5;
    assert_refused_before_running(op, 2, PORTIO_E_INVALID,
                                  "op 2 (write of 8 bits at port 0x0378): a write does not use "
                                  "time_us, which is 0x5; set it to 0");
}

static void modify_with_time_runs_nothing(void **state)
{
    (void)state;
    portio_batch_op op = modify_op(CONTROL, 8, 0x01, 0x00);
    op.time_us = 100;
    assert_refused_before_running(op, 4, PORTIO_E_INVALID,
                                  "op 4 (modify of 8 bits at port 0x037A): a modify does not use "
                                  "time_us, which is 0x64; set it to 0");
}

static void modify_mask_or_value_that_does_not_fit_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(modify_op(CONTROL, 8, 0x100, 0), 0, PORTIO_E_INVALID,
                                  "(modify of 8 bits at port 0x037A): the mask 0x100 does not fit "
                                  "in 8 bits");
    assert_refused_before_running(modify_op(0x300, 16, 0, 0x12345), 2, PORTIO_E_INVALID,
                                  "(modify of 16 bits at port 0x0300): the value 0x12345 does not "
                                  "fit in 16 bits");
}

static void modify_on_a_port_not_enabled_runs_nothing(void **state)
{
    (void)state;
    assert_refused_before_running(modify_op(0x37B, 8, 1, 0), 1, PORTIO_E_NOT_ENABLED,
                                  "portio_batch: op 1 (modify of 8 bits at port 0x037B): the port "
                                  "is not enabled");
}

/* result is output only: whatever it holds, the op is fine. */
static void result_is_never_checked(void **state)
{
    (void)state;
    portio_batch_op ops[] = {read_op(LPT, 8), write_op(LPT, 8, 1), delay_op(1)};
    for (size_t i = 0; i < 3; i++)
        ops[i].result = 0xFFFFFFFFu;
    assert_int_equal(portio_batch(ops, 3), PORTIO_OK);
}

/* ---- The new kinds: what they do ---- */

/* A status register that reads 0x00 until it has been read `ready_after`
 * times, then 0x01; registers at READY. */
#define READY 0x310
static unsigned ready_after;
static unsigned ready_reads;

static uint32_t ready_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    (void)port;
    (void)width_bits;
    return ++ready_reads >= ready_after ? 0x01 : 0x00;
}

static void attach_ready_after(unsigned reads)
{
    ready_after = reads;
    ready_reads = 0;
    assert_int_equal(portio_mock_attach(READY, 1, ready_read, NULL, NULL), PORTIO_OK);
    assert_int_equal(portio_enable(READY, 1), PORTIO_OK);
    portio_mock_log_clear();
}

static void wait_met_at_first_poll_reads_once(void **state)
{
    (void)state;
    uint64_t before = portio_mock_time_us();
    portio_batch_op op = wait_op(STATUS, 8, 0x80, 0x80, 1000);
    assert_int_equal(portio_batch(&op, 1), PORTIO_OK);
    assert_int_equal(op.result, 0xD8);
    portio_mock_access log[4];
    assert_int_equal(portio_mock_log(log, 4), 1);
    assert_access(&log[0], STATUS, 8, PORTIO_MOCK_READ, 0xD8);
    assert_int_equal(portio_mock_time_us() - before, PORTIO_MOCK_ACCESS_US);
}

static void wait_met_at_nth_poll_polls_n_times_then_goes_on(void **state)
{
    (void)state;
    enum { N = 7 };
    attach_ready_after(N);
    portio_batch_op ops[] = {
        write_op(LPT, 8, 0x41),
        wait_op(READY, 8, 0x01, 0x01, 1000),
        read_op(LPT, 8),
    };
    assert_int_equal(portio_batch(ops, 3), PORTIO_OK);
    assert_int_equal(ops[1].result, 0x01);
    assert_int_equal(ops[2].value, 0x41);
    portio_mock_access log[N + 4];
    assert_int_equal(portio_mock_log(log, N + 4), N + 2);
    assert_access(&log[0], LPT, 8, PORTIO_MOCK_WRITE, 0x41);
    for (size_t i = 1; i < N; i++)
        assert_access(&log[i], READY, 8, PORTIO_MOCK_READ, 0x00);
    assert_access(&log[N], READY, 8, PORTIO_MOCK_READ, 0x01);
    assert_access(&log[N + 1], LPT, 8, PORTIO_MOCK_READ, 0x41);
}

/* A wait that is never met: write 0x41, wait (busy never clears), strobe. */
static portio_batch_op never_ready[] = {
    {LPT, 8, PORTIO_BATCH_WRITE, 0x41},
    {STATUS, 8, PORTIO_BATCH_WAIT, 0x80, 0x80, 1000},
    {CONTROL, 8, PORTIO_BATCH_WRITE, 0x0D},
};

static void wait_that_times_out_returns_timeout_with_the_last_value(void **state)
{
    (void)state;
    portio_mock_lpt_set_status(lpt, 0x58);
    portio_batch_op ops[3];
    memcpy(ops, never_ready, sizeof ops);
    assert_int_equal(portio_batch(ops, 3), PORTIO_E_TIMEOUT);
    assert_int_equal(ops[1].result, 0x58);
}

static void timeout_message_names_op_port_value_mask_and_expected(void **state)
{
    (void)state;
    portio_mock_lpt_set_status(lpt, 0x58);
    portio_batch_op ops[3];
    memcpy(ops, never_ready, sizeof ops);
    assert_int_equal(portio_batch(ops, 3), PORTIO_E_TIMEOUT);
    assert_last_error_contains("portio_batch: op 1 (wait of 8 bits at port 0x0379) timed out after "
                               "1000 us: the last value read was 0x58, whose bits under the mask "
                               "0x80 are 0x0, not the expected 0x80; op 0 ran, none after it");
}

static void timeout_runs_the_ops_before_and_none_after(void **state)
{
    (void)state;
    portio_mock_lpt_set_status(lpt, 0x58);
    portio_batch_op ops[3];
    memcpy(ops, never_ready, sizeof ops);
    assert_int_equal(portio_batch(ops, 3), PORTIO_E_TIMEOUT);
    enum { MOST = 2000 };
    static portio_mock_access log[MOST];
    size_t count = portio_mock_log(log, MOST);
    assert_true(count > 2 && count < MOST);
    assert_access(&log[0], LPT, 8, PORTIO_MOCK_WRITE, 0x41);
    for (size_t i = 1; i < count; i++)
        assert_access(&log[i], STATUS, 8, PORTIO_MOCK_READ, 0x58);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x0C);
    uint8_t printed[4];
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, 4), 0);
}

/* portio.h: ops after the one that stopped a batch are left as they were,
 * so a caller can preset a mark and find the stop. */
static void ops_after_a_timeout_are_left_as_they_were(void **state)
{
    (void)state;
    portio_mock_lpt_set_status(lpt, 0x58);
    portio_batch_op ops[] = {
        read_op(LPT, 8),
        wait_op(STATUS, 8, 0x80, 0x80, 10),
        read_op(LPT, 8),
        wait_op(STATUS, 8, 0x40, 0x40, 10),
        modify_op(CONTROL, 8, 0x01, 0x00),
    };
    assert_int_equal(portio_batch(ops, 5), PORTIO_E_TIMEOUT);
    assert_int_equal(ops[0].value, 0x00);
    assert_int_equal(ops[1].result, 0x58);
    assert_int_equal(ops[2].value, 0xDEADBEEFu);
    assert_int_equal(ops[3].result, 0xDEADBEEFu);
    assert_int_equal(ops[4].result, 0xDEADBEEFu);
}

static void timeout_lets_time_us_pass_on_the_mock_clock(void **state)
{
    (void)state;
    portio_mock_lpt_set_status(lpt, 0x58);
    portio_batch_op op = wait_op(STATUS, 8, 0x80, 0x80, 1000);
    uint64_t before = portio_mock_time_us();
    assert_int_equal(portio_batch(&op, 1), PORTIO_E_TIMEOUT);
    uint64_t spent = portio_mock_time_us() - before;
    assert_true(spent >= 1000);
    assert_true(spent <= 1000 + 2 * PORTIO_MOCK_ACCESS_US);
}

/* After a short spin it sleeps between polls: far fewer polls than us. */
static void wait_pauses_between_polls_after_a_short_spin(void **state)
{
    (void)state;
    portio_mock_lpt_set_status(lpt, 0x58);
    portio_batch_op op = wait_op(STATUS, 8, 0x80, 0x80, 100000);
    assert_int_equal(portio_batch(&op, 1), PORTIO_E_TIMEOUT);
    size_t polls = portio_mock_log(NULL, 0);
    /* the first poll, the spin (one poll per simulated us), then one poll
     * per pause */
    assert_true(polls >= 100000 / PORTIO_WAIT_PAUSE_US);
    assert_true(polls <= 2 + PORTIO_WAIT_SPIN_US + 100000 / PORTIO_WAIT_PAUSE_US);
}

static void wait_of_0_us_reads_once(void **state)
{
    (void)state;
    portio_mock_lpt_set_status(lpt, 0x58);
    portio_batch_op op = wait_op(STATUS, 8, 0x80, 0x80, 0);
    assert_int_equal(portio_batch(&op, 1), PORTIO_E_TIMEOUT);
    assert_int_equal(portio_mock_log(NULL, 0), 1);
    assert_int_equal(op.result, 0x58);
    assert_last_error_contains("portio_batch: op 0 (wait of 8 bits at port 0x0379) timed out after "
                               "0 us");
    assert_last_error_contains("no op ran before it, none after it");
}

static void timeout_after_several_ops_names_their_range(void **state)
{
    (void)state;
    portio_mock_lpt_set_status(lpt, 0x00);
    portio_batch_op ops[] = {read_op(LPT, 8), read_op(LPT, 8), read_op(LPT, 8),
                             wait_op(STATUS, 8, 0x88, 0x80, 10)};
    assert_int_equal(portio_batch(ops, 4), PORTIO_E_TIMEOUT);
    assert_last_error_contains("mask 0x88 are 0x0, not the expected 0x80; ops 0-2 ran, none after it");
}

static void wait_and_modify_keep_their_inputs_so_a_batch_runs_again(void **state)
{
    (void)state;
    portio_batch_op ops[] = {
        write_op(LPT, 8, 0x33),
        wait_op(STATUS, 8, 0x80, 0x80, 500),
        modify_op(CONTROL, 8, 0x08, 0x20),
        delay_op(40),
        modify_op(CONTROL, 8, 0x20, 0x08),
    };
    portio_batch_op original[5];
    memcpy(original, ops, sizeof ops);
    assert_int_equal(portio_batch(ops, 5), PORTIO_OK);
    portio_mock_access first[16], second[16];
    size_t first_count = portio_mock_log(first, 16);
    uint64_t first_time = portio_mock_time_us();
    portio_mock_log_clear();
    assert_int_equal(portio_batch(ops, 5), PORTIO_OK);
    assert_int_equal(portio_mock_log(second, 16), first_count);
    assert_memory_equal(first, second, first_count * sizeof first[0]);
    assert_int_equal(portio_mock_time_us() - first_time, first_time);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(ops[i].port, original[i].port);
        assert_int_equal(ops[i].kind, original[i].kind);
        assert_int_equal(ops[i].value, original[i].value);
        assert_int_equal(ops[i].mask, original[i].mask);
        assert_int_equal(ops[i].time_us, original[i].time_us);
    }
    assert_int_equal(portio_mock_lpt_control(lpt), 0x0C);
}

static void modify_writes_read_with_mask_cleared_and_value_set(void **state)
{
    (void)state;
    portio_batch_op op = modify_op(CONTROL, 8, 0x08, 0x20); /* control reads 0xCC */
    assert_int_equal(portio_batch(&op, 1), PORTIO_OK);
    assert_int_equal(op.result, 0xCC);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x24);
    portio_mock_access log[4];
    assert_int_equal(portio_mock_log(log, 4), 2);
    assert_access(&log[0], CONTROL, 8, PORTIO_MOCK_READ, 0xCC);
    assert_access(&log[1], CONTROL, 8, PORTIO_MOCK_WRITE, 0xE4);
}

static void modify_of_16_bits_keeps_the_bits_outside_the_mask(void **state)
{
    (void)state;
    portio_batch_op op = modify_op(0x300, 16, 0x00F0, 0x0010); /* floating: reads 0xFFFF */
    assert_int_equal(portio_batch(&op, 1), PORTIO_OK);
    assert_int_equal(op.result, 0xFFFF);
    portio_mock_access log[4];
    assert_int_equal(portio_mock_log(log, 4), 2);
    assert_access(&log[1], 0x300, 16, PORTIO_MOCK_WRITE, 0xFF1F);
}

static void delay_advances_the_mock_clock_by_its_time(void **state)
{
    (void)state;
    portio_batch_op ops[] = {delay_op(250), read_op(LPT, 8), delay_op(PORTIO_BATCH_MAX_TIME_US)};
    uint64_t before = portio_mock_time_us();
    assert_int_equal(portio_batch(ops, 3), PORTIO_OK);
    assert_int_equal(portio_mock_time_us() - before, 250 + PORTIO_MOCK_ACCESS_US + PORTIO_BATCH_MAX_TIME_US);
    assert_int_equal(portio_mock_log(NULL, 0), 1);
}

/* The driver backend's message, when a request spent its time budget. */
static void budget_spent_names_the_op_the_budget_and_what_ran(void **state)
{
    (void)state;
    portio_batch_op ops[] = {write_op(LPT, 8, 1), delay_op(900000), wait_op(STATUS, 8, 0x80, 0x80, 900000)};
    ops[2].result = 0x58;
    assert_int_equal(portio_batch_budget_spent(ops, 2, PORTIO_DRIVER_MAX_WAIT_US), PORTIO_E_TIMEOUT);
    assert_last_error_contains("portio_batch: op 2 (wait of 8 bits at port 0x0379) stopped: the "
                               "driver's request had spent its 2000000 us of waiting and delaying");
    assert_last_error_contains("the last value read was 0x58, whose bits under the mask 0x80 are "
                               "0x0, not the expected 0x80; ops 0-1 ran, none after it");
    assert_int_equal(portio_batch_budget_spent(ops, 1, 2000000), PORTIO_E_TIMEOUT);
    assert_last_error_contains("op 1 (delay of 900000 us) stopped");
    assert_last_error_contains("; op 0 ran, none after it");
}

/* As at start: no backend chosen yet, nothing ever enabled. */
static int fresh_library(void **state)
{
    (void)state;
    portio_front_reset_for_tests();
    portio_mock_reset();
    return 0;
}

static void batch_before_any_enable_is_not_enabled(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    portio_batch_op ops[] = {write_op(LPT, 8, 0x55), read_op(LPT, 8)};
    assert_int_equal(portio_batch(ops, 2), PORTIO_E_NOT_ENABLED);
    assert_last_error_contains("op 0 ");
    assert_last_error_contains("portio_enable(0x0378, 1)");
    assert_int_equal(ops[1].value, 0xDEADBEEFu);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

static void disabled_port_is_refused_again(void **state)
{
    (void)state;
    portio_batch_op ops[] = {write_op(LPT, 8, 0x3C), read_op(LPT, 8)};
    assert_int_equal(portio_batch(ops, 2), PORTIO_OK);
    assert_int_equal(ops[1].value, 0x3C);
    assert_int_equal(portio_disable(LPT, 1), PORTIO_OK);
    portio_mock_log_clear();
    assert_int_equal(portio_batch(ops, 2), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, mock_lpt_enabled)
        T(ops_run_in_order_and_reads_fill_values),
        T(long_batch_reads_back_every_write),
        T(count_zero_does_nothing),
        T(null_ops_are_invalid),
        T(bad_width_runs_nothing),
        T(access_past_0xffff_runs_nothing),
        T(value_too_wide_runs_nothing),
        T(read_ignores_the_value_it_carries),
        T(kind_above_4_runs_nothing),
        T(port_not_enabled_runs_nothing),
        T(first_bad_op_is_named),
        T(disabled_port_is_refused_again),
        T(wait_with_mask_0_runs_nothing),
        T(wait_mask_that_does_not_fit_runs_nothing),
        T(wait_value_that_does_not_fit_runs_nothing),
        T(wait_above_1_s_runs_nothing),
        T(wait_of_1_s_is_accepted),
        T(wait_with_a_bad_width_runs_nothing),
        T(wait_past_0xffff_runs_nothing),
        T(wait_on_a_port_not_enabled_runs_nothing),
        T(delay_of_0_runs_nothing),
        T(delay_above_1_s_runs_nothing),
        T(delay_with_port_or_width_runs_nothing),
        T(delay_with_value_or_mask_runs_nothing),
        T(read_or_write_with_mask_or_time_runs_nothing),
        T(modify_with_time_runs_nothing),
        T(modify_mask_or_value_that_does_not_fit_runs_nothing),
        T(modify_on_a_port_not_enabled_runs_nothing),
        T(result_is_never_checked),
        T(wait_met_at_first_poll_reads_once),
        T(wait_met_at_nth_poll_polls_n_times_then_goes_on),
        T(wait_that_times_out_returns_timeout_with_the_last_value),
        T(timeout_message_names_op_port_value_mask_and_expected),
        T(timeout_runs_the_ops_before_and_none_after),
        T(ops_after_a_timeout_are_left_as_they_were),
        T(timeout_lets_time_us_pass_on_the_mock_clock),
        T(wait_pauses_between_polls_after_a_short_spin),
        T(wait_of_0_us_reads_once),
        T(timeout_after_several_ops_names_their_range),
        T(wait_and_modify_keep_their_inputs_so_a_batch_runs_again),
        T(modify_writes_read_with_mask_cleared_and_value_set),
        T(modify_of_16_bits_keeps_the_bits_outside_the_mask),
        T(delay_advances_the_mock_clock_by_its_time),
        T(budget_spent_names_the_op_the_budget_and_what_ran),
        cmocka_unit_test_setup(batch_before_any_enable_is_not_enabled, fresh_library),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
