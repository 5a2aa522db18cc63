/* SPDX-License-Identifier: MIT */
/*
 * Under emulation, where a process's code and data land in memory moves
 * its ratios by several per cent, the same in every round of that process
 * (seen in the QEMU guest: one layout measured 1.08 four times over, and
 * four layouts spread 0.95-1.07). So bench_linux measures in several
 * processes, each with its own layout (ASLR), and reports per row the
 * median of the processes' results and the quartiles of their ratios.
 */
#ifndef PORTIO_BENCH_PROCESSES_H
#define PORTIO_BENCH_PROCESSES_H

#define BENCH_MAX_PROCESSES 15

/* Runs `command` `processes` times through the shell, reads the
 * PORTIO-BENCH lines each run prints and prints the pooled lines in the
 * same format, in the first run's order. 0 when every run finished
 * (printed PORTIO-BENCH-DONE) with the same rows. */
int bench_pool_processes(const char *command, int processes);

#endif
