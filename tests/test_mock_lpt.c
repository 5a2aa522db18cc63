/* SPDX-License-Identifier: MIT */
/* The mock's parallel-port model (portio_mock_add_lpt): data, status and
 * control registers, and the printer behind them, as the header describes
 * them. */
#include "test_support.h"

#define LPT1 0x378
#define DATA (LPT1 + 0)
#define STATUS (LPT1 + 1)
#define CONTROL (LPT1 + 2)

/* An enabled model at LPT1. */
static portio_mock_lpt *lpt_at_lpt1(void)
{
    portio_mock_lpt *lpt = NULL;
    assert_int_equal(portio_mock_add_lpt(LPT1, &lpt), PORTIO_OK);
    assert_non_null(lpt);
    assert_int_equal(portio_enable(LPT1, 3), PORTIO_OK);
    return lpt;
}

static uint32_t checked_read(uint16_t port, unsigned width_bits)
{
    uint32_t value = 0xDEADBEEFu;
    assert_int_equal(portio_read(port, width_bits, &value), PORTIO_OK);
    return value;
}

static const uint8_t patterns[] = {0x55, 0xAA, 0x00, 0xFF};

static void data_latch_reads_back_what_outb_wrote(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    for (size_t i = 0; i < sizeof patterns; i++) {
        portio_outb(DATA, patterns[i]);
        assert_int_equal(portio_inb(DATA), patterns[i]);
        assert_int_equal(checked_read(DATA, 8), patterns[i]);
        assert_int_equal(portio_mock_lpt_data(lpt), patterns[i]);
    }
}

static void data_latch_reads_back_what_portio_write_wrote(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    for (size_t i = 0; i < sizeof patterns; i++) {
        assert_int_equal(portio_write(DATA, 8, patterns[i]), PORTIO_OK);
        assert_int_equal(checked_read(DATA, 8), patterns[i]);
        assert_int_equal(portio_inb(DATA), patterns[i]);
        assert_int_equal(portio_mock_lpt_data(lpt), patterns[i]);
    }
}

static void status_reads_0xd8_by_default(void **state)
{
    (void)state;
    (void)lpt_at_lpt1();
    assert_int_equal(portio_inb(STATUS), 0xD8);
    assert_int_equal(checked_read(STATUS, 8), 0xD8);
}

static void status_reads_what_set_status_sets(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    static const uint8_t statuses[] = {0x00, 0x7F, 0x80, 0xFF, 0x5F};
    for (size_t i = 0; i < sizeof statuses; i++) {
        portio_mock_lpt_set_status(lpt, statuses[i]);
        assert_int_equal(portio_inb(STATUS), statuses[i]);
        assert_int_equal(checked_read(STATUS, 8), statuses[i]);
    }
}

static void writes_to_status_are_ignored(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    portio_outb(DATA, 0x3C);
    portio_outb(STATUS, 0x00);
    assert_int_equal(portio_write(STATUS, 8, 0x27), PORTIO_OK);
    assert_int_equal(portio_inb(STATUS), 0xD8);
    portio_mock_lpt_set_status(lpt, 0x40);
    portio_outb(STATUS, 0xFF);
    assert_int_equal(portio_inb(STATUS), 0x40);
    /* and they reach neither the data latch nor the control register */
    assert_int_equal(portio_mock_lpt_data(lpt), 0x3C);
    assert_int_equal(portio_inb(DATA), 0x3C);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x0C);
}

static void control_reads_0xcc_at_start(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    assert_int_equal(portio_inb(CONTROL), 0xCC);
    assert_int_equal(checked_read(CONTROL, 8), 0xCC);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x0C);
}

static void control_reads_bits_0_to_5_as_written_and_bits_6_7_as_one(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    portio_outb(CONTROL, 0x25);
    assert_int_equal(portio_inb(CONTROL), 0xE5);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x25);

    assert_int_equal(portio_write(CONTROL, 8, 0x00), PORTIO_OK);
    assert_int_equal(checked_read(CONTROL, 8), 0xC0);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x00);

    portio_outb(CONTROL, 0xFF);
    assert_int_equal(portio_inb(CONTROL), 0xFF);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x3F);

    portio_outb(CONTROL, 0x9A);
    assert_int_equal(portio_inb(CONTROL), 0xDA);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x1A);
}

