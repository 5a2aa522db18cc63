/* SPDX-License-Identifier: MIT */
#include "simulated_pci.h"

#include <stdbool.h>

#include "portio.h"

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC
#define CONFIG_ENABLE 0x80000000u
#define NOTHING 0xFFFFFFFFu /* nothing answers: the bus reads all ones */

static uint32_t config_dword(const struct simulated_pci *pci)
{
    uint32_t address = pci->address;
    unsigned bus = (address >> 16) & 0xFF, device = (address >> 11) & 0x1F;
    unsigned function = (address >> 8) & 0x07, reg = address & 0xFC;
    if (!(address & CONFIG_ENABLE) || bus != 0)
        return NOTHING;
    bool present = false;
    for (size_t i = 0; i < pci->count; i++) {
        const struct simulated_pci_register *r = &pci->registers[i];
        if (r->device != device ||
            (r->function != function && r->function != SIMULATED_PCI_ANY_FUNCTION))
            continue;
        if (r->reg == reg)
            return r->value;
        present = true;
    }
    return present ? 0 : NOTHING;
}

static uint32_t config_read(void *context, uint16_t port, unsigned width_bits)
{
    const struct simulated_pci *pci = context;
    (void)width_bits; /* the mock masks the value to the width */
    if (port == CONFIG_ADDRESS)
        return pci->address;
    if (port < CONFIG_DATA)
        return NOTHING;
    /* 0xCFD..0xCFF reach the higher bytes of the addressed dword. */
    return config_dword(pci) >> (8 * (port - CONFIG_DATA));
}

static void config_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    struct simulated_pci *pci = context;
    /* Only a 32-bit write to 0xCF8 sets the address; narrower ones are
     * ordinary I/O (0xCF9 is the reset register on real chipsets). */
    if (port == CONFIG_ADDRESS && width_bits == 32)
        pci->address = value;
}

int simulated_pci_attach(struct simulated_pci *pci)
{
    pci->address = 0;
    return portio_mock_attach(CONFIG_ADDRESS, 8, config_read, config_write, pci);
}
