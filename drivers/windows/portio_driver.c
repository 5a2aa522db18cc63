/* SPDX-License-Identifier: MIT */
/*
 * portio.sys: x86 port I/O for user mode, and nothing else.
 *
 * Each open handle keeps the ports it enabled (IOCTL_PORTIO_ENABLE, checked
 * against the administrator's allowlist) and may only touch those through
 * IOCTL_PORTIO_TRANSFER and IOCTL_PORTIO_SEQUENCE (in, out, wait, delay and
 * modify, for batches). One request that accesses ports runs at a time, for
 * all handles: a client's index/data pair or protocol step is never cut by
 * another's. On 32-bit Windows the driver can instead grant the calling
 * process the I/O permission map for exactly those ports, so that the
 * process runs in/out itself. The IOCTL protocol is portio_protocol.h;
 * every request is checked by request_check.c, which is unit-tested on the
 * host.
 *
 * Registry, under the service key's Parameters subkey (read at start):
 *   AllowedPorts (REG_MULTI_SZ)          "0x378-0x37F", "0x80", "888-895"...;
 *                                        absent: every port may be enabled;
 *                                        malformed: the driver refuses to start.
 *   AllowNonAdministrators (REG_DWORD)   1: anyone may open the device;
 *                                        otherwise Administrators and SYSTEM only.
 *
 * Every dispatch routine runs at PASSIVE_LEVEL, in the caller's thread.
 *
 * Memory: all of it non-executable where the system offers that (memory
 * integrity and Driver Verifier's code-integrity check refuse executable
 * pool). The handles' state comes from NonPagedPoolNx on Windows 8 (NT 6.2)
 * and later, from NonPagedPool before (older systems have no Nx pool and
 * stop on the unknown type); chosen once, in DriverEntry. Paged pool holds
 * only the registry values DriverEntry reads at PASSIVE_LEVEL; the driver
 * takes no spin lock and raises no IRQL. Its locks are FAST_MUTEXes taken
 * with the Unsafe calls inside a critical region: the thread stays at
 * PASSIVE_LEVEL with normal kernel APCs off, so a SEQUENCE may still wait
 * and sleep while it holds them, and an uncontended lock costs an
 * interlocked operation (a KMUTEX costs a wait, and under Wine three
 * wineserver calls). They are not recursive, and must be nonpaged: they
 * live in the image's data and the handles' state.
 */
#include <ntifs.h>
#include <intrin.h>

#include "portio_protocol.h"
#include "request_check.h"

#define POOL_TAG ((ULONG)'P' | ((ULONG)'t' << 8) | ((ULONG)'i' << 16) | ((ULONG)'o' << 24))

/* A registry value larger than this is not an allowlist anyone wrote. */
#define MAX_REGISTRY_VALUE_BYTES (64u * 1024u)

/* The I/O permission map of x86: one bit per port, 0 = allowed. Map 1 is
 * the one Ke386SetIoAccessMap may set. */
#define IOPM_BYTES 8192u
#define IOPM_MAP_NUMBER 1u

typedef BOOLEAN(NTAPI *set_io_access_map_fn)(ULONG map_number, PUCHAR map);
typedef BOOLEAN(NTAPI *io_set_access_process_fn)(PEPROCESS process, ULONG map_number);

/* What one open handle (FILE_OBJECT->FsContext) holds. Nonpaged: the fast
 * mutex must be. */
struct portio_handle {
    FAST_MUTEX lock; /* the bitmap and the counters, against concurrent IOCTLs on one handle */
    uint8_t enabled[PORTIO_BITMAP_BYTES];
    uint64_t transfer_requests;
    uint64_t operations;
};

/* NonPagedPoolNx where the system has it, else NonPagedPool: set once by
 * DriverEntry (choose_nonpaged_pool), before any allocation. */
static POOL_TYPE nonpaged_pool_type = NonPagedPool;

static PDEVICE_OBJECT device_object;
/* Held while a TRANSFER or SEQUENCE request is checked and runs, whatever
 * the handle: the atomicity portio_batch promises. Taken after the
 * handle's lock, never before it. */
static FAST_MUTEX request_lock;
static UNICODE_STRING symlink_name;
static struct portio_allowlist allowlist;

/* Resolved at start; both NULL where the system has no I/O permission map
 * calls (always on x64). */
static set_io_access_map_fn set_io_access_map;
static io_set_access_process_fn io_set_access_process;

/*
 * The grant. The system has one settable map (number 1) for all processes,
 * so at most one handle holds the grant at a time and the map allows
 * exactly that handle's ports: a second process never gets a first one's
 * ports. Other handles are served through IOCTL_PORTIO_TRANSFER and
 * IOCTL_PORTIO_SEQUENCE.
 */
