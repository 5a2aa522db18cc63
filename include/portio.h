/* SPDX-License-Identifier: MIT */
/*
 * portio.h - x86 I/O port access from user space, the same on Linux and
 * Windows.
 *
 * Typical use:
 *
 *     if (portio_enable(0x378, 3) != PORTIO_OK) {
 *         fprintf(stderr, "%s\n", portio_last_error());
 *         return 1;
 *     }
 *     portio_outb(0x378, 0x55);          // port first, then value
 *     uint8_t status = portio_inb(0x379);
 *
 * Two ways to touch a port:
 *   - the fast functions (portio_inb ... portio_outsl) cost little more than
 *     the bare instruction and check nothing: the port must have been enabled
 *     with portio_enable, or the hardware refuses the access (on Linux the
 *     process gets SIGSEGV);
 *   - the checked functions (portio_read, portio_write) never fault: they
 *     return PORTIO_E_NOT_ENABLED for a port outside the enabled ranges.
 *
 * Every function that can fail returns a status (PORTIO_OK or a negative
 * PORTIO_E_* code) and leaves a message for people in portio_last_error().
 * The library never prints and never exits.
 *
 * Threads: every function may be called from any thread. On Linux the
 * kernel's port permission (ioperm) belongs to the thread: threads created
 * after a successful portio_enable inherit it, threads that already existed
 * do not, and a fast access from such a thread faults. The checked functions
 * bring the calling thread's permission in line with the enabled ranges
 * before they touch a port, and portio_enable may also be called again from
 * that thread (enabling is idempotent).
 */
#ifndef PORTIO_H
#define PORTIO_H

#include <stddef.h>
#include <stdint.h>

/* The version of this header; portio_version() gives the library's. */
#define PORTIO_VERSION_MAJOR 0
#define PORTIO_VERSION_MINOR 2
#define PORTIO_VERSION_PATCH 0

/* Not API: 1 where GNU C's extensions exist (inline assembly, __atomic
 * builtins, __builtin_expect, __thread, visibility): GCC, and Clang in every
 * mode, its MSVC mode (clang-cl) included, which defines _MSC_VER but not
 * __GNUC__. Microsoft's own compiler gets its intrinsics instead. */
#if defined(__GNUC__) || defined(__clang__)
#define PORTIO_GNU_C_ 1
#else
#define PORTIO_GNU_C_ 0
#endif

/*
 * PORTIO_API marks the library's functions. Shared builds export only
 * these; on Windows a program linking the static library defines
 * PORTIO_STATIC (CMake's portio::portio and pkg-config do it for you).
 */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(PORTIO_STATIC)
#define PORTIO_API
#elif defined(PORTIO_BUILDING)
#define PORTIO_API __declspec(dllexport)
#else
#define PORTIO_API __declspec(dllimport)
#endif
#elif PORTIO_GNU_C_
#define PORTIO_API __attribute__((visibility("default")))
#else
#define PORTIO_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. PORTIO_OK is 0; every error is a distinct negative value. */
enum portio_status {
    PORTIO_OK = 0,
    PORTIO_E_INVALID = -1,     /* bad argument: range, width, name, NULL */
    PORTIO_E_PERM = -2,        /* not privileged enough (root, CAP_SYS_RAWIO, Administrator) */
    PORTIO_E_UNSUPPORTED = -3, /* this system or backend cannot do it */
    PORTIO_E_LOCKDOWN = -4,    /* kernel lockdown (Secure Boot) forbids port access */
    PORTIO_E_NODRIVER = -5,    /* Windows: the portio driver is not installed or not running */
    PORTIO_E_NOT_ENABLED = -6, /* the port is outside every range enabled with portio_enable */
    PORTIO_E_IO = -7,          /* the operating system failed the access */
    PORTIO_E_TIMEOUT = -8      /* a wait of portio_batch ran out of time */
};

/*
 * Grants this process access to the ports [first, first + count).
 * The backend is chosen here, at the first successful enable (see
 * portio_use_backend). Enabling is idempotent and may be repeated for
 * several ranges.
 * Errors: PORTIO_E_INVALID for count == 0, first > 0xFFFF or
 * first + count > 0x10000; PORTIO_E_PERM, PORTIO_E_LOCKDOWN,
 * PORTIO_E_UNSUPPORTED, PORTIO_E_NODRIVER as the system decides.
 */
