/* SPDX-License-Identifier: MIT */
/* A fuzz input as a command line's arguments. */
#ifndef FUZZ_ARGUMENTS_H
#define FUZZ_ARGUMENTS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Appends to argv[0 .. argc - 1] the arguments in data[start .. size - 1],
 * split at every NUL or newline byte, while argc stays below max_args; each
 * argument in an allocation of its own, so that an overread shows. Sets
 * argv[argc] to NULL and returns the new argc. argv holds max_args + 1.
 */
int fuzz_split_arguments(const uint8_t *data, size_t size, size_t start, char **argv, int argc,
                         int max_args);

#endif
