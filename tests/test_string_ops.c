/* SPDX-License-Identifier: MIT */
/* The string forms (portio_insb ... portio_outsl) on the mock, with a device
 * model that records every write and answers reads from a sequence. */
#include "test_support.h"

#define PORT 0x300
#define MAX_CALLS 32

struct recorder {
    const uint32_t *sequence; /* what successive reads return */
    size_t sequence_length;
    size_t reads;
    uint16_t read_port[MAX_CALLS];
    unsigned read_width[MAX_CALLS];
    size_t writes;
    uint16_t write_port[MAX_CALLS];
    unsigned write_width[MAX_CALLS];
    uint32_t write_value[MAX_CALLS];
};

static uint32_t recorder_read(void *context, uint16_t port, unsigned width_bits)
{
    struct recorder *recorder = context;
    size_t i = recorder->reads++;
    if (i >= MAX_CALLS)
        return 0;
    recorder->read_port[i] = port;
    recorder->read_width[i] = width_bits;
    return i < recorder->sequence_length ? recorder->sequence[i] : 0;
}

static void recorder_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    struct recorder *recorder = context;
    size_t i = recorder->writes++;
    if (i >= MAX_CALLS)
        return;
    recorder->write_port[i] = port;
    recorder->write_width[i] = width_bits;
    recorder->write_value[i] = value;
}

/* A recorder attached at PORT..PORT+3; `enable` says whether those ports are
 * enabled. Another port is always enabled, so that the mock is in use. */
static void attach_recorder(struct recorder *recorder, const uint32_t *sequence, size_t length,
                            int enable)
{
    *recorder = (struct recorder){.sequence = sequence, .sequence_length = length};
    assert_int_equal(portio_mock_attach(PORT, 4, recorder_read, recorder_write, recorder),
                     PORTIO_OK);
    assert_int_equal(portio_enable(0x80, 1), PORTIO_OK);
    if (enable)
        assert_int_equal(portio_enable(PORT, 4), PORTIO_OK);
}

static void assert_log_is(size_t count, unsigned width_bits, int direction,
                          const uint32_t *values)
{
    portio_mock_access entries[MAX_CALLS];
    assert_true(count <= MAX_CALLS);
    assert_int_equal(portio_mock_log(entries, MAX_CALLS), count);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(entries[i].port, PORT);
        assert_int_equal(entries[i].width_bits, width_bits);
        assert_int_equal(entries[i].direction, direction);
        assert_int_equal(entries[i].value, values[i]);
    }
}

static void assert_writes_are(const struct recorder *recorder, size_t count, unsigned width_bits,
                              const uint32_t *values)
{
    assert_int_equal(recorder->writes, count);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(recorder->write_port[i], PORT);
        assert_int_equal(recorder->write_width[i], width_bits);
        assert_int_equal(recorder->write_value[i], values[i]);
    }
}

static void assert_reads_are(const struct recorder *recorder, size_t count, unsigned width_bits)
{
    assert_int_equal(recorder->reads, count);
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(recorder->read_port[i], PORT);
        assert_int_equal(recorder->read_width[i], width_bits);
    }
}

static void outsb_writes_the_bytes_in_order_to_one_port(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint8_t bytes[5] = {0x10, 0xFF, 0x00, 0x7E, 0x81};
    static const uint32_t expected[5] = {0x10, 0xFF, 0x00, 0x7E, 0x81};
    attach_recorder(&recorder, NULL, 0, 1);
    portio_outsb(PORT, bytes, 5);
    assert_writes_are(&recorder, 5, 8, expected);
    assert_int_equal(recorder.reads, 0);
    assert_log_is(5, 8, PORTIO_MOCK_WRITE, expected);
}

static void insb_reads_count_elements_from_one_port_in_order(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[6] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB};
    uint8_t buf[6];
    memset(buf, 0xEE, sizeof buf);
    attach_recorder(&recorder, sequence, 6, 1);
    portio_insb(PORT, buf, 4);
    assert_reads_are(&recorder, 4, 8);
    assert_int_equal(recorder.writes, 0);
    static const uint8_t expected[6] = {0x01, 0x23, 0x45, 0x67, 0xEE, 0xEE};
    assert_memory_equal(buf, expected, sizeof buf);
    assert_log_is(4, 8, PORTIO_MOCK_READ, sequence);
}

static void insb_keeps_the_low_byte_of_what_the_device_answers(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[2] = {0x123456A5u, 0xFFFFFF00u};
    uint8_t buf[2] = {0};
    attach_recorder(&recorder, sequence, 2, 1);
    portio_insb(PORT, buf, 2);
    assert_int_equal(buf[0], 0xA5);
    assert_int_equal(buf[1], 0x00);
    static const uint32_t logged[2] = {0xA5, 0x00};
    assert_log_is(2, 8, PORTIO_MOCK_READ, logged);
}

