/* SPDX-License-Identifier: MIT */
/*
 * The fake kernel that portio_driver.c runs on in the host tests: what the
 * driver did (pool, mutexes, devices, links, the DACL, the I/O permission
 * map, every port access) recorded for the harness to check, and the
 * system's answers (registry values, failures, time) set by the test.
 * Misuse of a kernel call (a double free, an unknown handle, a fast mutex
 * released by a thread that does not hold it, or taken outside a critical
 * region) is a violation at once.
 *
 * Requests may come from several host threads at once, as they do on
 * Windows (each in its caller's thread): a fast mutex is a host mutex that
 * a second thread really waits on; what a thread holds and its critical
 * regions are its own (fake_self); the kernel's rules are checked per
 * thread, lock order across all of them (by lock class: a handle's lock is
 * one class whatever the handle), and two threads waiting for each other
 * are reported as a deadlock instead of hanging. The fake's own
 * bookkeeping on the request path takes no lock that the threads share, so
 * ThreadSanitizer sees only the driver's synchronization.
 */
#ifndef PORTIO_FAKE_KERNEL_H
#define PORTIO_FAKE_KERNEL_H

#include <ntifs.h>
#include <stdbool.h>

#define FAKE_PORTS 0x10000u
#define FAKE_IOPM_BYTES 8192u
#define FAKE_MAX_BLOCKS 32
#define FAKE_MAX_VALUES 4
#define FAKE_MAX_MUTEX_PAIRS 32
#define FAKE_PROCESSES 4

/* Reports a broken rule and stops the run (abort(): a failed test, a
 * fuzzer finding). */
void fake_violation(const char *format, ...) __attribute__((format(printf, 1, 2), noreturn));

struct fake_process {
    int id;
    int references;   /* taken by the driver (ObReferenceObject) */
    ULONG iopm_map;   /* what Ke386IoSetAccessProcess last gave it: 0 none, 1 map 1 */
};

#define FAKE_MAX_HELD 8

/* A host thread as the kernel sees it: set by the harness before each
 * request (id and process), kept by the fake (the rest). */
struct fake_thread {
    _Atomic ULONG id; /* for messages (other threads' deadlock checks read it too); a thread that never
                         set it gets one */
    int process; /* PsGetCurrentProcess: fake.processes[process] */
    const FAST_MUTEX *held[FAKE_MAX_HELD];
    int mutexes_held;
    int critical_regions;
    const FAST_MUTEX *_Atomic waiting_for; /* read by other threads' deadlock checks */
    /* lock-order pairs this thread has published already (the shared
     * table is locked only for new ones) */
    uint64_t pairs_seen[16][2];
    int pairs_seen_count;
};
extern _Thread_local struct fake_thread fake_self;

/* A device behind the ports instead of the latch (the concurrent tests'
 * recording device): every IN and each string element asks `in`, every
 * OUT tells `out`. */
struct fake_port_device {
    uint32_t (*in)(void *context, uint16_t port, uint8_t width_bits);
    void (*out)(void *context, uint16_t port, uint8_t width_bits, uint32_t value);
    void *context;
};

struct fake_registry_value {
    const wchar_t *name;
    ULONG type;
    const uint8_t *data;
    ULONG length;
};

/* The system's answers: set before DriverEntry. */
struct fake_setup {
    bool service_key;    /* the service key opens */
    bool parameters_key; /* it has a Parameters subkey */
    struct fake_registry_value values[FAKE_MAX_VALUES];
    int value_count;
    int fail_allocation; /* the n-th pool allocation (from 1) fails; 0: none */
    bool value_grows;    /* a value is 2 bytes longer at the second query */
    NTSTATUS fail_open_parameters, fail_query, fail_create_device, fail_create_link, fail_open_object,
        fail_set_security; /* non-zero: that call answers this */
    bool grant_routines; /* MmGetSystemRoutineAddress finds Ke386SetIoAccessMap and Ke386IoSetAccessProcess */
    bool set_map_fails, set_process_fails; /* they answer FALSE (as Wine's stubs do) */
    LONGLONG frequency;  /* performance counter ticks per second */
    LONGLONG sleep_late_us; /* every sleep ends this much later than asked */
    ULONG windows_major, windows_minor; /* what RtlGetVersion answers; 0.0: Windows 10 (10.0) */
};

