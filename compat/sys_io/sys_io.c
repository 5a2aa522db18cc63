/*
 * SPDX-License-Identifier: MIT
 *
 * glibc's <sys/io.h> on portio's public API (include/sys/io.h says what
 * is kept and what differs). Every access takes portio's checked path, so
 * a port that is not enabled never faults: reads give all ones, writes do
 * nothing, and the first refusal of each port is told on standard error.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <portio.h>

#include "sys/io.h"

#define PORT_COUNT 0x10000u
/* The port of glibc's pause (_p forms): POST codes, harmless to write. */
#define PAUSE_PORT 0x80u
/* Ops per portio_batch of a string form: a bounded stack array. */
#define CHUNK_OPS 64u

/* ---- ioperm, iopl --------------------------------------------------------- */

/* errno for a portio status, as glibc's callers expect from the kernel. */
static int errno_for(int status)
{
    switch (status) {
    case PORTIO_E_INVALID:
        return EINVAL;
    case PORTIO_E_PERM:
    case PORTIO_E_LOCKDOWN:
    case PORTIO_E_NODRIVER:
        return EPERM;
    case PORTIO_E_UNSUPPORTED:
        /* ppdev serves a parallel port's registers without root; another
         * port needs the rights of root, which is what EPERM says. */
        return strcmp(portio_backend(), "ppdev") == 0 ? EPERM : ENOSYS;
    default:
        return EIO;
    }
}

static int result_of(int status)
{
    if (status == PORTIO_OK)
        return 0;
    errno = errno_for(status);
    return -1;
}

int portio_sys_io_ioperm(unsigned long int from, unsigned long int num, int turn_on)
{
    /* The kernel's test: an empty range or one past port 0xFFFF, before
     * anything else. */
    if (num == 0 || from >= PORT_COUNT || num > PORT_COUNT - from) {
        errno = EINVAL;
        return -1;
    }
    if (turn_on)
        return result_of(portio_enable((uint32_t)from, (uint32_t)num));
    return result_of(portio_disable((uint32_t)from, (uint32_t)num));
}

int portio_sys_io_iopl(int level)
{
    if (level < 0 || level > 3) {
        errno = EINVAL;
        return -1;
    }
    if (level == 3)
        return result_of(portio_enable(0, PORT_COUNT));
    return result_of(portio_disable(0, PORT_COUNT));
}

/* ---- refusals, told once per port ----------------------------------------- */

/* One bit per port: set once its first refusal has been told. */
static atomic_uint told[PORT_COUNT / 32];

static void tell_refusal(const char *access, uint16_t port, const char *reason)
{
    unsigned bit = 1u << (port & 31u);
    if (atomic_fetch_or_explicit(&told[port >> 5], bit, memory_order_relaxed) & bit)
        return;
    /* One call, so that the line stays whole among other threads'. */
    fprintf(stderr, "sys/io.h: %s at port 0x%04X refused, %s (said once for this port; "
                    "ioperm or iopl(3) enables ports): %s\n",
            access, (unsigned)port, access[0] == 'i' ? "read as all ones" : "nothing written", reason);
}

static uint32_t checked_in(const char *name, uint16_t port, unsigned width_bits)
{
    uint32_t value = 0;
    int status = portio_read(port, width_bits, &value);
    if (status == PORTIO_OK)
        return value;
    tell_refusal(name, port, portio_last_error());
    return UINT32_MAX >> (32u - width_bits);
}

static void checked_out(const char *name, uint16_t port, unsigned width_bits, uint32_t value)
{
    if (portio_write(port, width_bits, value) != PORTIO_OK)
        tell_refusal(name, port, portio_last_error());
}

/* glibc's pause: the low byte of the value moved, to port 0x80, when 0x80
 * is enabled; a refusal of it is silent. */
static void pause_after(uint32_t value)
{
    (void)portio_write(PAUSE_PORT, 8, value & 0xFFu);
}

/* ---- single accesses ------------------------------------------------------ */

unsigned char portio_sys_io_inb(unsigned short int port)
{
    return (unsigned char)checked_in("inb", port, 8);
}

unsigned short int portio_sys_io_inw(unsigned short int port)
{
    return (unsigned short int)checked_in("inw", port, 16);
}

unsigned int portio_sys_io_inl(unsigned short int port)
{
    return (unsigned int)checked_in("inl", port, 32);
}

void portio_sys_io_outb(unsigned char value, unsigned short int port)
{
    checked_out("outb", port, 8, value);
}

void portio_sys_io_outw(unsigned short int value, unsigned short int port)
{
    checked_out("outw", port, 16, value);
}

void portio_sys_io_outl(unsigned int value, unsigned short int port)
{
    checked_out("outl", port, 32, value);
}

