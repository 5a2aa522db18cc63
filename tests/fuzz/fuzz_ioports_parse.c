/* SPDX-License-Identifier: MIT */
/*
 * /proc/ioports as the portio command reads it (tools/ioports.h), under
 * libFuzzer. Bytes 0..2 choose the port `portio list PORT` asks for (or
 * every range); the rest is the file. The target checks:
 *   - ioports_parse_line on every line, and on the whole text, agrees
 *     exactly with a plain reference parser written from the format
 *     ("  0070-0071 : rtc_cmos": two spaces per level of nesting, 1 to 8
 *     hex digits, first <= last, " : ", the name up to the end of the line
 *     cut to IOPORTS_NAME_SIZE - 1): accepted or not, first, last, depth,
 *     name; a refused line leaves the entry unchanged;
 *   - ioports_list over the whole file exits 0 or 1 as the reference says
 *     and prints exactly the reference's lines, each a range holding the
 *     port when one is asked for; err is written when it exits 1.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ioports.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ioports_list reads at most this many bytes of a line (its buffer less
 * the NUL); the rest of a longer line is dropped. */
#define LINE_READ (64 + IOPORTS_NAME_SIZE - 1)

static size_t hex_run(const char *text, uint32_t *value)
{
    size_t length = strspn(text, "0123456789abcdefABCDEF");
    if (length >= 1 && length <= 8) {
        char digits[9];
        memcpy(digits, text, length);
        digits[length] = '\0';
        *value = (uint32_t)strtoul(digits, NULL, 16);
    }
    return length;
}

static bool reference_parse(const char *line, struct ioports_entry *entry)
{
    size_t spaces = strspn(line, " ");
    const char *c = line + spaces;
    uint32_t first = 0, last = 0;
    size_t length = hex_run(c, &first);
    if (length < 1 || length > 8 || c[length] != '-')
        return false;
    c += length + 1;
    length = hex_run(c, &last);
    if (length < 1 || length > 8 || last < first || strncmp(c + length, " : ", 3) != 0)
        return false;
    c += length + 3;
    size_t name_length = strcspn(c, "\r\n");
    if (name_length > IOPORTS_NAME_SIZE - 1)
        name_length = IOPORTS_NAME_SIZE - 1;
    entry->first = first;
    entry->last = last;
    entry->depth = (unsigned)spaces / 2;
    memset(entry->name, 0, sizeof entry->name);
    memcpy(entry->name, c, name_length);
    return true;
}

static void check_line(const char *line)
{
    struct ioports_entry expected, got;
    memset(&expected, 0xA5, sizeof expected);
    memset(&got, 0xA5, sizeof got);
    bool expected_ok = reference_parse(line, &expected);
    bool ok = ioports_parse_line(line, &got);
    if (ok != expected_ok ||
        (ok && (got.first != expected.first || got.last != expected.last ||
                got.depth != expected.depth || strcmp(got.name, expected.name) != 0)) ||
        (!ok && memcmp(&got, &expected, sizeof got) != 0)) {
        fprintf(stderr,
                "ioports_parse_line(\"%s\") gave %d %x-%x depth %u [%.*s]; the reference %d %x-%x "
                "depth %u [%.*s]\n",
                line, ok, (unsigned)got.first, (unsigned)got.last, got.depth, ok ? 200 : 0,
                got.name, expected_ok, (unsigned)expected.first, (unsigned)expected.last,
                expected.depth, expected_ok ? 200 : 0, expected.name);
        abort();
    }
}

static int file_fd = -1;
static char file_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* One file in memory for every input, reached by a path as
     * ioports_list wants. */
    file_fd = memfd_create("fuzz_ioports", 0);
    if (file_fd < 0)
        abort();
    snprintf(file_path, sizeof file_path, "/proc/self/fd/%d", file_fd);
    return 0;
}

/* What ioports_list must print, and its status, from the reference. */
static int reference_list(const char *text, size_t size, int32_t port, FILE *out)
{
    size_t ranges = 0, hidden = 0;
    for (size_t start = 0; start < size;) {
        const char *newline = memchr(text + start, '\n', size - start);
        size_t end = newline ? (size_t)(newline - text) : size;
        char line[LINE_READ + 1];
        size_t length = end - start < LINE_READ ? end - start : LINE_READ;
        memcpy(line, text + start, length);
        line[length] = '\0';
        start = end + 1;
        struct ioports_entry entry;
        if (!reference_parse(line, &entry))
            continue;
        ranges++;
        hidden += entry.first == 0 && entry.last == 0;
        if (port >= 0 && ((uint32_t)port < entry.first || (uint32_t)port > entry.last))
            continue;
        fprintf(out, "%*s%04x-%04x  %s\n", (int)entry.depth * 2, "", (unsigned)entry.first,
                (unsigned)entry.last, entry.name);
    }
    return ranges > 1 && hidden == ranges ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    int32_t port = data[0] & 1 ? IOPORTS_ALL_PORTS : (int32_t)(data[1] | data[2] << 8);
    const char *text = (const char *)data + 3;
    size_t text_size = size - 3;

    /* Every line alone, as a C string (cut at a NUL byte as one is). */
    for (size_t start = 0; start <= text_size;) {
        const char *newline = memchr(text + start, '\n', text_size - start);
        size_t end = newline ? (size_t)(newline - text) : text_size;
        char *line = malloc(end - start + 1);
        memcpy(line, text + start, end - start);
        line[end - start] = '\0';
        check_line(line);
        free(line);
        start = end + 1;
    }
    /* The whole text: the first line, read up to its newline. */
    char *whole = malloc(text_size + 1);
    memcpy(whole, text, text_size);
    whole[text_size] = '\0';
    check_line(whole);
    free(whole);

    /* The whole file through ioports_list. */
    if (ftruncate(file_fd, 0) != 0 || pwrite(file_fd, text, text_size, 0) != (ssize_t)text_size)
        abort();
    char *out_text = NULL, *err_text = NULL, *expected_text = NULL;
    size_t out_size = 0, err_size = 0, expected_size = 0;
    FILE *out = open_memstream(&out_text, &out_size);
    FILE *err = open_memstream(&err_text, &err_size);
    FILE *expected = open_memstream(&expected_text, &expected_size);
    if (!out || !err || !expected)
        abort();
    int status = ioports_list(file_path, port, out, err);
    /* The reference reads lines as fgets does: up to a NUL byte. */
    int expected_status = reference_list(text, text_size, port, expected);
    fclose(out);
    fclose(err);
    fclose(expected);
    if (status != expected_status || (status == 1 && err_text[0] == '\0') ||
        (status == 1 && out_text[0] != '\0') ||
        (status == 0 && strcmp(out_text, expected_text) != 0)) {
        fprintf(stderr, "ioports_list(port %d) gave %d, out:\n%s\nerr:\n%s\nthe reference %d, out:\n%s\n",
                (int)port, status, out_text, err_text, expected_status, expected_text);
        abort();
    }
    free(out_text);
    free(err_text);
    free(expected_text);
    return 0;
}