PORTIO_API int portio_enable(uint32_t first, uint32_t count);

/*
 * Gives the ports [first, first + count) back. Ports in the range that were
 * not enabled are ignored; portio_disable(0, 0x10000) gives back everything.
 * Errors: PORTIO_E_INVALID as for portio_enable.
 */
PORTIO_API int portio_disable(uint32_t first, uint32_t count);

/*
 * The fast, unchecked functions. The port (all bytes of it for 16 and 32
 * bits) must be enabled. If no backend has been chosen yet, reads return all
 * ones and writes do nothing. With the "devport" and "ppdev" backends,
 * which are 8-bit only, the 16- and 32-bit forms do nothing, read all ones
 * and set portio_last_error(): they are never split into byte accesses.
 */
PORTIO_API uint8_t portio_inb(uint16_t port);
PORTIO_API uint16_t portio_inw(uint16_t port);
PORTIO_API uint32_t portio_inl(uint16_t port);
PORTIO_API void portio_outb(uint16_t port, uint8_t value);   /* port first, then value */
PORTIO_API void portio_outw(uint16_t port, uint16_t value);
PORTIO_API void portio_outl(uint16_t port, uint32_t value);


/*
 * String forms: count accesses of one width to the same port (the x86
 * ins/outs instructions), to or from buf. buf holds count elements of the
 * width: bytes, uint16_t or uint32_t.
 */
PORTIO_API void portio_insb(uint16_t port, void *buf, size_t count);
PORTIO_API void portio_insw(uint16_t port, void *buf, size_t count);
PORTIO_API void portio_insl(uint16_t port, void *buf, size_t count);
PORTIO_API void portio_outsb(uint16_t port, const void *buf, size_t count);
PORTIO_API void portio_outsw(uint16_t port, const void *buf, size_t count);
PORTIO_API void portio_outsl(uint16_t port, const void *buf, size_t count);

/*
 * The checked functions: one access of width_bits (8, 16 or 32) at port.
 * They never fault.
 * Errors: PORTIO_E_INVALID for another width, a NULL value or an access
 * past 0xFFFF; PORTIO_E_NOT_ENABLED when any byte of the access lies outside
 * the enabled ranges (with 0x378..0x37A enabled, a 16-bit read at 0x37A is
 * refused); PORTIO_E_UNSUPPORTED for a width the backend cannot do (16 and
 * 32 bits with "devport" and "ppdev") or, with "ppdev", a write of the
 * status register; PORTIO_E_IO when the system fails the access.
 * On error *value is left unchanged.
 */
PORTIO_API int portio_read(uint16_t port, unsigned width_bits, uint32_t *value);
PORTIO_API int portio_write(uint16_t port, unsigned width_bits, uint32_t value);

/* What an op of a batch (portio_batch) does. READ and WRITE keep the
 * values 0 and 1 of the former `write` field, which is now `kind`: ops
 * written as {port, width, 0 or 1, value} mean what they meant. */
enum portio_batch_kind {
    PORTIO_BATCH_READ = 0,   /* value = in(port) */
    PORTIO_BATCH_WRITE = 1,  /* out(port, value) */
    PORTIO_BATCH_WAIT = 2,   /* read port until (read & mask) == (value & mask), at most time_us */
    PORTIO_BATCH_DELAY = 3,  /* pause for time_us */
    PORTIO_BATCH_MODIFY = 4  /* read port, clear the bits of mask, set the bits of value, write it */
};

/* The longest wait or delay one op may ask for: one second. */
#define PORTIO_BATCH_MAX_TIME_US 1000000u

/*
 * One op of a batch. Fields that an op's kind does not use must be 0.
 *   READ    port, width_bits; the value read is stored in value.
 *   WRITE   port, width_bits, value (it must fit the width).
 *   WAIT    port, width_bits, mask (not 0, fits the width), value (the
 *           expected bits, fits the width), time_us (0 .. 1 s: 0 reads
 *           once); result gets the last value read. value is not changed,
 *           so the op can run again.
 *   DELAY   time_us (1 .. 1 s); port and width_bits are 0.
 *   MODIFY  port, width_bits, mask (bits to clear), value (bits to set),
 *           both fitting the width; writes (read & ~mask) | value, and
 *           result gets the value read before the change.
 */
