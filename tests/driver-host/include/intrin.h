/* SPDX-License-Identifier: MIT */
/*
 * A stand-in for <intrin.h> on the host: the port instructions the driver
 * uses, as calls into the fake kernel, which records every access
 * (fake_kernel.c).
 */
#ifndef PORTIO_FAKE_INTRIN_H
#define PORTIO_FAKE_INTRIN_H

#include <stdint.h>

uint8_t __inbyte(uint16_t port);
uint16_t __inword(uint16_t port);
uint32_t __indword(uint16_t port);
void __outbyte(uint16_t port, uint8_t value);
void __outword(uint16_t port, uint16_t value);
void __outdword(uint16_t port, uint32_t value);
void __inbytestring(uint16_t port, uint8_t *buffer, uint32_t count);
void __inwordstring(uint16_t port, uint16_t *buffer, uint32_t count);
void __indwordstring(uint16_t port, uint32_t *buffer, uint32_t count);
void __outbytestring(uint16_t port, uint8_t *buffer, uint32_t count);
void __outwordstring(uint16_t port, uint16_t *buffer, uint32_t count);
void __outdwordstring(uint16_t port, uint32_t *buffer, uint32_t count);

#endif
