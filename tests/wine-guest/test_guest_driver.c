/* SPDX-License-Identifier: MIT */
/*
 * The real portio.sys under Wine inside the QEMU guest (run_wine_guest.sh):
 * this program has no port rights of its own, so every access below goes
 * through the driver to QEMU's emulated devices.
 *   test_guest_driver           the devices, batches, refusals, lifetime, benchmark
 *   test_guest_driver allowlist with AllowedPorts = 0x378-0x37A
 *   test_guest_driver tool-latch A B  portio.exe wrote A to 0x378; the
 *                               library reads it and writes B
 *   test_guest_driver nodriver  after "portio driver remove": NODRIVER
 *   test_guest_driver hold      (a child of the lifetime test) enables,
 *                               writes the latch, signals and waits to be
 *                               killed
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#include "front.h"
#include "driver_requests.h"
#include "portio_protocol.h"
#include "windows/backends.h"

#define LPT 0x378
#define DEBUGCON 0xE9
#define PCI_ADDRESS 0xCF8
#define PCI_DATA 0xCFC
#define CMOS 0x70
/* QEMU's debugcon file, on the writable share, as Wine's Z: drive sees it. */
#define DEBUGCON_FILE "Z:\\tmp\\portio-work\\debugcon.bin"
/* The host bridge's configuration header, copied from sysfs by guest_run.sh. */
#define PCI_SYSFS_FILE "Z:\\tmp\\portio-work\\pci-00.0.bin"
#define CHILD_READY_EVENT "portio-guest-child-ready"

static int fresh_library(void **state)
{
    (void)state;
    portio_front_reset_for_tests();
    return 0;
}

static void enable_devices(void)
{
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    assert_int_equal(portio_enable(DEBUGCON, 1), PORTIO_OK);
    assert_int_equal(portio_enable(PCI_ADDRESS, 8), PORTIO_OK);
    assert_int_equal(portio_enable(CMOS, 2), PORTIO_OK);
}

/* ---- the parallel port ---- */

static const uint8_t patterns[] = {0x55, 0xAA, 0x00, 0xFF, 0x3C, 0xC3, 0x01, 0x80};

static void lpt_latch_fast_api(void **state)
{
    (void)state;
    enable_devices();
    for (size_t i = 0; i < sizeof patterns; i++) {
        portio_outb(LPT, patterns[i]);
        assert_int_equal(portio_inb(LPT), patterns[i]);
    }
}

static void lpt_latch_checked_api(void **state)
{
    (void)state;
    enable_devices();
    for (size_t i = 0; i < sizeof patterns; i++) {
        uint8_t pattern = (uint8_t)~patterns[i];
        uint32_t value = 0x1234;
        assert_int_equal(portio_write(LPT, 8, pattern), PORTIO_OK);
        assert_int_equal(portio_read(LPT, 8, &value), PORTIO_OK);
        assert_int_equal(value, pattern);
    }
}

static void lpt_status_and_control(void **state)
{
    (void)state;
    enable_devices();
    uint32_t status = 0, control = 0;
    assert_int_equal(portio_read(LPT + 1, 8, &status), PORTIO_OK);
    assert_int_equal(portio_read(LPT + 2, 8, &control), PORTIO_OK);
    /* QEMU's isa-parallel with nothing attached. */
    assert_int_equal(status, 0xD9);
    assert_int_equal(control, 0xCC);
    assert_int_equal(portio_inb(LPT + 1), 0xD9);
    assert_int_equal(portio_inb(LPT + 2), 0xCC);
}

/* ---- portio_batch: PORTIO_MAX_OPS ops per IOCTL_PORTIO_SEQUENCE ---- */

static void driver_counters(uint64_t *requests, uint64_t *operations)
{
    assert_int_equal(portio_windows_driver_stats(requests, operations), PORTIO_OK);
}

