/* SPDX-License-Identifier: MIT */
/* The lpt_probe example on the mock backend: arguments, the probe, what it
 * prints and returns, and the /proc/ioports claim check. */
#include <stdio.h>
#include <stdlib.h>

#include "lpt_probe.h"
#include "example_test_support.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof((argv)[0])))

static void check_starts_with(const char *text, const char *prefix, const char *file, int line)
{
    if (strncmp(text, prefix, strlen(prefix)) != 0) {
        print_error("\"%s\" does not start with \"%s\"\n", text, prefix);
        _fail(file, line);
    }
}
#define assert_starts_with(text, prefix) check_starts_with((text), (prefix), __FILE__, __LINE__)

/* ---- Running the program with its output captured ----------------------- */

struct captured {
    int exit_status;
    char out[4096];
    char err[4096];
};

static void open_streams(FILE **out, FILE **err)
{
    *out = temporary_stream();
    *err = temporary_stream();
}

static void run_program(int argc, char **argv, struct captured *result)
{
    FILE *out, *err;
    open_streams(&out, &err);
    result->exit_status = lpt_probe_run(argc, argv, out, err);
    read_text_back(out, result->out, sizeof result->out);
    read_text_back(err, result->err, sizeof result->err);
}

static void execute_options(const struct lpt_probe_options *options, struct captured *result)
{
    FILE *out, *err;
    open_streams(&out, &err);
    result->exit_status = lpt_probe_execute(options, out, err);
    read_text_back(out, result->out, sizeof result->out);
    read_text_back(err, result->err, sizeof result->err);
}

/* Parses argv, which must be valid; the reason goes to the test output. */
static struct lpt_probe_options parsed(int argc, char **argv)
{
    struct lpt_probe_options options;
    assert_int_equal(lpt_probe_parse_arguments(argc, argv, &options, stdout), LPT_PROBE_EXIT_OK);
    return options;
}

/* Parses argv, which must be refused; returns what went to err. */
static void parse_refused(int argc, char **argv, char *err_text, size_t size)
{
    struct lpt_probe_options options;
    FILE *err = tmpfile();
    assert_non_null(err);
    assert_int_equal(lpt_probe_parse_arguments(argc, argv, &options, err), LPT_PROBE_EXIT_USAGE);
    read_text_back(err, err_text, size);
    assert_contains(err_text, "usage: lpt_probe");
}

static portio_mock_lpt *lpt_at(uint16_t base)
{
    portio_mock_lpt *lpt = NULL;
    assert_int_equal(portio_mock_add_lpt(base, &lpt), PORTIO_OK);
    return lpt;
}

/* ---- A data register that is not a working latch ----------------------- */

/* Reads (latch & keep) | force: keep 0 and force 0xFF is a floating bus,
 * keep 0x7F a latch with bit 7 stuck at 0. */
struct faulty_latch {
    uint16_t base;
    uint8_t latch;
    uint8_t keep;
    uint8_t force;
};

static uint32_t faulty_latch_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)width_bits;
    const struct faulty_latch *device = context;
    return port == device->base ? (uint32_t)((device->latch & device->keep) | device->force) : 0xFF;
}

static void faulty_latch_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)width_bits;
    struct faulty_latch *device = context;
    if (port == device->base)
        device->latch = (uint8_t)value;
}

static void attach_faulty_latch(struct faulty_latch *device)
{
    assert_int_equal(portio_mock_attach(device->base, 3, faulty_latch_read, faulty_latch_write, device),
                     PORTIO_OK);
}

/* The log's last write to port; fails when there is none. */
static uint32_t last_write_to(uint16_t port)
{
    static portio_mock_access log[256];
    size_t length = portio_mock_log(log, 256);
    assert_in_range(length, 1, 256);
    for (size_t i = length; i-- > 0;)
        if (log[i].port == port && log[i].direction == PORTIO_MOCK_WRITE)
            return log[i].value;
    fail_msg("no write to port 0x%04X in the log", port);
    return 0;
}

