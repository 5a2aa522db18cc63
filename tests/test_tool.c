/* SPDX-License-Identifier: MIT */
/* The portio command (tools/): number parsing, each command's output and
 * exit status, run in-process on the mock backend with device models, and
 * the /proc/ioports reader on sample files. */
#include "test_support.h"

#include <stdio.h>

#include "commands.h"
#include "driver_settings.h"
#ifdef _WIN32
#include "driver_service.h"
#endif
#include "ioports.h"
#include "numbers.h"

/* ------------------------------------------------------------------
 * Running the command in-process, its output captured with tmpfile().
 * ------------------------------------------------------------------ */

static char out_text[16384];
static char err_text[4096];
static FILE *out_file;
static FILE *err_file;

static void capture_begin(void)
{
    out_file = tmpfile();
    err_file = tmpfile();
    assert_non_null(out_file);
    assert_non_null(err_file);
}

static void read_back(FILE *file, char *text, size_t size)
{
    rewind(file);
    size_t length = fread(text, 1, size - 1, file);
    text[length] = '\0';
    fclose(file);
}

static void capture_end(void)
{
    read_back(out_file, out_text, sizeof out_text);
    read_back(err_file, err_text, sizeof err_text);
}

/* Runs "portio WORDS" (split at spaces) and returns its exit status; what
 * it printed is in out_text and err_text. */
static int run(const char *words)
{
    static char program[] = "portio";
    char line[256];
    char *argv[16] = {program};
    int argc = 1;
    assert_true(strlen(words) < sizeof line);
    strcpy(line, words);
    for (char *word = strtok(line, " "); word; word = strtok(NULL, " ")) {
        assert_true(argc < 16);
        argv[argc++] = word;
    }
    capture_begin();
    int status = portio_tool_main(argc, argv, out_file, err_file);
    capture_end();
    return status;
}

/* ------------------------------------------------------------------
 * Device models on the mock.
 * ------------------------------------------------------------------ */

/* A read-only 32-bit register at 0xCFC..0xCFF that holds 0x12378086, as
 * the i440FX host bridge answers: narrower reads see its bytes. */
#define REGISTER_PORT 0xCFC
#define REGISTER_VALUE 0x12378086u

static uint32_t register_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    (void)width_bits;
    return REGISTER_VALUE >> (8 * (port - REGISTER_PORT));
}

static void attach_register(void)
{
    assert_int_equal(portio_mock_attach(REGISTER_PORT, 4, register_read, NULL, NULL), PORTIO_OK);
}

static portio_mock_lpt *attach_lpt(void)
{
    portio_mock_lpt *lpt = NULL;
    assert_int_equal(portio_mock_add_lpt(0x378, &lpt), PORTIO_OK);
    return lpt;
}

static size_t logged_accesses(void)
{
    return portio_mock_log(NULL, 0);
}

static portio_mock_access logged_access(size_t index)
{
    portio_mock_access log[64];
    size_t count = portio_mock_log(log, 64);
    assert_true(index < count && index < 64);
    return log[index];
}

/* ------------------------------------------------------------------
 * Numbers and widths.
 * ------------------------------------------------------------------ */

static uint32_t number_ok(const char *text, uint32_t max)
{
    uint32_t value = 0xDEADBEEFu;
    assert_int_equal(parse_number(text, max, &value), NUMBER_OK);
    return value;
}

static void parse_number_reads_hex_after_0x(void **state)
{
    (void)state;
    assert_int_equal(number_ok("0x378", 0xFFFF), 0x378);
    assert_int_equal(number_ok("0X37a", 0xFFFF), 0x37A);
    assert_int_equal(number_ok("0xCF8", 0xFFFF), 0xCF8);
    assert_int_equal(number_ok("0x0", 0xFFFF), 0);
    assert_int_equal(number_ok("0x0000ffff", 0xFFFF), 0xFFFF);
    assert_int_equal(number_ok("0xffffffff", 0xFFFFFFFFu), 0xFFFFFFFFu);
}

static void parse_number_reads_decimal(void **state)
{
    (void)state;
    assert_int_equal(number_ok("888", 0xFFFF), 888);
    assert_int_equal(number_ok("0", 0xFFFF), 0);
    assert_int_equal(number_ok("00", 0xFFFF), 0);
    assert_int_equal(number_ok("65535", 0xFFFF), 65535);
    assert_int_equal(number_ok("4294967295", 0xFFFFFFFFu), 0xFFFFFFFFu);
}

static void parse_number_refuses_text_that_is_no_number(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "0x", "x10", "abc", "1.5", " 1", "1 ", "+1", "0x+1",
                                      "0b101", "1e3", "\xd9\xa3"};
    uint32_t value = 7;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse_number(bad[i], 0xFFFFFFFFu, &value) != NUMBER_NOT_A_NUMBER)
            fail_msg("\"%s\" was taken for a number", bad[i]);
    }
    assert_int_equal(parse_number(NULL, 0xFFFF, &value), NUMBER_NOT_A_NUMBER);
    assert_int_equal(value, 7);
}

