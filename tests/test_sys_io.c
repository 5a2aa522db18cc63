/*
 * SPDX-License-Identifier: MIT
 *
 * glibc's <sys/io.h> on portio (compat/sys_io) on the mock: every function,
 * the widths, glibc's value-first order, ioperm's and iopl's ranges and
 * errno, refused accesses (all ones, nothing written, told once per port
 * on standard error), the _p forms' pause at port 0x80 and the string
 * forms. The refusal messages are told once per port for the whole
 * process, so each test that reads them uses ports of its own.
 */
#include "test_support.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#ifdef _WIN32
#include <io.h>
#define dup _dup
#define dup2 _dup2
#define close _close
#define fileno _fileno
#else
#include <unistd.h>
#endif

/* Last: its macros (inb, outb, ...) are glibc's names. */
#include <sys/io.h>

#define DEVICE 0x300 /* a device model at DEVICE..DEVICE+3 */
#define MAX_LOG 512

/* ---- a device that answers reads from a counter --------------------------- */

static uint32_t next_answer;

/* Reads give 0x89ABCDEF at first, then successive values: the width's low
 * bits of it, so that each width shows. */
static uint32_t counting_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    (void)port;
    uint32_t value = next_answer++;
    return width_bits == 32 ? value : value & ((1u << width_bits) - 1u);
}

static int mock_with_device(void **state)
{
    if (use_empty_mock(state) != 0)
        return -1;
    next_answer = 0x89ABCDEFu;
    return portio_mock_attach(DEVICE, 4, counting_read, NULL, NULL) == PORTIO_OK ? 0 : -1;
}

static size_t logged(portio_mock_access *entries)
{
    return portio_mock_log(entries, MAX_LOG);
}

/* ---- standard error, captured --------------------------------------------- */

static int saved_stderr = -1;
static FILE *captured;
static char stderr_text[4096];

static void capture_stderr(void)
{
    fflush(stderr);
    captured = tmpfile();
    assert_non_null(captured);
    saved_stderr = dup(fileno(stderr));
    assert_true(saved_stderr >= 0);
    /* POSIX's dup2 returns the descriptor, Windows' _dup2 0. */
    assert_true(dup2(fileno(captured), fileno(stderr)) >= 0);
}

/* Ends the capture; what was written is in stderr_text. */
static void release_stderr(void)
{
    fflush(stderr);
    dup2(saved_stderr, fileno(stderr));
    close(saved_stderr);
    rewind(captured);
    size_t length = fread(stderr_text, 1, sizeof stderr_text - 1, captured);
    stderr_text[length] = '\0';
    fclose(captured);
}

static size_t line_count(const char *text)
{
    size_t lines = 0;
    for (; *text; text++)
        lines += *text == '\n';
    return lines;
}

/* ---- glibc's types --------------------------------------------------------- */

/* Each name has glibc's exact type: these initialisers do not compile
 * otherwise (and C++ would not link a program built against glibc's). */
static void functions_have_glibcs_types(void **state)
{
    (void)state;
    int (*ioperm_type)(unsigned long int, unsigned long int, int) = ioperm;
    int (*iopl_type)(int) = iopl;
    unsigned char (*inb_type)(unsigned short int) = inb;
    unsigned short int (*inw_type)(unsigned short int) = inw;
    unsigned int (*inl_type)(unsigned short int) = inl;
    void (*outb_type)(unsigned char, unsigned short int) = outb;
    void (*outw_type)(unsigned short int, unsigned short int) = outw;
    void (*outl_type)(unsigned int, unsigned short int) = outl;
    unsigned char (*inb_p_type)(unsigned short int) = inb_p;
    unsigned short int (*inw_p_type)(unsigned short int) = inw_p;
    unsigned int (*inl_p_type)(unsigned short int) = inl_p;
    void (*outb_p_type)(unsigned char, unsigned short int) = outb_p;
    void (*outw_p_type)(unsigned short int, unsigned short int) = outw_p;
    void (*outl_p_type)(unsigned int, unsigned short int) = outl_p;
    void (*ins_type[3])(unsigned short int, void *, unsigned long int) = {insb, insw, insl};
    void (*outs_type[3])(unsigned short int, const void *, unsigned long int) = {outsb, outsw, outsl};
    assert_non_null(ioperm_type);
    assert_non_null(iopl_type);
    assert_non_null(inb_type);
    assert_non_null(inw_type);
    assert_non_null(inl_type);
    assert_non_null(outb_type);
    assert_non_null(outw_type);
    assert_non_null(outl_type);
    assert_non_null(inb_p_type);
    assert_non_null(inw_p_type);
    assert_non_null(inl_p_type);
    assert_non_null(outb_p_type);
    assert_non_null(outw_p_type);
    assert_non_null(outl_p_type);
    assert_non_null(ins_type[2]);
    assert_non_null(outs_type[2]);
}

