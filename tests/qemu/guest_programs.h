/* SPDX-License-Identifier: MIT */
/* For guest programs that run the example binaries and the portio command
 * copied to /portio by prepare_guest.sh, as a user runs them from a shell:
 * each run is a process of its own (it enables its own ports), its output
 * captured for exact comparison. Header-only: each program has its own
 * out_text and err_text. */
#ifndef GUEST_PROGRAMS_H
#define GUEST_PROGRAMS_H

#include "test_support.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROGRAMS "/portio/"

/* What the last run printed. */
static char out_text[16384];
static char err_text[4096];

/* Reads all of fd into text. */
static inline void drain(int fd, char *text, size_t size)
{
    size_t length = 0;
    ssize_t n;
    while ((n = read(fd, text + length, size - 1 - length)) > 0)
        length += (size_t)n;
    text[length] = '\0';
    close(fd);
}

/* Runs PROGRAMS/words[0] with the words after it as arguments (words ends
 * with NULL), its standard input from input_path (NULL: /dev/null), and
 * returns its exit status; its output is in out_text and err_text. */
static inline int run_words_from(const char *input_path, const char *const *words)
{
    char path[256];
    char *argv[24];
    int argc = 0;
    snprintf(path, sizeof path, PROGRAMS "%s", words[0]);
    argv[argc++] = path;
    for (; words[argc]; argc++) {
        assert_true(argc < 23);
        argv[argc] = (char *)(uintptr_t)words[argc]; /* execv does not write them */
    }
    argv[argc] = NULL;

    int input = open(input_path ? input_path : "/dev/null", O_RDONLY);
    if (input < 0)
        fail_msg("cannot open %s", input_path ? input_path : "/dev/null");
    int out_pipe[2], err_pipe[2];
    assert_int_equal(pipe(out_pipe), 0);
    assert_int_equal(pipe(err_pipe), 0);
    fflush(NULL);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        dup2(input, 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        close(out_pipe[0]);
        close(err_pipe[0]);
        execv(path, argv);
        _exit(127);
    }
    close(input);
    close(out_pipe[1]);
    close(err_pipe[1]);
    /* The outputs are far below a pipe's 64 KiB, so reading one pipe after
     * the other cannot stall the child. */
    drain(out_pipe[0], out_text, sizeof out_text);
    drain(err_pipe[0], err_text, sizeof err_text);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    print_message("$");
    for (int i = 0; i < argc; i++)
        print_message(" %s", argv[i]);
    if (input_path)
        print_message(" < %s", input_path);
    print_message("  -> exit %d\n%s%s", WEXITSTATUS(status), out_text, err_text);
    return WEXITSTATUS(status);
}

/* run("portio", "read", "0x379"): the program and its arguments. */
#define run(...) run_words_from(NULL, (const char *const[]){__VA_ARGS__, NULL})

#endif