static void assert_ports_given_back(uint16_t base)
{
    uint32_t value;
    assert_int_equal(portio_read(base, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read((uint16_t)(base + 2), 8, &value), PORTIO_E_NOT_ENABLED);
}

/* ---- Arguments ---------------------------------------------------------- */

static void no_arguments_probe_the_usual_bases(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe"};
    struct lpt_probe_options options = parsed(ARGC(argv), argv);
    assert_int_equal(options.base_count, 3);
    assert_int_equal(options.bases[0], 0x378);
    assert_int_equal(options.bases[1], 0x278);
    assert_int_equal(options.bases[2], 0x3BC);
    assert_null(options.backend_name);
    assert_false(options.simulate);
    assert_false(options.help);
}

static void given_bases_replace_the_usual_ones_in_order(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "0xD010", "0xe800", "888", "0", "0XFFFD", "65533"};
    struct lpt_probe_options options = parsed(ARGC(argv), argv);
    assert_int_equal(options.base_count, 6);
    assert_int_equal(options.bases[0], 0xD010);
    assert_int_equal(options.bases[1], 0xE800);
    assert_int_equal(options.bases[2], 888);
    assert_int_equal(options.bases[3], 0);
    assert_int_equal(options.bases[4], 0xFFFD);
    assert_int_equal(options.bases[5], 0xFFFD);
}

static void bad_numbers_are_usage_errors(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "0x", "0x12G", "12a", "+5", " 5", "5 ", "0378",
                                      "0x-1", "1e3", "0b101", "x378"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "%s", bad[i]);
        char *argv[] = {"lpt_probe", "0x378", text};
        char err[1024];
        parse_refused(ARGC(argv), argv, err, sizeof err);
        assert_contains(err, "is not a port number");
        assert_contains(err, text);
    }
}

static void bases_without_room_for_3_ports_are_usage_errors(void **state)
{
    (void)state;
    static const char *const too_high[] = {"0xFFFE", "0xFFFF", "65534", "0x10000",
                                           "99999999999999999999", "0x123456789ABCDEF0123"};
    for (size_t i = 0; i < sizeof too_high / sizeof too_high[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "%s", too_high[i]);
        char *argv[] = {"lpt_probe", text};
        char err[1024];
        parse_refused(ARGC(argv), argv, err, sizeof err);
        assert_contains(err, "leaves no room for the 3 registers");
        assert_contains(err, "0xFFFD");
    }
}

static void more_bases_than_the_limit_are_a_usage_error(void **state)
{
    (void)state;
    char *argv[LPT_PROBE_MAX_BASES + 2] = {"lpt_probe"};
    for (int i = 1; i < ARGC(argv); i++)
        argv[i] = "0x378";
    char err[1024];
    parse_refused(ARGC(argv), argv, err, sizeof err);
    assert_contains(err, "at most 16 bases");
    /* the limit itself is fine */
    struct lpt_probe_options options = parsed(ARGC(argv) - 1, argv);
    assert_int_equal(options.base_count, LPT_PROBE_MAX_BASES);
}

static void backend_option_takes_the_next_word_or_after_equals(void **state)
{
    (void)state;
    char *separate[] = {"lpt_probe", "--backend", "devport", "0x278"};
    struct lpt_probe_options options = parsed(ARGC(separate), separate);
    assert_string_equal(options.backend_name, "devport");
    assert_int_equal(options.base_count, 1);
    assert_int_equal(options.bases[0], 0x278);
    assert_false(options.simulate);

    char *joined[] = {"lpt_probe", "--backend=direct"};
    options = parsed(ARGC(joined), joined);
    assert_string_equal(options.backend_name, "direct");
    assert_int_equal(options.base_count, 3);
}

static void backend_option_without_a_name_is_a_usage_error(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--backend"};
    char err[1024];
    parse_refused(ARGC(argv), argv, err, sizeof err);
    assert_contains(err, "--backend needs a name");
}

static void simulate_option_is_recorded(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--simulate"};
    struct lpt_probe_options options = parsed(ARGC(argv), argv);
    assert_true(options.simulate);
    assert_null(options.backend_name);
    assert_int_equal(options.base_count, 3);
}

static void simulate_with_backend_is_a_usage_error(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--simulate", "--backend", "direct"};
    char err[1024];
    parse_refused(ARGC(argv), argv, err, sizeof err);
    assert_contains(err, "cannot be combined with --backend");
}

static void help_option_is_recorded(void **state)
{
    (void)state;
    char *long_form[] = {"lpt_probe", "0x378", "--help", "--no-such-option"};
    assert_true(parsed(ARGC(long_form), long_form).help);
    char *short_form[] = {"lpt_probe", "-h"};
    assert_true(parsed(ARGC(short_form), short_form).help);
}

static void unknown_options_are_usage_errors(void **state)
{
    (void)state;
    static const char *const unknown[] = {"--frobnicate", "-x", "-1", "--simulated", "--backendx"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "%s", unknown[i]);
        char *argv[] = {"lpt_probe", text};
        char err[1024];
        parse_refused(ARGC(argv), argv, err, sizeof err);
        assert_contains(err, "unknown option");
        assert_contains(err, text);
    }
}

