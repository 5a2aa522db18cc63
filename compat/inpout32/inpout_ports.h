/* SPDX-License-Identifier: MIT
 *
 * The portable part of portio's inpout32.dll/inpoutx64.dll: InpOut32's
 * port rule on portio's public API, without any Windows code, so that it
 * is tested on Linux too.
 *   - the port is the low 16 bits of the argument;
 *   - each port (every byte of a 16- or 32-bit access) is enabled at its
 *     first use, exactly those bytes, and stays enabled; a refused port is
 *     tried again at its next use;
 *   - a refused access reads all ones of its width and a write does
 *     nothing; the reason is told once per port (inpout_tell_once).
 * Any thread, any rate: the records are atomic bitmaps.
 */
#ifndef INPOUT_PORTS_H
#define INPOUT_PORTS_H

#include <stdint.h>

/* One access of width_bits (8, 16 or 32) at the low 16 bits of port. */
uint32_t inpout_read(uint32_t port, unsigned width_bits);
void inpout_write(uint32_t port, unsigned width_bits, uint32_t value);

/* Where a message goes besides stderr, NULL for nowhere: defined by the
 * platform's part (inpout32.c: OutputDebugString), or by a test. */
extern void (*inpout_debug_output)(const char *text);

/* Tells text ("inpoutx64.dll: ..." and a newline added) on stderr and to
 * inpout_debug_output. */
void inpout_tell(const char *text);

/* Tells text once per process for each distinct topic in [0, 16). */
enum inpout_topic {
    INPOUT_TOPIC_MEMORY = 0, /* the physical-memory functions */
    INPOUT_TOPIC_DRIVER = 1  /* the driver cannot serve */
};
void inpout_tell_once(enum inpout_topic topic, const char *text);

/* The DLL's file name, which starts every message. */
extern const char inpout_dll_name[];

#endif