static void lpt_batch_reads_back_the_latch(void **state)
{
    (void)state;
    enable_devices();
    portio_batch_op ops[] = {
        {LPT, 8, 1, 0x55}, {LPT, 8, 0, 0}, {LPT, 8, 1, 0xAA}, {LPT, 8, 0, 0}, {LPT + 1, 8, 0, 0},
    };
    uint64_t requests = 0, operations = 0, requests_after = 0, operations_after = 0;
    driver_counters(&requests, &operations);
    assert_int_equal(portio_batch(ops, 5), PORTIO_OK);
    driver_counters(&requests_after, &operations_after);
    assert_int_equal(ops[1].value, 0x55);
    assert_int_equal(ops[3].value, 0xAA);
    assert_int_equal(ops[4].value, 0xD9);
    assert_int_equal(requests_after - requests, 1);
    assert_int_equal(operations_after - operations, 5);
    assert_int_equal(portio_inb(LPT), 0xAA);
}

/* Writes and reads of the latch, alternating; every read checked. */
static void fill_alternating(portio_batch_op *ops, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        bool write = i % 2 == 0;
        ops[i] = (portio_batch_op){LPT, 8, write, write ? (uint32_t)(i / 2 * 37 & 0xFF) : 0};
    }
}

static void assert_reads_match_writes(const portio_batch_op *ops, size_t count)
{
    for (size_t i = 1; i < count; i += 2)
        if (ops[i].value != ops[i - 1].value) {
            print_error("op %u read 0x%02lx after op %u wrote 0x%02lx\n", (unsigned)i,
                        (unsigned long)ops[i].value, (unsigned)(i - 1), (unsigned long)ops[i - 1].value);
            fail();
        }
}

static void batch_of_4096_ops_is_one_request_4097_two(void **state)
{
    (void)state;
    enable_devices();
    static portio_batch_op ops[PORTIO_MAX_OPS + 1];
    uint64_t requests = 0, operations = 0, requests_after = 0, operations_after = 0;

    fill_alternating(ops, PORTIO_MAX_OPS);
    driver_counters(&requests, &operations);
    assert_int_equal(portio_batch(ops, PORTIO_MAX_OPS), PORTIO_OK);
    driver_counters(&requests_after, &operations_after);
    print_message("batch of %u ops: %llu request(s), %llu operation(s)\n", PORTIO_MAX_OPS,
                  (unsigned long long)(requests_after - requests),
                  (unsigned long long)(operations_after - operations));
    assert_int_equal(requests_after - requests, 1);
    assert_int_equal(operations_after - operations, PORTIO_MAX_OPS);
    assert_reads_match_writes(ops, PORTIO_MAX_OPS);

    fill_alternating(ops, PORTIO_MAX_OPS);
    ops[PORTIO_MAX_OPS] = (portio_batch_op){LPT + 1, 8, 0, 0};
    driver_counters(&requests, &operations);
    assert_int_equal(portio_batch(ops, PORTIO_MAX_OPS + 1), PORTIO_OK);
    driver_counters(&requests_after, &operations_after);
    print_message("batch of %u ops: %llu request(s), %llu operation(s)\n", PORTIO_MAX_OPS + 1,
                  (unsigned long long)(requests_after - requests),
                  (unsigned long long)(operations_after - operations));
    assert_int_equal(requests_after - requests, 2);
    assert_int_equal(operations_after - operations, PORTIO_MAX_OPS + 1);
    assert_reads_match_writes(ops, PORTIO_MAX_OPS);
    assert_int_equal(ops[PORTIO_MAX_OPS].value, 0xD9);
}

/* IOCTL_PORTIO_SEQUENCE by hand (protocol version 3): 8 ops and 3 extras in
 * (104 bytes), the reply and 6 values out (40 bytes), nothing written past
 * them. Control bit 3 (select) goes off and on again: QEMU keeps bits 6-7
 * at 1 and does nothing else for it. */
