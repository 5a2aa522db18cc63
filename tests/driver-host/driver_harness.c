/* SPDX-License-Identifier: MIT */
/*
 * The harness (driver_harness.h).
 */
#include "driver_harness.h"

#include <stdio.h>
#include <stdlib.h>

#define POOL_TAG ((ULONG)'P' | ((ULONG)'t' << 8) | ((ULONG)'i' << 16) | ((ULONG)'o' << 24))

/* The ports as they were when the request started, replayed by the
 * harness's own reading of the request. */
static uint8_t shadow[FAKE_PORTS];

static bool grant_routines_expected(void)
{
#if defined(__i386__)
    return fake.setup.grant_routines;
#else
    return false;
#endif
}

static bool bit(const uint8_t *bitmap, uint32_t port)
{
    return (bitmap[port / 8u] >> (port % 8u)) & 1u;
}

/* ---- Registry text ---- */

size_t harness_multi_sz(const char *entries, uint8_t *out, size_t room)
{
    size_t at = 0;
    for (const char *c = entries;; c++) {
        uint16_t unit = (*c == '|' || *c == '\0') ? 0 : (uint8_t)*c;
        if (at + 2 > room)
            fake_violation("harness_multi_sz: more than %zu bytes", room);
        memcpy(out + at, &unit, 2);
        at += 2;
        if (*c == '\0')
            break;
    }
    /* the final NUL that ends the list */
    if (at + 2 > room)
        fake_violation("harness_multi_sz: more than %zu bytes", room);
    memset(out + at, 0, 2);
    return at + 2;
}

void harness_default_config(struct harness_config *config, const char *allowed)
{
    static uint8_t text[4096];
    memset(config, 0, sizeof *config);
    config->parameters_key = true;
    config->faults.service_key = true;
    config->faults.frequency = 10000000;
    config->faults.windows_major = 10;
    if (allowed) {
        config->has_allowed_ports = true;
        config->allowed_ports_type = REG_MULTI_SZ;
        config->allowed_ports = text;
        config->allowed_ports_length = (ULONG)harness_multi_sz(allowed, text, sizeof text);
    }
}

/* ---- Checks after each request ---- */

static void check_port_access(void *context, const struct fake_access *access)
{
    struct harness *h = context;
    if (!h->request_may_access)
        fake_violation("a port access (%#x) outside a TRANSFER or SEQUENCE request", (unsigned)access->port);
    const struct harness_handle *handle = &h->handles[h->request_slot];
    for (uint32_t port = access->port; port < access->port + access->width_bits / 8u; port++) {
        if (!bit(handle->enabled, port))
            fake_violation("port %#x accessed through handle %d, which did not enable it", (unsigned)port,
                           h->request_slot);
        if (!reference_allowlist_permits(&h->allowlist, port, 1))
            fake_violation("port %#x accessed outside the allowlist", (unsigned)port);
    }
    h->request_accesses += access->count;
}

static int open_handles(const struct harness *h)
{
    int open = 0;
    for (int i = 0; i < HARNESS_HANDLES; i++)
        open += h->handles[i].open;
    return open;
}

/* No executable pool where the system has NonPagedPoolNx (Windows 8 and
 * later): memory integrity and Driver Verifier's code-integrity check stop
 * on it. Counts every allocation since the load, freed or not. And the
 * version is asked once per load, in DriverEntry. */
static void check_pool_types(void)
{
    if (fake_has_nx_pool() && fake.executable_allocations)
        fake_violation("%d allocation(s) from executable NonPagedPool on Windows %u.%u, which has NonPagedPoolNx",
                       fake.executable_allocations, (unsigned)fake.setup.windows_major,
                       (unsigned)fake.setup.windows_minor);
    if (fake.version_queries > 1)
        fake_violation("RtlGetVersion called %d times; the pool type is chosen once, in DriverEntry",
                       fake.version_queries);
}

/* Pool: exactly one block per open handle, its FsContext, nonpaged. */
static void check_pool(const struct harness *h)
{
    check_pool_types();
    if (fake.live_blocks != open_handles(h))
        fake_violation("%d pool blocks live with %d handles open (a leak, or state lost)", fake.live_blocks,
                       open_handles(h));
    for (int i = 0; i < HARNESS_HANDLES; i++) {
        if (!h->handles[i].open)
            continue;
        const void *context = h->handles[i].file->FsContext;
        bool found = false;
        for (int b = 0; b < fake.live_blocks; b++) {
            if (fake.blocks[b].address != context)
                continue;
            found = true;
            if (fake.blocks[b].tag != POOL_TAG)
                fake_violation("a handle's state has pool tag %#x", (unsigned)fake.blocks[b].tag);
            if (fake.blocks[b].type == PagedPool)
                fake_violation("a handle's state (which holds a FAST_MUTEX) in paged pool");
        }
        if (!found)
            fake_violation("handle %d's FsContext is not a live pool block", i);
    }
}