static FAST_MUTEX grant_lock;
static struct portio_handle *grant_owner;
static PEPROCESS grant_process; /* referenced while granted */
static UCHAR iopm[IOPM_BYTES];

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD portio_unload;
static DRIVER_DISPATCH portio_create;
static DRIVER_DISPATCH portio_cleanup;
static DRIVER_DISPATCH portio_close;
static DRIVER_DISPATCH portio_device_control;

/* One critical region per lock held, so that normal kernel APCs stay off
 * until the last is released. */
static void lock(FAST_MUTEX *mutex)
{
    KeEnterCriticalRegion();
    ExAcquireFastMutexUnsafe(mutex);
}

static void unlock(FAST_MUTEX *mutex)
{
    ExReleaseFastMutexUnsafe(mutex);
    KeLeaveCriticalRegion();
}

static NTSTATUS complete(PIRP irp, NTSTATUS status, ULONG_PTR information)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = NT_SUCCESS(status) ? information : 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

/* ---- The grant (32-bit Windows only; callers hold grant_lock) ---- */

static BOOLEAN grant_supported(void)
{
    return set_io_access_map != NULL && io_set_access_process != NULL;
}

/* Map 1 back to "no port": nothing of a grant outlives it. */
static void clear_map_locked(void)
{
    RtlFillMemory(iopm, sizeof iopm, 0xFF);
    set_io_access_map(IOPM_MAP_NUMBER, iopm);
}

/* Takes the map away from the process that has it. */
static void revoke_grant_locked(void)
{
    if (!grant_owner)
        return;
    io_set_access_process(grant_process, 0);
    clear_map_locked();
    ObDereferenceObject(grant_process);
    grant_process = NULL;
    grant_owner = NULL;
}

/* Sets map 1 to exactly the handle's enabled ports. */
static BOOLEAN load_map_locked(const struct portio_handle *handle)
{
    for (ULONG i = 0; i < IOPM_BYTES; i++)
        iopm[i] = (UCHAR)~handle->enabled[i];
    return set_io_access_map(IOPM_MAP_NUMBER, iopm);
}

/* After any change to the owner's ports: the map follows them, and goes
 * away with the last one. */
static void update_grant_locked(struct portio_handle *handle)
{
    if (grant_owner != handle)
        return;
    if (portio_bitmap_empty(handle->enabled) || !load_map_locked(handle))
        revoke_grant_locked();
}

/* After an ENABLE that asked for it: grants the current process the map of
 * this handle's ports, when no other handle holds it. */
static BOOLEAN grant_locked(struct portio_handle *handle)
{
    PEPROCESS process = PsGetCurrentProcess();
    if (grant_owner && (grant_owner != handle || grant_process != process)) {
        update_grant_locked(handle); /* the owner's map still follows its ports */
        return FALSE;
    }
    /* Both must say TRUE; Wine's stubs say FALSE, and then the IOCTL path
     * serves. */
    if (!load_map_locked(handle) || !io_set_access_process(process, IOPM_MAP_NUMBER)) {
        if (grant_owner)
            revoke_grant_locked();
        else
            clear_map_locked();
        return FALSE;
    }
    if (!grant_owner) {
        ObReferenceObject(process);
        grant_process = process;
        grant_owner = handle;
    }
    return TRUE;
}

/* When a handle goes away, its grant goes with it. */
static void revoke_grant_of(struct portio_handle *handle)
{
    lock(&grant_lock);
    if (grant_owner == handle)
        revoke_grant_locked();
    unlock(&grant_lock);
}

/* ---- Port access ---- */

/* One IN or OUT of a checked request. */
static uint32_t port_in(USHORT port, uint8_t width_bits)
{
    if (width_bits == 8)
        return __inbyte(port);
    if (width_bits == 16)
        return __inword(port);
    return __indword(port);
}

static void port_out(USHORT port, uint8_t width_bits, uint32_t value)
{
    if (width_bits == 8)
        __outbyte(port, (UCHAR)value);
    else if (width_bits == 16)
        __outword(port, (USHORT)value);
    else
        __outdword(port, value);
}

/* Performs one checked op on the buffer; returns the port accesses made. */
static uint64_t perform_op(UCHAR *buffer, ULONG index)
{
    UCHAR *op_bytes = buffer + sizeof(struct portio_transfer_header) + (SIZE_T)index * sizeof(struct portio_op);
    struct portio_op op;
    RtlCopyMemory(&op, op_bytes, sizeof op);
    /* Checked for string ops only: data_offset is a multiple of the element
     * size inside the buffer, and the system buffer is pool memory, so
     * elements are aligned. IN and OUT may carry anything there, and a
     * pointer formed from that would be undefined behaviour (it wraps the
     * address space of a 32-bit driver). */
    UCHAR *data = NULL;
    if (op.kind == PORTIO_OP_INS || op.kind == PORTIO_OP_OUTS)
        data = buffer + op.data_offset;

    switch (op.kind) {
    case PORTIO_OP_IN:
        op.value = port_in(op.port, op.width_bits);
        RtlCopyMemory(op_bytes + offsetof(struct portio_op, value), &op.value, sizeof op.value);
        return 1;
    case PORTIO_OP_OUT:
        port_out(op.port, op.width_bits, op.value);
        return 1;
    case PORTIO_OP_INS:
        if (op.width_bits == 8)
            __inbytestring(op.port, data, op.count);
        else if (op.width_bits == 16)
            __inwordstring(op.port, (USHORT *)data, op.count);
        else
            __indwordstring(op.port, (ULONG *)data, op.count);
        return op.count;
    case PORTIO_OP_OUTS:
        if (op.width_bits == 8)
            __outbytestring(op.port, data, op.count);
        else if (op.width_bits == 16)
            __outwordstring(op.port, (USHORT *)data, op.count);
        else
            __outdwordstring(op.port, (ULONG *)data, op.count);
        return op.count;
    default: /* refused by portio_check_transfer */
        return 0;
    }
}

