/* portio_batch on the mock: ops run in order, reads come back in the ops,
 * and a batch with one bad op runs nothing (the mock's log stays empty).
 * White-box only to start the library afresh (portio_front_reset_for_tests). */
#include <stdio.h>

#include "test_support.h"

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
    assert_int_equal(ops[4].value, 0xD8);
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
    assert_access(&log[4], LPT + 1, 8, PORTIO_MOCK_READ, 0xD8);
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

static void write_flag_other_than_0_or_1_runs_nothing(void **state)
{
    (void)state;
    portio_batch_op op = write_op(LPT, 8, 0x42);
    op.kind = 2;
    assert_refused_before_running(op, 1, PORTIO_E_INVALID, "write is 2; set it to 0");
    op.kind = 0xFF;
    assert_refused_before_running(op, 4, PORTIO_E_INVALID, "write is 255");
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
        T(write_flag_other_than_0_or_1_runs_nothing),
        T(port_not_enabled_runs_nothing),
        T(first_bad_op_is_named),
        T(disabled_port_is_refused_again),
        cmocka_unit_test_setup(batch_before_any_enable_is_not_enabled, fresh_library),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
