/* SPDX-License-Identifier: MIT */
/* The devport backend: /dev/port, where reading or writing one byte at
 * offset N is an 8-bit access to port N. It needs no ioperm, so it works
 * where that call is blocked or missing, but it is 8-bit only: wider
 * accesses are refused, never split into bytes behind the caller's back. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "../batch_run.h"
#include "../errors.h"
#include "backends.h"
#include "diagnose.h"
#include "portio.h"
#include "system.h"

#define DEVPORT_PATH "/dev/port"

/* Opened at the first enable and kept: the permission was checked at open,
 * so a program may drop its privileges afterwards. */
static atomic_int port_fd = -1;

static int devport_enable(uint32_t first, uint32_t count)
{
    (void)first;
    (void)count;
    if (atomic_load(&port_fd) >= 0)
        return PORTIO_OK;
    int fd = portio_linux_system.open(DEVPORT_PATH, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return portio_linux_refusal("opening " DEVPORT_PATH, errno);
    atomic_store(&port_fd, fd);
    return PORTIO_OK;
}

/* `context` starts the message ("" or which op of a batch) and `after`
 * ends it. */
static int refuse_wide_in(const char *context, const char *what, uint16_t port,
                          unsigned width_bits, const char *after)
{
    return portio_fail(PORTIO_E_UNSUPPORTED,
                       "%s%u-bit %s at port 0x%04X: the devport backend (/dev/port) does 8-bit "
                       "accesses only and does not split wider ones into bytes, which some "
                       "devices cannot take; use the direct backend for %u-bit accesses%s",
                       context, width_bits, what, port, width_bits, after);
}

static int refuse_wide(const char *what, uint16_t port, unsigned width_bits)
{
    return refuse_wide_in("", what, port, width_bits, "");
}

static int transfer_failed(const char *what, uint16_t port, ssize_t result)
{
    return portio_fail(PORTIO_E_IO, "%s port 0x%04X through " DEVPORT_PATH " failed: %s", what,
                       port, result < 0 ? strerror(errno) : "short transfer");
}

static int read_byte(uint16_t port, uint8_t *byte)
{
    ssize_t result = portio_linux_system.pread(atomic_load(&port_fd), byte, 1, port);
    return result == 1 ? PORTIO_OK : transfer_failed("reading", port, result);
}

static int write_byte(uint16_t port, uint8_t byte)
{
    ssize_t result = portio_linux_system.pwrite(atomic_load(&port_fd), &byte, 1, port);
    return result == 1 ? PORTIO_OK : transfer_failed("writing", port, result);
}

static int devport_read(uint16_t port, unsigned width_bits, uint32_t *value)
{
    if (width_bits != 8)
        return refuse_wide("read", port, width_bits);
    uint8_t byte;
    int status = read_byte(port, &byte);
    if (status == PORTIO_OK)
        *value = byte;
    return status;
}

static int devport_write(uint16_t port, unsigned width_bits, uint32_t value)
{
    if (width_bits != 8)
        return refuse_wide("write", port, width_bits);
    return write_byte(port, (uint8_t)value);
}

/* A longer read of /dev/port walks up the port numbers, so a string
 * transfer to one port is one byte per call. */
static int devport_read_string(uint16_t port, unsigned width_bits, void *buf, size_t count)
{
    if (width_bits != 8)
        return refuse_wide("string read", port, width_bits);
    int status = PORTIO_OK;
    for (size_t i = 0; status == PORTIO_OK && i < count; i++)
        status = read_byte(port, (uint8_t *)buf + i);
    return status;
}

static int devport_write_string(uint16_t port, unsigned width_bits, const void *buf, size_t count)
{
    if (width_bits != 8)
        return refuse_wide("string write", port, width_bits);
    int status = PORTIO_OK;
    for (size_t i = 0; status == PORTIO_OK && i < count; i++)
        status = write_byte(port, ((const uint8_t *)buf)[i]);
    return status;
}

/* The single accesses, as the runner's callbacks (8 bits: devport_batch
 * refused every other width). */
static int batch_read(const void *context, uint16_t port, unsigned width_bits, uint32_t *value)
{
    (void)context;
    return devport_read(port, width_bits, value);
}

static int batch_write(const void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)context;
    return devport_write(port, width_bits, value);
}

/* Refused as a whole if any op is wider than a byte, so that a batch never
 * stops half-way for a width it had from the start. Delays have no width. */
static int devport_batch(portio_batch_op *ops, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (ops[i].kind != PORTIO_BATCH_DELAY && ops[i].width_bits != 8) {
            char context[48];
            snprintf(context, sizeof context, "portio_batch: op %zu, a ", i);
            return refuse_wide_in(context, portio_batch_kind_name(ops[i].kind), ops[i].port,
                                  ops[i].width_bits, "; no op of the batch ran");
        }
    }
    static const struct portio_batch_io io = {
        batch_read, batch_write, portio_batch_clock_now, portio_batch_clock_pause, NULL,
    };
    return portio_batch_run(&io, ops, count);
}

const struct portio_backend portio_linux_devport = {
    .name = "devport",
    .enable = devport_enable,
    .read = devport_read,
    .write = devport_write,
    .read_string = devport_read_string,
    .write_string = devport_write_string,
    .batch = devport_batch,
};

void portio_linux_devport_forget(void)
{
    int fd = atomic_exchange(&port_fd, -1);
    if (fd >= 0)
        portio_linux_system.close(fd);
}
