/* SPDX-License-Identifier: MIT */
/* The mock backend's contract: the simulated port space, device models, the
 * access log, enables enforced on the fast functions, reset, and the
 * simulated clock. */
#include "test_support.h"

/* A device model that remembers its last read and write and answers reads
 * with a fixed value. */
struct probe {
    uint32_t answer;
    unsigned reads;
    unsigned writes;
    void *read_context;
    uint16_t read_port;
    unsigned read_width;
    void *write_context;
    uint16_t write_port;
    unsigned write_width;
    uint32_t write_value;
};

static uint32_t probe_read(void *context, uint16_t port, unsigned width_bits)
{
    struct probe *probe = context;
    probe->reads++;
    probe->read_context = context;
    probe->read_port = port;
    probe->read_width = width_bits;
    return probe->answer;
}

static void probe_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    struct probe *probe = context;
    probe->writes++;
    probe->write_context = context;
    probe->write_port = port;
    probe->write_width = width_bits;
    probe->write_value = value;
}

/* Room for the whole log, plus one entry that must stay untouched. */
static portio_mock_access big_log[PORTIO_MOCK_LOG_CAPACITY + 1];

static void unclaimed_port_reads_all_ones_and_ignores_writes(void **state)
{
    (void)state;
    uint32_t value = 0;
    assert_int_equal(portio_enable(0x300, 8), PORTIO_OK);
    assert_int_equal(portio_inb(0x300), 0xFF);
    assert_int_equal(portio_inw(0x300), 0xFFFF);
    assert_int_equal(portio_inl(0x300), 0xFFFFFFFFu);

    portio_outb(0x300, 0x12);
    portio_outw(0x302, 0x3456);
    portio_outl(0x304, 0x789ABCDEu);
    assert_int_equal(portio_write(0x301, 8, 0x00), PORTIO_OK);

    assert_int_equal(portio_inb(0x300), 0xFF);
    assert_int_equal(portio_inw(0x302), 0xFFFF);
    assert_int_equal(portio_inl(0x304), 0xFFFFFFFFu);
    assert_int_equal(portio_read(0x301, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0xFF);
    assert_int_equal(portio_read(0x300, 16, &value), PORTIO_OK);
    assert_int_equal(value, 0xFFFF);
    assert_int_equal(portio_read(0x300, 32, &value), PORTIO_OK);
    assert_int_equal(value, 0xFFFFFFFFu);
}

static void attach_callbacks_get_port_width_and_context(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x12345678u};
    assert_int_equal(portio_mock_attach(0x300, 8, probe_read, probe_write, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 8), PORTIO_OK);

    (void)portio_inw(0x302);
    assert_int_equal(probe.reads, 1);
    assert_ptr_equal(probe.read_context, &probe);
    assert_int_equal(probe.read_port, 0x302);
    assert_int_equal(probe.read_width, 16);

    portio_outl(0x304, 0xCAFEF00Du);
    assert_int_equal(probe.writes, 1);
    assert_ptr_equal(probe.write_context, &probe);
    assert_int_equal(probe.write_port, 0x304);
    assert_int_equal(probe.write_width, 32);
    assert_int_equal(probe.write_value, 0xCAFEF00Du);

    assert_int_equal(portio_write(0x307, 8, 0xA5), PORTIO_OK);
    assert_int_equal(probe.writes, 2);
    assert_int_equal(probe.write_port, 0x307);
    assert_int_equal(probe.write_width, 8);
    assert_int_equal(probe.write_value, 0xA5);

    uint32_t value = 0;
    assert_int_equal(portio_read(0x301, 8, &value), PORTIO_OK);
    assert_int_equal(probe.reads, 2);
    assert_int_equal(probe.read_port, 0x301);
    assert_int_equal(probe.read_width, 8);
}