static void insw_stores_16_bit_elements_little_endian(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[3] = {0x1234, 0xABCD, 0x00FF};
    uint8_t buf[8];
    memset(buf, 0xEE, sizeof buf);
    attach_recorder(&recorder, sequence, 3, 1);
    portio_insw(PORT, buf, 3);
    static const uint8_t expected[8] = {0x34, 0x12, 0xCD, 0xAB, 0xFF, 0x00, 0xEE, 0xEE};
    assert_memory_equal(buf, expected, sizeof buf);
    assert_reads_are(&recorder, 3, 16);
    assert_log_is(3, 16, PORTIO_MOCK_READ, sequence);
}

static void insl_stores_32_bit_elements_little_endian(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[2] = {0x12345678u, 0xDEADBEEFu};
    uint8_t buf[12];
    memset(buf, 0xEE, sizeof buf);
    attach_recorder(&recorder, sequence, 2, 1);
    portio_insl(PORT, buf, 2);
    static const uint8_t expected[12] = {0x78, 0x56, 0x34, 0x12, 0xEF, 0xBE,
                                         0xAD, 0xDE, 0xEE, 0xEE, 0xEE, 0xEE};
    assert_memory_equal(buf, expected, sizeof buf);
    assert_reads_are(&recorder, 2, 32);
    assert_log_is(2, 32, PORTIO_MOCK_READ, sequence);
}

static void insw_fills_uint16_elements_with_host_values(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[2] = {0xBEEF, 0x0102};
    uint16_t words[2] = {0, 0};
    attach_recorder(&recorder, sequence, 2, 1);
    portio_insw(PORT, words, 2);
    assert_int_equal(words[0], 0xBEEF);
    assert_int_equal(words[1], 0x0102);
}

static void outsw_sends_16_bit_elements_little_endian(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint8_t bytes[6] = {0x34, 0x12, 0xCD, 0xAB, 0x00, 0x80};
    static const uint32_t expected[3] = {0x1234, 0xABCD, 0x8000};
    attach_recorder(&recorder, NULL, 0, 1);
    portio_outsw(PORT, bytes, 3);
    assert_writes_are(&recorder, 3, 16, expected);
    assert_log_is(3, 16, PORTIO_MOCK_WRITE, expected);
}

static void outsl_sends_32_bit_elements_little_endian(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint8_t bytes[8] = {0x78, 0x56, 0x34, 0x12, 0xEF, 0xBE, 0xAD, 0xDE};
    static const uint32_t expected[2] = {0x12345678u, 0xDEADBEEFu};
    attach_recorder(&recorder, NULL, 0, 1);
    portio_outsl(PORT, bytes, 2);
    assert_writes_are(&recorder, 2, 32, expected);
    assert_log_is(2, 32, PORTIO_MOCK_WRITE, expected);
}

static void outsl_sends_uint32_elements_as_host_values(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t longs[3] = {0xCAFEF00Du, 0x00000001u, 0x80000000u};
    attach_recorder(&recorder, NULL, 0, 1);
    portio_outsl(PORT, longs, 3);
    assert_writes_are(&recorder, 3, 32, longs);
}

static void unaligned_buffers_work_for_ins(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[4] = {0x1234, 0x5678, 0x9ABCDEF0u, 0x0FEDCBA9u};
    uint8_t storage[16];
    memset(storage, 0xEE, sizeof storage);
    attach_recorder(&recorder, sequence, 4, 1);

    portio_insw(PORT, storage + 1, 2);
    static const uint8_t after_insw[6] = {0xEE, 0x34, 0x12, 0x78, 0x56, 0xEE};
    assert_memory_equal(storage, after_insw, sizeof after_insw);

    portio_insl(PORT, storage + 1, 2);
    static const uint8_t after_insl[10] = {0xEE, 0xF0, 0xDE, 0xBC, 0x9A,
                                           0xA9, 0xCB, 0xED, 0x0F, 0xEE};
    assert_memory_equal(storage, after_insl, sizeof after_insl);
    assert_int_equal(recorder.reads, 4);
}

static void unaligned_buffers_work_for_outs(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint8_t storage[16] = {0xEE, 0x34, 0x12, 0x78, 0x56, 0x9A, 0xBC, 0xDE, 0xF0};
    attach_recorder(&recorder, NULL, 0, 1);

    portio_outsw(PORT, storage + 1, 2);
    portio_outsl(PORT, storage + 1, 2);
    portio_outsb(PORT, storage + 1, 1);

    assert_int_equal(recorder.writes, 5);
    assert_int_equal(recorder.write_width[0], 16);
    assert_int_equal(recorder.write_value[0], 0x1234);
    assert_int_equal(recorder.write_value[1], 0x5678);
    assert_int_equal(recorder.write_width[2], 32);
    assert_int_equal(recorder.write_value[2], 0x56781234u);
    assert_int_equal(recorder.write_value[3], 0xF0DEBC9Au);
    assert_int_equal(recorder.write_width[4], 8);
    assert_int_equal(recorder.write_value[4], 0x34);
}