static bool map_is_all_ones(void)
{
    static uint8_t ones[FAKE_IOPM_BYTES];
    if (ones[0] != 0xFF)
        memset(ones, 0xFF, sizeof ones);
    return memcmp(fake.iopm, ones, sizeof ones) == 0;
}

/* The driver holds one reference, to the granted process. */
static void check_references(int granted)
{
    for (int p = 0; p < FAKE_PROCESSES; p++)
        if (fake.processes[p].references != (p == granted))
            fake_violation("the driver holds %d reference(s) to process %d", fake.processes[p].references, p);
}

/* The I/O permission map and the process references. */
static void check_grant(struct harness *h)
{
    int granted = -1;
    for (int p = 0; p < FAKE_PROCESSES; p++) {
        if (fake.processes[p].iopm_map == 0)
            continue;
        if (granted >= 0)
            fake_violation("two processes have the I/O permission map");
        granted = p;
    }
    if (granted < 0) {
        h->owner = -1;
        if (fake.iopm_set && !map_is_all_ones())
            for (uint32_t i = 0; i < FAKE_IOPM_BYTES; i++)
                if (fake.iopm[i] != 0xFF)
                    fake_violation("no process has the map, yet it allows port %#x",
                                   (unsigned)(i * 8u + (uint32_t)__builtin_ctz(~fake.iopm[i] & 0xFFu)));
        check_references(-1);
        return;
    }
    if (h->owner < 0)
        fake_violation("process %d has the I/O permission map, but no ENABLE answered granted", granted);
    if (h->owner_process != granted)
        fake_violation("process %d has the map that was granted to process %d", granted, h->owner_process);
    const struct harness_handle *owner = &h->handles[h->owner];
    if (!owner->open)
        fake_violation("the map is still granted after its handle %d was closed", h->owner);
    if (!fake.iopm_set)
        fake_violation("a process has map 1, which was never set");
    /* the map is the complement of the handle's bitmap: compared whole (this
     * runs after every request), then the port when one differs */
    static uint8_t expected[FAKE_IOPM_BYTES];
    for (uint32_t i = 0; i < FAKE_IOPM_BYTES; i += 4) {
        uint32_t word;
        memcpy(&word, owner->enabled + i, 4);
        word = ~word;
        memcpy(expected + i, &word, 4);
    }
    if (memcmp(expected, fake.iopm, sizeof expected) == 0) {
        check_references(granted);
        return;
    }
    for (uint32_t i = 0; i < FAKE_IOPM_BYTES; i++) {
        if (expected[i] == fake.iopm[i])
            continue;
        for (uint32_t port = i * 8u; port < i * 8u + 8u; port++)
            if (bit(fake.iopm, port) == bit(owner->enabled, port))
                fake_violation("the map %s port %#x, which the owner handle %s",
                               bit(fake.iopm, port) ? "refuses" : "allows", (unsigned)port,
                               bit(owner->enabled, port) ? "enabled" : "did not enable");
    }
    check_references(granted);
}

static void check_quiet(struct harness *h)
{
    if (fake_self.mutexes_held != 0)
        fake_violation("%d fast mutex(es) held after the request returned", fake_self.mutexes_held);
    if (fake_self.critical_regions != 0)
        fake_violation("%d critical region(s) entered and not left when the request returned",
                       fake_self.critical_regions);
    if (fake.open_handles != 0)
        fake_violation("%d kernel handle(s) left open", fake.open_handles);
    check_pool(h);
    check_grant(h);
}

static bool status_in(NTSTATUS status, const NTSTATUS *set, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (status == set[i])
            return true;
    return false;
}

void harness_check_irp(const IRP *irp, NTSTATUS returned, UCHAR major, ULONG output_length)
{
    static const NTSTATUS create_set[] = {STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND,
                                          STATUS_INSUFFICIENT_RESOURCES};
    static const NTSTATUS control_set[] = {STATUS_SUCCESS,         STATUS_INVALID_PARAMETER,
                                           STATUS_ACCESS_DENIED,   STATUS_PRIVILEGE_NOT_HELD,
                                           STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_DEVICE_REQUEST};
    if (irp->fake_completions != 1)
        fake_violation("IRP (major %#x) completed %u times", major, (unsigned)irp->fake_completions);
    if (returned != irp->IoStatus.Status)
        fake_violation("dispatch returned %#x, the IRP says %#x", (unsigned)returned,
                       (unsigned)irp->IoStatus.Status);
    bool known = major == IRP_MJ_CREATE    ? status_in(returned, create_set, 3)
                 : major == IRP_MJ_DEVICE_CONTROL ? status_in(returned, control_set, 6)
                                                  : returned == STATUS_SUCCESS;
    if (!known)
        fake_violation("IRP (major %#x) completed with status %#x, not one the driver documents", major,
                       (unsigned)returned);
    if (irp->IoStatus.Information > output_length)
        fake_violation("Information %lu is larger than the output buffer (%u bytes)",
                       (unsigned long)irp->IoStatus.Information, (unsigned)output_length);
    if (!NT_SUCCESS(returned) && irp->IoStatus.Information != 0)
        fake_violation("a failed IRP with Information %lu", (unsigned long)irp->IoStatus.Information);
}

