/* SPDX-License-Identifier: MIT */
/* portio_read and portio_write: every argument checked, never a fault.
 * The common case (a valid access to enabled ports, by a thread whose
 * permission is in line; portio_access_refusal_ in portio.h, which the
 * inline forms test too) is tested first in one piece, without calls,
 * and, where the process runs the instructions itself, ends in the
 * instruction; everything else goes the long way, which finds the reason
 * and words the message. */
#include "portio.h"

#include "backend.h"
#include "errors.h"
#include "front.h"
#include "x86_io.h"

static int check_access(const char *what, uint16_t port, unsigned width_bits)
{
    if (width_bits != 8 && width_bits != 16 && width_bits != 32)
        return portio_fail(PORTIO_E_INVALID, "%s(0x%04X, %u, ...): the width must be 8, 16 or 32 bits",
                           what, port, width_bits);
    unsigned bytes = width_bits / 8;
    if ((uint32_t)port + bytes > 0x10000u)
        return portio_fail(PORTIO_E_INVALID,
                           "%s(0x%04X, %u, ...): a %u-bit access there would run past port 0xFFFF",
                           what, port, width_bits, width_bits);
    return PORTIO_OK;
}

#if PORTIO_GNU_C_
#define COLD __attribute__((noinline))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define COLD
#define LIKELY(x) (x)
#endif

COLD static int read_the_long_way(uint16_t port, unsigned width_bits, uint32_t *value)
{
    int status = check_access("portio_read", port, width_bits);
    if (status != PORTIO_OK)
        return status;
    if (!value)
        return portio_fail(PORTIO_E_INVALID, "portio_read(0x%04X, %u, NULL): give a place for the value",
                           port, width_bits);
    const struct portio_backend *backend;
    status = portio_front_prepare_access("portio_read", port, width_bits / 8, &backend);
    if (status != PORTIO_OK)
        return status;
    uint32_t result;
    status = backend->read(port, width_bits, &result);
    if (status == PORTIO_OK)
        *value = result;
    return status;
}

int portio_read(uint16_t port, unsigned width_bits, uint32_t *value)
{
    if (LIKELY((portio_access_refusal_(port, width_bits) | (unsigned long)(value == NULL)) == 0)) {
#if PORTIO_HAVE_X86_IO
        if (portio_inline_instructions()) {
            *value = portio_x86_in(port, width_bits);
            return PORTIO_OK;
        }
#endif
        return portio_active_backend()->read(port, width_bits, value);
    }
    return read_the_long_way(port, width_bits, value);
}

COLD static int write_the_long_way(uint16_t port, unsigned width_bits, uint32_t value)
{
    int status = check_access("portio_write", port, width_bits);
    if (status != PORTIO_OK)
        return status;
    if (width_bits < 32 && (value >> width_bits) != 0)
        return portio_fail(PORTIO_E_INVALID,
                           "portio_write(0x%04X, %u, 0x%X): the value does not fit in %u bits",
                           port, width_bits, value, width_bits);
    const struct portio_backend *backend;
    status = portio_front_prepare_access("portio_write", port, width_bits / 8, &backend);
    if (status != PORTIO_OK)
        return status;
    return backend->write(port, width_bits, value);
}

int portio_write(uint16_t port, unsigned width_bits, uint32_t value)
{
    /* The value fits the width; the shift decides only below 32 bits. */
    unsigned long too_wide =
        (unsigned long)(width_bits < 32) & (unsigned long)((value >> (width_bits & 31u)) != 0);
    if (LIKELY((portio_access_refusal_(port, width_bits) | too_wide) == 0)) {
#if PORTIO_HAVE_X86_IO
        if (portio_inline_instructions()) {
            portio_x86_out(port, width_bits, value);
            return PORTIO_OK;
        }
#endif
        return portio_active_backend()->write(port, width_bits, value);
    }
    return write_the_long_way(port, width_bits, value);
}
