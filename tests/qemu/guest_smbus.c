/* SPDX-License-Identifier: MIT */
/*
 * In the QEMU guest, as root: protocols in one portio_batch on emulated
 * hardware (direct backend).
 *   guest_smbus           the PIIX4 SMBus host controller of QEMU's i440FX
 *                         machine and its eight EEPROMs (0x50-0x57), found
 *                         through PCI; waits that time out; modify and
 *                         delay ops on the parallel port; index/data
 *                         batches of two threads on the PCI ports
 *   guest_smbus example   the smbus_eeprom example (/portio/smbus_eeprom)
 *                         on the same controller, its output and exit
 *                         status checked against the library's view
 */
#include "guest_programs.h"
#include "guest_support.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC
/* The PIIX4 power-management function 00:01.3 and its SMBus base register. */
#define PM_FUNCTION_ID 0x71138086u
#define PM_SMBUS_BASE_REGISTER 0x90
#define PM_SYSFS_CONFIG "/sys/bus/pci/devices/0000:00:01.3/config"
#define EXPECTED_SMBUS_BASE 0x700 /* set by QEMU's firmware (TESTBED.md) */

/* PIIX4 SMBus host registers, from the base. */
enum { HOST_STATUS = 0, HOST_CONTROL = 2, HOST_COMMAND = 3, HOST_ADDRESS = 4, HOST_DATA0 = 5 };
#define STATUS_BUSY 0x01
#define STATUS_DONE 0x02
#define STATUS_DEVICE_ERROR 0x04
#define STATUS_CLEAR_ALL 0x1E       /* write 1 to clear: done and the three errors */
#define CONTROL_START_BYTE_DATA 0x48 /* start, protocol "byte data" */
#define TRANSACTION_WAIT_US 100000u /* QEMU finishes at the second poll */

#define FIRST_EEPROM 0x50
#define EEPROMS 8
#define EEPROM_BYTES 256
#define ABSENT_ADDRESS 0x30

#define LPT_CONTROL (LPT + 2)

static uint16_t smbus; /* the host controller's base, found in setup */

static double now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec * 1e3 + (double)now.tv_nsec / 1e6;
}

static uint32_t pci_address(unsigned device, unsigned function, unsigned offset)
{
    return 0x80000000u | (uint32_t)device << 11 | (uint32_t)function << 8 | (offset & 0xFCu);
}

/* The SMBus base as the guest kernel reads it from the PM function's
 * configuration space: an independent reference for the port reads. */
static uint16_t smbus_base_from_sysfs(void)
{
    uint8_t config[PM_SMBUS_BASE_REGISTER + 2];
    FILE *file = fopen(PM_SYSFS_CONFIG, "rb");
    if (!file)
        return 0;
    size_t size = fread(config, 1, sizeof config, file);
    fclose(file);
    if (size != sizeof config)
        return 0;
    return (uint16_t)((config[PM_SMBUS_BASE_REGISTER] | config[PM_SMBUS_BASE_REGISTER + 1] << 8) &
                      0xFFF0);
}

/* The PM function's id and SMBus base register, read in one batch: the two
 * index/data pairs cannot be split by anyone else's batch. */
static int find_smbus(uint32_t *id, uint32_t *base_register)
{
    portio_batch_op ops[] = {
        {CONFIG_ADDRESS, 32, PORTIO_BATCH_WRITE, pci_address(1, 3, 0)},
        {CONFIG_DATA, 32, PORTIO_BATCH_READ, 0},
        {CONFIG_ADDRESS, 32, PORTIO_BATCH_WRITE, pci_address(1, 3, PM_SMBUS_BASE_REGISTER)},
        {CONFIG_DATA, 32, PORTIO_BATCH_READ, 0},
    };
    int status = portio_batch(ops, 4);
    *id = ops[1].value;
    *base_register = ops[3].value;
    return status;
}

