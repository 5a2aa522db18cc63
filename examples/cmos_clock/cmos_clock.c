/* SPDX-License-Identifier: MIT */
/*
 * cmos_clock: reads the date and time from the PC's real-time clock.
 *
 *     cmos_clock [--simulate] [--backend NAME]
 *
 * prints the clock as "2026-11-26 05:31:07". With --simulate it reads a
 * small model of the clock on portio's mock backend instead: no hardware,
 * no root.
 *
 * The RTC (a Motorola MC146818 in the original PC/AT, today part of the
 * chipset) sits behind two I/O ports: write a register number to the index
 * port 0x70, then read that register from the data port 0x71.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <portio.h>

#include "example_options.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

/* RTC registers. The century register is not part of the MC146818; 0x32 is
 * where PCs keep it (ACPI's FADT names the place), so it is checked before
 * it is believed. */
enum {
    RTC_SECONDS = 0x00,
    RTC_MINUTES = 0x02,
    RTC_HOURS = 0x04,
    RTC_DAY = 0x07,
    RTC_MONTH = 0x08,
    RTC_YEAR = 0x09,
    RTC_STATUS_A = 0x0A,
    RTC_STATUS_B = 0x0B,
    RTC_CENTURY = 0x32
};

#define STATUS_A_UPDATE_IN_PROGRESS 0x80
#define STATUS_B_24_HOUR 0x02 /* else 12-hour, with PM in bit 7 of the hours */
#define STATUS_B_BINARY 0x04  /* else BCD: 0x59 means 59 */
#define HOURS_PM 0x80

/* Once a second the clock sets "update in progress" for about 2 ms while it
 * changes its registers. These bounds are far beyond that; reaching one
 * means that no clock answers. */
#define MAX_POLLS 1000000
#define MAX_ATTEMPTS 10

/* One RTC register. Bit 7 of the index masks NMIs on many chipsets; it stays
 * clear, as the kernel leaves it. The fast portio_outb/portio_inb are right
 * here: main enabled both ports, and there is no width a backend could
 * refuse (8 bits work everywhere). */
static uint8_t rtc_register(uint8_t index)
{
    portio_outb(CMOS_INDEX, index & 0x7F);
    return portio_inb(CMOS_DATA);
}

/* The clock's registers as read, before decoding. */
struct raw_clock {
    uint8_t seconds, minutes, hours, day, month, year, century;
};

/*
 * A consistent snapshot. After "update in progress" reads 0 the clock will
 * not change for at least 244 us, but this program may be preempted, and the
 * kernel's own RTC driver uses the same ports under a lock user space cannot
 * take. So read until two snapshots in a row agree.
 */
static bool read_clock(struct raw_clock *clock)
{
    struct raw_clock previous;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        int polls = 0;
        while (rtc_register(RTC_STATUS_A) & STATUS_A_UPDATE_IN_PROGRESS)
            if (++polls == MAX_POLLS)
                return false;
        clock->seconds = rtc_register(RTC_SECONDS);
        clock->minutes = rtc_register(RTC_MINUTES);
        clock->hours = rtc_register(RTC_HOURS);
        clock->day = rtc_register(RTC_DAY);
        clock->month = rtc_register(RTC_MONTH);
        clock->year = rtc_register(RTC_YEAR);
        clock->century = rtc_register(RTC_CENTURY);
        if (attempt > 0 && memcmp(clock, &previous, sizeof *clock) == 0)
            return true;
        previous = *clock;
    }
    return false;
}

/* A register's number: binary as it is, or BCD (two decimal digits in the
 * two nibbles). -1 for a value that is not valid BCD. */
static int decode(uint8_t value, bool binary)
{
    if (binary)
        return value;
    if ((value >> 4) > 9 || (value & 0x0F) > 9)
        return -1;
    return (value >> 4) * 10 + (value & 0x0F);
}

