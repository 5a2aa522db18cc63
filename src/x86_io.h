/* SPDX-License-Identifier: MIT */
/*
 * The x86 port instructions, wrapped once, port first.
 * PORTIO_HAVE_X86_IO is 1 where they exist; elsewhere this header declares
 * nothing, so non-x86 builds never see an in/out instruction.
 */
#ifndef PORTIO_X86_IO_H
#define PORTIO_X86_IO_H

#include <stddef.h>
#include <stdint.h>

#if defined(__i386__) || defined(__x86_64__) || defined(_M_IX86) || defined(_M_X64)
#define PORTIO_HAVE_X86_IO 1
#else
#define PORTIO_HAVE_X86_IO 0
#endif

#if PORTIO_HAVE_X86_IO && defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
/* Microsoft's compiler. (Clang in MSVC mode takes the GNU path below: its
 * <intrin.h> only declares the port intrinsics, and no library defines
 * them.) MSVC treats its port intrinsics as volatile; the barrier keeps ordinary
 * memory accesses on their side of the port access. */
#define PORTIO_BARRIER() _ReadWriteBarrier()
static inline uint8_t portio_x86_inb(uint16_t port) { PORTIO_BARRIER(); uint8_t v = __inbyte(port); PORTIO_BARRIER(); return v; }
static inline uint16_t portio_x86_inw(uint16_t port) { PORTIO_BARRIER(); uint16_t v = __inword(port); PORTIO_BARRIER(); return v; }
static inline uint32_t portio_x86_inl(uint16_t port) { PORTIO_BARRIER(); uint32_t v = __indword(port); PORTIO_BARRIER(); return v; }
static inline void portio_x86_outb(uint16_t port, uint8_t v) { PORTIO_BARRIER(); __outbyte(port, v); PORTIO_BARRIER(); }
static inline void portio_x86_outw(uint16_t port, uint16_t v) { PORTIO_BARRIER(); __outword(port, v); PORTIO_BARRIER(); }
static inline void portio_x86_outl(uint16_t port, uint32_t v) { PORTIO_BARRIER(); __outdword(port, v); PORTIO_BARRIER(); }
static inline void portio_x86_insb(uint16_t port, void *buf, size_t n) { PORTIO_BARRIER(); __inbytestring(port, (unsigned char *)buf, (unsigned long)n); PORTIO_BARRIER(); }
static inline void portio_x86_insw(uint16_t port, void *buf, size_t n) { PORTIO_BARRIER(); __inwordstring(port, (unsigned short *)buf, (unsigned long)n); PORTIO_BARRIER(); }
static inline void portio_x86_insl(uint16_t port, void *buf, size_t n) { PORTIO_BARRIER(); __indwordstring(port, (unsigned long *)buf, (unsigned long)n); PORTIO_BARRIER(); }
static inline void portio_x86_outsb(uint16_t port, const void *buf, size_t n) { PORTIO_BARRIER(); __outbytestring(port, (unsigned char *)buf, (unsigned long)n); PORTIO_BARRIER(); }
static inline void portio_x86_outsw(uint16_t port, const void *buf, size_t n) { PORTIO_BARRIER(); __outwordstring(port, (unsigned short *)buf, (unsigned long)n); PORTIO_BARRIER(); }
static inline void portio_x86_outsl(uint16_t port, const void *buf, size_t n) { PORTIO_BARRIER(); __outdwordstring(port, (unsigned long *)buf, (unsigned long)n); PORTIO_BARRIER(); }

#elif PORTIO_HAVE_X86_IO
/* GCC and Clang, in every mode. The "memory" clobber is the compiler barrier: ordinary
 * loads and stores are not moved across a port access. */
static inline uint8_t portio_x86_inb(uint16_t port)
{
    uint8_t value;
    __asm__ __volatile__("inb %w1, %b0" : "=a"(value) : "Nd"(port) : "memory");
    return value;
}
static inline uint16_t portio_x86_inw(uint16_t port)
{
    uint16_t value;
    __asm__ __volatile__("inw %w1, %w0" : "=a"(value) : "Nd"(port) : "memory");
    return value;
}
static inline uint32_t portio_x86_inl(uint16_t port)
{
    uint32_t value;
    __asm__ __volatile__("inl %w1, %k0" : "=a"(value) : "Nd"(port) : "memory");
    return value;
}
static inline void portio_x86_outb(uint16_t port, uint8_t value)
{
    __asm__ __volatile__("outb %b0, %w1" : : "a"(value), "Nd"(port) : "memory");
}
static inline void portio_x86_outw(uint16_t port, uint16_t value)
{
    __asm__ __volatile__("outw %w0, %w1" : : "a"(value), "Nd"(port) : "memory");
}
static inline void portio_x86_outl(uint16_t port, uint32_t value)
{
    __asm__ __volatile__("outl %k0, %w1" : : "a"(value), "Nd"(port) : "memory");
}
/* String forms: rep ins/outs with the direction flag clear, as the ABI
 * guarantees at a call. */
static inline void portio_x86_insb(uint16_t port, void *buf, size_t count)
{
    __asm__ __volatile__("rep insb" : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}
static inline void portio_x86_insw(uint16_t port, void *buf, size_t count)
{
    __asm__ __volatile__("rep insw" : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}
static inline void portio_x86_insl(uint16_t port, void *buf, size_t count)
{
    __asm__ __volatile__("rep insl" : "+D"(buf), "+c"(count) : "d"(port) : "memory");
}
static inline void portio_x86_outsb(uint16_t port, const void *buf, size_t count)
{
    __asm__ __volatile__("rep outsb" : "+S"(buf), "+c"(count) : "d"(port) : "memory");
}
static inline void portio_x86_outsw(uint16_t port, const void *buf, size_t count)
{
    __asm__ __volatile__("rep outsw" : "+S"(buf), "+c"(count) : "d"(port) : "memory");
}
static inline void portio_x86_outsl(uint16_t port, const void *buf, size_t count)
{
    __asm__ __volatile__("rep outsl" : "+S"(buf), "+c"(count) : "d"(port) : "memory");
}
#endif

#if PORTIO_HAVE_X86_IO
/* One access of width_bits, already checked to be 8, 16 or 32. */
static inline uint32_t portio_x86_in(uint16_t port, unsigned width_bits)
{
    return width_bits == 8 ? portio_x86_inb(port)
         : width_bits == 16 ? portio_x86_inw(port) : portio_x86_inl(port);
}
static inline void portio_x86_out(uint16_t port, unsigned width_bits, uint32_t value)
{
    if (width_bits == 8)
        portio_x86_outb(port, (uint8_t)value);
    else if (width_bits == 16)
        portio_x86_outw(port, (uint16_t)value);
    else
        portio_x86_outl(port, value);
}
#endif

#endif
