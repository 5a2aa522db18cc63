/* SPDX-License-Identifier: MIT */
/* What bench_linux finds in the plugin bench_shared_part.so by dlsym. */
#ifndef PORTIO_BENCH_SHARED_PART_H
#define PORTIO_BENCH_SHARED_PART_H

#include <stdint.h>

int bench_shared_enable(uint16_t first, uint16_t count);
const char *bench_shared_last_error(void);
/* Bodies for bench_compare; the context points to the port (uint16_t). */
void bench_shared_inb(void *context, long n);
void bench_shared_outb(void *context, long n);

#endif
