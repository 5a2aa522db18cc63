/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, as root: ports outside the enabled ranges. The checked
 * path refuses them and the process lives; the fast path would fault, which
 * is why the checked path exists. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"

#define LPT 0x378

static int enable_lpt_only(void **state)
{
    (void)state;
    portio_disable(0, 0x10000);
    return portio_enable(LPT, 3) == PORTIO_OK ? 0 : -1;
}

static void port_past_the_range_is_refused(void **state)
{
    (void)state;
    uint32_t value = 0x5A5A;
    assert_int_equal(portio_read(LPT + 3, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_last_error_contains("port 0x037B");
    assert_int_equal(portio_write(0x80, 8, 0x12), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 0x5A5A);
}

static void access_reaching_past_the_range_is_refused(void **state)
{
    (void)state;
    uint32_t value = 0x5A5A;
    assert_int_equal(portio_read(LPT + 2, 16, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(LPT, 32, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 0x5A5A);
}

static void process_still_works_after_refusals(void **state)
{
    (void)state;
    uint32_t value = 0;
    assert_int_equal(portio_read(0x2F8, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_write(LPT, 8, 0xC3), PORTIO_OK);
    assert_int_equal(portio_read(LPT, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0xC3);
}

static void disabled_port_is_refused_without_fault(void **state)
{
    (void)state;
    uint32_t value = 0;
    assert_int_equal(portio_disable(LPT, 3), PORTIO_OK);
    assert_int_equal(portio_read(LPT, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_write(LPT, 8, 0), PORTIO_E_NOT_ENABLED);
}

/* Runs `access` in a child process and gives the signal that ended it, or
 * 0 when it exited normally. */
static int signal_of_child(void (*access)(void))
{
    pid_t child = fork();
    if (child == 0) {
        signal(SIGSEGV, SIG_DFL); /* cmocka's handler would catch the fault */
        access();
        _exit(0);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child)
        return -1;
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void fast_read_of_port_never_enabled(void)
{
    (void)portio_inb(0x2F8);
}

static void fast_read_of_enabled_port(void)
{
    (void)portio_inb(LPT);
}

static void fast_access_outside_the_ranges_faults(void **state)
{
    (void)state;
    assert_int_equal(signal_of_child(fast_read_of_enabled_port), 0);
    assert_int_equal(signal_of_child(fast_read_of_port_never_enabled), SIGSEGV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, enable_lpt_only)
        T(port_past_the_range_is_refused),
        T(access_reaching_past_the_range_is_refused),
        T(process_still_works_after_refusals),
        T(disabled_port_is_refused_without_fault),
        T(fast_access_outside_the_ranges_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