/* ---- SEQUENCE: time ---- */

/*
 * Waits and delays. Time comes from KeQueryPerformanceCounter. Short
 * pauses spin on that counter: KeStallExecutionProcessor would do the same,
 * but Wine's hal.dll has it only as a stub that raises, and the tests load
 * this driver under Wine. Longer ones sleep (KeDelayExecutionThread), so a
 * wait never keeps a CPU busy for more than its first BUSY_POLL_US.
 */
#define BUSY_POLL_US 50u    /* a wait polls without sleeping this long */
#define BUSY_PAUSE_US 2u    /* between those polls */
#define SLEEP_PAUSE_US 1000u /* then between polls, asleep */
#define SPIN_MOST_US 100u   /* a delay or pause this short spins; longer ones sleep */
/*
 * The request's budget, PORTIO_MAX_REQUEST_WAIT_US, counts time spent, not
 * asked for: a wait that succeeds at once costs next to nothing. But a
 * sleep ends late, by a timer tick (15.6 ms by default on Windows) or far
 * more on a loaded machine (66 ms measured under Wine here), and that is
 * the system's doing, not the request's. So an op is charged the time it
 * took, but at most its own time plus this grace, and it runs when its own
 * time fits what is left plus the grace: two 1 s delays always run and a
 * third never does, however late the sleeps. Where sleeps are late by no
 * more than the grace (a tick), every microsecond counts, so 4096 short
 * sleeps cannot hold the request for much more than the budget either.
 */
#define BUDGET_GRACE_US 50000u

struct sequence_clock {
    LONGLONG frequency; /* counter ticks per second */
    LONGLONG left;      /* ticks of the budget not spent yet; below 0 once overspent */
    LONGLONG grace;     /* BUDGET_GRACE_US in ticks */
};

static LONGLONG clock_now(void)
{
    return KeQueryPerformanceCounter(NULL).QuadPart;
}

/* Rounded up: a delay is never shorter than asked. */
static LONGLONG us_to_ticks(const struct sequence_clock *clock, uint32_t us)
{
    return ((LONGLONG)us * clock->frequency + 999999) / 1000000;
}

/* Pauses until the counter reaches `until`; `now` is its current value. */
static void pause_until(const struct sequence_clock *clock, LONGLONG now, LONGLONG until)
{
    LONGLONG remaining = until - now;
    if (remaining <= 0)
        return;
    if (remaining <= us_to_ticks(clock, SPIN_MOST_US)) {
        while (clock_now() < until)
            YieldProcessor();
        return;
    }
    /* relative, in 100 ns units, rounded up */
    LARGE_INTEGER interval;
    interval.QuadPart = -((remaining * 10000000 + clock->frequency - 1) / clock->frequency);
    KeDelayExecutionThread(KernelMode, FALSE, &interval);
}

/* Whether an op of `ticks` fits what is left of the budget (with the
 * grace). */
static BOOLEAN fits_budget(const struct sequence_clock *clock, LONGLONG ticks)
{
    return ticks <= clock->left + clock->grace;
}

/* Charges an op that started at `start` and had `ticks` of its own: the
 * time it took, at most its own time and the grace. */
static void charge(struct sequence_clock *clock, LONGLONG start, LONGLONG ticks)
{
    LONGLONG took = clock_now() - start;
    clock->left -= took < ticks + clock->grace ? took : ticks + clock->grace;
}

/* ---- SEQUENCE: the ops ---- */

/*
 * A WAIT: reads at once, then polls, pausing BUSY_PAUSE_US for the first
 * BUSY_POLL_US and sleeping SLEEP_PAUSE_US after that, until the bits
 * match or its time runs out. A wait whose time does not fit the budget
 * polls until the budget is spent instead. *value: the last read.
 */
