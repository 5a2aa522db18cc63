/* SPDX-License-Identifier: MIT */
/* Which backend serves, when it is chosen, and when it may change. */
#include <errno.h>
#include <stdlib.h>

#include "fake_linux_system.h"
#include "front.h"
#include "ranges.h"
#include "test_support.h"

/* A fresh library on the fake kernel, PORTIO_BACKEND unset. */
static int fresh_library(void **state)
{
    (void)state;
    unsetenv("PORTIO_BACKEND");
    portio_mock_reset();
    fake_linux_install();
    return 0;
}

static int forget_environment(void **state)
{
    (void)state;
    unsetenv("PORTIO_BACKEND");
    return 0;
}

static void default_is_auto(void **state)
{
    (void)state;
    assert_string_equal(portio_backend(), "auto");
}

static void auto_picks_direct_where_ioperm_works(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "direct");
    assert_int_equal(fake.ioperm_count, 1);
    assert_int_equal(fake.ioperm_calls[0].first, 0x378);
    assert_int_equal(fake.ioperm_calls[0].count, 3);
    assert_int_equal(fake.ioperm_calls[0].turn_on, 1);
    assert_int_equal(fake.open_count, 0);
}

static void auto_falls_back_to_devport_without_ioperm(void **state)
{
    (void)state;
    fake.ioperm_errno = ENOSYS;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "devport");
    assert_string_equal(fake.opened_path, "/dev/port");
}

static void auto_falls_back_to_devport_when_ioperm_is_filtered(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM; /* a container's seccomp filter */
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "devport");
}

static void environment_chooses_at_first_enable(void **state)
{
    (void)state;
    setenv("PORTIO_BACKEND", "mock", 1);
    assert_string_equal(portio_backend(), "mock");
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "mock");
    assert_int_equal(fake.ioperm_count, 0);
    /* read after the choice: changing it now changes nothing */
    setenv("PORTIO_BACKEND", "devport", 1);
    assert_int_equal(portio_enable(0x70, 2), PORTIO_OK);
    assert_string_equal(portio_backend(), "mock");
}

static void call_wins_over_environment(void **state)
{
    (void)state;
    setenv("PORTIO_BACKEND", "devport", 1);
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "mock");
    assert_int_equal(fake.open_count, 0);
}

static void unknown_environment_name_fails_enable(void **state)
{
    (void)state;
    setenv("PORTIO_BACKEND", "inpout", 1);
    assert_string_equal(portio_backend(), "invalid");
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_INVALID);
    assert_last_error_contains("PORTIO_BACKEND=\"inpout\"");
    assert_last_error_contains("auto, direct, ppdev, devport, driver or mock");
    unsetenv("PORTIO_BACKEND");
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
}

/* A long name is quoted cut, so that what to do still fits the message. */
static void long_unknown_names_leave_room_for_the_advice(void **state)
{
    (void)state;
    char name[1001];
    memset(name, 'x', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    assert_int_equal(portio_use_backend(name), PORTIO_E_INVALID);
    assert_last_error_contains("portio_use_backend(\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\")");
    assert_last_error_contains("unknown backend; use auto, direct, ppdev, devport, driver or mock");
    setenv("PORTIO_BACKEND", name, 1);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_INVALID);
    assert_last_error_contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" names no backend");
    assert_last_error_contains("set it to auto, direct, ppdev, devport, driver or mock, or unset it");
    unsetenv("PORTIO_BACKEND");
}

static void unknown_name_is_invalid(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("winring0"), PORTIO_E_INVALID);
    assert_last_error_contains("unknown backend");
    assert_int_equal(portio_use_backend(""), PORTIO_E_INVALID);
    assert_int_equal(portio_use_backend(NULL), PORTIO_E_INVALID);
    assert_int_equal(portio_use_backend("Mock"), PORTIO_E_INVALID);
    assert_string_equal(portio_backend(), "auto");
}

static void driver_is_not_available_on_linux(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("driver"), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("\"driver\" backend is not available");
    assert_last_error_contains("auto, direct, ppdev, devport, mock");
    assert_string_equal(portio_backend(), "auto");
}