static void count_zero_makes_no_access(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[1] = {0x12};
    uint8_t buf[8];
    memset(buf, 0xEE, sizeof buf);
    attach_recorder(&recorder, sequence, 1, 1);

    portio_insb(PORT, buf, 0);
    portio_insw(PORT, buf, 0);
    portio_insl(PORT, buf, 0);
    portio_outsb(PORT, buf, 0);
    portio_outsw(PORT, buf, 0);
    portio_outsl(PORT, buf, 0);
    /* a NULL buffer is fine with nothing to move */
    portio_insb(PORT, NULL, 0);
    portio_outsl(PORT, NULL, 0);

    assert_int_equal(portio_mock_log(NULL, 0), 0);
    assert_int_equal(recorder.reads + recorder.writes, 0);
    static const uint8_t untouched[8] = {0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE};
    assert_memory_equal(buf, untouched, sizeof buf);
}

static void null_buffer_makes_no_access_and_says_null(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[1] = {0x12};
    attach_recorder(&recorder, sequence, 1, 1);

    portio_insb(PORT, NULL, 3);
    assert_last_error_contains("NULL");
    assert_last_error_contains("portio_insb");
    portio_insw(PORT, NULL, 3);
    assert_last_error_contains("portio_insw");
    portio_insl(PORT, NULL, 3);
    assert_last_error_contains("portio_insl");
    portio_outsb(PORT, NULL, 3);
    assert_last_error_contains("portio_outsb");
    portio_outsw(PORT, NULL, 3);
    assert_last_error_contains("portio_outsw");
    portio_outsl(PORT, NULL, 1);
    assert_last_error_contains("portio_outsl");
    assert_last_error_contains("NULL");

    assert_int_equal(portio_mock_log(NULL, 0), 0);
    assert_int_equal(recorder.reads + recorder.writes, 0);
    assert_int_equal(portio_mock_unenabled_accesses(), 0);
}

static void string_read_from_unenabled_port_fills_with_ones(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[4] = {0x11, 0x22, 0x33, 0x44};
    uint8_t buf[16];
    attach_recorder(&recorder, sequence, 4, 0);

    memset(buf, 0x00, sizeof buf);
    portio_insb(PORT, buf, 3);
    static const uint8_t after_insb[4] = {0xFF, 0xFF, 0xFF, 0x00};
    assert_memory_equal(buf, after_insb, sizeof after_insb);
    assert_last_error_contains("not enabled");

    memset(buf, 0x00, sizeof buf);
    portio_insw(PORT, buf, 2);
    static const uint8_t after_insw[5] = {0xFF, 0xFF, 0xFF, 0xFF, 0x00};
    assert_memory_equal(buf, after_insw, sizeof after_insw);

    memset(buf, 0x00, sizeof buf);
    portio_insl(PORT, buf + 1, 3);
    static const uint8_t after_insl[14] = {0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                           0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
    assert_memory_equal(buf, after_insl, sizeof after_insl);

    assert_int_equal(recorder.reads + recorder.writes, 0);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
    /* each call is one refused fast access */
    assert_int_equal(portio_mock_unenabled_accesses(), 3);
}

static void string_write_to_unenabled_port_calls_no_device(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint8_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    attach_recorder(&recorder, NULL, 0, 0);

    portio_outsb(PORT, bytes, 8);
    assert_last_error_contains("not enabled");
    portio_outsw(PORT, bytes, 4);
    portio_outsl(PORT, bytes, 2);

    assert_int_equal(recorder.reads + recorder.writes, 0);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
    assert_int_equal(portio_mock_unenabled_accesses(), 3);
}

static void string_access_wider_than_the_enabled_port_is_refused(void **state)
{
    (void)state;
    struct recorder recorder;
    static const uint32_t sequence[2] = {0x1234, 0x5678};
    static const uint8_t bytes[4] = {1, 2, 3, 4};
    uint16_t words[2] = {0, 0};
    attach_recorder(&recorder, sequence, 2, 0);
    /* only the first byte of a 16-bit access at PORT */
    assert_int_equal(portio_enable(PORT, 1), PORTIO_OK);

    portio_insw(PORT, words, 2);
    portio_outsw(PORT, bytes, 2);
    assert_int_equal(words[0], 0xFFFF);
    assert_int_equal(words[1], 0xFFFF);
    assert_int_equal(recorder.reads + recorder.writes, 0);
    assert_int_equal(portio_mock_unenabled_accesses(), 2);

    /* bytes are fine there */
    portio_outsb(PORT, bytes, 2);
    assert_int_equal(recorder.writes, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, use_empty_mock)
        T(outsb_writes_the_bytes_in_order_to_one_port),
        T(insb_reads_count_elements_from_one_port_in_order),
        T(insb_keeps_the_low_byte_of_what_the_device_answers),
        T(insw_stores_16_bit_elements_little_endian),
        T(insl_stores_32_bit_elements_little_endian),
        T(insw_fills_uint16_elements_with_host_values),
        T(outsw_sends_16_bit_elements_little_endian),
        T(outsl_sends_32_bit_elements_little_endian),
        T(outsl_sends_uint32_elements_as_host_values),
        T(unaligned_buffers_work_for_ins),
        T(unaligned_buffers_work_for_outs),
        T(count_zero_makes_no_access),
        T(null_buffer_makes_no_access_and_says_null),
        T(string_read_from_unenabled_port_fills_with_ones),
        T(string_write_to_unenabled_port_calls_no_device),
        T(string_access_wider_than_the_enabled_port_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