/* ---- Replays: what a TRANSFER or SEQUENCE must answer, from the ports
 * as they were (the shadow) ---- */

/* A checked TRANSFER, run on a copy of its input and on the shadow. */
static void replay_transfer(uint8_t *buffer)
{
    struct portio_transfer_header header;
    memcpy(&header, buffer, sizeof header);
    for (uint32_t i = 0; i < header.op_count; i++) {
        struct portio_op op;
        uint8_t *at = buffer + sizeof header + (size_t)i * sizeof op;
        memcpy(&op, at, sizeof op);
        const uint32_t element = op.width_bits / 8u;
        /* only a string op's data_offset means something (and is checked) */
        uint8_t *data = op.kind == PORTIO_OP_INS || op.kind == PORTIO_OP_OUTS ? buffer + op.data_offset : NULL;
        switch (op.kind) {
        case PORTIO_OP_IN:
            op.value = fake_ports_read(shadow, op.port, op.width_bits);
            memcpy(at, &op, sizeof op);
            break;
        case PORTIO_OP_OUT:
            fake_ports_write(shadow, op.port, op.width_bits, op.value);
            break;
        case PORTIO_OP_INS:
            for (uint32_t e = 0; e < op.count; e++) {
                uint32_t value = fake_ports_read(shadow, op.port, op.width_bits);
                memcpy(data + (size_t)e * element, &value, element);
            }
            break;
        case PORTIO_OP_OUTS:
            for (uint32_t e = 0; e < op.count; e++) {
                uint32_t value = 0;
                memcpy(&value, data + (size_t)e * element, element);
                fake_ports_write(shadow, op.port, op.width_bits, value);
            }
            break;
        default:
            fake_violation("a TRANSFER with op kind %u was served", (unsigned)op.kind);
        }
    }
}

/* A checked SEQUENCE against the reply the driver wrote: each op before
 * the one the reply says stopped it, replayed; the stopping op may only be
 * a WAIT whose bits did not match (the ports hold still here, so it never
 * would) or a DELAY. */
static void check_sequence_reply(const uint8_t *input, ULONG input_length, const uint8_t *output,
                                 ULONG output_length)
{
    struct portio_sequence_header header;
    struct portio_sequence_reply reply;
    memcpy(&header, input, sizeof header);
    memcpy(&reply, output, sizeof reply);
    if (reply.size != sizeof reply || reply.ops_run > header.op_count ||
        (reply.outcome == PORTIO_SEQUENCE_DONE) != (reply.ops_run == header.op_count) ||
        reply.outcome > PORTIO_SEQUENCE_BUDGET_SPENT)
        fake_violation("a SEQUENCE reply {size %u, outcome %u, ops_run %u} for %u ops", (unsigned)reply.size,
                       (unsigned)reply.outcome, (unsigned)reply.ops_run, (unsigned)header.op_count);

    uint8_t expected[sizeof reply + 4u * PORTIO_MAX_OPS];
    memset(expected, 0, sizeof expected);
    struct portio_sequence_reply want = {sizeof want, PORTIO_SEQUENCE_DONE, header.op_count, 0};
    size_t at = sizeof header, value_at = sizeof want;
    for (uint32_t i = 0; i < header.op_count; i++) {
        struct portio_sequence_op op;
        struct portio_sequence_extra extra = {0, 0};
        if (at + sizeof op > input_length)
            fake_violation("a SEQUENCE ran past its input");
        memcpy(&op, input + at, sizeof op);
        at += sizeof op;
        if (op.kind == PORTIO_OP_WAIT || op.kind == PORTIO_OP_MODIFY) {
            memcpy(&extra, input + at, sizeof extra);
            at += sizeof extra;
        }
        uint32_t value = 0;
        bool stops = false, may_stop = false;
        switch (op.kind) {
        case PORTIO_OP_IN:
            value = fake_ports_read(shadow, op.port, op.width_bits);
            break;
        case PORTIO_OP_OUT:
            fake_ports_write(shadow, op.port, op.width_bits, op.value);
            break;
        case PORTIO_OP_MODIFY:
            value = fake_ports_read(shadow, op.port, op.width_bits);
            fake_ports_write(shadow, op.port, op.width_bits, (value & ~extra.mask) | op.value);
            break;
        case PORTIO_OP_WAIT:
            value = fake_ports_read(shadow, op.port, op.width_bits);
            stops = (value & extra.mask) != op.value;
            break;
        case PORTIO_OP_DELAY:
            may_stop = true;
            break;
        default:
            fake_violation("a SEQUENCE with op kind %u was served", (unsigned)op.kind);
        }
        if (may_stop && reply.ops_run == i) {
            if (reply.outcome != PORTIO_SEQUENCE_BUDGET_SPENT)
                fake_violation("a DELAY stopped a SEQUENCE with outcome %u", (unsigned)reply.outcome);
            want = reply;
            break;
        }
        if (op.kind != PORTIO_OP_OUT && op.kind != PORTIO_OP_DELAY) {
            memcpy(expected + value_at, &value, sizeof value);
            value_at += sizeof value;
        }
        if (stops) {
            if (reply.ops_run != i || reply.outcome == PORTIO_SEQUENCE_DONE)
                fake_violation("op %u, a WAIT whose bits never match, did not stop the SEQUENCE", (unsigned)i);
            want = (struct portio_sequence_reply){sizeof want, reply.outcome, i, value};
            break;
        }
        if (reply.ops_run == i)
            fake_violation("op %u (kind %u) stopped a SEQUENCE, which only a WAIT or DELAY may", (unsigned)i,
                           (unsigned)op.kind);
    }
    memcpy(expected, &want, sizeof want);
    if (memcmp(expected, output, output_length) != 0) {
        for (ULONG b = 0; b < output_length; b++)
            if (expected[b] != output[b])
                fake_violation("SEQUENCE reply byte %u is %#x, the replay says %#x", (unsigned)b,
                               (unsigned)output[b], (unsigned)expected[b]);
    }
}