static void hand_made_sequence_on_the_latch(void **state)
{
    (void)state;
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);
    const struct sequence_step steps[] = {
        {{LPT, 8, PORTIO_OP_OUT, 0x5A}, {0, 0}},
        {{LPT, 8, PORTIO_OP_IN, 0}, {0, 0}},
        {{LPT, 8, PORTIO_OP_OUT, 0xA5}, {0, 0}},
        {{LPT, 8, PORTIO_OP_IN, 0}, {0, 0}},
        {{LPT + 1, 8, PORTIO_OP_WAIT, 0x80}, {0x80, 1000}},
        {{LPT + 2, 8, PORTIO_OP_MODIFY, 0x00}, {0x08, 0}},
        {{LPT + 2, 8, PORTIO_OP_IN, 0}, {0, 0}},
        {{LPT + 2, 8, PORTIO_OP_MODIFY, 0x08}, {0x08, 0}},
    };
    struct sequence_request sequence;
    DWORD size = sequence_of(&sequence, steps, 8);
    assert_int_equal(size, 16 + (8 + 3) * 8);
    assert_int_equal(sequence.header.value_count, 6);
    assert_int_equal(sequence_output_size(&sequence), 16 + 6 * 4);
    struct sequence_answer answer;
    memset(&answer, 0xEE, sizeof answer);
    DWORD returned = 0;
    struct portio_stats_reply before, after;
    read_stats(device, &before);
    assert_int_equal(request_returning(device, IOCTL_PORTIO_SEQUENCE, &sequence, size, &answer,
                                       sequence_output_size(&sequence), &returned),
                     0);
    read_stats(device, &after);
    print_message("hand-made sequence: returned %lu, reply size %u outcome %u ops_run %u last_value %u; "
                  "values 0x%02x 0x%02x 0x%02x 0x%02x 0x%02x 0x%02x\n",
                  (unsigned long)returned, answer.reply.size, answer.reply.outcome, answer.reply.ops_run,
                  answer.reply.last_value, answer.values[0], answer.values[1], answer.values[2],
                  answer.values[3], answer.values[4], answer.values[5]);
    assert_int_equal(returned, 16 + 6 * 4);
    assert_int_equal(answer.reply.size, sizeof answer.reply);
    assert_int_equal(answer.reply.outcome, PORTIO_SEQUENCE_DONE);
    assert_int_equal(answer.reply.ops_run, 8);
    assert_int_equal(answer.reply.last_value, 0);
    assert_int_equal(answer.values[0], 0x5A); /* IN */
    assert_int_equal(answer.values[1], 0xA5); /* IN */
    assert_int_equal(answer.values[2], 0xD9); /* WAIT: its one read */
    assert_int_equal(answer.values[3], 0xCC); /* MODIFY: before */
    assert_int_equal(answer.values[4], 0xC4); /* IN: select off */
    assert_int_equal(answer.values[5], 0xC4); /* MODIFY: before */
    assert_int_equal(answer.values[6], 0xEEEEEEEEu);
    assert_int_equal(after.transfer_requests - before.transfer_requests, 1);
    /* 4 IN/OUT, the wait's one poll, 2 per modify, the IN */
    assert_int_equal(after.operations - before.operations, 10);

    /* A refused one runs none of its ops: the latch keeps 0xA5. */
    const struct sequence_step refused[] = {{{LPT, 8, PORTIO_OP_OUT, 0x11}, {0, 0}},
                                            {{0x80, 8, PORTIO_OP_IN, 0}, {0, 0}}};
    size = sequence_of(&sequence, refused, 2);
    assert_int_equal(request(device, IOCTL_PORTIO_SEQUENCE, &sequence, size, &answer, sequence_output_size(&sequence)),
                     ERROR_ACCESS_DENIED);
    const struct sequence_step read_back[] = {{{LPT, 8, PORTIO_OP_IN, 0}, {0, 0}},
                                              {{LPT + 2, 8, PORTIO_OP_IN, 0}, {0, 0}}};
    size = sequence_of(&sequence, read_back, 2);
    assert_int_equal(request(device, IOCTL_PORTIO_SEQUENCE, &sequence, size, &answer, sequence_output_size(&sequence)),
                     0);
    assert_int_equal(answer.values[0], 0xA5);
    assert_int_equal(answer.values[1], 0xCC); /* control as it was */
    CloseHandle(device);
}

