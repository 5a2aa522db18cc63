/* SPDX-License-Identifier: MIT */
/*
 * The driver backend: talks to portio.sys through \\.\portio. The driver
 * keeps, per handle, the ports this process enabled, and either grants the
 * process the I/O permission map (32-bit Windows: then in/out run here, in
 * user mode) or performs every access itself (one IOCTL per request, which
 * may carry many operations).
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../errors.h"
#include "../x86_io.h"
#include "backends.h"
#include "system_text.h"
#include "portio.h"
#include "portio_protocol.h"

#define INSTALL_HINT                                                                     \
    "install and start it as Administrator with \"portio driver install\" (an unsigned " \
    "driver also needs test-signing mode; see INSTALL-WINDOWS.txt in the release archive)"

/* Opened at the first enable and kept, like /dev/port on Linux. */
static _Atomic(void *) device = INVALID_HANDLE_VALUE;
/* Whether the driver granted the I/O permission map at the first enable
 * that succeeded, and whether that enable has happened. */
static atomic_bool granted, grant_known;

/* A refusal by the system or the driver, told as a status a person can act
 * on. `what` names the request. */
static int refusal(const char *what, DWORD error)
{
    char text[256];
    switch (error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_DEV_NOT_EXIST:
    case ERROR_INVALID_HANDLE:
        return portio_fail(PORTIO_E_NODRIVER,
                           "%s: the portio driver is not installed or not running (%s); " INSTALL_HINT,
                           what, portio_windows_system_text(error, text, sizeof text));
    case ERROR_ACCESS_DENIED:
        return portio_fail(PORTIO_E_PERM,
                           "%s: only Administrators may use the portio driver; run the program as "
                           "Administrator, or let an administrator open the driver to every user "
                           "for the ports they need: portio driver configure --all-users --ports "
                           "RANGES (e.g. --ports 0x378-0x37A)",
                           what);
    case ERROR_PRIVILEGE_NOT_HELD:
        return portio_fail(PORTIO_E_PERM,
                           "%s: the administrator's allowlist does not include these ports; an "
                           "administrator lists every range programs need with portio driver "
                           "configure --ports RANGES (e.g. --ports 0x378-0x37A,0x80; add "
                           "--all-users again if it was given; portio driver status shows the "
                           "settings)",
                           what);
    default:
        return portio_fail(PORTIO_E_IO, "%s failed: %s", what, portio_windows_system_text(error, text, sizeof text));
    }
}

/* One request to the driver; PORTIO_OK or the refusal. */
static int control(HANDLE handle, const char *what, DWORD code, void *input, DWORD input_size,
                   void *output, DWORD output_size, DWORD *returned)
{
    DWORD bytes = 0;
    if (!DeviceIoControl(handle, code, input, input_size, output, output_size, &bytes, NULL))
        return refusal(what, GetLastError());
    if (returned)
        *returned = bytes;
    return PORTIO_OK;
}