static void check_ports_match_shadow(void)
{
    if (memcmp(shadow, fake.latch, sizeof shadow) == 0)
        return;
    for (uint32_t port = 0; port < FAKE_PORTS; port++)
        if (shadow[port] != fake.latch[port])
            fake_violation("port %#x holds %#x, the replay wrote %#x", (unsigned)port, (unsigned)fake.latch[port],
                           (unsigned)shadow[port]);
}

/* ---- Sending IRPs ---- */

NTSTATUS harness_send(const struct harness *h, FILE_OBJECT *file, int process, UCHAR major, IRP *irp)
{
    if (!h->loaded)
        fake_violation("harness: a request to a driver that is not loaded");
    irp->fake_stack.MajorFunction = major;
    irp->fake_stack.DeviceObject = fake.device;
    irp->fake_stack.FileObject = file;
    irp->IoStatus.Status = (NTSTATUS)0x12345678; /* not a status: must be replaced */
    irp->IoStatus.Information = 0xDEAD;
    fake_self.process = process;
    return h->driver.MajorFunction[major](fake.device, irp);
}

static NTSTATUS dispatch(struct harness *h, int slot, int process, UCHAR major, IRP *irp)
{
    fake_self.id = 10u + (ULONG)slot;
    h->request_slot = slot;
    h->request_accesses = 0;
    NTSTATUS status = harness_send(h, h->handles[slot].file, process, major, irp);
    h->request_may_access = false;
    return status;
}

NTSTATUS harness_create(struct harness *h, int slot, int process, USHORT file_name_bytes)
{
    struct harness_handle *handle = &h->handles[slot];
    if (handle->open)
        fake_violation("harness: handle %d is open already", slot);
    memset(handle, 0, sizeof *handle);
    handle->file = calloc(1, sizeof *handle->file + file_name_bytes + 2u);
    if (!handle->file)
        abort();
    handle->file->FileName.Length = file_name_bytes;
    handle->file->FileName.MaximumLength = (USHORT)(file_name_bytes + 2u);
    handle->file->FileName.Buffer = (PWSTR)(void *)(handle->file + 1);
    handle->process = process;
    IRP irp;
    memset(&irp, 0, sizeof irp);
    NTSTATUS status = dispatch(h, slot, process, IRP_MJ_CREATE, &irp);
    harness_check_irp(&irp, status, IRP_MJ_CREATE, 0);
    if (NT_SUCCESS(status)) {
        if (file_name_bytes != 0)
            fake_violation("CREATE of \\Device\\portio\\<%u bytes> succeeded", (unsigned)file_name_bytes);
        handle->open = true;
    } else {
        if (file_name_bytes == 0 && status != STATUS_INSUFFICIENT_RESOURCES)
            fake_violation("CREATE of the device itself failed with %#x", (unsigned)status);
        if (handle->file->FsContext)
            fake_violation("a failed CREATE left FsContext set");
        free(handle->file);
        handle->file = NULL;
    }
    check_quiet(h);
    return status;
}

