/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, as root: the lpt_probe example (/portio/lpt_probe) run
 * as a user runs it, its output and exit status checked. The argument names
 * the machine the guest was booted as:
 *   at_0x378   the parallel port at 0x378 (run_guest.sh's default)
 *   at_0x278   the port moved to 0x278 (run_guest.sh --parallel-base 0x278)
 *   none       no parallel port (run_guest.sh --no-parallel)
 *   two_owners ports at 0x378 and 0x278 under the kernel's ppdev
 *              (run_guest.sh --ppdev --second-parallel 0x278); uid 1000 is
 *              given the device of 0x278, the one of 0x378 stays root's */
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest_support.h"

#define LPT_PROBE "/portio/lpt_probe"
#define NORMAL_ID 1000
#define OUT_FILE "/tmp/lpt_probe.out"
#define ERR_FILE "/tmp/lpt_probe.err"

/* QEMU's idle port reads status 0xD9 (the mock's 0xD8 plus bit 0). */
#define FOUND_AT_0x378 "Parallel port found at 0x378 (status 0xD9, control 0xCC)\n"
#define FOUND_AT_0x278 "Parallel port found at 0x278 (status 0xD9, control 0xCC)\n"
#define NONE_FOUND "No parallel port found\n"

struct probe_run {
    int exit_status; /* -1 when it did not exit normally */
    char out[4096];
    char err[4096];
};

static void read_file(const char *path, char *text, size_t size)
{
    FILE *file = fopen(path, "r");
    assert_non_null(file);
    size_t length = fread(text, 1, size - 1, file);
    text[length] = '\0';
    fclose(file);
}

/* The child's output goes to files rather than pipes: nothing can block.
 * With as_normal_user the child drops to uid/gid 1000 before the exec. */
static void run_lpt_probe(bool as_normal_user, char **argv, struct probe_run *run)
{
    int out = open(OUT_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(ERR_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(out >= 0 && err >= 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        if (dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0)
            _exit(126);
        if (as_normal_user && (setgroups(0, NULL) != 0 || setresgid(NORMAL_ID, NORMAL_ID, NORMAL_ID) != 0 ||
                               setresuid(NORMAL_ID, NORMAL_ID, NORMAL_ID) != 0))
            _exit(126);
        execv(LPT_PROBE, argv);
        _exit(127);
    }
    int wait_status = 0;
    assert_int_equal(waitpid(child, &wait_status, 0), child);
    close(out);
    close(err);
    run->exit_status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
    read_file(OUT_FILE, run->out, sizeof run->out);
    read_file(ERR_FILE, run->err, sizeof run->err);

    /* The console keeps what the program said, for the record. */
    print_message("$");
    for (char **word = argv; *word; word++)
        print_message(" %s", *word);
    print_message("%s\n%s%s[exit status %d]\n", as_normal_user ? "   (as uid 1000)" : "", run->out,
                  run->err, run->exit_status);
}

static void assert_run(const struct probe_run *run, int exit_status, const char *out, const char *err)
{
    assert_string_equal(run->out, out);
    assert_string_equal(run->err, err);
    assert_int_equal(run->exit_status, exit_status);
}

/* Writes each value to the data latch at base, probes, and reads it back.
 * 0x55 matters: a probe that forgot to restore would leave 0xAA. */
static void assert_probe_restores_latch(uint16_t base, char **argv)
{
    static const uint8_t values[] = {0x3C, 0x00, 0xFF, 0x55};
    for (size_t i = 0; i < sizeof values; i++) {
        portio_outb(base, values[i]);
        struct probe_run run;
        run_lpt_probe(false, argv, &run);
        assert_int_equal(run.exit_status, 0);
        assert_int_equal(portio_inb(base), values[i]);
    }
}

/* ---- at_0x378 ----------------------------------------------------------- */

static void default_bases_find_only_0x378(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, NULL};
    struct probe_run run;
    run_lpt_probe(false, argv, &run);
    assert_run(&run, 0, FOUND_AT_0x378, "");
}

static void given_bases_find_only_0x378(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, "0x278", "888", "0xD010", NULL}; /* 888 is 0x378 */
    struct probe_run run;
    run_lpt_probe(false, argv, &run);
    assert_run(&run, 0, FOUND_AT_0x378, "");
}

static void probe_restores_the_latch_at_0x378(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, NULL};
    assert_probe_restores_latch(0x378, argv);
}

static void normal_user_is_refused_and_nothing_printed(void **state)
{
    (void)state;
    portio_outb(0x378, 0x3C);
    char *argv[] = {LPT_PROBE, NULL};
    struct probe_run run;
    run_lpt_probe(true, argv, &run);
    assert_int_equal(run.exit_status, 1);
    assert_string_equal(run.out, "");
    assert_int_equal(strncmp(run.err, "lpt_probe: ", 11), 0);
    assert_contains(run.err, "setcap cap_sys_rawio+ep");
    assert_int_equal(portio_inb(0x378), 0x3C);
}

