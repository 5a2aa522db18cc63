/* SPDX-License-Identifier: MIT */
/* The direct backend: the kernel grants the calling thread the ports with
 * ioperm, then the process runs the in/out instructions itself. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include "../errors.h"
#include "../ranges.h"
#include "backends.h"
#include "diagnose.h"
#include "portio.h"
#include "system.h"

/* Kernels before 2.6.8 gave ioperm only the ports below 0x400; above, the
 * only way is iopl(3), which opens every port. Used only there. */
#define OLD_IOPERM_LIMIT 0x400u

/* Changed only under the front's lock, as are all calls below but reads. */
static bool using_iopl;

static int refusal(const char *call, uint32_t first, uint32_t count, int error)
{
    char what[64];
    snprintf(what, sizeof what, "%s(0x%X, %u)", call, first, count);
    return portio_linux_refusal(what, error);
}

static int direct_enable(uint32_t first, uint32_t count)
{
    if (portio_linux_system.ioperm(first, count, 1) == 0)
        return PORTIO_OK;
    int error = errno;
    if (error != EINVAL || first + count <= OLD_IOPERM_LIMIT)
        return refusal("ioperm", first, count, error);
    if (portio_linux_system.iopl(3) != 0)
        return portio_linux_refusal("iopl(3)", errno);
    using_iopl = true;
    return PORTIO_OK;
}

static int direct_disable(uint32_t first, uint32_t count)
{
    /* Turning ports off needs no privilege; EINVAL only means an old kernel
     * whose ioperm never covered them. */
    if (portio_linux_system.ioperm(first, count, 0) != 0 && errno != EINVAL)
        return refusal("ioperm", first, count, errno);
    if (using_iopl && portio_ranges_empty()) {
        if (portio_linux_system.iopl(0) != 0)
            return portio_linux_refusal("iopl(0)", errno);
        using_iopl = false;
    }
    return PORTIO_OK;
}

static int grant_run(uint32_t first, uint32_t count, void *context)
{
    (void)context;
    if (portio_linux_system.ioperm(first, count, 1) == 0)
        return PORTIO_OK;
    int error = errno;
    if (error == EINVAL && using_iopl)
        return PORTIO_OK; /* iopl below covers it */
    return refusal("ioperm", first, count, error);
}

/* ioperm and iopl belong to the thread: a thread that existed before an
 * enable does not have it. Give this thread exactly the record. */
static int direct_sync_thread(void)
{
    if (portio_linux_system.ioperm(0, 0x10000, 0) != 0 && errno != EINVAL)
        return refusal("ioperm", 0, 0x10000, errno);
    if (using_iopl && portio_linux_system.iopl(3) != 0)
        return portio_linux_refusal("iopl(3)", errno);
    return portio_ranges_for_each_run(grant_run, NULL);
}

static int direct_read(uint16_t port, unsigned width_bits, uint32_t *value)
{
    *value = portio_x86_in(port, width_bits);
    return PORTIO_OK;
}

static int direct_write(uint16_t port, unsigned width_bits, uint32_t value)
{
    portio_x86_out(port, width_bits, value);
    return PORTIO_OK;
}

static int direct_read_string(uint16_t port, unsigned width_bits, void *buf, size_t count)
{
    switch (width_bits) {
    case 8: portio_x86_insb(port, buf, count); break;
    case 16: portio_x86_insw(port, buf, count); break;
    default: portio_x86_insl(port, buf, count); break;
    }
    return PORTIO_OK;
}

static int direct_write_string(uint16_t port, unsigned width_bits, const void *buf, size_t count)
{
    switch (width_bits) {
    case 8: portio_x86_outsb(port, buf, count); break;
    case 16: portio_x86_outsw(port, buf, count); break;
    default: portio_x86_outsl(port, buf, count); break;
    }
    return PORTIO_OK;
}

const struct portio_backend portio_linux_direct = {
    .name = "direct",
    .uses_instructions = true,
    .enable = direct_enable,
    .disable = direct_disable,
    .sync_thread = direct_sync_thread,
    .read = direct_read,
    .write = direct_write,
    .read_string = direct_read_string,
    .write_string = direct_write_string,
};

void portio_linux_direct_forget(void)
{
    using_iopl = false;
}