static void read_value_is_masked_to_the_width(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x12345678u};
    uint32_t value = 0;
    assert_int_equal(portio_mock_attach(0x300, 8, probe_read, probe_write, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 8), PORTIO_OK);

    assert_int_equal(portio_inb(0x300), 0x78);
    assert_int_equal(portio_inw(0x300), 0x5678);
    assert_int_equal(portio_inl(0x300), 0x12345678u);
    assert_int_equal(portio_read(0x300, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0x78);
    assert_int_equal(portio_read(0x300, 16, &value), PORTIO_OK);
    assert_int_equal(value, 0x5678);
    assert_int_equal(portio_read(0x300, 32, &value), PORTIO_OK);
    assert_int_equal(value, 0x12345678u);

    /* the log holds the masked value too */
    portio_mock_access entries[3];
    assert_int_equal(portio_mock_log(entries, 3), 6);
    assert_access(&entries[0], 0x300, 8, PORTIO_MOCK_READ, 0x78);
    assert_access(&entries[1], 0x300, 16, PORTIO_MOCK_READ, 0x5678);
}

static void null_read_callback_reads_all_ones(void **state)
{
    (void)state;
    struct probe probe = {0};
    uint32_t value = 0;
    assert_int_equal(portio_mock_attach(0x300, 4, NULL, probe_write, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 4), PORTIO_OK);
    assert_int_equal(portio_inb(0x300), 0xFF);
    assert_int_equal(portio_inw(0x300), 0xFFFF);
    assert_int_equal(portio_inl(0x300), 0xFFFFFFFFu);
    assert_int_equal(portio_read(0x301, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0xFF);
    /* the write callback still works */
    portio_outb(0x302, 0x42);
    assert_int_equal(probe.writes, 1);
    assert_int_equal(probe.write_value, 0x42);
}

static void null_write_callback_ignores_writes(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x5A};
    assert_int_equal(portio_mock_attach(0x300, 4, probe_read, NULL, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 4), PORTIO_OK);
    portio_outb(0x300, 0x11);
    portio_outw(0x300, 0x2222);
    portio_outl(0x300, 0x33333333u);
    assert_int_equal(portio_write(0x301, 8, 0x44), PORTIO_OK);
    assert_int_equal(probe.writes, 0);
    /* the read callback still answers, unchanged by the writes */
    assert_int_equal(portio_inb(0x300), 0x5A);
    assert_int_equal(probe.reads, 1);
    /* the writes are still logged */
    assert_int_equal(portio_mock_log(NULL, 0), 5);
}

static void attach_refuses_count_zero(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(0x300, 0, probe_read, probe_write, NULL),
                     PORTIO_E_INVALID);
    assert_last_error_contains("1 or more ports");
}

static void attach_refuses_ranges_past_0xffff(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(0x10000, 1, NULL, NULL, NULL), PORTIO_E_INVALID);
    assert_int_equal(portio_mock_attach(0xFFFF, 2, NULL, NULL, NULL), PORTIO_E_INVALID);
    assert_int_equal(portio_mock_attach(0xFFF0, 0x11, NULL, NULL, NULL), PORTIO_E_INVALID);
    assert_int_equal(portio_mock_attach(0, 0x10001, NULL, NULL, NULL), PORTIO_E_INVALID);
    /* first + count wraps around 32 bits */
    assert_int_equal(portio_mock_attach(1, 0xFFFFFFFFu, NULL, NULL, NULL), PORTIO_E_INVALID);
    assert_last_error_contains("0xFFFF");
    /* the last port itself is fine */
    assert_int_equal(portio_mock_attach(0xFFFF, 1, NULL, NULL, NULL), PORTIO_OK);
}

static void attach_refuses_overlap_and_names_the_owner(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x3C};
    struct probe intruder = {.answer = 0x99};
    assert_int_equal(portio_mock_attach(0x300, 8, probe_read, probe_write, &probe), PORTIO_OK);

    assert_int_equal(portio_mock_attach(0x305, 8, probe_read, probe_write, &intruder),
                     PORTIO_E_INVALID);
    assert_last_error_contains("0x300-0x307");
    assert_int_equal(portio_mock_attach(0x2FF, 2, probe_read, probe_write, &intruder),
                     PORTIO_E_INVALID);
    assert_last_error_contains("0x300-0x307");
    assert_int_equal(portio_mock_attach(0x300, 8, probe_read, probe_write, &intruder),
                     PORTIO_E_INVALID);
    assert_int_equal(portio_mock_attach(0x200, 0x200, probe_read, probe_write, &intruder),
                     PORTIO_E_INVALID);

    /* the existing device is untouched and still answers */
    assert_int_equal(portio_enable(0x2FF, 10), PORTIO_OK);
    assert_int_equal(portio_inb(0x300), 0x3C);
    assert_int_equal(portio_inb(0x307), 0x3C);
    portio_outb(0x304, 0x77);
    assert_int_equal(probe.writes, 1);
    assert_int_equal(probe.write_value, 0x77);
    assert_int_equal(intruder.reads + intruder.writes, 0);
    /* the refused attach left the ports around it free */
    assert_int_equal(portio_inb(0x2FF), 0xFF);
    assert_int_equal(portio_inb(0x308), 0xFF);
    assert_int_equal(portio_mock_attach(0x308, 1, probe_read, probe_write, &intruder), PORTIO_OK);
    assert_int_equal(portio_mock_attach(0x2FF, 1, probe_read, probe_write, &intruder), PORTIO_OK);
}

