/* SPDX-License-Identifier: MIT */
/* The smbus_eeprom example on its simulated machine (mock backend): the
 * search through PCI, transactions as single batches, failures, and the
 * program's output. */
#include <stdio.h>
#include <stdlib.h>

#ifdef _WIN32
#include <windows.h>
#endif

#include "simulated_smbus.h"
#include "smbus_eeprom.h"
#include "example_test_support.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof((argv)[0])))
#define BASE SIMULATED_SMBUS_BASE
#define READ_ACCESSES_PER_BYTE 8 /* 4 writes, 2 polls until done, the check, the data */
#define WRITE_ACCESSES_PER_BYTE 8 /* 5 writes, 2 polls, the check */


static struct simulated_smbus model;

/* The simulated machine on an empty mock, its SMBus ports enabled. */
static int attach_model(void **state)
{
    if (use_empty_mock(state) != 0 || simulated_smbus_attach(&model) != PORTIO_OK ||
        portio_enable(BASE, SMBUS_PORT_COUNT) != PORTIO_OK)
        return -1;
    reset_batch_count();
    return 0;
}

static size_t log_length(void)
{
    return portio_mock_log(NULL, 0);
}

/* ---- The search through PCI --------------------------------------------- */

static void finds_the_piix4_through_pci(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0xCF8, 8), PORTIO_OK);
    struct smbus_controller controller;
    assert_int_equal(smbus_find_controller(&controller), SMBUS_DONE);
    assert_int_equal(controller.base, 0x700);
    assert_int_equal(controller.device, 1);
    assert_int_equal(controller.function, 3);
    assert_int_equal(controller.vendor_id, 0x8086);
    assert_int_equal(controller.device_id, 0x7113);
    assert_string_equal(controller.kind, "PIIX4");
    assert_batches(2);
    /* Each address write is followed by its data read: pairs, never split. */
    static portio_mock_access log[PORTIO_MOCK_LOG_CAPACITY];
    size_t length = portio_mock_log(log, PORTIO_MOCK_LOG_CAPACITY);
    assert_int_equal(length, (32 * 8 * 2 + 2) * 2);
    for (size_t i = 0; i < length; i += 2) {
        assert_int_equal(log[i].port, 0xCF8);
        assert_int_equal(log[i].direction, PORTIO_MOCK_WRITE);
        assert_int_equal(log[i + 1].port, 0xCFC);
        assert_int_equal(log[i + 1].direction, PORTIO_MOCK_READ);
    }
    /* the last pair: the host configuration dword of 00:01.3 */
    assert_access(&log[length - 2], 0xCF8, 32, PORTIO_MOCK_WRITE, 0x80000BD0);
    assert_access(&log[length - 1], 0xCFC, 32, PORTIO_MOCK_READ, 0x00090000);
}

static void finds_nothing_where_pci_has_no_controller(void **state)
{
    (void)state;
    /* The controller alone: nothing answers at 0xCF8, which reads all ones. */
    portio_mock_reset();
    assert_int_equal(simulated_smbus_attach_controller(&model), PORTIO_OK);
    assert_int_equal(portio_enable(0xCF8, 8), PORTIO_OK);
    struct smbus_controller controller;
    assert_int_equal(smbus_find_controller(&controller), SMBUS_NO_CONTROLLER);
    assert_int_equal(controller.base, 0);
    char text[512];
    assert_contains(smbus_describe_search(SMBUS_NO_CONTROLLER, &controller, text, sizeof text),
                    "--base PORT");
}

static void search_reports_ports_not_enabled(void **state)
{
    (void)state;
    struct smbus_controller controller;
    assert_int_equal(smbus_find_controller(&controller), SMBUS_PORTIO_FAILED);
    assert_last_error_contains("0x0CF8");
    assert_int_equal(log_length(), 0);
}

/* ---- Reads and writes ---------------------------------------------------- */

