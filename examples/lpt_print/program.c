/* SPDX-License-Identifier: MIT */
/* lpt_print's command line, input and output; the handshake is in
 * lpt_send.c. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "example_options.h"
#include "lpt_print.h"

#define NAME "lpt_print"

static const char usage_text[] =
    "usage: lpt_print [--simulate | --backend NAME] [--base PORT] [FILE]\n"
    "Sends FILE, or standard input without FILE (or with -), to the printer or\n"
    "other device on a parallel port, with the busy/strobe handshake.\n"
    "\n"
    "  --base PORT     the port's base (data register); default 0x378\n"
    "  --simulate      send to the mock backend's printer and write what it\n"
    "                  received to standard output: no hardware, no root\n"
    "  --backend NAME  auto, direct, devport (Linux), driver (Windows) or mock\n"
    "  --help          this text\n"
    "\n"
    "A device that stays busy for 1 s before a byte ends the run; the message says\n"
    "how many bytes were sent. The kernel's printer driver (Linux: lp, parport_pc)\n"
    "uses the same port; unload it first.\n"
    "Exit status: 0 done, 1 refused or failed (the device stayed busy, FILE cannot\n"
    "be read), 2 a mistake on the command line.\n";

static const struct example_syntax syntax = {
    .name = NAME, .usage = usage_text, .takes_base = true, .min_count = 0, .max_count = 1};

/* Moves what the simulated printer received to out. */
static bool pass_on_printed(portio_mock_lpt *printer, FILE *out)
{
    uint8_t bytes[LPT_PRINT_BYTES_PER_BATCH];
    size_t count;
    while ((count = portio_mock_lpt_take_printed(printer, bytes, sizeof bytes)) > 0)
        if (fwrite(bytes, 1, count, out) != count)
            return false;
    return true;
}

int lpt_print_stream(uint16_t base, FILE *in, const char *input_name, portio_mock_lpt *printer,
                     FILE *out, FILE *err)
{
    uint8_t bytes[LPT_PRINT_BYTES_PER_BATCH];
    size_t sent = 0, count;
    while ((count = fread(bytes, 1, sizeof bytes, in)) > 0) {
        struct lpt_print_result result;
        lpt_print_send(base, bytes, count, &result);
        if (printer && !pass_on_printed(printer, out)) {
            fprintf(err, NAME ": cannot write what the printer received: %s\n", strerror(errno));
            return 1;
        }
        if (result.status != PORTIO_OK) {
            char message[640];
            fprintf(err, NAME ": %s\n", lpt_print_describe(&result, base, sent, message, sizeof message));
            return 1;
        }
        sent += count;
    }
    if (ferror(in)) {
        fprintf(err, NAME ": cannot read %s: %s; %zu bytes were sent\n", input_name,
                strerror(errno), sent);
        return 1;
    }
    if (printer && fflush(out) != 0) {
        fprintf(err, NAME ": cannot write what the printer received: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

int lpt_print_run(int argc, char **argv, FILE *in, FILE *out, FILE *err)
{
    struct example_command_line line;
    int status = example_command_line(argc, argv, &syntax, &line, out, err);
    if (status >= 0)
        return status;
    uint16_t base = line.base_given ? line.base : LPT_PRINT_DEFAULT_BASE;
    if (base > 0x10000 - LPT_PRINT_PORT_COUNT) {
        fprintf(err, NAME ": base 0x%04x leaves no room for the port's %d registers\n", base,
                LPT_PRINT_PORT_COUNT);
        fputs("Try '" NAME " --help' for more.\n", err);
        return 2;
    }
    /* The input first: a file that cannot be read touches no port. */
    const char *input_name = "standard input";
    FILE *file = NULL;
    if (line.count == 1 && strcmp(line.positional[0], "-") != 0) {
        input_name = line.positional[0];
        file = fopen(input_name, "rb");
        if (!file) {
            fprintf(err, NAME ": cannot open %s: %s\n", input_name, strerror(errno));
            return 1;
        }
        in = file;
    }
    portio_mock_lpt *printer = NULL;
    if ((status = example_choose_backend(&line, NAME, err)) < 0) {
        if ((line.simulate && portio_mock_add_lpt(base, &printer) != PORTIO_OK) ||
            portio_enable(base, LPT_PRINT_PORT_COUNT) != PORTIO_OK ||
            lpt_print_prepare(base) != PORTIO_OK) {
            fprintf(err, NAME ": %s\n", portio_last_error());
            status = 1;
        } else {
            status = lpt_print_stream(base, in, input_name, printer, out, err);
        }
        portio_disable(base, LPT_PRINT_PORT_COUNT);
    }
    if (file)
        fclose(file);
    return status;
}
