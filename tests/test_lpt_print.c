/* SPDX-License-Identifier: MIT */
/* The lpt_print example on the mock backend: the handshake in batches of
 * 1024 bytes, what the printer receives, a device that stays busy, and the
 * program's input and output. */
#include <stdio.h>
#include <stdlib.h>

#include "lpt_print.h"
#include "example_test_support.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof((argv)[0])))
#define BASE 0x378
#define FILE_SIZE 4096
#define BUSY_STATUS 0x58 /* the default 0xD8 with bit 7, not busy, clear */


static portio_mock_lpt *printer;

/* The mock's printer at 0x378, enabled and prepared. */
static int attach_printer(void **state)
{
    if (use_empty_mock(state) != 0 || portio_mock_add_lpt(BASE, &printer) != PORTIO_OK ||
        portio_enable(BASE, LPT_PRINT_PORT_COUNT) != PORTIO_OK || lpt_print_prepare(BASE) != PORTIO_OK)
        return -1;
    reset_batch_count();
    return 0;
}

/* Every byte value 16 times, in 16 orders: block k, byte j is
 * (j * (2k + 1) + k) mod 256. */
static const uint8_t *every_byte_value(void)
{
    static uint8_t data[FILE_SIZE];
    for (unsigned k = 0; k < FILE_SIZE / 256; k++)
        for (unsigned j = 0; j < 256; j++)
            data[k * 256 + j] = (uint8_t)(j * (2 * k + 1) + k);
    return data;
}

static size_t take_printed(uint8_t *out, size_t max)
{
    size_t total = 0, count;
    while (total < max && (count = portio_mock_lpt_take_printed(printer, out + total, max - total)) > 0)
        total += count;
    return total;
}

/* ---- A printer that takes so many bytes and then stays busy --------------- */

struct tiring_printer {
    uint16_t base;
    uint8_t data, control;
    size_t capacity;
    size_t count;
    uint8_t received[FILE_SIZE];
};

static uint32_t tiring_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)width_bits;
    const struct tiring_printer *device = context;
    if (port == device->base)
        return device->data;
    if (port == device->base + 1)
        return device->count < device->capacity ? 0xD8 : BUSY_STATUS;
    return device->control | 0xC0u;
}

static void tiring_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)width_bits;
    struct tiring_printer *device = context;
    if (port == device->base) {
        device->data = (uint8_t)value;
    } else if (port == device->base + 2) {
        /* A strobe's rising edge, busy or not: the count shows whether the
         * example strobed a busy device. */
        if ((value & 1) && !(device->control & 1) && device->count < sizeof device->received)
            device->received[device->count++] = device->data;
        device->control = (uint8_t)value;
    }
}

static void attach_tiring_printer(struct tiring_printer *device, uint16_t base, size_t capacity)
{
    *device = (struct tiring_printer){.base = base, .control = 0x0C, .capacity = capacity};
    assert_int_equal(portio_mock_attach(base, 3, tiring_read, tiring_write, device), PORTIO_OK);
    assert_int_equal(portio_enable(base, LPT_PRINT_PORT_COUNT), PORTIO_OK);
}

/* ---- Sending -------------------------------------------------------------- */

static void prints_every_byte_value_in_order(void **state)
{
    (void)state;
    const uint8_t *data = every_byte_value();
    struct lpt_print_result result;
    assert_int_equal(lpt_print_send(BASE, data, FILE_SIZE, &result), PORTIO_OK);
    assert_int_equal(result.bytes_sent, FILE_SIZE);
    static uint8_t printed[FILE_SIZE + 1];
    assert_int_equal(take_printed(printed, sizeof printed), FILE_SIZE);
    assert_memory_equal(printed, data, FILE_SIZE);
    /* 1024 bytes, 4096 ops, per batch */
    assert_batches(FILE_SIZE / LPT_PRINT_BYTES_PER_BATCH);

    /* The handshake of the first two bytes: control set up, wait for "not
     * busy", data, strobe up and down; the printer is busy after a strobe. */
    static portio_mock_access log[16];
    assert_true(portio_mock_log(log, 16) >= 16);
    assert_access(&log[0], BASE + 2, 8, PORTIO_MOCK_WRITE, 0x0C);
    assert_access(&log[1], BASE + 1, 8, PORTIO_MOCK_READ, 0xD8);
    assert_access(&log[2], BASE, 8, PORTIO_MOCK_WRITE, data[0]);
    assert_access(&log[3], BASE + 2, 8, PORTIO_MOCK_WRITE, 0x0D);
    assert_access(&log[4], BASE + 2, 8, PORTIO_MOCK_WRITE, 0x0C);
    for (size_t i = 0; i < PORTIO_MOCK_LPT_BUSY_READS; i++) {
        assert_int_equal(log[5 + i].port, BASE + 1);
        assert_int_equal(log[5 + i].value & 0x80, 0);
    }
    size_t next = 5 + PORTIO_MOCK_LPT_BUSY_READS;
    assert_access(&log[next], BASE + 1, 8, PORTIO_MOCK_READ, 0xD8);
    assert_access(&log[next + 1], BASE, 8, PORTIO_MOCK_WRITE, data[1]);
}

