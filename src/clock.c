/* SPDX-License-Identifier: MIT */
/* The monotonic clock: CLOCK_MONOTONIC on Linux, the performance counter
 * on Windows. It counts whole microseconds, so a pause that spins waits for
 * one more than asked: whatever fraction of one had passed at its start, it
 * then lasts at least its time. */
#include "clock.h"

#ifdef _WIN32
#include <windows.h>

/* Sleep's granularity is a scheduler tick (1 to 15.6 ms): below a few
 * ticks' worth a pause spins, yielding the CPU to other threads. */
#define SLEEP_FROM_US 20000u

uint64_t portio_clock_now_us(void)
{
    LARGE_INTEGER counter, frequency;
    QueryPerformanceCounter(&counter);
    QueryPerformanceFrequency(&frequency);
    uint64_t ticks = (uint64_t)counter.QuadPart;
    uint64_t per_second = (uint64_t)frequency.QuadPart;
    /* In two parts, so that ticks * 1000000 cannot overflow. */
    return ticks / per_second * 1000000u + ticks % per_second * 1000000u / per_second;
}

void portio_clock_pause_us(uint32_t us)
{
    if (us == 0)
        return;
    uint64_t deadline = portio_clock_now_us() + us + 1;
    if (us >= SLEEP_FROM_US)
        Sleep((us - SLEEP_FROM_US / 2) / 1000u);
    while (portio_clock_now_us() < deadline)
        SwitchToThread();
}

#else
#include <errno.h>
#include <time.h>

/* nanosleep oversleeps by the timer slack (50 us by default): shorter
 * pauses spin. */
#define SLEEP_FROM_US 50u

uint64_t portio_clock_now_us(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000u + (uint64_t)now.tv_nsec / 1000u;
}

void portio_clock_pause_us(uint32_t us)
{
    if (us == 0)
        return;
    if (us < SLEEP_FROM_US) {
        uint64_t deadline = portio_clock_now_us() + us + 1;
        while (portio_clock_now_us() < deadline) {
        }
        return;
    }
    struct timespec left = {(time_t)(us / 1000000u), (long)(us % 1000000u) * 1000L};
    /* A signal cuts a sleep short: sleep the rest. */
    while (nanosleep(&left, &left) != 0 && errno == EINTR) {
    }
}
#endif
