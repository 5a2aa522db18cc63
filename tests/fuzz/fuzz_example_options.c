/* SPDX-License-Identifier: MIT */
/*
 * The examples' shared command line (examples/common/example_options.h)
 * under libFuzzer. Byte 0 gives the syntax (whether --base is an option,
 * the least and most positional arguments), byte 1 a maximum for
 * example_number; the rest is argv after the program, split at NUL and
 * newline bytes. The target checks, against a plain reference scan
 * ("--" ends options, "-" is positional, --simulate, --backend NAME,
 * --base PORT where taken, -h/--help, any other "-..." is a mistake):
 *   - example_command_line returns -1, 0 or 2, as the reference does;
 *   - on -1: the positional arguments are the reference's, in order, their
 *     count within [min, max]; --simulate, --backend and --base (read by
 *     the reference number parser) as the reference read them;
 *   - argv afterwards is a permutation of argv before;
 *   - on 2 err is written, on 0 out is, and not the other;
 *   - example_number agrees with the reference number parser, and
 *     parse_number and parse_width with theirs, on every argument;
 *   - example_choose_backend with the line: the mock for --simulate,
 *     Linux backends chosen, "driver" 1, unknown names 2, both --simulate
 *     and --backend 2; afterwards enabling ports works only on the mock
 *     (the system-call table refuses, so nothing reaches the hardware).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example_options.h"
#include "portio.h"
#include "ranges.h"
#include "fuzz_arguments.h"
#include "reference_number.h"
#include "refusing_system.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 16

struct reference_line {
    int status;
    bool simulate, base_given;
    const char *backend;
    uint16_t base;
    int count;
    const char *positional[MAX_ARGS];
};

static bool is_help(const char *argument)
{
    return strcmp(argument, "-h") == 0 || strcmp(argument, "--help") == 0;
}

static struct reference_line reference_scan(int argc, char **argv, const struct example_syntax *syntax)
{
    struct reference_line line = {.status = 2};
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options || a[0] != '-' || strcmp(a, "-") == 0) {
            line.positional[line.count++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options = false;
        } else if (is_help(a)) {
            line.status = 0;
            return line;
        } else if (strcmp(a, "--simulate") == 0) {
            line.simulate = true;
        } else if (strcmp(a, "--backend") == 0) {
            if (i + 1 == argc)
                return line;
            line.backend = argv[++i];
        } else if (syntax->takes_base && strcmp(a, "--base") == 0) {
            uint32_t base;
            if (i + 1 == argc || reference_number(argv[++i], 0xFFFF, &base) != NUMBER_OK)
                return line;
            line.base_given = true;
            line.base = (uint16_t)base;
        } else {
            return line;
        }
    }
    if (line.count >= syntax->min_count && line.count <= syntax->max_count)
        line.status = -1;
    return line;
}

static void fail(const char *what, int argc, char **argv, const char *out, const char *err)
{
    fprintf(stderr, "fuzz_example_options: %s\nargv:", what);
    for (int i = 0; i < argc; i++)
        fprintf(stderr, " [%s]", argv[i]);
    fprintf(stderr, "\nout: [%s]\nerr: [%s]\n", out ? out : "", err ? err : "");
    abort();
}

/* The same pointers, in any order. */
static bool permutation(char **before, char **after, int argc)
{
    bool used[MAX_ARGS + 1] = {false};
    for (int i = 0; i < argc; i++) {
        int j = 0;
        while (j < argc && (used[j] || before[j] != after[i]))
            j++;
        if (j == argc)
            return false;
        used[j] = true;
    }
    return true;
}

/* example_number against the reference, messages on err only on refusal. */
static void check_example_number(const char *text, uint32_t max)
{
    char *err_text = NULL;
    size_t err_size = 0;
    FILE *err = open_memstream(&err_text, &err_size);
    uint32_t value = 0x5a5a5a5a, expected_value = 0x5a5a5a5a;
    bool ok = example_number(text, "port", max, &value, "example", err);
    fclose(err);
    bool expected_ok = reference_number(text, max, &expected_value) == NUMBER_OK;
    if (ok != expected_ok || value != expected_value || (err_text[0] != '\0') == ok) {
        fprintf(stderr, "example_number(\"%s\", 0x%x) gave %d 0x%x [%s]; the reference %d 0x%x\n",
                text, (unsigned)max, ok, (unsigned)value, err_text, expected_ok,
                (unsigned)expected_value);
        abort();
    }
    free(err_text);
}

