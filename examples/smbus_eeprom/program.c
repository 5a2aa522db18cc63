/* SPDX-License-Identifier: MIT */
/* smbus_eeprom's command line and output; the transactions are in
 * smbus_transfer.c, the search in smbus_controller.c. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "dump_format.h"
#include "example_options.h"
#include "portio.h"
#include "simulated_smbus.h"
#include "smbus_eeprom.h"

#define NAME "smbus_eeprom"

enum exit_status { EXIT_DONE = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: smbus_eeprom [--simulate | --backend NAME] [--base PORT] read DEVICE OFFSET [COUNT]\n"
    "       smbus_eeprom [--simulate | --backend NAME] [--base PORT] [--force] write DEVICE OFFSET BYTE...\n"
    "Reads or writes the bytes of an EEPROM on the SMBus through an Intel PIIX4 or\n"
    "ICH/PCH host controller, one SMBus \"byte data\" transaction per byte.\n"
    "\n"
    "  read            prints COUNT bytes (default 1) from OFFSET on, as portio dump\n"
    "                  does: \"0010: de ad be ef\", 16 a line, each line starting with\n"
    "                  the offset of its first byte\n"
    "  write           writes the BYTEs from OFFSET on and prints nothing\n"
    "  DEVICE          the 7-bit SMBus address, 0x03-0x77 (memory modules' SPD\n"
    "                  EEPROMs answer at 0x50-0x57)\n"
    "  OFFSET          0-255; OFFSET + COUNT (or the number of BYTEs) at most 256\n"
    "  --force         write to 0x50-0x57 too, where memory modules keep their SPD\n"
    "                  EEPROMs: only when you know the device there is not one\n"
    "  --base PORT     the controller's I/O base; without it the controller is\n"
    "                  found through PCI configuration space (ports 0xCF8-0xCFF)\n"
    "  --simulate      a simulated machine on the mock backend: the PIIX4 of QEMU's\n"
    "                  i440FX at 0x700 with EEPROMs at 0x50-0x57 (0x5N starts with\n"
    "                  byte offset + 0x10 * N); nothing is kept between runs\n"
    "  --backend NAME  auto, direct, driver (Windows) or mock; devport cannot do the\n"
    "                  32-bit PCI accesses (give --base)\n"
    "  --help          this text\n"
    "\n"
    "Numbers are hex with 0x or decimal. Writes to 0x50-0x57 are refused without\n"
    "--force: the EEPROMs there on a real PC describe its memory modules to the\n"
    "firmware, and a wrong byte can keep the machine from starting. Reads are\n"
    "always allowed. A kernel driver for the controller\n"
    "(Linux: i2c_piix4, i2c_i801) uses the same registers; unload it first.\n"
    "Exit status: 0 done, 1 refused or failed (no controller, no device, ...),\n"
    "2 a mistake on the command line (a write to 0x50-0x57 without --force too).\n";

static const struct example_syntax syntax = {
    .name = NAME, .usage = usage_text, .takes_base = true, .takes_force = true, .min_count = 0,
    .max_count = INT_MAX};

struct command {
    bool writing;
    uint8_t device;
    uint8_t offset;
    size_t count;
    uint8_t bytes[SMBUS_EEPROM_SIZE]; /* to write */
};

static int usage_mistake(FILE *err)
{
    fputs("Try '" NAME " --help' for more.\n", err);
    return EXIT_USAGE;
}

/* A write where a DIMM's SPD EEPROM may answer, without --force: refused,
 * saying why and what to do, before any port is touched. */
static int refuse_spd_write(uint32_t device, FILE *err)
{
    fprintf(err,
            NAME ": not writing to 0x%02x without --force: the addresses 0x%02x-0x%02x hold the "
                 "SPD EEPROMs of a PC's memory modules, which the firmware reads at every start, "
                 "and a wrong byte there can keep the machine from starting. Add --force only "
                 "if you know the device at 0x%02x is not a memory module's EEPROM\n",
            (unsigned)device, SMBUS_SPD_FIRST_DEVICE, SMBUS_SPD_LAST_DEVICE, (unsigned)device);
    return EXIT_USAGE;
}