static void direction_bit_makes_data_read_the_input_lines(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    portio_outb(DATA, 0x55);
    portio_mock_lpt_set_input(lpt, 0x3C);
    /* output mode: the latch */
    assert_int_equal(portio_inb(DATA), 0x55);

    portio_outb(CONTROL, 0x20);
    assert_int_equal(portio_inb(DATA), 0x3C);
    assert_int_equal(checked_read(DATA, 8), 0x3C);
    assert_int_equal(portio_mock_lpt_data(lpt), 0x55);

    /* the lines follow set_input; a write still goes to the latch */
    portio_mock_lpt_set_input(lpt, 0xC3);
    portio_outb(DATA, 0xAA);
    assert_int_equal(portio_inb(DATA), 0xC3);
    assert_int_equal(portio_mock_lpt_data(lpt), 0xAA);

    /* back to output mode: the latch again */
    portio_outb(CONTROL, 0x00);
    assert_int_equal(portio_inb(DATA), 0xAA);
}

static void wide_read_at_base_covers_data_and_status(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    portio_outb(DATA, 0x5A);
    portio_mock_lpt_set_status(lpt, 0x7F);
    assert_int_equal(portio_inw(DATA), 0x7F5A);
    assert_int_equal(checked_read(DATA, 16), 0x7F5A);
    /* status and control */
    assert_int_equal(portio_inw(STATUS), 0xCC7F);
}

static void read_of_32_bits_at_base_floats_past_control(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    assert_int_equal(portio_enable(LPT1 + 3, 1), PORTIO_OK);
    portio_outb(DATA, 0x12);
    portio_outb(CONTROL, 0x05);
    portio_mock_lpt_set_status(lpt, 0x34);
    assert_int_equal(portio_inl(DATA), 0xFFC53412u);
    assert_int_equal(checked_read(DATA, 32), 0xFFC53412u);
}

static void lpt_occupies_exactly_three_ports(void **state)
{
    (void)state;
    (void)lpt_at_lpt1();
    assert_int_equal(portio_mock_attach(LPT1 + 3, 1, NULL, NULL, NULL), PORTIO_OK);
    assert_int_equal(portio_mock_attach(LPT1 - 1, 1, NULL, NULL, NULL), PORTIO_OK);
    assert_int_equal(portio_mock_attach(LPT1 + 2, 1, NULL, NULL, NULL), PORTIO_E_INVALID);
    assert_int_equal(portio_mock_attach(LPT1, 1, NULL, NULL, NULL), PORTIO_E_INVALID);
}

static void overlapping_lpt_is_refused(void **state)
{
    (void)state;
    portio_mock_lpt *first = lpt_at_lpt1();
    portio_mock_lpt *second = NULL;
    assert_int_equal(portio_mock_add_lpt(LPT1 + 2, &second), PORTIO_E_INVALID);
    assert_last_error_contains("0x378-0x37A");
    assert_int_equal(portio_mock_add_lpt(LPT1 - 2, &second), PORTIO_E_INVALID);
    assert_int_equal(portio_mock_add_lpt(LPT1, &second), PORTIO_E_INVALID);

    /* the first model still works */
    portio_outb(DATA, 0x99);
    assert_int_equal(portio_inb(DATA), 0x99);
    assert_int_equal(portio_mock_lpt_data(first), 0x99);
    assert_int_equal(portio_inb(STATUS), 0xD8);
    assert_int_equal(portio_inb(CONTROL), 0xCC);
}

static void refused_lpt_leaves_its_model_place_free(void **state)
{
    (void)state;
    (void)lpt_at_lpt1();
    for (int i = 0; i < 2 * PORTIO_MOCK_MAX_LPTS; i++)
        assert_int_equal(portio_mock_add_lpt(LPT1, NULL), PORTIO_E_INVALID);
    /* all the other places are still there */
    for (uint16_t i = 1; i < PORTIO_MOCK_MAX_LPTS; i++)
        assert_int_equal(portio_mock_add_lpt((uint16_t)(0x1000 * i), NULL), PORTIO_OK);
}

