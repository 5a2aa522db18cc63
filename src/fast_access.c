/* SPDX-License-Identifier: MIT */
/* The fast, unchecked functions. Where the process may run the port
 * instructions itself, each is one predictable branch and the instruction;
 * otherwise the backend in use serves the access. */
#include "portio.h"

#include <string.h>

#include "backend.h"
#include "errors.h"
#include "x86_io.h"

#if PORTIO_HAVE_X86_IO
#define INLINE_IO() portio_inline_instructions()
#else
#define INLINE_IO() 0
#define portio_x86_inb(p) 0
#define portio_x86_inw(p) 0
#define portio_x86_inl(p) 0
#define portio_x86_outb(p, v) ((void)0)
#define portio_x86_outw(p, v) ((void)0)
#define portio_x86_outl(p, v) ((void)0)
#define portio_x86_insb(p, b, n) ((void)0)
#define portio_x86_insw(p, b, n) ((void)0)
#define portio_x86_insl(p, b, n) ((void)0)
#define portio_x86_outsb(p, b, n) ((void)0)
#define portio_x86_outsw(p, b, n) ((void)0)
#define portio_x86_outsl(p, b, n) ((void)0)
#endif

/* A refused read gives what a floating bus gives: all ones. */
static uint32_t backend_read(uint16_t port, unsigned width_bits)
{
    uint32_t value = 0xFFFFFFFFu >> (32 - width_bits);
    uint32_t result;
    if (portio_active_backend()->read(port, width_bits, &result) == PORTIO_OK)
        value = result;
    return value;
}

uint8_t portio_inb(uint16_t port)
{
    if (INLINE_IO())
        return portio_x86_inb(port);
    return (uint8_t)backend_read(port, 8);
}

uint16_t portio_inw(uint16_t port)
{
    if (INLINE_IO())
        return portio_x86_inw(port);
    return (uint16_t)backend_read(port, 16);
}

uint32_t portio_inl(uint16_t port)
{
    if (INLINE_IO())
        return portio_x86_inl(port);
    return backend_read(port, 32);
}

void portio_outb(uint16_t port, uint8_t value)
{
    if (INLINE_IO())
        portio_x86_outb(port, value);
    else
        portio_active_backend()->write(port, 8, value);
}

void portio_outw(uint16_t port, uint16_t value)
{
    if (INLINE_IO())
        portio_x86_outw(port, value);
    else
        portio_active_backend()->write(port, 16, value);
}

void portio_outl(uint16_t port, uint32_t value)
{
    if (INLINE_IO())
        portio_x86_outl(port, value);
    else
        portio_active_backend()->write(port, 32, value);
}

/* The string forms check buf: a NULL buffer costs nothing to catch next to
 * a string transfer, and would otherwise crash inside the instruction. */
static int null_buffer(const char *what, uint16_t port, const void *buf, size_t count)
{
    if (buf || count == 0)
        return 0;
    portio_fail(PORTIO_E_INVALID, "%s(0x%04X, NULL, %zu): the buffer is NULL; nothing was transferred",
                what, port, count);
    return 1;
}

static void backend_read_string(uint16_t port, unsigned width_bits, void *buf, size_t count)
{
    if (portio_active_backend()->read_string(port, width_bits, buf, count) != PORTIO_OK)
        memset(buf, 0xFF, count * (width_bits / 8));
}

#define STRING_IN(function, width)                                            \
    void portio_##function(uint16_t port, void *buf, size_t count)            \
    {                                                                         \
        if (count == 0 || null_buffer("portio_" #function, port, buf, count)) \
            return;                                                           \
        if (INLINE_IO())                                                      \
            portio_x86_##function(port, buf, count);                          \
        else                                                                  \
            backend_read_string(port, width, buf, count);                     \
    }

#define STRING_OUT(function, width)                                           \
    void portio_##function(uint16_t port, const void *buf, size_t count)      \
    {                                                                         \
        if (count == 0 || null_buffer("portio_" #function, port, buf, count)) \
            return;                                                           \
        if (INLINE_IO())                                                      \
            portio_x86_##function(port, buf, count);                          \
        else                                                                  \
            portio_active_backend()->write_string(port, width, buf, count);   \
    }

STRING_IN(insb, 8)
STRING_IN(insw, 16)
STRING_IN(insl, 32)
STRING_OUT(outsb, 8)
STRING_OUT(outsw, 16)
STRING_OUT(outsl, 32)