static void reads_a_whole_eeprom_in_one_batch(void **state)
{
    (void)state;
    uint8_t bytes[256];
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0, 256, bytes, &transfer), SMBUS_DONE);
    assert_int_equal(transfer.bytes_done, 256);
    for (unsigned offset = 0; offset < 256; offset++)
        assert_int_equal(bytes[offset], offset);
    assert_batches(1);
    /* one idle check, then every transaction as TESTBED.md describes it */
    static portio_mock_access log[PORTIO_MOCK_LOG_CAPACITY];
    assert_int_equal(portio_mock_log(log, PORTIO_MOCK_LOG_CAPACITY), 1 + 256 * READ_ACCESSES_PER_BYTE);
    assert_access(&log[0], BASE + 0, 8, PORTIO_MOCK_READ, 0x00);
    assert_access(&log[1], BASE + 0, 8, PORTIO_MOCK_WRITE, 0x1E);
    assert_access(&log[2], BASE + 4, 8, PORTIO_MOCK_WRITE, 0xA1); /* 0x50 << 1 | read */
    assert_access(&log[3], BASE + 3, 8, PORTIO_MOCK_WRITE, 0x00);
    assert_access(&log[4], BASE + 2, 8, PORTIO_MOCK_WRITE, 0x48);
    assert_access(&log[5], BASE + 0, 8, PORTIO_MOCK_READ, 0x01);
    assert_access(&log[6], BASE + 0, 8, PORTIO_MOCK_READ, 0x02);
    assert_access(&log[7], BASE + 0, 8, PORTIO_MOCK_READ, 0x02);
    assert_access(&log[8], BASE + 5, 8, PORTIO_MOCK_READ, 0x00);
    size_t last = 1 + 255 * READ_ACCESSES_PER_BYTE;
    assert_access(&log[last + 2], BASE + 3, 8, PORTIO_MOCK_WRITE, 0xFF);
    assert_access(&log[last + 7], BASE + 5, 8, PORTIO_MOCK_READ, 0xFF);
}

static void reads_at_an_odd_offset(void **state)
{
    (void)state;
    uint8_t bytes[21];
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_read(BASE, 0x53, 0x0B, 21, bytes, &transfer), SMBUS_DONE);
    for (unsigned i = 0; i < 21; i++)
        assert_int_equal(bytes[i], simulated_eeprom_start_byte(3, 0x0B + i));
    assert_int_equal(bytes[0], 0x3B);
    assert_batches(1);
}

static void writes_then_reads_back(void **state)
{
    (void)state;
    uint8_t pattern[16], bytes[16];
    for (unsigned i = 0; i < 16; i++)
        pattern[i] = (uint8_t)(0xA5 ^ (i * 0x1D));
    struct smbus_transfer transfer;
    uint64_t start = portio_mock_time_us();
    assert_int_equal(smbus_eeprom_write(BASE, 0x56, 0xF0, pattern, 16, &transfer), SMBUS_DONE);
    assert_int_equal(transfer.bytes_done, 16);
    assert_batches(1);
    /* Every access is a simulated microsecond; each byte's write cycle
     * adds its 5 ms. */
    size_t accesses = 1 + 16 * WRITE_ACCESSES_PER_BYTE;
    assert_int_equal(log_length(), accesses);
    assert_int_equal(portio_mock_time_us() - start, accesses + 16 * SMBUS_EEPROM_WRITE_CYCLE_US);

    /* in the model: exactly those bytes changed */
    for (unsigned n = 0; n < SIMULATED_EEPROMS; n++)
        for (unsigned offset = 0; offset < 256; offset++)
            assert_int_equal(model.eeprom[n][offset], n == 6 && offset >= 0xF0
                                                          ? pattern[offset - 0xF0]
                                                          : simulated_eeprom_start_byte(n, offset));
    /* and through the controller */
    assert_int_equal(smbus_eeprom_read(BASE, 0x56, 0xF0, 16, bytes, &transfer), SMBUS_DONE);
    assert_memory_equal(bytes, pattern, 16);
    assert_batches(2);
}

/* 40 bytes: batches of 16, 16 and 8, each byte written once, in order. */
static void writes_sixteen_bytes_per_batch(void **state)
{
    (void)state;
    uint8_t pattern[40], bytes[40];
    for (unsigned i = 0; i < 40; i++)
        pattern[i] = (uint8_t)(0x3C + i * 7);
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_write(BASE, 0x51, 0x20, pattern, 40, &transfer), SMBUS_DONE);
    assert_int_equal(transfer.bytes_done, 40);
    assert_batches(3);
    assert_int_equal(log_length(), 3 + 40 * WRITE_ACCESSES_PER_BYTE);
    assert_memory_equal(&model.eeprom[1][0x20], pattern, 40);
    assert_int_equal(model.eeprom[1][0x1F], simulated_eeprom_start_byte(1, 0x1F));
    assert_int_equal(model.eeprom[1][0x48], simulated_eeprom_start_byte(1, 0x48));
    assert_int_equal(smbus_eeprom_read(BASE, 0x51, 0x20, 40, bytes, &transfer), SMBUS_DONE);
    assert_memory_equal(bytes, pattern, 40);
}