/* Whether the configured system has NonPagedPoolNx: Windows 8 (6.2) and later. */
bool fake_has_nx_pool(void);

struct fake_block {
    void *address;
    size_t bytes;
    ULONG tag;
    POOL_TYPE type;
};

struct fake_ace {
    UCHAR type;
    ACCESS_MASK mask;
    UCHAR sid[8 + 4 * 4];
    size_t sid_bytes;
};

struct fake_access {
    uint16_t port;
    uint8_t width_bits;
    bool out;
    uint32_t value; /* the value of a single access; strings: the last element */
    uint32_t count; /* 1, or a string's elements */
};

struct fake_kernel {
    struct fake_setup setup;

    /* pool */
    struct fake_block blocks[FAKE_MAX_BLOCKS];
    int live_blocks;
    int allocations;
    /* every allocation's pool type, counted, freed or not */
    int executable_allocations; /* NonPagedPool (= NonPagedPoolExecute) */
    int nx_allocations;         /* NonPagedPoolNx */
    int paged_allocations;      /* PagedPool */
    int version_queries;        /* RtlGetVersion calls */

    /* time: one counter for every thread, moved by relaxed atomic adds */
    _Atomic LONGLONG counter;

    /* processes */
    struct fake_process processes[FAKE_PROCESSES];

    /* device, link, security */
    DEVICE_OBJECT *device;
    int devices_created, devices_deleted;
    bool link_exists;
    int links_created, links_deleted;
    wchar_t link_name[64], link_target[64];
    bool dacl_set, dacl_set_after_link;
    int dacl_aces;
    struct fake_ace aces[4];
    int open_handles; /* registry keys and object handles not closed */
    int routine_lookups;

    /* the I/O permission map */
    UCHAR iopm[FAKE_IOPM_BYTES];
    bool iopm_set;
    int set_map_calls;
    /* called after each Ke386SetIoAccessMap and Ke386IoSetAccessProcess,
     * inside the driver's grant lock (the concurrent tests' invariant) */
    void (*on_grant_change)(void *context);
    void *grant_context;

    /* ports: a latch per port; reads of script_port answer script[] in turn */
    uint8_t latch[FAKE_PORTS];
    int script_port; /* -1: none */
    uint8_t script[16];
    int script_length, script_next;
    /* each access goes to this check first (the harness's rules) */
    void (*on_access)(void *context, const struct fake_access *access);
    void *access_context;
    struct fake_port_device port_device; /* in set: it answers, not the latch */
    _Atomic uint64_t accesses; /* port accesses, string elements counted one by one */
};

extern struct fake_kernel fake;

/* The value of a width_bits access at `port` in an array of one byte per
 * port (the latch, or the harness's copy of it), little-endian; and the
 * write. */
uint32_t fake_ports_read(const uint8_t *ports, uint16_t port, uint8_t width_bits);
void fake_ports_write(uint8_t *ports, uint16_t port, uint8_t width_bits, uint32_t value);

/* Everything back to a system that has done nothing (the setup too); the
 * calling thread becomes the only one the fake knows. */
void fake_kernel_reset(void);

/* Fast mutexes held, by any thread (0 when nothing is held anywhere). */
int fake_mutexes_held_anywhere(void);

/* A kernel object the fake knows: a process, or the device. */
bool fake_is_process(const void *object);

/* The SIDs the driver's DACL must name, in the byte form the ACE holds. */
size_t fake_sid_bytes(const UCHAR *sid, size_t room);

#endif
