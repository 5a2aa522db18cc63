/* SPDX-License-Identifier: MIT */
/* Atomic access to the plain variables that portio.h shares with programs
 * (portio_generation, portio_port_widths): plain types there, for C++ and
 * MSVC programs, so the library cannot declare them _Atomic. GNU C's
 * __atomic builtins (GCC, Clang in every mode); Microsoft's Interlocked
 * intrinsics and volatile accesses for Microsoft's compiler, which has no
 * __atomic builtins. */
#ifndef PORTIO_PLAIN_ATOMICS_H
#define PORTIO_PLAIN_ATOMICS_H

#include "portio.h"

#if PORTIO_GNU_C_
static inline unsigned long portio_plain_load(const unsigned long *variable)
{
    return __atomic_load_n(variable, __ATOMIC_SEQ_CST);
}
static inline void portio_plain_store(unsigned long *variable, unsigned long value)
{
    __atomic_store_n(variable, value, __ATOMIC_SEQ_CST);
}
static inline unsigned long portio_plain_fetch_add(unsigned long *variable, unsigned long value)
{
    return __atomic_fetch_add(variable, value, __ATOMIC_SEQ_CST);
}
static inline void portio_plain_store_byte_relaxed(unsigned char *variable, unsigned char value)
{
    __atomic_store_n(variable, value, __ATOMIC_RELAXED);
}
#elif defined(_MSC_VER)
#include <intrin.h>
/* unsigned long is 32 bits on Windows, as the Interlocked functions' long.
 * On x86 a plain load is sequentially consistent when every store is a
 * locked instruction; volatile (MSVC's default /volatile:ms) keeps the
 * compiler from moving it. */
static inline unsigned long portio_plain_load(const unsigned long *variable)
{
    return *(const volatile unsigned long *)variable;
}
static inline void portio_plain_store(unsigned long *variable, unsigned long value)
{
    _InterlockedExchange((volatile long *)variable, (long)value);
}
static inline unsigned long portio_plain_fetch_add(unsigned long *variable, unsigned long value)
{
    return (unsigned long)_InterlockedExchangeAdd((volatile long *)variable, (long)value);
}
static inline void portio_plain_store_byte_relaxed(unsigned char *variable, unsigned char value)
{
    *(volatile unsigned char *)variable = value;
}
#else
#error "portio needs GNU C's __atomic builtins or Microsoft's Interlocked intrinsics"
#endif

#endif
