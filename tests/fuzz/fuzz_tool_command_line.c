/* SPDX-License-Identifier: MIT */
/*
 * The portio command's whole command line (portio_tool_main) under
 * libFuzzer. The input is argv: byte 0 chooses what comes before it
 * (mostly --backend mock, so that most inputs reach the ports) and whether
 * a device answers on the mock; the rest is split at NUL and newline bytes.
 * A plain reference of the grammar (tools/commands.h and the usage) says
 * what each command line must do, and the target checks:
 *   - the exit status is the reference's (0, 1 or 2; 2 exactly for a wrong
 *     command line);
 *   - the mock's log holds exactly the accesses the reference expects
 *     (port, width, direction, value) and read and dump print what the
 *     mock read;
 *   - no port stays enabled after the command;
 *   - err is written exactly when the status is not 0 (list may also warn
 *     with 0), and out is empty on failure;
 *   - parse_number and parse_width agree with their references on every
 *     argument.
 * The hardware is never reached: the system-call table refuses.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "portio.h"
#include "ranges.h"
#include "fuzz_arguments.h"
#include "reference_number.h"
#include "refusing_system.h"

#define MAX_ARGS 16
#define PORT_SPACE 0x10000u

/* What the reference expects a command line to do. */
enum action { NOTHING, READ, WRITE, DUMP, LIST };
struct expectation {
    int status; /* 0, 1 or 2; for list 0 or 1 (the machine's /proc/ioports decides) */
    enum action action;
    bool help_or_version;
    uint32_t port, value, count;
    unsigned width;
};

static bool is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* A command's arguments: -w WIDTH anywhere (where taken), help anywhere,
 * nothing else starting with '-', between min and max positional ones.
 * Returns -1 to go on, 0 for help, 2 for a mistake. */
static int reference_split(int argc, char **argv, bool takes_width, int min, int max,
                           const char **positional, unsigned *width)
{
    int count = 0;
    *width = 8;
    for (int i = 0; i < argc; i++) {
        if (is_help(argv[i]))
            return 0;
        if (takes_width && (strcmp(argv[i], "-w") == 0 || strcmp(argv[i], "--width") == 0)) {
            if (i + 1 == argc || reference_width(argv[i + 1]) == 0)
                return 2;
            *width = reference_width(argv[++i]);
        } else if (argv[i][0] == '-' || count == max) {
            return 2;
        } else {
            positional[count++] = argv[i];
        }
    }
    return count < min ? 2 : -1;
}

/* The backend named by --backend: known and on Linux -> 0, "driver" (not
 * on Linux) -> 1, anything else -> 2. */
static int reference_backend(const char *name)
{
    static const char *const linux_names[] = {"auto", "direct", "ppdev", "devport", "mock"};
    for (size_t i = 0; i < sizeof linux_names / sizeof linux_names[0]; i++)
        if (strcmp(name, linux_names[i]) == 0)
            return 0;
    return strcmp(name, "driver") == 0 ? 1 : 2;
}