typedef struct portio_batch_op {
    uint16_t port;
    uint8_t width_bits; /* 8, 16 or 32; 0 for DELAY */
    uint8_t kind;       /* enum portio_batch_kind; 0 and 1 as the former `write` flag */
    uint32_t value;
    uint32_t mask;
    uint32_t time_us;
    uint32_t result; /* out: WAIT and MODIFY; never read */
} portio_batch_op;

/*
 * Runs ops[0] .. ops[count - 1] in order: a whole protocol step (write an
 * index, wait for a status bit, read the data, pulse a strobe) in one call.
 * Every op is checked before any runs, as portio_read and portio_write
 * check, with the rules above; if one is refused, nothing runs and the
 * message names its index. A wait polls the port until its condition holds
 * (it reads once at least; it keeps polling without a pause for a short
 * while, then sleeps between polls); a delay pauses at least its time.
 *
 * Atomic: no other portio_batch of this process runs between the first and
 * the last op, whatever the backend, and portio_disable waits for a running
 * batch. With the Windows driver no other program's request to the driver
 * runs in between either, for batches of up to 4096 ops (a longer batch is
 * several requests: atomic within this process only). The fast functions
 * and portio_read/portio_write are not held back by a running batch: an
 * index/data pair that another thread also uses must go through batches on
 * both sides.
 *
 * With the Windows driver a batch is one request per 4096 ops, waits
 * included; the driver spends at most 2 seconds waiting and delaying per
 * request (PORTIO_DRIVER_MAX_WAIT_US), and a request that reaches that
 * stops as a timed-out wait does. Where the process runs the instructions
 * itself it is a loop of them. count 0 does nothing and returns PORTIO_OK.
 * Errors: PORTIO_E_INVALID for NULL ops with count > 0 or a malformed op
 * (width, kind, range, a value or mask that does not fit, a time above
 * PORTIO_BATCH_MAX_TIME_US, a field the kind does not use set);
 * PORTIO_E_NOT_ENABLED as portio_read; PORTIO_E_UNSUPPORTED for a 16- or
 * 32-bit op with "devport" or "ppdev", or a write or modify of the status
 * register with "ppdev" (nothing runs); PORTIO_E_TIMEOUT when a wait ran
 * out of time: the ops before it have run, its result holds the last value
 * read, and the message names the op, its port, that value, the mask and
 * the expected value; PORTIO_E_IO when the system fails an access: then the
 * ops before it have run, and the message says where the batch stopped.
 * Ops after the one that stopped a batch did not run and are left exactly
 * as they were (a READ's value, a WAIT's result), so a caller can preset a
 * result to a mark and find the stop.
 */
#define PORTIO_DRIVER_MAX_WAIT_US 2000000u
PORTIO_API int portio_batch(portio_batch_op *ops, size_t count);

/*
 * Inline forms. Where the compiler can emit the x86 port instructions
 * (GCC, Clang or MSVC on x86), the fast functions above are inline: one
 * test and the instruction. So is the common case of the checked ones (a
 * valid access to enabled ports, by a thread that holds the permission):
 * a table lookup, a few tests and the instruction. Every other case calls
 * the library, which serves it through its backend or says what is wrong.
 * Taking an address (&portio_inb) gives the library function; define
 * PORTIO_NO_INLINE before including portio.h to always call it.
 *
 * Not API: the library's state that the inline forms read. Only the
 * library writes it.
 *   portio_fast_io: nonzero while this process may run the port
 *     instructions itself (the direct backend, or a granted I/O permission
 *     map on 32-bit Windows);
 *   portio_port_widths[port]: bit 0, 1 or 2 set when an access of 1, 2 or
 *     4 bytes at port lies in the enabled ranges;
 *   portio_generation, portio_thread_generation: the record's version, and
 *     the one this thread's permission matches (Linux permissions are per
 *     thread; a thread that existed before an enable is brought in line by
 *     the library's own functions).
 */
PORTIO_API extern unsigned char portio_fast_io;
PORTIO_API extern unsigned char portio_port_widths[0x10000];
#if !defined(_WIN32)
PORTIO_API extern unsigned long portio_generation;
#if PORTIO_GNU_C_
PORTIO_API extern __thread unsigned long portio_thread_generation;
#endif
#endif

