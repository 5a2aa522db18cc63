/* SPDX-License-Identifier: MIT */
/*
 * smbus_eeprom: reads and writes the bytes of EEPROMs on the SMBus (the bus
 * that holds the memory modules' SPD EEPROMs and many sensor chips) through
 * an Intel PIIX4 or ICH/PCH host controller.
 *
 *     smbus_eeprom [--simulate] [--base PORT] read DEVICE OFFSET [COUNT]
 *     smbus_eeprom [--simulate] [--base PORT] [--force] write DEVICE OFFSET BYTE...
 *
 * Every byte is one SMBus "byte data" transaction: clear the status, write
 * the address and command (the offset), [the data,] start, wait until the
 * controller is no longer busy, check the status, [read the data]. A whole
 * read is ONE portio_batch: with the Windows driver one request for a
 * 256-byte read, where a call per register access would be about 1800. A
 * write is one batch per 16 bytes (smbus_eeprom_write).
 *
 * The logic is a library (smbus_eeprom_logic) so that the unit tests and
 * the test programs of the emulated machines can call it.
 */
#ifndef SMBUS_EEPROM_H
#define SMBUS_EEPROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The host controller's registers, from its base (PIIX4 and ICH alike). */
enum smbus_register {
    SMBUS_HOST_STATUS = 0,
    SMBUS_HOST_CONTROL = 2,
    SMBUS_HOST_COMMAND = 3,
    SMBUS_HOST_ADDRESS = 4, /* the device's 7-bit address << 1, | 1 to read */
    SMBUS_HOST_DATA0 = 5
};
/* The ports a transaction touches: base .. base + 5. */
#define SMBUS_PORT_COUNT 6

/* Host status bits. Writing 1 clears a flag. */
#define SMBUS_STATUS_BUSY 0x01         /* a transaction is running */
#define SMBUS_STATUS_DONE 0x02         /* the last one completed */
#define SMBUS_STATUS_DEVICE_ERROR 0x04 /* no acknowledge: no device, or it refused */
#define SMBUS_STATUS_COLLISION 0x08    /* another master won the bus */
#define SMBUS_STATUS_FAILED 0x10       /* the transaction was killed */
#define SMBUS_STATUS_FLAGS 0x1E        /* done and the three errors */

/* Host control: start (0x40) with the "byte data" protocol (0x08). */
#define SMBUS_CONTROL_START_BYTE_DATA 0x48

/* Addresses 0x00-0x02 and 0x78-0x7F are reserved by the SMBus/I2C
 * specifications. */
#define SMBUS_FIRST_DEVICE 0x03
#define SMBUS_LAST_DEVICE 0x77
/* Where the memory modules keep their SPD EEPROMs, which the firmware
 * reads at every start: the program writes there only with --force. */
#define SMBUS_SPD_FIRST_DEVICE 0x50
#define SMBUS_SPD_LAST_DEVICE 0x57
/* An EEPROM addressed with one offset byte (24C02, SPD). */
#define SMBUS_EEPROM_SIZE 256

/* A transaction at 100 kHz takes about half a millisecond; a device may
 * stretch the clock up to the SMBus timeout of 35 ms. Only a controller
 * that hangs takes longer than this. */
#define SMBUS_TRANSACTION_TIMEOUT_US 100000u
/* After each written byte the EEPROM programs it, for up to 5 ms (tWR of
 * 24C02-type parts), and answers nobody meanwhile. */
#define SMBUS_EEPROM_WRITE_CYCLE_US 5000u

/* Ops per byte in the batches: a read is 7 ops, a write 8; one more at the
 * start waits for the controller to be idle. */
#define SMBUS_READ_OPS_PER_BYTE 7
#define SMBUS_WRITE_OPS_PER_BYTE 8
/* A write is one batch per 16 bytes (smbus_eeprom_write says why). */
#define SMBUS_WRITE_BYTES_PER_BATCH 16

/* How a search or a transfer ended. */
enum smbus_outcome {
    SMBUS_DONE = 0,
    SMBUS_PORTIO_FAILED,       /* portio refused or failed: portio_last_error() says why */
    SMBUS_BUS_IN_USE,          /* Windows: another program held the SMBus mutex too long */
    SMBUS_NO_CONTROLLER,       /* no PIIX4 or Intel SMBus function on PCI bus 0 */
    SMBUS_CONTROLLER_DISABLED, /* found, but its host interface is switched off */
    SMBUS_CONTROLLER_BUSY,     /* busy before the first transaction: someone else uses it */
    SMBUS_NOT_FINISHED,        /* a transaction still ran after SMBUS_TRANSACTION_TIMEOUT_US */
    SMBUS_DEVICE_ERROR,        /* status 0x04: no device acknowledged */
    SMBUS_COLLISION,           /* status 0x08 */
    SMBUS_FAILED,              /* status 0x10 */
    SMBUS_NO_COMPLETION,       /* not busy, yet neither done nor an error flag */
    SMBUS_INVALID              /* a device, offset or count out of range, or NULL bytes */
};

