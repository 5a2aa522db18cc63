/* SPDX-License-Identifier: MIT */
/* clock_gettime is POSIX, outside strict C11. */
#define _POSIX_C_SOURCE 200809L
#include "measure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
double bench_now_ns(void)
{
    static LARGE_INTEGER frequency;
    LARGE_INTEGER now;
    if (!frequency.QuadPart)
        QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&now);
    return (double)now.QuadPart * 1e9 / (double)frequency.QuadPart;
}
#else
#include <time.h>
double bench_now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec * 1e9 + (double)now.tv_nsec;
}
#endif

double bench_time(const struct bench_timing *timing)
{
    double start = bench_now_ns();
    timing->body(timing->context, timing->iterations);
    double elapsed = bench_now_ns() - start;
    return elapsed / ((double)timing->iterations * timing->accesses);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(const double *values, int n)
{
    double sorted[BENCH_MAX_ROUNDS];
    if (n <= 0 || n > BENCH_MAX_ROUNDS)
        return 0;
    memcpy(sorted, values, sizeof(double) * (size_t)n);
    qsort(sorted, (size_t)n, sizeof sorted[0], compare_doubles);
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

void bench_summarize(const double *path, const double *reference, int rounds,
                     struct bench_result *result)
{
    double ratios[BENCH_MAX_ROUNDS];
    for (int i = 0; i < rounds; i++)
        ratios[i] = path[i] / reference[i];
    qsort(ratios, (size_t)rounds, sizeof ratios[0], compare_doubles);
    /* The middle half of the rounds: a round that another program on the
     * machine interrupted lands outside it. */
    result->ratio_low = ratios[(rounds - 1) / 4];
    result->ratio_high = ratios[(3 * (rounds - 1) + 3) / 4];
    result->ratio = bench_median(ratios, rounds);
    result->ns = bench_median(path, rounds);
    result->reference_ns = bench_median(reference, rounds);
}

void bench_compare(const struct bench_timing *path, const struct bench_timing *reference,
                   int rounds, struct bench_result *result)
{
    double path_ns[BENCH_MAX_ROUNDS], reference_ns[BENCH_MAX_ROUNDS];
    if (rounds > BENCH_MAX_ROUNDS)
        rounds = BENCH_MAX_ROUNDS;
    /* One untimed run of each: code and data in the caches (and, under
     * emulation, translated). */
    bench_time(path);
    bench_time(reference);
    for (int i = 0; i < rounds; i++) {
        /* A round keeps the fastest of its turns: a turn that another
         * program interrupted is slower, never faster. */
        path_ns[i] = reference_ns[i] = 1e300;
        for (int turn = 0; turn < BENCH_TURNS; turn++) {
            double a = bench_time(path), b = bench_time(reference);
            path_ns[i] = a < path_ns[i] ? a : path_ns[i];
            reference_ns[i] = b < reference_ns[i] ? b : reference_ns[i];
        }
    }
    bench_summarize(path_ns, reference_ns, rounds, result);
}

void bench_print(const char *id, const char *path, const char *reference,
                 const struct bench_result *result, double target)
{
    char target_text[16] = "-";
    if (target > 0)
        snprintf(target_text, sizeof target_text, "%.2f", target);
    printf("PORTIO-BENCH|%s|%s|%.1f|%s|%.1f|%.6g|%.6g|%.6g|%s\n", id, path, result->ns, reference,
           result->reference_ns, result->ratio, result->ratio_low, result->ratio_high, target_text);
    fflush(stdout);
}
