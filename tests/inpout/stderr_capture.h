/* SPDX-License-Identifier: MIT
 *
 * Captures what a test's code writes on stderr (file descriptor 2) into a
 * file, for the inpout DLL's tests.
 */
#ifndef INPOUT_STDERR_CAPTURE_H
#define INPOUT_STDERR_CAPTURE_H

#include <stdio.h>
#include <string.h>
#ifdef _WIN32
#include <io.h>
#define capture_dup _dup
#define capture_dup2 _dup2
#define capture_fileno _fileno
#else
#include <unistd.h>
#define capture_dup dup
#define capture_dup2 dup2
#define capture_fileno fileno
#endif

struct stderr_capture {
    int saved;
    FILE *file;
};

static inline void stderr_capture_start(struct stderr_capture *capture, const char *path)
{
    fflush(stderr);
    capture->file = fopen(path, "w+");
    capture->saved = capture_dup(2);
    if (capture->file)
        capture_dup2(capture_fileno(capture->file), 2);
}

/* Stops capturing; text gets what was written (at most size - 1 bytes). */
static inline void stderr_capture_stop(struct stderr_capture *capture, char *text, size_t size)
{
    fflush(stderr);
    capture_dup2(capture->saved, 2);
    text[0] = '\0';
    if (!capture->file)
        return;
    rewind(capture->file);
    size_t length = fread(text, 1, size - 1, capture->file);
    text[length] = '\0';
    fclose(capture->file);
}

/* How many times needle occurs in text. */
static inline int count_occurrences(const char *text, const char *needle)
{
    int count = 0;
    for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
        count++;
    return count;
}

#endif
