/* SPDX-License-Identifier: MIT */
#include "example_options.h"

#include <string.h>

#include "numbers.h"
#include "portio.h"

static bool is_help(const char *argument)
{
    return strcmp(argument, "-h") == 0 || strcmp(argument, "--help") == 0;
}

/* --backend NAME, or the mock for --simulate; the two exclude each other. */
static int choose_backend(bool simulate, const char *backend, const char *name, FILE *err)
{
    if (simulate && backend) {
        fprintf(err, "%s: --simulate chooses the mock backend; give one or the other\n", name);
        return 2;
    }
    if (simulate)
        backend = "mock";
    if (backend) {
        int status = portio_use_backend(backend);
        if (status != PORTIO_OK) {
            fprintf(err, "%s: %s\n", name, portio_last_error());
            return status == PORTIO_E_INVALID ? 2 : 1;
        }
    }
    return -1;
}

int example_options(int argc, char **argv, const char *name, const char *usage, bool *simulate)
{
    const char *backend = NULL;
    *simulate = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--simulate") == 0) {
            *simulate = true;
        } else if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc) {
            backend = argv[++i];
        } else if (is_help(argv[i])) {
            fputs(usage, stdout);
            return 0;
        } else {
            fputs(usage, stderr);
            return 2;
        }
    }
    /* With --simulate the mock is chosen here; the example selects it again
     * when it attaches its device, which changes nothing. */
    return choose_backend(*simulate, backend, name, stderr);
}

/* The hint after a mistake: the whole usage would bury the message. */
static int mistake(const struct example_syntax *syntax, FILE *err)
{
    fprintf(err, "Try '%s --help' for more.\n", syntax->name);
    return 2;
}

int example_command_line(int argc, char **argv, const struct example_syntax *syntax,
                         struct example_command_line *line, FILE *out, FILE *err)
{
    *line = (struct example_command_line){.positional = argv + 1};
    bool options_ended = false;
    for (int i = 1; i < argc; i++) {
        char *argument = argv[i];
        if (options_ended || argument[0] != '-' || strcmp(argument, "-") == 0) {
            /* Down to the end of the positional ones, the options read
             * since moved up by one: argv stays a permutation of itself
             * (copying it down would lose the options), and nothing past
             * i, not yet read, moves. */
            int slot = 1 + line->count;
            memmove(&argv[slot + 1], &argv[slot], (size_t)(i - slot) * sizeof *argv);
            argv[slot] = argument;
            line->count++;
        } else if (strcmp(argument, "--") == 0) {
            options_ended = true;
        } else if (is_help(argument)) {
            fputs(syntax->usage, out);
            return 0;
        } else if (strcmp(argument, "--simulate") == 0) {
            line->simulate = true;
        } else if (syntax->takes_force && strcmp(argument, "--force") == 0) {
            line->force = true;
        } else if (strcmp(argument, "--backend") == 0 ||
                   (syntax->takes_base && strcmp(argument, "--base") == 0)) {
            if (i + 1 == argc) {
                fprintf(err, "%s: %s needs a value\n", syntax->name, argument);
                return mistake(syntax, err);
            }
            const char *value = argv[++i];
            uint32_t base;
            if (strcmp(argument, "--backend") == 0) {
                line->backend = value;
            } else if (example_number(value, "base port", 0xFFFF, &base, syntax->name, err)) {
                line->base_given = true;
                line->base = (uint16_t)base;
            } else {
                return mistake(syntax, err);
            }
        } else {
            fprintf(err, "%s: unknown option \"%s\"\n", syntax->name, argument);
            return mistake(syntax, err);
        }
    }
    if (line->count < syntax->min_count || line->count > syntax->max_count) {
        fprintf(err, "%s: %s arguments\n", syntax->name,
                line->count < syntax->min_count ? "too few" : "too many");
        return mistake(syntax, err);
    }
    return -1;
}

int example_choose_backend(const struct example_command_line *line, const char *name, FILE *err)
{
    return choose_backend(line->simulate, line->backend, name, err);
}

bool example_number(const char *text, const char *what, uint32_t max, uint32_t *value,
                    const char *name, FILE *err)
{
    switch (parse_number(text, max, value)) {
    case NUMBER_OK:
        return true;
    case NUMBER_AMBIGUOUS:
        fprintf(err, "%s: the %s \"%s\" has a leading zero: write hex with 0x (0x%s) or decimal "
                     "without it\n",
                name, what, text, text + strspn(text, "0"));
        return false;
    case NUMBER_TOO_LARGE:
        fprintf(err, "%s: the %s \"%s\" is too large (at most %u, 0x%X)\n", name, what, text,
                (unsigned)max, (unsigned)max);
        return false;
    default:
        fprintf(err, "%s: the %s \"%s\" is not a number: write hex with 0x (0x1f) or decimal "
                     "(31)\n",
                name, what, text);
        return false;
    }
}
