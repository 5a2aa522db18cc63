/* SPDX-License-Identifier: MIT */
/* The format of `portio dump`, which examples print too (smbus_eeprom). */
#ifndef PORTIO_TOOL_DUMP_FORMAT_H
#define PORTIO_TOOL_DUMP_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DUMP_PER_LINE 16

/* "0378: 55 d8 cc": the bytes, 16 a line, each line starting with the
 * address (a port, an offset) of its first byte. */
void print_dump(FILE *out, unsigned first, const uint8_t *bytes, size_t count);

#endif