#if PORTIO_GNU_C_ || defined(_MSC_VER)
#if PORTIO_GNU_C_
#define PORTIO_LOAD_(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#else
#define PORTIO_LOAD_(x) (*(volatile unsigned char *)&(x))
#endif
/* Nonzero while this thread's permission may lag the record. Windows
 * grants the permission map to the whole process at once. */
#if defined(_WIN32)
#define PORTIO_THREAD_BEHIND_() 0ul
#else
#define PORTIO_THREAD_BEHIND_() \
    (portio_thread_generation ^ __atomic_load_n(&portio_generation, __ATOMIC_ACQUIRE))
#endif

/* Zero for the checked path's common case, which the inline forms below
 * and the library's own checked functions both test: the width is 8, 16 or
 * 32 (bytes is then 1, 2 or 4, a single bit), every byte is enabled and
 * the thread holds the permission. One value, so that the compiler tests
 * it with one branch: under emulation each branch costs about what the
 * tests cost. */
static inline unsigned long portio_access_refusal_(uint16_t port, unsigned width_bits)
{
    unsigned bytes = width_bits >> 3;
    unsigned long refusal = (bytes << 3) ^ width_bits;
    refusal |= bytes & (bytes - 1);
    refusal |= (unsigned long)((PORTIO_LOAD_(portio_port_widths[port]) & bytes) == 0);
    refusal |= PORTIO_THREAD_BEHIND_();
    return refusal;
}
#endif

#if !defined(PORTIO_BUILDING) && !defined(PORTIO_NO_INLINE) && \
    (defined(__i386__) || defined(__x86_64__) || defined(_M_IX86) || defined(_M_X64)) && \
    (PORTIO_GNU_C_ || defined(_MSC_VER))
#if PORTIO_GNU_C_
#define PORTIO_LIKELY_(x) __builtin_expect(!!(x), 1)
#define PORTIO_IN_(suffix, operand, value) \
    __asm__ __volatile__("in" suffix " %w1, %" operand "0" : "=a"(value) : "Nd"(port) : "memory")
#define PORTIO_OUT_(suffix, operand, value) \
    __asm__ __volatile__("out" suffix " %" operand "0, %w1" : : "a"(value), "Nd"(port) : "memory")
#else
#include <intrin.h>
#define PORTIO_LIKELY_(x) (x)
#endif

static inline uint8_t portio_inline_inb(uint16_t port)
{
    if (PORTIO_LIKELY_(PORTIO_LOAD_(portio_fast_io))) {
#if PORTIO_GNU_C_
        uint8_t value;
        PORTIO_IN_("b", "b", value);
        return value;
#else
        return __inbyte(port);
#endif
    }
    return (portio_inb)(port);
}
static inline uint16_t portio_inline_inw(uint16_t port)
{
    if (PORTIO_LIKELY_(PORTIO_LOAD_(portio_fast_io))) {
#if PORTIO_GNU_C_
        uint16_t value;
        PORTIO_IN_("w", "w", value);
        return value;
#else
        return __inword(port);
#endif
    }
    return (portio_inw)(port);
}
static inline uint32_t portio_inline_inl(uint16_t port)
{
    if (PORTIO_LIKELY_(PORTIO_LOAD_(portio_fast_io))) {
#if PORTIO_GNU_C_
        uint32_t value;
        PORTIO_IN_("l", "k", value);
        return value;
#else
        return __indword(port);
#endif
    }
    return (portio_inl)(port);
}
static inline void portio_inline_outb(uint16_t port, uint8_t value)
{
    if (PORTIO_LIKELY_(PORTIO_LOAD_(portio_fast_io))) {
#if PORTIO_GNU_C_
        PORTIO_OUT_("b", "b", value);
#else
        __outbyte(port, value);
#endif
        return;
    }
    (portio_outb)(port, value);
}
static inline void portio_inline_outw(uint16_t port, uint16_t value)
{
    if (PORTIO_LIKELY_(PORTIO_LOAD_(portio_fast_io))) {
#if PORTIO_GNU_C_
        PORTIO_OUT_("w", "w", value);
#else
        __outword(port, value);
#endif
        return;
    }
    (portio_outw)(port, value);
}
static inline void portio_inline_outl(uint16_t port, uint32_t value)
{
    if (PORTIO_LIKELY_(PORTIO_LOAD_(portio_fast_io))) {
#if PORTIO_GNU_C_
        PORTIO_OUT_("l", "k", value);
#else
        __outdword(port, value);
#endif
        return;
    }
    (portio_outl)(port, value);
}

