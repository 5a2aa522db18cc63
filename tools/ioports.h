/* SPDX-License-Identifier: MIT */
/* "portio list": who claims which I/O port ranges, from Linux's
 * /proc/ioports. The reader takes any path, so tests give it a sample. */
#ifndef PORTIO_TOOL_IOPORTS_H
#define PORTIO_TOOL_IOPORTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define IOPORTS_PATH "/proc/ioports"
#define IOPORTS_NAME_SIZE 128

/* One line of /proc/ioports, such as "  0070-0071 : rtc_cmos". */
struct ioports_entry {
    uint32_t first, last; /* inclusive */
    unsigned depth;       /* nesting: 0 for a top-level range, 1 inside it... */
    char name[IOPORTS_NAME_SIZE];
};

/*
 * Parses one line (with or without its newline). Returns false for a line
 * that is not a range: the entry is then unchanged. Names longer than the
 * entry holds are cut.
 */
bool ioports_parse_line(const char *line, struct ioports_entry *entry);

/* For ioports_list: every range, or only those that contain a port. */
#define IOPORTS_ALL_PORTS (-1)

/*
 * Prints the ranges in the file at path, nested as the kernel nests them:
 *     0000-0cf7  PCI Bus 0000:00
 *       0070-0071  rtc_cmos
 * all of them, or (port >= 0) only those that contain port. Returns the exit
 * status: 0; 1 when the file cannot be read, or when the kernel hid the
 * addresses (it shows 0000-0000 to users without CAP_SYS_ADMIN), with what to
 * do on err.
 */
int ioports_list(const char *path, int32_t port, FILE *out, FILE *err);

#endif