/* ---- Failures ------------------------------------------------------------ */

static void absent_address_stops_after_one_transaction(void **state)
{
    (void)state;
    uint8_t bytes[256];
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_read(BASE, 0x30, 0, 256, bytes, &transfer), SMBUS_DEVICE_ERROR);
    assert_int_equal(transfer.bytes_done, 0);
    assert_int_equal(transfer.status, 0x04);
    assert_batches(1);
    /* the idle check and one transaction up to its status check, no more */
    assert_int_equal(log_length(), 1 + 4 + 2 + 1);
    char text[512];
    assert_string_equal(smbus_describe_transfer(&transfer, text, sizeof text),
                        "no device answers at SMBus address 0x30 (status 0x04)");
}

static void absent_address_takes_no_write(void **state)
{
    (void)state;
    const uint8_t bytes[3] = {1, 2, 3};
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_write(BASE, 0x58, 0, bytes, 3, &transfer), SMBUS_DEVICE_ERROR);
    assert_int_equal(transfer.bytes_done, 0);
    for (unsigned n = 0; n < SIMULATED_EEPROMS; n++)
        assert_int_equal(model.eeprom[n][0], simulated_eeprom_start_byte(n, 0));
    char text[512];
    assert_contains(smbus_describe_transfer(&transfer, text, sizeof text),
                    "no device answers at SMBus address 0x58 (status 0x04); a write-protected");
}

static void device_that_stops_answering_midway(void **state)
{
    (void)state;
    model.answers_left = 10;
    uint8_t bytes[32];
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_read(BASE, 0x51, 0x20, 32, bytes, &transfer), SMBUS_DEVICE_ERROR);
    assert_int_equal(transfer.bytes_done, 10);
    for (unsigned i = 0; i < 10; i++)
        assert_int_equal(bytes[i], simulated_eeprom_start_byte(1, 0x20 + i));
    assert_int_equal(log_length(), 1 + 10 * READ_ACCESSES_PER_BYTE + 7);
    char text[512];
    assert_string_equal(smbus_describe_transfer(&transfer, text, sizeof text),
                        "the device at SMBus address 0x51 stopped answering at offset 0x2a "
                        "(status 0x04); 10 bytes were read");
}

static void controller_that_never_finishes(void **state)
{
    (void)state;
    model.hangs = true;
    uint8_t bytes[4];
    struct smbus_transfer transfer;
    uint64_t start = portio_mock_time_us();
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0, 4, bytes, &transfer), SMBUS_NOT_FINISHED);
    assert_true(portio_mock_time_us() - start >= SMBUS_TRANSACTION_TIMEOUT_US);
    assert_int_equal(transfer.bytes_done, 0);
    assert_int_equal(transfer.status, 0x01);
    char text[512];
    assert_contains(smbus_describe_transfer(&transfer, text, sizeof text),
                    "did not finish the transaction at SMBus address 0x50, offset 0x00 within "
                    "100 ms (status 0x01)");
}

static void controller_busy_before_the_first_transaction(void **state)
{
    (void)state;
    model.hangs = true;
    model.busy_reads = 1;
    uint8_t bytes[4];
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0, 4, bytes, &transfer), SMBUS_CONTROLLER_BUSY);
    assert_int_equal(transfer.status, 0x01);
    /* nothing was written to the controller */
    static portio_mock_access log[PORTIO_MOCK_LOG_CAPACITY];
    size_t length = portio_mock_log(log, PORTIO_MOCK_LOG_CAPACITY);
    assert_true(length > 0);
    for (size_t i = 0; i < length && i < PORTIO_MOCK_LOG_CAPACITY; i++)
        assert_int_equal(log[i].direction, PORTIO_MOCK_READ);
}

static void nothing_at_the_base(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x800, SMBUS_PORT_COUNT), PORTIO_OK);
    uint8_t bytes[1];
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_read(0x800, 0x50, 0, 1, bytes, &transfer), SMBUS_CONTROLLER_BUSY);
    assert_int_equal(transfer.status, 0xFF);
    char text[512];
    assert_contains(smbus_describe_transfer(&transfer, text, sizeof text),
                    "a port with nothing behind it reads 0xff; is the base right?");
}

