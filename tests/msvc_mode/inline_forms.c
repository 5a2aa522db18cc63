/* SPDX-License-Identifier: MIT */
/*
 * Every inline form of portio.h, one per function, for check_msvc_mode.sh:
 * compiled by Clang in MSVC mode, each function must hold the port
 * instruction of its width, and nothing may call Microsoft's port
 * intrinsics (__inbyte ...), which no library defines for Clang.
 */
#include <portio.h>

uint8_t form_inb(uint16_t port);
uint16_t form_inw(uint16_t port);
uint32_t form_inl(uint16_t port);
void form_outb(uint16_t port, uint8_t value);
void form_outw(uint16_t port, uint16_t value);
void form_outl(uint16_t port, uint32_t value);
int form_read8(uint16_t port, uint32_t *value);
int form_read16(uint16_t port, uint32_t *value);
int form_read32(uint16_t port, uint32_t *value);
int form_write8(uint16_t port, uint32_t value);
int form_write16(uint16_t port, uint32_t value);
int form_write32(uint16_t port, uint32_t value);
void form_strings(uint16_t port, void *buf, size_t count);

uint8_t form_inb(uint16_t port) { return portio_inb(port); }
uint16_t form_inw(uint16_t port) { return portio_inw(port); }
uint32_t form_inl(uint16_t port) { return portio_inl(port); }
void form_outb(uint16_t port, uint8_t value) { portio_outb(port, value); }
void form_outw(uint16_t port, uint16_t value) { portio_outw(port, value); }
void form_outl(uint16_t port, uint32_t value) { portio_outl(port, value); }

/* A constant width, as callers write it: the inline form keeps one access. */
int form_read8(uint16_t port, uint32_t *value) { return portio_read(port, 8, value); }
int form_read16(uint16_t port, uint32_t *value) { return portio_read(port, 16, value); }
int form_read32(uint16_t port, uint32_t *value) { return portio_read(port, 32, value); }
int form_write8(uint16_t port, uint32_t value) { return portio_write(port, 8, value); }
int form_write16(uint16_t port, uint32_t value) { return portio_write(port, 16, value); }
int form_write32(uint16_t port, uint32_t value) { return portio_write(port, 32, value); }

/* The string forms are library calls in every compiler. */
void form_strings(uint16_t port, void *buf, size_t count)
{
    portio_insb(port, buf, count);
    portio_insw(port, buf, count);
    portio_insl(port, buf, count);
    portio_outsb(port, buf, count);
    portio_outsw(port, buf, count);
    portio_outsl(port, buf, count);
}
