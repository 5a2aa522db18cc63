/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, as root: bytes written to port 0xE9 (isa-debugcon)
 * land in a file on the host, which run_guest.sh compares with
 * debugcon_expected.txt. Order and content prove that every byte of the
 * fast, string and checked paths reached the device, once. */
#include "test_support.h"

#define DEBUGCON 0xE9

static int enable_debugcon(void **state)
{
    (void)state;
    if (portio_enable(DEBUGCON, 1) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

static void bytes_written_with_outb(void **state)
{
    (void)state;
    const char *text = "portio_outb: one byte at a time\n";
    for (const char *c = text; *c; c++)
        portio_outb(DEBUGCON, (uint8_t)*c);
}

static void string_written_with_outsb(void **state)
{
    (void)state;
    const char text[] = "portio_outsb: the quick brown fox jumps over the lazy dog 0123456789\n";
    portio_outsb(DEBUGCON, text, sizeof text - 1);
}

static void every_printable_byte_in_one_outsb(void **state)
{
    (void)state;
    uint8_t ramp[0x7F - 0x20 + 1];
    for (size_t i = 0; i < sizeof ramp - 1; i++)
        ramp[i] = (uint8_t)(0x20 + i);
    ramp[sizeof ramp - 1] = '\n';
    portio_outsb(DEBUGCON, ramp, sizeof ramp);
}

static void bytes_written_with_checked_write(void **state)
{
    (void)state;
    const char *text = "portio_write: checked path\n";
    for (const char *c = text; *c; c++)
        assert_int_equal(portio_write(DEBUGCON, 8, (uint8_t)*c), PORTIO_OK);
}

static void refused_write_sends_nothing(void **state)
{
    (void)state;
    /* 0xEA is not enabled, and a 16-bit write at 0xE9 would reach it */
    assert_int_equal(portio_write(DEBUGCON, 16, 0x4141), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_write(DEBUGCON + 1, 8, 'X'), PORTIO_E_NOT_ENABLED);
}

int main(void)
{
    /* The order matters: the host compares the whole byte stream. */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bytes_written_with_outb),
        cmocka_unit_test(string_written_with_outsb),
        cmocka_unit_test(every_printable_byte_in_one_outsb),
        cmocka_unit_test(refused_write_sends_nothing),
        cmocka_unit_test(bytes_written_with_checked_write),
    };
    return cmocka_run_group_tests(tests, enable_debugcon, NULL);
}