static void refuses_what_does_not_fit(void **state)
{
    (void)state;
    uint8_t bytes[256] = {0};
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_read(BASE, 0x78, 0, 1, bytes, &transfer), SMBUS_INVALID);
    assert_int_equal(smbus_eeprom_read(BASE, 0x02, 0, 1, bytes, &transfer), SMBUS_INVALID);
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0x10, 0, bytes, &transfer), SMBUS_INVALID);
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0x10, 241, bytes, &transfer), SMBUS_INVALID);
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0, 1, NULL, &transfer), SMBUS_INVALID);
    assert_int_equal(smbus_eeprom_write(BASE, 0x50, 0xFF, bytes, 2, &transfer), SMBUS_INVALID);
    assert_int_equal(log_length(), 0);
    assert_batches(0);
    /* the most that fits */
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0x10, 240, bytes, &transfer), SMBUS_DONE);
}

static void ports_not_enabled_are_portio_s_refusal(void **state)
{
    (void)state;
    assert_int_equal(portio_disable(BASE, SMBUS_PORT_COUNT), PORTIO_OK);
    uint8_t bytes[1];
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0, 1, bytes, &transfer), SMBUS_PORTIO_FAILED);
    char text[512];
    assert_contains(smbus_describe_transfer(&transfer, text, sizeof text), "0x0700");
    assert_int_equal(log_length(), 0);
}

#ifdef _WIN32
/* Another program's hold on the SMBus mutex, from another thread: a
 * mutex's owner could take it again at once. */
struct mutex_holder {
    HANDLE taken, release;
};

static DWORD WINAPI hold_the_smbus_mutex(void *context)
{
    struct mutex_holder *holder = context;
    HANDLE mutex = CreateMutexA(NULL, TRUE, "Global\\Access_SMBUS.HTP.Method");
    SetEvent(holder->taken);
    WaitForSingleObject(holder->release, INFINITE);
    ReleaseMutex(mutex);
    CloseHandle(mutex);
    return 0;
}

static void waits_for_the_smbus_mutex_of_other_programs(void **state)
{
    (void)state;
    struct mutex_holder holder = {CreateEventA(NULL, TRUE, FALSE, NULL),
                                  CreateEventA(NULL, TRUE, FALSE, NULL)};
    HANDLE thread = CreateThread(NULL, 0, hold_the_smbus_mutex, &holder, 0, NULL);
    assert_non_null(thread);
    WaitForSingleObject(holder.taken, INFINITE);
    uint8_t bytes[1];
    struct smbus_transfer transfer;
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0, 1, bytes, &transfer), SMBUS_BUS_IN_USE);
    assert_int_equal(log_length(), 0);
    char text[512];
    assert_contains(smbus_describe_transfer(&transfer, text, sizeof text),
                    "the mutex Global\\Access_SMBUS.HTP.Method");
    SetEvent(holder.release);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle(holder.taken);
    CloseHandle(holder.release);
    assert_int_equal(smbus_eeprom_read(BASE, 0x50, 0, 1, bytes, &transfer), SMBUS_DONE);
}
#endif

/* ---- The program ---------------------------------------------------------- */

struct captured {
    int exit_status;
    char out[4096];
    char err[1024];
};

/* A fresh mock for every run: the program attaches its own machine. */
static void run_program(int argc, char **argv, struct captured *result)
{
    portio_mock_reset();
    FILE *out = temporary_stream(), *err = temporary_stream();
    result->exit_status = smbus_eeprom_run(argc, argv, out, err);
    read_text_back(out, result->out, sizeof result->out);
    read_text_back(err, result->err, sizeof result->err);
}

static void program_prints_as_portio_dump(void **state)
{
    (void)state;
    char *argv[] = {"smbus_eeprom", "--simulate", "read", "0x57", "0x0e", "19"};
    struct captured run;
    run_program(ARGC(argv), argv, &run);
    assert_int_equal(run.exit_status, 0);
    assert_string_equal(run.out, "000e: 7e 7f 80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d\n"
                                 "001e: 8e 8f 90\n");
    assert_string_equal(run.err, "");
}

static void program_reads_one_byte_by_default(void **state)
{
    (void)state;
    char *argv[] = {"smbus_eeprom", "read", "--simulate", "80", "255"};
    struct captured run;
    run_program(ARGC(argv), argv, &run);
    assert_int_equal(run.exit_status, 0);
    assert_string_equal(run.out, "00ff: ff\n");
}

