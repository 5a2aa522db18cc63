/* SPDX-License-Identifier: MIT */
/*
 * lpt_probe: finds parallel ports by writing test patterns to each base's
 * data register and reading them back.
 *
 *     lpt_probe                    the usual bases 0x378, 0x278, 0x3BC
 *     lpt_probe 0xD010 0xE800      these bases instead (hex with 0x, or decimal)
 *     lpt_probe --simulate         the mock backend's parallel port at 0x378
 *     lpt_probe --backend devport  another portio backend
 *
 * The logic lives here, apart from main, so that the tests can run the
 * whole program against the mock backend and read what it prints.
 */
#ifndef LPT_PROBE_H
#define LPT_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit statuses. Finding no port is a normal answer, not a failure. */
enum lpt_probe_exit {
    LPT_PROBE_EXIT_OK = 0,      /* every base was probed, whether a port was found or not */
    LPT_PROBE_EXIT_REFUSED = 1, /* no base could be probed: access to each was refused */
    LPT_PROBE_EXIT_USAGE = 2,   /* bad arguments, or a backend that cannot be selected */
    LPT_PROBE_EXIT_SOME_REFUSED = 3 /* some bases were probed, access to the others refused */
};

/* A parallel port has three registers: data, status and control. */
#define LPT_PROBE_PORT_COUNT 3
/* The highest base that leaves room for the three registers. */
#define LPT_PROBE_HIGHEST_BASE (0x10000 - LPT_PROBE_PORT_COUNT)
#define LPT_PROBE_MAX_BASES 16

/* Where Linux lists the port ranges its drivers claim; NULL elsewhere. */
#ifdef __linux__
#define LPT_PROBE_IOPORTS_PATH "/proc/ioports"
#else
#define LPT_PROBE_IOPORTS_PATH NULL
#endif

struct lpt_probe_options {
    uint16_t bases[LPT_PROBE_MAX_BASES]; /* in the order given */
    size_t base_count;
    const char *backend_name; /* --backend; NULL leaves portio's default */
    bool simulate;            /* --simulate: the mock backend with a port at 0x378 */
    bool help;                /* --help */
    /* The file in /proc/ioports format checked for kernel drivers that claim
     * a probed range; NULL checks nothing (not Linux, or the mock, whose
     * ports no kernel driver can own). */
    const char *ioports_path;
};

/*
 * Reads the command line (argv[0] is the program) into options. Without
 * bases it fills in 0x378, 0x278 and 0x3BC.
 * Returns LPT_PROBE_EXIT_OK, or LPT_PROBE_EXIT_USAGE after writing the
 * reason to err.
 */
int lpt_probe_parse_arguments(int argc, char **argv, struct lpt_probe_options *options, FILE *err);

struct lpt_probe_result {
    uint16_t base;
    bool found;      /* the data latch read back the test patterns */
    uint8_t status;  /* base + 1, as read during the probe */
    uint8_t control; /* base + 2, as read during the probe */
};

/*
 * Probes one base with the backend in use: enables base..base+2, saves the
 * data register, writes the test patterns and reads them back, reads status
 * and control, restores the data register and gives the ports back.
 * Returns PORTIO_OK, or the status of the failed portio_enable (the message
 * is in portio_last_error()); *result is filled in either way.
 */
int lpt_probe_base(uint16_t base, struct lpt_probe_result *result);

/* A range claimed in /proc/ioports. */
struct lpt_probe_claim {
    uint32_t first;
    uint32_t last;  /* inclusive, as the file writes it */
    char name[64];  /* the claimant, e.g. "parport0"; cut short if longer */
};

/*
 * Reads a file in /proc/ioports format ("  0378-037a : parport0", nested by
 * indentation) and finds the entries that claim any port of [first, last].
 * Of nested overlapping entries only the innermost counts: an enclosing
 * entry is a bus window, not the driver. Entries that only describe the bus
 * (PCI bus windows, a PCI device's unclaimed BAR, pnp and "reserved"
 * reservations) and the all-zero ranges that unprivileged readers see are
 * skipped. Lines that are not entries are ignored.
 * Returns how many claims there are; the first max go to claims (which may
 * be NULL when max is 0).
 */
size_t lpt_probe_find_claims(FILE *ioports, uint32_t first, uint32_t last,
                             struct lpt_probe_claim *claims, size_t max);

/*
 * Writes a warning to err for each claim on base..base+2 in the file at
 * ioports_path. A file that cannot be opened warns nothing: the check is
 * advice, not a condition. Returns the number of claims.
 */
size_t lpt_probe_warn_about_claims(const char *ioports_path, uint16_t base, FILE *err);

/*
 * Runs parsed options: selects the backend, checks claims, probes every
 * base, and prints one line per port found (or "No parallel port found")
 * to out; messages go to err. A base whose enable is refused does not stop
 * the others: err gets a line naming it with portio_last_error(). When
 * every base is refused nothing at all is printed to out. Returns an enum
 * lpt_probe_exit value.
 */
int lpt_probe_execute(const struct lpt_probe_options *options, FILE *out, FILE *err);

/* The whole program: main is lpt_probe_run(argc, argv, stdout, stderr). */
int lpt_probe_run(int argc, char **argv, FILE *out, FILE *err);

#endif