static void claims_are_checked_only_off_the_mock(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("auto"), PORTIO_OK);
    char *plain[] = {"lpt_probe"};
#ifdef __linux__
    assert_string_equal(parsed(ARGC(plain), plain).ioports_path, "/proc/ioports");
#else
    assert_null(parsed(ARGC(plain), plain).ioports_path);
#endif
    char *simulate[] = {"lpt_probe", "--simulate"};
    assert_null(parsed(ARGC(simulate), simulate).ioports_path);
    char *mock[] = {"lpt_probe", "--backend", "mock"};
    assert_null(parsed(ARGC(mock), mock).ioports_path);
    /* the backend chosen before, as PORTIO_BACKEND=mock would */
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    assert_null(parsed(ARGC(plain), plain).ioports_path);
}

/* ---- The probe ---------------------------------------------------------- */

static void probe_finds_the_mock_lpt(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at(0x378);
    portio_mock_lpt_set_status(lpt, 0x7F);
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0x378, &result), PORTIO_OK);
    assert_int_equal(result.base, 0x378);
    assert_true(result.found);
    assert_int_equal(result.status, 0x7F);
    assert_int_equal(result.control, 0xCC);
    /* the fast functions found every port enabled */
    assert_int_equal(portio_mock_unenabled_accesses(), 0);
    assert_ports_given_back(0x378);
}

static void probe_writes_both_patterns_after_saving_the_data(void **state)
{
    (void)state;
    (void)lpt_at(0x278);
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0x278, &result), PORTIO_OK);
    portio_mock_access log[64];
    size_t length = portio_mock_log(log, 64);
    assert_in_range(length, 6, 64);
    /* the data register is read before anything is written to it */
    assert_int_equal(log[0].port, 0x278);
    assert_int_equal(log[0].direction, PORTIO_MOCK_READ);
    bool wrote_0x55 = false, wrote_0xaa = false;
    for (size_t i = 0; i < length; i++) {
        assert_int_equal(log[i].width_bits, 8);
        if (log[i].port == 0x278 && log[i].direction == PORTIO_MOCK_WRITE) {
            wrote_0x55 |= log[i].value == 0x55;
            wrote_0xaa |= log[i].value == 0xAA;
        }
    }
    assert_true(wrote_0x55);
    assert_true(wrote_0xaa);
}

static void probe_reads_the_control_register(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at(0x3BC);
    assert_int_equal(portio_enable(0x3BC, 3), PORTIO_OK);
    portio_outb(0x3BE, 0x05); /* strobe and select-in */
    assert_int_equal(portio_disable(0x3BC, 3), PORTIO_OK);
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0x3BC, &result), PORTIO_OK);
    assert_true(result.found);
    assert_int_equal(result.control, 0xC5);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x05); /* left as it was */
}

static void latch_reading_only_0xff_is_not_found(void **state)
{
    (void)state;
    struct faulty_latch device = {.base = 0x378, .keep = 0x00, .force = 0xFF};
    attach_faulty_latch(&device);
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0x378, &result), PORTIO_OK);
    assert_false(result.found);
}

static void latch_reading_only_0x00_is_not_found(void **state)
{
    (void)state;
    struct faulty_latch device = {.base = 0x378, .keep = 0x00, .force = 0x00};
    attach_faulty_latch(&device);
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0x378, &result), PORTIO_OK);
    assert_false(result.found);
}

static void latch_reading_back_one_pattern_is_not_found(void **state)
{
    (void)state;
    /* bit 7 stuck at 0: 0x55 reads back, 0xAA reads 0x2A */
    struct faulty_latch stuck_bit = {.base = 0x378, .keep = 0x7F, .force = 0x00};
    attach_faulty_latch(&stuck_bit);
    /* always 0x55, whatever was written */
    struct faulty_latch constant = {.base = 0x278, .keep = 0x00, .force = 0x55};
    attach_faulty_latch(&constant);
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0x378, &result), PORTIO_OK);
    assert_false(result.found);
    assert_int_equal(lpt_probe_base(0x278, &result), PORTIO_OK);
    assert_false(result.found);
}

static void unclaimed_range_is_not_found(void **state)
{
    (void)state;
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0x278, &result), PORTIO_OK);
    assert_false(result.found);
    assert_int_equal(result.status, 0xFF);
    assert_int_equal(result.control, 0xFF);
    assert_int_equal(portio_mock_unenabled_accesses(), 0);
    assert_ports_given_back(0x278);
}

