/* SPDX-License-Identifier: MIT */
/* PCI configuration mechanism #1 (0xCF8-0xCFF) on portio's mock backend,
 * for the examples' --simulate machines: bus 0 with the functions and
 * registers of a table. */
#ifndef PORTIO_EXAMPLE_SIMULATED_PCI_H
#define PORTIO_EXAMPLE_SIMULATED_PCI_H

#include <stddef.h>
#include <stdint.h>

/* For a device that ignores the function number, as some real ones do:
 * it answers as every function. */
#define SIMULATED_PCI_ANY_FUNCTION 0xFF

/* One configuration dword of a function on bus 0. A function exists when
 * the table has a register of it; its other registers read 0. */
struct simulated_pci_register {
    uint8_t device, function, reg;
    uint32_t value;
};

struct simulated_pci {
    const struct simulated_pci_register *registers;
    size_t count;
    uint32_t address; /* the last dword written to 0xCF8 */
};

/* Attaches pci (which must outlive its use) at 0xCF8-0xCFF of the mock
 * backend in use. Writes to configuration space are ignored. Returns a
 * portio status. */
int simulated_pci_attach(struct simulated_pci *pci);

#endif
