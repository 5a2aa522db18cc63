/* SPDX-License-Identifier: MIT */
/* Finding the SMBus host controller through PCI configuration mechanism #1:
 * write an address (enable bit, bus, device, function, register) as 32 bits
 * to 0xCF8, then read the addressed dword at 0xCFC. */
#include "smbus_eeprom.h"

#include <stdio.h>

#include "bus_mutex.h"
#include "portio.h"

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC
#define CONFIG_ENABLE 0x80000000u
#define DEVICES 32
#define FUNCTIONS 8

#define REG_ID 0x00
#define REG_CLASS 0x08 /* class (byte 3), subclass (byte 2), prog-if, revision */
#define VENDOR_INTEL 0x8086

/* PIIX4 power-management function: the SMBus base (bits 15:4) and, in the
 * dword at 0xD0, the host configuration byte 0xD2 (bit 0: host enable). */
#define PIIX4_PM_ID 0x71138086u
#define PIIX4_SMBUS_BASE 0x90
#define PIIX4_HOST_CONFIG_DWORD 0xD0
#define PIIX4_HOST_ENABLE (1u << 16)
#define PIIX4_BASE_MASK 0xFFF0u

/* ICH/PCH SMBus function: class 0x0C05, BAR4 an I/O base (bit 0 set,
 * bits 15:5), host configuration register 0x40 (bit 0: host enable). */
#define CLASS_SMBUS 0x0C05
#define ICH_BAR4 0x20
#define ICH_HOST_CONFIG 0x40
#define ICH_HOST_ENABLE 1u
#define BAR_IS_IO 1u
#define ICH_BASE_MASK 0xFFE0u

static uint32_t config_address(unsigned device, unsigned function, unsigned reg)
{
    return CONFIG_ENABLE | (uint32_t)device << 11 | (uint32_t)function << 8 | (reg & 0xFC);
}

/* The address write and its data read, next to each other in a batch, so
 * that no other batch can move 0xCF8 between them. Returns the index of
 * the read, which gets the dword. */
static size_t add_config_read(portio_batch_op *ops, size_t *count, unsigned device,
                              unsigned function, unsigned reg)
{
    ops[(*count)++] = (portio_batch_op){CONFIG_ADDRESS, 32, PORTIO_BATCH_WRITE,
                                        config_address(device, function, reg)};
    ops[(*count)++] = (portio_batch_op){CONFIG_DATA, 32, PORTIO_BATCH_READ};
    return *count - 1;
}

/* The first PIIX4 PM or Intel SMBus function on bus 0, by id and class: one
 * batch for all 256 functions (1024 ops, one request to the Windows
 * driver). Slots where nothing answers read all ones. */
static enum smbus_outcome find_function(struct smbus_controller *controller)
{
    portio_batch_op ops[DEVICES * FUNCTIONS * 4];
    size_t count = 0;
    for (unsigned device = 0; device < DEVICES; device++) {
        for (unsigned function = 0; function < FUNCTIONS; function++) {
            add_config_read(ops, &count, device, function, REG_ID);
            add_config_read(ops, &count, device, function, REG_CLASS);
        }
    }
    if (portio_batch(ops, count) != PORTIO_OK)
        return SMBUS_PORTIO_FAILED;
    for (size_t slot = 0; slot < DEVICES * FUNCTIONS; slot++) {
        uint32_t id = ops[slot * 4 + 1].value;
        uint32_t class_code = ops[slot * 4 + 3].value >> 16;
        const char *kind = NULL;
        if (id == PIIX4_PM_ID)
            kind = "PIIX4";
        else if ((id & 0xFFFF) == VENDOR_INTEL && class_code == CLASS_SMBUS)
            kind = "Intel ICH/PCH";
        if (kind) {
            *controller = (struct smbus_controller){
                .device = (uint8_t)(slot / FUNCTIONS),
                .function = (uint8_t)(slot % FUNCTIONS),
                .vendor_id = (uint16_t)(id & 0xFFFF),
                .device_id = (uint16_t)(id >> 16),
                .kind = kind,
            };
            return SMBUS_DONE;
        }
    }
    return SMBUS_NO_CONTROLLER;
}

/* The function's base and host enable, in a second batch. */
static enum smbus_outcome read_base(struct smbus_controller *controller)
{
    bool piix4 = controller->device_id == (PIIX4_PM_ID >> 16);
    portio_batch_op ops[4];
    size_t count = 0;
    size_t base_at = add_config_read(ops, &count, controller->device, controller->function,
                                     piix4 ? PIIX4_SMBUS_BASE : ICH_BAR4);
    size_t enable_at = add_config_read(ops, &count, controller->device, controller->function,
                                       piix4 ? PIIX4_HOST_CONFIG_DWORD : ICH_HOST_CONFIG);
    if (portio_batch(ops, count) != PORTIO_OK)
        return SMBUS_PORTIO_FAILED;
    uint32_t base = ops[base_at].value, enable = ops[enable_at].value;
    bool enabled;
    if (piix4) {
        controller->base = (uint16_t)(base & PIIX4_BASE_MASK);
        enabled = enable & PIIX4_HOST_ENABLE;
    } else {
        controller->base = base & BAR_IS_IO ? (uint16_t)(base & ICH_BASE_MASK) : 0;
        enabled = enable & ICH_HOST_ENABLE;
    }
    return enabled && controller->base != 0 ? SMBUS_DONE : SMBUS_CONTROLLER_DISABLED;
}

enum smbus_outcome smbus_find_controller(struct smbus_controller *controller)
{
    *controller = (struct smbus_controller){0};
    /* Hardware-monitoring programs on Windows take this mutex around their
     * own mechanism #1 pairs; our batches keep only portio's users apart. */
    struct bus_mutex mutex;
    if (!bus_mutex_acquire(&mutex, BUS_MUTEX_PCI))
        return SMBUS_BUS_IN_USE;
    enum smbus_outcome outcome = find_function(controller);
    if (outcome == SMBUS_DONE)
        outcome = read_base(controller);
    bus_mutex_release(&mutex);
    return outcome;
}

const char *smbus_describe_search(enum smbus_outcome outcome,
                                  const struct smbus_controller *controller, char *text,
                                  size_t size)
{
    switch (outcome) {
    case SMBUS_DONE:
        snprintf(text, size, "%s SMBus controller at PCI 00:%02x.%x, base 0x%04x", controller->kind,
                 controller->device, controller->function, controller->base);
        break;
    case SMBUS_NO_CONTROLLER:
        snprintf(text, size, "no SMBus controller found: PCI bus 0 has no PIIX4 power-management "
                             "function (8086:7113) and no Intel SMBus function (class 0c05); "
                             "give the controller's base with --base PORT");
        break;
    case SMBUS_CONTROLLER_DISABLED:
        snprintf(text, size, "the %s SMBus controller at PCI 00:%02x.%x is switched off (its host "
                             "interface is disabled or it has no I/O base; base 0x%04x): the "
                             "firmware did not set it up, and this example does not",
                 controller->kind, controller->device, controller->function, controller->base);
        break;
    case SMBUS_BUS_IN_USE:
        snprintf(text, size, "another program held the PCI configuration ports (the mutex "
                             "%s) for %d s; try again",
                 BUS_MUTEX_PCI, BUS_MUTEX_TIMEOUT_MS / 1000);
        break;
    default:
        snprintf(text, size, "%s", portio_last_error());
        break;
    }
    return text;
}
