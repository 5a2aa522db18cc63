/* SPDX-License-Identifier: MIT */
/* Reads /proc/ioports ("  0070-0071 : rtc_cmos", two spaces per level of
 * nesting) and prints it tidied, whole or filtered to one port. */
#include <errno.h>
#include <string.h>

#include "ioports.h"

/* Reads hex digits at *text; returns the number of digits read. */
static size_t read_hex(const char **text, uint32_t *value)
{
    size_t count = 0;
    uint32_t number = 0;
    for (const char *c = *text;; c++, count++) {
        unsigned digit;
        if (*c >= '0' && *c <= '9')
            digit = (unsigned)(*c - '0');
        else if (*c >= 'a' && *c <= 'f')
            digit = (unsigned)(*c - 'a' + 10);
        else if (*c >= 'A' && *c <= 'F')
            digit = (unsigned)(*c - 'A' + 10);
        else
            break;
        if (count == 8) /* more than 32 bits: not an I/O port range */
            return 0;
        number = number << 4 | digit;
    }
    *text += count;
    *value = number;
    return count;
}

bool ioports_parse_line(const char *line, struct ioports_entry *entry)
{
    const char *c = line;
    size_t spaces = strspn(c, " ");
    c += spaces;
    uint32_t first, last;
    if (read_hex(&c, &first) == 0 || *c++ != '-' || read_hex(&c, &last) == 0 || last < first)
        return false;
    if (strncmp(c, " : ", 3) != 0)
        return false;
    c += 3;
    size_t length = strcspn(c, "\r\n");
    if (length >= sizeof entry->name)
        length = sizeof entry->name - 1;
    entry->first = first;
    entry->last = last;
    entry->depth = (unsigned)(spaces / 2);
    memcpy(entry->name, c, length);
    entry->name[length] = '\0';
    return true;
}

/* Reads one line into line, without its newline; the rest of a line longer
 * than size - 1 bytes is dropped (only a very long name is cut that way).
 * Byte by byte, so that a NUL byte in a line ends only that line's text and
 * the next line is still read. Returns false at the end. */
static bool read_line(FILE *in, char *line, size_t size)
{
    size_t length = 0;
    int c;
    while ((c = fgetc(in)) != EOF && c != '\n') {
        if (length < size - 1)
            line[length++] = (char)c;
    }
    line[length] = '\0';
    return c != EOF || length > 0;
}

/* What one reading of the file found. */
struct ioports_counts {
    size_t ranges, hidden, printed; /* hidden: ranges that read 0000-0000 */
};

/* Reads the file through, counting; with out, prints the ranges that hold
 * port (or all). Returns false when reading failed. */
static bool read_ranges(FILE *in, int32_t port, FILE *out, struct ioports_counts *counts)
{
    char line[64 + IOPORTS_NAME_SIZE];
    struct ioports_entry entry;
    *counts = (struct ioports_counts){0};
    while (read_line(in, line, sizeof line)) {
        if (!ioports_parse_line(line, &entry))
            continue;
        counts->ranges++;
        if (entry.first == 0 && entry.last == 0)
            counts->hidden++;
        if (!out || (port != IOPORTS_ALL_PORTS &&
                     ((uint32_t)port < entry.first || (uint32_t)port > entry.last)))
            continue;
        fprintf(out, "%*s%04x-%04x  %s\n", (int)entry.depth * 2, "", (unsigned)entry.first,
                (unsigned)entry.last, entry.name);
        counts->printed++;
    }
    return ferror(in) == 0;
}

int ioports_list(const char *path, int32_t port, FILE *out, FILE *err)
{
    FILE *in = fopen(path, "r");
    if (!in) {
        fprintf(err, "portio: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    /* Two readings: the first decides whether the list is worth printing,
     * so that a failure (hidden addresses, a read error) prints nothing on
     * out; a list of 0000-0000 ranges would only mislead. */
    struct ioports_counts counts;
    bool read = read_ranges(in, port, NULL, &counts);
    /* One range may really be 0000-0000; all of them means hidden. */
    bool hidden = counts.ranges > 1 && counts.hidden == counts.ranges;
    if (read && !hidden) {
        rewind(in);
        read = read_ranges(in, port, out, &counts);
    }
    fclose(in);
    if (!read) {
        fprintf(err, "portio: reading %s failed\n", path);
        return 1;
    }
    if (hidden) {
        fprintf(err, "portio: the kernel hides the addresses in %s (every range reads 0000-0000) "
                     "from users without CAP_SYS_ADMIN; run portio list as root\n",
                path);
        return 1;
    }
    if (port != IOPORTS_ALL_PORTS && counts.printed == 0)
        fprintf(err, "portio: no range in %s contains port 0x%04x\n", path, (unsigned)port);
    return 0;
}
