/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, as root, booted with lockdown=integrity: the kernel
 * refuses port access even to root, and every backend must say it is
 * lockdown (not a privilege problem root could fix). */
#include <stdio.h>

#include "guest_support.h"

#define LOCKDOWN_FILE "/sys/kernel/security/lockdown"
/* Without this the refusals below could come from something else. */
static void kernel_is_locked_down_for_integrity(void **state)
{
    (void)state;
    char text[128] = "";
    FILE *file = fopen(LOCKDOWN_FILE, "r");
    assert_non_null(file);
    const char *line = fgets(text, sizeof text, file);
    fclose(file);
    assert_non_null(line);
    print_message("%s: %s", LOCKDOWN_FILE, text);
    assert_contains(text, "[integrity]");
}

static void auto_enable_is_refused_as_lockdown(void **state)
{
    (void)state;
    use_backend("auto");
    assert_int_equal(portio_enable(LPT, 3), PORTIO_E_LOCKDOWN);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains("locked down");
    assert_last_error_contains("integrity");
    assert_string_equal(portio_backend(), "auto");
}

static void direct_enable_is_refused_as_lockdown(void **state)
{
    (void)state;
    use_backend("direct");
    assert_int_equal(portio_enable(LPT, 3), PORTIO_E_LOCKDOWN);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains("ioperm");
    assert_last_error_contains("locked down");
    assert_last_error_contains("integrity");
}

static void devport_enable_is_refused_as_lockdown(void **state)
{
    (void)state;
    use_backend("devport");
    assert_int_equal(portio_enable(LPT, 3), PORTIO_E_LOCKDOWN);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains("/dev/port");
    assert_last_error_contains("locked down");
    assert_last_error_contains("integrity");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kernel_is_locked_down_for_integrity),
        cmocka_unit_test(auto_enable_is_refused_as_lockdown),
        cmocka_unit_test(direct_enable_is_refused_as_lockdown),
        cmocka_unit_test(devport_enable_is_refused_as_lockdown),
        cmocka_unit_test(checked_access_after_refusals_is_not_enabled),
        cmocka_unit_test(fast_read_after_refusals_reads_all_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