static void parse_number_refuses_trailing_garbage(void **state)
{
    (void)state;
    uint32_t value = 7;
    assert_int_equal(parse_number("12abc", 0xFFFF, &value), NUMBER_NOT_A_NUMBER);
    assert_int_equal(parse_number("0x378h", 0xFFFF, &value), NUMBER_NOT_A_NUMBER);
    assert_int_equal(parse_number("0x1g", 0xFFFF, &value), NUMBER_NOT_A_NUMBER);
    assert_int_equal(parse_number("888\n", 0xFFFF, &value), NUMBER_NOT_A_NUMBER);
    /* bad even when the digits before it overflow */
    assert_int_equal(parse_number("99999999999999999999x", 0xFFFFFFFFu, &value),
                     NUMBER_NOT_A_NUMBER);
    assert_int_equal(value, 7);
}

static void parse_number_refuses_negative_numbers(void **state)
{
    (void)state;
    uint32_t value = 7;
    assert_int_equal(parse_number("-1", 0xFFFFFFFFu, &value), NUMBER_NOT_A_NUMBER);
    assert_int_equal(parse_number("-0x1", 0xFFFFFFFFu, &value), NUMBER_NOT_A_NUMBER);
    assert_int_equal(parse_number("0x-1", 0xFFFFFFFFu, &value), NUMBER_NOT_A_NUMBER);
    assert_int_equal(value, 7);
}

static void parse_number_refuses_values_above_max_without_wrapping(void **state)
{
    (void)state;
    uint32_t value = 7;
    assert_int_equal(parse_number("0x10000", 0xFFFF, &value), NUMBER_TOO_LARGE);
    assert_int_equal(parse_number("65536", 0xFFFF, &value), NUMBER_TOO_LARGE);
    assert_int_equal(parse_number("0x100", 0xFF, &value), NUMBER_TOO_LARGE);
    /* past 32 bits: 2^32 would wrap to 0, 2^64 + 1 to 1 in 64 bits */
    assert_int_equal(parse_number("4294967296", 0xFFFFFFFFu, &value), NUMBER_TOO_LARGE);
    assert_int_equal(parse_number("0x100000000", 0xFFFFFFFFu, &value), NUMBER_TOO_LARGE);
    assert_int_equal(parse_number("18446744073709551617", 0xFFFFFFFFu, &value), NUMBER_TOO_LARGE);
    assert_int_equal(parse_number("0x10000000000000001", 0xFFFFFFFFu, &value), NUMBER_TOO_LARGE);
    assert_int_equal(value, 7);
}

/* /proc/ioports prints "0378" meaning hex: as decimal it would be 0x17A. */
static void parse_number_refuses_decimal_with_leading_zero(void **state)
{
    (void)state;
    uint32_t value = 7;
    assert_int_equal(parse_number("0378", 0xFFFF, &value), NUMBER_AMBIGUOUS);
    assert_int_equal(parse_number("010", 0xFFFF, &value), NUMBER_AMBIGUOUS);
    assert_int_equal(value, 7);
}

static void parse_width_accepts_8_16_32(void **state)
{
    (void)state;
    unsigned bits = 0;
    assert_int_equal(parse_width("8", &bits), 0);
    assert_int_equal(bits, 8);
    assert_int_equal(parse_width("16", &bits), 0);
    assert_int_equal(bits, 16);
    assert_int_equal(parse_width("32", &bits), 0);
    assert_int_equal(bits, 32);
}

static void parse_width_refuses_other_widths(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "0", "1", "4", "12", "24", "64", "08", "0x10", "16bit",
                                      "-8", "b"};
    unsigned bits = 5;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse_width(bad[i], &bits) != -1)
            fail_msg("\"%s\" was taken for a width", bad[i]);
    }
    assert_int_equal(parse_width(NULL, &bits), -1);
    assert_int_equal(bits, 5);
}

/* ------------------------------------------------------------------
 * read, write, dump.
 * ------------------------------------------------------------------ */

