/* SPDX-License-Identifier: MIT */
/* In the QEMU guest with the kernel's parport, parport_pc and ppdev loaded
 * and /dev/parport0 root:lp 0660 (run_guest.sh --ppdev). Started as root,
 * which first reads the raw registers through the direct backend in a child
 * process; then the program drops to uid 1000 with no capability:
 *   access      member of lp: portio drives the port through ppdev, as do
 *               lpt_probe and the portio command; what ppdev cannot reach is
 *               refused with a message
 *   no_access   in no group: every refusal names /dev/parport0 and its group */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/parport.h>
#include <linux/ppdev.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_programs.h"
#include "guest_support.h"

#define NORMAL_ID 1000
#define LP_GROUP_ID 7 /* "lp" in the guest's /etc/group, as on Debian */
#define PARPORT0 "/dev/parport0"

/* Registers of the idle port as root reads them with the direct backend,
 * after parport_pc took the port (so in the state ppdev users see). */
static struct {
    uint8_t status, control;
    int error; /* nonzero: the child could not read them */
} raw;

/* The outcome of the drop, checked in the first test: cmocka's assertions
 * only report from inside a test. */
static struct {
    int status, error;
} drop;

static void read_raw_registers_as_root(void)
{
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
        raw.error = errno;
        return;
    }
    fflush(NULL);
    pid_t child = fork();
    if (child == 0) {
        /* A child, so that this process never held ioperm rights. */
        uint8_t values[2] = {0, 0};
        if (portio_use_backend("direct") != PORTIO_OK || portio_enable(LPT, 3) != PORTIO_OK) {
            fprintf(stderr, "direct: %s\n", portio_last_error());
            _exit(1);
        }
        values[0] = portio_inb(LPT + 1);
        values[1] = portio_inb(LPT + 2);
        _exit(write(pipe_fds[1], values, sizeof values) == (ssize_t)sizeof values ? 0 : 1);
    }
    close(pipe_fds[1]);
    uint8_t values[2];
    int wait_status = 0;
    if (read(pipe_fds[0], values, sizeof values) != (ssize_t)sizeof values)
        raw.error = -1;
    close(pipe_fds[0]);
    if (child < 0 || waitpid(child, &wait_status, 0) != child || !WIFEXITED(wait_status) ||
        WEXITSTATUS(wait_status) != 0)
        raw.error = -1;
    raw.status = values[0];
    raw.control = values[1];
}

static void drop_to_normal_user(bool in_lp_group)
{
    const gid_t lp_group = LP_GROUP_ID;
    /* Groups first: after setresuid the process may no longer change them. */
    if ((in_lp_group ? setgroups(1, &lp_group) : setgroups(0, NULL)) != 0 ||
        setresgid(NORMAL_ID, NORMAL_ID, NORMAL_ID) != 0 || setresuid(NORMAL_ID, NORMAL_ID, NORMAL_ID) != 0) {
        drop.status = -1;
        drop.error = errno;
    }
}

/* "CapEff:\t0000000000000000" and the like from /proc/self/status. */
static void assert_no_capability(void)
{
    FILE *status = fopen("/proc/self/status", "r");
    assert_non_null(status);
    char line[256];
    int capability_lines = 0;
    while (fgets(line, sizeof line, status)) {
        if (strncmp(line, "CapPrm:", 7) == 0 || strncmp(line, "CapEff:", 7) == 0 ||
            strncmp(line, "CapAmb:", 7) == 0) {
            assert_string_equal(line + 7, "\t0000000000000000\n");
            capability_lines++;
        }
    }
    fclose(status);
    assert_int_equal(capability_lines, 3);
}

static void process_is_uid_1000_without_capability(bool in_lp_group)
{
    if (drop.status != 0)
        fail_msg("dropping to uid 1000 failed: errno %d", drop.error);
    assert_int_equal(getuid(), NORMAL_ID);
    assert_int_equal(geteuid(), NORMAL_ID);
    assert_int_equal(getegid(), NORMAL_ID);
    gid_t groups[4];
    int group_count = getgroups(4, groups);
    assert_int_equal(group_count, in_lp_group ? 1 : 0);
    if (in_lp_group)
        assert_int_equal(groups[0], LP_GROUP_ID);
    assert_no_capability();
}