/* portio_batch with a wait and modifies: one request, every value back. */
static void batch_waits_and_modifies_in_one_request(void **state)
{
    (void)state;
    enable_devices();
    portio_batch_op ops[] = {
        {LPT, 8, PORTIO_BATCH_WRITE, 0x3C},
        {LPT + 1, 8, PORTIO_BATCH_WAIT, 0x80, 0x80, 100000}, /* not busy: at once */
        {LPT + 2, 8, PORTIO_BATCH_MODIFY, 0x00, 0x08},       /* select off */
        {LPT + 2, 8, PORTIO_BATCH_READ},
        {0, 0, PORTIO_BATCH_DELAY, 0, 0, 100},
        {LPT + 2, 8, PORTIO_BATCH_MODIFY, 0x08, 0x08},       /* select on */
        {LPT, 8, PORTIO_BATCH_READ},
    };
    uint64_t requests = 0, operations = 0, requests_after = 0, operations_after = 0;
    driver_counters(&requests, &operations);
    assert_int_equal(portio_batch(ops, 7), PORTIO_OK);
    driver_counters(&requests_after, &operations_after);
    print_message("wait+modify batch: wait result 0x%02x, modify results 0x%02x 0x%02x, control read 0x%02x, "
                  "%llu request(s), %llu operation(s)\n",
                  ops[1].result, ops[2].result, ops[5].result, ops[3].value,
                  (unsigned long long)(requests_after - requests),
                  (unsigned long long)(operations_after - operations));
    assert_int_equal(ops[1].result, 0xD9);
    assert_int_equal(ops[1].value, 0x80); /* inputs unchanged: the batch can run again */
    assert_int_equal(ops[2].result, 0xCC);
    assert_int_equal(ops[3].value, 0xC4);
    assert_int_equal(ops[5].result, 0xC4);
    assert_int_equal(ops[6].value, 0x3C);
    assert_int_equal(requests_after - requests, 1);
    /* write, one poll, 2, read, 2, read */
    assert_int_equal(operations_after - operations, 8);
    assert_int_equal(portio_inb(LPT + 2), 0xCC);

    /* again, unchanged */
    assert_int_equal(portio_batch(ops, 7), PORTIO_OK);
    assert_int_equal(ops[2].result, 0xCC);
    assert_int_equal(ops[3].value, 0xC4);
}

/* Status 0xD9 has bit 0 set: a wait for it clear never succeeds. */
static void batch_wait_that_never_succeeds_times_out(void **state)
{
    (void)state;
    enable_devices();
    portio_batch_op ops[] = {
        {LPT, 8, PORTIO_BATCH_WRITE, 0x5A},
        {LPT + 1, 8, PORTIO_BATCH_WAIT, 0x00, 0x01, 200000},
        {LPT, 8, PORTIO_BATCH_WRITE, 0xA5},
    };
    uint64_t requests = 0, operations = 0, requests_after = 0, operations_after = 0;
    driver_counters(&requests, &operations);
    LARGE_INTEGER start;
    QueryPerformanceCounter(&start);
    assert_int_equal(portio_batch(ops, 3), PORTIO_E_TIMEOUT);
    double seconds = seconds_since(start);
    driver_counters(&requests_after, &operations_after);
    print_message("never-true wait of 200 ms: %.3f s, %llu request(s), %llu poll(s); result 0x%02x; %s\n",
                  seconds, (unsigned long long)(requests_after - requests),
                  (unsigned long long)(operations_after - operations - 1), ops[1].result, portio_last_error());
    assert_last_error_contains("op 1 ");
    assert_last_error_contains("0xD9");
    assert_int_equal(ops[1].result, 0xD9);
    assert_true(seconds >= 0.2);
    assert_true(seconds < 2.0);
    assert_int_equal(requests_after - requests, 1);
    /* the write and at least two polls: the first at once, one at the end */
    assert_true(operations_after - operations >= 3);
    /* op 0 ran, op 2 did not */
    assert_int_equal(portio_inb(LPT), 0x5A);
}

