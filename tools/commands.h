/* SPDX-License-Identifier: MIT */
/* The portio command's commands, as functions a test can call: each takes
 * its arguments (those after the command's name), prints results to out and
 * problems to err, and returns the process exit status. */
#ifndef PORTIO_TOOL_COMMANDS_H
#define PORTIO_TOOL_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "driver_settings.h"

/* The exit statuses of the portio command. */
enum tool_exit {
    TOOL_EXIT_OK = 0,
    TOOL_EXIT_FAILED = 1, /* the system refused or failed: portio_last_error() on err */
    TOOL_EXIT_USAGE = 2   /* bad command line: unknown command or option, bad number, range */
};

/* read [-w 8|16|32] PORT: prints the value as 0x and 2, 4 or 8 lowercase digits. */
int command_read(int argc, char **argv, FILE *out, FILE *err);

/* write [-w 8|16|32] PORT VALUE: prints nothing when it worked. */
int command_write(int argc, char **argv, FILE *out, FILE *err);

/* dump PORT COUNT: COUNT 8-bit reads from PORT upwards, 16 to a line, each
 * line led by its first port: "0378: 5a d9 cc". */
int command_dump(int argc, char **argv, FILE *out, FILE *err);

/* list [PORT]: the ranges in ioports_path (Linux's /proc/ioports), or those
 * that contain PORT. On Windows the command answers TOOL_EXIT_USAGE. */
int command_list(int argc, char **argv, const char *ioports_path, FILE *out, FILE *err);

/* driver install [PATH] [--ports RANGES] [--all-users] | configure
 * [--ports RANGES] [--all-users] | remove | status: Windows only
 * (TOOL_EXIT_USAGE elsewhere). */
int command_driver(int argc, char **argv, FILE *out, FILE *err);

/* What "portio driver ..." asks for. install and configure each state the
 * whole configuration: a setting left out is the default. */
enum driver_action { DRIVER_INSTALL, DRIVER_CONFIGURE, DRIVER_REMOVE, DRIVER_STATUS };
struct driver_arguments {
    bool help; /* -h or --help: the usage went to out, nothing else to do */
    enum driver_action action;
    const char *path; /* install's PATH, or NULL */
    struct driver_settings settings;
};

/* driver's arguments (those after "driver"), checked on every system before
 * anything is written: unknown words, --all-users without --ports and bad
 * RANGES are TOOL_EXIT_USAGE with the reason on err. */
int driver_arguments_parse(int argc, char **argv, struct driver_arguments *args, FILE *out,
                           FILE *err);

void portio_tool_usage(FILE *out);

/*
 * The whole command line, as main receives it (argv[0] is the program):
 *   portio [--backend NAME] COMMAND [ARGS]  |  --help  |  --version
 */
int portio_tool_main(int argc, char **argv, FILE *out, FILE *err);

#endif
