/* SPDX-License-Identifier: MIT */
/*
 * iopl_exec PROGRAM [ARGS...]: raises the I/O privilege level to 3 and
 * executes PROGRAM. Linux keeps the level across fork and exec, so every
 * process PROGRAM starts has it too. Built static for the Wine guest: the
 * wineserver and the portio service are started through it, the client
 * programs are not.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/io.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: iopl_exec PROGRAM [ARGS...]\n");
        return 2;
    }
    if (iopl(3) != 0) {
        perror("iopl_exec: iopl(3)");
        return 1;
    }
    execvp(argv[1], argv + 1);
    perror("iopl_exec: exec");
    return 127;
}
