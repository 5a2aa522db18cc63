/* SPDX-License-Identifier: MIT */
/* lpt_print: sends a file to a parallel port. The program is in
 * program.c, where the tests can run it too. */
#include <stdio.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

#include "lpt_print.h"

int main(int argc, char **argv)
{
#ifdef _WIN32
    /* Bytes as they are: text mode would turn \n into \r\n on the way out
     * and end standard input at the first 0x1A (Ctrl-Z). */
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
#endif
    return lpt_print_run(argc, argv, stdin, stdout, stderr);
}
