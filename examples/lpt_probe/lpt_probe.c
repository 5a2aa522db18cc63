/* SPDX-License-Identifier: MIT */
/* lpt_probe's logic: arguments, the probe, the /proc/ioports check, output.
 * main.c only calls lpt_probe_run. */
#include "lpt_probe.h"

#include <ctype.h>
#include <string.h>

#include "portio.h"

static const uint16_t usual_bases[] = {0x378, 0x278, 0x3BC};

/* Two different patterns, neither all zeros nor all ones: a floating bus
 * reads 0xFF and an absent or grounded one 0x00, but only a latch gives
 * back both of these. */
static const uint8_t test_patterns[] = {0x55, 0xAA};

/* The mock backend's simulated port, for --simulate. */
#define SIMULATED_BASE 0x378

#define USAGE_LINE "usage: lpt_probe [--backend NAME | --simulate] [BASE...]\n"

static void print_usage(FILE *stream)
{
    fputs(USAGE_LINE
          "Looks for parallel ports: writes test patterns to each base's data register,\n"
          "reads them back, puts the register's old value back, and prints the ports\n"
          "that answered.\n"
          "\n"
          "  BASE            a base address, hex (0x378) or decimal (888), at most 0xFFFD;\n"
          "                  without any, the usual 0x378, 0x278 and 0x3BC\n"
          "  --backend NAME  the portio backend: auto (the default), direct, ppdev,\n"
          "                  devport, driver or mock\n"
          "  --simulate      probe the mock backend's simulated parallel port at 0x378:\n"
          "                  no hardware and no privileges needed\n"
          "  --help          this text\n"
          "\n"
          "Port access needs root (or setcap cap_sys_rawio+ep) on Linux and the portio\n"
          "driver on Windows.\n"
          "A base whose access is refused does not stop the others: standard error\n"
          "names it and says why, and the ports found at the other bases are printed.\n"
          "Exit status: 0 when every base was probed (whether a port was found or not),\n"
          "1 when no base could be probed (access refused), 2 for a usage error, 3 when\n"
          "some bases were probed and access to the others was refused.\n",
          stream);
}

static int usage_error(FILE *err)
{
    fputs(USAGE_LINE "Try 'lpt_probe --help' for more.\n", err);
    return LPT_PROBE_EXIT_USAGE;
}

/* ---- Arguments ---------------------------------------------------------- */

