/* portio_read and portio_write: every argument checked, never a fault. */
#include "portio.h"

#include "backend.h"
#include "errors.h"
#include "front.h"

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

int portio_read(uint16_t port, unsigned width_bits, uint32_t *value)
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

int portio_write(uint16_t port, unsigned width_bits, uint32_t value)
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
