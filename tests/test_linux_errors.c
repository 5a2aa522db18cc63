/* SPDX-License-Identifier: MIT */
/* How Linux refusals become statuses and messages a person can act on,
 * reached through a fake kernel so that no privilege is needed. */
#include <errno.h>
#include <stdlib.h>

#include "fake_linux_system.h"
#include "ranges.h"
#include "test_support.h"

#define CAP_SYS_RAWIO_ONLY "CapEff:\t0000000000020000\n"
#define ROOT_CAPS "CapEff:\t000001ffffffffff\n"

static int fake_kernel(void **state)
{
    (void)state;
    unsetenv("PORTIO_BACKEND");
    fake_linux_install();
    return 0;
}

static void no_ioperm_and_no_devport_is_unsupported_naming_the_kernel(void **state)
{
    (void)state;
    fake.ioperm_errno = ENOSYS;
    fake.open_errno = ENOENT;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("kernel does not support user-space port access");
    assert_last_error_contains("CONFIG_X86_IOPL_IOPERM");
    assert_last_error_contains("/dev/port does not exist");
    assert_last_error_contains("PORTIO_BACKEND=mock");
}

static void refusal_without_privilege_says_root_or_setcap(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.open_errno = EACCES;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("ioperm(0x378, 3) was refused");
    assert_last_error_contains("root");
    assert_last_error_contains("setcap cap_sys_rawio+ep");
}

static void refusal_under_integrity_lockdown_is_lockdown(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.open_errno = EPERM;
    fake.proc_status = ROOT_CAPS;
    fake.lockdown = "none [integrity] confidentiality\n";
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_LOCKDOWN);
    assert_last_error_contains("locked down");
    assert_last_error_contains("\"integrity\"");
    assert_last_error_contains("Secure Boot");
}

static void refusal_under_confidentiality_lockdown_is_lockdown(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.open_errno = EPERM;
    fake.lockdown = "none integrity [confidentiality]\n";
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_LOCKDOWN);
    assert_last_error_contains("\"confidentiality\"");
}

static void refusal_with_capability_and_no_lockdown_suspects_seccomp(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.open_errno = EPERM;
    fake.proc_status = CAP_SYS_RAWIO_ONLY;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("although the process has CAP_SYS_RAWIO");
    assert_last_error_contains("seccomp");
}

static void refusal_without_lockdown_file_is_privilege(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.open_errno = EACCES;
    fake.lockdown = NULL;
    fake.proc_status = NULL;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("setcap");
}

static void direct_without_ioperm_is_unsupported_and_tries_nothing_else(void **state)
{
    (void)state;
    fake.ioperm_errno = ENOSYS;
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("kernel does not support user-space port access");
    assert_int_equal(fake.open_count, 0);
    assert_string_equal(portio_backend(), "direct");
}

static void direct_enable_and_disable_ask_for_exactly_the_range(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_disable(0x378, 3), PORTIO_OK);
    assert_int_equal(fake.ioperm_count, 2);
    assert_int_equal(fake.ioperm_calls[0].first, 0x378);
    assert_int_equal(fake.ioperm_calls[0].count, 3);
    assert_int_equal(fake.ioperm_calls[0].turn_on, 1);
    assert_int_equal(fake.ioperm_calls[1].first, 0x378);
    assert_int_equal(fake.ioperm_calls[1].count, 3);
    assert_int_equal(fake.ioperm_calls[1].turn_on, 0);
    assert_int_equal(fake.iopl_count, 0);
}

static void old_kernel_uses_iopl_above_0x3ff_only(void **state)
{
    (void)state;
    fake.ioperm_errno_above_0x400 = EINVAL; /* before Linux 2.6.8 */
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(fake.iopl_count, 0);
    assert_int_equal(portio_enable(0xD010, 8), PORTIO_OK);
    assert_int_equal(fake.iopl_count, 1);
    assert_int_equal(fake.iopl_levels[0], 3);
    /* iopl is dropped when the last range goes */
    assert_int_equal(portio_disable(0xD010, 8), PORTIO_OK);
    assert_int_equal(fake.iopl_count, 1);
    assert_int_equal(portio_disable(0x378, 3), PORTIO_OK);
    assert_int_equal(fake.iopl_count, 2);
    assert_int_equal(fake.iopl_levels[1], 0);
}

static void invalid_argument_below_0x400_is_not_an_iopl_case(void **state)
{
    (void)state;
    fake.ioperm_errno = EINVAL;
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_IO);
    assert_last_error_contains("Invalid argument");
    assert_int_equal(fake.iopl_count, 0);
}

static void other_system_errors_are_io_with_the_system_text(void **state)
{
    (void)state;
    fake.ioperm_errno = ENOMEM;
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_IO);
    assert_last_error_contains("ioperm(0x378, 3) failed");
    assert_last_error_contains("Cannot allocate memory");
}

static void refused_enable_keeps_earlier_ranges(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    fake.ioperm_errno = EPERM;
    assert_int_equal(portio_enable(0x70, 2), PORTIO_E_PERM);
    assert_true(portio_ranges_contain(0x378, 3));
    assert_false(portio_ranges_contain(0x70, 1));
    assert_string_equal(portio_backend(), "direct");
}

static void ioperm_refusal_comes_before_missing_devport_in_auto(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.open_errno = ENOENT;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("ioperm(0x378, 3) was refused");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, fake_kernel)
        T(no_ioperm_and_no_devport_is_unsupported_naming_the_kernel),
        T(refusal_without_privilege_says_root_or_setcap),
        T(refusal_under_integrity_lockdown_is_lockdown),
        T(refusal_under_confidentiality_lockdown_is_lockdown),
        T(refusal_with_capability_and_no_lockdown_suspects_seccomp),
        T(refusal_without_lockdown_file_is_privilege),
        T(direct_without_ioperm_is_unsupported_and_tries_nothing_else),
        T(direct_enable_and_disable_ask_for_exactly_the_range),
        T(old_kernel_uses_iopl_above_0x3ff_only),
        T(invalid_argument_below_0x400_is_not_an_iopl_case),
        T(other_system_errors_are_io_with_the_system_text),
        T(refused_enable_keeps_earlier_ranges),
        T(ioperm_refusal_comes_before_missing_devport_in_auto),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