static void no_switch_while_ports_are_enabled(void **state)
{
    (void)state;
    uint32_t value;
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_use_backend("devport"), PORTIO_E_INVALID);
    assert_last_error_contains("still enabled with the \"mock\" backend");
    assert_string_equal(portio_backend(), "mock");
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_OK);
    /* asking again for the backend in use is fine */
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    assert_int_equal(portio_disable(0, 0x10000), PORTIO_OK);
    assert_int_equal(portio_use_backend("devport"), PORTIO_OK);
    assert_string_equal(portio_backend(), "devport");
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "devport");
}

static void auto_stays_chosen_by_its_name(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "direct");
    assert_int_equal(portio_use_backend("auto"), PORTIO_OK);
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);
    assert_string_equal(portio_backend(), "direct");
}

static void failed_first_enable_leaves_choice_open(void **state)
{
    (void)state;
    fake.ioperm_errno = ENOSYS;
    fake.open_errno = ENOENT;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_UNSUPPORTED);
    assert_string_equal(portio_backend(), "auto");
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "mock");
}

static void fast_access_before_any_enable_reads_all_ones(void **state)
{
    (void)state;
    assert_int_equal(portio_inb(0x80), 0xFF);
    assert_int_equal(portio_inw(0x80), 0xFFFF);
    assert_int_equal(portio_inl(0x80), 0xFFFFFFFFu);
    portio_outb(0x80, 1);
    assert_last_error_contains("no port is enabled yet");
    uint8_t buf[4] = {0};
    portio_insb(0x80, buf, sizeof buf);
    assert_int_equal(buf[0], 0xFF);
    assert_int_equal(buf[3], 0xFF);
}

static void mock_reset_gives_back_mock_ranges_only(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK); /* direct, on the fake */
    portio_mock_reset();
    assert_true(portio_ranges_contain(0x378, 3));
}

/* portio_backend_ready asks the backend without enabling a port. */
static void backend_ready_on_the_mock_enables_nothing(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    assert_int_equal(portio_backend_ready(), PORTIO_OK);
    assert_true(portio_ranges_empty());
    assert_string_equal(portio_backend(), "mock");
}

static void backend_ready_on_linux_is_for_enable_to_tell(void **state)
{
    (void)state;
    assert_int_equal(portio_backend_ready(), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("\"auto\" backend can tell whether it may serve only when a range is enabled");
    assert_int_equal(fake.ioperm_count, 0);
    assert_int_equal(fake.open_count, 0);
    assert_int_equal(portio_use_backend("devport"), PORTIO_OK);
    assert_int_equal(portio_backend_ready(), PORTIO_E_UNSUPPORTED);
    assert_int_equal(fake.open_count, 0);
}

static void backend_ready_names_a_bad_environment(void **state)
{
    (void)state;
    setenv("PORTIO_BACKEND", "inpout", 1);
    assert_int_equal(portio_backend_ready(), PORTIO_E_INVALID);
    assert_last_error_contains("PORTIO_BACKEND=\"inpout\"");
    unsetenv("PORTIO_BACKEND");
    assert_int_equal(portio_use_backend("driver"), PORTIO_E_UNSUPPORTED);
}

static void backend_ready_once_enabled_is_ok(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_backend_ready(), PORTIO_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fresh_library, forget_environment)
        T(default_is_auto),
        T(auto_picks_direct_where_ioperm_works),
        T(auto_falls_back_to_devport_without_ioperm),
        T(auto_falls_back_to_devport_when_ioperm_is_filtered),
        T(environment_chooses_at_first_enable),
        T(call_wins_over_environment),
        T(unknown_environment_name_fails_enable),
        T(long_unknown_names_leave_room_for_the_advice),
        T(unknown_name_is_invalid),
        T(driver_is_not_available_on_linux),
        T(no_switch_while_ports_are_enabled),
        T(auto_stays_chosen_by_its_name),
        T(failed_first_enable_leaves_choice_open),
        T(fast_access_before_any_enable_reads_all_ones),
        T(mock_reset_gives_back_mock_ranges_only),
        T(backend_ready_on_the_mock_enables_nothing),
        T(backend_ready_on_linux_is_for_enable_to_tell),
        T(backend_ready_names_a_bad_environment),
        T(backend_ready_once_enabled_is_ok),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