static enum portio_sequence_outcome run_wait(struct sequence_clock *clock, const struct portio_sequence_step *step,
                                             uint32_t *value, uint64_t *accesses)
{
    const LONGLONG own = us_to_ticks(clock, step->extra.time_us);
    const BOOLEAN fits = fits_budget(clock, own);
    const LONGLONG limit = fits ? own : (clock->left > 0 ? clock->left : 0);
    const LONGLONG busy = us_to_ticks(clock, BUSY_POLL_US);
    const LONGLONG start = clock_now();
    enum portio_sequence_outcome outcome;
    for (;;) {
        *value = port_in(step->op.port, step->op.width_bits);
        (*accesses)++;
        if ((*value & step->extra.mask) == step->op.value) {
            outcome = PORTIO_SEQUENCE_DONE;
            break;
        }
        const LONGLONG now = clock_now();
        const LONGLONG elapsed = now - start;
        if (elapsed >= limit) {
            outcome = fits ? PORTIO_SEQUENCE_WAIT_TIMED_OUT : PORTIO_SEQUENCE_BUDGET_SPENT;
            break;
        }
        const LONGLONG pause = us_to_ticks(clock, elapsed < busy ? BUSY_PAUSE_US : SLEEP_PAUSE_US);
        pause_until(clock, now, start + (elapsed + pause < limit ? elapsed + pause : limit));
    }
    charge(clock, start, limit);
    return outcome;
}

/* A DELAY of `us`: not made when it does not fit the budget. */
static enum portio_sequence_outcome run_delay(struct sequence_clock *clock, uint32_t us)
{
    const LONGLONG own = us_to_ticks(clock, us);
    if (!fits_budget(clock, own))
        return PORTIO_SEQUENCE_BUDGET_SPENT;
    const LONGLONG start = clock_now();
    const LONGLONG until = start + own;
    /* A sleep may end early: pause again until the counter says so. */
    for (LONGLONG now = start; now < until; now = clock_now())
        pause_until(clock, now, until);
    charge(clock, start, own);
    return PORTIO_SEQUENCE_DONE;
}

/*
 * Runs a checked sequence in place and writes its reply; returns the port
 * accesses made (every poll counts). Op i and its extra are read through
 * portio_sequence_next, as the check read them, before op i runs; the
 * value of the k-th op that has one goes to offset 16 + 4 * k. That op is
 * op i with k <= i, so the value ends at 20 + 4 * k <= 20 + 4 * i, before
 * op i + 1, which starts at 16 + 8 * (i + 1) or later (ops are 8 bytes at
 * least): no op is overwritten before it is read. The reply overwrites the
 * header, copied before. Values of ops that did not run are 0.
 */
static uint64_t perform_sequence(UCHAR *buffer, ULONG input_length, const struct portio_sequence_header *header)
{
    LARGE_INTEGER frequency;
    KeQueryPerformanceCounter(&frequency);
    struct sequence_clock clock = {.frequency = frequency.QuadPart};
    clock.left = us_to_ticks(&clock, PORTIO_MAX_REQUEST_WAIT_US);
    clock.grace = us_to_ticks(&clock, BUDGET_GRACE_US);

    struct portio_sequence_reply reply = {sizeof reply, PORTIO_SEQUENCE_DONE, header->op_count, 0};
    const SIZE_T output_end = sizeof reply + (SIZE_T)header->value_count * sizeof(uint32_t);
    SIZE_T value_at = sizeof reply;
    size_t offset = sizeof *header;
    uint64_t accesses = 0;
    for (ULONG i = 0; i < header->op_count; i++) {
        struct portio_sequence_step step;
        if (!portio_sequence_next(buffer, input_length, &offset, &step))
            break; /* checked: never */
        uint32_t value = 0;
        enum portio_sequence_outcome outcome = PORTIO_SEQUENCE_DONE;
        switch (step.op.kind) {
        case PORTIO_OP_IN:
            value = port_in(step.op.port, step.op.width_bits);
            accesses++;
            break;
        case PORTIO_OP_OUT:
            port_out(step.op.port, step.op.width_bits, step.op.value);
            accesses++;
            break;
        case PORTIO_OP_WAIT:
            outcome = run_wait(&clock, &step, &value, &accesses);
            break;
        case PORTIO_OP_DELAY:
            outcome = run_delay(&clock, step.op.value);
            break;
        case PORTIO_OP_MODIFY:
            value = port_in(step.op.port, step.op.width_bits);
            port_out(step.op.port, step.op.width_bits, (value & ~step.extra.mask) | step.op.value);
            accesses += 2;
            break;
        default: /* refused by portio_check_sequence */
            break;
        }
        if (portio_sequence_kind_has_value(step.op.kind)) {
            RtlCopyMemory(buffer + value_at, &value, sizeof value);
            value_at += sizeof value;
        }
        if (outcome != PORTIO_SEQUENCE_DONE) {
            reply.outcome = outcome;
            reply.ops_run = i;
            reply.last_value = step.op.kind == PORTIO_OP_WAIT ? value : 0;
            break;
        }
    }
    RtlZeroMemory(buffer + value_at, output_end - value_at);
    RtlCopyMemory(buffer, &reply, sizeof reply);
    return accesses;
}