static void attach_takes_max_devices_and_refuses_one_more(void **state)
{
    (void)state;
    static struct probe probes[PORTIO_MOCK_MAX_DEVICES + 1];
    for (unsigned i = 0; i <= PORTIO_MOCK_MAX_DEVICES; i++)
        probes[i] = (struct probe){.answer = i + 1};
    for (unsigned i = 0; i < PORTIO_MOCK_MAX_DEVICES; i++)
        assert_int_equal(portio_mock_attach(0x100 + i, 1, probe_read, NULL, &probes[i]),
                         PORTIO_OK);
    assert_int_equal(portio_mock_attach(0x100 + PORTIO_MOCK_MAX_DEVICES, 1, probe_read, NULL,
                                        &probes[PORTIO_MOCK_MAX_DEVICES]),
                     PORTIO_E_INVALID);
    assert_last_error_contains("32");

    assert_int_equal(portio_enable(0x100, PORTIO_MOCK_MAX_DEVICES + 1), PORTIO_OK);
    for (unsigned i = 0; i < PORTIO_MOCK_MAX_DEVICES; i++)
        assert_int_equal(portio_inb((uint16_t)(0x100 + i)), i + 1);
    /* the refused one is not there */
    assert_int_equal(portio_inb(0x100 + PORTIO_MOCK_MAX_DEVICES), 0xFF);
    assert_int_equal(probes[PORTIO_MOCK_MAX_DEVICES].reads, 0);
}

static void log_records_fast_accesses_in_order(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x89ABCDEFu};
    portio_mock_access entries[8];
    assert_int_equal(portio_mock_attach(0x300, 8, probe_read, probe_write, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 8), PORTIO_OK);
    assert_int_equal(portio_mock_log(NULL, 0), 0);

    portio_outb(0x300, 0x12);
    portio_outw(0x302, 0x3456);
    portio_outl(0x304, 0x789ABCDEu);
    assert_int_equal(portio_inb(0x301), 0xEF);
    assert_int_equal(portio_inw(0x302), 0xCDEF);
    assert_int_equal(portio_inl(0x304), 0x89ABCDEFu);

    assert_int_equal(portio_mock_log(entries, 8), 6);
    assert_access(&entries[0], 0x300, 8, PORTIO_MOCK_WRITE, 0x12);
    assert_access(&entries[1], 0x302, 16, PORTIO_MOCK_WRITE, 0x3456);
    assert_access(&entries[2], 0x304, 32, PORTIO_MOCK_WRITE, 0x789ABCDEu);
    assert_access(&entries[3], 0x301, 8, PORTIO_MOCK_READ, 0xEF);
    assert_access(&entries[4], 0x302, 16, PORTIO_MOCK_READ, 0xCDEF);
    assert_access(&entries[5], 0x304, 32, PORTIO_MOCK_READ, 0x89ABCDEFu);
}

static void log_records_checked_accesses_in_order(void **state)
{
    (void)state;
    uint32_t value = 0;
    portio_mock_access entries[8];
    /* an unclaimed port is logged too, with the all-ones it read */
    assert_int_equal(portio_enable(0x300, 8), PORTIO_OK);
    assert_int_equal(portio_write(0x306, 16, 0xBEEF), PORTIO_OK);
    assert_int_equal(portio_read(0x303, 8, &value), PORTIO_OK);
    assert_int_equal(portio_write(0x304, 32, 0x01020304u), PORTIO_OK);
    assert_int_equal(portio_read(0x300, 32, &value), PORTIO_OK);
    assert_int_equal(portio_write(0x301, 8, 0x5A), PORTIO_OK);

    assert_int_equal(portio_mock_log(entries, 8), 5);
    assert_access(&entries[0], 0x306, 16, PORTIO_MOCK_WRITE, 0xBEEF);
    assert_access(&entries[1], 0x303, 8, PORTIO_MOCK_READ, 0xFF);
    assert_access(&entries[2], 0x304, 32, PORTIO_MOCK_WRITE, 0x01020304u);
    assert_access(&entries[3], 0x300, 32, PORTIO_MOCK_READ, 0xFFFFFFFFu);
    assert_access(&entries[4], 0x301, 8, PORTIO_MOCK_WRITE, 0x5A);
}

