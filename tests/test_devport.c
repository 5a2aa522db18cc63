/* SPDX-License-Identifier: MIT */
/* The devport backend (/dev/port) on the fake Linux. */
#include "test_support.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>

#include "fake_linux_system.h"
#include "linux/system.h"

static int use_devport(void **state)
{
    (void)state;
    fake_linux_install();
    return portio_use_backend("devport") == PORTIO_OK ? 0 : -1;
}

static void enable_opens_dev_port_once(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(fake.open_count, 1);
    assert_string_equal(fake.opened_path, "/dev/port");
    assert_int_equal(fake.opened_flags, O_RDWR | O_CLOEXEC);
    assert_int_equal(portio_enable(0x70, 2), PORTIO_OK);
    assert_int_equal(portio_enable(0xFFFF, 1), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(fake.open_count, 1);
    assert_int_equal(fake.close_count, 0);
    assert_int_equal(fake.ioperm_count, 0);
    assert_int_equal(fake.iopl_count, 0);
}

static void backend_is_named_devport(void **state)
{
    (void)state;
    assert_string_equal(portio_backend(), "devport");
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "devport");
}

static void read_8_is_one_pread_at_the_port(void **state)
{
    (void)state;
    uint32_t value = 0;
    fake.ports[0x379] = 0xA5;
    fake.ports[0x378] = 0x11;
    fake.ports[0x37A] = 0x22;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_read(0x379, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0xA5);
    assert_int_equal(fake.transfer_count, 1);
    assert_int_equal(fake.transfer_offsets[0], 0x379);
}

static void write_8_is_one_pwrite_at_the_port(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_write(0x37A, 8, 0x5C), PORTIO_OK);
    assert_int_equal(fake.transfer_count, 1);
    assert_int_equal(fake.transfer_offsets[0], 0x37A);
    assert_int_equal(fake.ports[0x37A], 0x5C);
    assert_int_equal(fake.ports[0x379], 0);
    assert_int_equal(fake.ports[0x37B], 0);
}

static void fast_inb_and_outb_use_the_port_as_offset(void **state)
{
    (void)state;
    fake.ports[0x80] = 0x3C;
    assert_int_equal(portio_enable(0x80, 1), PORTIO_OK);
    assert_int_equal(portio_inb(0x80), 0x3C);
    portio_outb(0x80, 0xC3);
    assert_int_equal(fake.ports[0x80], 0xC3);
    assert_int_equal(fake.transfer_count, 2);
    assert_int_equal(fake.transfer_offsets[0], 0x80);
    assert_int_equal(fake.transfer_offsets[1], 0x80);
}

static void read_16_and_32_are_unsupported_without_transfer(void **state)
{
    (void)state;
    uint32_t value = 0x12345678;
    assert_int_equal(portio_enable(0x378, 8), PORTIO_OK);
    assert_int_equal(portio_read(0x378, 16, &value), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("8-bit");
    assert_last_error_contains("16-bit");
    assert_int_equal(portio_read(0x378, 32, &value), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("8-bit");
    assert_last_error_contains("32-bit");
    assert_int_equal(value, 0x12345678);
    assert_int_equal(fake.transfer_count, 0);
}

static void write_16_and_32_are_unsupported_without_transfer(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 8), PORTIO_OK);
    assert_int_equal(portio_write(0x378, 16, 0xBEEF), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("8-bit");
    assert_int_equal(portio_write(0x378, 32, 0xDEADBEEFu), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("8-bit");
    assert_int_equal(fake.transfer_count, 0);
    for (uint32_t port = 0x378; port < 0x380; port++)
        assert_int_equal(fake.ports[port], 0);
}

static void fast_inw_and_inl_read_all_ones_without_transfer(void **state)
{
    (void)state;
    fake.ports[0x378] = 0x12;
    fake.ports[0x379] = 0x34;
    fake.ports[0x37A] = 0x56;
    fake.ports[0x37B] = 0x78;
    assert_int_equal(portio_enable(0x378, 8), PORTIO_OK);
    assert_int_equal(portio_inw(0x378), 0xFFFF);
    assert_last_error_contains("8-bit");
    assert_last_error_contains("16-bit");
    assert_int_equal(portio_inl(0x378), 0xFFFFFFFFu);
    assert_last_error_contains("8-bit");
    assert_last_error_contains("32-bit");
    assert_int_equal(fake.transfer_count, 0);
}

static void fast_outw_and_outl_make_no_transfer(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 8), PORTIO_OK);
    portio_outw(0x378, 0xBEEF);
    assert_last_error_contains("8-bit");
    portio_outl(0x378, 0xDEADBEEFu);
    assert_last_error_contains("8-bit");
    assert_int_equal(fake.transfer_count, 0);
    for (uint32_t port = 0x378; port < 0x380; port++)
        assert_int_equal(fake.ports[port], 0);
}