static NTSTATUS end_handle(struct harness *h, int slot, UCHAR major)
{
    struct harness_handle *handle = &h->handles[slot];
    if (!handle->open)
        fake_violation("harness: handle %d is not open", slot);
    IRP irp;
    memset(&irp, 0, sizeof irp);
    NTSTATUS status = dispatch(h, slot, handle->process, major, &irp);
    harness_check_irp(&irp, status, major, 0);
    if (major == IRP_MJ_CLOSE) {
        free(handle->file);
        memset(handle, 0, sizeof *handle);
    } else if (h->owner == slot) {
        /* After cleanup, the handle holds no grant. */
        for (int p = 0; p < FAKE_PROCESSES; p++)
            if (fake.processes[p].iopm_map != 0)
                fake_violation("CLEANUP of the grant owner left process %d its map", p);
    }
    check_quiet(h);
    return status;
}

NTSTATUS harness_cleanup(struct harness *h, int slot)
{
    return end_handle(h, slot, IRP_MJ_CLEANUP);
}

NTSTATUS harness_close(struct harness *h, int slot)
{
    return end_handle(h, slot, IRP_MJ_CLOSE);
}

/* What a successful request changes in the harness's model of the handle. */
static void follow_success(struct harness *h, int slot, int process, ULONG code, const uint8_t *input,
                           ULONG input_length, const uint8_t *output, ULONG output_length,
                           ULONG_PTR information)
{
    struct harness_handle *handle = &h->handles[slot];
    struct portio_range_request range;
    if (code == IOCTL_PORTIO_ENABLE || code == IOCTL_PORTIO_DISABLE) {
        if (input_length != sizeof range)
            fake_violation("an ENABLE/DISABLE of %u bytes succeeded", (unsigned)input_length);
        memcpy(&range, input, sizeof range);
        if (range.size != sizeof range || range.count == 0 || range.first > 0xFFFF ||
            range.count > 0x10000 - range.first)
            fake_violation("a malformed range request succeeded");
    }
    switch (code) {
    case IOCTL_PORTIO_HELLO: {
        struct portio_hello_reply hello;
        if (information != sizeof hello)
            fake_violation("HELLO answered %lu bytes", (unsigned long)information);
        memcpy(&hello, output, sizeof hello);
        if (hello.size != sizeof hello || hello.protocol_version != PORTIO_PROTOCOL_VERSION ||
            hello.max_transfer_size != PORTIO_MAX_TRANSFER_SIZE ||
            hello.features != (grant_routines_expected() ? PORTIO_FEATURE_IOPM_GRANT : 0u))
            fake_violation("HELLO answered {%u, %u, %#x, %u}", (unsigned)hello.size,
                           (unsigned)hello.protocol_version, (unsigned)hello.features,
                           (unsigned)hello.max_transfer_size);
        break;
    }
    case IOCTL_PORTIO_ENABLE: {
        struct portio_enable_reply reply;
        if (!reference_allowlist_permits(&h->allowlist, range.first, range.count))
            fake_violation("ENABLE of %#x+%u succeeded outside the allowlist", (unsigned)range.first,
                           (unsigned)range.count);
        if (range.flags & ~PORTIO_ENABLE_WANT_GRANT)
            fake_violation("ENABLE with unknown flags %#x succeeded", (unsigned)range.flags);
        if (information != sizeof reply)
            fake_violation("ENABLE answered %lu bytes", (unsigned long)information);
        memcpy(&reply, output, sizeof reply);
        if (reply.size != sizeof reply || reply.granted > 1 ||
            (reply.granted && !(range.flags & PORTIO_ENABLE_WANT_GRANT)))
            fake_violation("ENABLE answered {%u, granted %u}", (unsigned)reply.size, (unsigned)reply.granted);
        portio_bitmap_set(handle->enabled, range.first, range.count, true);
        if (reply.granted) {
            if (!grant_routines_expected())
                fake_violation("a grant where the system has no I/O permission map calls");
            if (fake.processes[process].iopm_map != 1)
                fake_violation("ENABLE answered granted, but process %d has no map", process);
            h->owner = slot;
            h->owner_process = process;
        }
        break;
    }
    case IOCTL_PORTIO_DISABLE:
        if (information != 0)
            fake_violation("DISABLE answered %lu bytes", (unsigned long)information);
        portio_bitmap_set(handle->enabled, range.first, range.count, false);
        break;
    case IOCTL_PORTIO_TRANSFER: {
        /* The whole buffer back, or, for writes only, nothing. */
        if (information != output_length || (output_length != 0 && output_length != input_length))
            fake_violation("TRANSFER answered %lu bytes of %u (output length %u)", (unsigned long)information,
                           (unsigned)input_length, (unsigned)output_length);
        uint8_t *replayed = malloc(input_length);
        if (!replayed)
            abort();
        memcpy(replayed, input, input_length);
        replay_transfer(replayed);
        /* No answer: the system buffer must still hold the input, untouched. */
        if (output_length == 0 && memcmp(input, output, input_length) != 0)
            for (ULONG b = 0; b < input_length; b++)
                if (input[b] != output[b])
                    fake_violation("TRANSFER with no output wrote byte %u (%#x, the input %#x)", (unsigned)b,
                                   (unsigned)output[b], (unsigned)input[b]);
        if (output_length != 0 && memcmp(replayed, output, input_length) != 0)
            for (ULONG b = 0; b < input_length; b++)
                if (replayed[b] != output[b])
                    fake_violation("TRANSFER answer byte %u is %#x, the replay says %#x", (unsigned)b,
                                   (unsigned)output[b], (unsigned)replayed[b]);
        free(replayed);
        check_ports_match_shadow();
        handle->requests++;
        handle->operations += h->request_accesses;
        break;
    }
    case IOCTL_PORTIO_SEQUENCE: {
        struct portio_sequence_header header;
        memcpy(&header, input, sizeof header);
        if (information != sizeof(struct portio_sequence_reply) + 4u * header.value_count)
            fake_violation("SEQUENCE answered %lu bytes", (unsigned long)information);
        /* A port the fake scripts changes on its own: no replay then. */
        if (fake.script_port < 0) {
            check_sequence_reply(input, input_length, output, (ULONG)information);
            check_ports_match_shadow();
        }
        handle->requests++;
        handle->operations += h->request_accesses;
        break;
    }
    case IOCTL_PORTIO_STATS: {
        struct portio_stats_reply stats;
        if (information != sizeof stats)
            fake_violation("STATS answered %lu bytes", (unsigned long)information);
        memcpy(&stats, output, sizeof stats);
        if (stats.size != sizeof stats || stats.transfer_requests != handle->requests ||
            stats.operations != handle->operations)
            fake_violation("STATS answered %llu requests, %llu operations; the handle made %llu, %llu",
                           (unsigned long long)stats.transfer_requests, (unsigned long long)stats.operations,
                           (unsigned long long)handle->requests, (unsigned long long)handle->operations);
        break;
    }
    default:
        fake_violation("IOCTL %#x, which the driver does not know, succeeded", (unsigned)code);
    }
}