static void models_at_0x378_0x278_0xd010_are_independent(void **state)
{
    (void)state;
    static const uint16_t bases[] = {0x378, 0x278, 0xD010};
    static const uint8_t data[] = {0x11, 0x22, 0x33};
    static const uint8_t status[] = {0x80, 0x40, 0x20};
    /* no strobe (bit 0): the printer's busy status would hide status[i] */
    static const uint8_t control[] = {0x08, 0x02, 0x04};
    portio_mock_lpt *lpts[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(portio_mock_add_lpt(bases[i], &lpts[i]), PORTIO_OK);
        assert_int_equal(portio_enable(bases[i], 3), PORTIO_OK);
    }
    assert_ptr_not_equal(lpts[0], lpts[1]);
    assert_ptr_not_equal(lpts[1], lpts[2]);
    assert_ptr_not_equal(lpts[0], lpts[2]);
    for (size_t i = 0; i < 3; i++) {
        portio_outb(bases[i], data[i]);
        portio_outb((uint16_t)(bases[i] + 2), control[i]);
        portio_mock_lpt_set_status(lpts[i], status[i]);
    }
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(portio_inb(bases[i]), data[i]);
        assert_int_equal(portio_inb((uint16_t)(bases[i] + 1)), status[i]);
        assert_int_equal(portio_inb((uint16_t)(bases[i] + 2)), 0xC0 | control[i]);
        assert_int_equal(portio_mock_lpt_data(lpts[i]), data[i]);
        assert_int_equal(portio_mock_lpt_control(lpts[i]), control[i]);
    }
    /* each model's input lines and direction are its own */
    static const uint8_t input[] = {0xE1, 0xE2, 0xE3};
    for (size_t i = 0; i < 3; i++)
        portio_mock_lpt_set_input(lpts[i], input[i]);
    portio_outb((uint16_t)(bases[1] + 2), 0x20);
    assert_int_equal(portio_inb(bases[0]), data[0]);
    assert_int_equal(portio_inb(bases[1]), input[1]);
    assert_int_equal(portio_inb(bases[2]), data[2]);
    portio_outb((uint16_t)(bases[2] + 2), 0x20);
    assert_int_equal(portio_inb(bases[0]), data[0]);
    assert_int_equal(portio_inb(bases[2]), input[2]);
}

static void max_lpts_exist_and_one_more_is_refused(void **state)
{
    (void)state;
    static const uint16_t bases[PORTIO_MOCK_MAX_LPTS] = {0x378, 0x278, 0x3BC, 0xD010};
    portio_mock_lpt *lpts[PORTIO_MOCK_MAX_LPTS] = {NULL};
    for (size_t i = 0; i < PORTIO_MOCK_MAX_LPTS; i++) {
        assert_int_equal(portio_mock_add_lpt(bases[i], &lpts[i]), PORTIO_OK);
        assert_int_equal(portio_enable(bases[i], 3), PORTIO_OK);
    }
    portio_mock_lpt *extra = NULL;
    assert_int_equal(portio_mock_add_lpt(0x2000, &extra), PORTIO_E_INVALID);
    assert_last_error_contains("in use");
    /* nothing was attached there */
    assert_int_equal(portio_enable(0x2000, 3), PORTIO_OK);
    assert_int_equal(portio_inb(0x2001), 0xFF);
    assert_int_equal(portio_mock_attach(0x2000, 3, NULL, NULL, NULL), PORTIO_OK);
    /* the four all work */
    for (size_t i = 0; i < PORTIO_MOCK_MAX_LPTS; i++) {
        portio_outb(bases[i], (uint8_t)(0xA0 + i));
        assert_int_equal(portio_inb(bases[i]), 0xA0 + i);
        assert_int_equal(portio_mock_lpt_data(lpts[i]), 0xA0 + i);
    }
}

static void reset_frees_every_model_place(void **state)
{
    (void)state;
    static const uint16_t bases[PORTIO_MOCK_MAX_LPTS] = {0x378, 0x278, 0x3BC, 0xD010};
    for (size_t i = 0; i < PORTIO_MOCK_MAX_LPTS; i++)
        assert_int_equal(portio_mock_add_lpt(bases[i], NULL), PORTIO_OK);
    assert_int_equal(portio_mock_add_lpt(0x2000, NULL), PORTIO_E_INVALID);

    portio_mock_reset();

    portio_mock_lpt *lpts[PORTIO_MOCK_MAX_LPTS] = {NULL};
    for (size_t i = 0; i < PORTIO_MOCK_MAX_LPTS; i++)
        assert_int_equal(portio_mock_add_lpt(bases[i], &lpts[i]), PORTIO_OK);
    /* fresh models, in their starting state */
    assert_int_equal(portio_enable(LPT1, 3), PORTIO_OK);
    assert_int_equal(portio_inb(STATUS), 0xD8);
    assert_int_equal(portio_inb(CONTROL), 0xCC);
    assert_int_equal(portio_mock_lpt_control(lpts[0]), 0x0C);
}

static void reset_returns_models_to_their_starting_state(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    portio_outb(DATA, 0x77);
    portio_outb(CONTROL, 0x3F);
    portio_mock_lpt_set_status(lpt, 0x00);
    portio_mock_lpt_set_input(lpt, 0x66);

    portio_mock_reset();

    lpt = lpt_at_lpt1();
    assert_int_equal(portio_inb(STATUS), 0xD8);
    assert_int_equal(portio_inb(CONTROL), 0xCC);
    assert_int_equal(portio_mock_lpt_control(lpt), 0x0C);
    /* out of bidirectional mode: data reads the latch, not the old lines */
    portio_outb(DATA, 0x12);
    assert_int_equal(portio_inb(DATA), 0x12);
}