static void log_records_each_string_element_as_one_entry(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x11223344u};
    static const uint8_t bytes[3] = {0xA1, 0xB2, 0xC3};
    static const uint16_t words[2] = {0x1234, 0xABCD};
    uint32_t longs[2] = {0};
    portio_mock_access entries[8];
    assert_int_equal(portio_mock_attach(0x300, 8, probe_read, probe_write, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 8), PORTIO_OK);

    portio_outsb(0x301, bytes, 3);
    portio_outsw(0x302, words, 2);
    portio_insl(0x304, longs, 2);

    assert_int_equal(portio_mock_log(entries, 8), 7);
    assert_access(&entries[0], 0x301, 8, PORTIO_MOCK_WRITE, 0xA1);
    assert_access(&entries[1], 0x301, 8, PORTIO_MOCK_WRITE, 0xB2);
    assert_access(&entries[2], 0x301, 8, PORTIO_MOCK_WRITE, 0xC3);
    assert_access(&entries[3], 0x302, 16, PORTIO_MOCK_WRITE, 0x1234);
    assert_access(&entries[4], 0x302, 16, PORTIO_MOCK_WRITE, 0xABCD);
    assert_access(&entries[5], 0x304, 32, PORTIO_MOCK_READ, 0x11223344u);
    assert_access(&entries[6], 0x304, 32, PORTIO_MOCK_READ, 0x11223344u);
    assert_int_equal(longs[0], 0x11223344u);
    assert_int_equal(longs[1], 0x11223344u);
}

static void log_keeps_the_first_capacity_entries(void **state)
{
    (void)state;
    const size_t total = PORTIO_MOCK_LOG_CAPACITY + 10;
    assert_int_equal(portio_enable(0x300, 2), PORTIO_OK);
    for (size_t i = 0; i < total; i++)
        portio_outw(0x300, (uint16_t)i);

    assert_int_equal(portio_mock_log(NULL, 0), PORTIO_MOCK_LOG_CAPACITY);
    for (size_t i = 0; i < PORTIO_MOCK_LOG_CAPACITY + 1; i++)
        big_log[i] = (portio_mock_access){.port = 0xDEAD, .value = 0xDEADBEEFu};
    assert_int_equal(portio_mock_log(big_log, total), PORTIO_MOCK_LOG_CAPACITY);
    for (size_t i = 0; i < PORTIO_MOCK_LOG_CAPACITY; i++)
        assert_access(&big_log[i], 0x300, 16, PORTIO_MOCK_WRITE, (uint32_t)i);
    /* nothing past what the log holds was copied */
    assert_int_equal(big_log[PORTIO_MOCK_LOG_CAPACITY].port, 0xDEAD);
    assert_int_equal(big_log[PORTIO_MOCK_LOG_CAPACITY].value, 0xDEADBEEFu);
}

static void log_copies_at_most_max_entries(void **state)
{
    (void)state;
    portio_mock_access entries[5];
    for (size_t i = 0; i < 5; i++)
        entries[i] = (portio_mock_access){.port = 0xDEAD, .value = 0xDEADBEEFu};
    assert_int_equal(portio_enable(0x300, 1), PORTIO_OK);
    for (uint8_t i = 1; i <= 5; i++)
        portio_outb(0x300, i);

    assert_int_equal(portio_mock_log(entries, 2), 5);
    assert_access(&entries[0], 0x300, 8, PORTIO_MOCK_WRITE, 1);
    assert_access(&entries[1], 0x300, 8, PORTIO_MOCK_WRITE, 2);
    for (size_t i = 2; i < 5; i++) {
        assert_int_equal(entries[i].port, 0xDEAD);
        assert_int_equal(entries[i].value, 0xDEADBEEFu);
    }
}