/* read DEVICE OFFSET [COUNT] | write DEVICE OFFSET BYTE... */
static int parse_command(int argc, char **argv, bool force, struct command *command, FILE *err)
{
    if (argc == 0) {
        fputs(NAME ": say what to do: read or write\n", err);
        return usage_mistake(err);
    }
    command->writing = strcmp(argv[0], "write") == 0;
    if (!command->writing && strcmp(argv[0], "read") != 0) {
        fprintf(err, NAME ": unknown command \"%s\": read or write\n", argv[0]);
        return usage_mistake(err);
    }
    int least = command->writing ? 4 : 3, most = command->writing ? 3 + SMBUS_EEPROM_SIZE : 4;
    if (argc < least || argc > most) {
        fprintf(err, NAME ": %s takes %s\n", argv[0],
                command->writing ? "DEVICE OFFSET BYTE... (1 to 256 bytes)"
                                 : "DEVICE OFFSET [COUNT]");
        return usage_mistake(err);
    }
    uint32_t device, offset, count = 1;
    if (!example_number(argv[1], "device address", 0xFF, &device, NAME, err) ||
        !example_number(argv[2], "offset", SMBUS_EEPROM_SIZE - 1, &offset, NAME, err))
        return usage_mistake(err);
    if (device < SMBUS_FIRST_DEVICE || device > SMBUS_LAST_DEVICE) {
        fprintf(err, NAME ": the device address 0x%02x is reserved; SMBus devices answer at "
                     "0x%02x-0x%02x (7 bits)\n",
                (unsigned)device, SMBUS_FIRST_DEVICE, SMBUS_LAST_DEVICE);
        return usage_mistake(err);
    }
    if (command->writing) {
        count = (uint32_t)argc - 3;
        for (uint32_t i = 0; i < count; i++) {
            uint32_t byte;
            if (!example_number(argv[3 + i], "byte", 0xFF, &byte, NAME, err))
                return usage_mistake(err);
            command->bytes[i] = (uint8_t)byte;
        }
    } else if (argc == 4 &&
               !example_number(argv[3], "count", SMBUS_EEPROM_SIZE, &count, NAME, err)) {
        return usage_mistake(err);
    }
    if (count == 0 || offset + count > SMBUS_EEPROM_SIZE) {
        fprintf(err, NAME ": %u byte%s from offset 0x%02x %s; the EEPROM has 256 (0x00-0xff)\n",
                (unsigned)count, count == 1 ? "" : "s", (unsigned)offset,
                count == 0 ? "is nothing to read" : "would run past its end");
        return usage_mistake(err);
    }
    if (command->writing && !force && device >= SMBUS_SPD_FIRST_DEVICE &&
        device <= SMBUS_SPD_LAST_DEVICE)
        return refuse_spd_write(device, err);
    command->device = (uint8_t)device;
    command->offset = (uint8_t)offset;
    command->count = count;
    return EXIT_DONE;
}

static int failed(FILE *err, const char *message)
{
    fprintf(err, NAME ": %s\n", message);
    return EXIT_FAILED;
}

/* The controller's base: --base, or the search through PCI. */
static int find_base(const struct example_command_line *line, uint16_t *base, FILE *err)
{
    if (line->base_given) {
        if (line->base > 0x10000 - SMBUS_PORT_COUNT) {
            fprintf(err, NAME ": base 0x%04x leaves no room for the controller's %d registers\n",
                    line->base, SMBUS_PORT_COUNT);
            return usage_mistake(err);
        }
        *base = line->base;
        return EXIT_DONE;
    }
    char message[512];
    struct smbus_controller controller;
    if (portio_enable(0xCF8, 8) != PORTIO_OK)
        return failed(err, portio_last_error());
    enum smbus_outcome outcome = smbus_find_controller(&controller);
    if (outcome != SMBUS_DONE)
        smbus_describe_search(outcome, &controller, message, sizeof message);
    portio_disable(0xCF8, 8);
    if (outcome != SMBUS_DONE)
        return failed(err, message);
    *base = controller.base;
    return EXIT_DONE;
}

int smbus_eeprom_run(int argc, char **argv, FILE *out, FILE *err)
{
    struct example_command_line line;
    int status = example_command_line(argc, argv, &syntax, &line, out, err);
    if (status >= 0)
        return status;
    struct command command;
    if ((status = parse_command(line.count, line.positional, line.force, &command, err)) != EXIT_DONE)
        return status;
    if ((status = example_choose_backend(&line, NAME, err)) >= 0)
        return status;
    /* Static: the mock keeps using it after this function returns. */
    static struct simulated_smbus model;
    if (line.simulate && simulated_smbus_attach(&model) != PORTIO_OK)
        return failed(err, portio_last_error());

    uint16_t base;
    if ((status = find_base(&line, &base, err)) != EXIT_DONE)
        return status;
    if (portio_enable(base, SMBUS_PORT_COUNT) != PORTIO_OK)
        return failed(err, portio_last_error());
    struct smbus_transfer transfer;
    uint8_t bytes[SMBUS_EEPROM_SIZE];
    if (command.writing)
        smbus_eeprom_write(base, command.device, command.offset, command.bytes, command.count,
                           &transfer);
    else
        smbus_eeprom_read(base, command.device, command.offset, command.count, bytes, &transfer);
    portio_disable(base, SMBUS_PORT_COUNT);
    if (transfer.outcome != SMBUS_DONE) {
        char message[512];
        return failed(err, smbus_describe_transfer(&transfer, message, sizeof message));
    }
    if (!command.writing)
        print_dump(out, command.offset, bytes, command.count);
    return EXIT_DONE;
}