static void program_writes_silently(void **state)
{
    (void)state;
    /* --force: 0x52 is where a memory module's SPD EEPROM may answer. */
    char *argv[] = {"smbus_eeprom", "--simulate", "write", "0x52", "0x10", "0xde", "173", "0xbe",
                    "--force"};
    struct captured run;
    run_program(ARGC(argv), argv, &run);
    assert_int_equal(run.exit_status, 0);
    assert_string_equal(run.out, "");
    assert_string_equal(run.err, "");
    /* The program's machine is its own; the log shows what it was sent:
     * address 0x52 for writing, then each byte at its offset. */
    static portio_mock_access log[PORTIO_MOCK_LOG_CAPACITY];
    size_t length = portio_mock_log(log, PORTIO_MOCK_LOG_CAPACITY);
    const uint8_t expected[][2] = {{0x10, 0xDE}, {0x11, 0xAD}, {0x12, 0xBE}};
    size_t found = 0;
    for (size_t i = 0; i + 1 < length && found < 3; i++) {
        if (log[i].port == BASE + SMBUS_HOST_COMMAND && log[i].direction == PORTIO_MOCK_WRITE) {
            assert_access(&log[i - 1], BASE + SMBUS_HOST_ADDRESS, 8, PORTIO_MOCK_WRITE, 0xA4);
            assert_int_equal(log[i].value, expected[found][0]);
            assert_access(&log[i + 1], BASE + SMBUS_HOST_DATA0, 8, PORTIO_MOCK_WRITE, expected[found][1]);
            found++;
        }
    }
    assert_int_equal(found, 3);
}

static void program_refuses_spd_writes_without_force(void **state)
{
    (void)state;
    static const char *const devices[] = {"0x50", "0x53", "87"};
    static const char *const named[] = {"0x50", "0x53", "0x57"};
    for (size_t d = 0; d < 3; d++) {
        char *argv[] = {"smbus_eeprom", "--simulate", "write", (char *)(uintptr_t)devices[d], "0",
                        "0x12"};
        struct captured run;
        run_program(ARGC(argv), argv, &run);
        assert_int_equal(run.exit_status, 2);
        assert_string_equal(run.out, "");
        char expected[512];
        snprintf(expected, sizeof expected,
                 "smbus_eeprom: not writing to %s without --force: the addresses 0x50-0x57 hold "
                 "the SPD EEPROMs of a PC's memory modules, which the firmware reads at every "
                 "start, and a wrong byte there can keep the machine from starting. Add --force "
                 "only if you know the device at %s is not a memory module's EEPROM\n",
                 named[d], named[d]);
        assert_string_equal(run.err, expected);
        /* refused before anything was touched */
        assert_int_equal(log_length(), 0);
    }
}

/* Outside 0x50-0x57 a write goes to the bus without --force: on the
 * simulated machine nobody answers at 0x4f or 0x58. */
static void spd_guard_covers_only_0x50_to_0x57(void **state)
{
    (void)state;
    static const char *const devices[] = {"0x4f", "0x58"};
    for (size_t d = 0; d < 2; d++) {
        char *argv[] = {"smbus_eeprom", "--simulate", "write", (char *)(uintptr_t)devices[d], "0",
                        "0x12"};
        struct captured run;
        run_program(ARGC(argv), argv, &run);
        assert_int_equal(run.exit_status, 1);
        char expected[128];
        snprintf(expected, sizeof expected,
                 "smbus_eeprom: no device answers at SMBus address %s (status 0x04)", devices[d]);
        assert_contains(run.err, expected);
    }
}

/* --force changes nothing for reads, which never needed it. */
static void force_is_accepted_with_a_read(void **state)
{
    (void)state;
    char *argv[] = {"smbus_eeprom", "--force", "--simulate", "read", "0x51", "0x20", "2"};
    struct captured run;
    run_program(ARGC(argv), argv, &run);
    assert_int_equal(run.exit_status, 0);
    assert_string_equal(run.out, "0020: 30 31\n");
    assert_string_equal(run.err, "");
}