static int setup(void **state)
{
    if (enable_lpt(state) != 0)
        return -1;
    uint32_t id = 0, base_register = 0;
    if (portio_enable(CONFIG_ADDRESS, 8) != PORTIO_OK || find_smbus(&id, &base_register) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    smbus = (uint16_t)(base_register & 0xFFF0);
    print_message("PIIX4 PM 00:01.3 id 0x%08x, SMBus base 0x%04x\n", id, smbus);
    if (id != PM_FUNCTION_ID || smbus == 0) {
        print_error("no PIIX4 SMBus at 00:01.3 (id 0x%08x, base register 0x%08x)\n", id, base_register);
        return -1;
    }
    if (portio_enable(smbus, 16) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

/* ---- SMBus transactions as batches ---- */

/* Appends one "byte data" transaction to ops at *count: clear the status,
 * address, command, (data,) start, wait until the controller is no longer
 * busy, read the status (and the data). Returns the index of the status read. */
static size_t add_transaction(portio_batch_op *ops, size_t *count, uint8_t device, bool write,
                              uint8_t offset, uint8_t data)
{
    size_t n = *count;
    ops[n++] = (portio_batch_op){(uint16_t)(smbus + HOST_STATUS), 8, PORTIO_BATCH_WRITE, STATUS_CLEAR_ALL};
    ops[n++] = (portio_batch_op){(uint16_t)(smbus + HOST_ADDRESS), 8, PORTIO_BATCH_WRITE,
                                 (uint32_t)(device << 1 | (write ? 0 : 1))};
    ops[n++] = (portio_batch_op){(uint16_t)(smbus + HOST_COMMAND), 8, PORTIO_BATCH_WRITE, offset};
    if (write)
        ops[n++] = (portio_batch_op){(uint16_t)(smbus + HOST_DATA0), 8, PORTIO_BATCH_WRITE, data};
    ops[n++] = (portio_batch_op){(uint16_t)(smbus + HOST_CONTROL), 8, PORTIO_BATCH_WRITE,
                                 CONTROL_START_BYTE_DATA};
    ops[n++] = (portio_batch_op){(uint16_t)(smbus + HOST_STATUS), 8, PORTIO_BATCH_WAIT, 0, STATUS_BUSY,
                                 TRANSACTION_WAIT_US};
    size_t status_index = n;
    ops[n++] = (portio_batch_op){(uint16_t)(smbus + HOST_STATUS), 8, PORTIO_BATCH_READ, 0};
    if (!write)
        ops[n++] = (portio_batch_op){(uint16_t)(smbus + HOST_DATA0), 8, PORTIO_BATCH_READ, 0};
    *count = n;
    return status_index;
}

static uint8_t pattern(unsigned device, unsigned offset, unsigned seed)
{
    return (uint8_t)(offset * 7 + device * 0x25 + seed * 0x5B);
}

/* 256 transactions per EEPROM, one batch each way. */
static portio_batch_op eeprom_ops[EEPROM_BYTES * 8];

static void assert_status(const portio_batch_op *op, uint32_t expected, unsigned device, unsigned offset)
{
    if (op->value != expected)
        fail_msg("SMBus device 0x%02x offset 0x%02x: status 0x%02x, expected 0x%02x", device, offset,
                 (unsigned)op->value, (unsigned)expected);
}

static void write_eeprom(unsigned device, unsigned seed)
{
    size_t count = 0, status_at[EEPROM_BYTES];
    for (unsigned offset = 0; offset < EEPROM_BYTES; offset++)
        status_at[offset] = add_transaction(eeprom_ops, &count, (uint8_t)device, true, (uint8_t)offset,
                                            pattern(device, offset, seed));
    assert_int_equal(portio_batch(eeprom_ops, count), PORTIO_OK);
    for (unsigned offset = 0; offset < EEPROM_BYTES; offset++)
        assert_status(&eeprom_ops[status_at[offset]], STATUS_DONE, device, offset);
}

static void read_eeprom(unsigned device, uint8_t *bytes)
{
    size_t count = 0, status_at[EEPROM_BYTES];
    for (unsigned offset = 0; offset < EEPROM_BYTES; offset++)
        status_at[offset] = add_transaction(eeprom_ops, &count, (uint8_t)device, false, (uint8_t)offset, 0);
    assert_int_equal(portio_batch(eeprom_ops, count), PORTIO_OK);
    for (unsigned offset = 0; offset < EEPROM_BYTES; offset++) {
        assert_status(&eeprom_ops[status_at[offset]], STATUS_DONE, device, offset);
        bytes[offset] = (uint8_t)eeprom_ops[status_at[offset] + 1].value;
    }
}

/* Bytes written through the library, in one batch. */
static void write_bytes(unsigned device, unsigned offset, const uint8_t *bytes, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        add_transaction(eeprom_ops, &count, (uint8_t)device, true, (uint8_t)(offset + i), bytes[i]);
    assert_int_equal(portio_batch(eeprom_ops, count), PORTIO_OK);
}

static void assert_eeprom_holds(unsigned device, unsigned seed)
{
    uint8_t bytes[EEPROM_BYTES];
    read_eeprom(device, bytes);
    for (unsigned offset = 0; offset < EEPROM_BYTES; offset++)
        if (bytes[offset] != pattern(device, offset, seed))
            fail_msg("EEPROM 0x%02x offset 0x%02x reads 0x%02x, 0x%02x was written", device, offset,
                     bytes[offset], pattern(device, offset, seed));
}

static void smbus_base_is_found_through_pci(void **state)
{
    (void)state;
    assert_int_equal(smbus, EXPECTED_SMBUS_BASE);
    assert_int_equal(smbus, smbus_base_from_sysfs());
}

/* The firmware leaves them zero; nothing in the guest has written them. */
static void eeproms_read_zero_at_boot(void **state)
{
    (void)state;
    uint8_t bytes[EEPROM_BYTES];
    read_eeprom(FIRST_EEPROM + EEPROMS - 1, bytes);
    for (unsigned offset = 0; offset < EEPROM_BYTES; offset++)
        assert_int_equal(bytes[offset], 0);
}

/* Each EEPROM its own pattern, so that a wrong address byte shows. */
static void eeproms_hold_the_patterns_written(void **state)
{
    (void)state;
    for (unsigned device = FIRST_EEPROM; device < FIRST_EEPROM + EEPROMS; device++)
        write_eeprom(device, 1);
    for (unsigned device = FIRST_EEPROM; device < FIRST_EEPROM + EEPROMS; device++)
        assert_eeprom_holds(device, 1);
    /* and once more with others: the first reads were no leftovers */
    for (unsigned device = FIRST_EEPROM; device < FIRST_EEPROM + EEPROMS; device += 3)
        write_eeprom(device, 2);
    for (unsigned device = FIRST_EEPROM; device < FIRST_EEPROM + EEPROMS; device++)
        assert_eeprom_holds(device, (device - FIRST_EEPROM) % 3 == 0 ? 2 : 1);
}

/* Nobody answers at 0x30: the wait ends (the controller is not busy), the
 * status says "device error", and the next transaction works. */
static void absent_address_gives_device_error(void **state)
{
    (void)state;
    portio_batch_op ops[16];
    size_t count = 0;
    size_t absent = add_transaction(ops, &count, ABSENT_ADDRESS, false, 0, 0);
    size_t present = add_transaction(ops, &count, FIRST_EEPROM, false, 3, 0);
    assert_int_equal(portio_batch(ops, count), PORTIO_OK);
    assert_int_equal(ops[absent].value, STATUS_DEVICE_ERROR);
    assert_int_equal(ops[present].value, STATUS_DONE);
    assert_int_equal(ops[present + 1].value, pattern(FIRST_EEPROM, 3, 2));
}

/* ---- waits that time out ---- */

/* After the status is cleared no transaction runs, so "done" never comes:
 * the batch stops at the wait, after its time and not much later; the op
 * before it ran and the one after it did not. */
static void wait_that_never_succeeds_times_out(void **state)
{
    (void)state;
    const uint32_t timeout_us = 200000;
    portio_outb(LPT, 0x3C);
    portio_batch_op ops[] = {
        {LPT, 8, PORTIO_BATCH_WRITE, 0x77},
        {(uint16_t)(smbus + HOST_STATUS), 8, PORTIO_BATCH_WRITE, STATUS_CLEAR_ALL},
        {(uint16_t)(smbus + HOST_STATUS), 8, PORTIO_BATCH_WAIT, STATUS_DONE, STATUS_DONE, timeout_us},
        {LPT, 8, PORTIO_BATCH_WRITE, 0x88},
    };
    double start = now_ms();
    assert_int_equal(portio_batch(ops, 4), PORTIO_E_TIMEOUT);
    double elapsed = now_ms() - start;
    print_message("a wait of %u us timed out after %.1f ms: %s\n", timeout_us, elapsed,
                  portio_last_error());
    assert_true(elapsed >= timeout_us / 1000.0);
    assert_true(elapsed < timeout_us / 1000.0 + 2000.0); /* generous: TCG on a shared machine */
    assert_int_equal(ops[2].result, 0x00);
    assert_int_equal(portio_inb(LPT), 0x77);
    /* the message names the op, its port, the value, the mask and the expected bits */
    assert_last_error_contains("op 2 ");
    assert_last_error_contains("port 0x0700");
    assert_last_error_contains("value read was 0x0,");
    assert_last_error_contains("mask 0x2 ");
    assert_last_error_contains("expected 0x2");
    /* the inputs are unchanged: the same batch runs again */
    assert_int_equal(ops[2].value, STATUS_DONE);
    assert_int_equal(ops[2].mask, STATUS_DONE);
    assert_int_equal(ops[2].time_us, timeout_us);
}

/* time_us 0 reads once. */
static void wait_of_no_time_reads_once(void **state)
{
    (void)state;
    portio_batch_op ops[] = {
        {(uint16_t)(smbus + HOST_STATUS), 8, PORTIO_BATCH_WRITE, STATUS_CLEAR_ALL},
        {(uint16_t)(smbus + HOST_STATUS), 8, PORTIO_BATCH_WAIT, STATUS_DONE, STATUS_DONE, 0},
        {LPT + 1, 8, PORTIO_BATCH_WAIT, 0x80, 0x80, 0}, /* the idle printer is not busy */
    };
    double start = now_ms();
    assert_int_equal(portio_batch(ops, 2), PORTIO_E_TIMEOUT);
    double elapsed = now_ms() - start;
    /* below the 1 s a wait may last, far above a busy machine's pauses;
     * the single read itself is counted on the mock (test_batch.c) */
    assert_true(elapsed < 900.0);
    assert_last_error_contains("op 1 ");
    assert_int_equal(portio_batch(ops + 2, 1), PORTIO_OK);
    assert_int_equal(ops[2].result, 0xD9);
}

/* ---- modify and delay on the parallel port ---- */

/* Auto-feed (control bit 1) set and cleared again by read-modify-write;
 * the strobe stays low, so nothing is printed. */
static void modify_toggles_a_control_bit(void **state)
{
    (void)state;
    portio_outb(LPT_CONTROL, 0x0C);
    portio_batch_op ops[] = {
        {LPT_CONTROL, 8, PORTIO_BATCH_MODIFY, 0x02, 0x02},
        {LPT_CONTROL, 8, PORTIO_BATCH_READ, 0},
        {LPT_CONTROL, 8, PORTIO_BATCH_MODIFY, 0x00, 0x02},
        {LPT_CONTROL, 8, PORTIO_BATCH_READ, 0},
    };
    for (int run_number = 0; run_number < 2; run_number++) {
        assert_int_equal(portio_batch(ops, 4), PORTIO_OK);
        assert_int_equal(ops[0].result, 0xCC);
        assert_int_equal(ops[1].value, 0xCE);
        assert_int_equal(ops[2].result, 0xCE);
        assert_int_equal(ops[3].value, 0xCC);
        /* a modify's inputs stay as they were: the batch runs again unchanged */
        assert_int_equal(ops[0].value, 0x02);
        assert_int_equal(ops[0].mask, 0x02);
        assert_int_equal(ops[2].value, 0x00);
        assert_int_equal(ops[2].mask, 0x02);
    }
    assert_int_equal(portio_inb(LPT_CONTROL), 0xCC);
}

/* The bits the mask clears may be set again by value: select-in and
 * auto-feed swapped in one op (0x0C -> 0x06). */
static void modify_clears_then_sets(void **state)
{
    (void)state;
    portio_outb(LPT_CONTROL, 0x0C);
    portio_batch_op ops[] = {{LPT_CONTROL, 8, PORTIO_BATCH_MODIFY, 0x02, 0x0A}};
    assert_int_equal(portio_batch(ops, 1), PORTIO_OK);
    assert_int_equal(ops[0].result, 0xCC);
    assert_int_equal(portio_inb(LPT_CONTROL), 0xC6);
    portio_outb(LPT_CONTROL, 0x0C);
}

static void delay_lasts_at_least_its_time(void **state)
{
    (void)state;
    const uint32_t delay_us = 50000;
    portio_batch_op ops[] = {
        {LPT, 8, PORTIO_BATCH_WRITE, 0x11},
        {0, 0, PORTIO_BATCH_DELAY, 0, 0, delay_us},
        {LPT, 8, PORTIO_BATCH_READ, 0},
        {0, 0, PORTIO_BATCH_DELAY, 0, 0, delay_us},
    };
    double start = now_ms();
    assert_int_equal(portio_batch(ops, 4), PORTIO_OK);
    double elapsed = now_ms() - start;
    print_message("two delays of %u us took %.1f ms\n", delay_us, elapsed);
    assert_true(elapsed >= 2 * delay_us / 1000.0);
    assert_true(elapsed < 2 * delay_us / 1000.0 + 2000.0);
    assert_int_equal(ops[2].value, 0x11);
}

/* ---- two threads, one index/data pair ---- */

/* Each thread reads the id of its own PCI function through 0xCF8/0xCFC.
 * Batches are atomic, so a thread never reads the other's function. */
struct pci_reader {
    pthread_t thread;
    unsigned device, function;
    uint32_t expected_id;
    long wrong;
};

#define INDEX_DATA_ROUNDS 100000

static void *read_ids(void *argument)
{
    struct pci_reader *reader = argument;
    portio_batch_op ops[] = {
        {CONFIG_ADDRESS, 32, PORTIO_BATCH_WRITE, pci_address(reader->device, reader->function, 0)},
        {CONFIG_DATA, 32, PORTIO_BATCH_READ, 0},
    };
    for (long i = 0; i < INDEX_DATA_ROUNDS; i++) {
        if (portio_batch(ops, 2) != PORTIO_OK || ops[1].value != reader->expected_id)
            reader->wrong++;
    }
    return NULL;
}

static void index_data_batches_of_two_threads_never_interleave(void **state)
{
    (void)state;
    struct pci_reader readers[] = {
        {.device = 0, .function = 0, .expected_id = 0x12378086u}, /* i440FX host bridge */
        {.device = 1, .function = 3, .expected_id = PM_FUNCTION_ID},
    };
    double start = now_ms();
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&readers[i].thread, NULL, read_ids, &readers[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(readers[i].thread, NULL), 0);
    print_message("wrong ids: %ld and %ld of %d each (%.0f ms)\n", readers[0].wrong, readers[1].wrong,
                  INDEX_DATA_ROUNDS, now_ms() - start);
    assert_int_equal(readers[0].wrong, 0);
    assert_int_equal(readers[1].wrong, 0);
}

/* ---- the smbus_eeprom example ---- */

static void example_writes_what_the_library_reads(void **state)
{
    (void)state;
    assert_int_equal(run("smbus_eeprom", "--force", "write", "0x52", "0x10", "0xde", "0xad", "0xbe", "0xef"), 0);
    assert_string_equal(err_text, "");
    uint8_t bytes[EEPROM_BYTES];
    read_eeprom(0x52, bytes);
    assert_int_equal(bytes[0x10], 0xDE);
    assert_int_equal(bytes[0x11], 0xAD);
    assert_int_equal(bytes[0x12], 0xBE);
    assert_int_equal(bytes[0x13], 0xEF);
    assert_int_equal(bytes[0x14], 0x00);
    assert_int_equal(bytes[0x0F], 0x00);
}

static void example_reads_what_it_wrote(void **state)
{
    (void)state;
    assert_int_equal(run("smbus_eeprom", "--force", "write", "0x52", "0x10", "0xde", "0xad", "0xbe", "0xef"), 0);
    assert_int_equal(run("smbus_eeprom", "read", "0x52", "0x10", "4"), 0);
    assert_string_equal(out_text, "0010: de ad be ef\n");
    assert_string_equal(err_text, "");
}

/* The library writes every byte of 0x55; the example reads all 256 (the
 * format of portio dump: 16 a line). */
static void example_reads_a_whole_eeprom(void **state)
{
    (void)state;
    write_eeprom(0x55, 3);
    assert_int_equal(run("smbus_eeprom", "--base", "0x700", "read", "0x55", "0", "256"), 0);
    char expected[EEPROM_BYTES / 16 * 56 + 1];
    size_t length = 0;
    for (unsigned offset = 0; offset < EEPROM_BYTES; offset++) {
        if (offset % 16 == 0)
            length += (size_t)snprintf(expected + length, sizeof expected - length, "%04x:", offset);
        length += (size_t)snprintf(expected + length, sizeof expected - length, " %02x",
                                   pattern(0x55, offset, 3));
        if (offset % 16 == 15)
            length += (size_t)snprintf(expected + length, sizeof expected - length, "\n");
    }
    assert_string_equal(out_text, expected);
    assert_string_equal(err_text, "");
}

/* The base found through PCI by the example is the one given by hand. */
static void example_with_and_without_base_agree(void **state)
{
    (void)state;
    write_bytes(0x52, 0x12, (const uint8_t[]){0xBE, 0xEF}, 2);
    assert_int_equal(run("smbus_eeprom", "read", "0x52", "0x12", "2"), 0);
    assert_string_equal(out_text, "0012: be ef\n");
    assert_int_equal(run("smbus_eeprom", "--base", "0x700", "read", "0x52", "0x12", "2"), 0);
    assert_string_equal(out_text, "0012: be ef\n");
}

static void example_reports_the_absent_address(void **state)
{
    (void)state;
    assert_int_equal(run("smbus_eeprom", "read", "0x30", "0"), 1);
    assert_string_equal(out_text, "");
    assert_contains(err_text, "smbus_eeprom: ");
    assert_contains(err_text, "0x30");
    assert_int_equal(run("smbus_eeprom", "write", "0x30", "0", "0x12"), 1);
    assert_contains(err_text, "0x30");
    /* and the bus still works */
    write_bytes(0x52, 0x13, (const uint8_t[]){0xEF}, 1);
    assert_int_equal(run("smbus_eeprom", "read", "0x52", "0x13"), 0);
    assert_string_equal(out_text, "0013: ef\n");
}

/* 0x50-0x57 is where a PC's memory modules keep their SPD EEPROMs: no
 * write there without --force, and the EEPROM keeps its byte. */
static void example_refuses_an_spd_write_without_force(void **state)
{
    (void)state;
    write_bytes(0x52, 0x20, (const uint8_t[]){0x5A}, 1);
    assert_int_equal(run("smbus_eeprom", "write", "0x52", "0x20", "0xa5"), 2);
    assert_string_equal(out_text, "");
    assert_contains(err_text, "smbus_eeprom: not writing to 0x52 without --force: ");
    assert_contains(err_text, "SPD EEPROMs");
    assert_contains(err_text, "can keep the machine from starting");
    uint8_t bytes[EEPROM_BYTES];
    read_eeprom(0x52, bytes);
    assert_int_equal(bytes[0x20], 0x5A);
    /* with it, the byte is written */
    assert_int_equal(run("smbus_eeprom", "write", "0x52", "0x20", "0xa5", "--force"), 0);
    read_eeprom(0x52, bytes);
    assert_int_equal(bytes[0x20], 0xA5);
}

/* --simulate talks to the mock: the emulated EEPROM keeps its bytes. */
static void example_simulate_leaves_the_hardware_alone(void **state)
{
    (void)state;
    write_bytes(0x52, 0x10, (const uint8_t[]){0xDE}, 1);
    assert_int_equal(run("smbus_eeprom", "--simulate", "--force", "write", "0x52", "0x10", "0x01"), 0);
    uint8_t bytes[EEPROM_BYTES];
    read_eeprom(0x52, bytes);
    assert_int_equal(bytes[0x10], 0xDE);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest library[] = {
        cmocka_unit_test(smbus_base_is_found_through_pci),
        cmocka_unit_test(eeproms_read_zero_at_boot),
        cmocka_unit_test(eeproms_hold_the_patterns_written),
        cmocka_unit_test(absent_address_gives_device_error),
        cmocka_unit_test(wait_that_never_succeeds_times_out),
        cmocka_unit_test(wait_of_no_time_reads_once),
        cmocka_unit_test(modify_toggles_a_control_bit),
        cmocka_unit_test(modify_clears_then_sets),
        cmocka_unit_test(delay_lasts_at_least_its_time),
        cmocka_unit_test(index_data_batches_of_two_threads_never_interleave),
    };
    const struct CMUnitTest example[] = {
        cmocka_unit_test(example_writes_what_the_library_reads),
        cmocka_unit_test(example_reads_what_it_wrote),
        cmocka_unit_test(example_reads_a_whole_eeprom),
        cmocka_unit_test(example_with_and_without_base_agree),
        cmocka_unit_test(example_reports_the_absent_address),
        cmocka_unit_test(example_refuses_an_spd_write_without_force),
        cmocka_unit_test(example_simulate_leaves_the_hardware_alone),
    };
    if (argc == 1)
        return cmocka_run_group_tests_name("smbus and protocol ops", library, setup, NULL);
    if (argc == 2 && strcmp(argv[1], "example") == 0)
        return cmocka_run_group_tests_name("smbus_eeprom example", example, setup, NULL);
    fprintf(stderr, "usage: guest_smbus [example]\n");
    return 2;
}