static void getters_given_null_read_0xff(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_lpt_data(NULL), 0xFF);
    assert_int_equal(portio_mock_lpt_control(NULL), 0xFF);
}

static void setters_given_null_do_nothing(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    portio_mock_lpt_set_status(NULL, 0x00);
    portio_mock_lpt_set_input(NULL, 0x00);
    /* the real model is untouched */
    assert_int_equal(portio_inb(STATUS), 0xD8);
    portio_mock_lpt_set_input(lpt, 0x5A);
    portio_mock_lpt_set_input(NULL, 0x00);
    portio_outb(CONTROL, 0x20);
    assert_int_equal(portio_inb(DATA), 0x5A);
}

static void add_lpt_with_null_out_still_attaches(void **state)
{
    (void)state;
    assert_int_equal(portio_mock_add_lpt(LPT1, NULL), PORTIO_OK);
    assert_int_equal(portio_enable(LPT1, 3), PORTIO_OK);
    assert_int_equal(portio_inb(STATUS), 0xD8);
    assert_int_equal(portio_inb(CONTROL), 0xCC);
    portio_outb(DATA, 0xA5);
    assert_int_equal(portio_inb(DATA), 0xA5);
    assert_int_equal(portio_mock_add_lpt(LPT1, NULL), PORTIO_E_INVALID);
}

/* ---- The printer ---- */

/* Data, then the strobe's rising edge and falling edge, as outb calls. */
static void print_with_outb(uint8_t byte)
{
    portio_outb(DATA, byte);
    portio_outb(CONTROL, 0x0D);
    portio_outb(CONTROL, 0x0C);
}

static void strobe_rising_edge_prints_the_data_latch(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    portio_outb(DATA, 0x41);
    portio_outb(CONTROL, 0x0D);
    uint8_t printed[4] = {0};
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, sizeof printed), 1);
    assert_int_equal(printed[0], 0x41);
}

static void strobe_held_or_falling_prints_nothing_more(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    portio_outb(DATA, 0x41);
    portio_outb(CONTROL, 0x0D);
    portio_outb(DATA, 0x42);
    portio_outb(CONTROL, 0x0D); /* still high: no edge */
    portio_outb(CONTROL, 0x0C); /* falling */
    portio_outb(CONTROL, 0x0C);
    uint8_t printed[4] = {0};
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, sizeof printed), 1);
    assert_int_equal(printed[0], 0x41);
    portio_outb(CONTROL, 0x0D); /* a new rising edge */
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, sizeof printed), 1);
    assert_int_equal(printed[0], 0x42);
}

static void status_reads_busy_for_busy_reads_after_a_strobe(void **state)
{
    (void)state;
    (void)lpt_at_lpt1();
    print_with_outb(0x41);
    for (int i = 0; i < PORTIO_MOCK_LPT_BUSY_READS; i++)
        assert_int_equal(portio_inb(STATUS), 0x58);
    assert_int_equal(portio_inb(STATUS), 0xD8);
    assert_int_equal(portio_inb(STATUS), 0xD8);
}

static void busy_clears_bit_7_only_of_the_set_status(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    portio_mock_lpt_set_status(lpt, 0xBF);
    print_with_outb(0x41);
    assert_int_equal(checked_read(STATUS, 8), 0x3F);
    assert_int_equal(checked_read(STATUS, 8), 0x3F);
    assert_int_equal(checked_read(STATUS, 8), 0xBF);
}

static void take_printed_moves_bytes_oldest_first(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    static const uint8_t text[] = "Hello";
    for (size_t i = 0; i < 5; i++)
        print_with_outb(text[i]);
    uint8_t printed[8] = {0};
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, 3), 3);
    assert_memory_equal(printed, "Hel", 3);
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, sizeof printed), 2);
    assert_memory_equal(printed, "lo", 2);
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, sizeof printed), 0);
}

/* Past the capacity bytes are lost; taking makes room again, also across
 * the end of the printer's ring. */
