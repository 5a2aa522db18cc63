/* SPDX-License-Identifier: MIT */
/*
 * Protocols through the real portio.sys under Wine inside the QEMU guest
 * (run_wine_guest.sh): the examples' logic (smbus_eeprom_logic,
 * lpt_print_logic) on QEMU's PIIX4 SMBus with its eight EEPROMs and on the
 * parallel port at 0x378, whose character device is a file on the host
 * (--lpt-expect). This program has no port rights of its own: every access
 * goes through the driver, and the driver's counters say how many requests
 * a protocol step took.
 *   test_guest_protocols PRINT_FILE   PRINT_FILE is what the print test
 *                                     sends (lpt_print_4k.bin, copied to
 *                                     C:\portio)
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#include "front.h"
#include "lpt_print.h"
#include "smbus_eeprom.h"
#include "windows/backends.h"

#define CONFIG_ADDRESS 0xCF8
#define LPT 0x378
#define EXPECTED_SMBUS_BASE 0x700 /* QEMU's firmware (TESTBED.md) */
#define FIRST_EEPROM 0x50
#define EEPROMS 8
#define ABSENT_ADDRESS 0x30
/* The parallel port's character device, on the writable share, as Wine's
 * Z: drive sees it; it holds every byte strobed since the guest started. */
#define PRINTED_FILE "Z:\\tmp\\portio-work\\printed.bin"
#define PRINT_BYTES 4096

static const char *print_file;
static uint16_t smbus;

static int fresh_library(void **state)
{
    (void)state;
    portio_front_reset_for_tests();
    return 0;
}

static uint64_t driver_requests(void)
{
    uint64_t requests = 0, operations = 0;
    assert_int_equal(portio_windows_driver_stats(&requests, &operations), PORTIO_OK);
    return requests;
}

/* The controller found through PCI, its ports enabled. */
static void enable_smbus(void)
{
    assert_int_equal(portio_enable(CONFIG_ADDRESS, 8), PORTIO_OK);
    struct smbus_controller controller;
    enum smbus_outcome outcome = smbus_find_controller(&controller);
    if (outcome != SMBUS_DONE) {
        char text[256];
        fail_msg("%s", smbus_describe_search(outcome, &controller, text, sizeof text));
    }
    smbus = controller.base;
    assert_int_equal(portio_enable(smbus, SMBUS_PORT_COUNT), PORTIO_OK);
}

static uint8_t pattern(unsigned device, unsigned offset)
{
    return (uint8_t)(offset * 13 + device * 0x35 + 0x5A);
}

static void assert_transfer_done(enum smbus_outcome outcome, const struct smbus_transfer *transfer)
{
    if (outcome != SMBUS_DONE) {
        char text[256];
        fail_msg("%s (portio: %s)", smbus_describe_transfer(transfer, text, sizeof text), portio_last_error());
    }
    assert_int_equal(transfer->bytes_done, transfer->count);
}

/* ---- SMBus ---- */

static void smbus_controller_is_the_piix4_at_0x700(void **state)
{
    (void)state;
    enable_smbus();
    assert_int_equal(smbus, EXPECTED_SMBUS_BASE);
}

/* Each EEPROM its own pattern, so that a wrong address shows: 256 bytes to
 * the first, 32 to the others; a request per SMBUS_WRITE_BYTES_PER_BATCH
 * bytes (each byte's write cycle is a 5 ms delay in the driver). */
