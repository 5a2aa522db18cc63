/* SPDX-License-Identifier: MIT
 * The lpt_probe example on the fake Linux's ppdev: two parallel ports of
 * which the user may open only one (/dev/parport0 at 0x278 opens,
 * /dev/parport1 at 0x378 belongs to root). Each refused base is named with
 * the library's reason, the port allowed is still reported, and the exit
 * status says that some bases were refused. */
#include <errno.h>
#include <stdio.h>

#include "fake_linux_system.h"
#include "lpt_probe.h"
#include "example_test_support.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof((argv)[0])))

#define FOUND_AT_0x278 "Parallel port found at 0x278 (status 0xD8, control 0x0C)\n"
/* The start of the ppdev backend's refusal for the device of root. */
#define PARPORT1_REFUSED                                                                        \
    "lpt_probe: cannot probe 0x378: opening /dev/parport1 (the ppdev backend, for ports "       \
    "0x0378-0x037A) was refused: it belongs to root and group 'root' (gid 0), mode 0600, so " \
    "only root may open it"

/* parport0 at 0x278 the user may open; parport1 at 0x378 refuses with
 * EACCES. The fake's devices all stat as root:root 0600, as the kernel
 * makes them; the one at 0x278 opens because the user was given it. */
static int two_ports_one_allowed(void **state)
{
    (void)state;
    fake_linux_install();
    fake.parport_gid = 0;
    fake.parport_mode = 0600;
    fake.parports[0].base_addr = "632\t0\n";
    fake.parports[0].status = 0xD8;
    fake.parports[0].control = 0x0C;
    fake.parports[0].data = 0x3C;
    fake.parports[1].base_addr = "888\t0\n";
    fake.parports[1].status = 0xD8;
    fake.parports[1].control = 0x0C;
    fake.parports[1].open_errno = EACCES;
    /* Without root: no ioperm, no /dev/port. */
    fake.ioperm_errno = EPERM;
    fake.iopl_errno = EPERM;
    fake.open_errno = EACCES;
    return 0;
}

struct captured {
    int exit_status;
    char out[4096];
    char err[8192];
};

/* The command line as the user types it; /proc/ioports is not read (the
 * host's would say nothing about the fake machine). */
static void run_command_line(int argc, char **argv, struct captured *result)
{
    struct lpt_probe_options options;
    assert_int_equal(lpt_probe_parse_arguments(argc, argv, &options, stdout), LPT_PROBE_EXIT_OK);
    options.ioports_path = NULL;
    FILE *out = temporary_stream(), *err = temporary_stream();
    result->exit_status = lpt_probe_execute(&options, out, err);
    read_text_back(out, result->out, sizeof result->out);
    read_text_back(err, result->err, sizeof result->err);
}

static size_t count_lines(const char *text)
{
    size_t lines = 0;
    for (const char *at = strchr(text, '\n'); at; at = strchr(at + 1, '\n'))
        lines++;
    return lines;
}

static void assert_starts_with(const char *text, const char *prefix)
{
    if (strncmp(text, prefix, strlen(prefix)) != 0)
        fail_msg("\"%s\" does not start with \"%s\"", text, prefix);
}

/* Both ports given back: nothing stays claimed after the probe. */
static void assert_nothing_claimed(void)
{
    assert_false(fake.parports[0].claimed);
    assert_false(fake.parports[1].claimed);
}

static void named_bases_report_the_allowed_port_and_the_refused_one(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--backend", "ppdev", "0x378", "0x278"};
    struct captured result;
    run_command_line(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_SOME_REFUSED);
    assert_string_equal(result.out, FOUND_AT_0x278);
    assert_starts_with(result.err, PARPORT1_REFUSED);
    assert_int_equal(count_lines(result.err), 1);
    /* the data latch of the port allowed went back to what it held */
    assert_int_equal(fake.parports[0].data, 0x3C);
    assert_nothing_claimed();
}

/* 0x3BC is no port the kernel knows: refused too, with ppdev's reason. */
static void usual_bases_name_each_refused_base(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--backend", "ppdev"};
    struct captured result;
    run_command_line(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_SOME_REFUSED);
    assert_string_equal(result.out, FOUND_AT_0x278);
    assert_starts_with(result.err, PARPORT1_REFUSED);
    assert_contains(result.err, "\nlpt_probe: cannot probe 0x3BC: ports 0x03BC-0x03BE are not "
                                "registers of a parallel port the kernel knows");
    assert_int_equal(count_lines(result.err), 2);
    assert_nothing_claimed();
}

/* What a user runs: auto finds every way to 0x378 refused, and reaches
 * 0x278 through ppdev. */
static void auto_reports_the_allowed_port(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "0x378", "0x278"};
    struct captured result;
    run_command_line(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_SOME_REFUSED);
    assert_string_equal(result.out, FOUND_AT_0x278);
    assert_starts_with(result.err, "lpt_probe: cannot probe 0x378: ");
    assert_contains(result.err, "/dev/parport1");
    assert_int_equal(count_lines(result.err), 1);
    assert_string_equal(portio_backend(), "ppdev");
    assert_nothing_claimed();
}

static void only_the_refused_base_exits_1_and_prints_nothing(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--backend", "ppdev", "888"};
    struct captured result;
    run_command_line(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_REFUSED);
    assert_string_equal(result.out, "");
    assert_starts_with(result.err, PARPORT1_REFUSED);
    assert_int_equal(count_lines(result.err), 1);
}

/* A kernel without port access and without parallel ports: the reason
 * names no base, and is written once. */
static void a_reason_that_names_no_base_is_written_once(void **state)
{
    (void)state;
    fake.ioperm_errno = ENOSYS;
    fake.open_errno = ENOENT;
    fake.parports[0].base_addr = NULL;
    fake.parports[1].base_addr = NULL;
    char *argv[] = {"lpt_probe"};
    struct captured result;
    run_command_line(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_REFUSED);
    assert_string_equal(result.out, "");
    assert_int_not_equal(portio_enable(0x3BC, 3), PORTIO_OK);
    char expected[2048];
    snprintf(expected, sizeof expected,
             "lpt_probe: cannot probe 0x378: %s\n"
             "lpt_probe: cannot probe 0x278: the same reason as for 0x378\n"
             "lpt_probe: cannot probe 0x3BC: the same reason as for 0x378\n",
             portio_last_error());
    assert_string_equal(result.err, expected);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup(name, two_ports_one_allowed)
    const struct CMUnitTest tests[] = {
        T(named_bases_report_the_allowed_port_and_the_refused_one),
        T(usual_bases_name_each_refused_base),
        T(auto_reports_the_allowed_port),
        T(only_the_refused_base_exits_1_and_prints_nothing),
        T(a_reason_that_names_no_base_is_written_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
