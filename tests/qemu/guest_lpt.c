/* In the QEMU guest, as root: the emulated parallel port at 0x378 through
 * the direct backend, fast and checked paths. */
#include "test_support.h"

#define LPT 0x378

static const uint8_t patterns[] = {0x55, 0xAA, 0x00, 0xFF, 0x3C, 0xA5, 0x01, 0x80};

static int enable_lpt(void **state)
{
    (void)state;
    if (portio_enable(LPT, 3) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

static void auto_chooses_direct_for_root(void **state)
{
    (void)state;
    assert_string_equal(portio_backend(), "direct");
}

static void latch_reads_back_patterns_through_fast_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof patterns; i++) {
        portio_outb(LPT, patterns[i]);
        assert_int_equal(portio_inb(LPT), patterns[i]);
    }
}

static void latch_reads_back_patterns_through_checked_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof patterns; i++) {
        uint32_t value = 0x1234;
        assert_int_equal(portio_write(LPT, 8, patterns[i]), PORTIO_OK);
        assert_int_equal(portio_read(LPT, 8, &value), PORTIO_OK);
        assert_int_equal(value, patterns[i]);
    }
}

static void fast_and_checked_paths_see_the_same_latch(void **state)
{
    (void)state;
    uint32_t value = 0;
    portio_outb(LPT, 0x69);
    assert_int_equal(portio_read(LPT, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0x69);
    assert_int_equal(portio_write(LPT, 8, 0x96), PORTIO_OK);
    assert_int_equal(portio_inb(LPT), 0x96);
}

/* QEMU's idle parallel port: not busy, acknowledge high, selected, no
 * error (0xD8) with bit 0 set; control with INIT and SELECT_IN set and the
 * missing bits 6-7 reading 1. */
static void status_and_control_read_the_idle_port(void **state)
{
    (void)state;
    uint32_t value = 0;
    assert_int_equal(portio_inb(LPT + 1), 0xD9);
    assert_int_equal(portio_read(LPT + 1, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0xD9);
    assert_int_equal(portio_inb(LPT + 2), 0xCC);
    assert_int_equal(portio_read(LPT + 2, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0xCC);
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
    };
    return cmocka_run_group_tests(tests, enable_lpt, NULL);
}
