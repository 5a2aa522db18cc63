/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, started as root but dropped to uid/gid 1000 before any
 * portio call: every backend refuses with PORTIO_E_PERM, the message says
 * what to do, and a failed enable leaves nothing enabled. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <unistd.h>

#include "guest_support.h"

#define NORMAL_ID 1000

/* What the drop in main returned (and errno after it), checked by the first
 * test: cmocka's assertions only report from inside a test. */
static struct {
    int setgroups, setgroups_errno;
    int setresgid, setresgid_errno;
    int setresuid, setresuid_errno;
} drop;

static void drop_to_normal_user(void)
{
    /* Groups first: after setresuid the process may no longer change them. */
    drop.setgroups = setgroups(0, NULL);
    drop.setgroups_errno = errno;
    drop.setresgid = setresgid(NORMAL_ID, NORMAL_ID, NORMAL_ID);
    drop.setresgid_errno = errno;
    drop.setresuid = setresuid(NORMAL_ID, NORMAL_ID, NORMAL_ID);
    drop.setresuid_errno = errno;
}

static void process_runs_as_normal_user(void **state)
{
    (void)state;
    if (drop.setgroups || drop.setresgid || drop.setresuid)
        print_error("setgroups errno %d, setresgid errno %d, setresuid errno %d\n",
                    drop.setgroups_errno, drop.setresgid_errno, drop.setresuid_errno);
    assert_int_equal(drop.setgroups, 0);
    assert_int_equal(drop.setresgid, 0);
    assert_int_equal(drop.setresuid, 0);
    assert_int_equal(getuid(), NORMAL_ID);
    assert_int_equal(geteuid(), NORMAL_ID);
    assert_int_equal(getgid(), NORMAL_ID);
    assert_int_equal(getegid(), NORMAL_ID);
    assert_int_equal(getgroups(0, NULL), 0);
}

static void auto_enable_is_refused_with_advice(void **state)
{
    (void)state;
    use_backend("auto");
    assert_int_equal(portio_enable(LPT, 3), PORTIO_E_PERM);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains("root");
    assert_last_error_contains("setcap cap_sys_rawio+ep");
    /* Nothing was chosen: the backend is still the one to be tried. */
    assert_string_equal(portio_backend(), "auto");
}

static void direct_enable_is_refused(void **state)
{
    (void)state;
    use_backend("direct");
    assert_int_equal(portio_enable(LPT, 3), PORTIO_E_PERM);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains("ioperm");
    assert_last_error_contains("root");
    assert_string_equal(portio_backend(), "direct");
}

/* /dev/port is not open to normal users: the kernel answers EACCES, which
 * must be told as a privilege problem like ioperm's EPERM. */
static void devport_enable_is_refused(void **state)
{
    (void)state;
    errno = 0;
    assert_int_equal(open("/dev/port", O_RDWR | O_CLOEXEC), -1);
    assert_int_equal(errno, EACCES);
    use_backend("devport");
    assert_int_equal(portio_enable(LPT, 3), PORTIO_E_PERM);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains("/dev/port");
    assert_last_error_contains("root");
    assert_string_equal(portio_backend(), "devport");
}

int main(void)
{
    drop_to_normal_user();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(process_runs_as_normal_user),
        cmocka_unit_test(auto_enable_is_refused_with_advice),
        cmocka_unit_test(direct_enable_is_refused),
        cmocka_unit_test(devport_enable_is_refused),
        cmocka_unit_test(checked_access_after_refusals_is_not_enabled),
        cmocka_unit_test(fast_read_after_refusals_reads_all_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