static inline int portio_inline_read(uint16_t port, unsigned width_bits, uint32_t *value)
{
    unsigned long refusal = portio_access_refusal_(port, width_bits);
    refusal |= (unsigned long)(PORTIO_LOAD_(portio_fast_io) == 0) | (unsigned long)(value == 0);
    if (PORTIO_LIKELY_(refusal == 0)) {
#if PORTIO_GNU_C_
        if (width_bits == 8) {
            uint8_t byte;
            PORTIO_IN_("b", "b", byte);
            *value = byte;
        } else if (width_bits == 16) {
            uint16_t word;
            PORTIO_IN_("w", "w", word);
            *value = word;
        } else {
            PORTIO_IN_("l", "k", *value);
        }
#else
        *value = width_bits == 8 ? __inbyte(port) : width_bits == 16 ? __inword(port) : __indword(port);
#endif
        return PORTIO_OK;
    }
    return (portio_read)(port, width_bits, value);
}
static inline int portio_inline_write(uint16_t port, unsigned width_bits, uint32_t value)
{
    /* The value fits the width; the shift decides only below 32 bits. */
    unsigned long too_wide = (unsigned long)(width_bits < 32) & (unsigned long)((value >> (width_bits & 31u)) != 0);
    unsigned long refusal = portio_access_refusal_(port, width_bits) | too_wide;
    refusal |= (unsigned long)(PORTIO_LOAD_(portio_fast_io) == 0);
    if (PORTIO_LIKELY_(refusal == 0)) {
#if PORTIO_GNU_C_
        if (width_bits == 8)
            PORTIO_OUT_("b", "b", (uint8_t)value);
        else if (width_bits == 16)
            PORTIO_OUT_("w", "w", (uint16_t)value);
        else
            PORTIO_OUT_("l", "k", value);
#else
        if (width_bits == 8)
            __outbyte(port, (uint8_t)value);
        else if (width_bits == 16)
            __outword(port, (uint16_t)value);
        else
            __outdword(port, value);
#endif
        return PORTIO_OK;
    }
    return (portio_write)(port, width_bits, value);
}

#define portio_inb(port) portio_inline_inb(port)
#define portio_inw(port) portio_inline_inw(port)
#define portio_inl(port) portio_inline_inl(port)
#define portio_outb(port, value) portio_inline_outb(port, value)
#define portio_outw(port, value) portio_inline_outw(port, value)
#define portio_outl(port, value) portio_inline_outl(port, value)
#define portio_read(port, width_bits, value) portio_inline_read(port, width_bits, value)
#define portio_write(port, width_bits, value) portio_inline_write(port, width_bits, value)
#endif

/* The library's version, "MAJOR.MINOR.PATCH"; it matches the
 * PORTIO_VERSION_* macros of the header the library was built with. */
PORTIO_API const char *portio_version(void);

/* A short fixed text for a status code; never NULL. */
PORTIO_API const char *portio_strerror(int status);

/*
 * This thread's message for its last failure: what happened and what to do.
 * "no error" if nothing has failed in this thread. The text stays valid
 * until this thread's next failing call.
 */
PORTIO_API const char *portio_last_error(void);