static int digit_value(char c, unsigned radix)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (radix == 16 && c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (radix == 16 && c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Hex with 0x, or decimal; nothing else (no sign, spaces or octal, which
 * strtoul would accept). A value too large for a port comes back as some
 * number above 0xFFFF. */
static bool parse_port_number(const char *text, uint32_t *value)
{
    unsigned radix = 10;
    const char *digits = text;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        radix = 16;
        digits = text + 2;
    }
    if (*digits == '\0')
        return false;
    /* "0378" could mean hex, octal or decimal: the user says which. */
    if (radix == 10 && digits[0] == '0' && digits[1] != '\0')
        return false;
    uint32_t number = 0;
    for (const char *c = digits; *c; c++) {
        int digit = digit_value(*c, radix);
        if (digit < 0)
            return false;
        /* Stops growing once past 0xFFFF, so it cannot wrap around. */
        if (number <= 0xFFFF)
            number = number * radix + (uint32_t)digit;
    }
    *value = number;
    return true;
}

static bool add_base(struct lpt_probe_options *options, const char *text, FILE *err)
{
    uint32_t base;
    if (!parse_port_number(text, &base)) {
        fprintf(err, "lpt_probe: \"%s\" is not a port number: write hex with 0x (0x378) or decimal (888)\n",
                text);
        return false;
    }
    if (base > LPT_PROBE_HIGHEST_BASE) {
        fprintf(err, "lpt_probe: base %s leaves no room for the %d registers of a parallel port "
                     "(the highest base is 0x%X)\n",
                text, LPT_PROBE_PORT_COUNT, (unsigned)LPT_PROBE_HIGHEST_BASE);
        return false;
    }
    if (options->base_count == LPT_PROBE_MAX_BASES) {
        fprintf(err, "lpt_probe: at most %d bases at a time\n", LPT_PROBE_MAX_BASES);
        return false;
    }
    options->bases[options->base_count++] = (uint16_t)base;
    return true;
}

int lpt_probe_parse_arguments(int argc, char **argv, struct lpt_probe_options *options, FILE *err)
{
    *options = (struct lpt_probe_options){0};
    static const char backend_equals[] = "--backend=";
    for (int i = 1; i < argc; i++) {
        const char *argument = argv[i];
        if (strcmp(argument, "--help") == 0 || strcmp(argument, "-h") == 0) {
            options->help = true;
            return LPT_PROBE_EXIT_OK;
        } else if (strcmp(argument, "--simulate") == 0) {
            options->simulate = true;
        } else if (strcmp(argument, "--backend") == 0) {
            if (i + 1 == argc) {
                fputs("lpt_probe: --backend needs a name: auto, direct, ppdev, devport, driver or mock\n", err);
                return usage_error(err);
            }
            options->backend_name = argv[++i];
        } else if (strncmp(argument, backend_equals, sizeof backend_equals - 1) == 0) {
            options->backend_name = argument + sizeof backend_equals - 1;
        } else if (argument[0] == '-') {
            fprintf(err, "lpt_probe: unknown option \"%s\"\n", argument);
            return usage_error(err);
        } else if (!add_base(options, argument, err)) {
            return usage_error(err);
        }
    }
    if (options->simulate && options->backend_name) {
        fputs("lpt_probe: --simulate runs on the mock backend; it cannot be combined with --backend\n",
              err);
        return usage_error(err);
    }
    if (options->base_count == 0) {
        memcpy(options->bases, usual_bases, sizeof usual_bases);
        options->base_count = sizeof usual_bases / sizeof usual_bases[0];
    }
    /* No kernel driver can own the mock's ports: warnings about the real
     * machine's drivers would only mislead there. */
    const char *backend = options->simulate       ? "mock"
                          : options->backend_name ? options->backend_name
                                                  : portio_backend();
    options->ioports_path = strcmp(backend, "mock") == 0 ? NULL : LPT_PROBE_IOPORTS_PATH;
    return LPT_PROBE_EXIT_OK;
}

/* ---- The probe ---------------------------------------------------------- */

int lpt_probe_base(uint16_t base, struct lpt_probe_result *result)
{
    *result = (struct lpt_probe_result){.base = base};
    int status = portio_enable(base, LPT_PROBE_PORT_COUNT);
    if (status != PORTIO_OK)
        return status;

    /* Whatever the port drives now (a printer may be listening) is put back. */
    uint8_t saved_data = portio_inb(base);
    size_t patterns_read_back = 0;
    for (size_t i = 0; i < sizeof test_patterns; i++) {
        portio_outb(base, test_patterns[i]);
        if (portio_inb(base) == test_patterns[i])
            patterns_read_back++;
    }
    result->found = patterns_read_back == sizeof test_patterns;
    result->status = portio_inb((uint16_t)(base + 1));
    result->control = portio_inb((uint16_t)(base + 2));
    portio_outb(base, saved_data);

    /* Cannot fail: the same range was just enabled. */
    (void)portio_disable(base, LPT_PROBE_PORT_COUNT);
    return PORTIO_OK;
}

/* ---- Claims in /proc/ioports -------------------------------------------- */

/* One line of /proc/ioports: "<indent>first-last : name". */
struct ioports_entry {
    size_t depth; /* the indentation: children are indented under their parent */
    uint32_t first;
    uint32_t last;
    const char *name;
};

static bool parse_hex(const char *text, size_t *at, uint32_t *value)
{
    size_t start = *at;
    uint32_t number = 0;
    while (digit_value(text[*at], 16) >= 0) {
        if (*at - start == 8)
            return false; /* more than 32 bits */
        number = number * 16 + (uint32_t)digit_value(text[*at], 16);
        (*at)++;
    }
    *value = number;
    return *at > start;
}

/* Trims line in place; false for anything that is not an entry. */
static bool parse_ioports_line(char *line, struct ioports_entry *entry)
{
    size_t at = 0;
    while (line[at] == ' ' || line[at] == '\t')
        at++;
    entry->depth = at;
    if (!parse_hex(line, &at, &entry->first) || line[at++] != '-' ||
        !parse_hex(line, &at, &entry->last) || entry->first > entry->last)
        return false;
    while (line[at] == ' ' || line[at] == '\t')
        at++;
    if (line[at++] != ':')
        return false;
    while (line[at] == ' ' || line[at] == '\t')
        at++;
    size_t end = strlen(line);
    while (end > at && isspace((unsigned char)line[end - 1]))
        end--;
    line[end] = '\0';
    entry->name = line + at;
    return end > at;
}

/* fgets, but a line longer than the buffer is cut short rather than read
 * as two lines. */
static bool read_line(FILE *stream, char *line, size_t size)
{
    if (!fgets(line, (int)size, stream))
        return false;
    if (!strchr(line, '\n')) {
        int c;
        while ((c = fgetc(stream)) != EOF && c != '\n')
            ;
    }
    return true;
}

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static bool equals_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

/* "0000:03:00.0": a PCI device's address, which names its BAR before (or
 * without) a driver taking it. */
static bool is_pci_address(const char *name)
{
    static const char separators[] = "::.";
    size_t at = 0;
    for (size_t part = 0; part < 4; part++) {
        size_t start = at;
        while (digit_value(name[at], 16) >= 0)
            at++;
        if (at == start)
            return false;
        if (part < 3 && name[at++] != separators[part])
            return false;
    }
    return name[at] == '\0';
}

/* Entries that describe the machine rather than a driver using the ports:
 * nothing there would fight with the probe. */
static bool describes_the_bus(const char *name)
{
    return starts_with(name, "PCI Bus") || starts_with(name, "pnp ") || is_pci_address(name) ||
           equals_ignoring_case(name, "reserved");
}

static size_t add_claim(const struct lpt_probe_claim *claim, struct lpt_probe_claim *claims,
                        size_t max, size_t count)
{
    if (describes_the_bus(claim->name))
        return count;
    if (count < max)
        claims[count] = *claim;
    return count + 1;
}

size_t lpt_probe_find_claims(FILE *ioports, uint32_t first, uint32_t last,
                             struct lpt_probe_claim *claims, size_t max)
{
    size_t count = 0;
    /* The last overlapping entry seen: it is a claim unless an overlapping
     * entry nests inside it (then that one is the better candidate). */
    struct lpt_probe_claim innermost;
    size_t innermost_depth = 0;
    bool have_innermost = false;
    char line[256];
    while (read_line(ioports, line, sizeof line)) {
        struct ioports_entry entry;
        if (!parse_ioports_line(line, &entry))
            continue;
        if (have_innermost && entry.depth <= innermost_depth) {
            /* The candidate's children ended without an overlapping one. */
            count = add_claim(&innermost, claims, max, count);
            have_innermost = false;
        }
        /* Readers without privilege see every range as 0000-0000. */
        bool hidden = entry.first == 0 && entry.last == 0;
        if (!hidden && entry.first <= last && entry.last >= first) {
            innermost.first = entry.first;
            innermost.last = entry.last;
            snprintf(innermost.name, sizeof innermost.name, "%s", entry.name);
            innermost_depth = entry.depth;
            have_innermost = true;
        }
    }
    if (have_innermost)
        count = add_claim(&innermost, claims, max, count);
    return count;
}

size_t lpt_probe_warn_about_claims(const char *ioports_path, uint16_t base, FILE *err)
{
    if (!ioports_path)
        return 0;
    FILE *ioports = fopen(ioports_path, "r");
    if (!ioports)
        return 0;
    struct lpt_probe_claim claims[8];
    size_t max = sizeof claims / sizeof claims[0];
    size_t count = lpt_probe_find_claims(ioports, base, base + LPT_PROBE_PORT_COUNT - 1u, claims, max);
    fclose(ioports);
    for (size_t i = 0; i < count && i < max; i++) {
        fprintf(err, "lpt_probe: warning: the kernel's %s driver claims 0x%X-0x%X; it and this probe "
                     "would fight over the port",
                claims[i].name, (unsigned)claims[i].first, (unsigned)claims[i].last);
        /* parport_pc drives the port; lp and ppdev hold parport_pc, so they go first. */
        fputs(starts_with(claims[i].name, "parport") ? " (rmmod lp ppdev parport_pc to free it)\n"
                                                      : "\n",
              err);
    }
    return count;
}

/* ---- The program -------------------------------------------------------- */

static int select_backend(const struct lpt_probe_options *options, FILE *err)
{
    if (options->simulate) {
        if (portio_use_backend("mock") != PORTIO_OK) {
            fprintf(err, "lpt_probe: %s\n", portio_last_error());
            return LPT_PROBE_EXIT_USAGE;
        }
        if (portio_mock_add_lpt(SIMULATED_BASE, NULL) != PORTIO_OK) {
            fprintf(err, "lpt_probe: %s\n", portio_last_error());
            return LPT_PROBE_EXIT_REFUSED;
        }
    } else if (options->backend_name && portio_use_backend(options->backend_name) != PORTIO_OK) {
        fprintf(err, "lpt_probe: %s\n", portio_last_error());
        return LPT_PROBE_EXIT_USAGE;
    }
    return LPT_PROBE_EXIT_OK;
}

/* "No parallel port found" when every base was probed; with refusals,
 * the bases that were probed, so that nobody reads it as a machine without
 * any port: "No parallel port found at 0x278, 0xD010 or 0x3BC". */
static void print_none_found(const struct lpt_probe_result *results, const bool *refused,
                             size_t base_count, size_t refused_count, FILE *out)
{
    fputs("No parallel port found", out);
    size_t probed_count = base_count - refused_count, listed = 0;
    for (size_t i = 0; i < base_count && refused_count > 0; i++) {
        if (refused[i])
            continue;
        listed++;
        const char *separator = listed == 1 ? " at " : listed == probed_count ? " or " : ", ";
        fprintf(out, "%s0x%X", separator, (unsigned)results[i].base);
    }
    fputc('\n', out);
}

int lpt_probe_execute(const struct lpt_probe_options *options, FILE *out, FILE *err)
{
    int exit_status = select_backend(options, err);
    if (exit_status != LPT_PROBE_EXIT_OK)
        return exit_status;

    size_t base_count = options->base_count < LPT_PROBE_MAX_BASES ? options->base_count
                                                                   : LPT_PROBE_MAX_BASES;
    struct lpt_probe_result results[LPT_PROBE_MAX_BASES];
    bool refused[LPT_PROBE_MAX_BASES] = {false};
    size_t refused_count = 0;
    /* A reason that names no base (a kernel without port access) is
     * written once, not once per base. */
    char last_reason[1024] = "";
    uint16_t last_refused_base = 0;
    /* A refusal ends nothing: on a machine with two ports the user may be
     * allowed one (ppdev devices of different owners), and that one is
     * still worth reporting. */
    for (size_t i = 0; i < base_count; i++) {
        uint16_t base = options->bases[i];
        lpt_probe_warn_about_claims(options->ioports_path, base, err);
        if (lpt_probe_base(base, &results[i]) == PORTIO_OK)
            continue;
        const char *reason = portio_last_error();
        if (refused_count > 0 && strcmp(reason, last_reason) == 0) {
            fprintf(err, "lpt_probe: cannot probe 0x%X: the same reason as for 0x%X\n",
                    (unsigned)base, (unsigned)last_refused_base);
        } else {
            fprintf(err, "lpt_probe: cannot probe 0x%X: %s\n", (unsigned)base, reason);
            snprintf(last_reason, sizeof last_reason, "%s", reason);
            last_refused_base = base;
        }
        refused[i] = true;
        refused_count++;
    }
    /* Nothing was probed: any line on out would be a guess. */
    if (base_count > 0 && refused_count == base_count)
        return LPT_PROBE_EXIT_REFUSED;

    size_t found_count = 0;
    for (size_t i = 0; i < base_count; i++) {
        if (refused[i] || !results[i].found)
            continue;
        fprintf(out, "Parallel port found at 0x%X (status 0x%02X, control 0x%02X)\n",
                (unsigned)results[i].base, (unsigned)results[i].status, (unsigned)results[i].control);
        found_count++;
    }
    if (found_count == 0)
        print_none_found(results, refused, base_count, refused_count, out);
    return refused_count > 0 ? LPT_PROBE_EXIT_SOME_REFUSED : LPT_PROBE_EXIT_OK;
}

int lpt_probe_run(int argc, char **argv, FILE *out, FILE *err)
{
    struct lpt_probe_options options;
    int exit_status = lpt_probe_parse_arguments(argc, argv, &options, err);
    if (exit_status != LPT_PROBE_EXIT_OK)
        return exit_status;
    if (options.help) {
        print_usage(out);
        return LPT_PROBE_EXIT_OK;
    }
    return lpt_probe_execute(&options, out, err);
}
