/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, as root: the emulated parallel port at 0x378 through
 * the direct backend, fast and checked paths. */
#include "guest_support.h"

static void auto_chooses_direct_for_root(void **state)
{
    (void)state;
    assert_string_equal(portio_backend(), "direct");
}

static void wide_read_spans_data_and_status(void **state)
{
    (void)state;
    uint32_t value = 0;
    portio_outb(LPT, 0x42);
    assert_int_equal(portio_read(LPT, 16, &value), PORTIO_OK);
    assert_int_equal(value, 0xD942);
    assert_int_equal(portio_inw(LPT + 1), 0xCCD9);
}

static void string_transfers_reach_the_latch(void **state)
{
    (void)state;
    const uint8_t out[] = {0x11, 0x22, 0x33};
    portio_outsb(LPT, out, sizeof out);
    assert_int_equal(portio_inb(LPT), 0x33); /* the last byte stays latched */
    uint8_t in[4] = {0};
    portio_insb(LPT, in, sizeof in);
    for (size_t i = 0; i < sizeof in; i++)
        assert_int_equal(in[i], 0x33);
}

/* Inline here (direct): the latch, the status and a 16-bit read across
 * both, in order. */
static void batch_reaches_the_latch(void **state)
{
    (void)state;
    portio_batch_op ops[] = {
        {LPT, 8, 1, 0x55}, {LPT, 8, 0, 0}, {LPT, 8, 1, 0xAA}, {LPT, 8, 0, 0},
        {LPT + 1, 8, 0, 0}, {LPT, 16, 0, 0},
    };
    assert_int_equal(portio_batch(ops, sizeof ops / sizeof ops[0]), PORTIO_OK);
    assert_int_equal(ops[1].value, 0x55);
    assert_int_equal(ops[3].value, 0xAA);
    assert_int_equal(ops[4].value, 0xD9);
    assert_int_equal(ops[5].value, 0xD9AA);
    assert_int_equal(portio_inb(LPT), 0xAA);
}

/* The last op's port is not enabled: the first op's write never happens. */
static void refused_batch_leaves_the_latch_alone(void **state)
{
    (void)state;
    portio_outb(LPT, 0x3C);
    portio_batch_op ops[] = {{LPT, 8, 1, 0x11}, {LPT + 3, 8, 0, 0}};
    assert_int_equal(portio_batch(ops, 2), PORTIO_E_NOT_ENABLED);
    assert_last_error_contains("op 1 ");
    assert_int_equal(portio_inb(LPT), 0x3C);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(auto_chooses_direct_for_root),
        cmocka_unit_test(latch_reads_back_patterns_through_fast_path),
        cmocka_unit_test(latch_reads_back_patterns_through_checked_path),
        cmocka_unit_test(fast_and_checked_paths_see_the_same_latch),
        cmocka_unit_test(status_and_control_read_the_idle_port),
        cmocka_unit_test(wide_read_spans_data_and_status),
        cmocka_unit_test(string_transfers_reach_the_latch),
        cmocka_unit_test(batch_reaches_the_latch),
        cmocka_unit_test(refused_batch_leaves_the_latch_alone),
    };
    return cmocka_run_group_tests(tests, enable_lpt, NULL);
}
