/*
 * SPDX-License-Identifier: MIT
 *
 * In the QEMU guest: tests/sys_io/glibc_program.c, a program written for
 * glibc's <sys/io.h>, built unchanged twice: against portio's header
 * (sys_io_glibc_program) and against glibc's own (sys_io_glibc_reference,
 * glibc's inline in/out instructions). Each run is a process of its own.
 *   root  as root, PORTIO_BACKEND unset (portio's auto: direct): both
 *         print the same lines, and those are what this program reads
 *         itself through portio; port 0xE9 receives both programs' outsb
 *         (run_guest.sh --debugcon-expect)
 *   lp    with ppdev loaded (run_guest.sh --ppdev): glibc's build run as
 *         root gives the parallel port's lines; then, as uid 1000 in the
 *         group lp, portio's build gives the same through ppdev (less the
 *         control bits ppdev hides) and its iopl(3) fails with EPERM,
 *         where glibc's build is refused at its ioperm.
 */
#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest_programs.h"
#include "guest_support.h"

#define PORTIO_BUILD "sys_io_glibc_program"
#define GLIBC_BUILD "sys_io_glibc_reference"
#define PCI_ADDRESS 0xCF8
#define PCI_DATA 0xCFC
#define NORMAL_ID 1000
#define LP_GROUP_ID 7 /* "lp" in the guest's /etc/group */

static char reference_text[sizeof out_text];

/* ---- root ------------------------------------------------------------------- */

/* The lines glibc_program prints, from this program's own accesses through
 * portio's direct backend, in the program's order and format. */
static void read_what_the_program_reads(char *text, size_t size)
{
    static const uint8_t patterns[4] = {0x55, 0xAA, 0x00, 0xA5};
    static const uint8_t sent[4] = {0x11, 0x22, 0x33, 0x44};
    uint8_t received[4];
    size_t length = 0;
    assert_int_equal(portio_use_backend("direct"), PORTIO_OK);
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    assert_int_equal(portio_enable(PCI_ADDRESS, 8), PORTIO_OK);
#define APPEND(...) length += (size_t)snprintf(text + length, size - length, __VA_ARGS__)
    for (size_t i = 0; i < sizeof patterns; i++) {
        portio_outb(LPT, patterns[i]);
        APPEND("lpt data: wrote 0x%02x, read 0x%02x\n", patterns[i], portio_inb(LPT));
    }
    APPEND("lpt status: 0x%02x\n", portio_inb(LPT + 1));
    APPEND("lpt control: 0x%02x\n", portio_inb(LPT + 2));
    portio_outsb(LPT, sent, sizeof sent);
    portio_insb(LPT, received, sizeof received);
    APPEND("lpt outsb 11 22 33 44, insb: %02x %02x %02x %02x\n", received[0], received[1], received[2],
           received[3]);
    portio_outl(PCI_ADDRESS, 0x80000000u);
    uint32_t id = portio_inl(PCI_DATA);
    uint16_t vendor = portio_inw(PCI_DATA), device = portio_inw(PCI_DATA + 2);
    APPEND("pci 00:00.0 id: 0x%08x, vendor 0x%04x, device 0x%04x\n", id, vendor, device);
    portio_outl(PCI_ADDRESS, 0x8000003Cu);
    uint16_t saved = portio_inw(PCI_DATA);
    uint16_t wrote = (uint16_t)((saved & 0xFF00u) | 0x5Au);
    portio_outw(PCI_DATA, wrote);
    uint16_t line = portio_inw(PCI_DATA);
    portio_outw(PCI_DATA, saved);
    APPEND("pci 00:00.0 0x3c: wrote 0x%04x, read 0x%04x\n", wrote, line);
#undef APPEND
    assert_true(length < size);
    assert_int_equal(portio_disable(0, 0x10000), PORTIO_OK);
}

static void glibc_build_runs_as_root(void **state)
{
    (void)state;
    assert_int_equal(run(GLIBC_BUILD), 0);
    assert_string_equal(err_text, "");
    snprintf(reference_text, sizeof reference_text, "%s", out_text);
}

static void portio_build_prints_what_glibc_build_prints(void **state)
{
    (void)state;
    assert_int_equal(run(PORTIO_BUILD), 0);
    assert_string_equal(err_text, "");
    assert_string_equal(out_text, reference_text);
}

