/* SPDX-License-Identifier: MIT */
/*
 * The part of the benchmark that uses the shared library: built as a
 * plugin linked to libportio.so and dlopened by bench_linux, so that one
 * process times both builds. Its calls are compiled exactly as a program
 * using the shared library compiles them (portio.h's inline forms read the
 * library's flag through the symbol table).
 */
#include "bench_shared_part.h"

#include "portio.h"

static volatile uint32_t sink;

int bench_shared_enable(uint16_t first, uint16_t count)
{
    return portio_enable(first, count);
}

const char *bench_shared_last_error(void)
{
    return portio_last_error();
}

void bench_shared_inb(void *context, long n)
{
    uint16_t port = *(const uint16_t *)context;
    uint32_t sum = 0;
    for (long i = 0; i < n; i++)
        sum += portio_inb(port);
    sink = sum;
}

void bench_shared_outb(void *context, long n)
{
    uint16_t port = *(const uint16_t *)context;
    for (long i = 0; i < n; i++)
        portio_outb(port, (uint8_t)i);
}