static void printer_keeps_at_most_capacity_bytes(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    enum { EXTRA = 10 };
    for (size_t i = 0; i < PORTIO_MOCK_LPT_PRINT_CAPACITY + EXTRA; i++)
        print_with_outb((uint8_t)(i * 7));
    static uint8_t printed[PORTIO_MOCK_LPT_PRINT_CAPACITY + EXTRA];
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, 5), 5);
    print_with_outb(0xA1);
    print_with_outb(0xA2);
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed + 5, sizeof printed - 5),
                     PORTIO_MOCK_LPT_PRINT_CAPACITY - 5 + 2);
    for (size_t i = 0; i < PORTIO_MOCK_LPT_PRINT_CAPACITY; i++)
        assert_int_equal(printed[i], (uint8_t)(i * 7));
    assert_int_equal(printed[PORTIO_MOCK_LPT_PRINT_CAPACITY], 0xA1);
    assert_int_equal(printed[PORTIO_MOCK_LPT_PRINT_CAPACITY + 1], 0xA2);
}

static void take_printed_from_null_or_into_null_is_0(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    print_with_outb(0x41);
    uint8_t printed[4];
    assert_int_equal(portio_mock_lpt_take_printed(NULL, printed, sizeof printed), 0);
    assert_int_equal(portio_mock_lpt_take_printed(lpt, NULL, 0), 0);
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, 0), 0);
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, sizeof printed), 1);
}

static void reset_forgets_what_was_printed(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    print_with_outb(0x41);
    portio_mock_reset();
    lpt = lpt_at_lpt1();
    uint8_t printed[4];
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, sizeof printed), 0);
    assert_int_equal(portio_inb(STATUS), 0xD8);
}

/* The handshake of a real printer driver, one byte per batch of ops: wait
 * until not busy, put the byte on the lines, pulse the strobe. */
static void batch_handshake_prints_every_byte_in_order(void **state)
{
    (void)state;
    portio_mock_lpt *lpt = lpt_at_lpt1();
    static const char text[] = "portio";
    enum { LENGTH = sizeof text - 1 };
    portio_batch_op ops[4 * LENGTH];
    for (size_t i = 0; i < LENGTH; i++) {
        ops[4 * i] = (portio_batch_op){STATUS, 8, PORTIO_BATCH_WAIT, 0x80, 0x80, 1000};
        ops[4 * i + 1] = (portio_batch_op){DATA, 8, PORTIO_BATCH_WRITE, (uint8_t)text[i]};
        ops[4 * i + 2] = (portio_batch_op){CONTROL, 8, PORTIO_BATCH_MODIFY, 0x01, 0x00};
        ops[4 * i + 3] = (portio_batch_op){CONTROL, 8, PORTIO_BATCH_MODIFY, 0x00, 0x01};
    }
    assert_int_equal(portio_batch(ops, 4 * LENGTH), PORTIO_OK);
    uint8_t printed[16];
    assert_int_equal(portio_mock_lpt_take_printed(lpt, printed, sizeof printed), LENGTH);
    assert_memory_equal(printed, text, LENGTH);
    /* every wait after the first polled the busy status away */
    for (size_t i = 1; i < LENGTH; i++)
        assert_int_equal(ops[4 * i].result, 0xD8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, use_empty_mock)
        T(data_latch_reads_back_what_outb_wrote),
        T(data_latch_reads_back_what_portio_write_wrote),
        T(status_reads_0xd8_by_default),
        T(status_reads_what_set_status_sets),
        T(writes_to_status_are_ignored),
        T(control_reads_0xcc_at_start),
        T(control_reads_bits_0_to_5_as_written_and_bits_6_7_as_one),
        T(direction_bit_makes_data_read_the_input_lines),
        T(wide_read_at_base_covers_data_and_status),
        T(read_of_32_bits_at_base_floats_past_control),
        T(lpt_occupies_exactly_three_ports),
        T(overlapping_lpt_is_refused),
        T(refused_lpt_leaves_its_model_place_free),
        T(models_at_0x378_0x278_0xd010_are_independent),
        T(max_lpts_exist_and_one_more_is_refused),
        T(reset_frees_every_model_place),
        T(reset_returns_models_to_their_starting_state),
        T(getters_given_null_read_0xff),
        T(setters_given_null_do_nothing),
        T(add_lpt_with_null_out_still_attaches),
        T(strobe_rising_edge_prints_the_data_latch),
        T(strobe_held_or_falling_prints_nothing_more),
        T(status_reads_busy_for_busy_reads_after_a_strobe),
        T(busy_clears_bit_7_only_of_the_set_status),
        T(take_printed_moves_bytes_oldest_first),
        T(printer_keeps_at_most_capacity_bytes),
        T(take_printed_from_null_or_into_null_is_0),
        T(reset_forgets_what_was_printed),
        T(batch_handshake_prints_every_byte_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