/* example_choose_backend with the line, then an enable: only the mock may
 * grant ports. */
static void check_choose_backend(const struct example_command_line *line, int argc, char **argv)
{
    char *err_text = NULL;
    size_t err_size = 0;
    FILE *err = open_memstream(&err_text, &err_size);
    int status = example_choose_backend(line, "example", err);
    fclose(err);
    int expected = -1;
    const char *name = line->simulate ? "mock" : line->backend;
    if (line->simulate && line->backend)
        expected = 2;
    else if (name && strcmp(name, "driver") == 0)
        expected = 1;
    else if (name && strcmp(name, "auto") != 0 && strcmp(name, "direct") != 0 &&
             strcmp(name, "ppdev") != 0 && strcmp(name, "devport") != 0 &&
             strcmp(name, "mock") != 0)
        expected = 2;
    if (status != expected || (err_text[0] != '\0') != (status != -1))
        fail("example_choose_backend answered otherwise than the reference", argc, argv, NULL,
             err_text);
    if (status == -1) {
        const char *chosen = name ? name : "auto";
        if (strcmp(portio_backend(), chosen) != 0)
            fail("example_choose_backend chose another backend", argc, argv, NULL, err_text);
        int enabled = portio_enable(0x378, 3);
        if ((enabled == PORTIO_OK) != (strcmp(chosen, "mock") == 0))
            fail("a backend other than the mock granted ports, or the mock refused", argc, argv,
                 NULL, portio_last_error());
        portio_disable(0x378, 3);
    }
    free(err_text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_reset_library();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    struct example_syntax syntax = {
        .name = "example",
        .usage = "usage: example [--simulate] [--backend NAME] [--base PORT] ARGUMENT...\n",
        .takes_base = (data[0] & 1) != 0,
        .min_count = (data[0] >> 1) & 3,
    };
    syntax.max_count = syntax.min_count + ((data[0] >> 3) & 7);
    uint32_t max = data[1] & 0x80 ? 0xFFFFFFFFu : (uint32_t)data[1] * 0x0101u;

    char *argv[MAX_ARGS + 1];
    int argc = 0;
    argv[argc++] = strdup("example");
    argc = fuzz_split_arguments(data, size, 2, argv, argc, MAX_ARGS);
    for (int i = 1; i < argc; i++) {
        check_number_parsers(argv[i], max);
        check_example_number(argv[i], max);
        check_example_number(argv[i], 0xFFFF);
    }

    char *before[MAX_ARGS + 1];
    memcpy(before, argv, sizeof before);
    struct reference_line expected = reference_scan(argc, before, &syntax);

    char *out_text = NULL, *err_text = NULL;
    size_t out_size = 0, err_size = 0;
    FILE *out = open_memstream(&out_text, &out_size);
    FILE *err = open_memstream(&err_text, &err_size);
    struct example_command_line line;
    int status = example_command_line(argc, argv, &syntax, &line, out, err);
    fclose(out);
    fclose(err);

    if (status != expected.status)
        fail("the status is not the reference's", argc, before, out_text, err_text);
    if (!permutation(before, argv, argc) || argv[argc] != NULL || argv[0] != before[0])
        fail("argv afterwards is not a permutation of argv before", argc, before, out_text,
             err_text);
    if ((status == 2) != (err_text[0] != '\0') || (status == 0) != (out_text[0] != '\0'))
        fail("out or err written otherwise than the status says", argc, before, out_text, err_text);
    if (status == -1) {
        if (line.count != expected.count || line.count < syntax.min_count ||
            line.count > syntax.max_count)
            fail("another count of positional arguments", argc, before, out_text, err_text);
        for (int i = 0; i < line.count; i++)
            if (line.positional[i] != expected.positional[i])
                fail("other positional arguments, or in another order", argc, before, out_text,
                     err_text);
        if (line.simulate != expected.simulate || line.backend != expected.backend ||
            line.base_given != expected.base_given || (line.base_given && line.base != expected.base))
            fail("options read otherwise than the reference", argc, before, out_text, err_text);
        check_choose_backend(&line, argc, before);
        fuzz_forget_backend_choice();
    }
    free(out_text);
    free(err_text);
    for (int i = 0; i < argc; i++)
        free(before[i]);
    return 0;
}
