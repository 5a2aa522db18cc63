/* SPDX-License-Identifier: MIT */
/* The Centronics handshake, 1024 bytes per portio_batch. */
#include "lpt_print.h"

#include <stdbool.h>

#define STATUS 1
#define CONTROL 2

int lpt_print_prepare(uint16_t base)
{
    return portio_write((uint16_t)(base + CONTROL), 8, LPT_PRINT_CONTROL_IDLE);
}

/* Appends the four ops of one byte. No pause between them: each access on
 * the ISA or LPC bus lasts about a microsecond, more than the 0.5 us the
 * data need before the strobe and the strobe needs to be seen. */
static void add_byte(portio_batch_op *ops, size_t at, uint16_t base, uint8_t byte)
{
    ops[at] = (portio_batch_op){(uint16_t)(base + STATUS), 8, PORTIO_BATCH_WAIT,
                                LPT_PRINT_STATUS_NOT_BUSY, LPT_PRINT_STATUS_NOT_BUSY,
                                LPT_PRINT_BUSY_TIMEOUT_US};
    ops[at + 1] = (portio_batch_op){base, 8, PORTIO_BATCH_WRITE, byte};
    ops[at + 2] = (portio_batch_op){(uint16_t)(base + CONTROL), 8, PORTIO_BATCH_WRITE,
                                    LPT_PRINT_CONTROL_STROBE};
    ops[at + 3] = (portio_batch_op){(uint16_t)(base + CONTROL), 8, PORTIO_BATCH_WRITE,
                                    LPT_PRINT_CONTROL_IDLE};
}

/* After a timeout: the bytes before the first wait whose status says busy
 * were strobed. A wait that did not run still has result 0, busy too. */
static size_t bytes_before_the_stop(const portio_batch_op *ops, size_t count)
{
    size_t i = 0;
    while (i < count && (ops[i * LPT_PRINT_OPS_PER_BYTE].result & LPT_PRINT_STATUS_NOT_BUSY))
        i++;
    return i;
}

int lpt_print_send(uint16_t base, const uint8_t *bytes, size_t count,
                   struct lpt_print_result *result)
{
    *result = (struct lpt_print_result){.status = PORTIO_OK};
    portio_batch_op ops[LPT_PRINT_BYTES_PER_BATCH * LPT_PRINT_OPS_PER_BYTE];
    while (result->bytes_sent < count) {
        size_t batch = count - result->bytes_sent;
        if (batch > LPT_PRINT_BYTES_PER_BATCH)
            batch = LPT_PRINT_BYTES_PER_BATCH;
        for (size_t i = 0; i < batch; i++)
            add_byte(ops, i * LPT_PRINT_OPS_PER_BYTE, base, bytes[result->bytes_sent + i]);
        int status = portio_batch(ops, batch * LPT_PRINT_OPS_PER_BYTE);
        if (status == PORTIO_OK) {
            result->bytes_sent += batch;
            continue;
        }
        /* After another failure the ops before it ran too, but only portio's
         * message says how far: such a batch counts none of its bytes. */
        size_t sent = status == PORTIO_E_TIMEOUT ? bytes_before_the_stop(ops, batch) : 0;
        if (sent == 0) {
            result->status = status;
            result->printer_status = (uint8_t)ops[0].result;
            return status;
        }
        /* Bytes went, then a wait stopped: the device went busy for good,
         * or the Windows driver's request spent its time budget. The next
         * batch, with a fresh budget, tells which. */
        result->bytes_sent += sent;
    }
    return PORTIO_OK;
}

/* "busy, paper out": what the status lines say, for messages. */
static const char *status_lines(uint8_t status, char *text, size_t size)
{
    snprintf(text, size, "%s%s%s%s", status & LPT_PRINT_STATUS_NOT_BUSY ? "not busy" : "busy",
             status & 0x20 ? ", paper out" : "", status & 0x10 ? "" : ", offline",
             status & 0x08 ? "" : ", error");
    return text;
}

const char *lpt_print_describe(const struct lpt_print_result *result, uint16_t base,
                               size_t sent_before, char *text, size_t size)
{
    size_t sent = sent_before + result->bytes_sent;
    char lines[64];
    if (result->status == PORTIO_E_TIMEOUT)
        snprintf(text, size, "the device at 0x%04x stayed busy for %u s (status 0x%02x: %s); %zu "
                             "byte%s sent",
                 base, LPT_PRINT_BUSY_TIMEOUT_US / 1000000, result->printer_status,
                 status_lines(result->printer_status, lines, sizeof lines), sent,
                 sent == 1 ? " was" : "s were");
    else
        snprintf(text, size, "%s; %zu byte%s sent before the batch that failed",
                 portio_last_error(), sent, sent == 1 ? " was" : "s were");
    return text;
}