static void usage_error_exits_2(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, "0xFFFE", NULL};
    struct probe_run run;
    run_lpt_probe(false, argv, &run);
    assert_int_equal(run.exit_status, 2);
    assert_string_equal(run.out, "");
    assert_contains(run.err, "leaves no room");
}

static void simulate_reports_the_mock_not_the_hardware(void **state)
{
    (void)state;
    portio_outb(0x378, 0x3C);
    char *argv[] = {LPT_PROBE, "--simulate", NULL};
    struct probe_run run;
    run_lpt_probe(false, argv, &run);
    assert_run(&run, 0, "Parallel port found at 0x378 (status 0xD8, control 0xCC)\n", "");
    assert_int_equal(portio_inb(0x378), 0x3C);
}

/* ---- at_0x278 ----------------------------------------------------------- */

static int enable_lpt_at_0x278(void **state)
{
    (void)state;
    if (portio_enable(0x278, 3) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

static void given_base_0x278_finds_it(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, "0x278", NULL};
    struct probe_run run;
    run_lpt_probe(false, argv, &run);
    assert_run(&run, 0, FOUND_AT_0x278, "");
}

static void default_bases_find_only_0x278(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, NULL};
    struct probe_run run;
    run_lpt_probe(false, argv, &run);
    assert_run(&run, 0, FOUND_AT_0x278, "");
}

static void base_0x378_finds_nothing(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, "0x378", NULL};
    struct probe_run run;
    run_lpt_probe(false, argv, &run);
    assert_run(&run, 0, NONE_FOUND, "");
}

static void probe_restores_the_latch_at_0x278(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, "0x278", NULL};
    assert_probe_restores_latch(0x278, argv);
}

/* ---- none --------------------------------------------------------------- */

static void default_bases_find_nothing(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, NULL};
    struct probe_run run;
    run_lpt_probe(false, argv, &run);
    assert_run(&run, 0, NONE_FOUND, "");
}

static void given_bases_find_nothing(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, "0x378", "0x278", "0x3BC", "0xD010", NULL};
    struct probe_run run;
    run_lpt_probe(false, argv, &run);
    assert_run(&run, 0, NONE_FOUND, "");
}

/* ---- two_owners --------------------------------------------------------- */

/* Through ppdev: status after parport_pc's probe (bit 0 cleared), control
 * as the kernel's copy of bits 0-3. */
#define FOUND_AT_0x278_THROUGH_PPDEV "Parallel port found at 0x278 (status 0xD8, control 0x0C)\n"

/* The device of each port, by its base (the kernel's numbers follow no
 * rule the test may rely on). */
static char allowed_device[32]; /* 0x278's, given to uid 1000 */
static char refused_device[32]; /* 0x378's, root's alone */

/* /dev/parportN of the port whose base-addr starts with base, or false. */
static bool find_device(unsigned base, char *device, size_t size)
{
    for (unsigned number = 0; number < 8; number++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/sys/dev/parport/parport%u/base-addr", number);
        FILE *file = fopen(path, "r");
        if (!file)
            continue;
        unsigned found = 0;
        int fields = fscanf(file, "%u", &found);
        fclose(file);
        if (fields == 1 && found == base) {
            snprintf(device, size, "/dev/parport%u", number);
            return access(device, F_OK) == 0;
        }
    }
    return false;
}