static void data_is_restored_when_found(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at(0x378);
    assert_int_equal(portio_enable(0x378, 1), PORTIO_OK);
    portio_outb(0x378, 0x3C);
    assert_int_equal(portio_disable(0x378, 1), PORTIO_OK);
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0x378, &result), PORTIO_OK);
    assert_true(result.found);
    assert_int_equal(portio_mock_lpt_data(lpt), 0x3C);
    assert_int_equal(last_write_to(0x378), 0x3C);
}

static void data_is_restored_when_not_found(void **state)
{
    (void)state;
    struct faulty_latch stuck_bit = {.base = 0x378, .latch = 0x13, .keep = 0x7F, .force = 0x00};
    attach_faulty_latch(&stuck_bit);
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0x378, &result), PORTIO_OK);
    assert_false(result.found);
    assert_int_equal(stuck_bit.latch, 0x13);
    assert_int_equal(last_write_to(0x378), 0x13);

    /* nothing there: what the empty bus read is what goes back */
    portio_mock_log_clear();
    assert_int_equal(lpt_probe_base(0x278, &result), PORTIO_OK);
    assert_false(result.found);
    assert_int_equal(last_write_to(0x278), 0xFF);
}

static void refused_enable_is_returned_and_touches_nothing(void **state)
{
    (void)state;
    struct lpt_probe_result result;
    assert_int_equal(lpt_probe_base(0xFFFE, &result), PORTIO_E_INVALID);
    assert_false(result.found);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

/* ---- Output and exit status --------------------------------------------- */

static void simulate_finds_the_simulated_port(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--simulate"};
    struct captured result;
    run_program(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_OK);
    assert_string_equal(result.out, "Parallel port found at 0x378 (status 0xD8, control 0xCC)\n");
    assert_string_equal(result.err, "");
}

static void simulate_at_other_bases_finds_nothing(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--simulate", "0x278", "0x3BC"};
    struct captured result;
    run_program(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_OK);
    assert_string_equal(result.out, "No parallel port found\n");
    assert_string_equal(result.err, "");
}

static void each_port_found_gets_one_line_in_probe_order(void **state)
{
    (void)state;
    portio_mock_lpt *second = lpt_at(0x278);
    (void)lpt_at(0x3BC);
    portio_mock_lpt_set_status(second, 0x5F);
    char *argv[] = {"lpt_probe", "--backend", "mock"};
    struct captured result;
    run_program(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_OK);
    assert_string_equal(result.out,
                        "Parallel port found at 0x278 (status 0x5F, control 0xCC)\n"
                        "Parallel port found at 0x3BC (status 0xD8, control 0xCC)\n");
    assert_string_equal(result.err, "");

    char *reversed[] = {"lpt_probe", "956", "0x278", "0x378"};
    run_program(ARGC(reversed), reversed, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_OK);
    assert_string_equal(result.out,
                        "Parallel port found at 0x3BC (status 0xD8, control 0xCC)\n"
                        "Parallel port found at 0x278 (status 0x5F, control 0xCC)\n");
}

static void addresses_print_in_uppercase_hex(void **state)
{
    (void)state;
    (void)lpt_at(0xD010);
    char *argv[] = {"lpt_probe", "0xd010", "0xE800"};
    struct captured result;
    run_program(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_OK);
    assert_string_equal(result.out, "Parallel port found at 0xD010 (status 0xD8, control 0xCC)\n");
}

static void nothing_found_prints_so_and_exits_0(void **state)
{
    (void)state;
    struct faulty_latch floating = {.base = 0x378, .keep = 0x00, .force = 0xFF};
    attach_faulty_latch(&floating);
    char *argv[] = {"lpt_probe"};
    struct captured result;
    run_program(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_OK);
    assert_string_equal(result.out, "No parallel port found\n");
    assert_string_equal(result.err, "");
}

/* What lpt_probe writes for a base it may not probe: the library's reason
 * for refusing the enable, the same reason portio_enable gives here. */
static void refusal_line(uint16_t base, char *line, size_t size)
{
    assert_int_not_equal(portio_enable(base, LPT_PROBE_PORT_COUNT), PORTIO_OK);
    snprintf(line, size, "lpt_probe: cannot probe 0x%X: %s\n", (unsigned)base, portio_last_error());
}

/* Bases past what parsing allows are the way to make the mock refuse an
 * enable (it grants every range inside the port space). */
static void refused_base_does_not_stop_the_others_and_exits_3(void **state)
{
    (void)state;
    (void)lpt_at(0x278);
    (void)lpt_at(0x3BC);
    struct lpt_probe_options options = {.bases = {0x278, 0xFFFE, 0x3BC}, .base_count = 3};
    struct captured result;
    execute_options(&options, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_SOME_REFUSED);
    assert_int_equal(LPT_PROBE_EXIT_SOME_REFUSED, 3);
    assert_string_equal(result.out, "Parallel port found at 0x278 (status 0xD8, control 0xCC)\n"
                                    "Parallel port found at 0x3BC (status 0xD8, control 0xCC)\n");
    char expected[1024];
    refusal_line(0xFFFE, expected, sizeof expected);
    assert_string_equal(result.err, expected);
    assert_contains(result.err, "past port 0xFFFF");
    assert_ports_given_back(0x278);
    assert_ports_given_back(0x3BC);
}

static void every_refused_base_is_named_with_its_reason(void **state)
{
    (void)state;
    (void)lpt_at(0x378);
    struct lpt_probe_options options = {.bases = {0xFFFE, 0x378, 0xFFFF}, .base_count = 3};
    struct captured result;
    execute_options(&options, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_SOME_REFUSED);
    assert_string_equal(result.out, "Parallel port found at 0x378 (status 0xD8, control 0xCC)\n");
    char first[512], second[512], expected[1024];
    refusal_line(0xFFFE, first, sizeof first);
    refusal_line(0xFFFF, second, sizeof second);
    snprintf(expected, sizeof expected, "%s%s", first, second);
    assert_string_equal(result.err, expected);
}

static void nothing_found_beside_refusals_names_the_bases_probed(void **state)
{
    (void)state;
    struct lpt_probe_options options = {.bases = {0x278, 0xFFFE, 0x3BC, 0xD010}, .base_count = 4};
    struct captured result;
    execute_options(&options, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_SOME_REFUSED);
    assert_string_equal(result.out, "No parallel port found at 0x278, 0x3BC or 0xD010\n");
    assert_contains(result.err, "lpt_probe: cannot probe 0xFFFE: ");

    struct lpt_probe_options one = {.bases = {0xFFFE, 0x278}, .base_count = 2};
    execute_options(&one, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_SOME_REFUSED);
    assert_string_equal(result.out, "No parallel port found at 0x278\n");
}

static void all_bases_refused_exits_1_and_prints_nothing(void **state)
{
    (void)state;
    struct lpt_probe_options options = {.bases = {0xFFFE, 0xFFFF}, .base_count = 2};
    struct captured result;
    execute_options(&options, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_REFUSED);
    assert_string_equal(result.out, "");
    assert_starts_with(result.err, "lpt_probe: cannot probe 0xFFFE: ");
    assert_contains(result.err, "\nlpt_probe: cannot probe 0xFFFF: ");
}

static void unusable_backend_exits_2_with_the_reason(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--backend", "nonesuch"};
    struct captured result;
    run_program(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_USAGE);
    assert_string_equal(result.out, "");
    assert_contains(result.err, "lpt_probe: portio_use_backend(\"nonesuch\")");
}

static void usage_errors_exit_2_and_print_nothing_on_out(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--simulate", "0x10000"};
    struct captured result;
    run_program(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_USAGE);
    assert_string_equal(result.out, "");
    assert_contains(result.err, "0x10000 leaves no room");
    /* nothing was probed */
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

static void help_prints_usage_on_out_and_exits_0(void **state)
{
    (void)state;
    char *argv[] = {"lpt_probe", "--help"};
    struct captured result;
    run_program(ARGC(argv), argv, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_OK);
    assert_starts_with(result.out, "usage: lpt_probe [--backend NAME | --simulate] [BASE...]\n");
    assert_contains(result.out, "--simulate");
    assert_contains(result.out, "0x378, 0x278 and 0x3BC");
    assert_contains(result.out, "1 when no base could be probed");
    assert_contains(result.out, "3 when\nsome bases were probed and access to the others was refused");
    assert_string_equal(result.err, "");
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

/* ---- Claims in /proc/ioports --------------------------------------------- */

/* A desktop's /proc/ioports with parport_pc loaded (shortened). */
static const char desktop_with_parport[] =
    "0000-0cf7 : PCI Bus 0000:00\n"
    "  0000-001f : dma1\n"
    "  0020-0021 : pic1\n"
    "  0070-0077 : rtc0\n"
    "  0378-037a : parport0\n"
    "  03c0-03df : vga+\n"
    "  03f8-03ff : serial\n"
    "0cf8-0cff : PCI conf1\n"
    "0d00-ffff : PCI Bus 0000:00\n"
    "  e000-efff : PCI Bus 0000:03\n"
    "    e800-e807 : 0000:03:00.0\n"
    "      e800-e802 : parport1\n"
    "    e810-e817 : 0000:03:00.0\n";

/* This project's CI machine: no parallel port driver. */
static const char machine_without_parport[] =
    "0000-0cf7 : PCI Bus 0000:00\n"
    "  0000-001f : dma1\n"
    "  0070-0071 : rtc_cmos\n"
    "  00f0-00ff : fpu\n"
    "  03f8-03ff : serial\n"
    "0cf8-0cff : PCI conf1\n"
    "0d00-ffff : PCI Bus 0000:00\n";

static FILE *ioports_file(const char *contents)
{
    FILE *file = tmpfile();
    assert_non_null(file);
    assert_int_not_equal(fputs(contents, file), EOF);
    rewind(file);
    return file;
}

static size_t claims_in(const char *contents, uint32_t first, uint32_t last,
                        struct lpt_probe_claim *claims, size_t max)
{
    FILE *file = ioports_file(contents);
    size_t count = lpt_probe_find_claims(file, first, last, claims, max);
    fclose(file);
    return count;
}

static void claimed_range_is_found_under_its_bus(void **state)
{
    (void)state;
    struct lpt_probe_claim claims[4];
    assert_int_equal(claims_in(desktop_with_parport, 0x378, 0x37A, claims, 4), 1);
    assert_string_equal(claims[0].name, "parport0");
    assert_int_equal(claims[0].first, 0x378);
    assert_int_equal(claims[0].last, 0x37A);
}

static void unclaimed_ranges_have_no_claims(void **state)
{
    (void)state;
    static const uint32_t bases[] = {0x278, 0x3BC, 0xD010, 0xE820};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++)
        assert_int_equal(claims_in(desktop_with_parport, bases[i], bases[i] + 2, NULL, 0), 0);
    static const uint32_t more_bases[] = {0x378, 0x278, 0x3BC, 0xD010};
    for (size_t i = 0; i < sizeof more_bases / sizeof more_bases[0]; i++)
        assert_int_equal(claims_in(machine_without_parport, more_bases[i], more_bases[i] + 2, NULL, 0), 0);
}

static void ranges_overlapping_any_probed_port_are_claims(void **state)
{
    (void)state;
    static const char partial[] =
        "0000-0cf7 : PCI Bus 0000:00\n"
        "  0370-0377 : below\n"   /* ends just before 0x378 */
        "  037a-037f : top\n"     /* only the control register */
        "  0380-0387 : above\n"   /* starts just after 0x37A */
        "  0300-03ff : around\n"; /* encloses all three */
    struct lpt_probe_claim claims[4];
    assert_int_equal(claims_in(partial, 0x378, 0x37A, claims, 4), 2);
    assert_string_equal(claims[0].name, "top");
    assert_string_equal(claims[1].name, "around");
    assert_int_equal(claims_in(partial, 0x376, 0x378, claims, 4), 2);
    assert_string_equal(claims[0].name, "below");
    assert_int_equal(claims_in(partial, 0x37B, 0x37D, claims, 4), 2);
    assert_int_equal(claims_in(partial, 0x388, 0x38A, NULL, 0), 1); /* "around" */
}

static void innermost_of_nested_entries_is_the_claim(void **state)
{
    (void)state;
    struct lpt_probe_claim claims[4];
    /* bus window, bridge window, BAR, driver: only the driver counts */
    assert_int_equal(claims_in(desktop_with_parport, 0xE800, 0xE802, claims, 4), 1);
    assert_string_equal(claims[0].name, "parport1");
    assert_int_equal(claims[0].first, 0xE800);
    assert_int_equal(claims[0].last, 0xE802);
    /* a BAR no driver took is no claim */
    assert_int_equal(claims_in(desktop_with_parport, 0xE810, 0xE812, NULL, 0), 0);

    /* tabs, deeper and uneven indentation, a driver whose parent is no bus */
    static const char odd_nesting[] =
        "0000-ffff : PCI Bus 0000:00\n"
        "\t0300-03ff : some card\n"
        "\t     0378-037a : parport2\n"
        "\t 0390-0397 : other\n"
        "0400-04ff : some card\n";
    assert_int_equal(claims_in(odd_nesting, 0x378, 0x37A, claims, 4), 1);
    assert_string_equal(claims[0].name, "parport2");
    assert_int_equal(claims_in(odd_nesting, 0x394, 0x396, claims, 4), 1);
    assert_string_equal(claims[0].name, "other");
    assert_int_equal(claims_in(odd_nesting, 0x3A0, 0x3A2, claims, 4), 1);
    assert_string_equal(claims[0].name, "some card");
}

static void siblings_after_an_unclaimed_bar_are_not_its_children(void **state)
{
    (void)state;
    static const char text[] =
        "0d00-ffff : PCI Bus 0000:00\n"
        "  d000-d007 : 0000:02:00.0\n"
        "    d000-d007 : serial\n"
        "  d010-d017 : 0000:02:00.1\n"
        "    d010-d012 : parport_pc\n";
    struct lpt_probe_claim claims[4];
    assert_int_equal(claims_in(text, 0xD010, 0xD012, claims, 4), 1);
    assert_string_equal(claims[0].name, "parport_pc");
    assert_int_equal(claims_in(text, 0xD005, 0xD007, claims, 4), 1);
    assert_string_equal(claims[0].name, "serial");
}

static void bus_descriptions_and_hidden_ranges_are_no_claims(void **state)
{
    (void)state;
    static const char descriptions[] =
        "0000-0cf7 : PCI Bus 0000:00\n"
        "  0370-037f : pnp 00:08\n"
        "  0270-027f : reserved\n"
        "  03b0-03bf : 0000:00:02.0\n";
    assert_int_equal(claims_in(descriptions, 0x378, 0x37A, NULL, 0), 0);
    assert_int_equal(claims_in(descriptions, 0x278, 0x27A, NULL, 0), 0);
    assert_int_equal(claims_in(descriptions, 0x3BC, 0x3BE, NULL, 0), 0);
    /* what a reader without privilege sees */
    static const char hidden[] =
        "0000-0000 : PCI Bus 0000:00\n"
        "  0000-0000 : dma1\n"
        "  0000-0000 : parport0\n";
    assert_int_equal(claims_in(hidden, 0x0, 0x2, NULL, 0), 0);
    assert_int_equal(claims_in(hidden, 0x378, 0x37A, NULL, 0), 0);
}

static void malformed_lines_are_ignored(void **state)
{
    (void)state;
    static const char text[] =
        "  0378-037a : parport0\r\n"   /* CRLF */
        "\n"
        "garbage\n"
        "0378 : no range\n"
        "0378-037a parport9\n"         /* no colon */
        "037a-0378 : backwards\n"
        "0378-037a : \n"               /* no name */
        "123456789-123456789 : huge\n" /* more than 32 bits */
        "0378-";                       /* cut short, no newline */
    struct lpt_probe_claim claims[4];
    assert_int_equal(claims_in(text, 0x378, 0x37A, claims, 4), 1);
    assert_string_equal(claims[0].name, "parport0");
}

static void long_lines_and_many_claims_are_handled(void **state)
{
    (void)state;
    static char text[4096];
    char long_name[400];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    /* Lines longer than any buffer: the rest of a line is no line of its
     * own (the spaces make the end of the second one look like an entry),
     * and the claim after them is not lost. */
    snprintf(text, sizeof text, "0378-037a : %s\n0378-037a : spaces%1000s0378-037a : ghost\n"
                                "0379-0379 : after\n",
             long_name, "");
    struct lpt_probe_claim claims[4];
    assert_int_equal(claims_in(text, 0x378, 0x37A, claims, 4), 3);
    assert_int_equal(strlen(claims[0].name), sizeof claims[0].name - 1);
    assert_string_equal(claims[1].name, "spaces");
    assert_string_equal(claims[2].name, "after");

    size_t used = 0;
    for (unsigned i = 0; i < 6; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "0378-037a : driver%u\n", i);
    assert_int_equal(claims_in(text, 0x378, 0x37A, claims, 4), 6);
    assert_string_equal(claims[3].name, "driver3");
}

#define IOPORTS_SAMPLE "test_lpt_probe_ioports.txt"

static void write_ioports_sample(const char *contents)
{
    FILE *file = fopen(IOPORTS_SAMPLE, "w");
    assert_non_null(file);
    assert_int_not_equal(fputs(contents, file), EOF);
    assert_int_equal(fclose(file), 0);
}

static int remove_ioports_sample(void **state)
{
    (void)state;
    remove(IOPORTS_SAMPLE);
    return 0;
}

static void claim_warning_names_the_driver_and_the_fix(void **state)
{
    (void)state;
    write_ioports_sample(desktop_with_parport);
    FILE *err = tmpfile();
    assert_non_null(err);
    assert_int_equal(lpt_probe_warn_about_claims(IOPORTS_SAMPLE, 0x378, err), 1);
    assert_int_equal(lpt_probe_warn_about_claims(IOPORTS_SAMPLE, 0x278, err), 0);
    assert_int_equal(lpt_probe_warn_about_claims(IOPORTS_SAMPLE, 0x3F9, err), 1);
    char text[1024];
    read_text_back(err, text, sizeof text);
    assert_string_equal(text,
                        "lpt_probe: warning: the kernel's parport0 driver claims 0x378-0x37A; it and "
                        "this probe would fight over the port (rmmod lp ppdev parport_pc to free it)\n"
                        "lpt_probe: warning: the kernel's serial driver claims 0x3F8-0x3FF; it and "
                        "this probe would fight over the port\n");
}

static void missing_ioports_file_warns_nothing(void **state)
{
    (void)state;
    FILE *err = tmpfile();
    assert_non_null(err);
    assert_int_equal(lpt_probe_warn_about_claims("no/such/ioports", 0x378, err), 0);
    assert_int_equal(lpt_probe_warn_about_claims(NULL, 0x378, err), 0);
    char text[64];
    read_text_back(err, text, sizeof text);
    assert_string_equal(text, "");
}

static void program_warns_about_claims_and_still_probes(void **state)
{
    (void)state;
    write_ioports_sample(desktop_with_parport);
    (void)lpt_at(0x378);
    char *argv[] = {"lpt_probe"};
    struct lpt_probe_options options = parsed(ARGC(argv), argv);
    options.ioports_path = IOPORTS_SAMPLE;
    struct captured result;
    execute_options(&options, &result);
    assert_int_equal(result.exit_status, LPT_PROBE_EXIT_OK);
    assert_string_equal(result.out, "Parallel port found at 0x378 (status 0xD8, control 0xCC)\n");
    assert_string_equal(result.err,
                        "lpt_probe: warning: the kernel's parport0 driver claims 0x378-0x37A; it and "
                        "this probe would fight over the port (rmmod lp ppdev parport_pc to free it)\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, use_empty_mock)
#define T_WITH_FILE(name) cmocka_unit_test_setup_teardown(name, use_empty_mock, remove_ioports_sample)
        T(no_arguments_probe_the_usual_bases),
        T(given_bases_replace_the_usual_ones_in_order),
        T(bad_numbers_are_usage_errors),
        T(bases_without_room_for_3_ports_are_usage_errors),
        T(more_bases_than_the_limit_are_a_usage_error),
        T(backend_option_takes_the_next_word_or_after_equals),
        T(backend_option_without_a_name_is_a_usage_error),
        T(simulate_option_is_recorded),
        T(simulate_with_backend_is_a_usage_error),
        T(help_option_is_recorded),
        T(unknown_options_are_usage_errors),
        T(claims_are_checked_only_off_the_mock),
        T(probe_finds_the_mock_lpt),
        T(probe_writes_both_patterns_after_saving_the_data),
        T(probe_reads_the_control_register),
        T(latch_reading_only_0xff_is_not_found),
        T(latch_reading_only_0x00_is_not_found),
        T(latch_reading_back_one_pattern_is_not_found),
        T(unclaimed_range_is_not_found),
        T(data_is_restored_when_found),
        T(data_is_restored_when_not_found),
        T(refused_enable_is_returned_and_touches_nothing),
        T(simulate_finds_the_simulated_port),
        T(simulate_at_other_bases_finds_nothing),
        T(each_port_found_gets_one_line_in_probe_order),
        T(addresses_print_in_uppercase_hex),
        T(nothing_found_prints_so_and_exits_0),
        T(refused_base_does_not_stop_the_others_and_exits_3),
        T(every_refused_base_is_named_with_its_reason),
        T(nothing_found_beside_refusals_names_the_bases_probed),
        T(all_bases_refused_exits_1_and_prints_nothing),
        T(unusable_backend_exits_2_with_the_reason),
        T(usage_errors_exit_2_and_print_nothing_on_out),
        T(help_prints_usage_on_out_and_exits_0),
        T(claimed_range_is_found_under_its_bus),
        T(unclaimed_ranges_have_no_claims),
        T(ranges_overlapping_any_probed_port_are_claims),
        T(innermost_of_nested_entries_is_the_claim),
        T(siblings_after_an_unclaimed_bar_are_not_its_children),
        T(bus_descriptions_and_hidden_ranges_are_no_claims),
        T(malformed_lines_are_ignored),
        T(long_lines_and_many_claims_are_handled),
        T_WITH_FILE(claim_warning_names_the_driver_and_the_fix),
        T(missing_ioports_file_warns_nothing),
        T_WITH_FILE(program_warns_about_claims_and_still_probes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