/* Refused by the library before the driver sees anything. */
static void refused_batch_makes_no_request(void **state)
{
    (void)state;
    enable_devices();
    portio_outb(LPT, 0x3C);
    portio_batch_op ops[] = {{LPT, 8, 1, 0x55}, {LPT + 3, 8, 1, 0x66}};
    uint64_t requests = 0, operations = 0, requests_after = 0, operations_after = 0;
    driver_counters(&requests, &operations);
    assert_int_equal(portio_batch(ops, 2), PORTIO_E_NOT_ENABLED);
    assert_last_error_contains("op 1 ");
    driver_counters(&requests_after, &operations_after);
    assert_int_equal(requests_after - requests, 0);
    assert_int_equal(portio_inb(LPT), 0x3C);
}

/* ---- debugcon ---- */

/* The whole file QEMU wrote for port 0xE9; *size its length. */
static char *read_debugcon(size_t *size)
{
    static char contents[1 << 20];
    FILE *file = fopen(DEBUGCON_FILE, "rb");
    if (!file)
        print_error("cannot open %s\n", DEBUGCON_FILE);
    assert_non_null(file);
    *size = fread(contents, 1, sizeof contents, file);
    fclose(file);
    return contents;
}

static void debugcon_string_in_one_request(void **state)
{
    (void)state;
    static const char text[] = "portio.sys under Wine in QEMU: 0123456789 abcdefghij\n";
    enable_devices();
    size_t before_size = 0;
    read_debugcon(&before_size);
    uint64_t requests_before = 0, operations_before = 0, requests_after = 0, operations_after = 0;
    assert_int_equal(portio_windows_driver_stats(&requests_before, &operations_before), PORTIO_OK);
    portio_outsb(DEBUGCON, text, sizeof text - 1);
    assert_int_equal(portio_windows_driver_stats(&requests_after, &operations_after), PORTIO_OK);
    print_message("outsb of %u bytes: %llu request(s), %llu operation(s)\n",
                  (unsigned)(sizeof text - 1),
                  (unsigned long long)(requests_after - requests_before),
                  (unsigned long long)(operations_after - operations_before));
    assert_int_equal(requests_after - requests_before, 1);

    size_t size = 0;
    const char *contents = read_debugcon(&size);
    assert_int_equal(size, before_size + sizeof text - 1);
    assert_memory_equal(contents + before_size, text, sizeof text - 1);
}

/* ---- PCI configuration mechanism #1 ---- */

static uint32_t pci_address(unsigned offset)
{
    return 0x80000000u | (offset & 0xFCu); /* bus 0, device 0, function 0 */
}

static void pci_host_bridge_at_every_width(void **state)
{
    (void)state;
    enable_devices();
    portio_outl(PCI_ADDRESS, pci_address(0));
    uint32_t id = portio_inl(PCI_DATA);
    assert_int_equal(id, 0x12378086); /* Intel 440FX, QEMU's "pc" machine */

    uint8_t sysfs[64];
    FILE *file = fopen(PCI_SYSFS_FILE, "rb");
    size_t sysfs_size = file ? fread(sysfs, 1, sizeof sysfs, file) : 0;
    if (file)
        fclose(file);
    assert_true(sysfs_size >= 16);

    for (unsigned offset = 0; offset < 16; offset += 4) {
        uint32_t value32 = 0, low = 0, high = 0;
        assert_int_equal(portio_write(PCI_ADDRESS, 32, pci_address(offset)), PORTIO_OK);
        assert_int_equal(portio_read(PCI_DATA, 32, &value32), PORTIO_OK);
        portio_outl(PCI_ADDRESS, pci_address(offset));
        assert_int_equal(portio_read(PCI_DATA, 16, &low), PORTIO_OK);
        assert_int_equal(portio_read(PCI_DATA + 2, 16, &high), PORTIO_OK);
        uint32_t bytes = 0;
        for (unsigned i = 0; i < 4; i++)
            bytes |= (uint32_t)portio_inb((uint16_t)(PCI_DATA + i)) << (8 * i);
        uint32_t from_sysfs = (uint32_t)sysfs[offset] | (uint32_t)sysfs[offset + 1] << 8 |
                              (uint32_t)sysfs[offset + 2] << 16 |
                              (uint32_t)sysfs[offset + 3] << 24;
        print_message("PCI 00:00.0 +0x%02x: 32-bit 0x%08lx, 16-bit 0x%04lx 0x%04lx, "
                      "8-bit 0x%08lx, sysfs 0x%08lx\n",
                      offset, (unsigned long)value32, (unsigned long)low, (unsigned long)high,
                      (unsigned long)bytes, (unsigned long)from_sysfs);
        if (offset == 4) /* the status half may change between reads: compare the command */
            value32 &= 0xFFFF, high = 0, bytes &= 0xFFFF, from_sysfs &= 0xFFFF;
        assert_int_equal(low | high << 16, value32);
        assert_int_equal(bytes, value32);
        assert_int_equal(from_sysfs, value32);
    }
}

