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
