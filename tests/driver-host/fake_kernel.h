/*
 * The fake kernel that portio_driver.c runs on in the host tests: what the
 * driver did (pool, mutexes, devices, links, the DACL, the I/O permission
 * map, every port access) recorded for the harness to check, and the
 * system's answers (registry values, failures, time) set by the test.
 * Misuse of a kernel call (a double free, an unknown handle, a fast mutex
 * released by a thread that does not hold it, or taken outside a critical
 * region) is a violation at once.
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
#define FAKE_PROCESSES 2

/* Reports a broken rule and stops the run (abort(): a failed test, a
 * fuzzer finding). */
void fake_violation(const char *format, ...) __attribute__((format(printf, 1, 2), noreturn));

struct fake_process {
    int id;
    int references;   /* taken by the driver (ObReferenceObject) */
    ULONG iopm_map;   /* what Ke386IoSetAccessProcess last gave it: 0 none, 1 map 1 */
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

    /* fast mutexes: the current fake thread, the mutexes it holds, the
     * order seen; its critical regions entered and not left (one count:
     * the harness runs one thread at a time, and each request returns
     * with none) */
    ULONG thread;
    int mutexes_held;
    struct fake_mutex_pair {
        const FAST_MUTEX *first, *then;
    } order[FAKE_MAX_MUTEX_PAIRS];
    int order_count;
    const FAST_MUTEX *held[8];
    int critical_regions;

    /* time */
    LONGLONG counter;

    /* processes */
    struct fake_process processes[FAKE_PROCESSES];
    int current_process;

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

    /* ports: a latch per port; reads of script_port answer script[] in turn */
    uint8_t latch[FAKE_PORTS];
    int script_port; /* -1: none */
    uint8_t script[16];
    int script_length, script_next;
    /* each access goes to this check first (the harness's rules) */
    void (*on_access)(void *context, const struct fake_access *access);
    void *access_context;
    uint64_t accesses; /* port accesses, string elements counted one by one */
};

extern struct fake_kernel fake;

/* The value of a width_bits access at `port` in an array of one byte per
 * port (the latch, or the harness's copy of it), little-endian; and the
 * write. */
uint32_t fake_ports_read(const uint8_t *ports, uint16_t port, uint8_t width_bits);
void fake_ports_write(uint8_t *ports, uint16_t port, uint8_t width_bits, uint32_t value);

/* Everything back to a system that has done nothing (the setup too). */
void fake_kernel_reset(void);

/* A kernel object the fake knows: a process, or the device. */
bool fake_is_process(const void *object);

/* The SIDs the driver's DACL must name, in the byte form the ACE holds. */
size_t fake_sid_bytes(const UCHAR *sid, size_t room);

#endif
