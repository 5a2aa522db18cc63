/* SPDX-License-Identifier: MIT */
/* A model of QEMU's i440FX PCI functions and PIIX4 SMBus with its EEPROMs,
 * for the mock backend (see simulated_smbus.h). */
#include "simulated_smbus.h"

#include "portio.h"
#include "smbus_eeprom.h"

#define PROTOCOL_MASK 0x1C  /* control bits 4:2 */
#define PROTOCOL_BYTE_DATA 0x08
#define CONTROL_START 0x40

/* The configuration dwords the search reads; others read 0. */
static const struct simulated_pci_register pci_registers[] = {
    {0, 0, 0x00, 0x12378086}, /* i440FX host bridge */
    {0, 0, 0x08, 0x06000002},
    {1, 0, 0x00, 0x70008086}, /* PIIX3 ISA bridge, multi-function */
    {1, 0, 0x08, 0x06010000},
    {1, 0, 0x0C, 0x00800000},
    {1, 3, 0x00, 0x71138086}, /* PIIX4 power management */
    {1, 3, 0x08, 0x06800003},
    {1, 3, 0x90, 0x00000701}, /* SMBus base 0x700; bit 0: I/O space */
    {1, 3, 0xD0, 0x00090000}, /* 0xD2 = 0x09: host enabled, SMI routing */
};

/* A start: the transaction completes at once, as QEMU's does; the busy
 * bit only shows to the next status read. */
static void run_transaction(struct simulated_smbus *model)
{
    model->busy_reads = 1;
    if ((model->control & PROTOCOL_MASK) != PROTOCOL_BYTE_DATA) {
        model->status = SMBUS_STATUS_FAILED;
        return;
    }
    unsigned device = model->address >> 1;
    bool reading = model->address & 1;
    if (device < SIMULATED_FIRST_EEPROM || device >= SIMULATED_FIRST_EEPROM + SIMULATED_EEPROMS ||
        model->answers_left == 0) {
        model->status = SMBUS_STATUS_DEVICE_ERROR;
        return;
    }
    if (model->answers_left != SIZE_MAX)
        model->answers_left--;
    uint8_t *cell = &model->eeprom[device - SIMULATED_FIRST_EEPROM][model->command];
    if (reading)
        model->data0 = *cell;
    else
        *cell = model->data0;
    model->status = SMBUS_STATUS_DONE;
}

static uint32_t smbus_read(void *context, uint16_t port, unsigned width_bits)
{
    struct simulated_smbus *model = context;
    (void)width_bits;
    switch (port - SIMULATED_SMBUS_BASE) {
    case SMBUS_HOST_STATUS:
        if (model->busy_reads > 0) {
            if (!model->hangs)
                model->busy_reads--;
            return SMBUS_STATUS_BUSY;
        }
        return model->status;
    case SMBUS_HOST_CONTROL:
        return model->control & (uint8_t)~CONTROL_START; /* start reads 0 */
    case SMBUS_HOST_COMMAND:
        return model->command;
    case SMBUS_HOST_ADDRESS:
        return model->address;
    case SMBUS_HOST_DATA0:
        return model->data0;
    default:
        return 0xFF;
    }
}

static void smbus_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    struct simulated_smbus *model = context;
    uint8_t byte = (uint8_t)value;
    (void)width_bits;
    switch (port - SIMULATED_SMBUS_BASE) {
    case SMBUS_HOST_STATUS:
        model->status &= (uint8_t)~(byte & SMBUS_STATUS_FLAGS); /* write 1 to clear */
        break;
    case SMBUS_HOST_CONTROL:
        model->control = byte;
        if (byte & CONTROL_START)
            run_transaction(model);
        break;
    case SMBUS_HOST_COMMAND:
        model->command = byte;
        break;
    case SMBUS_HOST_ADDRESS:
        model->address = byte;
        break;
    case SMBUS_HOST_DATA0:
        model->data0 = byte;
        break;
    default:
        break;
    }
}

uint8_t simulated_eeprom_start_byte(unsigned n, unsigned offset)
{
    return (uint8_t)(offset + 0x10 * n);
}

int simulated_smbus_attach_controller(struct simulated_smbus *model)
{
    *model = (struct simulated_smbus){.answers_left = SIZE_MAX};
    for (unsigned n = 0; n < SIMULATED_EEPROMS; n++)
        for (unsigned offset = 0; offset < 256; offset++)
            model->eeprom[n][offset] = simulated_eeprom_start_byte(n, offset);
    return portio_mock_attach(SIMULATED_SMBUS_BASE, SIMULATED_SMBUS_PORTS, smbus_read, smbus_write,
                              model);
}

int simulated_smbus_attach(struct simulated_smbus *model)
{
    int status = simulated_smbus_attach_controller(model);
    if (status != PORTIO_OK)
        return status;
    model->pci = (struct simulated_pci){pci_registers, sizeof pci_registers / sizeof pci_registers[0]};
    return simulated_pci_attach(&model->pci);
}
