/* SPDX-License-Identifier: MIT
 *
 * Every export of portio's inpout32.dll/inpoutx64.dll on the mock: the
 * DLL's sources (compat/inpout32) are built into this program with portio
 * static, so that they and the test share the mock. Messages are captured
 * on stderr and through the OutputDebugString seam (inpout_debug_output).
 * Windows only (under Wine here).
 */
#include "test_support.h"

#include "inpout32.h"
#include "inpout_ports.h"
#include "stderr_capture.h"

static int debug_messages;
static char debug_text[2048];
static void capture_debug_output(const char *text)
{
    debug_messages++;
    snprintf(debug_text, sizeof debug_text, "%s", text);
}

static int setup(void **state)
{
    debug_messages = 0;
    debug_text[0] = '\0';
    inpout_debug_output = capture_debug_output;
    return use_empty_mock(state);
}

static portio_mock_lpt *lpt_at(uint16_t base)
{
    portio_mock_lpt *lpt = NULL;
    assert_int_equal(portio_mock_add_lpt(base, &lpt), PORTIO_OK);
    return lpt;
}

static int enabled(uint16_t port, unsigned width_bits)
{
    uint32_t value;
    return portio_read(port, width_bits, &value) == PORTIO_OK;
}

/* Keeps what is written, per width; reads give it back. */
static uint32_t last_written;
static uint32_t register_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    (void)port;
    return width_bits == 32 ? last_written : last_written & ((1u << width_bits) - 1u);
}
static void register_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)context;
    (void)port;
    (void)width_bits;
    last_written = value;
}

static void out32_and_inp32_write_and_read_the_lpt_latch(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at(0x378);
    static const short values[] = {0x55, 0xAA, 0x00, 0xFF, 0x3C};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        Out32(0x378, values[i]);
        assert_int_equal(portio_mock_lpt_data(lpt), values[i]);
        assert_int_equal(Inp32(0x378), values[i]);
    }
    assert_int_equal(Inp32(0x379), 0xD8);
}

static void inp32_returns_the_byte_zero_extended(void **state)
{
    (void)state;
    (void)lpt_at(0x378);
    Out32(0x378, 0xF0);
    short value = Inp32(0x378);
    assert_int_equal(value, 0x00F0);
    assert_true(value > 0);
}

static void out32_writes_the_low_byte_of_data(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at(0x378);
    Out32(0x378, (short)0x12A5);
    assert_int_equal(portio_mock_lpt_data(lpt), 0xA5);
    portio_mock_access log[2];
    assert_int_equal(portio_mock_log(log, 2), 1);
    assert_access(&log[0], 0x378, 8, PORTIO_MOCK_WRITE, 0xA5);
}

static void the_port_is_the_low_16_bits_of_the_argument(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at(0xD010);
    Out32((short)0xD010, 0x5A);
    assert_int_equal(portio_mock_lpt_data(lpt), 0x5A);
    assert_int_equal(Inp32((short)0xD010), 0x5A);
    assert_int_equal(DlPortReadPortUlong(0x1D010u) & 0xFF, 0x5A);
    portio_mock_access log[4];
    assert_int_equal(portio_mock_log(log, 4), 3);
    assert_access(&log[0], 0xD010, 8, PORTIO_MOCK_WRITE, 0x5A);
    assert_int_equal(log[1].port, 0xD010);
    assert_int_equal(log[2].port, 0xD010);
    assert_int_equal(log[2].width_bits, 32);
}

static void dlport_functions_make_one_access_of_their_width(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(0x1000, 4, register_read, register_write, NULL), PORTIO_OK);
    DlPortWritePortUchar(0x1000, 0xA7);
    assert_int_equal(DlPortReadPortUchar(0x1000), 0xA7);
    DlPortWritePortUshort(0x1000, 0xBEEF);
    assert_int_equal(DlPortReadPortUshort(0x1000), 0xBEEF);
    DlPortWritePortUlong(0x1000, 0xCAFEF00Du);
    assert_int_equal(DlPortReadPortUlong(0x1000), 0xCAFEF00Du);
    portio_mock_access log[8];
    assert_int_equal(portio_mock_log(log, 8), 6);
    assert_access(&log[0], 0x1000, 8, PORTIO_MOCK_WRITE, 0xA7);
    assert_access(&log[1], 0x1000, 8, PORTIO_MOCK_READ, 0xA7);
    assert_access(&log[2], 0x1000, 16, PORTIO_MOCK_WRITE, 0xBEEF);
    assert_access(&log[3], 0x1000, 16, PORTIO_MOCK_READ, 0xBEEF);
    assert_access(&log[4], 0x1000, 32, PORTIO_MOCK_WRITE, 0xCAFEF00Du);
    assert_access(&log[5], 0x1000, 32, PORTIO_MOCK_READ, 0xCAFEF00Du);
}

static void first_use_enables_exactly_the_bytes_of_the_access(void **state)
{
    (void)state;
    (void)Inp32(0x2000);
    assert_true(enabled(0x2000, 8));
    assert_false(enabled(0x2001, 8));
    DlPortWritePortUshort(0x2010, 0);
    assert_true(enabled(0x2010, 16));
    assert_false(enabled(0x200F, 8));
    assert_false(enabled(0x2012, 8));
    (void)DlPortReadPortUlong(0x2020);
    assert_true(enabled(0x2020, 32));
    assert_false(enabled(0x201F, 8));
    assert_false(enabled(0x2024, 8));
}

