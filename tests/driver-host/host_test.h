/* SPDX-License-Identifier: MIT */
/*
 * A small runner for the driver-host tests (no cmocka: the 32-bit build has
 * no 32-bit cmocka). Each case runs in a child process of its own, so that
 * every case loads a fresh driver image, and a violation (abort) fails that
 * case only. The program fails unless every case ran and passed.
 */
#ifndef PORTIO_HOST_TEST_H
#define PORTIO_HOST_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "driver_harness.h"

/* A check of the test's own: like a violation, it stops the case. */
#define CHECK(condition)                                                                                    \
    do {                                                                                                    \
        if (!(condition))                                                                                   \
            fake_violation("%s:%d: check failed: %s", __FILE__, __LINE__, #condition);                      \
    } while (0)
#define CHECK_STATUS(expression, expected)                                                                  \
    do {                                                                                                    \
        NTSTATUS check_status_ = (expression);                                                              \
        if (check_status_ != (NTSTATUS)(expected))                                                          \
            fake_violation("%s:%d: %s gave %#x, expected %#x", __FILE__, __LINE__, #expression,             \
                           (unsigned)check_status_, (unsigned)(expected));                                  \
    } while (0)

struct host_test {
    const char *name;
    void (*run)(void);
};

/* Runs the cases named on the command line, or all; exit 0 only when every
 * one that should have run did and passed. */
static inline int host_test_main(const struct host_test *tests, size_t count, int argc, char **argv)
{
    size_t ran = 0, passed = 0, wanted = 0;
    for (size_t i = 0; i < count; i++) {
        int selected = argc < 2;
        for (int a = 1; a < argc; a++)
            selected |= strcmp(argv[a], tests[i].name) == 0;
        if (!selected)
            continue;
        wanted++;
        fflush(stdout);
        pid_t child = fork();
        if (child < 0) {
            perror("fork");
            return 1;
        }
        if (child == 0) {
            tests[i].run();
            _exit(0);
        }
        int status = 0;
        waitpid(child, &status, 0);
        ran++;
        int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        passed += ok;
        printf("%s %s\n", ok ? "ok    " : "FAILED", tests[i].name);
    }
    if (argc >= 2 && wanted != (size_t)(argc - 1)) {
        fprintf(stderr, "some case named on the command line does not exist\n");
        return 1;
    }
    printf("%zu of %zu cases passed\n", passed, ran);
    return ran > 0 && passed == ran ? 0 : 1;
}

#endif