static void nothing_goes_to_a_device_busy_from_the_start(void **state)
{
    (void)state;
    portio_mock_lpt_set_status(printer, BUSY_STATUS);
    portio_mock_log_clear();
    uint64_t start = portio_mock_time_us();
    struct lpt_print_result result;
    assert_int_equal(lpt_print_send(BASE, every_byte_value(), 100, &result), PORTIO_E_TIMEOUT);
    assert_int_equal(result.bytes_sent, 0);
    assert_int_equal(result.printer_status, BUSY_STATUS);
    assert_true(portio_mock_time_us() - start >= LPT_PRINT_BUSY_TIMEOUT_US);
    assert_batches(1);
    uint8_t printed[1];
    assert_int_equal(take_printed(printed, sizeof printed), 0);
    /* it only ever looked at the status */
    static portio_mock_access log[64];
    size_t length = portio_mock_log(log, 64);
    assert_true(length > 0);
    for (size_t i = 0; i < length && i < 64; i++)
        assert_access(&log[i], BASE + 1, 8, PORTIO_MOCK_READ, BUSY_STATUS);
    char text[256];
    assert_string_equal(lpt_print_describe(&result, BASE, 0, text, sizeof text),
                        "the device at 0x0378 stayed busy for 1 s (status 0x58: busy); 0 bytes were "
                        "sent");
}

/* Busy for good after 1500 bytes: the second batch stops at its byte 476,
 * the third at its first. */
static void counts_the_bytes_before_a_device_that_stays_busy(void **state)
{
    (void)state;
    static struct tiring_printer device;
    attach_tiring_printer(&device, 0x278, 1500);
    const uint8_t *data = every_byte_value();
    struct lpt_print_result result;
    assert_int_equal(lpt_print_send(0x278, data, 3000, &result), PORTIO_E_TIMEOUT);
    assert_int_equal(result.bytes_sent, 1500);
    assert_int_equal(result.printer_status, BUSY_STATUS);
    assert_int_equal(device.count, 1500);
    assert_memory_equal(device.received, data, 1500);
    assert_batches(3);
}

/* Busy between two sends, as between two blocks of a file: the count of
 * the earlier ones goes into the message. */
static void message_counts_earlier_bytes(void **state)
{
    (void)state;
    const uint8_t *data = every_byte_value();
    struct lpt_print_result result;
    assert_int_equal(lpt_print_send(BASE, data, 1024, &result), PORTIO_OK);
    portio_mock_lpt_set_status(printer, 0x78); /* busy and paper out */
    assert_int_equal(lpt_print_send(BASE, data + 1024, 100, &result), PORTIO_E_TIMEOUT);
    assert_int_equal(result.bytes_sent, 0);
    char text[256];
    assert_string_equal(lpt_print_describe(&result, BASE, 1024, text, sizeof text),
                        "the device at 0x0378 stayed busy for 1 s (status 0x78: busy, paper out); "
                        "1024 bytes were sent");
    static uint8_t printed[FILE_SIZE];
    assert_int_equal(take_printed(printed, sizeof printed), 1024);
}

static void ports_not_enabled_are_portio_s_refusal(void **state)
{
    (void)state;
    assert_int_equal(portio_disable(BASE, LPT_PRINT_PORT_COUNT), PORTIO_OK);
    struct lpt_print_result result;
    assert_int_equal(lpt_print_send(BASE, every_byte_value(), 10, &result), PORTIO_E_NOT_ENABLED);
    assert_int_equal(result.bytes_sent, 0);
    char text[640];
    assert_contains(lpt_print_describe(&result, BASE, 0, text, sizeof text), "0x0379");
}

/* ---- The program ---------------------------------------------------------- */

struct captured {
    int exit_status;
    size_t out_length;
    uint8_t out[FILE_SIZE + 16];
    char err[1024];
};