static void insb_reads_every_byte_at_the_same_port(void **state)
{
    (void)state;
    uint8_t buf[5];
    memset(buf, 0, sizeof buf);
    fake.ports[0x3F8] = 0x41;
    fake.ports[0x3F9] = 0x99; /* must not be read: a string read stays on one port */
    assert_int_equal(portio_enable(0x3F8, 8), PORTIO_OK);
    portio_insb(0x3F8, buf, sizeof buf);
    assert_int_equal(fake.transfer_count, sizeof buf);
    for (size_t i = 0; i < sizeof buf; i++) {
        assert_int_equal(fake.transfer_offsets[i], 0x3F8);
        assert_int_equal(buf[i], 0x41);
    }
}

/* Puts a recorder over the fake's pwrite to see the order of the bytes. */
static ssize_t (*fake_pwrite)(int fd, const void *buf, size_t size, off_t offset);
static uint8_t written[FAKE_MAX_CALLS];
static size_t written_count;

static ssize_t recording_pwrite(int fd, const void *buf, size_t size, off_t offset)
{
    if (size == 1 && written_count < FAKE_MAX_CALLS)
        written[written_count++] = *(const uint8_t *)buf;
    return fake_pwrite(fd, buf, size, offset);
}

static void record_written_bytes(void)
{
    written_count = 0;
    fake_pwrite = portio_linux_system.pwrite;
    portio_linux_system.pwrite = recording_pwrite;
}

static void outsb_writes_bytes_in_order_at_the_same_port(void **state)
{
    (void)state;
    static const uint8_t bytes[] = {0x10, 0x20, 0x30, 0x40, 0x05};
    record_written_bytes();
    assert_int_equal(portio_enable(0x3F8, 8), PORTIO_OK);
    portio_outsb(0x3F8, bytes, sizeof bytes);
    assert_int_equal(fake.transfer_count, sizeof bytes);
    assert_int_equal(written_count, sizeof bytes);
    for (size_t i = 0; i < sizeof bytes; i++) {
        assert_int_equal(fake.transfer_offsets[i], 0x3F8);
        assert_int_equal(written[i], bytes[i]);
    }
    /* the last byte written is the one the port holds; its neighbours are untouched */
    assert_int_equal(fake.ports[0x3F8], 0x05);
    assert_int_equal(fake.ports[0x3F9], 0);
    assert_int_equal(fake.ports[0x3FC], 0);
}

static void insw_fills_buffer_with_ones_without_transfer(void **state)
{
    (void)state;
    uint16_t buf[4] = {0x1111, 0x2222, 0x3333, 0x4444};
    assert_int_equal(portio_enable(0x1F0, 8), PORTIO_OK);
    portio_insw(0x1F0, buf, 4);
    assert_int_equal(fake.transfer_count, 0);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(buf[i], 0xFFFF);
    assert_last_error_contains("8-bit");
}

static void failing_pread_is_an_io_error(void **state)
{
    (void)state;
    uint32_t value = 0x12345678;
    fake.ports[0x378] = 0x55;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    fake.transfer_errno = EIO;
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_E_IO);
    assert_last_error_contains("Input/output error");
    assert_last_error_contains("/dev/port");
    assert_int_equal(value, 0x12345678);
    assert_int_equal(fake.transfer_count, 1);
}

static void failing_pread_makes_fast_inb_read_0xff(void **state)
{
    (void)state;
    fake.ports[0x378] = 0x55;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    fake.transfer_errno = EIO;
    assert_int_equal(portio_inb(0x378), 0xFF);
    assert_last_error_contains("Input/output error");
    assert_int_equal(fake.transfer_count, 1);
}

static void failing_pwrite_is_an_io_error(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    fake.transfer_errno = EIO;
    assert_int_equal(portio_write(0x378, 8, 0x55), PORTIO_E_IO);
    assert_last_error_contains("Input/output error");
    assert_int_equal(fake.ports[0x378], 0);
}

