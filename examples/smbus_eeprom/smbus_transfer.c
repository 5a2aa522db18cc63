/* SPDX-License-Identifier: MIT */
/* SMBus "byte data" transactions on a PIIX4 or ICH/PCH host controller: a
 * whole read or write command as one portio_batch. */
#include "smbus_eeprom.h"

#include <stdio.h>

#include "bus_mutex.h"
#include "portio.h"

/* Put in every wait's result before the batch runs: an 8-bit read never
 * gives it, so a wait that still holds it did not run (the ops after the
 * one that stops a batch keep what they held). */
#define NOT_RUN 0xFFFFFFFFu

/* Within a byte's ops: where the wait for "not busy" and the status check
 * are (the data write comes before them in a write). */
#define READ_BUSY_WAIT 4
#define WRITE_BUSY_WAIT 5

/* The largest batch: a 256-byte read. */
#define MAX_OPS (1 + SMBUS_EEPROM_SIZE * SMBUS_READ_OPS_PER_BYTE)

static portio_batch_op port_op(uint16_t base, enum smbus_register reg, enum portio_batch_kind kind,
                               uint32_t value)
{
    return (portio_batch_op){(uint16_t)(base + reg), 8, (uint8_t)kind, value};
}

/* Waits until (status & mask) == expected, for at most time_us. */
static portio_batch_op status_wait(uint16_t base, uint32_t mask, uint32_t expected, uint32_t time_us)
{
    return (portio_batch_op){(uint16_t)(base + SMBUS_HOST_STATUS), 8, PORTIO_BATCH_WAIT, expected,
                             mask, time_us, NOT_RUN};
}

/* Appends one transaction: clear the flags, address, command, [data,]
 * start, wait until the controller is no longer busy, then check the
 * status, [read the data, or give the EEPROM its write cycle]. */
static void add_transaction(portio_batch_op *ops, size_t *count, uint16_t base, uint8_t device,
                            bool writing, uint8_t offset, uint8_t data)
{
    size_t n = *count;
    ops[n++] = port_op(base, SMBUS_HOST_STATUS, PORTIO_BATCH_WRITE, SMBUS_STATUS_FLAGS);
    ops[n++] = port_op(base, SMBUS_HOST_ADDRESS, PORTIO_BATCH_WRITE,
                       (uint32_t)(device << 1) | (writing ? 0u : 1u));
    ops[n++] = port_op(base, SMBUS_HOST_COMMAND, PORTIO_BATCH_WRITE, offset);
    if (writing)
        ops[n++] = port_op(base, SMBUS_HOST_DATA0, PORTIO_BATCH_WRITE, data);
    ops[n++] = port_op(base, SMBUS_HOST_CONTROL, PORTIO_BATCH_WRITE, SMBUS_CONTROL_START_BYTE_DATA);
    ops[n++] = status_wait(base, SMBUS_STATUS_BUSY, 0, SMBUS_TRANSACTION_TIMEOUT_US);
    /* A wait of no time reads once: unless the transaction is done without
     * an error flag, the batch stops here, and no later byte is tried (a
     * batch has no "if", but a failed wait ends it). */
    ops[n++] = status_wait(base, SMBUS_STATUS_FLAGS, SMBUS_STATUS_DONE, 0);
    if (writing) {
        /* Ack polling (repeating a transaction until the EEPROM answers
         * again) would be a loop of transactions, which a batch cannot
         * express; the write cycle's maximum costs at most 1.3 s for 256
         * bytes. */
        ops[n++] = (portio_batch_op){0, 0, PORTIO_BATCH_DELAY, 0, 0, SMBUS_EEPROM_WRITE_CYCLE_US};
    } else {
        ops[n++] = port_op(base, SMBUS_HOST_DATA0, PORTIO_BATCH_READ, 0);
    }
    *count = n;
}

static enum smbus_outcome outcome_of_flags(uint8_t status)
{
    if (status & SMBUS_STATUS_DEVICE_ERROR)
        return SMBUS_DEVICE_ERROR;
    if (status & SMBUS_STATUS_COLLISION)
        return SMBUS_COLLISION;
    if (status & SMBUS_STATUS_FAILED)
        return SMBUS_FAILED;
    return SMBUS_NO_COMPLETION;
}

/* Where a batch that ended with PORTIO_E_TIMEOUT stopped, from its waits'
 * results: the first wait whose condition does not hold. */
