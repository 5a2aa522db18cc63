/* SPDX-License-Identifier: MIT
 *
 * The port rule of portio's inpout32.dll/inpoutx64.dll (compat/inpout32/
 * inpout_ports.c) on the mock, on every system: the low 16 bits are the
 * port, each access enables exactly its bytes at first use and they stay
 * enabled, a refused access reads all ones and writes nothing, its reason
 * told once per port on stderr and to the debug output. portio_enable is
 * wrapped at link time (--wrap) to count enables and to refuse on demand.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "test_support.h"

#include "inpout_ports.h"
#include "stderr_capture.h"

/* --- The seams ----------------------------------------------------------- */

static int debug_messages;
static char debug_text[1024];
static void capture_debug_output(const char *text)
{
    debug_messages++;
    snprintf(debug_text, sizeof debug_text, "%s", text);
}
void (*inpout_debug_output)(const char *text) = capture_debug_output;

int __real_portio_enable(uint32_t first, uint32_t count);
int __wrap_portio_enable(uint32_t first, uint32_t count);
static atomic_int enables;
static atomic_int refuse_enables;
int __wrap_portio_enable(uint32_t first, uint32_t count)
{
    atomic_fetch_add(&enables, 1);
    if (refuse_enables) /* a genuine refusal, with portio's own message */
        return __real_portio_enable(0xFFFF, 2);
    return __real_portio_enable(first, count);
}

static int setup(void **state)
{
    enables = 0;
    refuse_enables = 0;
    debug_messages = 0;
    debug_text[0] = '\0';
    return use_empty_mock(state);
}

/* A device that answers every read with its port number times 0x01010101
 * (cut to the width), so a read shows which port it reached. */
static uint32_t port_pattern(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    uint32_t value = port * 0x00010001u;
    return width_bits == 32 ? value : value & ((1u << width_bits) - 1u);
}

static int enabled(uint16_t port, unsigned width_bits)
{
    uint32_t value;
    return portio_read(port, width_bits, &value) == PORTIO_OK;
}

/* --- The rules ------------------------------------------------------------ */

static void port_is_the_low_16_bits_of_the_argument(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(0xD010, 4, port_pattern, NULL, NULL), PORTIO_OK);
    /* A PCIe card's 0xD010 passed as a negative short, sign-extended. */
    assert_int_equal(inpout_read((uint32_t)(int32_t)(short)0xD010, 8), 0x10);
    inpout_write(0xFFFFD010u, 8, 0x5A);
    inpout_write(0x1D010u, 32, 0x12345678);
    portio_mock_access log[4];
    assert_int_equal(portio_mock_log(log, 4), 3);
    assert_access(&log[0], 0xD010, 8, PORTIO_MOCK_READ, 0x10);
    assert_access(&log[1], 0xD010, 8, PORTIO_MOCK_WRITE, 0x5A);
    assert_access(&log[2], 0xD010, 32, PORTIO_MOCK_WRITE, 0x12345678);
}

static void each_width_is_one_access_of_that_width(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(0x1000, 8, port_pattern, NULL, NULL), PORTIO_OK);
    assert_int_equal(inpout_read(0x1004, 8), 0x04);
    assert_int_equal(inpout_read(0x1004, 16), 0x1004);
    assert_int_equal(inpout_read(0x1004, 32), 0x10041004u);
    inpout_write(0x1000, 16, 0xBEEF);
    inpout_write(0x1000, 32, 0xCAFEF00Du);
    portio_mock_access log[6];
    assert_int_equal(portio_mock_log(log, 6), 5);
    assert_access(&log[0], 0x1004, 8, PORTIO_MOCK_READ, 0x04);
    assert_access(&log[1], 0x1004, 16, PORTIO_MOCK_READ, 0x1004);
    assert_access(&log[2], 0x1004, 32, PORTIO_MOCK_READ, 0x10041004u);
    assert_access(&log[3], 0x1000, 16, PORTIO_MOCK_WRITE, 0xBEEF);
    assert_access(&log[4], 0x1000, 32, PORTIO_MOCK_WRITE, 0xCAFEF00Du);
}

