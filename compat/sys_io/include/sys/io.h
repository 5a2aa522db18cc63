/*
 * SPDX-License-Identifier: MIT
 *
 * sys/io.h - glibc's I/O port API (ioperm, iopl, inb, outb(value, port),
 * the _p and string forms) on portio, for programs written for glibc's
 * <sys/io.h> and built unchanged: put this folder (installed as
 * include/portio-compat) first on the include path and link portio_sys_io
 * (CMake: portio::sys_io; pkg-config: portio-sys-io). It runs wherever
 * portio runs: on Linux through portio's backends (direct, ppdev for a
 * parallel port without root, /dev/port), on Windows through portio's
 * driver, on other processors on the mock only.
 *
 * Kept from glibc: the names, the argument order (the value first:
 * outb(value, port)), the types, and for ioperm and iopl 0 or -1 with
 * errno: EINVAL for a range past port 0xFFFF or an empty one (num 0, as
 * the kernel has it) and for a level above 3; EPERM when the system
 * refuses (not root, kernel lockdown, no driver on Windows, a port out of
 * reach of the ppdev backend); ENOSYS where the system has no port access;
 * EIO for other failures. portio_last_error() (portio.h) tells the reason
 * a person can act on.
 *
 * What differs:
 *   - every access is checked, so none faults: where glibc's program dies
 *     of SIGSEGV (an ioperm that failed and was not looked at), a read of a
 *     port that is not enabled gives all ones of its width (0xFF, 0xFFFF,
 *     0xFFFFFFFF), a write does nothing, and the first refusal of each
 *     port prints one line on standard error naming the access, the port
 *     and the reason;
 *   - iopl(3) enables every port, as the kernel's iopl does today (an I/O
 *     permission map, not the CPU's privilege level: no cli/sti); iopl(0),
 *     (1) and (2) give back every port, those of ioperm too;
 *   - the _p forms pause as glibc's do, with a byte write to port 0x80
 *     (the low byte of the value read or written), but only while port
 *     0x80 is enabled (after iopl(3), or ioperm(0x80, 1, 1)); otherwise
 *     they do not pause, and say nothing about it;
 *   - the string forms (insb ... outsl) run as portio batches: a refused
 *     port reads all ones into the whole buffer and writes nothing;
 *   - functions, not glibc's inline assembly: each access costs a call
 *     and a check.
 * The names are macros for portio_sys_io_* functions (the C library has
 * ioperm and iopl of its own): do not #undef them.
 *
 * Plain C89: it compiles with -std=c89 -pedantic, in C++ and with every
 * compiler portio supports.
 */
#ifndef PORTIO_SYS_IO_H
#define PORTIO_SYS_IO_H
/* glibc's own guard: were its header reached as well (through another
 * path), it would declare nothing beside these. */
#ifndef _SYS_IO_H
#define _SYS_IO_H 1
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define ioperm portio_sys_io_ioperm
#define iopl portio_sys_io_iopl
#define inb portio_sys_io_inb
#define inw portio_sys_io_inw
#define inl portio_sys_io_inl
#define outb portio_sys_io_outb
#define outw portio_sys_io_outw
#define outl portio_sys_io_outl
#define inb_p portio_sys_io_inb_p
#define inw_p portio_sys_io_inw_p
#define inl_p portio_sys_io_inl_p
#define outb_p portio_sys_io_outb_p
#define outw_p portio_sys_io_outw_p
#define outl_p portio_sys_io_outl_p
#define insb portio_sys_io_insb
#define insw portio_sys_io_insw
#define insl portio_sys_io_insl
#define outsb portio_sys_io_outsb
#define outsw portio_sys_io_outsw
#define outsl portio_sys_io_outsl

/* Enables (turn_on nonzero) or gives back the ports [from, from + num). */
int portio_sys_io_ioperm(unsigned long int from, unsigned long int num, int turn_on);
/* 3 enables every port; 0, 1 and 2 give every port back. */
int portio_sys_io_iopl(int level);

unsigned char portio_sys_io_inb(unsigned short int port);
unsigned short int portio_sys_io_inw(unsigned short int port);
unsigned int portio_sys_io_inl(unsigned short int port);
void portio_sys_io_outb(unsigned char value, unsigned short int port);
void portio_sys_io_outw(unsigned short int value, unsigned short int port);
void portio_sys_io_outl(unsigned int value, unsigned short int port);

unsigned char portio_sys_io_inb_p(unsigned short int port);
unsigned short int portio_sys_io_inw_p(unsigned short int port);
unsigned int portio_sys_io_inl_p(unsigned short int port);
void portio_sys_io_outb_p(unsigned char value, unsigned short int port);
void portio_sys_io_outw_p(unsigned short int value, unsigned short int port);
void portio_sys_io_outl_p(unsigned int value, unsigned short int port);

/* count accesses of one width at port, into or from addr (count bytes,
 * unsigned short ints or unsigned ints). */
void portio_sys_io_insb(unsigned short int port, void *addr, unsigned long int count);
void portio_sys_io_insw(unsigned short int port, void *addr, unsigned long int count);
void portio_sys_io_insl(unsigned short int port, void *addr, unsigned long int count);
void portio_sys_io_outsb(unsigned short int port, const void *addr, unsigned long int count);
void portio_sys_io_outsw(unsigned short int port, const void *addr, unsigned long int count);
void portio_sys_io_outsl(unsigned short int port, const void *addr, unsigned long int count);

#ifdef __cplusplus
}
#endif

#endif /* PORTIO_SYS_IO_H */