static void refused_ports_read_all_ones_write_nothing_and_are_told_once(void **state)
{
    (void)state;
    struct stderr_capture capture;
    char text[8192];
    stderr_capture_start(&capture, "test_inpout32.stderr");
    /* Past the end of the port space: portio refuses the enable. */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(DlPortReadPortUshort(0xFFFF), 0xFFFF);
        assert_int_equal(DlPortReadPortUlong(0xFFFE), 0xFFFFFFFFu);
        DlPortWritePortUlong(0xFFFD, 0x12345678);
    }
    stderr_capture_stop(&capture, text, sizeof text);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
    assert_int_equal(count_occurrences(text, "port 0xFFFF refused"), 1);
    assert_int_equal(count_occurrences(text, "port 0xFFFE refused"), 1);
    assert_int_equal(count_occurrences(text, "port 0xFFFD refused (32-bit write; nothing was written)"), 1);
    assert_contains(text, "inpoutx64.dll: ");
    assert_contains(text, "past port 0xFFFF");
    assert_int_equal(debug_messages, 3);
}

static void a_port_the_driver_refuses_reads_0x00ff_and_is_tried_again(void **state)
{
    (void)state;
    struct stderr_capture capture;
    char text[8192];
    /* portio's driver backend, with no driver under Wine: refused. */
    assert_int_equal(portio_use_backend("driver"), PORTIO_OK);
    stderr_capture_start(&capture, "test_inpout32.stderr");
    assert_int_equal(Inp32(0x3BC), 0x00FF);
    Out32(0x3BC, 0x42);
    assert_int_equal(Inp32(0x3BC), 0x00FF);
    stderr_capture_stop(&capture, text, sizeof text);
    assert_int_equal(count_occurrences(text, "port 0x03BC refused"), 1);
    assert_contains(text, "port 0x03BC refused (8-bit read; it reads as all ones)");
    assert_contains(text, "driver");
    assert_int_equal(debug_messages, 1);
    /* The driver came (here: the mock): the next use enables the port. */
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
    portio_mock_lpt *lpt = lpt_at(0x3BC);
    Out32(0x3BC, 0x42);
    assert_int_equal(portio_mock_lpt_data(lpt), 0x42);
    assert_int_equal(Inp32(0x3BC), 0x42);
    assert_int_equal(debug_messages, 1);
}

static void memory_functions_refuse_with_error_not_supported_and_tell_once(void **state)
{
    (void)state;
    struct stderr_capture capture;
    char text[8192];
    BYTE memory[8] = {0};
    DWORD value = 0x12345678;
    stderr_capture_start(&capture, "test_inpout32.stderr");
    for (int i = 0; i < 2; i++) {
        HANDLE handle = (HANDLE)(intptr_t)1;
        SetLastError(0);
        assert_null(MapPhysToLin((PBYTE)(uintptr_t)0xA0000, 0x1000, &handle));
        assert_int_equal(GetLastError(), ERROR_NOT_SUPPORTED);
        assert_null(handle);
        assert_null(MapPhysToLin((PBYTE)(uintptr_t)0xA0000, 0x1000, NULL));
        SetLastError(0);
        assert_false(UnmapPhysicalMemory(NULL, memory));
        assert_int_equal(GetLastError(), ERROR_NOT_SUPPORTED);
        SetLastError(0);
        assert_false(GetPhysLong((PBYTE)(uintptr_t)0xF0000, &value));
        assert_int_equal(GetLastError(), ERROR_NOT_SUPPORTED);
        assert_int_equal(value, 0x12345678);
        SetLastError(0);
        assert_false(GetPhysLong(NULL, NULL));
        assert_int_equal(GetLastError(), ERROR_NOT_SUPPORTED);
        SetLastError(0);
        assert_false(SetPhysLong((PBYTE)(uintptr_t)0xF0000, 1));
        assert_int_equal(GetLastError(), ERROR_NOT_SUPPORTED);
    }
    stderr_capture_stop(&capture, text, sizeof text);
    assert_int_equal(count_occurrences(text, "does not map physical memory"), 1);
    assert_int_equal(debug_messages, 1);
    assert_contains(debug_text, "portio does not map physical memory");
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

static void is_inpout_driver_open_is_true_when_portio_serves(void **state)
{
    (void)state;
    assert_true(IsInpOutDriverOpen());
}

static void is_xp64bit_is_true_on_64_bit_windows(void **state)
{
    (void)state;
    assert_int_equal(IsXP64Bit(), sizeof(void *) == 8 ? TRUE : FALSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(out32_and_inp32_write_and_read_the_lpt_latch, setup),
        cmocka_unit_test_setup(inp32_returns_the_byte_zero_extended, setup),
        cmocka_unit_test_setup(out32_writes_the_low_byte_of_data, setup),
        cmocka_unit_test_setup(the_port_is_the_low_16_bits_of_the_argument, setup),
        cmocka_unit_test_setup(dlport_functions_make_one_access_of_their_width, setup),
        cmocka_unit_test_setup(first_use_enables_exactly_the_bytes_of_the_access, setup),
        cmocka_unit_test_setup(refused_ports_read_all_ones_write_nothing_and_are_told_once, setup),
        cmocka_unit_test_setup(a_port_the_driver_refuses_reads_0x00ff_and_is_tried_again, setup),
        cmocka_unit_test_setup(memory_functions_refuse_with_error_not_supported_and_tell_once, setup),
        cmocka_unit_test_setup(is_inpout_driver_open_is_true_when_portio_serves, setup),
        cmocka_unit_test_setup(is_xp64bit_is_true_on_64_bit_windows, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