static void first_use_enables_exactly_the_bytes_of_the_access(void **state)
{
    (void)state;
    assert_false(enabled(0x2000, 8));
    (void)inpout_read(0x2001, 16);
    assert_true(enabled(0x2001, 16));
    assert_false(enabled(0x2000, 8));
    assert_false(enabled(0x2003, 8));
    inpout_write(0x2010, 32, 0);
    assert_true(enabled(0x2010, 32));
    assert_false(enabled(0x200F, 8));
    assert_false(enabled(0x2014, 8));
}

static void an_enabled_port_is_not_enabled_again(void **state)
{
    (void)state;
    for (int i = 0; i < 100; i++) {
        (void)inpout_read(0x2100, 8);
        inpout_write(0x2100, 8, (uint32_t)i);
    }
    assert_int_equal(enables, 1);
    /* A 16-bit access over it needs the next byte too. */
    (void)inpout_read(0x2100, 16);
    assert_int_equal(enables, 2);
    assert_true(enabled(0x2100, 16));
}

static void a_port_the_program_disabled_is_enabled_again(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(0x2200, 1, port_pattern, NULL, NULL), PORTIO_OK);
    assert_int_equal(inpout_read(0x2200, 8), 0x00);
    assert_int_equal(portio_disable(0x2200, 1), PORTIO_OK);
    assert_int_equal(inpout_read(0x2200, 8), 0x00);
    assert_true(enabled(0x2200, 8));
}

static void refused_read_gives_all_ones_of_its_width(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(0x3000, 4, port_pattern, NULL, NULL), PORTIO_OK);
    refuse_enables = 1;
    assert_int_equal(inpout_read(0x3000, 8), 0xFF);
    assert_int_equal(inpout_read(0x3000, 16), 0xFFFF);
    assert_int_equal(inpout_read(0x3000, 32), 0xFFFFFFFFu);
    /* Past the end of the port space: refused by portio itself. */
    refuse_enables = 0;
    assert_int_equal(inpout_read(0xFFFF, 16), 0xFFFF);
    assert_int_equal(inpout_read(0xFFFE, 32), 0xFFFFFFFFu);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
}

static void refused_write_does_nothing(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = NULL;
    assert_int_equal(portio_mock_add_lpt(0x3100, &lpt), PORTIO_OK);
    refuse_enables = 1;
    inpout_write(0x3100, 8, 0xA5);
    assert_int_equal(portio_mock_lpt_data(lpt), 0x00);
    assert_int_equal(portio_mock_log(NULL, 0), 0);
    assert_false(enabled(0x3100, 8));
}

static void refused_port_is_tried_again_at_its_next_use(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = NULL;
    assert_int_equal(portio_mock_add_lpt(0x3200, &lpt), PORTIO_OK);
    refuse_enables = 1;
    inpout_write(0x3200, 8, 0x11);
    assert_int_equal(inpout_read(0x3200, 8), 0xFF);
    assert_int_equal(enables, 2);
    /* The driver was installed meanwhile, say. */
    refuse_enables = 0;
    inpout_write(0x3200, 8, 0x22);
    assert_int_equal(portio_mock_lpt_data(lpt), 0x22);
    assert_int_equal(inpout_read(0x3200, 8), 0x22);
    assert_int_equal(enables, 3);
}

static void refusal_is_told_once_per_port_on_stderr_and_debug_output(void **state)
{
    (void)state;
    struct stderr_capture capture;
    char text[4096];
    refuse_enables = 1;
    stderr_capture_start(&capture, "test_inpout_ports.stderr");
    for (int i = 0; i < 5; i++) {
        (void)inpout_read(0x3300, 8);
        inpout_write(0x3300, 8, 0);
    }
    (void)inpout_read(0x3301, 16);
    (void)inpout_read(0x3301, 16);
    stderr_capture_stop(&capture, text, sizeof text);
    assert_int_equal(count_occurrences(text, "port 0x3300 refused"), 1);
    assert_int_equal(count_occurrences(text, "port 0x3301 refused"), 1);
    assert_int_equal(count_occurrences(text, inpout_dll_name), 2);
    /* The reason is portio's message. */
    assert_contains(text, "past port 0xFFFF");
    assert_int_equal(debug_messages, 2);
    assert_contains(debug_text, "port 0x3301 refused (16-bit read; it reads as all ones)");
}