/* ---- CMOS RTC ---- */

static uint8_t cmos_seconds(void)
{
    portio_outb(CMOS, 0x00);
    return portio_inb(CMOS + 1);
}

static void cmos_seconds_advance(void **state)
{
    (void)state;
    enable_devices();
    uint8_t first = cmos_seconds();
    print_message("CMOS seconds: 0x%02x\n", first);
    assert_true((first & 0x0F) <= 9 && first <= 0x59); /* BCD */
    uint8_t now = first;
    for (int i = 0; i < 40 && now == first; i++) {
        Sleep(100);
        now = cmos_seconds();
    }
    print_message("CMOS seconds then: 0x%02x\n", now);
    assert_int_not_equal(now, first);
}

/* ---- refusals ---- */

/* A one-op transfer by hand: *value is what was read, for an IN. */
static DWORD transfer_one(HANDLE device, uint16_t port, uint8_t kind, uint32_t *value)
{
    struct one_op transfer = {
        .header = {sizeof transfer.header, 1, sizeof transfer, 0},
        .op = {port, 8, kind, 0, value ? *value : 0, 0},
    };
    DWORD error = request(device, IOCTL_PORTIO_TRANSFER, &transfer, sizeof transfer, &transfer,
                          sizeof transfer);
    if (value)
        *value = transfer.op.value;
    return error;
}

static void port_outside_the_ranges_is_refused(void **state)
{
    (void)state;
    enable_devices();
    uint32_t value = 0;
    assert_int_equal(portio_read(0x80, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_write(LPT + 3, 8, 0), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(PCI_ADDRESS - 1, 32, &value), PORTIO_E_NOT_ENABLED);
    portio_front_reset_for_tests();

    /* Bypassing the library: a handle with 0x378-0x37A enabled. */
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, LPT, 3), 0);
    value = 0x69;
    assert_int_equal(transfer_one(device, LPT, PORTIO_OP_OUT, &value), 0);
    value = 0;
    assert_int_equal(transfer_one(device, LPT, PORTIO_OP_IN, &value), 0);
    assert_int_equal(value, 0x69);
    value = 0x12;
    assert_int_equal(transfer_one(device, LPT + 3, PORTIO_OP_OUT, &value), ERROR_ACCESS_DENIED);
    assert_int_equal(transfer_one(device, 0x80, PORTIO_OP_IN, &value), ERROR_ACCESS_DENIED);
    assert_int_equal(transfer_one(device, 0x70, PORTIO_OP_OUT, &value), ERROR_ACCESS_DENIED);
    /* Nothing reached the latch from the refused writes. */
    value = 0;
    assert_int_equal(transfer_one(device, LPT, PORTIO_OP_IN, &value), 0);
    assert_int_equal(value, 0x69);
    CloseHandle(device);
}

/* ---- lifetime ---- */

