/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, as root: the CMOS real-time clock at index port 0x70
 * and data port 0x71 through the direct backend, fast and checked paths. */
#include "test_support.h"

#include <stdbool.h>
#include <time.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_STATUS_A 0x0A
#define RTC_STATUS_B 0x0B

#define STATUS_A_UPDATE_IN_PROGRESS 0x80
#define STATUS_B_SET 0x80    /* updates halted */
#define STATUS_B_BINARY 0x04 /* else BCD */
#define STATUS_B_24_HOUR 0x02
#define HOUR_PM 0x80 /* 12-hour mode only */

/* Bit 7 of the index disables NMI; normal drivers leave it clear. */
#define NMI_DISABLE 0x80

/* The clock sets UIP for under 2 ms per second: this many polls (about
 * 50 ns each under TCG, far slower with the checked path) outlast it. */
#define UIP_POLLS 1000000

static int enable_cmos(void **state)
{
    (void)state;
    if (portio_enable(CMOS_INDEX, 2) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

static uint8_t fast_register(uint8_t index)
{
    portio_outb(CMOS_INDEX, index & (uint8_t)~NMI_DISABLE);
    return portio_inb(CMOS_DATA);
}

static uint8_t checked_register(uint8_t index)
{
    uint32_t value = 0xFFFF; /* not a byte: shows a read that left it alone */
    assert_int_equal(portio_write(CMOS_INDEX, 8, index & (uint8_t)~NMI_DISABLE), PORTIO_OK);
    assert_int_equal(portio_read(CMOS_DATA, 8, &value), PORTIO_OK);
    assert_true(value <= 0xFF);
    return (uint8_t)value;
}

/* Reading while the clock updates its registers can give a torn value:
 * wait until status A says no update is in progress, then read at once
 * (an update starts no sooner than 244 us after UIP rises). */
static uint8_t fast_clock_register(uint8_t index)
{
    int polls = 0;
    while (fast_register(RTC_STATUS_A) & STATUS_A_UPDATE_IN_PROGRESS)
        assert_true(++polls < UIP_POLLS);
    return fast_register(index);
}

static uint8_t checked_clock_register(uint8_t index)
{
    int polls = 0;
    while (checked_register(RTC_STATUS_A) & STATUS_A_UPDATE_IN_PROGRESS)
        assert_true(++polls < UIP_POLLS);
    return checked_register(index);
}

static bool binary_mode(void)
{
    return (fast_register(RTC_STATUS_B) & STATUS_B_BINARY) != 0;
}

/* The register as a number, or -1 if it is not valid BCD. */
static int decode(uint8_t value, bool binary)
{
    if (binary)
        return value;
    if ((value & 0x0F) > 9 || (value >> 4) > 9)
        return -1;
    return (value >> 4) * 10 + (value & 0x0F);
}

static double monotonic_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static void status_b_reads_the_same_twice(void **state)
{
    (void)state;
    uint8_t first = fast_register(RTC_STATUS_B);
    uint8_t second = fast_register(RTC_STATUS_B);
    print_message("status B 0x%02X\n", first);
    assert_int_equal(second, first);
    assert_int_equal(checked_register(RTC_STATUS_B), first);
    /* SET halts the clock; the seconds test below needs it running. */
    assert_int_equal(first & STATUS_B_SET, 0);
}

static void seconds_register_holds_a_valid_value(void **state)
{
    (void)state;
    bool binary = binary_mode();
    uint8_t raw = fast_clock_register(RTC_SECONDS);
    print_message("seconds 0x%02X (%s)\n", raw, binary ? "binary" : "BCD");
    int seconds = decode(raw, binary);
    assert_in_range(seconds, 0, 59);
    seconds = decode(checked_clock_register(RTC_SECONDS), binary);
    assert_in_range(seconds, 0, 59);
}

/* Two reads about 1.2 s apart: the seconds moved on by the time that
 * passed (counted modulo 60, so 59 -> 0 is one step), give or take one
 * for where within a second each read fell. */
static void check_seconds_advance(uint8_t (*read_register)(uint8_t))
{
    bool binary = binary_mode();
    int before = decode(read_register(RTC_SECONDS), binary);
    double start = monotonic_seconds();
    const struct timespec pause = {.tv_sec = 1, .tv_nsec = 200000000};
    assert_int_equal(nanosleep(&pause, NULL), 0);
    int after = decode(read_register(RTC_SECONDS), binary);
    double elapsed = monotonic_seconds() - start;
    print_message("seconds %d -> %d after %.3f s\n", before, after, elapsed);
    assert_in_range(before, 0, 59);
    assert_in_range(after, 0, 59);
    assert_int_not_equal(after, before);
    int advance = (after - before + 60) % 60;
    /* A host so loaded that the guest overslept a minute makes the modulo
     * meaningless; "it changed" is then all that can be said. */
    if (elapsed < 50)
        assert_in_range(advance, 1, (int)elapsed + 2);
}

static void seconds_advance_through_fast_path(void **state)
{
    (void)state;
    check_seconds_advance(fast_clock_register);
}

static void seconds_advance_through_checked_path(void **state)
{
    (void)state;
    check_seconds_advance(checked_clock_register);
}

static void minutes_and_hours_hold_valid_values(void **state)
{
    (void)state;
    uint8_t status_b = fast_register(RTC_STATUS_B);
    bool binary = (status_b & STATUS_B_BINARY) != 0;
    uint8_t minutes = fast_clock_register(RTC_MINUTES);
    uint8_t hours = fast_clock_register(RTC_HOURS);
    print_message("hours 0x%02X minutes 0x%02X (%s, %s)\n", hours, minutes, binary ? "binary" : "BCD",
                  status_b & STATUS_B_24_HOUR ? "24-hour" : "12-hour");
    assert_in_range(decode(minutes, binary), 0, 59);
    assert_in_range(decode(checked_clock_register(RTC_MINUTES), binary), 0, 59);
    if (status_b & STATUS_B_24_HOUR) {
        assert_in_range(decode(hours, binary), 0, 23);
        assert_in_range(decode(checked_clock_register(RTC_HOURS), binary), 0, 23);
    } else {
        /* 12-hour mode: 1..12, with the PM flag in bit 7. */
        assert_in_range(decode(hours & (uint8_t)~HOUR_PM, binary), 1, 12);
        assert_in_range(decode(checked_clock_register(RTC_HOURS) & (uint8_t)~HOUR_PM, binary), 1, 12);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_b_reads_the_same_twice),
        cmocka_unit_test(seconds_register_holds_a_valid_value),
        cmocka_unit_test(seconds_advance_through_fast_path),
        cmocka_unit_test(seconds_advance_through_checked_path),
        cmocka_unit_test(minutes_and_hours_hold_valid_values),
    };
    return cmocka_run_group_tests(tests, enable_cmos, NULL);
}