static void port_not_enabled_is_refused_before_transfer(void **state)
{
    (void)state;
    uint32_t value = 0x12345678;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_read(0x37B, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_last_error_contains("port 0x037B");
    assert_int_equal(portio_write(0x377, 8, 0x55), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(0x37A, 16, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 0x12345678);
    assert_int_equal(fake.transfer_count, 0);
    assert_int_equal(fake.ports[0x377], 0);
}

/* ---- portio_batch ---- */

/* Records every transfer, in order: 'r' for a pread, 'w' for a pwrite,
 * with the byte written; the pread at index fail_at fails with EIO. */
static ssize_t (*real_pread)(int fd, void *buf, size_t size, off_t offset);
static ssize_t (*real_pwrite)(int fd, const void *buf, size_t size, off_t offset);
static char kinds[FAKE_MAX_CALLS + 1];
static uint8_t bytes_written[FAKE_MAX_CALLS];
static size_t calls;
static size_t fail_at;

static ssize_t sequence_pread(int fd, void *buf, size_t size, off_t offset)
{
    if (calls < FAKE_MAX_CALLS)
        kinds[calls] = 'r';
    if (calls++ == fail_at) {
        fake.transfer_count++;
        errno = EIO;
        return -1;
    }
    return real_pread(fd, buf, size, offset);
}

static ssize_t sequence_pwrite(int fd, const void *buf, size_t size, off_t offset)
{
    if (calls < FAKE_MAX_CALLS) {
        kinds[calls] = 'w';
        bytes_written[calls] = *(const uint8_t *)buf;
    }
    calls++;
    return real_pwrite(fd, buf, size, offset);
}

static void record_sequence(size_t failing_pread)
{
    memset(kinds, 0, sizeof kinds);
    calls = 0;
    fail_at = failing_pread;
    real_pread = portio_linux_system.pread;
    real_pwrite = portio_linux_system.pwrite;
    portio_linux_system.pread = sequence_pread;
    portio_linux_system.pwrite = sequence_pwrite;
}

static void batch_of_bytes_is_preads_and_pwrites_in_order(void **state)
{
    (void)state;
    record_sequence(SIZE_MAX);
    fake.ports[0x379] = 0xA5;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_batch_op ops[] = {
        {0x378, 8, 1, 0x55}, {0x379, 8, 0, 0}, {0x37A, 8, 1, 0x0C}, {0x378, 8, 0, 0}, {0x37A, 8, 0, 0},
    };
    assert_int_equal(portio_batch(ops, 5), PORTIO_OK);
    assert_string_equal(kinds, "wrwrr");
    assert_int_equal(fake.transfer_count, 5);
    const off_t offsets[] = {0x378, 0x379, 0x37A, 0x378, 0x37A};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(fake.transfer_offsets[i], offsets[i]);
    assert_int_equal(bytes_written[0], 0x55);
    assert_int_equal(bytes_written[2], 0x0C);
    assert_int_equal(ops[1].value, 0xA5);
    assert_int_equal(ops[3].value, 0x55);
    assert_int_equal(ops[4].value, 0x0C);
}

static void batch_with_a_wide_op_is_unsupported_before_any_transfer(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 8), PORTIO_OK);
    portio_batch_op ops[] = {
        {0x378, 8, 1, 0x55}, {0x379, 8, 0, 0x1234}, {0x378, 16, 0, 0x1234}, {0x37A, 8, 1, 0x0C},
    };
    assert_int_equal(portio_batch(ops, 4), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("portio_batch: op 2, a 16-bit read at port 0x0378");
    assert_last_error_contains("8-bit accesses only");
    assert_last_error_contains("no op of the batch ran");
    assert_int_equal(fake.transfer_count, 0);
    assert_int_equal(fake.ports[0x378], 0);
    assert_int_equal(fake.ports[0x37A], 0);
    assert_int_equal(ops[1].value, 0x1234);

    portio_batch_op wide_write[] = {{0x37C, 32, 1, 0xDEADBEEFu}, {0x378, 8, 1, 0x55}};
    assert_int_equal(portio_batch(wide_write, 2), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("op 0, a 32-bit write at port 0x037C");
    assert_int_equal(fake.transfer_count, 0);
}

/* A refusal of the front comes first: it names the op and its range. */
static void batch_with_an_unenabled_op_makes_no_transfer(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_batch_op ops[] = {{0x378, 8, 1, 0x55}, {0x37B, 8, 1, 0x66}};
    assert_int_equal(portio_batch(ops, 2), PORTIO_E_NOT_ENABLED);
    assert_last_error_contains("op 1 ");
    assert_int_equal(fake.transfer_count, 0);
}

static void failing_pread_stops_the_batch_and_says_where(void **state)
{
    (void)state;
    record_sequence(2);
    fake.ports[0x379] = 0xA5;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_batch_op ops[] = {
        {0x378, 8, 1, 0x55}, {0x379, 8, 0, 0}, {0x379, 8, 0, 0x77}, {0x37A, 8, 1, 0x0C},
    };
    assert_int_equal(portio_batch(ops, 4), PORTIO_E_IO);
    assert_last_error_contains("portio_batch: stopped at op 2, after ops 0-1 ran");
    assert_last_error_contains("reading port 0x0379 through /dev/port failed: Input/output error");
    assert_string_equal(kinds, "wrr");
    assert_int_equal(ops[1].value, 0xA5);
    assert_int_equal(ops[2].value, 0x77);
    assert_int_equal(fake.ports[0x378], 0x55);
    assert_int_equal(fake.ports[0x37A], 0);
}

/* ---- portio_batch: waits, delays and modifies ---- */

/* A pread hook: the status port 0x379 reads 0x00 until its `ready_at`th
 * read, then 0x80. */
static ssize_t (*plain_pread)(int fd, void *buf, size_t size, off_t offset);
static size_t status_reads;
static size_t ready_at;

static ssize_t status_ready_pread(int fd, void *buf, size_t size, off_t offset)
{
    if (offset == 0x379 && ++status_reads >= ready_at)
        fake.ports[0x379] = 0x80;
    return plain_pread(fd, buf, size, offset);
}

/* Under record_sequence, which then sees every transfer. */
static void status_ready_at(size_t reads)
{
    status_reads = 0;
    ready_at = reads;
    plain_pread = portio_linux_system.pread;
    portio_linux_system.pread = status_ready_pread;
}

static void batch_wait_met_after_n_reads_then_goes_on(void **state)
{
    (void)state;
    record_sequence(SIZE_MAX);
    status_ready_at(5);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_batch_op ops[] = {
        {0x378, 8, PORTIO_BATCH_WRITE, 0x41},
        {0x379, 8, PORTIO_BATCH_WAIT, 0x80, 0x80, 100000},
        {0x37A, 8, PORTIO_BATCH_WRITE, 0x0D},
    };
    assert_int_equal(portio_batch(ops, 3), PORTIO_OK);
    assert_string_equal(kinds, "wrrrrrw");
    assert_int_equal(ops[1].result, 0x80);
    assert_int_equal(ops[1].value, 0x80); /* an input: unchanged */
    assert_int_equal(fake.ports[0x37A], 0x0D);
}

static void batch_wait_times_out_on_the_real_clock(void **state)
{
    (void)state;
    record_sequence(SIZE_MAX);
    fake.ports[0x379] = 0x47;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_batch_op ops[] = {
        {0x378, 8, PORTIO_BATCH_WRITE, 0x41},
        {0x379, 8, PORTIO_BATCH_WAIT, 0x80, 0x80, 2000},
        {0x37A, 8, PORTIO_BATCH_WRITE, 0x0D},
    };
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(portio_batch(ops, 3), PORTIO_E_TIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &end);
    long long spent_us = (end.tv_sec - start.tv_sec) * 1000000LL + (end.tv_nsec - start.tv_nsec) / 1000;
    assert_true(spent_us >= 2000); /* at least its time; no upper bound on a loaded machine */
    assert_int_equal(ops[1].result, 0x47);
    assert_last_error_contains("portio_batch: op 1 (wait of 8 bits at port 0x0379) timed out after "
                               "2000 us: the last value read was 0x47, whose bits under the mask "
                               "0x80 are 0x0, not the expected 0x80; op 0 ran, none after it");
    assert_int_equal(kinds[0], 'w');
    assert_true(calls > 2);
    for (size_t i = 1; i < calls && i < FAKE_MAX_CALLS; i++)
        assert_int_equal(kinds[i], 'r');
    assert_int_equal(fake.ports[0x378], 0x41);
    assert_int_equal(fake.ports[0x37A], 0);
}

static void batch_with_a_16_bit_wait_is_unsupported_before_any_transfer(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 8), PORTIO_OK);
    portio_batch_op ops[] = {
        {0x378, 8, PORTIO_BATCH_WRITE, 0x55},
        {0x37A, 16, PORTIO_BATCH_WAIT, 0x0100, 0x0100, 1000},
        {0x37A, 8, PORTIO_BATCH_WRITE, 0x0C},
    };
    assert_int_equal(portio_batch(ops, 3), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("portio_batch: op 1, a 16-bit wait at port 0x037A");
    assert_last_error_contains("no op of the batch ran");
    assert_int_equal(fake.transfer_count, 0);
    assert_int_equal(fake.ports[0x378], 0);
}

static void batch_with_a_32_bit_modify_is_unsupported_before_any_transfer(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 8), PORTIO_OK);
    portio_batch_op ops[] = {
        {0x378, 8, PORTIO_BATCH_WRITE, 0x55},
        {0x37C, 32, PORTIO_BATCH_MODIFY, 0x1, 0x0},
    };
    assert_int_equal(portio_batch(ops, 2), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("portio_batch: op 1, a 32-bit modify at port 0x037C");
    assert_int_equal(fake.transfer_count, 0);
}