static int give_uid_1000_one_port_of_two(void **state)
{
    (void)state;
    /* The nodes appear as ppdev attaches: up to 5 s, in 100 ms steps. */
    bool found = false;
    for (int tries = 0; tries < 50 && !found; tries++) {
        found = find_device(0x278, allowed_device, sizeof allowed_device) &&
                find_device(0x378, refused_device, sizeof refused_device);
        if (!found)
            nanosleep(&(struct timespec){.tv_nsec = 100 * 1000 * 1000}, NULL);
    }
    if (!found) {
        print_error("no /dev/parportN for 0x278 and 0x378 (is ppdev loaded? run_guest.sh --ppdev)\n");
        return -1;
    }
    if (chown(allowed_device, NORMAL_ID, NORMAL_ID) != 0 || chmod(allowed_device, 0600) != 0 ||
        chown(refused_device, 0, 0) != 0 || chmod(refused_device, 0600) != 0) {
        print_error("cannot set the owners of %s and %s\n", allowed_device, refused_device);
        return -1;
    }
    print_message("0x278: %s, uid 1000's; 0x378: %s, root's\n", allowed_device, refused_device);
    /* Root keeps both ports through direct, to see their latches. */
    if (portio_enable(0x278, 3) != PORTIO_OK || portio_enable(0x378, 3) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

/* "lpt_probe: cannot probe 0x378: opening /dev/parportN (the ppdev backend,
 * for ports 0x0378-0x037A) was refused", followed by who owns it. */
static void assert_refusal_of_0x378(const char *line)
{
    char expected[160];
    snprintf(expected, sizeof expected,
             "lpt_probe: cannot probe 0x378: opening %s (the ppdev backend, for ports "
             "0x0378-0x037A) was refused: it belongs to root",
             refused_device);
    assert_int_equal(strncmp(line, expected, strlen(expected)), 0);
}

static size_t count_lines(const char *text)
{
    size_t lines = 0;
    for (const char *at = strchr(text, '\n'); at; at = strchr(at + 1, '\n'))
        lines++;
    return lines;
}

static void named_bases_report_the_allowed_port_and_the_refused_one(void **state)
{
    (void)state;
    portio_outb(0x378, 0x3C);
    portio_outb(0x278, 0x5A);
    char *argv[] = {LPT_PROBE, "--backend", "ppdev", "0x378", "0x278", NULL};
    struct probe_run run;
    run_lpt_probe(true, argv, &run);
    assert_int_equal(run.exit_status, 3);
    assert_string_equal(run.out, FOUND_AT_0x278_THROUGH_PPDEV);
    assert_refusal_of_0x378(run.err);
    assert_int_equal(count_lines(run.err), 1);
    /* the refused port untouched, the probed one restored */
    assert_int_equal(portio_inb(0x378), 0x3C);
    assert_int_equal(portio_inb(0x278), 0x5A);
}

/* 0x3BC is no port the kernel knows: refused too, with ppdev's reason. */
static void usual_bases_name_each_refused_base(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, "--backend", "ppdev", NULL};
    struct probe_run run;
    run_lpt_probe(true, argv, &run);
    assert_int_equal(run.exit_status, 3);
    assert_string_equal(run.out, FOUND_AT_0x278_THROUGH_PPDEV);
    assert_refusal_of_0x378(run.err);
    assert_contains(run.err, "\nlpt_probe: cannot probe 0x3BC: ports 0x03BC-0x03BE are not registers "
                             "of a parallel port the kernel knows");
    assert_int_equal(count_lines(run.err), 2);
}

/* What a user types: auto is refused every way to 0x378 and reaches 0x278
 * through ppdev. */
static void auto_reports_the_allowed_port(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, "0x378", "0x278", NULL};
    struct probe_run run;
    run_lpt_probe(true, argv, &run);
    assert_int_equal(run.exit_status, 3);
    assert_string_equal(run.out, FOUND_AT_0x278_THROUGH_PPDEV);
    assert_int_equal(strncmp(run.err, "lpt_probe: cannot probe 0x378: ", 31), 0);
    assert_contains(run.err, refused_device);
    assert_int_equal(count_lines(run.err), 1);
}

static void only_the_refused_base_exits_1_and_prints_nothing(void **state)
{
    (void)state;
    char *argv[] = {LPT_PROBE, "--backend", "ppdev", "0x378", NULL};
    struct probe_run run;
    run_lpt_probe(true, argv, &run);
    assert_int_equal(run.exit_status, 1);
    assert_string_equal(run.out, "");
    assert_refusal_of_0x378(run.err);
    assert_int_equal(count_lines(run.err), 1);
}

int main(int argc, char **argv)
{
    const char *machine = argc > 1 ? argv[1] : "";
    if (strcmp(machine, "at_0x378") == 0) {
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(default_bases_find_only_0x378),
            cmocka_unit_test(given_bases_find_only_0x378),
            cmocka_unit_test(probe_restores_the_latch_at_0x378),
            cmocka_unit_test(normal_user_is_refused_and_nothing_printed),
            cmocka_unit_test(usage_error_exits_2),
            cmocka_unit_test(simulate_reports_the_mock_not_the_hardware),
        };
        return cmocka_run_group_tests_name("lpt_probe at_0x378", tests, enable_lpt, NULL);
    }
    if (strcmp(machine, "at_0x278") == 0) {
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(given_base_0x278_finds_it),
            cmocka_unit_test(default_bases_find_only_0x278),
            cmocka_unit_test(base_0x378_finds_nothing),
            cmocka_unit_test(probe_restores_the_latch_at_0x278),
        };
        return cmocka_run_group_tests_name("lpt_probe at_0x278", tests, enable_lpt_at_0x278, NULL);
    }
    if (strcmp(machine, "none") == 0) {
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(default_bases_find_nothing),
            cmocka_unit_test(given_bases_find_nothing),
        };
        return cmocka_run_group_tests_name("lpt_probe none", tests, NULL, NULL);
    }
    if (strcmp(machine, "two_owners") == 0) {
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(named_bases_report_the_allowed_port_and_the_refused_one),
            cmocka_unit_test(usual_bases_name_each_refused_base),
            cmocka_unit_test(auto_reports_the_allowed_port),
            cmocka_unit_test(only_the_refused_base_exits_1_and_prints_nothing),
        };
        return cmocka_run_group_tests_name("lpt_probe two_owners", tests, give_uid_1000_one_port_of_two,
                                           NULL);
    }
    fprintf(stderr, "usage: guest_lpt_probe at_0x378|at_0x278|none|two_owners\n");
    return 2;
}