/* ---- IOCTLs ---- */

static NTSTATUS hello(PIRP irp, ULONG output_length)
{
    /* The input is not read: a newer client may send something here, and
     * must still learn this driver's version to refuse it cleanly. */
    struct portio_hello_reply reply = {
        .size = sizeof reply,
        .protocol_version = PORTIO_PROTOCOL_VERSION,
        .features = grant_supported() ? PORTIO_FEATURE_IOPM_GRANT : 0,
        .max_transfer_size = PORTIO_MAX_TRANSFER_SIZE,
    };
    if (output_length < sizeof reply)
        return STATUS_BUFFER_TOO_SMALL;
    RtlCopyMemory(irp->AssociatedIrp.SystemBuffer, &reply, sizeof reply);
    irp->IoStatus.Information = sizeof reply;
    return STATUS_SUCCESS;
}

static NTSTATUS enable(struct portio_handle *handle, PIRP irp, ULONG input_length, ULONG output_length)
{
    struct portio_range_request request;
    if (portio_check_range_request(irp->AssociatedIrp.SystemBuffer, input_length, &request) != PORTIO_CHECK_OK)
        return STATUS_INVALID_PARAMETER;
    /* Checked before anything changes, so a refused request changes nothing. */
    if (output_length < sizeof(struct portio_enable_reply))
        return STATUS_BUFFER_TOO_SMALL;
    if (!portio_allowlist_permits(&allowlist, request.first, request.count))
        return STATUS_PRIVILEGE_NOT_HELD;

    struct portio_enable_reply reply = {.size = sizeof reply, .granted = 0};
    lock(&handle->lock);
    portio_bitmap_set(handle->enabled, request.first, request.count, TRUE);
    if (grant_supported()) {
        lock(&grant_lock);
        if (request.flags & PORTIO_ENABLE_WANT_GRANT)
            reply.granted = grant_locked(handle) ? 1u : 0u;
        else
            update_grant_locked(handle);
        unlock(&grant_lock);
    }
    unlock(&handle->lock);

    RtlCopyMemory(irp->AssociatedIrp.SystemBuffer, &reply, sizeof reply);
    irp->IoStatus.Information = sizeof reply;
    return STATUS_SUCCESS;
}

static NTSTATUS disable(struct portio_handle *handle, PIRP irp, ULONG input_length, ULONG output_length)
{
    struct portio_range_request request;
    if (portio_check_range_request(irp->AssociatedIrp.SystemBuffer, input_length, &request) != PORTIO_CHECK_OK ||
        request.flags != 0 || output_length != 0)
        return STATUS_INVALID_PARAMETER;

    lock(&handle->lock);
    portio_bitmap_set(handle->enabled, request.first, request.count, FALSE);
    if (grant_supported()) {
        lock(&grant_lock);
        update_grant_locked(handle);
        unlock(&grant_lock);
    }
    unlock(&handle->lock);
    return STATUS_SUCCESS;
}