static void eeproms_hold_the_patterns_written(void **state)
{
    (void)state;
    enable_smbus();
    uint8_t bytes[SMBUS_EEPROM_SIZE];
    struct smbus_transfer transfer;
    for (unsigned device = FIRST_EEPROM; device < FIRST_EEPROM + EEPROMS; device++) {
        size_t count = device == FIRST_EEPROM ? SMBUS_EEPROM_SIZE : 32;
        for (size_t i = 0; i < count; i++)
            bytes[i] = pattern(device, (unsigned)i);
        uint64_t before = driver_requests();
        assert_transfer_done(smbus_eeprom_write(smbus, (uint8_t)device, 0, bytes, count, &transfer),
                             &transfer);
        assert_int_equal(driver_requests() - before,
                         (count + SMBUS_WRITE_BYTES_PER_BATCH - 1) / SMBUS_WRITE_BYTES_PER_BATCH);
    }
    for (unsigned device = FIRST_EEPROM; device < FIRST_EEPROM + EEPROMS; device++) {
        size_t count = device == FIRST_EEPROM ? SMBUS_EEPROM_SIZE : 32;
        /* and the byte after the pattern, where there is one */
        size_t read = count < SMBUS_EEPROM_SIZE ? count + 1 : count;
        memset(bytes, 0xEE, sizeof bytes);
        assert_transfer_done(smbus_eeprom_read(smbus, (uint8_t)device, 0, read, bytes, &transfer),
                             &transfer);
        for (size_t i = 0; i < count; i++)
            if (bytes[i] != pattern(device, (unsigned)i))
                fail_msg("EEPROM 0x%02x offset 0x%02x reads 0x%02x, 0x%02x was written", device,
                         (unsigned)i, bytes[i], pattern(device, (unsigned)i));
        if (count < SMBUS_EEPROM_SIZE)
            assert_int_equal(bytes[count], 0x00); /* never written */
    }
}

/* The whole EEPROM in one request: 1793 ops, the waits included. */
static void eeprom_read_of_256_bytes_is_one_request(void **state)
{
    (void)state;
    enable_smbus();
    uint8_t bytes[SMBUS_EEPROM_SIZE];
    struct smbus_transfer transfer;
    uint64_t before = driver_requests();
    assert_transfer_done(smbus_eeprom_read(smbus, FIRST_EEPROM, 0, SMBUS_EEPROM_SIZE, bytes, &transfer),
                         &transfer);
    uint64_t requests = driver_requests() - before;
    print_message("a 256-byte EEPROM read: %llu driver request(s)\n", (unsigned long long)requests);
    assert_int_equal(requests, 1);
    for (unsigned offset = 0; offset < SMBUS_EEPROM_SIZE; offset++)
        assert_int_equal(bytes[offset], pattern(FIRST_EEPROM, offset));
}

/* Nobody at 0x30: the first transaction ends with "device error", in one
 * request, and the message names the address. The bus works afterwards. */
static void absent_address_is_reported(void **state)
{
    (void)state;
    enable_smbus();
    uint8_t bytes[4] = {0};
    struct smbus_transfer transfer;
    uint64_t before = driver_requests();
    assert_int_equal(smbus_eeprom_read(smbus, ABSENT_ADDRESS, 0, 4, bytes, &transfer), SMBUS_DEVICE_ERROR);
    assert_int_equal(driver_requests() - before, 1);
    assert_int_equal(transfer.bytes_done, 0);
    assert_int_equal(transfer.status & SMBUS_STATUS_FLAGS, SMBUS_STATUS_DEVICE_ERROR);
    char text[256];
    smbus_describe_transfer(&transfer, text, sizeof text);
    print_message("%s\n", text);
    assert_contains(text, "0x30");

    const uint8_t byte = 0x12;
    assert_int_equal(smbus_eeprom_write(smbus, ABSENT_ADDRESS, 0, &byte, 1, &transfer), SMBUS_DEVICE_ERROR);
    assert_transfer_done(smbus_eeprom_read(smbus, FIRST_EEPROM + 1, 0, 1, bytes, &transfer), &transfer);
    assert_int_equal(bytes[0], pattern(FIRST_EEPROM + 1, 0));
}

/* A wait that can never succeed (no transaction runs, so "done" never
 * comes) stops the request after its time, not much later; the op before
 * it ran, the one after it did not. */
