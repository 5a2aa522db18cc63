/*
 * Benchmark: the cost of portio_inb/portio_outb next to the bare x86
 * instruction, on whatever backend the system allows. Not a test: timings
 * on shared machines are noisy, so nothing here passes or fails on speed.
 *
 *   bench_fast_path [--backend NAME] [--port PORT] [--iterations N]
 *
 * With the direct backend (root on x86 Linux, e.g. in the QEMU guest) it
 * times the library call and the inline instruction on the same port; with
 * any other backend, the library call alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "portio.h"
#include "x86_io.h"

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static volatile uint32_t sink;

static double time_library_inb(uint16_t port, long iterations)
{
    uint32_t sum = 0;
    double start = now_ns();
    for (long i = 0; i < iterations; i++)
        sum += portio_inb(port);
    double elapsed = now_ns() - start;
    sink = sum;
    return elapsed / (double)iterations;
}

static double time_library_outb(uint16_t port, long iterations)
{
    double start = now_ns();
    for (long i = 0; i < iterations; i++)
        portio_outb(port, (uint8_t)i);
    return (now_ns() - start) / (double)iterations;
}

#if PORTIO_HAVE_X86_IO
static double time_bare_inb(uint16_t port, long iterations)
{
    uint32_t sum = 0;
    double start = now_ns();
    for (long i = 0; i < iterations; i++)
        sum += portio_x86_inb(port);
    double elapsed = now_ns() - start;
    sink = sum;
    return elapsed / (double)iterations;
}

static double time_bare_outb(uint16_t port, long iterations)
{
    double start = now_ns();
    for (long i = 0; i < iterations; i++)
        portio_x86_outb(port, (uint8_t)i);
    return (now_ns() - start) / (double)iterations;
}
#endif

int main(int argc, char **argv)
{
    const char *backend = NULL;
    uint16_t port = 0x80; /* the POST code port: writes there are harmless */
    long iterations = 1000000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc)
            backend = argv[++i];
        else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc)
            port = (uint16_t)strtoul(argv[++i], NULL, 0);
        else if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
            iterations = strtol(argv[++i], NULL, 0);
        else {
            fprintf(stderr, "usage: %s [--backend NAME] [--port PORT] [--iterations N]\n", argv[0]);
            return 2;
        }
    }
    if (iterations <= 0)
        iterations = 1;
    if (backend && portio_use_backend(backend) != PORTIO_OK) {
        fprintf(stderr, "%s\n", portio_last_error());
        return 1;
    }
    if (portio_enable(port, 1) != PORTIO_OK) {
        fprintf(stderr, "%s\n", portio_last_error());
        return 1;
    }
    printf("backend %s, port 0x%04X, %ld iterations\n", portio_backend(), port, iterations);
    printf("portio_inb   %8.2f ns\n", time_library_inb(port, iterations));
    printf("portio_outb  %8.2f ns\n", time_library_outb(port, iterations));
#if PORTIO_HAVE_X86_IO
    if (strcmp(portio_backend(), "direct") == 0) {
        printf("bare inb     %8.2f ns\n", time_bare_inb(port, iterations));
        printf("bare outb    %8.2f ns\n", time_bare_outb(port, iterations));
    }
#endif
    return 0;
}
