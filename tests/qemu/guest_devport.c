/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, as root, booted with PORTIO_BACKEND=devport: the
 * emulated parallel port at 0x378 through /dev/port. It is 8-bit only, so
 * wider accesses must be refused rather than split into bytes, and what it
 * sees must agree with the direct backend. */
#include <stdlib.h>

#include "guest_support.h"

/* Gives everything back, chooses name and enables the port again: the
 * backend may change only while nothing is enabled. */
static void switch_to(const char *name)
{
    assert_int_equal(portio_disable(0, 0x10000), PORTIO_OK);
    assert_int_equal(portio_use_backend(name), PORTIO_OK);
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), name);
}

static void environment_chooses_devport_at_first_enable(void **state)
{
    (void)state;
    /* The kernel parameter reached the program, so the choice is the
     * environment's and not auto's (auto would pick direct for root). */
    const char *env = getenv("PORTIO_BACKEND");
    assert_non_null(env);
    assert_string_equal(env, "devport");
    assert_string_equal(portio_backend(), "devport");
}

static void checked_16_bit_access_is_unsupported(void **state)
{
    (void)state;
    uint32_t value = 0x5A5A;
    assert_int_equal(portio_write(LPT, 8, 0x42), PORTIO_OK);
    assert_int_equal(portio_read(LPT, 16, &value), PORTIO_E_UNSUPPORTED);
    assert_int_equal(value, 0x5A5A);
    assert_last_error_contains("8-bit");
    assert_int_equal(portio_write(LPT, 16, 0x1234), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("8-bit");
    print_message("%s\n", portio_last_error());
}

/* A 32-bit access at 0x378 covers 0x378..0x37B: enable the fourth port so
 * the refusal is for the width and not for the range. */
static void checked_32_bit_access_is_unsupported(void **state)
{
    (void)state;
    uint32_t value = 0x5A5A;
    assert_int_equal(portio_enable(LPT, 4), PORTIO_OK);
    assert_int_equal(portio_read(LPT, 32, &value), PORTIO_E_UNSUPPORTED);
    assert_int_equal(value, 0x5A5A);
    assert_int_equal(portio_write(LPT, 32, 0x12345678), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("8-bit");
    assert_int_equal(portio_disable(LPT + 3, 1), PORTIO_OK);
}

/* Split into bytes, 0x1234 would leave 0x34 in the latch. */
static void refused_16_bit_write_leaves_the_latch_alone(void **state)
{
    (void)state;
    assert_int_equal(portio_write(LPT, 8, 0xA5), PORTIO_OK);
    assert_int_equal(portio_write(LPT, 16, 0x1234), PORTIO_E_UNSUPPORTED);
    assert_int_equal(checked_inb(LPT), 0xA5);
    portio_outw(LPT, 0x1234);
    assert_int_equal(checked_inb(LPT), 0xA5);
}

/* Through the direct backend this would read 0xD9xx (data and status). */
static void fast_16_bit_read_gives_all_ones(void **state)
{
    (void)state;
    assert_int_equal(portio_write(LPT, 8, 0x42), PORTIO_OK);
    assert_int_equal(portio_inw(LPT), 0xFFFF);
    assert_last_error_contains("8-bit");
}

static void direct_reads_what_devport_reads(void **state)
{
    (void)state;
    switch_to("devport");
    portio_outb(LPT, 0x3C);
    const uint8_t latch = checked_inb(LPT);
    const uint8_t status = checked_inb(LPT + 1);
    const uint8_t control = checked_inb(LPT + 2);
    assert_int_equal(latch, 0x3C);

    switch_to("direct");
    assert_int_equal(checked_inb(LPT), latch);
    assert_int_equal(portio_inb(LPT), latch);
    assert_int_equal(checked_inb(LPT + 1), status);
    assert_int_equal(checked_inb(LPT + 2), control);
    switch_to("devport");
}

static void pattern_written_by_direct_reads_back_through_devport(void **state)
{
    (void)state;
    switch_to("direct");
    portio_outb(LPT, 0xC3);
    assert_int_equal(portio_inb(LPT), 0xC3);

    switch_to("devport");
    assert_int_equal(checked_inb(LPT), 0xC3);
    assert_int_equal(portio_inb(LPT), 0xC3);
}

/* The devport batch hook: one pread or pwrite per op, in order. */
static void batch_of_bytes_reaches_the_latch(void **state)
{
    (void)state;
    portio_batch_op ops[] = {
        {LPT, 8, 1, 0x55}, {LPT, 8, 0, 0}, {LPT, 8, 1, 0xAA}, {LPT, 8, 0, 0}, {LPT + 1, 8, 0, 0},
    };
    assert_int_equal(portio_batch(ops, sizeof ops / sizeof ops[0]), PORTIO_OK);
    assert_int_equal(ops[1].value, 0x55);
    assert_int_equal(ops[3].value, 0xAA);
    assert_int_equal(ops[4].value, 0xD9);
}

/* One 16-bit op refuses the whole batch: its first write never happens. */
static void batch_with_a_16_bit_op_runs_nothing(void **state)
{
    (void)state;
    assert_int_equal(portio_write(LPT, 8, 0x3C), PORTIO_OK);
    portio_batch_op ops[] = {{LPT, 8, 1, 0x11}, {LPT, 8, 0, 0}, {LPT, 16, 0, 0}};
    assert_int_equal(portio_batch(ops, 3), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("op 2");
    assert_last_error_contains("8-bit");
    assert_int_equal(checked_inb(LPT), 0x3C);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(environment_chooses_devport_at_first_enable),
        cmocka_unit_test(latch_reads_back_patterns_through_fast_path),
        cmocka_unit_test(latch_reads_back_patterns_through_checked_path),
        cmocka_unit_test(fast_and_checked_paths_see_the_same_latch),
        cmocka_unit_test(status_and_control_read_the_idle_port),
        cmocka_unit_test(checked_16_bit_access_is_unsupported),
        cmocka_unit_test(checked_32_bit_access_is_unsupported),
        cmocka_unit_test(refused_16_bit_write_leaves_the_latch_alone),
        cmocka_unit_test(fast_16_bit_read_gives_all_ones),
        cmocka_unit_test(batch_of_bytes_reaches_the_latch),
        cmocka_unit_test(batch_with_a_16_bit_op_runs_nothing),
        cmocka_unit_test(direct_reads_what_devport_reads),
        cmocka_unit_test(pattern_written_by_direct_reads_back_through_devport),
    };
    return cmocka_run_group_tests(tests, enable_lpt, NULL);
}
