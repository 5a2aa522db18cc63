/* SPDX-License-Identifier: MIT */
/* The references of the benchmarks: the bare x86 port instructions in the
 * benchmark's own inline assembly, not the library's (src/x86_io.h). */
#ifndef PORTIO_BENCH_BARE_X86_H
#define PORTIO_BENCH_BARE_X86_H

#include <stddef.h>
#include <stdint.h>

static inline uint8_t bare_inb(uint16_t port)
{
    uint8_t value;
    __asm__ __volatile__("inb %w1, %b0" : "=a"(value) : "Nd"(port) : "memory");
    return value;
}

static inline void bare_outb(uint16_t port, uint8_t value)
{
    __asm__ __volatile__("outb %b0, %w1" : : "a"(value), "Nd"(port) : "memory");
}

static inline void bare_insb(uint16_t port, void *buf, size_t count)
{
    __asm__ __volatile__("rep insb" : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}

static inline void bare_outsb(uint16_t port, const void *buf, size_t count)
{
    __asm__ __volatile__("rep outsb" : "+S"(buf), "+c"(count) : "d"(port) : "memory");
}

#endif