uint8_t *harness_control_irp(IRP *irp, ULONG code, const void *input, ULONG input_length, ULONG output_length)
{
    /* METHOD_BUFFERED: one system buffer of the larger length, holding the
     * input; whatever follows the input is old pool contents. */
    const ULONG size = input_length > output_length ? input_length : output_length;
    uint8_t *buffer = size ? malloc(size) : NULL;
    if (size && !buffer)
        abort();
    if (size) {
        memset(buffer, 0xCD, size);
        if (input_length)
            memcpy(buffer, input, input_length);
    }
    memset(irp, 0, sizeof *irp);
    irp->AssociatedIrp.SystemBuffer = buffer;
    irp->fake_stack.Parameters.DeviceIoControl.InputBufferLength = input_length;
    irp->fake_stack.Parameters.DeviceIoControl.OutputBufferLength = output_length;
    irp->fake_stack.Parameters.DeviceIoControl.IoControlCode = code;
    return buffer;
}

NTSTATUS harness_ioctl(struct harness *h, int slot, int process, ULONG code, const void *input, ULONG input_length,
                       void *output, ULONG output_length, ULONG_PTR *information)
{
    struct harness_handle *handle = &h->handles[slot];
    if (!handle->open)
        fake_violation("harness: handle %d is not open", slot);
    IRP irp;
    uint8_t *buffer = harness_control_irp(&irp, code, input, input_length, output_length);
    /* Ports change only through accesses, which check_port_access counts
     * and refuses outside these two: only their replay needs the copy. */
    h->request_may_access = code == IOCTL_PORTIO_TRANSFER || code == IOCTL_PORTIO_SEQUENCE;
    if (h->request_may_access)
        memcpy(shadow, fake.latch, sizeof shadow);

    NTSTATUS status = dispatch(h, slot, process, IRP_MJ_DEVICE_CONTROL, &irp);
    harness_check_irp(&irp, status, IRP_MJ_DEVICE_CONTROL, output_length);
    if (NT_SUCCESS(status)) {
        follow_success(h, slot, process, code, input, input_length, buffer, output_length,
                       irp.IoStatus.Information);
    } else if (h->request_accesses != 0) {
        fake_violation("a refused request (status %#x) made %llu port access(es)", (unsigned)status,
                       (unsigned long long)h->request_accesses);
    }
    if (output && irp.IoStatus.Information)
        memcpy(output, buffer, irp.IoStatus.Information);
    if (information)
        *information = irp.IoStatus.Information;
    free(buffer);
    check_quiet(h);
    return status;
}