static void batch_modify_and_delay_of_bytes_run(void **state)
{
    (void)state;
    record_sequence(SIZE_MAX);
    fake.ports[0x37A] = 0xCC;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_batch_op ops[] = {
        {0x37A, 8, PORTIO_BATCH_MODIFY, 0x01, 0x08},
        {0, 0, PORTIO_BATCH_DELAY, 0, 0, 10},
        {0x37A, 8, PORTIO_BATCH_READ, 0},
    };
    assert_int_equal(portio_batch(ops, 3), PORTIO_OK);
    assert_string_equal(kinds, "rwr");
    assert_int_equal(ops[0].result, 0xCC);
    assert_int_equal(bytes_written[1], 0xC5);
    assert_int_equal(ops[2].value, 0xC5);
}

static void open_enoent_is_unsupported(void **state)
{
    (void)state;
    fake.open_errno = ENOENT;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("/dev/port");
    assert_last_error_contains("CONFIG_DEVPORT");
    assert_int_equal(fake.open_count, 1);
}

static void open_eacces_is_a_permission_error(void **state)
{
    (void)state;
    fake.open_errno = EACCES;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("root");
    assert_last_error_contains("setcap");
}

static void open_eperm_under_lockdown_is_a_lockdown_error(void **state)
{
    (void)state;
    fake.lockdown = "none [integrity] confidentiality\n";
    fake.open_errno = EPERM;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_LOCKDOWN);
    assert_last_error_contains("locked down");
    assert_last_error_contains("integrity");
}