/*
 * Chooses the backend: "auto" (the default), "direct" (Linux: ioperm and the
 * in/out instructions), "ppdev" (Linux: a parallel port's registers through
 * /dev/parportN, see below), "devport" (Linux: /dev/port, 8-bit only),
 * "driver" (Windows: the bundled kernel driver) or "mock" (a simulated port
 * space for tests). Without a call, the environment variable PORTIO_BACKEND
 * decides, else "auto". On Linux "auto" is direct; where direct is refused,
 * ppdev for a range inside the registers of a parallel port whose
 * /dev/parportN the user may open; else devport. When all refuse, the
 * message says what each needed (for ppdev: the group that owns the
 * device, by name).
 *
 * ppdev: the kernel's driver for /dev/parportN, which distributions give
 * to a group (often "lp"), so that a user in that group needs no root. It
 * serves a range only inside base..base+2 of one port the kernel lists in
 * /proc/sys/dev/parport/parportN/base-addr; enable opens /dev/parportN and
 * claims the port (PPCLAIM), and the last disable of its registers releases
 * it (PPRELEASE), for other programs to claim; the device stays open until
 * the process ends, when the kernel releases any claim left. Claiming waits while another driver has claimed the
 * port (the printer driver lp while it prints); ENXIO (a driver holds the
 * port exclusively) or an interrupted wait is PORTIO_E_IO. Each access is
 * one 8-bit ioctl: base is PPRDATA/PPWDATA, base+1 PPRSTATUS (writes are
 * refused: ppdev has no request for it), base+2 PPRCONTROL/PPWCONTROL.
 * What differs from the raw registers (Linux drivers/char/ppdev.c,
 * include/linux/parport_pc.h):
 *   - status: PPRSTATUS is the register, unmasked (parport_pc_read_status
 *     is inb(base+1)): in the QEMU guest, once parport_pc has set the port
 *     up, direct and ppdev both read 0xD8 (0xD9 before: the driver's set-up
 *     clears bit 0, the EPP time-out, which the emulated port sets at
 *     reset);
 *   - control, read: PPRCONTROL is the kernel's copy of the last value
 *     written, bits 0-3 only (strobe, auto feed, init, select-in), not the
 *     register; portio adds bit 5, the direction it last set. Bits 4
 *     (interrupt enable, which the kernel owns), 6 and 7 read 0 (QEMU's
 *     register reads 0xCC where ppdev gives 0x0C);
 *   - control, write: bits 0-3 are written; bit 5 (data lines as inputs)
 *     goes through PPDATADIR whenever it changes, since PPWCONTROL could
 *     set it but never clear it; bits 4, 6 and 7 are ignored. A port
 *     without bidirectional data lines keeps them as outputs.
 * The choice may change only while no range is enabled.
 * Errors: PORTIO_E_INVALID for an unknown name or while ranges are enabled
 * with another backend; PORTIO_E_UNSUPPORTED for a backend this build or
 * system does not have.
 */
PORTIO_API int portio_use_backend(const char *name);

/*
 * Checks, without enabling a port, that the backend the next portio_enable
 * would use can serve this process: with "driver" (Windows, where "auto"
 * means it) that portio.sys is installed and running, speaks this
 * library's protocol and lets this user open it (the device then stays
 * open for the enables to come); "mock" always can. PORTIO_OK once a range
 * is enabled. The Linux backends ("auto", "direct", "ppdev", "devport")
 * decide for each range at enable: there it returns PORTIO_E_UNSUPPORTED.
 * Errors: PORTIO_E_NODRIVER, PORTIO_E_PERM as portio_enable would give
 * them; PORTIO_E_INVALID for a PORTIO_BACKEND that names nothing;
 * PORTIO_E_UNSUPPORTED as above or for a backend this build lacks.
 */
PORTIO_API int portio_backend_ready(void);

/*
 * The name of the backend in use. Before the first successful enable it is
 * the name that will be tried ("auto" unless chosen otherwise).
 */
PORTIO_API const char *portio_backend(void);

/* ---------------------------------------------------------------------
 * Test support: the mock backend.
 *
 * A simulated 64 KiB port space, for unit tests of code that uses portio.
 * Select it with portio_use_backend("mock") or PORTIO_BACKEND=mock. Ports
 * with no device attached read as all ones (a floating bus) and ignore
 * writes. Enables are enforced as with real hardware: the checked functions
 * refuse ports that are not enabled, and the fast functions neither read nor
 * write them but count the mistake (portio_mock_unenabled_accesses).
 * The mock is serialised by one lock: device callbacks run under it and must
 * not call portio functions.
 * --------------------------------------------------------------------- */

/* A device model: called for every access whose first port is in its range. */
typedef uint32_t (*portio_mock_read_fn)(void *context, uint16_t port, unsigned width_bits);
typedef void (*portio_mock_write_fn)(void *context, uint16_t port, unsigned width_bits,
                                     uint32_t value);

/*
 * Attaches a device model to [first, first + count). Either callback may be
 * NULL (reads then return all ones, writes are ignored).
 * Errors: PORTIO_E_INVALID for a bad range, a range overlapping another
 * device, or when all PORTIO_MOCK_MAX_DEVICES places are taken.
 */
#define PORTIO_MOCK_MAX_DEVICES 32
PORTIO_API int portio_mock_attach(uint32_t first, uint32_t count, portio_mock_read_fn read,
                       portio_mock_write_fn write, void *context);

