/* SPDX-License-Identifier: MIT */
/*
 * pci_list: lists the PCI devices by walking PCI configuration space through
 * I/O ports, one line per function:
 *
 *     00:00.0 8086:1237 class 0600
 *     bus:device.function vendor:device class (base class and subclass)
 *
 *     pci_list [--simulate] [--backend NAME]
 *
 * With --simulate it walks a small model of the configuration mechanism on
 * portio's mock backend instead: no hardware, no root.
 *
 * Configuration mechanism #1: write an address (enable bit, bus, device,
 * function, register) as 32 bits to 0xCF8, then read the addressed dword at
 * 0xCFC (or a word or byte of it at 0xCFC..0xCFF).
 *
 * A teaching program, not a tool: the kernel uses 0xCF8 too, under a lock
 * user space cannot take, so a kernel access between our two steps can give
 * us the wrong register. For real work read /sys/bus/pci/devices/ (Linux)
 * or ask the operating system.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <portio.h>

#include "example_options.h"
#include "simulated_pci.h"

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC
#define CONFIG_ENABLE 0x80000000u

/* Registers (byte offsets) of the configuration header, read as dwords. */
#define REG_ID 0x00          /* vendor (low word), device (high word) */
#define REG_CLASS 0x08       /* class (byte 3), subclass (byte 2), prog-if, revision */
#define REG_HEADER_TYPE 0x0C /* header type is byte 2 of this dword */
#define HEADER_MULTI_FUNCTION 0x80
#define VENDOR_NONE 0xFFFF   /* nothing answers: the bus reads all ones */

static uint32_t config_address(unsigned bus, unsigned device, unsigned function, unsigned reg)
{
    return CONFIG_ENABLE | (uint32_t)bus << 16 | (uint32_t)device << 11 |
           (uint32_t)function << 8 | (reg & 0xFC);
}

/* One dword of configuration space. The checked portio_write/portio_read
 * report what the fast portio_outl/portio_inl cannot: the devport backend,
 * for one, refuses 32-bit accesses, and the message says so. */
static int config_read(unsigned bus, unsigned device, unsigned function, unsigned reg,
                       uint32_t *value)
{
    int status = portio_write(CONFIG_ADDRESS, 32, config_address(bus, device, function, reg));
    if (status == PORTIO_OK)
        status = portio_read(CONFIG_DATA, 32, value);
    return status;
}

/*
 * Every bus, device and function: 256 x 32 probes of function 0, plus the
 * other functions of multi-function devices. Slots where nothing answers
 * read all ones at once, so the brute-force walk is quick. Returns a portio
 * status.
 */
static int list_devices(void)
{
    for (unsigned bus = 0; bus < 256; bus++) {
        for (unsigned device = 0; device < 32; device++) {
            for (unsigned function = 0; function < 8; function++) {
                uint32_t id, class_code, header;
                int status = config_read(bus, device, function, REG_ID, &id);
                if (status != PORTIO_OK)
                    return status;
                if ((id & 0xFFFF) == VENDOR_NONE) {
                    if (function == 0)
                        break; /* no device in this slot */
                    continue;  /* functions need not be contiguous */
                }
                if ((status = config_read(bus, device, function, REG_CLASS, &class_code)) !=
                        PORTIO_OK ||
                    (status = config_read(bus, device, function, REG_HEADER_TYPE, &header)) !=
                        PORTIO_OK)
                    return status;
                printf("%02x:%02x.%x %04x:%04x class %04x\n", bus, device, function,
                       (unsigned)(id & 0xFFFF), (unsigned)(id >> 16), (unsigned)(class_code >> 16));
                /* Functions 1-7 exist only when function 0 says so: some
                 * single-function devices ignore the function number and
                 * would otherwise be listed eight times. */
                if (function == 0 && !((header >> 16) & HEADER_MULTI_FUNCTION))
                    break;
            }
        }
    }
    return PORTIO_OK;
}

/* --simulate: the devices of QEMU's "pc" machine, for the mock backend.
 * Registers not listed read 0. */
static const struct simulated_pci_register simulated_registers[] = {
    /* host bridge (i440FX) */
    {0, 0, REG_ID, 0x12378086},
    {0, 0, REG_CLASS, 0x06000002},
    /* ISA bridge (PIIX3), multi-function: header type 0x80 */
    {1, 0, REG_ID, 0x70008086},
    {1, 0, REG_CLASS, 0x06010000},
    {1, 0, REG_HEADER_TYPE, 0x00800000},
    /* IDE controller, function 1 of the same chip */
    {1, 1, REG_ID, 0x70108086},
    {1, 1, REG_CLASS, 0x01018000},
    /* VGA; it ignores the function number, like some real devices */
    {2, SIMULATED_PCI_ANY_FUNCTION, REG_ID, 0x11111234},
    {2, SIMULATED_PCI_ANY_FUNCTION, REG_CLASS, 0x03000002},
};

static int attach_simulated_pci(void)
{
    static struct simulated_pci pci = {
        simulated_registers, sizeof simulated_registers / sizeof simulated_registers[0]};
    int status = portio_use_backend("mock");
    if (status != PORTIO_OK)
        return status;
    return simulated_pci_attach(&pci);
}

static const char usage_text[] =
    "usage: pci_list [--simulate] [--backend NAME]\n"
    "lists PCI functions through configuration mechanism #1 (ports 0xCF8-0xCFF)\n"
    "  --simulate      walk a simulated bus (mock backend): no hardware, no root\n"
    "  --backend NAME  auto, direct, driver (Windows) or mock; devport cannot do\n"
    "                  the 32-bit accesses this needs\n";

int main(int argc, char **argv)
{
    bool simulate;
    int exit_status = example_options(argc, argv, "pci_list", usage_text, &simulate);
    if (exit_status >= 0)
        return exit_status;
    /* 0xCF8-0xCFB for the 32-bit address, 0xCFC-0xCFF for the data:
     * exactly the ports used. (0xCF9, the reset register on many chipsets,
     * is inside, but only ever as a byte of a 32-bit address write.) */
    if ((simulate && attach_simulated_pci() != PORTIO_OK) ||
        portio_enable(CONFIG_ADDRESS, 8) != PORTIO_OK || list_devices() != PORTIO_OK) {
        fprintf(stderr, "pci_list: %s\n", portio_last_error());
        return 1;
    }
    return 0;
}