static void find_the_stop(const portio_batch_op *ops, size_t ops_per_byte, size_t busy_wait,
                          struct smbus_transfer *transfer)
{
    transfer->outcome = SMBUS_PORTIO_FAILED;
    if (ops[0].result != NOT_RUN && (ops[0].result & SMBUS_STATUS_BUSY)) {
        transfer->outcome = SMBUS_CONTROLLER_BUSY;
        transfer->status = (uint8_t)ops[0].result;
        return;
    }
    for (size_t i = 0; i < transfer->count; i++) {
        const portio_batch_op *wait = &ops[1 + i * ops_per_byte + busy_wait];
        const portio_batch_op *check = wait + 1;
        transfer->bytes_done = i;
        if (wait->result == NOT_RUN)
            return;
        if (wait->result & SMBUS_STATUS_BUSY) {
            transfer->outcome = SMBUS_NOT_FINISHED;
            transfer->status = (uint8_t)wait->result;
            return;
        }
        if (check->result == NOT_RUN)
            return;
        if ((check->result & SMBUS_STATUS_FLAGS) != SMBUS_STATUS_DONE) {
            transfer->status = (uint8_t)check->result;
            transfer->outcome = outcome_of_flags(transfer->status);
            return;
        }
    }
    /* Every transaction passed: the Windows driver stopped the request at a
     * write cycle when its time budget ran out; portio says so. */
    transfer->bytes_done = transfer->count;
}

/* Builds, runs and reads back the batch for either direction. */
static enum smbus_outcome transfer_bytes(struct smbus_transfer *transfer, uint8_t *read_into,
                                         const uint8_t *write_from)
{
    size_t ops_per_byte = transfer->writing ? SMBUS_WRITE_OPS_PER_BYTE : SMBUS_READ_OPS_PER_BYTE;
    portio_batch_op ops[MAX_OPS];
    size_t count = 0;
    /* Someone else's transaction (the firmware's, another program's) must
     * end before ours touches the registers. */
    ops[count++] = status_wait(transfer->base, SMBUS_STATUS_BUSY, 0, SMBUS_TRANSACTION_TIMEOUT_US);
    for (size_t i = 0; i < transfer->count; i++)
        add_transaction(ops, &count, transfer->base, transfer->device, transfer->writing,
                        (uint8_t)(transfer->offset + i), write_from ? write_from[i] : 0);

    /* Hardware-monitoring programs on Windows (HWiNFO, LibreHardwareMonitor
     * and others) agree to take this mutex around their SMBus transactions;
     * holding it keeps theirs and ours from interleaving. */
    struct bus_mutex mutex;
    if (!bus_mutex_acquire(&mutex, BUS_MUTEX_SMBUS))
        return transfer->outcome = SMBUS_BUS_IN_USE;
    int status = portio_batch(ops, count);
    bus_mutex_release(&mutex);

    if (status == PORTIO_OK) {
        transfer->outcome = SMBUS_DONE;
        transfer->bytes_done = transfer->count;
    } else if (status == PORTIO_E_TIMEOUT) {
        find_the_stop(ops, ops_per_byte, transfer->writing ? WRITE_BUSY_WAIT : READ_BUSY_WAIT,
                      transfer);
    } else {
        /* Refused before anything ran, or the system failed an access:
         * portio's message says which. */
        transfer->outcome = SMBUS_PORTIO_FAILED;
    }
    if (read_into)
        for (size_t i = 0; i < transfer->bytes_done; i++)
            read_into[i] = (uint8_t)ops[1 + i * ops_per_byte + ops_per_byte - 1].value;
    return transfer->outcome;
}

/* The checks the program makes on its command line, for other callers. */
static bool fits(uint8_t device, uint8_t offset, size_t count, const void *bytes,
                 struct smbus_transfer *transfer)
{
    if (device >= SMBUS_FIRST_DEVICE && device <= SMBUS_LAST_DEVICE && count >= 1 &&
        count <= (size_t)SMBUS_EEPROM_SIZE - offset && bytes)
        return true;
    transfer->outcome = SMBUS_INVALID;
    return false;
}

enum smbus_outcome smbus_eeprom_read(uint16_t base, uint8_t device, uint8_t offset, size_t count,
                                     uint8_t *bytes, struct smbus_transfer *transfer)
{
    *transfer = (struct smbus_transfer){
        .base = base, .device = device, .offset = offset, .count = count};
    if (!fits(device, offset, count, bytes, transfer))
        return transfer->outcome;
    return transfer_bytes(transfer, bytes, NULL);
}