/* The message names the group as a word ("lp", not the "lp" of "help"). */
static void assert_names_lp_group(const char *text)
{
    for (const char *at = strstr(text, "lp"); at; at = strstr(at + 1, "lp")) {
        bool starts_word = at == text || !(at[-1] >= 'a' && at[-1] <= 'z') || at[-1] == '_';
        bool ends_word = !(at[2] >= 'a' && at[2] <= 'z') && at[2] != '_';
        if (starts_word && ends_word)
            return;
    }
    fail_msg("\"%s\" does not name the group lp", text);
}

/* ---- access: a member of lp --------------------------------------------- */

static void runs_as_uid_1000_in_lp_without_capability(void **state)
{
    (void)state;
    process_is_uid_1000_without_capability(true);
    if (raw.error)
        fail_msg("root could not read the registers through the direct backend");
    print_message("root, direct backend: status 0x%02X, control 0x%02X\n", raw.status, raw.control);
    /* QEMU's idle port with parport_pc loaded: its probe cleared status bit
     * 0 (EPP timeout), which QEMU sets at power-on (0xD9 without the driver). */
    assert_int_equal(raw.status, 0xD8);
    assert_int_equal(raw.control, 0xCC);
}

/* The bed itself, without portio: what ppdev answers this user. */
static void bare_ppdev_ioctls_answer(void **state)
{
    (void)state;
    int fd = open(PARPORT0, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        fail_msg("open %s: %s", PARPORT0, strerror(errno));
    assert_int_equal(ioctl(fd, PPCLAIM), 0);
    unsigned char status = 0, control = 0, data = 0x5A;
    assert_int_equal(ioctl(fd, PPWDATA, &data), 0);
    data = 0;
    assert_int_equal(ioctl(fd, PPRDATA, &data), 0);
    assert_int_equal(ioctl(fd, PPRSTATUS, &status), 0);
    assert_int_equal(ioctl(fd, PPRCONTROL, &control), 0);
    assert_int_equal(ioctl(fd, PPRELEASE), 0);
    close(fd);
    print_message("ppdev ioctls: data 0x%02X, status 0x%02X, control 0x%02X\n", data, status, control);
    assert_int_equal(data, 0x5A);
    assert_int_equal(status, 0xD8);
    assert_int_equal(control, 0x0C);
}

static int enable_lpt_through_auto(void **state)
{
    (void)state;
    if (portio_use_backend("auto") != PORTIO_OK || portio_enable(LPT, 3) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

static int disable_lpt(void **state)
{
    (void)state;
    /* Releases the claim: the programs run next claim the port themselves. */
    return portio_disable(LPT, 3) == PORTIO_OK ? 0 : -1;
}

static void auto_chose_ppdev(void **state)
{
    (void)state;
    assert_string_equal(portio_backend(), "ppdev");
}

/* What ppdev hides, compared with root's direct reads in this boot: status
 * is the live register, whole; control is the kernel's copy of bits 0-3
 * (strobe, autofeed, init, select), so bits 4-7 read 0. */
static void status_and_control_are_the_raw_registers_less_what_ppdev_hides(void **state)
{
    (void)state;
    uint8_t status = portio_inb(LPT + 1), control = portio_inb(LPT + 2);
    print_message("uid 1000, ppdev backend: status 0x%02X, control 0x%02X\n", status, control);
    assert_int_equal(status, raw.status);
    assert_int_equal(control, raw.control & 0x0F);
    assert_int_equal(checked_inb(LPT + 1), status);
    assert_int_equal(checked_inb(LPT + 2), control);
}

/* Control written through ppdev reads back in its four bits. */
static void control_written_reads_back(void **state)
{
    (void)state;
    portio_outb(LPT + 2, 0x0E); /* autofeed on */
    assert_int_equal(portio_inb(LPT + 2), 0x0E);
    assert_int_equal(portio_write(LPT + 2, 8, 0x0C), PORTIO_OK);
    assert_int_equal(checked_inb(LPT + 2), 0x0C);
}

static void wider_accesses_are_refused(void **state)
{
    (void)state;
    uint32_t value = 0x1234;
    assert_int_equal(portio_read(LPT, 16, &value), PORTIO_E_UNSUPPORTED);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains("16-bit");
    assert_int_equal(value, 0x1234);
    /* inside the enabled range, so the width is what is refused */
    assert_int_equal(portio_write(LPT + 1, 16, 0), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("16-bit write");
}

/* The message names the port, as 0x80 or 0x0080. */
static void assert_names_port(const char *text, const char *short_form, const char *long_form)
{
    if (!strstr(text, short_form) && !strstr(text, long_form))
        fail_msg("\"%s\" names neither %s nor %s", text, short_form, long_form);
}

/* Ports that are no parallel port's data, status or control. */
static void other_ports_are_refused_with_a_reason(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x80, 1), PORTIO_E_UNSUPPORTED);
    print_message("0x80: %s\n", portio_last_error());
    assert_names_port(portio_last_error(), "0x80", "0x0080");
    assert_last_error_contains("parallel port");
    assert_int_equal(portio_enable(0xCF8, 4), PORTIO_E_UNSUPPORTED);
    print_message("0xCF8: %s\n", portio_last_error());
    assert_names_port(portio_last_error(), "0xCF8", "0x0CF8");
    assert_last_error_contains("parallel port");
    /* the port with its EPP registers, as an EPP program enables it */
    assert_int_equal(portio_enable(LPT, 8), PORTIO_E_UNSUPPORTED);
    print_message("0x378-0x37F: %s\n", portio_last_error());
    assert_names_port(portio_last_error(), "0x37F", "0x037F");
    assert_last_error_contains("EPP");
    /* one EPP register alone */
    assert_int_equal(portio_enable(LPT + 3, 1), PORTIO_E_UNSUPPORTED);
    print_message("0x37B: %s\n", portio_last_error());
    assert_names_port(portio_last_error(), "0x37B", "0x037B");
    assert_last_error_contains("EPP registers of the parallel port");
    /* and the port still works */
    portio_outb(LPT, 0x3C);
    assert_int_equal(portio_inb(LPT), 0x3C);
}

/* ppdev has no request that writes the status register. */
static void status_write_is_refused(void **state)
{
    (void)state;
    assert_int_equal(portio_write(LPT + 1, 8, 0x00), PORTIO_E_UNSUPPORTED);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains("status register");
    assert_int_equal(portio_inb(LPT + 1), 0xD8);
}

/* ---- access: the programs, each claiming the port itself ----------------- */

static void lpt_probe_finds_the_port(void **state)
{
    (void)state;
    assert_int_equal(run("lpt_probe", "0x378"), 0);
    assert_string_equal(out_text, "Parallel port found at 0x378 (status 0xD8, control 0x0C)\n");
    assert_string_equal(err_text, "");
}

static void portio_command_reads_and_writes_the_port(void **state)
{
    (void)state;
    assert_int_equal(run("portio", "write", "0x378", "0xa5"), 0);
    assert_string_equal(err_text, "");
    assert_int_equal(run("portio", "read", "0x378"), 0);
    assert_string_equal(out_text, "0xa5\n");
    assert_int_equal(run("portio", "read", "0x379"), 0);
    assert_string_equal(out_text, "0xd8\n");
    assert_int_equal(run("portio", "dump", "0x378", "3"), 0);
    assert_string_equal(out_text, "0378: a5 d8 0c\n");
    assert_int_equal(run("portio", "read", "-w", "16", "0x378"), 1);
    assert_contains(err_text, "16-bit");
}

static void portio_command_is_refused_other_ports(void **state)
{
    (void)state;
    assert_int_equal(run("portio", "read", "0x80"), 1);
    assert_int_equal(strncmp(err_text, "portio: ", 8), 0);
    /* auto: no parallel port there, so the refusal is the one of the
     * backends that could reach it, which need root */
    assert_names_port(err_text, "0x80", "0x0080");
    assert_contains(err_text, "root");
    assert_int_equal(run("portio", "read", "-w", "32", "0xcf8"), 1);
    assert_names_port(err_text, "0xCF8", "0x0CF8");
    assert_contains(err_text, "root");
}

/* ---- no_access: in no group ---------------------------------------------- */

static void runs_as_uid_1000_in_no_group(void **state)
{
    (void)state;
    process_is_uid_1000_without_capability(false);
    errno = 0;
    assert_int_equal(open(PARPORT0, O_RDWR | O_CLOEXEC), -1);
    assert_int_equal(errno, EACCES);
}

static void auto_refusal_names_the_device_and_group(void **state)
{
    (void)state;
    use_backend("auto");
    assert_int_equal(portio_enable(LPT, 3), PORTIO_E_PERM);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains(PARPORT0);
    assert_names_lp_group(portio_last_error());
    assert_string_equal(portio_backend(), "auto");
}

static void ppdev_refusal_names_the_device_and_group(void **state)
{
    (void)state;
    use_backend("ppdev");
    assert_int_equal(portio_enable(LPT + 1, 1), PORTIO_E_PERM);
    print_message("%s\n", portio_last_error());
    assert_last_error_contains(PARPORT0);
    assert_names_lp_group(portio_last_error());
    use_backend("auto");
}

static void programs_name_the_device_and_group(void **state)
{
    (void)state;
    assert_int_equal(run("lpt_probe", "0x378"), 1);
    assert_string_equal(out_text, "");
    assert_contains(err_text, PARPORT0);
    assert_names_lp_group(err_text);
    assert_int_equal(run("portio", "read", "0x379"), 1);
    assert_contains(err_text, PARPORT0);
    assert_names_lp_group(err_text);
}

int main(int argc, char **argv)
{
    bool access = argc == 2 && strcmp(argv[1], "access") == 0;
    if (!access && !(argc == 2 && strcmp(argv[1], "no_access") == 0)) {
        fprintf(stderr, "usage: guest_ppdev access|no_access\n");
        return 2;
    }
    if (access)
        read_raw_registers_as_root();
    drop_to_normal_user(access);

    if (access) {
        const struct CMUnitTest first[] = {
            cmocka_unit_test(runs_as_uid_1000_in_lp_without_capability),
            cmocka_unit_test(bare_ppdev_ioctls_answer),
        };
        const struct CMUnitTest library[] = {
            cmocka_unit_test(auto_chose_ppdev),
            cmocka_unit_test(latch_reads_back_patterns_through_fast_path),
            cmocka_unit_test(latch_reads_back_patterns_through_checked_path),
            cmocka_unit_test(fast_and_checked_paths_see_the_same_latch),
            cmocka_unit_test(status_and_control_are_the_raw_registers_less_what_ppdev_hides),
            cmocka_unit_test(control_written_reads_back),
            cmocka_unit_test(wider_accesses_are_refused),
            cmocka_unit_test(other_ports_are_refused_with_a_reason),
            cmocka_unit_test(status_write_is_refused),
        };
        const struct CMUnitTest programs[] = {
            cmocka_unit_test(lpt_probe_finds_the_port),
            cmocka_unit_test(portio_command_reads_and_writes_the_port),
            cmocka_unit_test(portio_command_is_refused_other_ports),
        };
        int failed = cmocka_run_group_tests_name("bed", first, NULL, NULL);
        failed += cmocka_run_group_tests_name("library", library, enable_lpt_through_auto, disable_lpt);
        failed += cmocka_run_group_tests_name("programs", programs, NULL, NULL);
        return failed ? 1 : 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_as_uid_1000_in_no_group),
        cmocka_unit_test(auto_refusal_names_the_device_and_group),
        cmocka_unit_test(ppdev_refusal_names_the_device_and_group),
        cmocka_unit_test(programs_name_the_device_and_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
}