/* Opens the device and checks that the driver speaks our protocol. */
static int open_device(HANDLE *opened)
{
    HANDLE handle = CreateFileA(PORTIO_USER_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (handle == INVALID_HANDLE_VALUE)
        return refusal("opening " PORTIO_USER_PATH, GetLastError());
    struct portio_hello_reply hello = {0};
    DWORD returned = 0;
    int status = control(handle, "asking the portio driver its version", IOCTL_PORTIO_HELLO, NULL,
                         0, &hello, sizeof hello, &returned);
    if (status == PORTIO_OK &&
        (returned != sizeof hello || hello.size != sizeof hello ||
         hello.protocol_version != PORTIO_PROTOCOL_VERSION))
        status = portio_fail(PORTIO_E_NODRIVER,
                             "the installed portio driver speaks protocol version %lu, this library "
                             "version %d; install the driver that came with this library (\"portio "
                             "driver install\")",
                             returned == sizeof hello ? (unsigned long)hello.protocol_version : 0ul,
                             PORTIO_PROTOCOL_VERSION);
    if (status != PORTIO_OK) {
        CloseHandle(handle);
        return status;
    }
    *opened = handle;
    return PORTIO_OK;
}

static int range_request(DWORD code, uint32_t first, uint32_t count, uint32_t flags,
                         struct portio_enable_reply *reply)
{
    char what[64];
    snprintf(what, sizeof what, "%s ports 0x%X-0x%X", code == IOCTL_PORTIO_ENABLE ? "enabling" : "disabling",
             first, first + count - 1);
    struct portio_range_request request = {sizeof request, first, count, flags};
    return control(atomic_load(&device), what, code, &request, sizeof request, reply,
                   reply ? sizeof *reply : 0, NULL);
}

/* Opens the device ahead of the first enable, which then uses it. The
 * front calls it with its state lock held, as it calls enable. */
static int driver_ready(void)
{
    if (atomic_load(&device) != INVALID_HANDLE_VALUE)
        return PORTIO_OK;
    HANDLE handle;
    int status = open_device(&handle);
    if (status == PORTIO_OK)
        atomic_store(&device, handle);
    return status;
}

static int driver_enable(uint32_t first, uint32_t count)
{
    int status = driver_ready();
    if (status != PORTIO_OK)
        return status;
    struct portio_enable_reply reply = {0};
    status = range_request(IOCTL_PORTIO_ENABLE, first, count, PORTIO_ENABLE_WANT_GRANT, &reply);
    if (status == PORTIO_OK && !atomic_exchange(&grant_known, true))
        atomic_store(&granted, reply.size == sizeof reply && reply.granted == 1);
    return status;
}

static int driver_disable(uint32_t first, uint32_t count)
{
    if (atomic_load(&device) == INVALID_HANDLE_VALUE)
        return PORTIO_OK;
    return range_request(IOCTL_PORTIO_DISABLE, first, count, 0, NULL);
}

static bool driver_granted(void)
{
    return atomic_load(&granted);
}

/* A transfer of one operation without string data: header and op. */
struct single_transfer {
    struct portio_transfer_header header;
    struct portio_op op;
};

/* One request that accesses ports (TRANSFER or SEQUENCE), which must answer
 * exactly output_size bytes. The format names the request in messages; it
 * is only formatted when there is a message to write. */
PORTIO_PRINTF(6, 7)
static int access_request(DWORD code, void *input, DWORD input_size, void *output,
                          DWORD output_size, const char *format, ...)
{
    HANDLE handle = atomic_load(&device);
    DWORD returned = 0;
    BOOL answered = DeviceIoControl(handle, code, input, input_size, output, output_size, &returned,
                                    NULL);
    if (answered && returned == output_size)
        return PORTIO_OK;
    DWORD error = GetLastError();
    char what[96];
    va_list args;
    va_start(args, format);
    vsnprintf(what, sizeof what, format, args);
    va_end(args);
    if (answered)
        return portio_fail(PORTIO_E_IO, "%s: the driver answered %lu bytes instead of %lu", what,
                           (unsigned long)returned, (unsigned long)output_size);
    if (error == ERROR_ACCESS_DENIED)
        return portio_fail(PORTIO_E_NOT_ENABLED,
                           "%s: the driver refused it because this process did not enable the "
                           "port; call portio_enable for it first",
                           what);
    return refusal(what, error);
}

/* One IOCTL_PORTIO_TRANSFER of one op of `kind`: a read's buffer goes in
 * and comes back; a write's only goes in, and the driver answers nothing
 * (output size 0), which spares the copy back. */
static int transfer(void *buffer, uint32_t size, uint8_t kind, uint16_t port)
{
    const bool reads = portio_op_reads(kind);
    return access_request(IOCTL_PORTIO_TRANSFER, buffer, size, reads ? buffer : NULL, reads ? size : 0,
                          "access to port 0x%04X through the portio driver", port);
}

static int single(uint16_t port, unsigned width_bits, uint8_t kind, uint32_t *value)
{
    struct single_transfer request = {
        .header = {sizeof request.header, 1, sizeof request, 0},
        .op = {port, (uint8_t)width_bits, kind, 0, *value, 0},
    };
    int status = transfer(&request, sizeof request, kind, port);
    if (status == PORTIO_OK)
        *value = request.op.value;
    return status;
}

static int driver_read(uint16_t port, unsigned width_bits, uint32_t *value)
{
#if PORTIO_HAVE_X86_IO
    if (atomic_load(&granted)) {
        *value = portio_x86_in(port, width_bits);
        return PORTIO_OK;
    }
#endif
    uint32_t result = 0;
    int status = single(port, width_bits, PORTIO_OP_IN, &result);
    if (status == PORTIO_OK)
        *value = result;
    return status;
}

static int driver_write(uint16_t port, unsigned width_bits, uint32_t value)
{
#if PORTIO_HAVE_X86_IO
    if (atomic_load(&granted)) {
        portio_x86_out(port, width_bits, value);
        return PORTIO_OK;
    }
#endif
    return single(port, width_bits, PORTIO_OP_OUT, &value);
}

/* String transfers: as few requests as the driver's size limit allows, the
 * data right after the one op. */
static int string_transfer(uint16_t port, unsigned width_bits, uint8_t kind, void *data,
                           size_t count)
{
    const uint32_t data_offset = sizeof(struct single_transfer);
    const size_t element = width_bits / 8;
    const size_t per_request = (PORTIO_MAX_TRANSFER_SIZE - data_offset) / element;
    size_t first_chunk = count < per_request ? count : per_request;
    uint8_t *buffer = malloc(data_offset + first_chunk * element);
    if (!buffer)
        return portio_fail(PORTIO_E_IO, "string transfer at port 0x%04X: out of memory", port);
    int status = PORTIO_OK;
    for (size_t done = 0; status == PORTIO_OK && done < count;) {
        size_t chunk = count - done < per_request ? count - done : per_request;
        uint32_t size = (uint32_t)(data_offset + chunk * element);
        struct single_transfer head = {
            .header = {sizeof head.header, 1, size, 0},
            .op = {port, (uint8_t)width_bits, kind, (uint32_t)chunk, 0, data_offset},
        };
        memcpy(buffer, &head, sizeof head);
        uint8_t *place = (uint8_t *)data + done * element;
        if (kind == PORTIO_OP_OUTS)
            memcpy(buffer + data_offset, place, chunk * element);
        status = transfer(buffer, size, kind, port);
        if (status == PORTIO_OK && kind == PORTIO_OP_INS)
            memcpy(place, buffer + data_offset, chunk * element);
        done += chunk;
    }
    free(buffer);
    return status;
}

static int driver_read_string(uint16_t port, unsigned width_bits, void *buf, size_t count)
{
    return string_transfer(port, width_bits, PORTIO_OP_INS, buf, count);
}

static int driver_write_string(uint16_t port, unsigned width_bits, const void *buf, size_t count)
{
    /* OUTS only reads from data: the cast drops const for the shared code. */
    return string_transfer(port, width_bits, PORTIO_OP_OUTS, (void *)(uintptr_t)buf, count);
}

/*
 * A batch: up to PORTIO_MAX_OPS ops per IOCTL_PORTIO_SEQUENCE, waits and
 * delays included, so 4096 ops cost one request and run under the driver's
 * one lock. 8 bytes per op go in (16 for a wait or modify) and 4 per value
 * come out, after the reply (TRANSFER would move 16 per op both ways: under
 * Wine every byte crosses wineserver). The driver checks a request whole
 * before it runs any op.
 */
#define SEQUENCE_OP_BYTES sizeof(struct portio_sequence_op)
#define SEQUENCE_EXTRA_BYTES sizeof(struct portio_sequence_extra)

static bool kind_has_extra(uint8_t kind)
{
    return kind == PORTIO_BATCH_WAIT || kind == PORTIO_BATCH_MODIFY;
}

/* Whether the reply carries a value for an op of this kind. */
static bool kind_has_value(uint8_t kind)
{
    return kind == PORTIO_BATCH_READ || kind_has_extra(kind);
}

/* Writes ops[0..count), checked by the front, as one SEQUENCE request into
 * `request`; returns its length and sets *value_count. */
static uint32_t encode_sequence(const portio_batch_op *ops, uint32_t count, uint8_t *request,
                                uint32_t *value_count)
{
    size_t at = sizeof(struct portio_sequence_header);
    uint32_t values = 0;
    for (uint32_t i = 0; i < count; i++) {
        const portio_batch_op *op = &ops[i];
        struct portio_sequence_op wire = {op->port, op->width_bits, PORTIO_OP_IN, 0};
        struct portio_sequence_extra extra = {op->mask, 0};
        switch (op->kind) {
        case PORTIO_BATCH_READ:
            break;
        case PORTIO_BATCH_WRITE:
            wire.kind = PORTIO_OP_OUT;
            wire.value = op->value;
            break;
        case PORTIO_BATCH_WAIT:
            /* the driver compares only the bits under the mask */
            wire.kind = PORTIO_OP_WAIT;
            wire.value = op->value & op->mask;
            extra.time_us = op->time_us;
            break;
        case PORTIO_BATCH_DELAY:
            wire.kind = PORTIO_OP_DELAY;
            wire.value = op->time_us;
            break;
        default: /* PORTIO_BATCH_MODIFY */
            wire.kind = PORTIO_OP_MODIFY;
            wire.value = op->value;
            break;
        }
        memcpy(request + at, &wire, sizeof wire);
        at += sizeof wire;
        if (kind_has_extra(op->kind)) {
            memcpy(request + at, &extra, sizeof extra);
            at += sizeof extra;
        }
        values += kind_has_value(op->kind);
    }
    struct portio_sequence_header header = {sizeof header, count, values, 0};
    memcpy(request, &header, sizeof header);
    *value_count = values;
    return (uint32_t)at;
}

/* A reply that says something this library never asked for: told, not
 * trusted. */
static bool reply_makes_sense(const struct portio_sequence_reply *reply, const portio_batch_op *ops,
                              uint32_t count)
{
    if (reply->size != sizeof *reply)
        return false;
    switch (reply->outcome) {
    case PORTIO_SEQUENCE_DONE:
        return reply->ops_run == count;
    case PORTIO_SEQUENCE_WAIT_TIMED_OUT:
        return reply->ops_run < count && ops[reply->ops_run].kind == PORTIO_BATCH_WAIT;
    case PORTIO_SEQUENCE_BUDGET_SPENT:
        return reply->ops_run < count && (ops[reply->ops_run].kind == PORTIO_BATCH_WAIT ||
                                          ops[reply->ops_run].kind == PORTIO_BATCH_DELAY);
    default:
        return false;
    }
}

/* Takes the answer to the request for batch[first..first + count): the
 * values of the ops that ran, and the outcome as a status. */
static int decode_reply(portio_batch_op *batch, size_t first, uint32_t count, const uint8_t *output)
{
    portio_batch_op *ops = batch + first;
    struct portio_sequence_reply reply;
    memcpy(&reply, output, sizeof reply);
    if (!reply_makes_sense(&reply, ops, count))
        return portio_fail(PORTIO_E_IO,
                           "portio_batch: the portio driver's reply to the request for ops %zu-%zu "
                           "makes no sense (size %lu, outcome %lu, ops_run %lu of %lu), so whether "
                           "they ran is unknown; install the driver that came with this library "
                           "(\"portio driver install\")",
                           first, first + count - 1, (unsigned long)reply.size, (unsigned long)reply.outcome,
                           (unsigned long)reply.ops_run, (unsigned long)count);
    const uint8_t *value = output + sizeof reply;
    for (uint32_t i = 0; i < reply.ops_run; i++) {
        if (!kind_has_value(ops[i].kind))
            continue;
        uint32_t read;
        memcpy(&read, value, sizeof read);
        value += sizeof read;
        if (ops[i].kind == PORTIO_BATCH_READ)
            ops[i].value = read;
        else
            ops[i].result = read;
    }
    if (reply.outcome == PORTIO_SEQUENCE_DONE)
        return PORTIO_OK;
    const size_t stopped = first + reply.ops_run;
    if (batch[stopped].kind == PORTIO_BATCH_WAIT)
        batch[stopped].result = reply.last_value;
    if (reply.outcome == PORTIO_SEQUENCE_WAIT_TIMED_OUT)
        return portio_batch_timed_out(batch, stopped);
    return portio_batch_budget_spent(batch, stopped, PORTIO_MAX_REQUEST_WAIT_US);
}

static int driver_batch(portio_batch_op *ops, size_t count)
{
#if PORTIO_HAVE_X86_IO
    if (atomic_load(&granted))
        return portio_batch_inline(ops, count);
#endif
    /* The reply and the request in one allocation, the reply first: both
     * 4-byte aligned. Sized for the longest request this batch needs. */
    const size_t most = count < PORTIO_MAX_OPS ? count : PORTIO_MAX_OPS;
    const size_t output_room = sizeof(struct portio_sequence_reply) + most * sizeof(uint32_t);
    uint8_t *output = malloc(output_room + sizeof(struct portio_sequence_header) +
                             most * (SEQUENCE_OP_BYTES + SEQUENCE_EXTRA_BYTES));
    if (!output)
        return portio_fail(PORTIO_E_IO, "portio_batch of %zu ops: out of memory", count);
    uint8_t *request = output + output_room;
    int status = PORTIO_OK;
    for (size_t done = 0; status == PORTIO_OK && done < count;) {
        const uint32_t chunk = (uint32_t)(count - done < PORTIO_MAX_OPS ? count - done : PORTIO_MAX_OPS);
        uint32_t value_count = 0;
        const uint32_t size = encode_sequence(ops + done, chunk, request, &value_count);
        const DWORD output_size = (DWORD)(sizeof(struct portio_sequence_reply) + value_count * sizeof(uint32_t));
        status = access_request(IOCTL_PORTIO_SEQUENCE, request, size, output, output_size,
                                "the request for ops %zu-%zu through the portio driver", done,
                                done + chunk - 1);
        if (status != PORTIO_OK) {
            status = portio_batch_stopped(status, done);
            break;
        }
        status = decode_reply(ops, done, chunk, output);
        done += chunk;
    }
    free(output);
    return status;
}

const struct portio_backend portio_windows_driver = {
    .name = "driver",
    .instructions_granted = driver_granted,
    .enable = driver_enable,
    .disable = driver_disable,
    .read = driver_read,
    .write = driver_write,
    .read_string = driver_read_string,
    .write_string = driver_write_string,
    .batch = driver_batch,
    .ready = driver_ready,
};

int portio_windows_driver_stats(uint64_t *requests, uint64_t *operations)
{
    HANDLE handle = atomic_load(&device);
    if (handle == INVALID_HANDLE_VALUE)
        return portio_fail(PORTIO_E_NODRIVER, "no portio driver is open yet; call portio_enable first");
    struct portio_stats_reply reply = {0};
    int status = control(handle, "reading the portio driver's counters", IOCTL_PORTIO_STATS, NULL, 0,
                         &reply, sizeof reply, NULL);
    if (status == PORTIO_OK) {
        *requests = reply.transfer_requests;
        *operations = reply.operations;
    }
    return status;
}

void portio_windows_driver_forget(void)
{
    HANDLE handle = atomic_exchange(&device, INVALID_HANDLE_VALUE);
    if (handle != INVALID_HANDLE_VALUE)
        CloseHandle(handle);
    atomic_store(&granted, false);
    atomic_store(&grant_known, false);
}