NTSTATUS harness_enable(struct harness *h, int slot, uint32_t first, uint32_t count, uint32_t flags,
                        uint32_t *granted)
{
    struct portio_range_request request = {sizeof request, first, count, flags};
    struct portio_enable_reply reply = {0, 0};
    NTSTATUS status = harness_ioctl(h, slot, h->handles[slot].process, IOCTL_PORTIO_ENABLE, &request,
                                    sizeof request, &reply, sizeof reply, NULL);
    if (granted)
        *granted = reply.granted;
    return status;
}

NTSTATUS harness_disable(struct harness *h, int slot, uint32_t first, uint32_t count)
{
    struct portio_range_request request = {sizeof request, first, count, 0};
    return harness_ioctl(h, slot, h->handles[slot].process, IOCTL_PORTIO_DISABLE, &request, sizeof request, NULL,
                         0, NULL);
}

/* ---- Load and unload ---- */

static bool wide_equals(const wchar_t *a, const UNICODE_STRING *b)
{
    size_t length = wcslen(a);
    return b->Length == length * sizeof(WCHAR) && wmemcmp(a, b->Buffer, length) == 0;
}

/* Nothing of the driver left in the system. */
static void check_nothing_left(const char *after)
{
    check_pool_types();
    if (fake.device)
        fake_violation("%s: the device is still there", after);
    if (fake.link_exists)
        fake_violation("%s: the symbolic link is still there", after);
    if (fake.live_blocks)
        fake_violation("%s: %d pool block(s) left (a leak)", after, fake.live_blocks);
    if (fake.open_handles)
        fake_violation("%s: %d kernel handle(s) left open", after, fake.open_handles);
    if (fake_mutexes_held_anywhere())
        fake_violation("%s: %d fast mutex(es) held", after, fake_mutexes_held_anywhere());
    if (fake_self.critical_regions)
        fake_violation("%s: %d critical region(s) entered and not left", after, fake_self.critical_regions);
    for (int p = 0; p < FAKE_PROCESSES; p++)
        if (fake.processes[p].iopm_map || fake.processes[p].references)
            fake_violation("%s: process %d still has the map or a reference", after, p);
    if (fake.iopm_set && !map_is_all_ones())
        fake_violation("%s: the I/O permission map still allows ports", after);
}

static void check_dacl_is_administrators_only(void)
{
    static const UCHAR system_sid[] = {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0};
    static const UCHAR administrators_sid[] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0};
    if (fake.dacl_aces != 2)
        fake_violation("the DACL has %d entries, not SYSTEM and Administrators", fake.dacl_aces);
    const UCHAR *sids[2] = {system_sid, administrators_sid};
    const size_t lengths[2] = {sizeof system_sid, sizeof administrators_sid};
    for (int i = 0; i < 2; i++) {
        const struct fake_ace *ace = &fake.aces[i];
        if (ace->type != ACCESS_ALLOWED_ACE_TYPE || ace->mask != FILE_ALL_ACCESS || ace->sid_bytes != lengths[i] ||
            memcmp(ace->sid, sids[i], lengths[i]) != 0)
            fake_violation("DACL entry %d is not %s with FILE_ALL_ACCESS", i, i ? "Administrators" : "SYSTEM");
    }
    if (fake.dacl_set_after_link)
        fake_violation("the DACL went on after the symbolic link existed");
}

/* Whether the registry says "anyone may open": exactly the DWORD 1. */
static bool opens_to_everyone(const struct harness_config *config)
{
    uint32_t value = 0;
    if (!config->parameters_key || !config->has_non_administrators || config->non_administrators_type != REG_DWORD ||
        config->non_administrators_length != 4)
        return false;
    memcpy(&value, config->non_administrators, 4);
    return value == 1;
}

static bool any_fault(const struct fake_setup *s)
{
    return s->fail_allocation || s->value_grows || s->fail_open_parameters || s->fail_query ||
           s->fail_create_device || s->fail_create_link || s->fail_open_object || s->fail_set_security ||
           !s->service_key;
}