/* What a check of an access request answers the caller. */
static NTSTATUS check_status(int check)
{
    switch (check) {
    case PORTIO_CHECK_OK: return STATUS_SUCCESS;
    case PORTIO_CHECK_NOT_ENABLED: return STATUS_ACCESS_DENIED;
    default: return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS transfer(struct portio_handle *handle, PIRP irp, ULONG input_length, ULONG output_length)
{
    UCHAR *buffer = irp->AssociatedIrp.SystemBuffer;

    /* The handle's lock across the check and the accesses, so that a
     * DISABLE on another thread cannot slip between them; request_lock so
     * that no other handle's request runs in between. */
    lock(&handle->lock);
    lock(&request_lock);
    NTSTATUS status = check_status(portio_check_transfer(buffer, input_length, output_length, handle->enabled));
    if (NT_SUCCESS(status)) {
        struct portio_transfer_header header;
        RtlCopyMemory(&header, buffer, sizeof header);
        for (ULONG i = 0; i < header.op_count; i++)
            handle->operations += perform_op(buffer, i);
        handle->transfer_requests++;
        /* The whole buffer back, or nothing for writes only. */
        irp->IoStatus.Information = output_length;
    }
    unlock(&request_lock);
    unlock(&handle->lock);
    return status;
}

/* As transfer(): the same locks across check and accesses, the same
 * counters (one request; every port access, each poll of a wait). The
 * whole output is the answer, whether every op ran or the reply says
 * where the request stopped. */
static NTSTATUS sequence(struct portio_handle *handle, PIRP irp, ULONG input_length, ULONG output_length)
{
    UCHAR *buffer = irp->AssociatedIrp.SystemBuffer;

    lock(&handle->lock);
    lock(&request_lock);
    NTSTATUS status = check_status(portio_check_sequence(buffer, input_length, output_length, handle->enabled));
    if (NT_SUCCESS(status)) {
        struct portio_sequence_header header;
        RtlCopyMemory(&header, buffer, sizeof header);
        handle->operations += perform_sequence(buffer, input_length, &header);
        handle->transfer_requests++;
        irp->IoStatus.Information = output_length;
    }
    unlock(&request_lock);
    unlock(&handle->lock);
    return status;
}

static NTSTATUS stats(struct portio_handle *handle, PIRP irp, ULONG input_length, ULONG output_length)
{
    struct portio_stats_reply reply = {.size = sizeof reply, .reserved = 0};
    if (input_length != 0)
        return STATUS_INVALID_PARAMETER;
    if (output_length < sizeof reply)
        return STATUS_BUFFER_TOO_SMALL;
    lock(&handle->lock);
    reply.transfer_requests = handle->transfer_requests;
    reply.operations = handle->operations;
    unlock(&handle->lock);
    RtlCopyMemory(irp->AssociatedIrp.SystemBuffer, &reply, sizeof reply);
    irp->IoStatus.Information = sizeof reply;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI portio_device_control(PDEVICE_OBJECT device, PIRP irp)
{
    UNREFERENCED_PARAMETER(device);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    struct portio_handle *handle = stack->FileObject ? stack->FileObject->FsContext : NULL;
    ULONG input_length = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG output_length = stack->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status;

    irp->IoStatus.Information = 0;
    if (!handle)
        return complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PORTIO_HELLO:
        status = hello(irp, output_length);
        break;
    case IOCTL_PORTIO_ENABLE:
        status = enable(handle, irp, input_length, output_length);
        break;
    case IOCTL_PORTIO_DISABLE:
        status = disable(handle, irp, input_length, output_length);
        break;
    case IOCTL_PORTIO_TRANSFER:
        status = transfer(handle, irp, input_length, output_length);
        break;
    case IOCTL_PORTIO_STATS:
        status = stats(handle, irp, input_length, output_length);
        break;
    case IOCTL_PORTIO_SEQUENCE:
        status = sequence(handle, irp, input_length, output_length);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return complete(irp, status, irp->IoStatus.Information);
}

/* ---- Handles ---- */

static NTSTATUS NTAPI portio_create(PDEVICE_OBJECT device, PIRP irp)
{
    UNREFERENCED_PARAMETER(device);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    PFILE_OBJECT file = stack->FileObject;

    /* Only the device itself: \\.\portio\anything names nothing. */
    if (!file || file->FileName.Length != 0)
        return complete(irp, STATUS_OBJECT_NAME_NOT_FOUND, 0);

    struct portio_handle *handle = ExAllocatePoolWithTag(nonpaged_pool_type, sizeof *handle, POOL_TAG);
    if (!handle)
        return complete(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    RtlZeroMemory(handle, sizeof *handle);
    ExInitializeFastMutex(&handle->lock);
    file->FsContext = handle;
    return complete(irp, STATUS_SUCCESS, 0);
}

/* The last handle to the file object is closed, in the closing process's
 * context: a process that dies mid-sequence loses its grant here. */
static NTSTATUS NTAPI portio_cleanup(PDEVICE_OBJECT device, PIRP irp)
{
    UNREFERENCED_PARAMETER(device);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    struct portio_handle *handle = stack->FileObject ? stack->FileObject->FsContext : NULL;
    if (handle) {
        lock(&handle->lock);
        revoke_grant_of(handle);
        unlock(&handle->lock);
    }
    return complete(irp, STATUS_SUCCESS, 0);
}

/* The file object goes away. Revoked here too, because Wine sends no
 * IRP_MJ_CLEANUP. */
static NTSTATUS NTAPI portio_close(PDEVICE_OBJECT device, PIRP irp)
{
    UNREFERENCED_PARAMETER(device);
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    struct portio_handle *handle = stack->FileObject ? stack->FileObject->FsContext : NULL;
    if (handle) {
        revoke_grant_of(handle);
        stack->FileObject->FsContext = NULL;
        ExFreePoolWithTag(handle, POOL_TAG);
    }
    return complete(irp, STATUS_SUCCESS, 0);
}

/* ---- Start and stop ---- */

/* S-1-5-18 (SYSTEM) and S-1-5-32-544 (Administrators), written out: they
 * never change, and SeExports need not be filled in everywhere (Wine). */
struct two_rid_sid {
    UCHAR Revision;
    UCHAR SubAuthorityCount;
    SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
    ULONG SubAuthority[2];
};
static struct two_rid_sid local_system_sid = {SID_REVISION, 1, {SECURITY_NT_AUTHORITY}, {SECURITY_LOCAL_SYSTEM_RID, 0}};
static struct two_rid_sid administrators_sid = {
    SID_REVISION, 2, {SECURITY_NT_AUTHORITY}, {SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS}};

/*
 * Only Administrators and SYSTEM may open the device: what
 * IoCreateDeviceSecure with "D:P(A;;GA;;;SY)(A;;GA;;;BA)" would do; that
 * call is not in mingw-w64, and ObSetSecurityObjectByPointer is only a stub
 * in Wine, so the DACL goes on through a kernel handle.
 */
static NTSTATUS restrict_to_administrators(PDEVICE_OBJECT device)
{
    ULONG acl_buffer[32]; /* ULONG-aligned, room for two ACEs */
    PACL acl = (PACL)acl_buffer;
    SECURITY_DESCRIPTOR descriptor;
    HANDLE object;

    NTSTATUS status = RtlCreateAcl(acl, sizeof acl_buffer, ACL_REVISION);
    if (NT_SUCCESS(status))
        status = RtlAddAccessAllowedAce(acl, ACL_REVISION, FILE_ALL_ACCESS, (PSID)&local_system_sid);
    if (NT_SUCCESS(status))
        status = RtlAddAccessAllowedAce(acl, ACL_REVISION, FILE_ALL_ACCESS, (PSID)&administrators_sid);
    if (NT_SUCCESS(status))
        status = RtlCreateSecurityDescriptor(&descriptor, SECURITY_DESCRIPTOR_REVISION);
    if (NT_SUCCESS(status))
        status = RtlSetDaclSecurityDescriptor(&descriptor, TRUE, acl, FALSE);
    if (!NT_SUCCESS(status))
        return status;
    status = ObOpenObjectByPointer(device, OBJ_KERNEL_HANDLE, NULL, WRITE_DAC, NULL, KernelMode, &object);
    if (!NT_SUCCESS(status))
        return status;
    status = ZwSetSecurityObject(object, DACL_SECURITY_INFORMATION, &descriptor);
    ZwClose(object);
    return status;
}

/* One value of an open key, in a PagedPool buffer the caller frees.
 * STATUS_OBJECT_NAME_NOT_FOUND when it is absent. */
static NTSTATUS query_value(HANDLE key, PCWSTR name, PKEY_VALUE_PARTIAL_INFORMATION *value)
{
    UNICODE_STRING value_name;
    ULONG length = 0;
    RtlInitUnicodeString(&value_name, name);
    *value = NULL;

    NTSTATUS status = ZwQueryValueKey(key, &value_name, KeyValuePartialInformation, NULL, 0, &length);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW)
        return NT_SUCCESS(status) ? STATUS_INVALID_PARAMETER : status;
    if (length < FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) || length > MAX_REGISTRY_VALUE_BYTES)
        return STATUS_INVALID_PARAMETER;

    PKEY_VALUE_PARTIAL_INFORMATION buffer = ExAllocatePoolWithTag(PagedPool, length, POOL_TAG);
    if (!buffer)
        return STATUS_INSUFFICIENT_RESOURCES;
    status = ZwQueryValueKey(key, &value_name, KeyValuePartialInformation, buffer, length, &length);
    /* A value that grew between the two calls fails here; start again. */
    if (!NT_SUCCESS(status) || buffer->DataLength > length - FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data)) {
        ExFreePoolWithTag(buffer, POOL_TAG);
        return NT_SUCCESS(status) ? STATUS_INVALID_PARAMETER : status;
    }
    *value = buffer;
    return STATUS_SUCCESS;
}

/*
 * Reads Parameters\AllowedPorts and Parameters\AllowNonAdministrators.
 * Absent key or values: the defaults (no allowlist, administrators only).
 * Anything unreadable or malformed in AllowedPorts fails the start: a
 * driver that cannot read its allowlist must not serve every port.
 */
static NTSTATUS read_parameters(PUNICODE_STRING registry_path, BOOLEAN *allow_non_administrators)
{
    OBJECT_ATTRIBUTES attributes;
    UNICODE_STRING parameters_name;
    HANDLE service_key, parameters_key;
    PKEY_VALUE_PARTIAL_INFORMATION value;

    *allow_non_administrators = FALSE;
    RtlZeroMemory(&allowlist, sizeof allowlist);
    if (!registry_path)
        return STATUS_INVALID_PARAMETER;

    InitializeObjectAttributes(&attributes, registry_path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    NTSTATUS status = ZwOpenKey(&service_key, KEY_READ, &attributes);
    if (!NT_SUCCESS(status))
        return status;
    RtlInitUnicodeString(&parameters_name, L"Parameters");
    InitializeObjectAttributes(&attributes, &parameters_name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               service_key, NULL);
    status = ZwOpenKey(&parameters_key, KEY_READ, &attributes);
    ZwClose(service_key);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND)
        return STATUS_SUCCESS;
    if (!NT_SUCCESS(status))
        return status;

    status = query_value(parameters_key, L"AllowedPorts", &value);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        status = STATUS_SUCCESS;
    } else if (NT_SUCCESS(status)) {
        if (value->Type != REG_MULTI_SZ || value->DataLength % sizeof(uint16_t) != 0 ||
            portio_parse_allowlist((const uint16_t *)value->Data, value->DataLength / sizeof(uint16_t),
                                   &allowlist) != PORTIO_CHECK_OK)
            status = STATUS_INVALID_PARAMETER;
        ExFreePoolWithTag(value, POOL_TAG);
    }

    /* Only an explicit DWORD 1 opens the device to everyone; any other
     * value keeps the restriction. */
    if (NT_SUCCESS(status) && NT_SUCCESS(query_value(parameters_key, L"AllowNonAdministrators", &value))) {
        ULONG setting = 0;
        if (value->Type == REG_DWORD && value->DataLength == sizeof setting)
            RtlCopyMemory(&setting, value->Data, sizeof setting);
        *allow_non_administrators = setting == 1;
        ExFreePoolWithTag(value, POOL_TAG);
    }
    ZwClose(parameters_key);
    return status;
}

