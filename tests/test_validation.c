/* SPDX-License-Identifier: MIT */
/* The contract's argument rules, through the public API on the mock. */
#include "test_support.h"

static void enable_rejects_count_zero(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 0), PORTIO_E_INVALID);
    assert_last_error_contains("count must be at least 1");
}

static void enable_rejects_first_past_0xffff(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x10000, 1), PORTIO_E_INVALID);
    assert_int_equal(portio_enable(0xFFFFFFFFu, 1), PORTIO_E_INVALID);
    assert_last_error_contains("0x0000 to 0xFFFF");
}

static void enable_rejects_range_past_0xffff(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0xFFFF, 2), PORTIO_E_INVALID);
    assert_int_equal(portio_enable(0xFFF0, 0x11), PORTIO_E_INVALID);
    assert_int_equal(portio_enable(0, 0x10001), PORTIO_E_INVALID);
    /* first + count wraps around 32 bits */
    assert_int_equal(portio_enable(1, 0xFFFFFFFFu), PORTIO_E_INVALID);
    assert_last_error_contains("past port 0xFFFF");
}

static void enable_accepts_the_edges_of_the_space(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0xFFFF, 1), PORTIO_OK);
    assert_int_equal(portio_enable(0, 0x10000), PORTIO_OK);
    uint32_t value = 0;
    assert_int_equal(portio_read(0xFFFF, 8, &value), PORTIO_OK);
    assert_int_equal(portio_read(0, 32, &value), PORTIO_OK);
}

static void disable_rejects_the_same_ranges(void **state)
{
    (void)state;
    assert_int_equal(portio_disable(0x378, 0), PORTIO_E_INVALID);
    assert_int_equal(portio_disable(0x10000, 1), PORTIO_E_INVALID);
    assert_int_equal(portio_disable(0xFFFF, 2), PORTIO_E_INVALID);
    assert_int_equal(portio_disable(1, 0xFFFFFFFFu), PORTIO_E_INVALID);
}

static void enable_is_idempotent(void **state)
{
    (void)state;
    uint32_t value;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_OK);
    /* no count is kept: one disable gives the ports back */
    assert_int_equal(portio_disable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_E_NOT_ENABLED);
}

static void enable_keeps_several_ranges(void **state)
{
    (void)state;
    uint32_t value;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_enable(0x70, 2), PORTIO_OK);
    assert_int_equal(portio_read(0x37A, 8, &value), PORTIO_OK);
    assert_int_equal(portio_read(0x71, 8, &value), PORTIO_OK);
    assert_int_equal(portio_read(0x72, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(0x377, 8, &value), PORTIO_E_NOT_ENABLED);
}

static void disable_gives_back_only_its_range(void **state)
{
    (void)state;
    uint32_t value;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_disable(0x379, 1), PORTIO_OK);
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_OK);
    assert_int_equal(portio_read(0x379, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(0x37A, 8, &value), PORTIO_OK);
}

static void failed_enable_keeps_earlier_ranges(void **state)
{
    (void)state;
    uint32_t value;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_enable(0xFFFF, 5), PORTIO_E_INVALID);
    assert_int_equal(portio_disable(0, 0), PORTIO_E_INVALID);
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_OK);
}

static void read_rejects_widths_other_than_8_16_32(void **state)
{
    (void)state;
    static const unsigned widths[] = {0, 1, 7, 9, 12, 24, 64, 0xFFFFFFFFu};
    uint32_t value = 0;
    assert_int_equal(portio_enable(0x378, 8), PORTIO_OK);
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        assert_int_equal(portio_read(0x378, widths[i], &value), PORTIO_E_INVALID);
        assert_int_equal(portio_write(0x378, widths[i], 0), PORTIO_E_INVALID);
    }
    assert_last_error_contains("8, 16 or 32");
}

static void read_rejects_null_value(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_read(0x378, 8, NULL), PORTIO_E_INVALID);
    assert_last_error_contains("NULL");
}

static void read_refuses_access_reaching_past_enabled_range(void **state)
{
    (void)state;
    uint32_t value;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_read(0x379, 16, &value), PORTIO_OK);
    assert_int_equal(portio_read(0x37A, 16, &value), PORTIO_E_NOT_ENABLED);
    assert_last_error_contains("0x037A-0x037B");
    assert_int_equal(portio_read(0x378, 32, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_write(0x37A, 16, 0), PORTIO_E_NOT_ENABLED);
}

static void not_enabled_message_says_what_to_call(void **state)
{
    (void)state;
    uint32_t value;
    assert_int_equal(portio_read(0x80, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_last_error_contains("port 0x0080");
    assert_last_error_contains("portio_enable(0x0080, 1)");
}

static void access_past_0xffff_is_invalid(void **state)
{
    (void)state;
    uint32_t value;
    assert_int_equal(portio_enable(0xFFF0, 0x10), PORTIO_OK);
    assert_int_equal(portio_read(0xFFFC, 32, &value), PORTIO_OK);
    assert_int_equal(portio_read(0xFFFD, 32, &value), PORTIO_E_INVALID);
    assert_int_equal(portio_read(0xFFFF, 16, &value), PORTIO_E_INVALID);
    assert_int_equal(portio_write(0xFFFF, 16, 0), PORTIO_E_INVALID);
    assert_last_error_contains("past port 0xFFFF");
}

static void write_rejects_value_wider_than_width(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_write(0x378, 8, 0x100), PORTIO_E_INVALID);
    assert_int_equal(portio_write(0x378, 16, 0x10000), PORTIO_E_INVALID);
    assert_last_error_contains("does not fit in 16 bits");
    assert_int_equal(portio_write(0x378, 8, 0xFF), PORTIO_OK);
    assert_int_equal(portio_write(0x378, 32, 0xFFFFFFFFu), PORTIO_E_NOT_ENABLED);
}

static void failed_read_leaves_value_unchanged(void **state)
{
    (void)state;
    uint32_t value = 0x12345678;
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(0x378, 5, &value), PORTIO_E_INVALID);
    assert_int_equal(value, 0x12345678);
}

static void unclaimed_ports_read_all_ones_at_each_width(void **state)
{
    (void)state;
    uint32_t value = 0;
    assert_int_equal(portio_enable(0x300, 8), PORTIO_OK);
    assert_int_equal(portio_read(0x300, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0xFF);
    assert_int_equal(portio_read(0x300, 16, &value), PORTIO_OK);
    assert_int_equal(value, 0xFFFF);
    assert_int_equal(portio_read(0x300, 32, &value), PORTIO_OK);
    assert_int_equal(value, 0xFFFFFFFFu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, use_empty_mock)
        T(enable_rejects_count_zero),
        T(enable_rejects_first_past_0xffff),
        T(enable_rejects_range_past_0xffff),
        T(enable_accepts_the_edges_of_the_space),
        T(disable_rejects_the_same_ranges),
        T(enable_is_idempotent),
        T(enable_keeps_several_ranges),
        T(disable_gives_back_only_its_range),
        T(failed_enable_keeps_earlier_ranges),
        T(read_rejects_widths_other_than_8_16_32),
        T(read_rejects_null_value),
        T(read_refuses_access_reaching_past_enabled_range),
        T(not_enabled_message_says_what_to_call),
        T(access_past_0xffff_is_invalid),
        T(write_rejects_value_wider_than_width),
        T(failed_read_leaves_value_unchanged),
        T(unclaimed_ports_read_all_ones_at_each_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
