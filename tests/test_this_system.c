/* SPDX-License-Identifier: MIT */
/* The real kernel under the library: whatever this machine allows, the
 * answer must match it and say what to do. Nothing here touches a port: a
 * successful enable is given back at once. */
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "test_support.h"

static int clean_library(void **state)
{
    (void)state;
    unsetenv("PORTIO_BACKEND");
    return portio_disable(0, 0x10000) == PORTIO_OK && portio_use_backend("auto") == PORTIO_OK
               ? 0 : -1;
}

/* Asks the kernel the way the library does, with a request that changes
 * nothing (turning a port off needs no privilege). */
static int ioperm_errno(void)
{
#ifdef SYS_ioperm
    return syscall(SYS_ioperm, 0x80, 1, 0) == 0 ? 0 : errno;
#else
    return ENOSYS;
#endif
}

static int devport_exists(void)
{
    return access("/dev/port", F_OK) == 0;
}

static void auto_answers_what_this_kernel_allows(void **state)
{
    (void)state;
    int status = portio_enable(0x80, 1);
    if (ioperm_errno() == ENOSYS && !devport_exists()) {
        /* this project's development and CI machines */
        assert_int_equal(status, PORTIO_E_UNSUPPORTED);
        assert_last_error_contains("kernel does not support user-space port access");
        assert_last_error_contains("/dev/port does not exist");
        assert_string_equal(portio_backend(), "auto");
    } else if (status == PORTIO_OK) {
        assert_true(strcmp(portio_backend(), "direct") == 0 ||
                    strcmp(portio_backend(), "devport") == 0);
        assert_int_equal(portio_disable(0x80, 1), PORTIO_OK);
    } else {
        assert_true(status == PORTIO_E_PERM || status == PORTIO_E_LOCKDOWN);
        assert_true(strstr(portio_last_error(), "root") || strstr(portio_last_error(), "locked down"));
    }
}

static void direct_answers_what_this_kernel_allows(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);
    int status = portio_enable(0x80, 1);
    if (ioperm_errno() == ENOSYS) {
        assert_int_equal(status, PORTIO_E_UNSUPPORTED);
        assert_last_error_contains("CONFIG_X86_IOPL_IOPERM");
    } else if (status == PORTIO_OK) {
        assert_int_equal(portio_disable(0x80, 1), PORTIO_OK);
    } else {
        assert_true(status == PORTIO_E_PERM || status == PORTIO_E_LOCKDOWN);
    }
}

static void devport_answers_what_this_system_has(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("devport"), PORTIO_OK);
    int status = portio_enable(0x80, 1);
    if (!devport_exists()) {
        assert_int_equal(status, PORTIO_E_UNSUPPORTED);
        assert_last_error_contains("/dev/port does not exist");
    } else if (status == PORTIO_OK) {
        assert_int_equal(portio_disable(0x80, 1), PORTIO_OK);
    } else {
        assert_true(status == PORTIO_E_PERM || status == PORTIO_E_LOCKDOWN);
    }
}

static void refused_checked_access_does_not_fault(void **state)
{
    (void)state;
    uint32_t value = 7;
    assert_int_equal(portio_read(0x80, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_write(0x80, 8, 1), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, clean_library)
        T(auto_answers_what_this_kernel_allows),
        T(direct_answers_what_this_kernel_allows),
        T(devport_answers_what_this_system_has),
        T(refused_checked_access_does_not_fault),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
