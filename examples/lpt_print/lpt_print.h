/* SPDX-License-Identifier: MIT */
/*
 * lpt_print: sends a file, or standard input, to a printer (or any device)
 * on a parallel port with the Centronics busy/strobe handshake.
 *
 *     lpt_print [--simulate] [--base PORT] [FILE]
 *
 * For each byte: wait until the status register's bit 7 says "not busy",
 * put the byte on the data lines, raise the strobe (control 0x0D), lower it
 * again (control 0x0C). 1024 bytes are one portio_batch of 4096 ops: with
 * the Windows driver one request, where a call per access would be 4096
 * and more (a poll each time the device is busy).
 *
 * The logic is a library (lpt_print_logic) so that the unit tests and the
 * test programs of the emulated machines can call it.
 */
#ifndef LPT_PRINT_H
#define LPT_PRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "portio.h"

#define LPT_PRINT_DEFAULT_BASE 0x378
#define LPT_PRINT_PORT_COUNT 3 /* data, status, control */

#define LPT_PRINT_STATUS_NOT_BUSY 0x80 /* status bit 7: the BUSY line, inverted */
/* Control: nINIT high (bit 2, not resetting the printer), nSELECT IN low
 * (bit 3, selected), strobe (bit 0) low; 0x0D raises the strobe. */
#define LPT_PRINT_CONTROL_IDLE 0x0C
#define LPT_PRINT_CONTROL_STROBE 0x0D

#define LPT_PRINT_OPS_PER_BYTE 4
/* 4096 ops: the most one request to the Windows driver holds. */
#define LPT_PRINT_BYTES_PER_BATCH 1024
/* How long the device may stay busy before one byte: a printer is busy for
 * milliseconds per byte, longer while it feeds a line or a page. */
#define LPT_PRINT_BUSY_TIMEOUT_US 1000000u

/* What a send did. */
struct lpt_print_result {
    int status;             /* PORTIO_OK; PORTIO_E_TIMEOUT: the device stayed busy;
                               else portio's status (portio_last_error() says why) */
    size_t bytes_sent;      /* strobed, in order from the first */
    uint8_t printer_status; /* the status register at a timeout */
};

/* Lowers the strobe and sets the control lines (LPT_PRINT_CONTROL_IDLE).
 * base .. base + 2 must be enabled. Returns a portio status. */
int lpt_print_prepare(uint16_t base);

/*
 * Sends count bytes, LPT_PRINT_BYTES_PER_BATCH per batch; base .. base + 2
 * must be enabled and lpt_print_prepare called. When a wait times out, the
 * index of the first failed wait in the batch is the number of bytes it
 * sent. A batch that stopped after sending some is followed by the next
 * (the Windows driver stops a request after PORTIO_DRIVER_MAX_WAIT_US of
 * waiting in all, a slow but working printer could reach that); one that
 * sent nothing ends the send with PORTIO_E_TIMEOUT.
 * Returns result->status.
 */
int lpt_print_send(uint16_t base, const uint8_t *bytes, size_t count,
                   struct lpt_print_result *result);

/* A message for a person about a failed send, sent_before bytes having
 * gone before this send: what happened and how many bytes were sent.
 * Returns text. */
const char *lpt_print_describe(const struct lpt_print_result *result, uint16_t base,
                               size_t sent_before, char *text, size_t size);

/*
 * Sends everything read from in (named input_name in messages), a batch at
 * a time. With printer (the mock's LPT model, for --simulate) the bytes it
 * received go to out after each batch. Messages go to err, prefixed
 * "lpt_print: ". Returns the exit status: 0 done, 1 failed.
 */
int lpt_print_stream(uint16_t base, FILE *in, const char *input_name, portio_mock_lpt *printer,
                     FILE *out, FILE *err);

/*
 * The whole program, main's lpt_print_run(argc, argv, stdin, stdout,
 * stderr): in is read when no FILE (or "-") is given. Returns the exit
 * status: 0 done, 1 refused or failed (the device stayed busy, a file that
 * cannot be read), 2 a mistake on the command line.
 */
int lpt_print_run(int argc, char **argv, FILE *in, FILE *out, FILE *err);

#endif