/* The controller smbus_find_controller found. */
struct smbus_controller {
    uint16_t base;          /* its I/O base as configured (0: none) */
    uint8_t device;         /* PCI bus 0, device.function */
    uint8_t function;
    uint16_t vendor_id;
    uint16_t device_id;
    const char *kind;       /* "PIIX4" or "Intel ICH/PCH"; NULL when none */
};

/* What a read or write did. */
struct smbus_transfer {
    enum smbus_outcome outcome;
    bool writing;
    uint16_t base;
    uint8_t device;
    uint8_t offset;     /* the first offset */
    size_t count;       /* bytes asked for */
    size_t bytes_done;  /* transactions that completed, from the first on */
    uint8_t status;     /* the host status where it stopped (outcome != SMBUS_DONE) */
};

/*
 * Looks for the SMBus host controller on PCI bus 0 with configuration
 * mechanism #1 (ports 0xCF8-0xCFF, which must be enabled; every address
 * write and data read pair runs in one batch, so nobody's own index can
 * come between them): the PIIX4 power-management function (8086:7113),
 * whose SMBus base is in its register 0x90 (bits 15:4) and its host enable
 * in register 0xD2 bit 0; or an Intel ICH/PCH SMBus function (class 0x0C05),
 * base in BAR4 (register 0x20, bits 15:5), host enable in register 0x40
 * bit 0. Two batches: every function's id and class, then the candidate's
 * two registers. On Windows it holds the Global\Access_PCI mutex meanwhile.
 * Returns SMBUS_DONE, SMBUS_NO_CONTROLLER, SMBUS_CONTROLLER_DISABLED,
 * SMBUS_BUS_IN_USE or SMBUS_PORTIO_FAILED; *controller says what was found.
 */
enum smbus_outcome smbus_find_controller(struct smbus_controller *controller);

/*
 * Reads count bytes (1 .. 256 - offset) of the EEPROM at the 7-bit address
 * device, from offset on, in one batch of 1 + 7 * count ops; base .. base +
 * 5 must be enabled. On Windows it holds the Global\Access_SMBUS.HTP.Method
 * mutex around the batch. The batch stops at the first transaction that
 * fails; bytes[0 .. bytes_done) are then valid. Returns transfer->outcome.
 */
enum smbus_outcome smbus_eeprom_read(uint16_t base, uint8_t device, uint8_t offset, size_t count,
                                     uint8_t *bytes, struct smbus_transfer *transfer);

/*
 * Writes count bytes (1 .. 256 - offset) from offset on, in one batch of
 * 1 + 8 * n ops per SMBUS_WRITE_BYTES_PER_BATCH bytes (n of them), each
 * byte followed by the EEPROM's write cycle (SMBUS_EEPROM_WRITE_CYCLE_US);
 * it stops at the first batch that fails. As smbus_eeprom_read otherwise: bytes
 * [0 .. bytes_done) were written.
 */
enum smbus_outcome smbus_eeprom_write(uint16_t base, uint8_t device, uint8_t offset,
                                      const uint8_t *bytes, size_t count,
                                      struct smbus_transfer *transfer);

/* A message for a person about a failed search: what happened and what to
 * do, without the program's prefix. Returns text. */
const char *smbus_describe_search(enum smbus_outcome outcome,
                                  const struct smbus_controller *controller, char *text,
                                  size_t size);

/* The same for a failed transfer, e.g. "no device answers at SMBus address
 * 0x30 (status 0x04)". Returns text. */
const char *smbus_describe_transfer(const struct smbus_transfer *transfer, char *text, size_t size);

/*
 * The whole program, main's smbus_eeprom_run(argc, argv, stdout, stderr):
 * the bytes read go to out in the format of `portio dump` ("0010: de ad",
 * 16 a line, each line starting with its offset), a write prints nothing;
 * messages go to err, prefixed "smbus_eeprom: ". A write to 0x50-0x57
 * (SMBUS_SPD_FIRST_DEVICE..SMBUS_SPD_LAST_DEVICE) without --force is
 * refused before any port is touched. Returns the exit status: 0 done,
 * 1 refused or failed (no controller, no device, ...), 2 a mistake on the
 * command line, a write to 0x50-0x57 without --force among them.
 */
int smbus_eeprom_run(int argc, char **argv, FILE *out, FILE *err);

#endif