static void killed_client_leaves_no_state(void **state)
{
    (void)state;
    HANDLE ready = CreateEventA(NULL, TRUE, FALSE, CHILD_READY_EVENT);
    assert_non_null(ready);
    char self[MAX_PATH];
    assert_true(GetModuleFileNameA(NULL, self, sizeof self) > 0);
    char command[MAX_PATH + 16];
    snprintf(command, sizeof command, "\"%s\" hold", self);
    STARTUPINFOA startup = {.cb = sizeof startup};
    PROCESS_INFORMATION child = {0};
    assert_true(CreateProcessA(self, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &child));
    DWORD waited = WaitForSingleObject(ready, 60000);
    if (waited != WAIT_OBJECT_0)
        TerminateProcess(child.hProcess, 1);
    assert_int_equal(waited, WAIT_OBJECT_0);
    /* Killed in the middle: enabled, written, never disabled or closed. */
    assert_true(TerminateProcess(child.hProcess, 9));
    assert_int_equal(WaitForSingleObject(child.hProcess, 30000), WAIT_OBJECT_0);
    CloseHandle(child.hProcess);
    CloseHandle(child.hThread);
    CloseHandle(ready);

    /* The next client opens, enables and works; the child's write is there. */
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    assert_int_equal(portio_inb(LPT), 0x5A);
    portio_outb(LPT, 0xA5);
    assert_int_equal(portio_inb(LPT), 0xA5);
    portio_front_reset_for_tests();

    /* A closed handle's enables are gone. */
    HANDLE first = open_device();
    assert_int_equal(enable_on(first, LPT, 3), 0);
    CloseHandle(first);
    HANDLE second = open_device();
    uint32_t value = 0;
    assert_int_equal(transfer_one(second, LPT, PORTIO_OP_IN, &value), ERROR_ACCESS_DENIED);
    assert_int_equal(enable_on(second, LPT, 3), 0);
    assert_int_equal(transfer_one(second, LPT, PORTIO_OP_IN, &value), 0);
    assert_int_equal(value, 0xA5);
    CloseHandle(second);
}

static int hold(void)
{
    HANDLE ready = OpenEventA(EVENT_MODIFY_STATE, FALSE, CHILD_READY_EVENT);
    if (!ready || portio_enable(LPT, 3) != PORTIO_OK) {
        fprintf(stderr, "hold: %s\n", ready ? portio_last_error() : "no event");
        return 1;
    }
    portio_outb(LPT, 0x5A);
    SetEvent(ready);
    Sleep(INFINITE);
    return 0;
}

/* ---- benchmark (printed, not asserted) ---- */

static void benchmark(void **state)
{
    (void)state;
    enable_devices();
    enum { CALLS = 1000, STRING = 4096, STRINGS = 10 };
    LARGE_INTEGER start;
    volatile uint8_t sink = 0;
    QueryPerformanceCounter(&start);
    for (int i = 0; i < CALLS; i++)
        sink ^= portio_inb(LPT + 1);
    double calls = seconds_since(start);
    (void)sink;

    static char buffer[STRING];
    for (size_t i = 0; i < sizeof buffer; i++)
        buffer[i] = (char)('a' + i % 26);
    buffer[sizeof buffer - 1] = '\n';
    uint64_t requests_before = 0, operations = 0, requests_after = 0;
    assert_int_equal(portio_windows_driver_stats(&requests_before, &operations), PORTIO_OK);
    QueryPerformanceCounter(&start);
    for (int i = 0; i < STRINGS; i++)
        portio_outsb(DEBUGCON, buffer, sizeof buffer);
    double strings = seconds_since(start);
    assert_int_equal(portio_windows_driver_stats(&requests_after, &operations), PORTIO_OK);

    static portio_batch_op reads[CALLS];
    for (size_t i = 0; i < CALLS; i++)
        reads[i] = (portio_batch_op){LPT + 1, 8, 0, 0};
    QueryPerformanceCounter(&start);
    assert_int_equal(portio_batch(reads, CALLS), PORTIO_OK);
    double batch = seconds_since(start);
    printf("PORTIO-BENCH: portio_inb through the driver: %.0f ns per call (%d calls)\n",
           calls * 1e9 / CALLS, CALLS);
    printf("PORTIO-BENCH: portio_batch of %d reads through the driver: %.0f ns per op\n", CALLS,
           batch * 1e9 / CALLS);
    printf("PORTIO-BENCH: portio_outsb of 4 KiB to 0xE9: %.0f us each (%d strings, %llu requests)\n",
           strings * 1e6 / STRINGS, STRINGS,
           (unsigned long long)(requests_after - requests_before));
    fflush(stdout);
}