static void both_print_what_the_guest_reads_itself(void **state)
{
    (void)state;
    char own[sizeof out_text];
    read_what_the_program_reads(own, sizeof own);
    print_message("read through portio's direct backend:\n%s", own);
    assert_string_equal(reference_text, own);
    /* and what the test bed is known to give */
    assert_contains(own, "lpt data: wrote 0xa5, read 0xa5\n");
    assert_contains(own, "lpt status: 0xd9\n");
    assert_contains(own, "lpt control: 0xcc\n");
    assert_contains(own, "insb: 44 44 44 44\n");
    assert_contains(own, "id: 0x12378086, vendor 0x8086, device 0x1237\n");
    assert_contains(own, "wrote 0x005a, read 0x005a\n");
}

/* ---- lp: uid 1000 in lp, through ppdev ---------------------------------------- */

static struct {
    int status, error;
} drop;

static void drop_to_uid_1000_in_lp(void)
{
    const gid_t lp_group = LP_GROUP_ID;
    if (setgroups(1, &lp_group) != 0 || setresgid(NORMAL_ID, NORMAL_ID, NORMAL_ID) != 0 ||
        setresuid(NORMAL_ID, NORMAL_ID, NORMAL_ID) != 0) {
        drop.status = -1;
        drop.error = errno;
    }
}

/* The parallel port's lines of glibc's build, with the control line as
 * ppdev gives it: bits 0-3, the kernel's copy (include/portio.h). */
static void parallel_port_lines_through_ppdev(char *text, size_t size)
{
    size_t length = 0;
    for (const char *line = reference_text; *line && strncmp(line, "pci ", 4) != 0;) {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        unsigned control;
        if (sscanf(line, "lpt control: 0x%x", &control) == 1)
            length += (size_t)snprintf(text + length, size - length, "lpt control: 0x%02x\n", control & 0x0Fu);
        else
            length += (size_t)snprintf(text + length, size - length, "%.*s\n", (int)(end - line), line);
        line = end + 1;
    }
    assert_true(length < size);
}

static void portio_build_reaches_the_parallel_port_through_ppdev_and_iopl_fails_with_eperm(void **state)
{
    (void)state;
    if (drop.status != 0)
        fail_msg("dropping to uid 1000 failed: errno %d", drop.error);
    assert_int_equal(getuid(), NORMAL_ID);
    char expected[sizeof out_text];
    parallel_port_lines_through_ppdev(expected, sizeof expected);
    assert_int_equal(run(PORTIO_BUILD), 3);
    assert_string_equal(out_text, expected);
    assert_contains(out_text, "lpt data: wrote 0xa5, read 0xa5\n");
    assert_contains(out_text, "lpt status: 0xd8\n");
    assert_string_equal(err_text, "iopl(3): Operation not permitted\n");
}

static void glibc_build_is_refused_as_uid_1000(void **state)
{
    (void)state;
    assert_int_equal(run(GLIBC_BUILD), 1);
    assert_string_equal(out_text, "");
    assert_string_equal(err_text, "ioperm(0x378, 3, 1): Operation not permitted\n");
}

int main(int argc, char **argv)
{
    bool as_lp = argc == 2 && strcmp(argv[1], "lp") == 0;
    if (!as_lp && !(argc == 2 && strcmp(argv[1], "root") == 0)) {
        fprintf(stderr, "usage: guest_sys_io root|lp\n");
        return 2;
    }
    if (!as_lp) {
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(glibc_build_runs_as_root),
            cmocka_unit_test(portio_build_prints_what_glibc_build_prints),
            cmocka_unit_test(both_print_what_the_guest_reads_itself),
        };
        return cmocka_run_group_tests(tests, NULL, NULL) ? 1 : 0;
    }
    const struct CMUnitTest as_root[] = {
        cmocka_unit_test(glibc_build_runs_as_root),
    };
    int failed = cmocka_run_group_tests_name("root", as_root, NULL, NULL);
    drop_to_uid_1000_in_lp();
    const struct CMUnitTest as_user[] = {
        cmocka_unit_test(portio_build_reaches_the_parallel_port_through_ppdev_and_iopl_fails_with_eperm),
        cmocka_unit_test(glibc_build_is_refused_as_uid_1000),
    };
    failed += cmocka_run_group_tests_name("uid 1000 in lp", as_user, NULL, NULL);
    return failed ? 1 : 0;
}