static void failed_open_enables_nothing(void **state)
{
    (void)state;
    uint32_t value = 0x12345678;
    fake.open_errno = EACCES;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 0x12345678);
    /* no backend is chosen yet: the fast forms read all ones and touch nothing */
    fake.ports[0x378] = 0x55;
    assert_int_equal(portio_inb(0x378), 0xFF);
    portio_outb(0x378, 0xAA);
    assert_int_equal(fake.ports[0x378], 0x55);
    assert_int_equal(fake.transfer_count, 0);
}

static void enable_after_failed_open_succeeds(void **state)
{
    (void)state;
    uint32_t value = 0;
    fake.open_errno = ENOENT;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_UNSUPPORTED);
    assert_string_equal(portio_backend(), "devport");
    fake.open_errno = 0;
    fake.ports[0x378] = 0x7E;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(fake.open_count, 2);
    assert_string_equal(portio_backend(), "devport");
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0x7E);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, use_devport)
        T(enable_opens_dev_port_once),
        T(backend_is_named_devport),
        T(read_8_is_one_pread_at_the_port),
        T(write_8_is_one_pwrite_at_the_port),
        T(fast_inb_and_outb_use_the_port_as_offset),
        T(read_16_and_32_are_unsupported_without_transfer),
        T(write_16_and_32_are_unsupported_without_transfer),
        T(fast_inw_and_inl_read_all_ones_without_transfer),
        T(fast_outw_and_outl_make_no_transfer),
        T(insb_reads_every_byte_at_the_same_port),
        T(outsb_writes_bytes_in_order_at_the_same_port),
        T(insw_fills_buffer_with_ones_without_transfer),
        T(failing_pread_is_an_io_error),
        T(failing_pread_makes_fast_inb_read_0xff),
        T(failing_pwrite_is_an_io_error),
        T(port_not_enabled_is_refused_before_transfer),
        T(batch_of_bytes_is_preads_and_pwrites_in_order),
        T(batch_with_a_wide_op_is_unsupported_before_any_transfer),
        T(batch_with_an_unenabled_op_makes_no_transfer),
        T(failing_pread_stops_the_batch_and_says_where),
        T(batch_wait_met_after_n_reads_then_goes_on),
        T(batch_wait_times_out_on_the_real_clock),
        T(batch_with_a_16_bit_wait_is_unsupported_before_any_transfer),
        T(batch_with_a_32_bit_modify_is_unsupported_before_any_transfer),
        T(batch_modify_and_delay_of_bytes_run),
        T(open_enoent_is_unsupported),
        T(open_eacces_is_a_permission_error),
        T(open_eperm_under_lockdown_is_a_lockdown_error),
        T(failed_open_enables_nothing),
        T(enable_after_failed_open_succeeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