/*
 * Empties the mock: detaches every device, clears the access log and the
 * count of unenabled accesses, and, when the mock is the backend in use,
 * disables every range.
 */
PORTIO_API void portio_mock_reset(void);

/* One entry of the access log. */
enum portio_mock_direction { PORTIO_MOCK_READ = 0, PORTIO_MOCK_WRITE = 1 };
typedef struct portio_mock_access {
    uint16_t port;
    uint8_t width_bits;  /* 8, 16 or 32 */
    uint8_t direction;   /* enum portio_mock_direction */
    uint32_t value;      /* value read or written */
} portio_mock_access;

/*
 * Copies the oldest min(max, stored) log entries into out and returns how
 * many accesses the log holds. It keeps the first PORTIO_MOCK_LOG_CAPACITY
 * accesses after a reset or clear; later ones are not stored. out may be
 * NULL when max is 0.
 */
#define PORTIO_MOCK_LOG_CAPACITY 16384
PORTIO_API size_t portio_mock_log(portio_mock_access *out, size_t max);
PORTIO_API void portio_mock_log_clear(void);

/* How many fast calls touched ports that were not enabled (a string call
 * counts once), and checked calls that passed their check but
 * found their ports disabled by another thread before they reached the
 * mock (they return PORTIO_E_NOT_ENABLED). */
PORTIO_API size_t portio_mock_unenabled_accesses(void);

/*
 * The mock's clock, in microseconds since the last portio_mock_reset: it
 * is simulated, so tests never sleep. Every port access advances it by
 * PORTIO_MOCK_ACCESS_US (a wait's every poll too) and a batch's DELAY by
 * its time; a wait that times out has seen its time pass on this clock.
 * It takes no lock: device callbacks may call it (to model a device that
 * is busy for a while).
 */
#define PORTIO_MOCK_ACCESS_US 1u
PORTIO_API uint64_t portio_mock_time_us(void);

/*
 * A standard parallel port model (SPP, with a bidirectional data port) at
 * base..base+2: data, status and control registers, with a printer on it.
 *   data:    reads back the latch while the control register's direction
 *            bit (0x20) is 0, and the lines driven from outside
 *            (portio_mock_lpt_set_input) while it is 1; both start as 0x00;
 *   status:  read-only; reads what portio_mock_lpt_set_status set, by
 *            default 0xD8 (not busy, no error, selected), except that after
 *            a strobe the printer is busy (bit 7 reads 0) for the next
 *            PORTIO_MOCK_LPT_BUSY_READS status reads, as QEMU's port is;
 *   control: reads back bits 0..5 as written, bits 6 and 7 as 1; it starts
 *            as 0x0C, so it reads 0xCC. Setting bit 0 (the strobe) when it
 *            was 0 prints the data latch: the printer keeps the byte.
 * At most PORTIO_MOCK_MAX_LPTS models exist at once.
 * Errors: as portio_mock_attach.
 */
#define PORTIO_MOCK_MAX_LPTS 4
#define PORTIO_MOCK_LPT_BUSY_READS 2
typedef struct portio_mock_lpt portio_mock_lpt;
PORTIO_API int portio_mock_add_lpt(uint16_t base, portio_mock_lpt **lpt);
PORTIO_API uint8_t portio_mock_lpt_data(const portio_mock_lpt *lpt);    /* what the port drives */
PORTIO_API uint8_t portio_mock_lpt_control(const portio_mock_lpt *lpt); /* control as written */
PORTIO_API void portio_mock_lpt_set_status(portio_mock_lpt *lpt, uint8_t status);
PORTIO_API void portio_mock_lpt_set_input(portio_mock_lpt *lpt, uint8_t data);    /* lines driven from outside */

/*
 * Moves up to max of the bytes the printer received since the last call
 * into out, oldest first, and returns how many it moved. The printer keeps
 * up to PORTIO_MOCK_LPT_PRINT_CAPACITY bytes not yet taken; bytes strobed
 * beyond that are lost (take them as you go).
 */
#define PORTIO_MOCK_LPT_PRINT_CAPACITY 65536
PORTIO_API size_t portio_mock_lpt_take_printed(portio_mock_lpt *lpt, uint8_t *out, size_t max);

#ifdef __cplusplus
}
#endif

#endif /* PORTIO_H */