/* The I/O permission map calls exist on 32-bit Windows only, and not even
 * in every build of it: looked up, never imported, so that the driver loads
 * everywhere. On x64 they are never looked up: there is no map to grant
 * (and Wine's x64 ntoskrnl.exe exports stubs of them). */
static void resolve_grant_routines(void)
{
#if defined(__i386__) || defined(_M_IX86)
    UNICODE_STRING name;
    PVOID set_map, set_process;
    RtlInitUnicodeString(&name, L"Ke386SetIoAccessMap");
    set_map = MmGetSystemRoutineAddress(&name);
    RtlInitUnicodeString(&name, L"Ke386IoSetAccessProcess");
    set_process = MmGetSystemRoutineAddress(&name);
    if (set_map && set_process) {
        /* Data pointer to function pointer, without a cast ISO C forbids. */
        RtlCopyMemory(&set_io_access_map, &set_map, sizeof set_map);
        RtlCopyMemory(&io_set_access_process, &set_process, sizeof set_process);
    }
#endif
}

/* RtlGetVersion rather than RtlIsNtDdiVersionAvailable: ntoskrnl exports
 * it since Windows 2000 (and Wine's forwards it to ntdll), while mingw-w64
 * maps the latter to the WDK's static wdmlib, which it does not ship.
 * Should it ever fail, NonPagedPool: the one type every version accepts. */
