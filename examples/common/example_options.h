/* The command line every small example shares:
 *   NAME [--simulate] [--backend NAME] [-h | --help] */
#ifndef PORTIO_EXAMPLE_OPTIONS_H
#define PORTIO_EXAMPLE_OPTIONS_H

#include <stdbool.h>

/* Reads the options and chooses the backend. Returns -1 when the example
 * should go on (*simulate says whether to set up its mock device), else the
 * exit status: 0 after --help, 2 for a mistake on the command line
 * (including a backend name the library does not know), 1 for a backend
 * this system lacks. Messages go to stderr, prefixed with `name`. */
int example_options(int argc, char **argv, const char *name, const char *usage, bool *simulate);

#endif
