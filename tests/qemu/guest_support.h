/* SPDX-License-Identifier: MIT */
/* What several guest programs share: the emulated parallel port at 0x378
 * and the checks every refusal scenario makes. Header-only, static inline,
 * so each program takes what it uses. */
#ifndef GUEST_SUPPORT_H
#define GUEST_SUPPORT_H

#include "test_support.h"

#define LPT 0x378

static const uint8_t lpt_patterns[] = {0x55, 0xAA, 0x00, 0xFF, 0x3C, 0xA5, 0x01, 0x80};

/* Group setup: the three LPT registers, with the reason on failure. */
static inline int enable_lpt(void **state)
{
    (void)state;
    if (portio_enable(LPT, 3) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

/* For scenarios where every enable fails: switching stays allowed because a
 * failed enable enables nothing. */
static inline void use_backend(const char *name)
{
    assert_int_equal(portio_use_backend(name), PORTIO_OK);
    assert_string_equal(portio_backend(), name);
}

static inline uint8_t checked_inb(uint16_t port)
{
    uint32_t value = 0x1234;
    assert_int_equal(portio_read(port, 8, &value), PORTIO_OK);
    assert_in_range(value, 0, 0xFF);
    return (uint8_t)value;
}

static inline void latch_reads_back_patterns_through_fast_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lpt_patterns; i++) {
        portio_outb(LPT, lpt_patterns[i]);
        assert_int_equal(portio_inb(LPT), lpt_patterns[i]);
    }
}

static inline void latch_reads_back_patterns_through_checked_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lpt_patterns; i++) {
        assert_int_equal(portio_write(LPT, 8, lpt_patterns[i]), PORTIO_OK);
        assert_int_equal(checked_inb(LPT), lpt_patterns[i]);
    }
}

static inline void fast_and_checked_paths_see_the_same_latch(void **state)
{
    (void)state;
    portio_outb(LPT, 0x69);
    assert_int_equal(checked_inb(LPT), 0x69);
    assert_int_equal(portio_write(LPT, 8, 0x96), PORTIO_OK);
    assert_int_equal(portio_inb(LPT), 0x96);
}

/* QEMU's idle parallel port: not busy, acknowledge high, selected, no
 * error (0xD8) with bit 0 set; control with INIT and SELECT_IN set and the
 * missing bits 6-7 reading 1. */
static inline void status_and_control_read_the_idle_port(void **state)
{
    (void)state;
    assert_int_equal(portio_inb(LPT + 1), 0xD9);
    assert_int_equal(checked_inb(LPT + 1), 0xD9);
    assert_int_equal(portio_inb(LPT + 2), 0xCC);
    assert_int_equal(checked_inb(LPT + 2), 0xCC);
}

/* After refused enables nothing is enabled: the checked path refuses and
 * the process lives, the value stays as it was. */
static inline void checked_access_after_refusals_is_not_enabled(void **state)
{
    (void)state;
    uint32_t value = 0x5A5A;
    assert_int_equal(portio_read(LPT, 8, &value), PORTIO_E_NOT_ENABLED);
    assert_int_equal(value, 0x5A5A);
    assert_int_equal(portio_write(LPT, 8, 0x55), PORTIO_E_NOT_ENABLED);
    print_message("%s\n", portio_last_error());
}

/* No backend was chosen, so the fast path touches no port: it reads a
 * floating bus instead of faulting. */
static inline void fast_read_after_refusals_reads_all_ones(void **state)
{
    (void)state;
    assert_int_equal(portio_inb(LPT), 0xFF);
}

#endif
