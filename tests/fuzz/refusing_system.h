/* SPDX-License-Identifier: MIT */
/* Keeps the fuzz targets off the hardware: the Linux system-call table
 * answers as an unprivileged process on a kernel without /dev/port would,
 * so "auto", "direct" and "devport" are refused the same way every time and
 * the mock is the only backend that works. (The fuzzers may run as root,
 * where the real ioperm would succeed.) */
#ifndef FUZZ_REFUSING_SYSTEM_H
#define FUZZ_REFUSING_SYSTEM_H

/* Puts the refusing calls in the table. */
void fuzz_refuse_hardware(void);

/* The library as at start, between two inputs: no backend chosen, no range
 * enabled, an empty mock, PORTIO_BACKEND unset; then the refusing calls
 * again (the front's reset puts the real ones back). */
void fuzz_reset_library(void);

/* The same for a target that needs no PORTIO_BACKEND, cheaply: with no
 * port enabled, portio_use_backend("auto") is all the undoing a choice of
 * backend needs (the whole reset, which clears the 64 Ki port table under
 * coverage instrumentation, costs more than most inputs). */
void fuzz_forget_backend_choice(void);

#endif