enum smbus_outcome smbus_eeprom_write(uint16_t base, uint8_t device, uint8_t offset,
                                      const uint8_t *bytes, size_t count,
                                      struct smbus_transfer *transfer)
{
    *transfer = (struct smbus_transfer){
        .writing = true, .base = base, .device = device, .offset = offset, .count = count};
    if (!fits(device, offset, count, bytes, transfer))
        return transfer->outcome;
    /* A batch per SMBUS_WRITE_BYTES_PER_BATCH bytes: the Windows driver
     * sleeps through each write cycle, and a sleep of 5 ms can last a timer
     * tick (15.6 ms by default), so 256 write cycles in one request could
     * pass its 2 s bound (PORTIO_DRIVER_MAX_WAIT_US); 16 take 250 ms at
     * most. */
    for (size_t done = 0; done < count;) {
        size_t chunk = count - done < SMBUS_WRITE_BYTES_PER_BATCH ? count - done
                                                                  : SMBUS_WRITE_BYTES_PER_BATCH;
        struct smbus_transfer part = {
            .writing = true, .base = base, .device = device, .offset = (uint8_t)(offset + done),
            .count = chunk};
        transfer_bytes(&part, NULL, bytes + done);
        transfer->outcome = part.outcome;
        transfer->status = part.status;
        transfer->bytes_done = done + part.bytes_done;
        if (part.outcome != SMBUS_DONE)
            break;
        done += chunk;
    }
    return transfer->outcome;
}

/* "no byte was read", "1 byte was read", "3 bytes were written" */
static const char *bytes_done(const struct smbus_transfer *transfer, char *text, size_t size)
{
    const char *verb = transfer->writing ? "written" : "read";
    if (transfer->bytes_done == 0)
        snprintf(text, size, "no byte was %s", verb);
    else
        snprintf(text, size, "%zu byte%s %s %s", transfer->bytes_done,
                 transfer->bytes_done == 1 ? "" : "s", transfer->bytes_done == 1 ? "was" : "were",
                 verb);
    return text;
}

const char *smbus_describe_transfer(const struct smbus_transfer *transfer, char *text, size_t size)
{
    char done[48];
    bytes_done(transfer, done, sizeof done);
    unsigned device = transfer->device, status = transfer->status;
    unsigned offset = (unsigned)(transfer->offset + transfer->bytes_done);
    switch (transfer->outcome) {
    case SMBUS_DONE:
        snprintf(text, size, "%s", done);
        break;
    case SMBUS_DEVICE_ERROR:
        if (transfer->bytes_done == 0)
            snprintf(text, size, "no device answers at SMBus address 0x%02x (status 0x%02x)%s",
                     device, status,
                     transfer->writing ? "; a write-protected EEPROM refuses writes the same way"
                                       : "");
        else
            snprintf(text, size, "the device at SMBus address 0x%02x stopped answering at offset "
                                 "0x%02x (status 0x%02x); %s",
                     device, offset, status, done);
        break;
    case SMBUS_COLLISION:
        snprintf(text, size, "another master took the bus at SMBus address 0x%02x, offset 0x%02x "
                             "(status 0x%02x, collision); %s; try again",
                 device, offset, status, done);
        break;
    case SMBUS_FAILED:
        snprintf(text, size, "the controller at 0x%04x killed the transaction at SMBus address "
                             "0x%02x, offset 0x%02x (status 0x%02x, failed); %s",
                 transfer->base, device, offset, status, done);
        break;
    case SMBUS_NO_COMPLETION:
        snprintf(text, size, "the controller at 0x%04x ended the transaction at SMBus address "
                             "0x%02x, offset 0x%02x without a done or error flag (status 0x%02x): "
                             "is it an SMBus host controller?; %s",
                 transfer->base, device, offset, status, done);
        break;
    case SMBUS_NOT_FINISHED:
        snprintf(text, size, "the controller at 0x%04x did not finish the transaction at SMBus "
                             "address 0x%02x, offset 0x%02x within %u ms (status 0x%02x); %s",
                 transfer->base, device, offset, SMBUS_TRANSACTION_TIMEOUT_US / 1000, status, done);
        break;
    case SMBUS_CONTROLLER_BUSY:
        snprintf(text, size, "the controller at 0x%04x stayed busy for %u ms before the first "
                             "transaction (status 0x%02x): %s",
                 transfer->base, SMBUS_TRANSACTION_TIMEOUT_US / 1000, status,
                 status == 0xFF ? "a port with nothing behind it reads 0xff; is the base right?"
                                : "another program or the firmware is using the bus");
        break;
    case SMBUS_BUS_IN_USE:
        snprintf(text, size, "another program held the SMBus (the mutex %s) for %d s; try again",
                 BUS_MUTEX_SMBUS, BUS_MUTEX_TIMEOUT_MS / 1000);
        break;
    case SMBUS_INVALID:
        snprintf(text, size, "cannot %s %zu byte(s) at SMBus address 0x%02x, offset 0x%02x: the "
                             "address must be 0x%02x-0x%02x and the bytes 1 to %u - offset",
                 transfer->writing ? "write" : "read", transfer->count, device,
                 (unsigned)transfer->offset, SMBUS_FIRST_DEVICE, SMBUS_LAST_DEVICE,
                 SMBUS_EEPROM_SIZE);
        break;
    default:
        snprintf(text, size, "%s", portio_last_error());
        break;
    }
    return text;
}