static void wait_that_never_succeeds_times_out(void **state)
{
    (void)state;
    enable_smbus();
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    const uint32_t timeout_us = 200000;
    portio_outb(LPT, 0x3C);
    portio_batch_op ops[] = {
        {LPT, 8, PORTIO_BATCH_WRITE, 0x77},
        {(uint16_t)(smbus + SMBUS_HOST_STATUS), 8, PORTIO_BATCH_WRITE, SMBUS_STATUS_FLAGS},
        {(uint16_t)(smbus + SMBUS_HOST_STATUS), 8, PORTIO_BATCH_WAIT, SMBUS_STATUS_DONE,
         SMBUS_STATUS_DONE, timeout_us},
        {LPT, 8, PORTIO_BATCH_WRITE, 0x88},
    };
    uint64_t before = driver_requests();
    ULONGLONG start = GetTickCount64();
    assert_int_equal(portio_batch(ops, 4), PORTIO_E_TIMEOUT);
    ULONGLONG elapsed = GetTickCount64() - start;
    print_message("a wait of %u us timed out after %llu ms: %s\n", timeout_us,
                  (unsigned long long)elapsed, portio_last_error());
    assert_int_equal(driver_requests() - before, 1);
    /* GetTickCount64 ticks in up to 16 ms steps */
    assert_true(elapsed + 16 >= timeout_us / 1000);
    assert_true(elapsed < timeout_us / 1000 + 3000);
    assert_int_equal(ops[2].result, 0x00);
    assert_last_error_contains("op 2 ");
    assert_int_equal(portio_inb(LPT), 0x77);
}

/* ---- the printer ---- */

/* The whole file QEMU wrote for the parallel port so far. */
static size_t read_printed(uint8_t *out, size_t size)
{
    FILE *file = fopen(PRINTED_FILE, "rb");
    if (!file)
        fail_msg("cannot open %s (run_wine_guest.sh --lpt-expect makes it)", PRINTED_FILE);
    size_t length = fread(out, 1, size, file);
    fclose(file);
    return length;
}

static void print_of_4_kib_is_at_most_five_requests(void **state)
{
    (void)state;
    static uint8_t data[PRINT_BYTES + 1], printed[2 * PRINT_BYTES];
    FILE *file = fopen(print_file, "rb");
    if (!file)
        fail_msg("cannot open %s", print_file);
    size_t size = fread(data, 1, sizeof data, file);
    fclose(file);
    assert_int_equal(size, PRINT_BYTES);
    size_t printed_before = read_printed(printed, sizeof printed);

    assert_int_equal(portio_enable(LPT, LPT_PRINT_PORT_COUNT), PORTIO_OK);
    assert_int_equal(lpt_print_prepare(LPT), PORTIO_OK);
    struct lpt_print_result result;
    uint64_t before = driver_requests();
    int status = lpt_print_send(LPT, data, size, &result);
    uint64_t requests = driver_requests() - before;
    if (status != PORTIO_OK) {
        char text[256];
        fail_msg("%s", lpt_print_describe(&result, LPT, 0, text, sizeof text));
    }
    print_message("a 4 KiB print: %llu driver request(s)\n", (unsigned long long)requests);
    assert_int_equal(result.bytes_sent, PRINT_BYTES);
    assert_true(requests <= 5);

    /* QEMU wrote each strobed byte to the file at once */
    size_t printed_size = read_printed(printed, sizeof printed);
    assert_int_equal(printed_size, printed_before + PRINT_BYTES);
    assert_memory_equal(printed + printed_before, data, PRINT_BYTES);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_guest_protocols PRINT_FILE\n");
        return 2;
    }
    print_file = argv[1];
#define T(name) cmocka_unit_test_setup(name, fresh_library)
    const struct CMUnitTest tests[] = {
        T(smbus_controller_is_the_piix4_at_0x700),
        T(eeproms_hold_the_patterns_written),
        T(eeprom_read_of_256_bytes_is_one_request),
        T(absent_address_is_reported),
        T(wait_that_never_succeeds_times_out),
        T(print_of_4_kib_is_at_most_five_requests),
    };
    return cmocka_run_group_tests_name("wine-guest protocols", tests, NULL, NULL);
}