static struct expectation reference_tool(int argc, char **argv)
{
    struct expectation e = {.status = 2};
    const char *backend = "auto";
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (is_help(argv[i]) || strcmp(argv[i], "--version") == 0) {
            e.status = 0;
            e.help_or_version = true;
            return e;
        }
        const char *name;
        if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc)
            name = argv[++i];
        else if (strncmp(argv[i], "--backend=", 10) == 0)
            name = argv[i] + 10;
        else
            return e;
        if ((e.status = reference_backend(name)) != 0)
            return e;
        e.status = 2;
        backend = name;
    }
    if (i == argc)
        return e;
    const char *command = argv[i];
    int rest = argc - i - 1;
    char **args = argv + i + 1;
    const char *positional[2] = {NULL, NULL};
    unsigned width;
    int split;
    uint32_t max_value;
    if (strcmp(command, "read") == 0) {
        split = reference_split(rest, args, true, 1, 1, positional, &width);
        if (split >= 0) {
            e.status = split;
            e.help_or_version = split == 0;
            return e;
        }
        if (reference_number(positional[0], 0xFFFF, &e.port) != NUMBER_OK ||
            e.port + width / 8 > PORT_SPACE)
            return e;
        e.action = READ;
    } else if (strcmp(command, "write") == 0) {
        split = reference_split(rest, args, true, 2, 2, positional, &width);
        if (split >= 0) {
            e.status = split;
            e.help_or_version = split == 0;
            return e;
        }
        max_value = width == 32 ? 0xFFFFFFFFu : (1u << width) - 1;
        if (reference_number(positional[0], 0xFFFF, &e.port) != NUMBER_OK ||
            e.port + width / 8 > PORT_SPACE ||
            reference_number(positional[1], max_value, &e.value) != NUMBER_OK)
            return e;
        e.action = WRITE;
    } else if (strcmp(command, "dump") == 0) {
        split = reference_split(rest, args, false, 2, 2, positional, &width);
        if (split >= 0) {
            e.status = split;
            e.help_or_version = split == 0;
            return e;
        }
        if (reference_number(positional[0], 0xFFFF, &e.port) != NUMBER_OK ||
            reference_number(positional[1], PORT_SPACE, &e.count) != NUMBER_OK || e.count == 0 ||
            e.port + e.count > PORT_SPACE)
            return e;
        e.action = DUMP;
    } else if (strcmp(command, "list") == 0) {
        split = reference_split(rest, args, false, 0, 1, positional, &width);
        if (split >= 0) {
            e.status = split;
            e.help_or_version = split == 0;
            return e;
        }
        if (positional[0] && reference_number(positional[0], 0xFFFF, &e.port) != NUMBER_OK)
            return e;
        e.action = LIST;
        e.status = 0;
        return e;
    } else {
        return e; /* unknown, or driver (Windows only) */
    }
    e.width = width;
    /* Only the mock is reachable; the other backends are refused. */
    e.status = strcmp(backend, "mock") == 0 ? 0 : 1;
    if (e.status != 0)
        e.action = NOTHING;
    return e;
}

/* The device over the whole port space, attached once: for inputs that
 * ask for it, a value that depends on port and width, so that a wrong port
 * or width shows; else all ones, as a floating bus reads. */
static bool device_answers;

static uint32_t expected_read(uint32_t port, unsigned width)
{
    if (!device_answers)
        return width == 32 ? 0xFFFFFFFFu : (1u << width) - 1;
    uint32_t value = port * 0x9E3779B1u ^ width * 0x01000193u;
    return width == 32 ? value : value & ((1u << width) - 1);
}

static uint32_t device_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    return expected_read(port, width_bits);
}

static void fail(const char *what, int argc, char **argv, const char *out, const char *err)
{
    fprintf(stderr, "fuzz_tool_command_line: %s\ncommand line:", what);
    for (int i = 0; i < argc; i++)
        fprintf(stderr, " [%s]", argv[i]);
    fprintf(stderr, "\nout: [%s]\nerr: [%s]\n", out, err);
    abort();
}

static portio_mock_access logged[PORTIO_MOCK_LOG_CAPACITY];

