/* SPDX-License-Identifier: MIT */
#include "fuzz_arguments.h"

#include <stdlib.h>
#include <string.h>

int fuzz_split_arguments(const uint8_t *data, size_t size, size_t start, char **argv, int argc,
                         int max_args)
{
    for (size_t i = start; i <= size && argc < max_args; i++) {
        if (i == size || data[i] == '\0' || data[i] == '\n') {
            char *argument = malloc(i - start + 1);
            memcpy(argument, data + start, i - start);
            argument[i - start] = '\0';
            argv[argc++] = argument;
            start = i + 1;
        }
    }
    argv[argc] = NULL;
    return argc;
}