static void a_topic_is_told_once(void **state)
{
    (void)state;
    struct stderr_capture capture;
    char text[4096];
    stderr_capture_start(&capture, "test_inpout_ports.stderr");
    for (int i = 0; i < 3; i++)
        inpout_tell_once(INPOUT_TOPIC_MEMORY, "memory text");
    inpout_tell_once(INPOUT_TOPIC_DRIVER, "driver text");
    inpout_tell_once(INPOUT_TOPIC_DRIVER, "driver text");
    stderr_capture_stop(&capture, text, sizeof text);
    assert_int_equal(count_occurrences(text, "memory text"), 1);
    assert_int_equal(count_occurrences(text, "driver text"), 1);
    assert_int_equal(debug_messages, 2);
}

/* Any thread, any rate: threads that first use their own ports and one
 * they share, all at once, each reading back what it wrote. */
#define THREADS 4
#define ROUNDS 1200 /* 14400 accesses: within the mock log (PORTIO_MOCK_LOG_CAPACITY) */
#define SHARED_PORT 0x2F0
static uint8_t latches[0x10];
static uint32_t latch_read(void *context, uint16_t port, unsigned width_bits)
{
    (void)context;
    (void)width_bits;
    return latches[port & 0xF];
}
static void latch_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)context;
    (void)width_bits;
    latches[port & 0xF] = (uint8_t)value;
}

struct worker {
    uint16_t port;
    pthread_t thread;
    int mismatches;
};

static void *hammer(void *argument)
{
    struct worker *worker = argument;
    for (int i = 0; i < ROUNDS; i++) {
        uint8_t value = (uint8_t)(i * 7 + worker->port);
        inpout_write(worker->port, 8, value);
        if (inpout_read(worker->port, 8) != value)
            worker->mismatches++;
        (void)inpout_read(SHARED_PORT, 8);
    }
    return NULL;
}

static void threads_share_the_dll_without_a_lost_access(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_attach(SHARED_PORT, 0x10, latch_read, latch_write, NULL), PORTIO_OK);
    struct worker workers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){.port = (uint16_t)(SHARED_PORT + 1 + i)};
        assert_int_equal(pthread_create(&workers[i].thread, NULL, hammer, &workers[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(workers[i].thread, NULL), 0);
        assert_int_equal(workers[i].mismatches, 0);
    }
    /* Every access reached the device: three per round and thread. */
    assert_int_equal(portio_mock_log(NULL, 0), THREADS * ROUNDS * 3);
    assert_int_equal(portio_mock_unenabled_accesses(), 0);
    /* Each port was enabled once, the shared one at most once per thread
     * (those that raced to its first use). */
    assert_in_range(atomic_load(&enables), THREADS + 1, 2 * THREADS);
    assert_int_equal(debug_messages, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(port_is_the_low_16_bits_of_the_argument, setup),
        cmocka_unit_test_setup(each_width_is_one_access_of_that_width, setup),
        cmocka_unit_test_setup(first_use_enables_exactly_the_bytes_of_the_access, setup),
        cmocka_unit_test_setup(an_enabled_port_is_not_enabled_again, setup),
        cmocka_unit_test_setup(a_port_the_program_disabled_is_enabled_again, setup),
        cmocka_unit_test_setup(refused_read_gives_all_ones_of_its_width, setup),
        cmocka_unit_test_setup(refused_write_does_nothing, setup),
        cmocka_unit_test_setup(refused_port_is_tried_again_at_its_next_use, setup),
        cmocka_unit_test_setup(refusal_is_told_once_per_port_on_stderr_and_debug_output, setup),
        cmocka_unit_test_setup(a_topic_is_told_once, setup),
        cmocka_unit_test_setup(threads_share_the_dll_without_a_lost_access, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
