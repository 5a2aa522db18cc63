/* SPDX-License-Identifier: MIT */
/* A ready mock device: a standard parallel port (data, status, control),
 * with a printer that keeps what is strobed to it. */
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "errors.h"
#include "mock.h"
#include "portio.h"

#define CONTROL_STROBE 0x01u       /* a rising edge prints the data latch */
#define CONTROL_DIRECTION_IN 0x20u /* data lines are inputs (bidirectional mode) */
#define CONTROL_WRITABLE 0x3Fu     /* bits 6 and 7 do not exist and read as 1 */
#define STATUS_NOT_BUSY 0x80u

/* The registers and the printer change under the mock's lock: from device
 * callbacks, which run under it, and from the functions below, which take
 * it. */
struct portio_mock_lpt {
    atomic_bool in_use; /* claimed without the mock's lock, so atomic */
    uint16_t base;
    uint8_t latch;   /* what the program wrote to the data register */
    uint8_t input;   /* what the peripheral drives on the data lines */
    uint8_t status;  /* the status register as the peripheral sets it */
    uint8_t control; /* bits 0..5 as written */
    unsigned busy_reads; /* status reads left that show the printer busy */
    size_t printed_first; /* the printed bytes not yet taken, a ring */
    size_t printed_count;
    uint8_t printed[PORTIO_MOCK_LPT_PRINT_CAPACITY];
};

static struct portio_mock_lpt models[PORTIO_MOCK_MAX_LPTS];

static uint8_t register_read(struct portio_mock_lpt *lpt, unsigned offset)
{
    switch (offset) {
    case 0: return (lpt->control & CONTROL_DIRECTION_IN) ? lpt->input : lpt->latch;
    case 1:
        if (lpt->busy_reads == 0)
            return lpt->status;
        lpt->busy_reads--;
        return (uint8_t)(lpt->status & ~STATUS_NOT_BUSY);
    case 2: return (uint8_t)(lpt->control | ~CONTROL_WRITABLE);
    default: return 0xFF;
    }
}

static void print_latch(struct portio_mock_lpt *lpt)
{
    if (lpt->printed_count < PORTIO_MOCK_LPT_PRINT_CAPACITY) {
        size_t end = (lpt->printed_first + lpt->printed_count) % PORTIO_MOCK_LPT_PRINT_CAPACITY;
        lpt->printed[end] = lpt->latch;
        lpt->printed_count++;
    }
    lpt->busy_reads = PORTIO_MOCK_LPT_BUSY_READS;
}

static void register_write(struct portio_mock_lpt *lpt, unsigned offset, uint8_t value)
{
    if (offset == 0) {
        lpt->latch = value;
    } else if (offset == 2) {
        if ((value & CONTROL_STROBE) && !(lpt->control & CONTROL_STROBE))
            print_latch(lpt);
        lpt->control = value & CONTROL_WRITABLE;
    }
}

/* An 8-bit device on a wider access answers byte by byte, as on the ISA
 * bus; bytes past the control register float high. */
static uint32_t lpt_read(void *context, uint16_t port, unsigned width_bits)
{
    struct portio_mock_lpt *lpt = context;
    uint32_t value = 0;
    for (unsigned byte = 0; byte < width_bits / 8; byte++)
        value |= (uint32_t)register_read(lpt, port - lpt->base + byte) << (8 * byte);
    return value;
}

static void lpt_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    struct portio_mock_lpt *lpt = context;
    for (unsigned byte = 0; byte < width_bits / 8; byte++)
        register_write(lpt, port - lpt->base + byte, (uint8_t)(value >> (8 * byte)));
}

int portio_mock_add_lpt(uint16_t base, portio_mock_lpt **out)
{
    struct portio_mock_lpt *lpt = NULL;
    for (size_t i = 0; i < PORTIO_MOCK_MAX_LPTS && !lpt; i++) {
        bool free_place = false;
        if (atomic_compare_exchange_strong(&models[i].in_use, &free_place, true))
            lpt = &models[i];
    }
    if (!lpt)
        return portio_fail(PORTIO_E_INVALID,
                           "portio_mock_add_lpt(0x%04X): all %d parallel-port models are in use; "
                           "call portio_mock_reset to start over",
                           base, PORTIO_MOCK_MAX_LPTS);
    /* Not attached yet: no access reaches it. */
    lpt->base = base;
    lpt->latch = 0;
    lpt->input = 0;
    lpt->status = 0xD8;
    lpt->control = 0x0C;
    lpt->busy_reads = 0;
    lpt->printed_first = 0;
    lpt->printed_count = 0;
    int status = portio_mock_attach(base, 3, lpt_read, lpt_write, lpt);
    if (status != PORTIO_OK) {
        atomic_store(&lpt->in_use, false);
        return status;
    }
    if (out)
        *out = lpt;
    return PORTIO_OK;
}

void portio_mock_lpt_release_all(void)
{
    for (size_t i = 0; i < PORTIO_MOCK_MAX_LPTS; i++)
        atomic_store(&models[i].in_use, false);
}

/* A NULL model reads as a floating bus and takes no settings. */
uint8_t portio_mock_lpt_data(const portio_mock_lpt *lpt)
{
    if (!lpt)
        return 0xFF;
    portio_mock_lock();
    uint8_t latch = lpt->latch;
    portio_mock_unlock();
    return latch;
}

uint8_t portio_mock_lpt_control(const portio_mock_lpt *lpt)
{
    if (!lpt)
        return 0xFF;
    portio_mock_lock();
    uint8_t control = lpt->control;
    portio_mock_unlock();
    return control;
}

void portio_mock_lpt_set_status(portio_mock_lpt *lpt, uint8_t status)
{
    if (!lpt)
        return;
    portio_mock_lock();
    lpt->status = status;
    portio_mock_unlock();
}

void portio_mock_lpt_set_input(portio_mock_lpt *lpt, uint8_t data)
{
    if (!lpt)
        return;
    portio_mock_lock();
    lpt->input = data;
    portio_mock_unlock();
}

size_t portio_mock_lpt_take_printed(portio_mock_lpt *lpt, uint8_t *out, size_t max)
{
    if (!lpt || !out)
        return 0;
    portio_mock_lock();
    size_t taken = max < lpt->printed_count ? max : lpt->printed_count;
    /* In at most two pieces: the ring may wrap. */
    size_t first_piece = PORTIO_MOCK_LPT_PRINT_CAPACITY - lpt->printed_first;
    if (first_piece > taken)
        first_piece = taken;
    memcpy(out, &lpt->printed[lpt->printed_first], first_piece);
    memcpy(out + first_piece, lpt->printed, taken - first_piece);
    lpt->printed_first = (lpt->printed_first + taken) % PORTIO_MOCK_LPT_PRINT_CAPACITY;
    lpt->printed_count -= taken;
    portio_mock_unlock();
    return taken;
}
