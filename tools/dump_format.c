/* SPDX-License-Identifier: MIT */
#include "dump_format.h"

void print_dump(FILE *out, unsigned first, const uint8_t *bytes, size_t count)
{
    for (size_t line = 0; line < count; line += DUMP_PER_LINE) {
        fprintf(out, "%04x:", (unsigned)(first + line));
        for (size_t i = line; i < count && i < line + DUMP_PER_LINE; i++)
            fprintf(out, " %02x", (unsigned)bytes[i]);
        fputc('\n', out);
    }
}
