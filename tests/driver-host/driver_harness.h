/* SPDX-License-Identifier: MIT */
/*
 * The harness: loads portio.sys's own code on the fake kernel, sends it
 * requests the way the I/O manager would (IRPs with a METHOD_BUFFERED
 * system buffer), and after every request checks the driver's promises
 * (README, "The driver on the host"):
 *   - the IRP completed exactly once, its status one of the documented
 *     ones, Information no larger than the output buffer (0 on failure);
 *   - no fast mutex held, no critical region left entered, no kernel
 *     handle left open, one pool block per open handle and nothing else;
 *     no allocation ever from executable pool (NonPagedPool) on Windows 8
 *     or later, the version asked once;
 *   - port accesses only on ports the calling handle enabled, inside the
 *     allowlist, none for a refused request; the values a TRANSFER or
 *     SEQUENCE answers are what its ports held;
 *   - the I/O permission map allows exactly the grant owner's ports, only
 *     the owner's process has it, and the driver holds a reference to that
 *     process and no other;
 * and after DriverEntry and unload, what the system holds of the driver.
 * A broken promise is fake_violation(): an abort, so a failed test or a
 * fuzzer's finding.
 */
#ifndef PORTIO_DRIVER_HARNESS_H
#define PORTIO_DRIVER_HARNESS_H

#include "fake_kernel.h"
#include "portio_protocol.h"
#include "reference_allowlist.h"
#include "request_check.h"

#define HARNESS_HANDLES 3

DRIVER_INITIALIZE DriverEntry;

/* What the service's registry key holds, and how the system answers. */
struct harness_config {
    bool parameters_key;
    bool has_allowed_ports;
    ULONG allowed_ports_type;
    const uint8_t *allowed_ports; /* raw value bytes (UTF-16 for REG_MULTI_SZ) */
    ULONG allowed_ports_length;
    bool has_non_administrators;
    ULONG non_administrators_type;
    const uint8_t *non_administrators;
    ULONG non_administrators_length;
    struct fake_setup faults; /* the fake's answers beyond the registry (fail_*, grant routines, time) */
};

struct harness_handle {
    bool open;
    FILE_OBJECT *file;
    int process; /* the process that opened it */
    uint8_t enabled[PORTIO_BITMAP_BYTES];
    uint64_t requests, operations;
};

struct harness {
    DRIVER_OBJECT driver;
    bool loaded;
    struct reference_allowlist allowlist;
    struct harness_handle handles[HARNESS_HANDLES];
    int owner;         /* the handle holding the grant, or -1 */
    int owner_process; /* the process it was granted to */
    /* the request being served */
    int request_slot;
    bool request_may_access;
    uint64_t request_accesses;
};

/* A registry holding UTF-16 text (entries separated by '|', each turned into
 * a NUL-terminated entry, then the final NUL): "0x378-0x37A|0x80". */
size_t harness_multi_sz(const char *entries, uint8_t *out, size_t room);
/* A configuration with a Parameters key holding `allowed` (NULL: no value)
 * and no AllowNonAdministrators value. */
void harness_default_config(struct harness_config *config, const char *allowed);

/* Loads the driver; checks what DriverEntry left either way. */
NTSTATUS harness_load(struct harness *h, const struct harness_config *config);
/* Closes what is open (cleanup, then close), unloads, checks that nothing
 * is left. */
void harness_unload(struct harness *h);

/* IRP_MJ_CREATE of handle `slot` in `process`; file_name_bytes: the length
 * of the name after the device's (0 for the device itself). */
NTSTATUS harness_create(struct harness *h, int slot, int process, USHORT file_name_bytes);
NTSTATUS harness_cleanup(struct harness *h, int slot);
NTSTATUS harness_close(struct harness *h, int slot);

/* IRP_MJ_DEVICE_CONTROL on handle `slot` from `process`: the input is
 * copied into a system buffer of max(input, output) bytes; the first
 * Information bytes come back in `output`. */
NTSTATUS harness_ioctl(struct harness *h, int slot, int process, ULONG code, const void *input, ULONG input_length,
                       void *output, ULONG output_length, ULONG_PTR *information);

/* The checks of every completed IRP: completed exactly once, the status
 * returned is the IRP's and one the driver documents for `major`,
 * Information within output_length and 0 on failure. */
void harness_check_irp(const IRP *irp, NTSTATUS returned, UCHAR major, ULONG output_length);

/* Sends `irp` (major function `major`) on `file` from `process`, in the
 * calling thread, as the I/O manager would: the stack location filled in,
 * the status set to something that must be replaced. Returns what the
 * dispatch routine returned; checks nothing. */
NTSTATUS harness_send(const struct harness *h, FILE_OBJECT *file, int process, UCHAR major, IRP *irp);

/* An IRP_MJ_DEVICE_CONTROL as the I/O manager makes it for a
 * METHOD_BUFFERED code: a system buffer of max(input, output) bytes (NULL
 * for 0) holding the input, then old pool contents. Returns that buffer,
 * for the caller to free() after the request. */
uint8_t *harness_control_irp(IRP *irp, ULONG code, const void *input, ULONG input_length, ULONG output_length);

/* Conveniences over harness_ioctl. */
NTSTATUS harness_enable(struct harness *h, int slot, uint32_t first, uint32_t count, uint32_t flags,
                        uint32_t *granted);
NTSTATUS harness_disable(struct harness *h, int slot, uint32_t first, uint32_t count);

#endif