static void log_clear_empties_the_log(void **state)
{
    (void)state;
    portio_mock_access entries[2];
    assert_int_equal(portio_enable(0x300, 1), PORTIO_OK);
    portio_outb(0x300, 0x01);
    portio_outb(0x300, 0x02);
    assert_int_equal(portio_mock_log(NULL, 0), 2);

    portio_mock_log_clear();
    assert_int_equal(portio_mock_log(NULL, 0), 0);

    /* logging starts again from the beginning */
    portio_outb(0x300, 0x03);
    assert_int_equal(portio_mock_log(entries, 2), 1);
    assert_access(&entries[0], 0x300, 8, PORTIO_MOCK_WRITE, 0x03);
}

static void reset_detaches_devices_clears_log_and_disables_ranges(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x42};
    uint32_t value = 0x12345678u;
    assert_int_equal(portio_mock_attach(0x300, 4, probe_read, probe_write, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 4), PORTIO_OK);
    assert_int_equal(portio_enable(0x80, 1), PORTIO_OK);
    assert_int_equal(portio_inb(0x300), 0x42);
    assert_int_equal(portio_mock_log(NULL, 0), 1);
    assert_string_equal(portio_backend(), "mock");

    portio_mock_reset();

    assert_int_equal(portio_mock_log(NULL, 0), 0);
    assert_int_equal(portio_read(0x300, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(0x80, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_write(0x301, 8, 0), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 0x12345678u);
    /* the device is gone: its range is free, and its port reads all ones */
    assert_int_equal(portio_mock_attach(0x300, 4, NULL, NULL, NULL), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 4), PORTIO_OK);
    assert_int_equal(portio_inb(0x300), 0xFF);
    assert_int_equal(probe.reads, 1);
    assert_int_equal(probe.writes, 0);
}

static void reset_clears_the_unenabled_count(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x80, 1), PORTIO_OK);
    portio_outb(0x300, 0x01);
    assert_int_equal(portio_mock_unenabled_accesses(), 1);
    portio_mock_reset();
    assert_int_equal(portio_mock_unenabled_accesses(), 0);
}

static void fast_write_to_unenabled_port_is_not_performed(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x42};
    assert_int_equal(portio_mock_attach(0x300, 4, probe_read, probe_write, &probe), PORTIO_OK);
    /* the mock is in use, but not for 0x300 */
    assert_int_equal(portio_enable(0x80, 1), PORTIO_OK);
    assert_int_equal(portio_mock_unenabled_accesses(), 0);

    portio_outb(0x300, 0x11);
    assert_int_equal(portio_mock_unenabled_accesses(), 1);
    assert_last_error_contains("not enabled");
    portio_outw(0x300, 0x2222);
    portio_outl(0x300, 0x33333333u);
    assert_int_equal(probe.writes, 0);
    assert_int_equal(portio_mock_unenabled_accesses(), 3);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

static void fast_read_from_unenabled_port_reads_all_ones(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x12345678u};
    assert_int_equal(portio_mock_attach(0x300, 4, probe_read, probe_write, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x80, 1), PORTIO_OK);

    assert_int_equal(portio_inb(0x300), 0xFF);
    assert_int_equal(portio_mock_unenabled_accesses(), 1);
    assert_last_error_contains("not enabled");
    assert_int_equal(portio_inw(0x302), 0xFFFF);
    assert_int_equal(portio_inl(0x300), 0xFFFFFFFFu);
    assert_int_equal(probe.reads, 0);
    assert_int_equal(portio_mock_unenabled_accesses(), 3);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

static void fast_access_reaching_past_enabled_range_is_not_performed(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x12345678u};
    assert_int_equal(portio_mock_attach(0x300, 4, probe_read, probe_write, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 1), PORTIO_OK);
    /* only the first byte of these is enabled */
    assert_int_equal(portio_inw(0x300), 0xFFFF);
    portio_outl(0x300, 0x01020304u);
    assert_int_equal(probe.reads + probe.writes, 0);
    assert_int_equal(portio_mock_unenabled_accesses(), 2);
    /* the byte itself is fine */
    assert_int_equal(portio_inb(0x300), 0x78);
    assert_int_equal(portio_mock_unenabled_accesses(), 2);
}

