/* SPDX-License-Identifier: MIT */
/*
 * The backend's name from untrusted text, under libFuzzer: the input is the
 * value of PORTIO_BACKEND (cut at its first NUL byte), then the same text
 * given to portio_use_backend. The target checks against a plain reference
 * (empty or unset -> "auto"; auto, direct, ppdev, devport, driver, mock -> that
 * name; anything else -> "invalid"):
 *   - portio_backend() is the reference's name;
 *   - portio_enable(0x378, 3) with it: the mock grants it; an unknown name
 *     is PORTIO_E_INVALID with a message that quotes the value and lists
 *     the names; auto, direct and devport are refused (the system-call
 *     table refuses, as for a process without privilege), never granted;
 *     ppdev is PORTIO_E_UNSUPPORTED (that table shows no parallel port);
 *     driver is PORTIO_E_UNSUPPORTED on Linux; nothing stays enabled after
 *     a refusal;
 *   - portio_use_backend(text) agrees with the same reference: a Linux
 *     backend is chosen (portio_backend() then names it), driver is
 *     PORTIO_E_UNSUPPORTED, anything else PORTIO_E_INVALID quoting it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portio.h"
#include "ranges.h"
#include "refusing_system.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ALL_NAMES "auto, direct, ppdev, devport, driver or mock"

/* Messages quote at most this much of a name, then "...", so that the
 * list of names after it always fits. */
#define QUOTED_NAME_MAX 64

static const char *reference_name(const char *value)
{
    static const char *const names[] = {"auto", "direct", "ppdev", "devport", "driver", "mock"};
    if (!value || !*value)
        return "auto";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(value, names[i]) == 0)
            return names[i];
    return "invalid";
}

static void fail(const char *what, const char *value, int status)
{
    fprintf(stderr, "fuzz_backend_env: %s\nvalue: [%s]\nstatus: %d\nmessage: %s\n", what, value,
            status, portio_last_error());
    abort();
}

/* The message quotes the value and names every backend. */
static void check_quoted(const char *value, int status)
{
    char quoted[QUOTED_NAME_MAX + 6];
    snprintf(quoted, sizeof quoted, "\"%.*s%s\"", QUOTED_NAME_MAX, value,
             strlen(value) > QUOTED_NAME_MAX ? "..." : "");
    if (!strstr(portio_last_error(), quoted) || !strstr(portio_last_error(), ALL_NAMES))
        fail("the message does not quote the value and list the names", value, status);
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
    /* A C string: the environment cuts at the first NUL. */
    char *value = malloc(size + 1);
    memcpy(value, data, size);
    value[size] = '\0';
    /* setenv refuses nothing but '=' in the name; the value is free. */
    if (setenv("PORTIO_BACKEND", value, 1) != 0)
        abort();
    const char *expected = reference_name(value);
    bool dirty = false;

    if (strcmp(portio_backend(), expected) != 0)
        fail("portio_backend() is not the reference's name", value, 0);
    int status = portio_enable(0x378, 3);
    if (strcmp(expected, "mock") == 0) {
        if (status != PORTIO_OK || strcmp(portio_backend(), "mock") != 0)
            fail("PORTIO_BACKEND=mock did not enable on the mock", value, status);
        dirty = true;
    } else {
        if (status == PORTIO_OK)
            fail("a backend other than the mock granted ports", value, status);
        if (strcmp(expected, "invalid") == 0) {
            if (status != PORTIO_E_INVALID)
                fail("an unknown PORTIO_BACKEND is not PORTIO_E_INVALID", value, status);
            check_quoted(value, status);
        } else if (strcmp(expected, "driver") == 0) {
            if (status != PORTIO_E_UNSUPPORTED)
                fail("PORTIO_BACKEND=driver is not PORTIO_E_UNSUPPORTED on Linux", value, status);
        } else if (strcmp(expected, "ppdev") == 0) {
            if (status != PORTIO_E_UNSUPPORTED)
                fail("PORTIO_BACKEND=ppdev without a parallel port is not PORTIO_E_UNSUPPORTED",
                     value, status);
        } else if (status != PORTIO_E_PERM) {
            /* auto, direct, devport: ioperm EPERM, /dev/port EACCES. */
            fail("a refused backend is not PORTIO_E_PERM", value, status);
        }
        if (!portio_ranges_empty())
            fail("a refused enable left ports enabled", value, status);
        if (strcmp(portio_backend(), expected) != 0)
            fail("a refused enable changed portio_backend()", value, status);
    }
    if (!dirty) {
        /* The same text as a name, with no port enabled. */
        status = portio_use_backend(value);
        if (strcmp(expected, "invalid") == 0 || strcmp(value, "") == 0) {
            if (status != PORTIO_E_INVALID)
                fail("portio_use_backend took an unknown name", value, status);
            check_quoted(value, status);
        } else if (strcmp(expected, "driver") == 0) {
            if (status != PORTIO_E_UNSUPPORTED)
                fail("portio_use_backend(\"driver\") is not PORTIO_E_UNSUPPORTED on Linux", value,
                     status);
        } else {
            if (status != PORTIO_OK || strcmp(portio_backend(), value) != 0)
                fail("portio_use_backend did not choose a Linux backend", value, status);
            dirty = true;
        }
    }
    /* Only a choice made or a port granted needs the whole reset, which
     * costs most of an input's time. */
    if (dirty)
        fuzz_reset_library();
    else
        unsetenv("PORTIO_BACKEND");
    free(value);
    return 0;
}
