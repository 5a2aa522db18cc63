/* SPDX-License-Identifier: MIT */
/*
 * Timing for the benchmarks: a path and its reference are timed in turns
 * (A B A B ...), so that drift on a shared machine hits both alike, and
 * each round, the fastest of its turns, gives one ratio. Results are printed as lines that
 * run_bench.sh turns into the table:
 *   PORTIO-BENCH|id|path|ns|reference|reference ns|ratio|low|high|target
 * ns are per access (medians); ratio is the median of the rounds' ratios,
 * low and high their quartiles; target is the largest ratio allowed, or "-".
 */
#ifndef PORTIO_BENCH_MEASURE_H
#define PORTIO_BENCH_MEASURE_H

/* Runs the measured operation `iterations` times. */
typedef void (*bench_body)(void *context, long iterations);

struct bench_timing {
    bench_body body;
    void *context;
    long iterations;         /* per round */
    double accesses;         /* port accesses per iteration, for ns per access */
};

struct bench_result {
    double ns;           /* median ns per access of the path */
    double reference_ns; /* median ns per access of the reference */
    double ratio;                 /* median of the rounds' ratios */
    double ratio_low, ratio_high; /* their first and third quartiles */
};

/* Monotonic time in nanoseconds. */
double bench_now_ns(void);

/* Times one run of `timing`, in ns per access. */
double bench_time(const struct bench_timing *timing);

/* `rounds` rounds (at most BENCH_MAX_ROUNDS) of BENCH_TURNS turns of path
 * then reference; a round's times are its fastest turns. */
#define BENCH_MAX_ROUNDS 64
#define BENCH_TURNS 5
void bench_compare(const struct bench_timing *path, const struct bench_timing *reference,
                   int rounds, struct bench_result *result);

/* Fills ratio, ratio_low and ratio_high from per-round path and reference
 * values, and ns and reference_ns from their medians. */
void bench_summarize(const double *path, const double *reference, int rounds,
                     struct bench_result *result);

/* The median of n values (sorts a copy). */
double bench_median(const double *values, int n);

/* One line of the table; target <= 0 means no target. */
void bench_print(const char *id, const char *path, const char *reference,
                 const struct bench_result *result, double target);

#endif