unsigned char portio_sys_io_inb_p(unsigned short int port)
{
    uint32_t value = checked_in("inb_p", port, 8);
    pause_after(value);
    return (unsigned char)value;
}

unsigned short int portio_sys_io_inw_p(unsigned short int port)
{
    uint32_t value = checked_in("inw_p", port, 16);
    pause_after(value);
    return (unsigned short int)value;
}

unsigned int portio_sys_io_inl_p(unsigned short int port)
{
    uint32_t value = checked_in("inl_p", port, 32);
    pause_after(value);
    return (unsigned int)value;
}

void portio_sys_io_outb_p(unsigned char value, unsigned short int port)
{
    checked_out("outb_p", port, 8, value);
    pause_after(value);
}

void portio_sys_io_outw_p(unsigned short int value, unsigned short int port)
{
    checked_out("outw_p", port, 16, value);
    pause_after(value);
}

void portio_sys_io_outl_p(unsigned int value, unsigned short int port)
{
    checked_out("outl_p", port, 32, value);
    pause_after(value);
}

/* ---- string forms: portio batches of CHUNK_OPS ops -------------------------- */

/* Element i of a buffer of width_bits elements; memcpy, since addr need
 * not be aligned for the width (glibc's rep ins/outs do not ask it). */
static uint32_t element_at(const unsigned char *buffer, unsigned width_bits, size_t i)
{
    if (width_bits == 8)
        return buffer[i];
    if (width_bits == 16) {
        uint16_t value;
        memcpy(&value, buffer + i * 2, sizeof value);
        return value;
    }
    uint32_t value;
    memcpy(&value, buffer + i * 4, sizeof value);
    return value;
}

static void store_element(unsigned char *buffer, unsigned width_bits, size_t i, uint32_t value)
{
    if (width_bits == 8) {
        buffer[i] = (unsigned char)value;
    } else if (width_bits == 16) {
        uint16_t narrow = (uint16_t)value;
        memcpy(buffer + i * 2, &narrow, sizeof narrow);
    } else {
        memcpy(buffer + i * 4, &value, sizeof value);
    }
}

/* count reads of port into buffer. Each op's value starts as all ones: an
 * op that a refused or stopped batch did not run leaves it so. */
static void string_in(const char *name, uint16_t port, unsigned width_bits, void *addr,
                      unsigned long int count)
{
    unsigned char *buffer = addr;
    uint32_t all_ones = UINT32_MAX >> (32u - width_bits);
    portio_batch_op ops[CHUNK_OPS];
    for (unsigned long int done = 0; done < count;) {
        size_t chunk = count - done < CHUNK_OPS ? (size_t)(count - done) : CHUNK_OPS;
        for (size_t i = 0; i < chunk; i++)
            ops[i] = (portio_batch_op){port, (uint8_t)width_bits, PORTIO_BATCH_READ, all_ones};
        if (portio_batch(ops, chunk) != PORTIO_OK)
            tell_refusal(name, port, portio_last_error());
        for (size_t i = 0; i < chunk; i++)
            store_element(buffer, width_bits, done + i, ops[i].value);
        done += chunk;
    }
}

static void string_out(const char *name, uint16_t port, unsigned width_bits, const void *addr,
                       unsigned long int count)
{
    const unsigned char *buffer = addr;
    portio_batch_op ops[CHUNK_OPS];
    for (unsigned long int done = 0; done < count;) {
        size_t chunk = count - done < CHUNK_OPS ? (size_t)(count - done) : CHUNK_OPS;
        for (size_t i = 0; i < chunk; i++)
            ops[i] = (portio_batch_op){port, (uint8_t)width_bits, PORTIO_BATCH_WRITE,
                                       element_at(buffer, width_bits, done + i)};
        if (portio_batch(ops, chunk) != PORTIO_OK)
            tell_refusal(name, port, portio_last_error());
        done += chunk;
    }
}

void portio_sys_io_insb(unsigned short int port, void *addr, unsigned long int count)
{
    string_in("insb", port, 8, addr, count);
}

void portio_sys_io_insw(unsigned short int port, void *addr, unsigned long int count)
{
    string_in("insw", port, 16, addr, count);
}

void portio_sys_io_insl(unsigned short int port, void *addr, unsigned long int count)
{
    string_in("insl", port, 32, addr, count);
}

void portio_sys_io_outsb(unsigned short int port, const void *addr, unsigned long int count)
{
    string_out("outsb", port, 8, addr, count);
}

void portio_sys_io_outsw(unsigned short int port, const void *addr, unsigned long int count)
{
    string_out("outsw", port, 16, addr, count);
}

void portio_sys_io_outsl(unsigned short int port, const void *addr, unsigned long int count)
{
    string_out("outsl", port, 32, addr, count);
}