static FILE *input_of(const uint8_t *data, size_t size)
{
    FILE *in = temporary_stream();
    assert_int_equal(fwrite(data, 1, size, in), size);
    rewind(in);
    return in;
}

/* A fresh mock: the program attaches its own printer with --simulate. */
static void run_program(int argc, char **argv, FILE *in, struct captured *result)
{
    portio_mock_reset();
    FILE *out = temporary_stream(), *err = temporary_stream();
    result->exit_status = lpt_print_run(argc, argv, in, out, err);
    result->out_length = read_bytes_back(out, result->out, sizeof result->out);
    read_text_back(err, result->err, sizeof result->err);
}

static void program_prints_standard_input(void **state)
{
    (void)state;
    const uint8_t *data = every_byte_value();
    FILE *in = input_of(data, FILE_SIZE);
    char *argv[] = {"lpt_print", "--simulate"};
    static struct captured run;
    run_program(ARGC(argv), argv, in, &run);
    fclose(in);
    assert_int_equal(run.exit_status, 0);
    assert_string_equal(run.err, "");
    assert_int_equal(run.out_length, FILE_SIZE);
    assert_memory_equal(run.out, data, FILE_SIZE);
}

static void program_prints_a_file(void **state)
{
    (void)state;
    static const char path[] = "test_lpt_print_input.bin";
    const uint8_t *data = every_byte_value();
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(data, 1, 3000, file), 3000);
    assert_int_equal(fclose(file), 0);
    char *argv[] = {"lpt_print", "--base", "0x3bc", (char *)(uintptr_t)path, "--simulate"};
    static struct captured run;
    run_program(ARGC(argv), argv, NULL, &run);
    remove(path);
    assert_int_equal(run.exit_status, 0);
    assert_int_equal(run.out_length, 3000);
    assert_memory_equal(run.out, data, 3000);
    /* at the base given */
    portio_mock_access first;
    assert_true(portio_mock_log(&first, 1) > 0);
    assert_access(&first, 0x3BE, 8, PORTIO_MOCK_WRITE, 0x0C);
}

static void stream_says_how_many_bytes_went(void **state)
{
    (void)state;
    static struct tiring_printer device;
    attach_tiring_printer(&device, 0x278, 1500);
    FILE *in = input_of(every_byte_value(), 3000), *err = temporary_stream();
    assert_int_equal(lpt_print_stream(0x278, in, "standard input", NULL, NULL, err), 1);
    fclose(in);
    char text[512];
    read_text_back(err, text, sizeof text);
    assert_string_equal(text, "lpt_print: the device at 0x0278 stayed busy for 1 s (status 0x58: "
                              "busy); 1500 bytes were sent\n");
}

static void program_refuses_bad_command_lines(void **state)
{
    (void)state;
    static const struct {
        const char *words[4];
        int exit_status;
        const char *message;
    } cases[] = {
        {{"a.txt", "b.txt"}, 2, "lpt_print: too many arguments"},
        {{"--base", "0xfffe"}, 2, "lpt_print: base 0xfffe leaves no room for the port's 3 registers"},
        {{"--base", "0x10000"}, 2, "the base port \"0x10000\" is too large"},
        {{"--fast"}, 2, "lpt_print: unknown option \"--fast\""},
        {{"--backend", "mock"}, 2, "--simulate chooses the mock backend"},
        {{"no/such/file.txt"}, 1, "lpt_print: cannot open no/such/file.txt: "},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char *argv[6] = {"lpt_print", "--simulate"};
        int argc = 2;
        for (size_t w = 0; w < 4 && cases[c].words[w]; w++)
            argv[argc++] = (char *)(uintptr_t)cases[c].words[w];
        static struct captured run;
        run_program(argc, argv, NULL, &run);
        assert_int_equal(run.exit_status, cases[c].exit_status);
        assert_int_equal(run.out_length, 0);
        assert_contains(run.err, cases[c].message);
        assert_int_equal(portio_mock_log(NULL, 0), 0);
    }
}

int main(void)
{
#define T(name) cmocka_unit_test_setup(name, attach_printer)
    const struct CMUnitTest tests[] = {
        T(prints_every_byte_value_in_order),
        T(nothing_goes_to_a_device_busy_from_the_start),
        T(counts_the_bytes_before_a_device_that_stays_busy),
        T(message_counts_earlier_bytes),
        T(ports_not_enabled_are_portio_s_refusal),
        T(program_prints_standard_input),
        T(program_prints_a_file),
        T(stream_says_how_many_bytes_went),
        T(program_refuses_bad_command_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