static void refused_checked_access_is_not_an_unenabled_access(void **state)
{
    (void)state;
    struct probe probe = {.answer = 0x42};
    uint32_t value = 0;
    assert_int_equal(portio_mock_attach(0x300, 4, probe_read, probe_write, &probe), PORTIO_OK);
    assert_int_equal(portio_enable(0x80, 1), PORTIO_OK);
    assert_int_equal(portio_read(0x300, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_write(0x300, 16, 0x1234), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_mock_unenabled_accesses(), 0);
    assert_int_equal(probe.reads + probe.writes, 0);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

static void backend_is_mock_after_enabling(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "mock");
}

/* ---- The simulated clock ---- */

static void clock_reads_0_after_reset(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x300, 4), PORTIO_OK);
    portio_outb(0x300, 1);
    assert_true(portio_mock_time_us() > 0);
    portio_mock_reset();
    assert_int_equal(portio_mock_time_us(), 0);
}

static void every_access_advances_the_clock_by_access_us(void **state)
{
    (void)state;
    uint8_t bytes[4] = {1, 2, 3, 4};
    uint32_t value;
    assert_int_equal(portio_enable(0x300, 4), PORTIO_OK);
    uint64_t start = portio_mock_time_us();
    (void)portio_inb(0x300);
    portio_outw(0x300, 0x1234);
    assert_int_equal(portio_read(0x300, 32, &value), PORTIO_OK);
    assert_int_equal(portio_write(0x301, 8, 0x55), PORTIO_OK);
    portio_insb(0x300, bytes, 4); /* one access per element */
    portio_outsb(0x300, bytes, 3);
    assert_int_equal(portio_mock_time_us() - start, 11 * PORTIO_MOCK_ACCESS_US);
}

static void refused_accesses_take_no_time(void **state)
{
    (void)state;
    uint32_t value;
    uint64_t start = portio_mock_time_us();
    (void)portio_inb(0x300); /* not enabled */
    portio_outb(0x300, 1);
    assert_int_equal(portio_read(0x300, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_mock_time_us(), start);
}

/* Reads return the low byte of the clock: callbacks may read it. */
static uint32_t clock_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    (void)port;
    (void)width_bits;
    return (uint32_t)portio_mock_time_us();
}

static void device_callbacks_may_read_the_clock(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(0x300, 1, clock_read, NULL, NULL), PORTIO_OK);
    assert_int_equal(portio_enable(0x300, 1), PORTIO_OK);
    uint64_t start = portio_mock_time_us();
    /* the access is counted before the device answers */
    assert_int_equal(portio_inb(0x300), (uint8_t)(start + PORTIO_MOCK_ACCESS_US));
    assert_int_equal(portio_inb(0x300), (uint8_t)(start + 2 * PORTIO_MOCK_ACCESS_US));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, use_empty_mock)
        T(unclaimed_port_reads_all_ones_and_ignores_writes),
        T(attach_callbacks_get_port_width_and_context),
        T(read_value_is_masked_to_the_width),
        T(null_read_callback_reads_all_ones),
        T(null_write_callback_ignores_writes),
        T(attach_refuses_count_zero),
        T(attach_refuses_ranges_past_0xffff),
        T(attach_refuses_overlap_and_names_the_owner),
        T(attach_takes_max_devices_and_refuses_one_more),
        T(log_records_fast_accesses_in_order),
        T(log_records_checked_accesses_in_order),
        T(log_records_each_string_element_as_one_entry),
        T(log_keeps_the_first_capacity_entries),
        T(log_copies_at_most_max_entries),
        T(log_clear_empties_the_log),
        T(reset_detaches_devices_clears_log_and_disables_ranges),
        T(reset_clears_the_unenabled_count),
        T(fast_write_to_unenabled_port_is_not_performed),
        T(fast_read_from_unenabled_port_reads_all_ones),
        T(fast_access_reaching_past_enabled_range_is_not_performed),
        T(refused_checked_access_is_not_an_unenabled_access),
        T(backend_is_mock_after_enabling),
        T(clock_reads_0_after_reset),
        T(every_access_advances_the_clock_by_access_us),
        T(refused_accesses_take_no_time),
        T(device_callbacks_may_read_the_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