/* ---- single accesses ------------------------------------------------------- */

static void inb_inw_inl_read_their_width(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    assert_int_equal(ioperm(DEVICE, 4, 1), 0);
    assert_int_equal(inb(DEVICE), 0xEF);
    assert_int_equal(inw(DEVICE), 0xCDF0);
    assert_int_equal(inl(DEVICE), 0x89ABCDF1u);
    assert_int_equal(logged(entries), 3);
    assert_access(&entries[0], DEVICE, 8, PORTIO_MOCK_READ, 0xEF);
    assert_access(&entries[1], DEVICE, 16, PORTIO_MOCK_READ, 0xCDF0);
    assert_access(&entries[2], DEVICE, 32, PORTIO_MOCK_READ, 0x89ABCDF1u);
}

/* outb(value, port): glibc's order, the value first. */
static void outb_outw_outl_take_the_value_first(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    assert_int_equal(ioperm(DEVICE, 4, 1), 0);
    outb(0x5A, DEVICE);
    outw(0x1234, DEVICE + 2);
    outl(0xDEADBEEFu, DEVICE);
    assert_int_equal(logged(entries), 3);
    assert_access(&entries[0], DEVICE, 8, PORTIO_MOCK_WRITE, 0x5A);
    assert_access(&entries[1], DEVICE + 2, 16, PORTIO_MOCK_WRITE, 0x1234);
    assert_access(&entries[2], DEVICE, 32, PORTIO_MOCK_WRITE, 0xDEADBEEFu);
}

static void parallel_port_latch_reads_back(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = NULL;
    assert_int_equal(portio_mock_add_lpt(0x378, &lpt), PORTIO_OK);
    assert_int_equal(ioperm(0x378, 3, 1), 0);
    outb(0xA5, 0x378);
    assert_int_equal(portio_mock_lpt_data(lpt), 0xA5);
    assert_int_equal(inb(0x378), 0xA5);
    assert_int_equal(inb(0x379), 0xD8);
    assert_int_equal(inb(0x37A), 0xCC);
}

/* ---- ioperm ---------------------------------------------------------------- */

