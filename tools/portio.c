/* SPDX-License-Identifier: MIT */
/*
 * The portio command: I/O ports from a shell.
 *   portio [--backend NAME] read [-w 8|16|32] PORT
 *   portio [--backend NAME] write [-w 8|16|32] PORT VALUE
 *   portio [--backend NAME] dump PORT COUNT
 *   portio list [PORT]                                (Linux)
 *   portio driver install [PATH] | remove | status   (Windows)
 *   portio --help | --version
 * The commands live in commands.c, where the tests call them.
 */
#include <stdio.h>

#include "commands.h"

int main(int argc, char **argv)
{
    return portio_tool_main(argc, argv, stdout, stderr);
}