NTSTATUS harness_load(struct harness *h, const struct harness_config *config)
{
    static struct reference_allowlist parsed;
    static const wchar_t allowed_name[] = L"AllowedPorts", others_name[] = L"AllowNonAdministrators";

    fake_kernel_reset();
    memset(h, 0, sizeof *h);
    h->owner = -1;
    fake.setup = config->faults;
    fake.setup.parameters_key = config->parameters_key;
    fake.setup.value_count = 0;
    if (config->has_allowed_ports)
        fake.setup.values[fake.setup.value_count++] = (struct fake_registry_value){
            allowed_name, config->allowed_ports_type, config->allowed_ports, config->allowed_ports_length};
    if (config->has_non_administrators)
        fake.setup.values[fake.setup.value_count++] =
            (struct fake_registry_value){others_name, config->non_administrators_type, config->non_administrators,
                                         config->non_administrators_length};
    if (fake.setup.frequency <= 0)
        fake.setup.frequency = 10000000;
    if (fake.setup.windows_major == 0)
        fake.setup.windows_major = 10;
    fake.on_access = check_port_access;
    fake.access_context = h;

    /* The rule, read by the reference: a value that is there and not a
     * well-formed REG_MULTI_SZ list must stop the driver. */
    bool well_formed = true;
    memset(&parsed, 0, sizeof parsed);
    parsed.every_port = true;
    if (config->parameters_key && config->has_allowed_ports) {
        well_formed = config->allowed_ports_type == REG_MULTI_SZ && config->allowed_ports_length % 2 == 0;
        if (well_formed) {
            uint16_t *units = malloc(config->allowed_ports_length + 2u);
            if (!units)
                abort();
            if (config->allowed_ports_length)
                memcpy(units, config->allowed_ports, config->allowed_ports_length);
            well_formed = reference_parse_allowlist(units, config->allowed_ports_length / 2u, &parsed);
            free(units);
        }
    }

    static wchar_t registry_path_text[] = L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\portio";
    UNICODE_STRING registry_path = {(USHORT)(wcslen(registry_path_text) * sizeof(WCHAR)),
                                    (USHORT)sizeof registry_path_text, registry_path_text};
    NTSTATUS status = DriverEntry(&h->driver, &registry_path);

    if (fake_self.mutexes_held)
        fake_violation("DriverEntry returned holding a fast mutex");
    if (fake_self.critical_regions)
        fake_violation("DriverEntry returned inside a critical region");
    check_pool_types();
#if !defined(__i386__)
    if (fake.routine_lookups)
        fake_violation("a 64-bit driver looked up the I/O permission map calls");
#endif
    if (!NT_SUCCESS(status)) {
        check_nothing_left("DriverEntry failed");
        if (well_formed && !any_fault(&fake.setup))
            fake_violation("DriverEntry failed (%#x) with a well-formed registry and no failure injected",
                           (unsigned)status);
        return status;
    }
    if (!well_formed)
        fake_violation("DriverEntry succeeded with a malformed AllowedPorts value");
    if (!fake.device || h->driver.DeviceObject != fake.device)
        fake_violation("DriverEntry succeeded without a device");
    if (!wide_equals(PORTIO_DEVICE_NAME, &fake.device->fake_name) || fake.device->DeviceType != PORTIO_DEVICE_TYPE ||
        !(fake.device->Characteristics & FILE_DEVICE_SECURE_OPEN))
        fake_violation("the device's name, type or FILE_DEVICE_SECURE_OPEN is wrong");
    if (fake.device->Flags & DO_DEVICE_INITIALIZING)
        fake_violation("DO_DEVICE_INITIALIZING still set after DriverEntry");
    if (!fake.link_exists || wcscmp(fake.link_name, PORTIO_SYMLINK_NAME) != 0 ||
        wcscmp(fake.link_target, PORTIO_DEVICE_NAME) != 0)
        fake_violation("the symbolic link is missing or wrong");
    if (!h->driver.MajorFunction[IRP_MJ_CREATE] || !h->driver.MajorFunction[IRP_MJ_CLEANUP] ||
        !h->driver.MajorFunction[IRP_MJ_CLOSE] || !h->driver.MajorFunction[IRP_MJ_DEVICE_CONTROL] ||
        !h->driver.DriverUnload)
        fake_violation("a dispatch routine or the unload routine is missing");
    if (fake.live_blocks || fake.open_handles)
        fake_violation("DriverEntry left %d pool block(s), %d handle(s)", fake.live_blocks, fake.open_handles);
    if (fake.version_queries != 1)
        fake_violation("DriverEntry started without asking the system's version (RtlGetVersion)");
    /* Safe always: no DACL only where the value is exactly 1. Exact where
     * nothing failed: a DACL exactly where it is not. */
    if (!fake.dacl_set && !opens_to_everyone(config))
        fake_violation("no DACL, yet AllowNonAdministrators is not exactly the DWORD 1");
    if (fake.dacl_set)
        check_dacl_is_administrators_only();
    if (!any_fault(&fake.setup) && fake.dacl_set == opens_to_everyone(config))
        fake_violation("a DACL %s where AllowNonAdministrators %s", fake.dacl_set ? "set" : "missing",
                       fake.dacl_set ? "is the DWORD 1" : "is not");
    memcpy(&h->allowlist, &parsed, sizeof parsed);
    h->loaded = true;
    return status;
}

void harness_unload(struct harness *h)
{
    if (!h->loaded)
        return;
    /* The I/O manager unloads only after the last handle is closed. */
    for (int i = 0; i < HARNESS_HANDLES; i++) {
        if (h->handles[i].open) {
            harness_cleanup(h, i);
            harness_close(h, i);
        }
    }
    h->driver.DriverUnload(&h->driver);
    h->loaded = false;
    check_nothing_left("after unload");
}