static void read_prints_two_digits_at_8_bits(void **state)
{
    (void)state;
    attach_register();
    assert_int_equal(run("--backend mock read 0xcfc"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x86\n");
    assert_string_equal(err_text, "");
    assert_int_equal(run("--backend mock read -w 8 0xcfd"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x80\n");
}

static void read_prints_four_digits_at_16_bits(void **state)
{
    (void)state;
    attach_register();
    assert_int_equal(run("--backend mock read -w 16 0xcfc"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x8086\n");
    assert_int_equal(run("--backend mock read --width 16 0xcfe"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x1237\n");
}

static void read_prints_eight_digits_at_32_bits(void **state)
{
    (void)state;
    attach_register();
    assert_int_equal(run("--backend mock read -w 32 0xcfc"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x12378086\n");
    /* the width may also follow the port; the port may be decimal */
    assert_int_equal(run("--backend mock read 3324 -w 32"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x12378086\n");
}

/* A register at 0x80 that reads 5 at any width. */
static uint32_t five_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    (void)port;
    (void)width_bits;
    return 5;
}

static void read_pads_small_values_with_zeros(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(0x80, 4, five_read, NULL, NULL), PORTIO_OK);
    assert_int_equal(run("--backend mock read 0x80"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x05\n");
    assert_int_equal(run("--backend mock read -w 16 0x80"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x0005\n");
    assert_int_equal(run("--backend mock read -w 32 0x80"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x00000005\n");
    assert_int_equal(run("--backend mock read -w 16 0x300"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0xffff\n"); /* nothing there: a floating bus */
}

static void write_then_read_back_through_the_lpt_latch(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = attach_lpt();
    assert_int_equal(run("--backend mock write 0x378 0x5a"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "");
    assert_string_equal(err_text, "");
    assert_int_equal(portio_mock_lpt_data(lpt), 0x5A);
    assert_int_equal(run("--backend mock read 0x378"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0x5a\n");
    assert_int_equal(run("--backend mock write 888 165"), TOOL_EXIT_OK);
    assert_int_equal(portio_mock_lpt_data(lpt), 0xA5);
}

static void write_makes_one_access_of_the_given_width(void **state)
{
    (void)state;
    assert_int_equal(run("--backend mock write -w 32 0xcf8 0x80000000"), TOOL_EXIT_OK);
    assert_int_equal(run("--backend mock write -w 16 0x80 0xbeef"), TOOL_EXIT_OK);
    assert_int_equal(logged_accesses(), 2);
    portio_mock_access first = logged_access(0), second = logged_access(1);
    assert_int_equal(first.port, 0xCF8);
    assert_int_equal(first.width_bits, 32);
    assert_int_equal(first.direction, PORTIO_MOCK_WRITE);
    assert_int_equal(first.value, 0x80000000u);
    assert_int_equal(second.port, 0x80);
    assert_int_equal(second.width_bits, 16);
    assert_int_equal(second.value, 0xBEEF);
}

static void read_makes_one_access_of_the_given_width(void **state)
{
    (void)state;
    assert_int_equal(run("--backend mock read -w 16 0x379"), TOOL_EXIT_OK);
    assert_int_equal(logged_accesses(), 1);
    portio_mock_access access = logged_access(0);
    assert_int_equal(access.port, 0x379);
    assert_int_equal(access.width_bits, 16);
    assert_int_equal(access.direction, PORTIO_MOCK_READ);
}

static void write_refuses_values_too_wide_for_the_width(void **state)
{
    (void)state;
    assert_int_equal(run("--backend mock write 0x378 0x100"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "does not fit in 8 bits");
    assert_int_equal(run("--backend mock write -w 16 0x378 0x10000"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "does not fit in 16 bits");
    assert_int_equal(run("--backend mock write -w 32 0x378 0x100000000"), TOOL_EXIT_USAGE);
    assert_int_equal(run("--backend mock write 0x378 256"), TOOL_EXIT_USAGE);
    assert_string_equal(out_text, "");
    /* nothing was written, not even a cut-down value */
    assert_int_equal(logged_accesses(), 0);
}

static void accesses_past_0xffff_are_usage_errors(void **state)
{
    (void)state;
    assert_int_equal(run("--backend mock read -w 16 0xffff"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "reaches past port 0xffff");
    assert_int_equal(run("--backend mock read -w 32 0xfffd"), TOOL_EXIT_USAGE);
    assert_int_equal(run("--backend mock write -w 32 0xfffe 0"), TOOL_EXIT_USAGE);
    assert_int_equal(run("--backend mock read 0x10000"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "too large");
    assert_int_equal(logged_accesses(), 0);
    /* the last ports themselves are fine */
    assert_int_equal(run("--backend mock read -w 32 0xfffc"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0xffffffff\n");
    assert_int_equal(run("--backend mock read 0xffff"), TOOL_EXIT_OK);
}

static void bad_numbers_are_usage_errors(void **state)
{
    (void)state;
    assert_int_equal(run("--backend mock read 0x37g"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "\"0x37g\" is not a number");
    assert_int_equal(run("--backend mock read 0378"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "write 0x378 for hex or 378 for decimal");
    assert_int_equal(run("--backend mock write 0x378 -1"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "never negative");
    assert_int_equal(run("--backend mock write 0x378 ff"), TOOL_EXIT_USAGE);
    assert_int_equal(run("--backend mock dump 0x378 three"), TOOL_EXIT_USAGE);
    assert_string_equal(out_text, "");
    assert_int_equal(logged_accesses(), 0);
}

static void bad_widths_are_usage_errors(void **state)
{
    (void)state;
    assert_int_equal(run("--backend mock read -w 12 0x378"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "8, 16 or 32");
    assert_int_equal(run("--backend mock read 0x378 -w"), TOOL_EXIT_USAGE);
    assert_int_equal(run("--backend mock write -w 64 0x378 0"), TOOL_EXIT_USAGE);
    /* dump reads bytes only */
    assert_int_equal(run("--backend mock dump -w 16 0x378 2"), TOOL_EXIT_USAGE);
}

static void missing_and_extra_arguments_are_usage_errors(void **state)
{
    (void)state;
    assert_int_equal(run("--backend mock read"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "usage: portio read [-w 8|16|32] PORT");
    assert_int_equal(run("--backend mock read 0x378 0x379"), TOOL_EXIT_USAGE);
    assert_int_equal(run("--backend mock write 0x378"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "usage: portio write [-w 8|16|32] PORT VALUE");
    assert_int_equal(run("--backend mock dump 0x378"), TOOL_EXIT_USAGE);
    assert_int_equal(run("--backend mock read -x 0x378"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "\"-x\"");
    assert_int_equal(logged_accesses(), 0);
}

static void dump_prints_16_ports_a_line_led_by_the_address(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = attach_lpt();
    portio_mock_lpt_set_status(lpt, 0xD9);
    assert_int_equal(run("--backend mock write 0x378 0x5a"), TOOL_EXIT_OK);
    assert_int_equal(run("--backend mock dump 0x378 3"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0378: 5a d9 cc\n");
    assert_string_equal(err_text, "");
    assert_int_equal(run("--backend mock dump 0x370 20"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0370: ff ff ff ff ff ff ff ff 5a d9 cc ff ff ff ff ff\n"
                                  "0380: ff ff ff ff\n");
    assert_int_equal(run("--backend mock dump 0xfff0 16"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "fff0: ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff\n");
}

static void dump_reads_each_port_once_at_8_bits(void **state)
{
    (void)state;
    (void)attach_lpt();
    assert_int_equal(run("--backend mock dump 0x378 3"), TOOL_EXIT_OK);
    assert_int_equal(logged_accesses(), 3);
    for (size_t i = 0; i < 3; i++) {
        portio_mock_access access = logged_access(i);
        assert_int_equal(access.port, 0x378 + i);
        assert_int_equal(access.width_bits, 8);
        assert_int_equal(access.direction, PORTIO_MOCK_READ);
    }
}

static void dump_refuses_count_zero_and_ranges_past_0xffff(void **state)
{
    (void)state;
    assert_int_equal(run("--backend mock dump 0x378 0"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "at least 1");
    assert_int_equal(run("--backend mock dump 0xfff0 17"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "reach past port 0xffff");
    assert_int_equal(run("--backend mock dump 0 0x10001"), TOOL_EXIT_USAGE);
    assert_int_equal(run("--backend mock dump 0x10000 1"), TOOL_EXIT_USAGE);
    assert_string_equal(out_text, "");
    assert_int_equal(logged_accesses(), 0);
}

/* Least privilege: what a command enabled is given back when it is done. */
static void commands_give_back_the_ports_they_enabled(void **state)
{
    (void)state;
    uint32_t value;
    assert_int_equal(run("--backend mock read -w 32 0xcfc"), TOOL_EXIT_OK);
    assert_int_equal(run("--backend mock write 0x378 1"), TOOL_EXIT_OK);
    assert_int_equal(run("--backend mock dump 0x70 2"), TOOL_EXIT_OK);
    assert_int_equal(portio_read(0xCFC, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(0x71, 8, &value), PORTIO_E_NOT_ENABLED);
    /* so another backend may be chosen afterwards */
    assert_int_equal(portio_use_backend("auto"), PORTIO_OK);
}

/* devport does no 16-bit accesses, and this host may have no /dev/port at
 * all: either way the system refuses, on every machine. */
static void refused_access_exits_1_with_the_library_message(void **state)
{
    (void)state;
    assert_int_equal(run("--backend devport read -w 16 0x80"), TOOL_EXIT_FAILED);
    assert_string_equal(out_text, "");
    char expected[1024];
    snprintf(expected, sizeof expected, "portio: %s\n", portio_last_error());
    assert_string_equal(err_text, expected);
    assert_true(strlen(err_text) > strlen("portio: \n") + 20);
}

/* ------------------------------------------------------------------
 * Global options and commands.
 * ------------------------------------------------------------------ */

static void backend_option_chooses_the_backend(void **state)
{
    (void)state;
    (void)attach_lpt();
    assert_int_equal(portio_use_backend("auto"), PORTIO_OK);
    assert_int_equal(run("--backend mock read 0x37a"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0xcc\n"); /* the model's control register */
    assert_string_equal(portio_backend(), "mock");
    assert_int_equal(portio_use_backend("auto"), PORTIO_OK);
    assert_int_equal(run("--backend=mock read 0x37a"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0xcc\n");
    assert_string_equal(portio_backend(), "mock");
}

static void unknown_backend_is_a_usage_error(void **state)
{
    (void)state;
    assert_int_equal(run("--backend nonsense read 0x378"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "portio: ");
    assert_contains(err_text, "nonsense");
    assert_int_equal(run("--backend"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "--backend needs a name");
}

static void unknown_command_and_option_are_usage_errors(void **state)
{
    (void)state;
    assert_int_equal(run("frobnicate 0x378"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "unknown command \"frobnicate\"");
    assert_int_equal(run("--frob read 0x378"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "unknown option --frob");
    assert_string_equal(out_text, "");
}

static void no_command_prints_the_usage_and_exits_2(void **state)
{
    (void)state;
    assert_int_equal(run(""), TOOL_EXIT_USAGE);
    assert_string_equal(out_text, "");
    assert_contains(err_text, "usage: portio [--backend NAME] COMMAND");
}

static void help_prints_the_usage_and_exits_0(void **state)
{
    (void)state;
    assert_int_equal(run("--help"), TOOL_EXIT_OK);
    assert_contains(out_text, "usage: portio [--backend NAME] COMMAND");
    assert_contains(out_text, "read [-w 8|16|32] PORT");
    assert_contains(out_text, "write [-w 8|16|32] PORT VALUE");
    assert_contains(out_text, "dump PORT COUNT");
    assert_contains(out_text, "list [PORT]");
    assert_contains(out_text, "driver install [PATH]");
    assert_string_equal(err_text, "");
    assert_int_equal(run("-h"), TOOL_EXIT_OK);
    assert_int_equal(run("read --help"), TOOL_EXIT_OK);
    assert_contains(out_text, "usage: portio");
}

static void version_prints_the_version(void **state)
{
    (void)state;
    assert_int_equal(run("--version"), TOOL_EXIT_OK);
    assert_string_equal(out_text, "portio " PORTIO_TOOL_VERSION "\n");
}

static void driver_command_is_for_windows(void **state)
{
    (void)state;
#ifdef _WIN32
    /* The service control manager is tested with the real driver under Wine
     * (tests/windows); here only the command line. */
    assert_int_equal(run("driver frob"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "usage: portio driver install [PATH] [--ports RANGES] [--all-users]");
#else
    assert_int_equal(run("driver status"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "the driver is for Windows");
#endif
}

/* ------------------------------------------------------------------
 * driver's arguments: checked on every system, before anything is written.
 * ------------------------------------------------------------------ */

static struct driver_arguments driver_args;

/* Parses "WORDS" (split at spaces) as driver's arguments; what it printed
 * is in out_text and err_text. */
static int parse_driver(const char *words)
{
    static char line[4096];
    char *argv[16];
    int argc = 0;
    assert_true(strlen(words) < sizeof line);
    strcpy(line, words);
    for (char *word = strtok(line, " "); word; word = strtok(NULL, " ")) {
        assert_true(argc < 16);
        argv[argc++] = word;
    }
    capture_begin();
    int status = driver_arguments_parse(argc, argv, &driver_args, out_file, err_file);
    capture_end();
    return status;
}

static void driver_install_takes_path_ports_and_all_users(void **state)
{
    (void)state;
    assert_int_equal(parse_driver("install C:\\portio.sys --ports 0x378-0x37A,0x80 --all-users"),
                     TOOL_EXIT_OK);
    assert_int_equal(driver_args.action, DRIVER_INSTALL);
    assert_string_equal(driver_args.path, "C:\\portio.sys");
    assert_string_equal(driver_args.settings.ports, "0x378-0x37A,0x80");
    assert_int_equal(driver_args.settings.all_users, 1);
    assert_int_equal(parse_driver("configure --ports=888-890"), TOOL_EXIT_OK);
    assert_int_equal(driver_args.action, DRIVER_CONFIGURE);
    assert_null(driver_args.path);
    assert_string_equal(driver_args.settings.ports, "888-890");
    assert_int_equal(driver_args.settings.all_users, 0);
    assert_string_equal(err_text, "");
}

static void driver_settings_left_out_are_the_defaults(void **state)
{
    (void)state;
    assert_int_equal(parse_driver("configure"), TOOL_EXIT_OK);
    assert_null(driver_args.settings.ports);
    assert_int_equal(driver_args.settings.all_users, 0);
    assert_int_equal(parse_driver("install"), TOOL_EXIT_OK);
    assert_null(driver_args.path);
    assert_null(driver_args.settings.ports);
}

static void driver_all_users_without_ports_is_refused(void **state)
{
    (void)state;
    assert_int_equal(parse_driver("configure --all-users"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "--all-users needs --ports");
    assert_contains(err_text, "nobody should open every port to every user by accident");
    assert_contains(err_text, "portio driver configure --all-users --ports 0x378-0x37A");
    assert_int_equal(parse_driver("install C:\\portio.sys --all-users"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "portio driver install --all-users --ports");
    assert_string_equal(out_text, "");
}

static void driver_bad_ranges_are_refused_naming_the_entry(void **state)
{
    (void)state;
    static const struct {
        const char *ports, *named;
    } cases[] = {
        {"0x378-0x37A,0x37A-0x378", "\"0x37A-0x378\" is not a port range"}, /* end below start */
        {"0x10000", "\"0x10000\" is not a port range"},                     /* past 0xFFFF */
        {"0x80,0x378-", "\"0x378-\" is not a port range"},
        {"0x378-0x37A-0x37F", "\"0x378-0x37A-0x37F\" is not a port range"},
        {"lpt1", "\"lpt1\" is not a port range"},
        {"0x80,,0x81", "has an empty range"},
        {"0x80,", "has an empty range"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char words[128];
        snprintf(words, sizeof words, "configure --all-users --ports %s", cases[i].ports);
        assert_int_equal(parse_driver(words), TOOL_EXIT_USAGE);
        assert_contains(err_text, cases[i].named);
        assert_contains(err_text, "FIRST-LAST");
    }
    assert_int_equal(parse_driver("install --ports="), TOOL_EXIT_USAGE);
    assert_contains(err_text, "--ports needs at least one range");
    assert_int_equal(parse_driver("configure --ports"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "--ports needs RANGES");
}

static void driver_more_ranges_than_the_driver_takes_are_refused(void **state)
{
    (void)state;
    char words[1024] = "configure --ports ";
    for (unsigned i = 0; i <= 64u; i++) /* one too many */
        snprintf(words + strlen(words), sizeof words - strlen(words), "%s%u", i ? "," : "", 100 + 2 * i);
    assert_int_equal(parse_driver(words), TOOL_EXIT_USAGE);
    assert_contains(err_text, "more than 64 ranges");
    *strrchr(words, ',') = '\0'; /* exactly as many */
    assert_int_equal(parse_driver(words), TOOL_EXIT_OK);
}

static void driver_unknown_words_are_refused(void **state)
{
    (void)state;
    assert_int_equal(parse_driver("configure --frob"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "unexpected \"--frob\"");
    assert_int_equal(parse_driver("configure C:\\portio.sys"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "unexpected \"C:\\portio.sys\"");
    assert_int_equal(parse_driver("install a.sys b.sys"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "unexpected \"b.sys\"");
    assert_int_equal(parse_driver("status --ports 0x80"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "unexpected \"--ports\"");
    assert_int_equal(parse_driver("remove --all-users"), TOOL_EXIT_USAGE);
    assert_int_equal(parse_driver("configure --ports 0x80 --ports 0x81"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "--ports given twice");
    assert_int_equal(parse_driver("frob"), TOOL_EXIT_USAGE);
    assert_contains(err_text, "usage: portio driver install");
    assert_int_equal(parse_driver(""), TOOL_EXIT_USAGE);
    assert_string_equal(out_text, "");
}

#ifdef _WIN32
/* A program that installs the driver itself may pass NULL streams: nothing
 * is printed, nothing crashes. Here the driver is not installed (the unit
 * tests' Wine prefix) and nothing is written. */
static void driver_service_takes_null_streams(void **state)
{
    (void)state;
    const struct driver_settings all_users_alone = {NULL, 1}, ports = {"0x378-0x37A", 0};
    assert_int_equal(driver_install(NULL, &all_users_alone, NULL, NULL), 2);
    assert_int_equal(driver_install("C:\\no such folder\\portio.sys", NULL, NULL, NULL), 1);
    assert_int_equal(driver_configure(&ports, NULL, NULL), 1);
    assert_int_equal(driver_status(NULL, NULL), 1);
    assert_int_equal(driver_remove(NULL, NULL), 0);
}
#endif

static void allowed_ports_are_one_entry_per_range(void **state)
{
    (void)state;
    static const char expected[] = "0x378-0x37A\0" "0x80\0" "888-890\0";
    struct allowed_ports value;
    assert_int_equal(allowed_ports_from_text("0x378-0x37A, 0x80 ,\t888-890", &value, NULL), 0);
    assert_int_equal(value.count, sizeof expected); /* the final NUL included */
    for (size_t i = 0; i < sizeof expected; i++)
        assert_int_equal(value.units[i], (uint8_t)expected[i]);
    allowed_ports_free(&value);
    assert_null(value.units);
    assert_int_equal(allowed_ports_from_text("0x80,0x1ffff", &value, NULL), 1);
    assert_null(value.units);
    assert_int_equal(value.count, 0);
}

static void allowed_ports_describe_as_the_driver_reads_them(void **state)
{
    (void)state;
    char text[128];
    struct allowed_ports value;
    assert_int_equal(allowed_ports_from_text("0x378-0x37A,128,0x3F8-0x3FF", &value, NULL), 0);
    assert_int_equal(allowed_ports_describe(value.units, value.count, text, sizeof text), 0);
    assert_string_equal(text, "0x378-0x37A, 0x80, 0x3F8-0x3FF");
    allowed_ports_free(&value);
    assert_int_equal(allowed_ports_describe(NULL, 0, text, sizeof text), 0);
    assert_string_equal(text, "every port (no allowlist)");
    static const uint16_t malformed[] = {'0', 'x', '8', '0', ' ', 0, 0};
    assert_int_equal(allowed_ports_describe(malformed, 7, text, sizeof text), 1);
    assert_contains(text, "malformed AllowedPorts value");
    assert_int_equal(allowed_ports_describe(malformed, 7, text, 8), 1);
    assert_string_equal(text, "malform"); /* cut to fit */
}

/* ------------------------------------------------------------------
 * list: /proc/ioports.
 * ------------------------------------------------------------------ */

#define SAMPLE_PATH "test_tool_ioports.txt"

static const char sample_ioports[] = "0000-0cf7 : PCI Bus 0000:00\n"
                                     "  0000-001f : dma1\n"
                                     "  0070-0077 : rtc0\n"
                                     "    0070-0071 : rtc_cmos\n"
                                     "  0378-037a : parport0\n"
                                     "0cf8-0cff : PCI conf1\n"
                                     "0d00-ffff : PCI Bus 0000:00\n"
                                     "  e000-e01f : 0000:00:01.2\n"
                                     "    e000-e01f : uhci_hcd\n";

static const char sample_listed[] = "0000-0cf7  PCI Bus 0000:00\n"
                                    "  0000-001f  dma1\n"
                                    "  0070-0077  rtc0\n"
                                    "    0070-0071  rtc_cmos\n"
                                    "  0378-037a  parport0\n"
                                    "0cf8-0cff  PCI conf1\n"
                                    "0d00-ffff  PCI Bus 0000:00\n"
                                    "  e000-e01f  0000:00:01.2\n"
                                    "    e000-e01f  uhci_hcd\n";

/* What a user without CAP_SYS_ADMIN reads. */
static const char hidden_ioports[] = "0000-0000 : PCI Bus 0000:00\n"
                                     "  0000-0000 : dma1\n"
                                     "  0000-0000 : rtc_cmos\n";

static void write_sample(const char *text)
{
    FILE *file = fopen(SAMPLE_PATH, "wb");
    assert_non_null(file);
    assert_int_equal(fputs(text, file) >= 0, 1);
    assert_int_equal(fclose(file), 0);
}

static int list(const char *path, int32_t port)
{
    capture_begin();
    int status = ioports_list(path, port, out_file, err_file);
    capture_end();
    return status;
}

static int remove_sample(void **state)
{
    (void)state;
    remove(SAMPLE_PATH);
    return 0;
}

static void ioports_line_gives_range_depth_and_name(void **state)
{
    (void)state;
    struct ioports_entry entry;
    assert_true(ioports_parse_line("0cf8-0cff : PCI conf1\n", &entry));
    assert_int_equal(entry.first, 0xCF8);
    assert_int_equal(entry.last, 0xCFF);
    assert_int_equal(entry.depth, 0);
    assert_string_equal(entry.name, "PCI conf1");
    assert_true(ioports_parse_line("    0070-0071 : rtc_cmos", &entry));
    assert_int_equal(entry.first, 0x70);
    assert_int_equal(entry.last, 0x71);
    assert_int_equal(entry.depth, 2);
    assert_string_equal(entry.name, "rtc_cmos");
    assert_true(ioports_parse_line("  E000-E01F : 0000:00:01.2\r\n", &entry));
    assert_int_equal(entry.first, 0xE000);
    assert_string_equal(entry.name, "0000:00:01.2");
}

static void ioports_line_refuses_what_is_not_a_range(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "\n", "garbage", "0070 : rtc", "0070-0071: rtc",
                                      "0070-0071 rtc", "0071-0070 : backwards", "-0071 : x",
                                      "0070- : x", "123456789-123456789 : too long"};
    struct ioports_entry entry = {.first = 1, .last = 2, .depth = 3, .name = "kept"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (ioports_parse_line(bad[i], &entry))
            fail_msg("\"%s\" was taken for a range", bad[i]);
    }
    assert_int_equal(entry.first, 1);
    assert_string_equal(entry.name, "kept");
}

static void ioports_line_cuts_long_names(void **state)
{
    (void)state;
    char line[400] = "0070-0071 : ";
    memset(line + strlen(line), 'n', 300);
    struct ioports_entry entry;
    assert_true(ioports_parse_line(line, &entry));
    assert_int_equal(strlen(entry.name), IOPORTS_NAME_SIZE - 1);
}

static void list_prints_every_range_nested(void **state)
{
    (void)state;
    write_sample(sample_ioports);
    assert_int_equal(list(SAMPLE_PATH, IOPORTS_ALL_PORTS), TOOL_EXIT_OK);
    assert_string_equal(out_text, sample_listed);
    assert_string_equal(err_text, "");
}

static void list_with_a_port_prints_the_ranges_that_hold_it(void **state)
{
    (void)state;
    write_sample(sample_ioports);
    assert_int_equal(list(SAMPLE_PATH, 0x71), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0000-0cf7  PCI Bus 0000:00\n"
                                  "  0070-0077  rtc0\n"
                                  "    0070-0071  rtc_cmos\n");
    assert_int_equal(list(SAMPLE_PATH, 0xCFC), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0cf8-0cff  PCI conf1\n");
}

static void list_says_when_no_range_holds_the_port(void **state)
{
    (void)state;
    write_sample("0000-0cf7 : PCI Bus 0000:00\n");
    assert_int_equal(list(SAMPLE_PATH, 0x1234), TOOL_EXIT_OK);
    assert_string_equal(out_text, "");
    assert_contains(err_text, "no range");
    assert_contains(err_text, "0x1234");
}

/* A NUL byte ends its line's text only: the next line is still a range
 * (the reader once looked for the newline in the text and, not finding it
 * past the NUL, dropped the next line as the rest of this one). */
static void list_reads_the_line_after_a_nul_byte(void **state)
{
    (void)state;
    static const char with_nul[] = "0000-0001 : a\0b\n0002-0003 : c\n";
    FILE *file = fopen(SAMPLE_PATH, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(with_nul, 1, sizeof with_nul - 1, file), sizeof with_nul - 1);
    assert_int_equal(fclose(file), 0);
    assert_int_equal(list(SAMPLE_PATH, IOPORTS_ALL_PORTS), TOOL_EXIT_OK);
    assert_string_equal(out_text, "0000-0001  a\n0002-0003  c\n");
}

static void list_explains_hidden_addresses(void **state)
{
    (void)state;
    write_sample(hidden_ioports);
    assert_int_equal(list(SAMPLE_PATH, IOPORTS_ALL_PORTS), TOOL_EXIT_FAILED);
    assert_contains(err_text, "CAP_SYS_ADMIN");
    assert_contains(err_text, "root");
    /* A failure prints no list: 0000-0000 ranges would only mislead. */
    assert_string_equal(out_text, "");
    assert_int_equal(list(SAMPLE_PATH, 0), TOOL_EXIT_FAILED);
    assert_string_equal(out_text, "");
}

static void list_reports_a_file_it_cannot_read(void **state)
{
    (void)state;
    assert_int_equal(list("no-such-dir/ioports", IOPORTS_ALL_PORTS), TOOL_EXIT_FAILED);
    assert_contains(err_text, "cannot read no-such-dir/ioports");
    assert_string_equal(out_text, "");
}

/* The command itself, given the sample's path. */
static void list_command_reads_the_given_file(void **state)
{
    (void)state;
    static char port_argument[] = "0x378", bad_argument[] = "0378";
    char *with_port[] = {port_argument}, *with_bad_port[] = {bad_argument};
    write_sample(sample_ioports);

    capture_begin();
    int status = command_list(1, with_port, SAMPLE_PATH, out_file, err_file);
    capture_end();
#ifdef _WIN32
    assert_int_equal(status, TOOL_EXIT_USAGE);
    assert_contains(err_text, "Linux only");
#else
    assert_int_equal(status, TOOL_EXIT_OK);
    assert_string_equal(out_text, "0000-0cf7  PCI Bus 0000:00\n"
                                  "  0378-037a  parport0\n");
    capture_begin();
    status = command_list(0, NULL, SAMPLE_PATH, out_file, err_file);
    capture_end();
    assert_int_equal(status, TOOL_EXIT_OK);
    assert_string_equal(out_text, sample_listed);
#endif

    capture_begin();
    status = command_list(1, with_bad_port, SAMPLE_PATH, out_file, err_file);
    capture_end();
    assert_int_equal(status, TOOL_EXIT_USAGE);
    assert_contains(err_text, "ambiguous");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, use_empty_mock)
#define L(name) cmocka_unit_test_teardown(name, remove_sample)
        T(parse_number_reads_hex_after_0x),
        T(parse_number_reads_decimal),
        T(parse_number_refuses_text_that_is_no_number),
        T(parse_number_refuses_trailing_garbage),
        T(parse_number_refuses_negative_numbers),
        T(parse_number_refuses_values_above_max_without_wrapping),
        T(parse_number_refuses_decimal_with_leading_zero),
        T(parse_width_accepts_8_16_32),
        T(parse_width_refuses_other_widths),
        T(read_prints_two_digits_at_8_bits),
        T(read_prints_four_digits_at_16_bits),
        T(read_prints_eight_digits_at_32_bits),
        T(read_pads_small_values_with_zeros),
        T(write_then_read_back_through_the_lpt_latch),
        T(write_makes_one_access_of_the_given_width),
        T(read_makes_one_access_of_the_given_width),
        T(write_refuses_values_too_wide_for_the_width),
        T(accesses_past_0xffff_are_usage_errors),
        T(bad_numbers_are_usage_errors),
        T(bad_widths_are_usage_errors),
        T(missing_and_extra_arguments_are_usage_errors),
        T(dump_prints_16_ports_a_line_led_by_the_address),
        T(dump_reads_each_port_once_at_8_bits),
        T(dump_refuses_count_zero_and_ranges_past_0xffff),
        T(commands_give_back_the_ports_they_enabled),
        T(refused_access_exits_1_with_the_library_message),
        T(backend_option_chooses_the_backend),
        T(unknown_backend_is_a_usage_error),
        T(unknown_command_and_option_are_usage_errors),
        T(no_command_prints_the_usage_and_exits_2),
        T(help_prints_the_usage_and_exits_0),
        T(version_prints_the_version),
        T(driver_command_is_for_windows),
        cmocka_unit_test(driver_install_takes_path_ports_and_all_users),
        cmocka_unit_test(driver_settings_left_out_are_the_defaults),
        cmocka_unit_test(driver_all_users_without_ports_is_refused),
        cmocka_unit_test(driver_bad_ranges_are_refused_naming_the_entry),
        cmocka_unit_test(driver_more_ranges_than_the_driver_takes_are_refused),
        cmocka_unit_test(driver_unknown_words_are_refused),
#ifdef _WIN32
        cmocka_unit_test(driver_service_takes_null_streams),
#endif
        cmocka_unit_test(allowed_ports_are_one_entry_per_range),
        cmocka_unit_test(allowed_ports_describe_as_the_driver_reads_them),
        cmocka_unit_test(ioports_line_gives_range_depth_and_name),
        cmocka_unit_test(ioports_line_refuses_what_is_not_a_range),
        cmocka_unit_test(ioports_line_cuts_long_names),
        L(list_prints_every_range_nested),
        L(list_with_a_port_prints_the_ranges_that_hold_it),
        L(list_says_when_no_range_holds_the_port),
        L(list_reads_the_line_after_a_nul_byte),
        L(list_explains_hidden_addresses),
        L(list_reports_a_file_it_cannot_read),
        L(list_command_reads_the_given_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