/* ---- with AllowedPorts = 0x378-0x37A ---- */

static void allowlist_in_the_guest(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(DEBUGCON, 1), PORTIO_E_PERM);
    assert_int_equal(portio_enable(PCI_ADDRESS, 8), PORTIO_E_PERM);
    assert_int_equal(portio_enable(LPT, 3), PORTIO_OK);
    portio_outb(LPT, 0x96);
    assert_int_equal(portio_inb(LPT), 0x96);
    portio_front_reset_for_tests();
    HANDLE device = open_device();
    assert_int_equal(enable_on(device, DEBUGCON, 1), ERROR_PRIVILEGE_NOT_HELD);
    uint32_t value = 0x41;
    assert_int_equal(transfer_one(device, DEBUGCON, PORTIO_OP_OUT, &value), ERROR_ACCESS_DENIED);
    CloseHandle(device);
}

/* ---- the portio command: it wrote `expected`, the library writes `next` ---- */

static int tool_latch(const char *expected, const char *next)
{
    unsigned long want = strtoul(expected, NULL, 0), then = strtoul(next, NULL, 0);
    uint32_t value = 0;
    if (portio_enable(LPT, 3) != PORTIO_OK || portio_read(LPT, 8, &value) != PORTIO_OK) {
        fprintf(stderr, "tool-latch: %s\n", portio_last_error());
        return 1;
    }
    printf("tool-latch: the library reads 0x%02lx at 0x378 (portio.exe wrote 0x%02lx)\n",
           (unsigned long)value, want);
    if (value != want)
        return 1;
    if (portio_write(LPT, 8, (uint32_t)then) != PORTIO_OK)
        return 1;
    printf("tool-latch: the library wrote 0x%02lx\n", then);
    return 0;
}

/* ---- after "portio driver remove" ---- */

static void enable_without_driver(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(LPT, 3), PORTIO_E_NODRIVER);
    HANDLE device = CreateFileA(PORTIO_USER_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    assert_true(device == INVALID_HANDLE_VALUE);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "devices";
#define T(name) cmocka_unit_test_setup(name, fresh_library)
    const struct CMUnitTest devices[] = {
        T(lpt_latch_fast_api),
        T(lpt_latch_checked_api),
        T(lpt_status_and_control),
        T(lpt_batch_reads_back_the_latch),
        T(batch_of_4096_ops_is_one_request_4097_two),
        T(hand_made_sequence_on_the_latch),
        T(batch_waits_and_modifies_in_one_request),
        T(batch_wait_that_never_succeeds_times_out),
        T(refused_batch_makes_no_request),
        T(debugcon_string_in_one_request),
        T(pci_host_bridge_at_every_width),
        T(cmos_seconds_advance),
        T(port_outside_the_ranges_is_refused),
        T(killed_client_leaves_no_state),
        T(benchmark),
    };
    const struct CMUnitTest allowlist[] = {
        T(allowlist_in_the_guest),
    };
    const struct CMUnitTest nodriver[] = {
        T(enable_without_driver),
    };
    if (strcmp(mode, "hold") == 0)
        return hold();
    if (strcmp(mode, "devices") == 0)
        return cmocka_run_group_tests_name("wine-guest devices", devices, NULL, NULL);
    if (strcmp(mode, "allowlist") == 0)
        return cmocka_run_group_tests_name("wine-guest allowlist", allowlist, NULL, NULL);
    if (strcmp(mode, "tool-latch") == 0 && argc == 4)
        return tool_latch(argv[2], argv[3]);
    if (strcmp(mode, "nodriver") == 0)
        return cmocka_run_group_tests_name("wine-guest nodriver", nodriver, NULL, NULL);
    fprintf(stderr, "usage: test_guest_driver [devices|allowlist|tool-latch A B|nodriver|hold]\n");
    return 2;
}
