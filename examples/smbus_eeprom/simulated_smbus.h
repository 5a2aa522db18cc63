/* SPDX-License-Identifier: MIT */
/*
 * The machine `smbus_eeprom --simulate` talks to, on portio's mock backend,
 * modelled on QEMU's i440FX machine as measured (TESTBED.md):
 *   - PCI configuration mechanism #1 at 0xCF8-0xCFF with the i440FX host
 *     bridge 00:00.0 (8086:1237), the PIIX3 ISA bridge 00:01.0 and the
 *     PIIX4 power-management function 00:01.3 (8086:7113), whose register
 *     0x90 reads 0x0701 (SMBus base 0x700) and 0xD2 0x09 (host enabled);
 *   - its SMBus host controller at 0x700-0x70F, which runs "byte data"
 *     transactions: the first status read after a start sees busy (0x01),
 *     the next ones done (0x02), or 0x04 (device error) when nobody answers
 *     the address; other protocols fail (0x10);
 *   - eight writable 256-byte EEPROMs at addresses 0x50-0x57. EEPROM 0x5N
 *     starts with byte (offset + 0x10 * N) mod 256 at each offset: 0x50
 *     reads 00 01 02 ..., 0x51 reads 10 11 12 ..., so that a wrong address
 *     or offset shows.
 * Ports outside these read 0xFF, as with nothing attached.
 */
#ifndef SIMULATED_SMBUS_H
#define SIMULATED_SMBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "simulated_pci.h"

#define SIMULATED_SMBUS_BASE 0x700
#define SIMULATED_SMBUS_PORTS 16
#define SIMULATED_FIRST_EEPROM 0x50
#define SIMULATED_EEPROMS 8

struct simulated_smbus {
    struct simulated_pci pci;
    uint8_t status, control, command, address, data0;
    unsigned busy_reads;       /* status reads that still see the transaction running */
    uint8_t eeprom[SIMULATED_EEPROMS][256];
    /* For tests: transactions the EEPROMs still answer before they all go
     * silent (SIZE_MAX: always), and a controller that stays busy after a
     * start. */
    size_t answers_left;
    bool hangs;
};

/* The start content of EEPROM 0x50 + n at offset. */
uint8_t simulated_eeprom_start_byte(unsigned n, unsigned offset);

/* Sets *model to its start state and attaches it to the mock backend
 * (which must be in use): PCI at 0xCF8 and the SMBus at 0x700. model must
 * outlive its use. Returns a portio status. */
int simulated_smbus_attach(struct simulated_smbus *model);

/* The SMBus controller alone, without PCI: for --base. */
int simulated_smbus_attach_controller(struct simulated_smbus *model);

#endif
