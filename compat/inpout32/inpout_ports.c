/* SPDX-License-Identifier: MIT
 *
 * InpOut32's port functions on portio's public API (inpout_ports.h).
 */
#include "inpout_ports.h"

#include <stdatomic.h>
#include <stdio.h>

#include <portio.h>

#if UINTPTR_MAX > 0xFFFFFFFFu
const char inpout_dll_name[] = "inpoutx64.dll";
#else
const char inpout_dll_name[] = "inpout32.dll";
#endif

/* One bit per port: enabled by this DLL; refusal told. */
#define PORT_WORDS (0x10000 / 32)
static _Atomic uint32_t enabled_ports[PORT_WORDS];
static _Atomic uint32_t told_ports[PORT_WORDS];
static _Atomic uint32_t told_topics;

static int port_bit(_Atomic uint32_t *bits, uint32_t port)
{
    return (atomic_load_explicit(&bits[port >> 5], memory_order_acquire) >> (port & 31)) & 1u;
}

/* Sets the bit; nonzero when this call set it. */
static int set_port_bit(_Atomic uint32_t *bits, uint32_t port)
{
    uint32_t mask = 1u << (port & 31);
    return (atomic_fetch_or_explicit(&bits[port >> 5], mask, memory_order_acq_rel) & mask) == 0;
}

void inpout_tell(const char *text)
{
    char line[640];
    snprintf(line, sizeof line, "%s: %s\n", inpout_dll_name, text);
    fputs(line, stderr);
    fflush(stderr);
    void (*debug_output)(const char *) = inpout_debug_output;
    if (debug_output)
        debug_output(line);
}

void inpout_tell_once(enum inpout_topic topic, const char *text)
{
    uint32_t mask = 1u << ((unsigned)topic & 15u);
    if ((atomic_fetch_or(&told_topics, mask) & mask) == 0)
        inpout_tell(text);
}

/* Enables the bytes [port, port + bytes) unless this DLL already has. A
 * range past 0xFFFF is left to portio_enable to refuse. The bits are this
 * DLL's record: should the program disable the port through portio
 * itself, the access finds it not enabled and enables it again. */
static int enable_at_first_use(uint32_t port, unsigned bytes)
{
    int missing = 0;
    for (uint32_t byte = port; byte < port + bytes; byte++)
        if (byte > 0xFFFF || !port_bit(enabled_ports, byte))
            missing = 1;
    if (!missing)
        return PORTIO_OK;
    int status = portio_enable(port, bytes);
    if (status == PORTIO_OK)
        for (uint32_t byte = port; byte < port + bytes; byte++)
            set_port_bit(enabled_ports, byte);
    return status;
}

static void refused(uint32_t port, unsigned width_bits, const char *direction)
{
    if (!set_port_bit(told_ports, port))
        return;
    char text[512];
    snprintf(text, sizeof text, "port 0x%04X refused (%u-bit %s; %s): %s", (unsigned)port,
             width_bits, direction,
             direction[0] == 'r' ? "it reads as all ones" : "nothing was written",
             portio_last_error());
    inpout_tell(text);
}

uint32_t inpout_read(uint32_t port, unsigned width_bits)
{
    port &= 0xFFFFu;
    uint32_t value = 0;
    int status = enable_at_first_use(port, width_bits / 8);
    if (status == PORTIO_OK)
        status = portio_read((uint16_t)port, width_bits, &value);
    if (status == PORTIO_E_NOT_ENABLED && portio_enable(port, width_bits / 8) == PORTIO_OK)
        status = portio_read((uint16_t)port, width_bits, &value);
    if (status != PORTIO_OK) {
        refused(port, width_bits, "read");
        return width_bits >= 32 ? 0xFFFFFFFFu : (1u << width_bits) - 1u;
    }
    return value;
}

void inpout_write(uint32_t port, unsigned width_bits, uint32_t value)
{
    port &= 0xFFFFu;
    int status = enable_at_first_use(port, width_bits / 8);
    if (status == PORTIO_OK)
        status = portio_write((uint16_t)port, width_bits, value);
    if (status == PORTIO_E_NOT_ENABLED && portio_enable(port, width_bits / 8) == PORTIO_OK)
        status = portio_write((uint16_t)port, width_bits, value);
    if (status != PORTIO_OK)
        refused(port, width_bits, "write");
}