static void choose_nonpaged_pool(void)
{
    RTL_OSVERSIONINFOW version;
    RtlZeroMemory(&version, sizeof version);
    version.dwOSVersionInfoSize = sizeof version;
    if (NT_SUCCESS(RtlGetVersion(&version)) &&
        (version.dwMajorVersion > 6 || (version.dwMajorVersion == 6 && version.dwMinorVersion >= 2)))
        nonpaged_pool_type = NonPagedPoolNx;
    else
        nonpaged_pool_type = NonPagedPool;
}

static VOID NTAPI portio_unload(PDRIVER_OBJECT driver)
{
    UNREFERENCED_PARAMETER(driver);
    /* Unload comes after the last handle closed; this is only a safety net. */
    lock(&grant_lock);
    revoke_grant_locked();
    unlock(&grant_lock);
    IoDeleteSymbolicLink(&symlink_name);
    IoDeleteDevice(device_object);
    device_object = NULL;
}

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path)
{
    UNICODE_STRING device_name;
    BOOLEAN allow_non_administrators;

    choose_nonpaged_pool();
    ExInitializeFastMutex(&grant_lock);
    ExInitializeFastMutex(&request_lock);
    resolve_grant_routines();
    NTSTATUS status = read_parameters(registry_path, &allow_non_administrators);
    if (!NT_SUCCESS(status))
        return status;

    RtlInitUnicodeString(&device_name, PORTIO_DEVICE_NAME);
    RtlInitUnicodeString(&symlink_name, PORTIO_SYMLINK_NAME);
    /* FILE_DEVICE_SECURE_OPEN: the DACL also guards \Device\portio\... */
    status = IoCreateDevice(driver, 0, &device_name, PORTIO_DEVICE_TYPE, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &device_object);
    if (!NT_SUCCESS(status))
        return status;
    /* The DACL goes on before the symbolic link exists and before
     * DO_DEVICE_INITIALIZING is cleared, so there is no moment when anyone
     * else could open the device. */
    if (!allow_non_administrators)
        status = restrict_to_administrators(device_object);
    if (NT_SUCCESS(status))
        status = IoCreateSymbolicLink(&symlink_name, &device_name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device_object);
        device_object = NULL;
        return status;
    }

    driver->MajorFunction[IRP_MJ_CREATE] = portio_create;
    driver->MajorFunction[IRP_MJ_CLEANUP] = portio_cleanup;
    driver->MajorFunction[IRP_MJ_CLOSE] = portio_close;
    driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = portio_device_control;
    driver->DriverUnload = portio_unload;
    device_object->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
