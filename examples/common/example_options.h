/* SPDX-License-Identifier: MIT */
/* The command line the examples share:
 *   NAME [--simulate] [--backend NAME] [-h | --help]
 * and, for the examples that talk to one device at a base port and take
 * arguments of their own:
 *   NAME [--simulate] [--backend NAME] [--base PORT] [--force] [-h | --help] ARGUMENT... */
#ifndef PORTIO_EXAMPLE_OPTIONS_H
#define PORTIO_EXAMPLE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Reads the options and chooses the backend. Returns -1 when the example
 * should go on (*simulate says whether to set up its mock device), else the
 * exit status: 0 after --help, 2 for a mistake on the command line
 * (including a backend name the library does not know), 1 for a backend
 * this system lacks. Messages go to stderr, prefixed with `name`. */
int example_options(int argc, char **argv, const char *name, const char *usage, bool *simulate);

/* The longer command line, read by example_command_line. */
struct example_command_line {
    bool simulate;       /* --simulate */
    const char *backend; /* --backend NAME; NULL when not given */
    bool base_given;     /* --base PORT */
    uint16_t base;
    bool force;          /* --force */
    int count;           /* how many positional arguments */
    char **positional;   /* they, in the order given */
};

/* What an example's command line looks like, for example_command_line. */
struct example_syntax {
    const char *name;  /* the program, the prefix of every message */
    const char *usage; /* the --help text */
    bool takes_base;   /* --base PORT is an option */
    bool takes_force;  /* --force is an option (what it allows is the example's) */
    int min_count;     /* positional arguments, at least and at most */
    int max_count;
};

/*
 * Reads argv (argv[0] is the program) into line. Options may come anywhere
 * before "--"; "-" alone is a positional argument. argv is reordered in
 * place so that line->positional points into it. Nothing is chosen or
 * touched yet: example_choose_backend does that.
 * Returns -1 when the example should go on, 0 after --help (the usage went
 * to out) and 2 for a mistake (what is wrong, then a hint, went to err).
 */
int example_command_line(int argc, char **argv, const struct example_syntax *syntax,
                         struct example_command_line *line, FILE *out, FILE *err);

/* Selects the mock backend for --simulate, or the backend --backend names.
 * Returns -1 when the example should go on, else the exit status after a
 * message on err: 2 for a name the library does not know, 1 for a backend
 * this system lacks. */
int example_choose_backend(const struct example_command_line *line, const char *name, FILE *err);

/*
 * A number as a person types it: hex after 0x, else decimal, the whole text
 * and nothing else, at most max. A decimal number with a leading zero
 * ("0378") is refused as ambiguous. On a mistake it writes "NAME: the WHAT
 * \"TEXT\" ..." with the reason to err and returns false.
 */
bool example_number(const char *text, const char *what, uint32_t max, uint32_t *value,
                    const char *name, FILE *err);

#endif