/* The accesses, and what read and dump printed, against the expectation. */
static void check_accesses(const struct expectation *e, int argc, char **argv, const char *out,
                           const char *err)
{
    /* The log keeps the first PORTIO_MOCK_LOG_CAPACITY accesses. */
    size_t stored = portio_mock_log(logged, PORTIO_MOCK_LOG_CAPACITY);
    size_t expected_accesses = e->action == READ || e->action == WRITE ? 1
                               : e->action == DUMP                     ? e->count
                                                                       : 0;
    if (expected_accesses > PORTIO_MOCK_LOG_CAPACITY)
        expected_accesses = PORTIO_MOCK_LOG_CAPACITY;
    if (stored != expected_accesses)
        fail("the mock saw another number of accesses than expected", argc, argv, out, err);
    if (e->action == READ) {
        char text[16];
        uint32_t value = expected_read(e->port, e->width);
        if (logged[0].port != e->port || logged[0].width_bits != e->width ||
            logged[0].direction != PORTIO_MOCK_READ || logged[0].value != value)
            fail("read made another access than asked", argc, argv, out, err);
        snprintf(text, sizeof text, "0x%0*x\n", (int)e->width / 4, (unsigned)value);
        if (strcmp(out, text) != 0)
            fail("read printed another value than the mock read", argc, argv, out, err);
    } else if (e->action == WRITE) {
        if (logged[0].port != e->port || logged[0].width_bits != e->width ||
            logged[0].direction != PORTIO_MOCK_WRITE || logged[0].value != e->value)
            fail("write made another access than asked", argc, argv, out, err);
        if (out[0] != '\0')
            fail("write printed something", argc, argv, out, err);
    } else if (e->action == DUMP) {
        for (size_t i = 0; i < stored; i++)
            if (logged[i].port != e->port + i || logged[i].width_bits != 8 ||
                logged[i].direction != PORTIO_MOCK_READ ||
                logged[i].value != expected_read(e->port + (uint32_t)i, 8))
                fail("dump made another access than asked", argc, argv, out, err);
        /* Lines of "PPPP:" and up to 16 " xx", each from its first port. */
        const char *c = out;
        for (uint32_t line = 0; line < e->count; line += 16) {
            char head[8];
            snprintf(head, sizeof head, "%04x:", (unsigned)(e->port + line));
            if (strncmp(c, head, 5) != 0)
                fail("dump printed a wrong line head", argc, argv, out, err);
            c += 5;
            for (uint32_t i = line; i < e->count && i < line + 16; i++) {
                char byte[4];
                snprintf(byte, sizeof byte, " %02x", (unsigned)expected_read(e->port + i, 8));
                if (strncmp(c, byte, 3) != 0)
                    fail("dump printed another byte than the mock read", argc, argv, out, err);
                c += 3;
            }
            if (*c++ != '\n')
                fail("dump's line does not end after 16 bytes", argc, argv, out, err);
        }
        if (*c != '\0')
            fail("dump printed more lines than ports", argc, argv, out, err);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_reset_library();
    if (portio_mock_attach(0, PORT_SPACE, device_read, NULL, NULL) != PORTIO_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    /* A command leaves no port enabled (checked below): only its choice
     * of backend is left to undo. */
    fuzz_forget_backend_choice();
    portio_mock_log_clear();

    /* argv: the program, the prefix byte 0 chooses, then the input split;
     * each argument its own allocation, so an overread shows. */
    char *argv[MAX_ARGS + 1];
    int argc = 0;
    argv[argc++] = strdup("portio");
    unsigned prefix = data[0] & 3u;
    if (prefix == 1 || prefix == 3) {
        argv[argc++] = strdup("--backend");
        argv[argc++] = strdup("mock");
    } else if (prefix == 2) {
        argv[argc++] = strdup("--backend=mock");
    }
    device_answers = (data[0] & 4u) != 0;
    argc = fuzz_split_arguments(data, size, 1, argv, argc, MAX_ARGS);

    uint32_t max = (uint32_t)data[0] << 24 | (uint32_t)data[0] * 0x10101u;
    for (int i = 1; i < argc; i++) {
        check_number_parsers(argv[i], 0xFFFF);
        check_number_parsers(argv[i], max);
    }

    struct expectation e = reference_tool(argc, argv);
    char *out_text = NULL, *err_text = NULL;
    size_t out_size = 0, err_size = 0;
    FILE *out = open_memstream(&out_text, &out_size);
    FILE *err = open_memstream(&err_text, &err_size);
    if (!out || !err)
        abort();
    /* The allocations, to free whatever portio_tool_main does to argv. */
    char *owned[MAX_ARGS + 1];
    memcpy(owned, argv, sizeof owned);
    int status = portio_tool_main(argc, argv, out, err);
    fclose(out);
    fclose(err);

    if (status != 0 && status != 1 && status != 2)
        fail("exit status outside 0, 1, 2", argc, argv, out_text, err_text);
    if (e.action == LIST ? status != 0 && status != 1 : status != e.status) {
        char what[64];
        snprintf(what, sizeof what, "exit status %d, the reference says %d", status, e.status);
        fail(what, argc, argv, out_text, err_text);
    }
    /* list may warn on err and still answer 0 (no range holds the port). */
    if ((err_text[0] != '\0') != (status != 0) && !(e.action == LIST && status == 0))
        fail("err is written iff the status is not 0: it is not so", argc, argv, out_text, err_text);
    if (status != 0 && out_text[0] != '\0')
        fail("a failed command printed on out", argc, argv, out_text, err_text);
    if (e.help_or_version && out_text[0] == '\0')
        fail("help or version printed nothing", argc, argv, out_text, err_text);
    check_accesses(&e, argc, argv, out_text, err_text);
    if (!portio_ranges_empty())
        fail("a port is still enabled after the command", argc, argv, out_text, err_text);
    if (portio_mock_unenabled_accesses() != 0)
        fail("the command touched a port it had not enabled", argc, argv, out_text, err_text);

    free(out_text);
    free(err_text);
    for (int i = 0; i < argc; i++)
        free(owned[i]);
    return 0;
}