static void program_reports_the_absent_address(void **state)
{
    (void)state;
    char *argv[] = {"smbus_eeprom", "--simulate", "read", "0x30", "0"};
    struct captured run;
    run_program(ARGC(argv), argv, &run);
    assert_int_equal(run.exit_status, 1);
    assert_string_equal(run.out, "");
    assert_string_equal(run.err, "smbus_eeprom: no device answers at SMBus address 0x30 (status 0x04)\n");
}

static void program_with_a_base_skips_the_search(void **state)
{
    (void)state;
    char *argv[] = {"smbus_eeprom", "--simulate", "--base", "0x700", "read", "0x50", "0x20", "2"};
    struct captured run;
    run_program(ARGC(argv), argv, &run);
    assert_int_equal(run.exit_status, 0);
    assert_string_equal(run.out, "0020: 20 21\n");
    /* no access to the PCI ports */
    static portio_mock_access log[PORTIO_MOCK_LOG_CAPACITY];
    size_t length = portio_mock_log(log, PORTIO_MOCK_LOG_CAPACITY);
    for (size_t i = 0; i < length; i++)
        assert_true(log[i].port >= BASE && log[i].port < BASE + SMBUS_PORT_COUNT);
}

static void program_refuses_bad_command_lines(void **state)
{
    (void)state;
    static const struct {
        const char *words[6];
        const char *message;
    } cases[] = {
        {{"read", "0x50"}, "read takes DEVICE OFFSET [COUNT]"},
        {{"read", "0x50", "0", "1", "2"}, "read takes DEVICE OFFSET [COUNT]"},
        {{"write", "0x50", "0"}, "write takes DEVICE OFFSET BYTE..."},
        {{"erase", "0x50", "0"}, "unknown command \"erase\""},
        {{"read", "0x78", "0"}, "the device address 0x78 is reserved"},
        {{"read", "0x50", "0x100"}, "the offset \"0x100\" is too large"},
        {{"read", "0x50", "0xf0", "17"}, "17 bytes from offset 0xf0 would run past its end"},
        {{"read", "0x50", "0", "0"}, "is nothing to read"},
        {{"write", "0x50", "0", "0x1ff"}, "the byte \"0x1ff\" is too large"},
        {{"read", "0x50", "012"}, "leading zero"},
        {{"read", "fifty", "0"}, "the device address \"fifty\" is not a number"},
        {{"--base", "0xfffb", "read", "0x50", "0"}, "leaves no room"},
        {{"--base"}, "--base needs a value"},
        {{"--verbose", "read", "0x50", "0"}, "unknown option \"--verbose\""},
        {{NULL}, "say what to do"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char *argv[8] = {"smbus_eeprom", "--simulate"};
        int argc = 2;
        for (size_t w = 0; w < 6 && cases[c].words[w]; w++)
            argv[argc++] = (char *)(uintptr_t)cases[c].words[w];
        struct captured run;
        run_program(argc, argv, &run);
        assert_int_equal(run.exit_status, 2);
        assert_string_equal(run.out, "");
        assert_contains(run.err, cases[c].message);
        assert_contains(run.err, "Try 'smbus_eeprom --help'");
        /* refused before anything was touched */
        assert_int_equal(log_length(), 0);
    }
}

int main(void)
{
#define T(name) cmocka_unit_test_setup(name, attach_model)
    const struct CMUnitTest tests[] = {
        T(finds_the_piix4_through_pci),
        T(finds_nothing_where_pci_has_no_controller),
        T(search_reports_ports_not_enabled),
        T(reads_a_whole_eeprom_in_one_batch),
        T(writes_sixteen_bytes_per_batch),
        T(reads_at_an_odd_offset),
        T(writes_then_reads_back),
        T(absent_address_stops_after_one_transaction),
        T(absent_address_takes_no_write),
        T(device_that_stops_answering_midway),
        T(controller_that_never_finishes),
        T(controller_busy_before_the_first_transaction),
        T(nothing_at_the_base),
        T(refuses_what_does_not_fit),
        T(ports_not_enabled_are_portio_s_refusal),
#ifdef _WIN32
        T(waits_for_the_smbus_mutex_of_other_programs),
#endif
        T(program_prints_as_portio_dump),
        T(program_reads_one_byte_by_default),
        T(program_writes_silently),
        T(program_refuses_spd_writes_without_force),
        T(spd_guard_covers_only_0x50_to_0x57),
        T(force_is_accepted_with_a_read),
        T(program_reports_the_absent_address),
        T(program_with_a_base_skips_the_search),
        T(program_refuses_bad_command_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