static void ioperm_enables_exactly_its_range(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    assert_int_equal(ioperm(DEVICE + 1, 2, 1), 0);
    uint32_t value = 0;
    assert_int_equal(portio_read(DEVICE + 1, 16, &value), PORTIO_OK);
    assert_int_equal(portio_read(DEVICE, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(portio_read(DEVICE + 3, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(logged(entries), 1);
}

static void ioperm_turned_off_gives_the_range_back(void **state)
{
    (void)state;
    uint32_t value = 0;
    assert_int_equal(ioperm(DEVICE, 4, 1), 0);
    assert_int_equal(ioperm(DEVICE + 2, 2, 0), 0);
    assert_int_equal(portio_read(DEVICE + 1, 8, &value), PORTIO_OK);
    assert_int_equal(portio_read(DEVICE + 2, 8, &value), PORTIO_E_NOT_ENABLED);
}

static void assert_ioperm_einval(unsigned long int from, unsigned long int num, int turn_on)
{
    errno = 0;
    assert_int_equal(ioperm(from, num, turn_on), -1);
    assert_int_equal(errno, EINVAL);
}

/* The kernel's rule: from + num past 0x10000, or wrapping, is EINVAL,
 * and nothing is enabled. */
static void ioperm_rejects_ranges_past_0xffff_with_einval(void **state)
{
    (void)state;
    uint32_t value = 0;
    assert_ioperm_einval(0xFFFF, 2, 1);
    assert_ioperm_einval(0x10000, 1, 1);
    assert_ioperm_einval(0, 0x10001, 1);
    assert_ioperm_einval(ULONG_MAX, 2, 1);
    assert_ioperm_einval(2, ULONG_MAX, 1);
    assert_ioperm_einval(0xFFFF, 2, 0);
    assert_int_equal(portio_read(0xFFFF, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(ioperm(0xFFFF, 1, 1), 0);
    assert_int_equal(ioperm(0, 0x10000, 1), 0);
}

/* The kernel's test from + num <= from refuses an empty range too. */
static void ioperm_rejects_an_empty_range_with_einval(void **state)
{
    (void)state;
    assert_ioperm_einval(0x378, 0, 1);
    assert_ioperm_einval(0x378, 0, 0);
    assert_ioperm_einval(0, 0, 1);
}

/* The errno glibc's callers expect for each status portio gives. */
static int expected_errno(int status)
{
    switch (status) {
    case PORTIO_E_INVALID:
        return EINVAL;
    case PORTIO_E_PERM:
    case PORTIO_E_LOCKDOWN:
    case PORTIO_E_NODRIVER:
        return EPERM;
    case PORTIO_E_UNSUPPORTED:
        return ENOSYS;
    default:
        return EIO;
    }
}

/* The system's own refusal, whatever it is here (no root, no driver, no
 * ioperm in the kernel): errno as glibc documents it, and portio's
 * message kept. */
static void ioperm_failure_sets_errno_for_the_systems_refusal(void **state)
{
    (void)state;
    assert_int_equal(portio_use_backend("auto"), PORTIO_OK);
    int status = portio_enable(0x378, 3);
    if (status == PORTIO_OK) {
        assert_int_equal(portio_disable(0x378, 3), PORTIO_OK);
        skip(); /* this process may touch the ports: nothing refuses here */
    }
    char message[512];
    snprintf(message, sizeof message, "%s", portio_last_error());
    errno = 0;
    assert_int_equal(ioperm(0x378, 3, 1), -1);
    assert_int_equal(errno, expected_errno(status));
    assert_string_equal(portio_last_error(), message);
    errno = 0;
    assert_int_equal(iopl(3), -1);
    assert_true(errno == EPERM || errno == ENOSYS || errno == EIO);
    assert_int_equal(portio_use_backend("mock"), PORTIO_OK);
}

/* ---- iopl ------------------------------------------------------------------ */

static void iopl_3_enables_every_port(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    assert_int_equal(iopl(3), 0);
    assert_int_equal(inb(0x0000), 0xFF);
    assert_int_equal(inl(0xFFFC), 0xFFFFFFFFu);
    assert_int_equal(inb(DEVICE), 0xEF);
    assert_int_equal(logged(entries), 3);
    assert_access(&entries[0], 0x0000, 8, PORTIO_MOCK_READ, 0xFF);
    assert_access(&entries[1], 0xFFFC, 32, PORTIO_MOCK_READ, 0xFFFFFFFFu);
}

static void iopl_0_1_2_give_every_port_back(void **state)
{
    (void)state;
    uint32_t value = 0;
    for (int level = 0; level <= 2; level++) {
        assert_int_equal(iopl(3), 0);
        assert_int_equal(ioperm(0x378, 3, 1), 0);
        assert_int_equal(iopl(level), 0);
        assert_int_equal(portio_read(0x378, 8, &value), PORTIO_E_NOT_ENABLED);
        assert_int_equal(portio_read(0x1234, 8, &value), PORTIO_E_NOT_ENABLED);
    }
}

static void iopl_rejects_levels_outside_0_to_3_with_einval(void **state)
{
    (void)state;
    uint32_t value = 0;
    int levels[] = {4, -1, INT_MAX, INT_MIN};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        errno = 0;
        assert_int_equal(iopl(levels[i]), -1);
        assert_int_equal(errno, EINVAL);
    }
    assert_int_equal(portio_read(DEVICE, 8, &value), PORTIO_E_NOT_ENABLED);
}

/* ---- refusals -------------------------------------------------------------- */

static void refused_reads_return_all_ones_of_their_width(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    capture_stderr();
    unsigned char byte = inb(DEVICE);
    unsigned short int word = inw(DEVICE);
    unsigned int dword = inl(DEVICE);
    unsigned char byte_p = inb_p(DEVICE);
    release_stderr();
    assert_int_equal(byte, 0xFF);
    assert_int_equal(word, 0xFFFF);
    assert_int_equal(dword, 0xFFFFFFFFu);
    assert_int_equal(byte_p, 0xFF);
    assert_int_equal(logged(entries), 0);
    assert_int_equal(next_answer, 0x89ABCDEFu); /* the device was never asked */
}

static void refused_writes_do_nothing(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    portio_mock_lpt *lpt = NULL;
    assert_int_equal(portio_mock_add_lpt(0x278, &lpt), PORTIO_OK);
    capture_stderr();
    outb(0x5A, 0x278);
    outw(0x1234, 0x278);
    outl(0x12345678u, 0x278);
    outb_p(0x5A, 0x278);
    release_stderr();
    assert_int_equal(portio_mock_lpt_data(lpt), 0x00);
    assert_int_equal(logged(entries), 0);
}

/* One line on standard error for a port's first refusal, naming the
 * access, the port and portio's reason; none for its next ones. */
static void first_refusal_of_each_port_is_told_once_on_stderr(void **state)
{
    (void)state;
    capture_stderr();
    (void)inb(0x2E0);
    (void)inb(0x2E0);
    outb(1, 0x2E0);
    (void)inw(0x2E0);
    release_stderr();
    print_message("%s", stderr_text);
    assert_int_equal(line_count(stderr_text), 1);
    assert_contains(stderr_text, "inb");
    assert_contains(stderr_text, "0x02E0");
    assert_contains(stderr_text, "read as all ones");
    assert_contains(stderr_text, "not enabled");

    capture_stderr();
    outw(1, 0x2E4);
    (void)inb(0x2E0);
    outw(2, 0x2E4);
    release_stderr();
    print_message("%s", stderr_text);
    assert_int_equal(line_count(stderr_text), 1);
    assert_contains(stderr_text, "outw");
    assert_contains(stderr_text, "0x02E4");
    assert_contains(stderr_text, "nothing written");
}

/* A refused port told nothing while it was enabled. */
static void accesses_to_enabled_ports_tell_nothing(void **state)
{
    (void)state;
    unsigned char buffer[4];
    assert_int_equal(ioperm(0x2F0, 4, 1), 0);
    capture_stderr();
    outb(1, 0x2F0);
    (void)inl(0x2F0);
    insb(0x2F0, buffer, sizeof buffer);
    release_stderr();
    assert_string_equal(stderr_text, "");
}

/* ---- the _p forms ---------------------------------------------------------- */

/* glibc's pause: the low byte of the value moved, written to port 0x80. */
static void p_forms_pause_with_a_byte_write_to_0x80_when_it_is_enabled(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    assert_int_equal(ioperm(DEVICE, 4, 1), 0);
    assert_int_equal(ioperm(0x80, 1, 1), 0);
    assert_int_equal(inb_p(DEVICE), 0xEF);
    assert_int_equal(inw_p(DEVICE), 0xCDF0);
    assert_int_equal(inl_p(DEVICE), 0x89ABCDF1u);
    outb_p(0x5A, DEVICE);
    outw_p(0x1234, DEVICE);
    outl_p(0xDEADBEEFu, DEVICE);
    assert_int_equal(logged(entries), 12);
    assert_access(&entries[0], DEVICE, 8, PORTIO_MOCK_READ, 0xEF);
    assert_access(&entries[1], 0x80, 8, PORTIO_MOCK_WRITE, 0xEF);
    assert_access(&entries[2], DEVICE, 16, PORTIO_MOCK_READ, 0xCDF0);
    assert_access(&entries[3], 0x80, 8, PORTIO_MOCK_WRITE, 0xF0);
    assert_access(&entries[4], DEVICE, 32, PORTIO_MOCK_READ, 0x89ABCDF1u);
    assert_access(&entries[5], 0x80, 8, PORTIO_MOCK_WRITE, 0xF1);
    assert_access(&entries[6], DEVICE, 8, PORTIO_MOCK_WRITE, 0x5A);
    assert_access(&entries[7], 0x80, 8, PORTIO_MOCK_WRITE, 0x5A);
    assert_access(&entries[8], DEVICE, 16, PORTIO_MOCK_WRITE, 0x1234);
    assert_access(&entries[9], 0x80, 8, PORTIO_MOCK_WRITE, 0x34);
    assert_access(&entries[10], DEVICE, 32, PORTIO_MOCK_WRITE, 0xDEADBEEFu);
    assert_access(&entries[11], 0x80, 8, PORTIO_MOCK_WRITE, 0xEF);
}

/* Without 0x80 enabled: the access alone, and not a word about 0x80. */
static void p_forms_skip_the_pause_silently_when_0x80_is_not_enabled(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    assert_int_equal(ioperm(DEVICE, 4, 1), 0);
    capture_stderr();
    assert_int_equal(inb_p(DEVICE), 0xEF);
    outw_p(0x1234, DEVICE);
    outl_p(0x1234, DEVICE);
    release_stderr();
    assert_string_equal(stderr_text, "");
    assert_int_equal(logged(entries), 3);
    assert_access(&entries[0], DEVICE, 8, PORTIO_MOCK_READ, 0xEF);
    assert_access(&entries[1], DEVICE, 16, PORTIO_MOCK_WRITE, 0x1234);
    assert_access(&entries[2], DEVICE, 32, PORTIO_MOCK_WRITE, 0x1234);
}

/* ---- string forms ---------------------------------------------------------- */

/* More than one batch's worth (the layer sends 64 ops at a time). */
#define LONG_COUNT 150

static void insb_reads_count_bytes_in_order(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    unsigned char buffer[LONG_COUNT + 1];
    memset(buffer, 0x11, sizeof buffer);
    assert_int_equal(ioperm(DEVICE, 1, 1), 0);
    insb(DEVICE, buffer, LONG_COUNT);
    for (size_t i = 0; i < LONG_COUNT; i++)
        assert_int_equal(buffer[i], (0x89ABCDEFu + i) & 0xFF);
    assert_int_equal(buffer[LONG_COUNT], 0x11);
    assert_int_equal(logged(entries), LONG_COUNT);
    assert_access(&entries[LONG_COUNT - 1], DEVICE, 8, PORTIO_MOCK_READ, (0x89ABCDEFu + LONG_COUNT - 1) & 0xFF);
}

/* Elements as the machine stores them, at any alignment (glibc's rep insw
 * does not ask for one). */
static void insw_insl_store_elements_at_any_alignment(void **state)
{
    (void)state;
    unsigned char buffer[1 + 2 * 2 + 4 * 2 + 1];
    memset(buffer, 0x11, sizeof buffer);
    assert_int_equal(ioperm(DEVICE, 4, 1), 0);
    insw(DEVICE, buffer + 1, 2);
    insl(DEVICE, buffer + 5, 2);
    unsigned short int words[2];
    unsigned int dwords[2];
    memcpy(words, buffer + 1, sizeof words);
    memcpy(dwords, buffer + 5, sizeof dwords);
    assert_int_equal(words[0], 0xCDEF);
    assert_int_equal(words[1], 0xCDF0);
    assert_int_equal(dwords[0], 0x89ABCDF1u);
    assert_int_equal(dwords[1], 0x89ABCDF2u);
    assert_int_equal(buffer[0], 0x11);
    assert_int_equal(buffer[sizeof buffer - 1], 0x11);
}

static void outsb_outsw_outsl_write_count_elements_in_order(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    unsigned char bytes[LONG_COUNT];
    for (size_t i = 0; i < LONG_COUNT; i++)
        bytes[i] = (unsigned char)(i * 7);
    unsigned char unaligned[1 + 2 * 2 + 4];
    unsigned short int words[2] = {0x1234, 0xABCD};
    unsigned int dword = 0xDEADBEEFu;
    memcpy(unaligned + 1, words, sizeof words);
    memcpy(unaligned + 5, &dword, sizeof dword);
    assert_int_equal(ioperm(DEVICE, 4, 1), 0);
    outsb(DEVICE, bytes, LONG_COUNT);
    outsw(DEVICE + 2, unaligned + 1, 2);
    outsl(DEVICE, unaligned + 5, 1);
    assert_int_equal(logged(entries), LONG_COUNT + 3);
    for (size_t i = 0; i < LONG_COUNT; i++)
        assert_access(&entries[i], DEVICE, 8, PORTIO_MOCK_WRITE, (i * 7) & 0xFF);
    assert_access(&entries[LONG_COUNT], DEVICE + 2, 16, PORTIO_MOCK_WRITE, 0x1234);
    assert_access(&entries[LONG_COUNT + 1], DEVICE + 2, 16, PORTIO_MOCK_WRITE, 0xABCD);
    assert_access(&entries[LONG_COUNT + 2], DEVICE, 32, PORTIO_MOCK_WRITE, 0xDEADBEEFu);
}

/* A refused port: reads fill the whole buffer with all ones, writes write
 * nothing, and the port's first refusal is told once. */
static void refused_string_forms_read_all_ones_and_write_nothing(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    unsigned char bytes[LONG_COUNT];
    unsigned int dwords[3] = {1, 2, 3};
    memset(bytes, 0x11, sizeof bytes);
    capture_stderr();
    insb(0x2C0, bytes, LONG_COUNT);
    insl(0x2C0, dwords, 3);
    outsb(0x2C0, bytes, LONG_COUNT);
    outsw(0x2C4, bytes, 10);
    release_stderr();
    print_message("%s", stderr_text);
    for (size_t i = 0; i < LONG_COUNT; i++)
        assert_int_equal(bytes[i], 0xFF);
    assert_int_equal(dwords[0], 0xFFFFFFFFu);
    assert_int_equal(dwords[2], 0xFFFFFFFFu);
    assert_int_equal(logged(entries), 0);
    assert_int_equal(line_count(stderr_text), 2);
    assert_contains(stderr_text, "insb at port 0x02C0");
    assert_contains(stderr_text, "outsw at port 0x02C4");
}

static void string_forms_with_count_0_do_nothing(void **state)
{
    (void)state;
    portio_mock_access entries[MAX_LOG];
    unsigned char byte = 0x11;
    capture_stderr();
    insb(0x2D0, &byte, 0);
    insl(0x2D0, &byte, 0);
    outsw(0x2D0, &byte, 0);
    release_stderr();
    assert_string_equal(stderr_text, "");
    assert_int_equal(byte, 0x11);
    assert_int_equal(logged(entries), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(functions_have_glibcs_types),
        cmocka_unit_test_setup(inb_inw_inl_read_their_width, mock_with_device),
        cmocka_unit_test_setup(outb_outw_outl_take_the_value_first, mock_with_device),
        cmocka_unit_test_setup(parallel_port_latch_reads_back, mock_with_device),
        cmocka_unit_test_setup(ioperm_enables_exactly_its_range, mock_with_device),
        cmocka_unit_test_setup(ioperm_turned_off_gives_the_range_back, mock_with_device),
        cmocka_unit_test_setup(ioperm_rejects_ranges_past_0xffff_with_einval, mock_with_device),
        cmocka_unit_test_setup(ioperm_rejects_an_empty_range_with_einval, mock_with_device),
        cmocka_unit_test_setup(ioperm_failure_sets_errno_for_the_systems_refusal, mock_with_device),
        cmocka_unit_test_setup(iopl_3_enables_every_port, mock_with_device),
        cmocka_unit_test_setup(iopl_0_1_2_give_every_port_back, mock_with_device),
        cmocka_unit_test_setup(iopl_rejects_levels_outside_0_to_3_with_einval, mock_with_device),
        cmocka_unit_test_setup(refused_reads_return_all_ones_of_their_width, mock_with_device),
        cmocka_unit_test_setup(refused_writes_do_nothing, mock_with_device),
        cmocka_unit_test_setup(first_refusal_of_each_port_is_told_once_on_stderr, mock_with_device),
        cmocka_unit_test_setup(accesses_to_enabled_ports_tell_nothing, mock_with_device),
        cmocka_unit_test_setup(p_forms_pause_with_a_byte_write_to_0x80_when_it_is_enabled, mock_with_device),
        cmocka_unit_test_setup(p_forms_skip_the_pause_silently_when_0x80_is_not_enabled, mock_with_device),
        cmocka_unit_test_setup(insb_reads_count_bytes_in_order, mock_with_device),
        cmocka_unit_test_setup(insw_insl_store_elements_at_any_alignment, mock_with_device),
        cmocka_unit_test_setup(outsb_outsw_outsl_write_count_elements_in_order, mock_with_device),
        cmocka_unit_test_setup(refused_string_forms_read_all_ones_and_write_nothing, mock_with_device),
        cmocka_unit_test_setup(string_forms_with_count_0_do_nothing, mock_with_device),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
