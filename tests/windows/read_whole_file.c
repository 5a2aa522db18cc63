/* SPDX-License-Identifier: MIT */
#include "read_whole_file.h"

#include <stdio.h>
#include <stdlib.h>

unsigned char *read_whole_file(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        perror(path);
        return NULL;
    }
    size_t capacity = 1 << 16, used = 0;
    unsigned char *bytes = malloc(capacity);
    while (bytes) {
        used += fread(bytes + used, 1, capacity - used, file);
        if (used < capacity)
            break;
        capacity *= 2;
        unsigned char *grown = realloc(bytes, capacity);
        if (!grown)
            free(bytes);
        bytes = grown;
    }
    if (!bytes || ferror(file)) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(bytes);
        bytes = NULL;
    }
    fclose(file);
    *size = used;
    return bytes;
}