static int print_clock(void)
{
    struct raw_clock raw;
    if (!read_clock(&raw)) {
        fprintf(stderr, "cmos_clock: the clock never held still (update in progress, or values "
                        "changing); is there an RTC at 0x70/0x71?\n");
        return 1;
    }
    uint8_t status_b = rtc_register(RTC_STATUS_B);
    bool binary = status_b & STATUS_B_BINARY;

    /* In 12-hour mode bit 7 of the hours is PM, and the hours run 12, 1..11. */
    int hours = decode(raw.hours & (uint8_t)~HOURS_PM, binary);
    if (!(status_b & STATUS_B_24_HOUR))
        hours = hours >= 1 && hours <= 12 ? hours % 12 + (raw.hours & HOURS_PM ? 12 : 0) : -1;

    int century = decode(raw.century, binary);
    if (century < 19 || century > 21)
        century = 20; /* no believable century register: assume 20xx */
    int year = decode(raw.year, binary);
    int month = decode(raw.month, binary);
    int day = decode(raw.day, binary);
    int minutes = decode(raw.minutes, binary);
    int seconds = decode(raw.seconds, binary);

    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hours < 0 || hours > 23 ||
        minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) {
        fprintf(stderr, "cmos_clock: the clock holds no valid time (registers %02x %02x %02x %02x "
                        "%02x %02x, status B %02x)\n",
                raw.year, raw.month, raw.day, raw.hours, raw.minutes, raw.seconds, status_b);
        return 1;
    }
    printf("%04d-%02d-%02d %02d:%02d:%02d\n", century * 100 + year, month, day, hours, minutes,
           seconds);
    return 0;
}

/* --simulate: a model of the RTC for the mock backend, set to
 * 2026-11-26 05:31:07 in BCD and 24-hour mode, as PCs usually run it. It
 * answers "update in progress" to the first look at status A, so the wait
 * above runs too. */
struct simulated_rtc {
    uint8_t index;
    uint8_t registers[128];
    bool updating;
};

static uint32_t simulated_read(void *context, uint16_t port, unsigned width_bits)
{
    struct simulated_rtc *rtc = context;
    (void)width_bits; /* the mock masks the value to the width */
    if (port != CMOS_DATA)
        return 0xFF; /* the index port is write-only */
    uint8_t value = rtc->registers[rtc->index];
    if (rtc->index == RTC_STATUS_A && rtc->updating) {
        value |= STATUS_A_UPDATE_IN_PROGRESS;
        rtc->updating = false;
    }
    return value;
}

static void simulated_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    struct simulated_rtc *rtc = context;
    (void)width_bits;
    if (port == CMOS_INDEX)
        rtc->index = value & 0x7F;
    else
        rtc->registers[rtc->index] = (uint8_t)value;
}

static int attach_simulated_rtc(void)
{
    static struct simulated_rtc rtc = {
        .updating = true,
        .registers = {
            [RTC_SECONDS] = 0x07, [RTC_MINUTES] = 0x31, [RTC_HOURS] = 0x05,
            [RTC_DAY] = 0x26, [RTC_MONTH] = 0x11, [RTC_YEAR] = 0x26,
            [RTC_STATUS_A] = 0x26, /* 32.768 kHz time base, 1024 Hz periodic rate */
            [RTC_STATUS_B] = STATUS_B_24_HOUR, [RTC_CENTURY] = 0x20,
        },
    };
    int status = portio_use_backend("mock");
    if (status != PORTIO_OK)
        return status;
    return portio_mock_attach(CMOS_INDEX, 2, simulated_read, simulated_write, &rtc);
}

static const char usage_text[] =
    "usage: cmos_clock [--simulate] [--backend NAME]\n"
    "reads the date and time from the real-time clock at ports 0x70/0x71\n"
    "  --simulate      read a simulated clock (mock backend): no hardware, no root\n"
    "  --backend NAME  auto, direct, devport (Linux), driver (Windows) or mock\n";

int main(int argc, char **argv)
{
    bool simulate;
    int exit_status = example_options(argc, argv, "cmos_clock", usage_text, &simulate);
    if (exit_status >= 0)
        return exit_status;
    /* Ask for exactly the two ports used. Every failure comes with a
     * message that says what to do. */
    if ((simulate && attach_simulated_rtc() != PORTIO_OK) ||
        portio_enable(CMOS_INDEX, 2) != PORTIO_OK) {
        fprintf(stderr, "cmos_clock: %s\n", portio_last_error());
        return 1;
    }
    return print_clock();
}
