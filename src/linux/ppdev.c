/* SPDX-License-Identifier: MIT */
/* The ppdev backend: a parallel port's data, status and control registers
 * through the kernel's /dev/parportN, which distributions give to a group
 * (often "lp"), so that an ordinary user may drive the port without root.
 * It serves only ranges inside base..base+2 of one port the kernel knows,
 * 8 bits at a time, each access one ioctl. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

/* After <sys/ioctl.h>, which defines the _IOR macros it uses. */
#include <linux/ppdev.h>

#include "../batch_run.h"
#include "../errors.h"
#include "../ranges.h"
#include "backends.h"
#include "portio.h"
#include "system.h"

/* The kernel numbers parallel ports below PARPORT_MAX (16); parportN in
 * /proc/sys/dev/parport is /dev/parportN. */
#define PORT_NUMBERS 16
#define REGISTERS 3 /* data, status, control */
#define DATA_OFFSET 0
#define STATUS_OFFSET 1
#define CONTROL_OFFSET 2
/* Control bit 5 sets the data lines' direction (1: input). */
#define CONTROL_REVERSE 0x20u

struct parallel_port {
    /* Set (release) after fd and base while the port is claimed. A release
     * clears it but keeps the device open until a reset: an access that saw
     * it set just before reaches the same device (which refuses a port no
     * longer claimed), never a file that took the descriptor's number. */
    atomic_bool claimed;
    bool opened;
    int fd;
    uint16_t base;
    /* The direction portio last set through PPDATADIR: the kernel's
     * PPRCONTROL does not report it and PPWCONTROL cannot clear it. */
    atomic_bool reverse;
};

/* Changed only under the front's lock (enable, disable, reset). */
static struct parallel_port ports[PORT_NUMBERS];

/* ---- finding the port ---- */

/* The base address of parportN, or -1 when the kernel has no such port. */
static long port_base(unsigned number)
{
    char path[64];
    char text[64];
    snprintf(path, sizeof path, "/proc/sys/dev/parport/parport%u/base-addr", number);
    if (portio_linux_system.read_text(path, text, sizeof text) <= 0)
        return -1;
    /* "888\t0": the base, then the ECP/high base. */
    char *end;
    long base = strtol(text, &end, 10);
    if (end == text || base < 0 || base > 0xFFFF - (REGISTERS - 1))
        return -1;
    return base;
}

/* The number of the port whose registers hold [first, first + count), and
 * its base in *base; or -1. */
static int port_holding(uint32_t first, uint32_t count, long *base)
{
    for (unsigned number = 0; number < PORT_NUMBERS; number++) {
        *base = port_base(number);
        if (*base >= 0 && first >= (uint32_t)*base && first + count <= (uint32_t)*base + REGISTERS)
            return (int)number;
    }
    return -1;
}

bool portio_linux_ppdev_covers(uint32_t first, uint32_t count)
{
    long base;
    return port_holding(first, count, &base) >= 0;
}

/* Whether [first, first + count) overlaps [start, start + length). */
static bool overlaps(uint32_t first, uint32_t count, long start, long length)
{
    return first < (uint32_t)(start + length) && first + count > (uint32_t)start;
}

/* A parallel port's registers that ppdev does not reach: EPP's address and
 * data registers at base+3..base+7, ECP's at base+0x400..base+0x402. */
enum { EPP_OFFSET = 3, EPP_REGISTERS = 5, ECP_OFFSET = 0x400, ECP_REGISTERS = 3 };

/* "parport0 at 0x0378-0x037A, parport1 at ..." into list; the number of
 * ports. `touching` names the one whose data, status or control registers
 * the range overlaps; `extended` one whose EPP (3) or ECP (0x400)
 * registers it overlaps, with `extended_offset` saying which. */
static unsigned list_ports(uint32_t first, uint32_t count, char *list, size_t size, int *touching,
                           int *extended, long *extended_offset)
{
    unsigned found = 0;
    size_t used = 0;
    list[0] = '\0';
    *touching = -1;
    *extended = -1;
    for (unsigned number = 0; number < PORT_NUMBERS; number++) {
        long base = port_base(number);
        if (base < 0)
            continue;
        if (overlaps(first, count, base, REGISTERS))
            *touching = (int)number;
        if (overlaps(first, count, base + EPP_OFFSET, EPP_REGISTERS)) {
            *extended = (int)number;
            *extended_offset = EPP_OFFSET;
        } else if (base + ECP_OFFSET + ECP_REGISTERS <= 0x10000 &&
                   overlaps(first, count, base + ECP_OFFSET, ECP_REGISTERS)) {
            *extended = (int)number;
            *extended_offset = ECP_OFFSET;
        }
        int written = snprintf(list + used, size - used, "%sparport%u at 0x%04lX-0x%04lX",
                               found ? ", " : "", number, base, base + REGISTERS - 1);
        if (written > 0 && (size_t)written < size - used)
            used += (size_t)written;
        found++;
    }
    return found;
}

static int refuse_range(uint32_t first, uint32_t count)
{
    char list[512];
    int touching, extended;
    long extended_offset = 0;
    uint32_t last = first + count - 1;
    if (list_ports(first, count, list, sizeof list, &touching, &extended, &extended_offset) == 0)
        return portio_fail(PORTIO_E_UNSUPPORTED,
                           "ports 0x%04X-0x%04X: the ppdev backend found no parallel port: the "
                           "kernel lists none in /proc/sys/dev/parport (load its drivers with "
                           "sudo modprobe parport_pc ppdev, where the machine has a port)",
                           first, last);
    if (touching >= 0)
        return portio_fail(PORTIO_E_UNSUPPORTED,
                           "ports 0x%04X-0x%04X: the ppdev backend reaches only the data, status "
                           "and control registers (base to base+2) of one parallel port, and this "
                           "range goes past those of parport%d; its other registers (EPP, ECP) "
                           "and other ports need the direct backend. Ports the kernel knows: %s",
                           first, last, touching, list);
    if (extended >= 0)
        return portio_fail(PORTIO_E_UNSUPPORTED,
                           "ports 0x%04X-0x%04X are %s registers of the parallel port parport%d (base+0x%lX on), which "
                           "the ppdev backend does not reach: it serves only the data, status and "
                           "control registers (base to base+2); use the direct backend for them. "
                           "Ports the kernel knows: %s",
                           first, last, extended_offset == EPP_OFFSET ? "EPP" : "ECP", extended,
                           extended_offset, list);
    return portio_fail(PORTIO_E_UNSUPPORTED,
                       "ports 0x%04X-0x%04X are not registers of a parallel port the kernel knows, "
                       "so the ppdev backend cannot reach them; it serves only the data, status "
                       "and control registers of: %s",
                       first, last, list);
}

/* ---- opening and claiming ---- */

/* "group 'lp' (gid 7), mode 0660" of the device, or what stat said. */
static void describe_owner(const char *path, char *text, size_t size, char *group, size_t group_size)
{
    struct stat info;
    snprintf(group, group_size, "lp");
    if (portio_linux_system.stat(path, &info) != 0) {
        snprintf(text, size, "its owner could not be read: %s", strerror(errno));
        return;
    }
    if (portio_linux_system.group_name(info.st_gid, group, group_size) != 0)
        snprintf(group, group_size, "%u", (unsigned)info.st_gid);
    char user[16];
    if (info.st_uid == 0)
        snprintf(user, sizeof user, "root");
    else
        snprintf(user, sizeof user, "uid %u", (unsigned)info.st_uid);
    snprintf(text, size, "it belongs to %s and group '%s' (gid %u), mode %04o", user, group,
             (unsigned)info.st_gid, (unsigned)(info.st_mode & 07777));
}

static int open_refused(const char *path, uint32_t first, uint32_t count, int error)
{
    uint32_t last = first + count - 1;
    switch (error) {
    case EACCES:
    case EPERM: {
        char owner[160];
        char group[64];
        describe_owner(path, owner, sizeof owner, group, sizeof group);
        bool root_group = strcmp(group, "root") == 0 || strcmp(group, "0") == 0;
        if (root_group)
            return portio_fail(PORTIO_E_PERM,
                               "opening %s (the ppdev backend, for ports 0x%04X-0x%04X) was "
                               "refused: %s, so only root may open it. Give it to a group with a "
                               "udev rule, e.g. the line SUBSYSTEM==\"ppdev\", GROUP=\"lp\", "
                               "MODE=\"0660\" in /etc/udev/rules.d/60-parport.rules, then add "
                               "yourself to that group: sudo usermod -aG lp $USER, and log in "
                               "again",
                               path, first, last, owner);
        return portio_fail(PORTIO_E_PERM,
                           "opening %s (the ppdev backend, for ports 0x%04X-0x%04X) was refused: "
                           "%s. Add yourself to the group '%s' that owns %s: sudo usermod -aG %s "
                           "$USER, then log in again (or give the device to a group of yours "
                           "with a udev rule: SUBSYSTEM==\"ppdev\", GROUP=\"...\", MODE=\"0660\")",
                           path, first, last, owner, group, path, group);
    }
    case ENOENT:
    case ENXIO:
    case ENODEV:
        return portio_fail(PORTIO_E_UNSUPPORTED,
                           "opening %s (the ppdev backend, for ports 0x%04X-0x%04X) failed: %s; "
                           "the kernel's ppdev driver is not loaded: load it with sudo modprobe "
                           "ppdev",
                           path, first, last, strerror(error));
    default:
        return portio_fail(PORTIO_E_IO, "opening %s (the ppdev backend, for ports 0x%04X-0x%04X) "
                                        "failed: %s",
                           path, first, last, strerror(error));
    }
}

/* PPCLAIM waits while another driver has claimed the port (the printer
 * driver lp claims it while it prints); it fails with ENXIO when a driver
 * registered for exclusive use of the port, EINTR when a signal ended the
 * wait. */
static int claim_refused(const char *path, unsigned number, int error)
{
    return portio_fail(PORTIO_E_IO,
                       "claiming parport%u (PPCLAIM on %s, the ppdev backend) failed: %s: another "
                       "driver holds the port (the printer driver lp while it prints, a driver "
                       "that took the port for its exclusive use, or a program using %s). Stop "
                       "that user, or unload the printer driver with sudo rmmod lp where nothing "
                       "prints on it",
                       number, path, strerror(error), path);
}

static int open_and_claim(unsigned number, uint16_t base, uint32_t first, uint32_t count)
{
    char path[32];
    snprintf(path, sizeof path, "/dev/parport%u", number);
    struct parallel_port *port = &ports[number];
    bool opened_now = !port->opened;
    if (opened_now) {
        int fd = portio_linux_system.open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0)
            return open_refused(path, first, count, errno);
        port->fd = fd;
        port->base = base;
        port->opened = true;
    }
    if (portio_linux_system.ioctl(port->fd, PPCLAIM, NULL) != 0) {
        int error = errno;
        /* No access has seen a descriptor never claimed: it may close. */
        if (opened_now) {
            portio_linux_system.close(port->fd);
            port->opened = false;
        }
        return claim_refused(path, number, error);
    }
    /* A claim restores the state the kernel keeps for this device, which
     * starts with the data lines as outputs. */
    atomic_store(&port->reverse, false);
    atomic_store_explicit(&port->claimed, true, memory_order_release);
    return PORTIO_OK;
}

static void release(struct parallel_port *port)
{
    if (!atomic_load(&port->claimed))
        return;
    atomic_store(&port->claimed, false);
    portio_linux_system.ioctl(port->fd, PPRELEASE, NULL);
}

static int ppdev_enable(uint32_t first, uint32_t count)
{
    long base;
    int number = port_holding(first, count, &base);
    if (number < 0)
        return refuse_range(first, count);
    if (atomic_load(&ports[number].claimed))
        return PORTIO_OK;
    return open_and_claim((unsigned)number, (uint16_t)base, first, count);
}

/* A port stays claimed while any of its registers is in the front's
 * record (updated before this call), however the ranges were enabled. */
static int ppdev_disable(uint32_t first, uint32_t count)
{
    for (unsigned number = 0; number < PORT_NUMBERS; number++) {
        struct parallel_port *port = &ports[number];
        if (!atomic_load(&port->claimed))
            continue;
        uint32_t base = port->base;
        if (first >= base + REGISTERS || first + count <= base)
            continue;
        bool still_enabled = false;
        for (uint32_t p = base; p < base + REGISTERS; p++)
            still_enabled = still_enabled || portio_ranges_contain(p, 1);
        if (!still_enabled)
            release(port);
    }
    return PORTIO_OK;
}

/* ---- accesses ---- */

/* The open port whose registers hold `port`, or NULL. */
static struct parallel_port *port_serving(uint16_t port)
{
    for (unsigned number = 0; number < PORT_NUMBERS; number++) {
        struct parallel_port *candidate = &ports[number];
        if (atomic_load_explicit(&candidate->claimed, memory_order_acquire) &&
            port >= candidate->base && port < candidate->base + REGISTERS)
            return candidate;
    }
    return NULL;
}

static int refuse_access(const char *context, const char *what, uint16_t port,
                         unsigned width_bits, const char *after)
{
    if (width_bits != 8)
        return portio_fail(PORTIO_E_UNSUPPORTED,
                           "%s%u-bit %s at port 0x%04X: the ppdev backend (/dev/parportN) moves "
                           "one 8-bit register at a time and does not split wider accesses; use "
                           "8-bit accesses, or the direct backend%s",
                           context, width_bits, what, port, after);
    return portio_fail(PORTIO_E_UNSUPPORTED,
                       "%s%s at port 0x%04X: no claimed parallel port has that register; the "
                       "ppdev backend reaches only data, status and control (base to base+2)%s",
                       context, what, port, after);
}

static int ioctl_failed(const char *request, uint16_t port, int error)
{
    return portio_fail(PORTIO_E_IO, "%s for port 0x%04X (the ppdev backend) failed: %s", request,
                       port, strerror(error));
}

static int read_register(struct parallel_port *parallel, uint16_t port, uint8_t *byte)
{
    unsigned offset = port - parallel->base;
    unsigned long request = offset == DATA_OFFSET     ? PPRDATA
                            : offset == STATUS_OFFSET ? PPRSTATUS
                                                      : PPRCONTROL;
    const char *name = offset == DATA_OFFSET     ? "PPRDATA"
                       : offset == STATUS_OFFSET ? "PPRSTATUS"
                                                 : "PPRCONTROL";
    unsigned char value;
    if (portio_linux_system.ioctl(parallel->fd, request, &value) != 0)
        return ioctl_failed(name, port, errno);
    /* PPRCONTROL gives bits 0-3 only; the direction is the one set last. */
    if (offset == CONTROL_OFFSET && atomic_load(&parallel->reverse))
        value |= CONTROL_REVERSE;
    *byte = value;
    return PORTIO_OK;
}

static int write_control(struct parallel_port *parallel, uint16_t port, uint8_t byte)
{
    /* PPWCONTROL writes bits 0-3 and can turn the data lines to input but
     * never back: the direction goes through PPDATADIR, when it changes. */
    bool reverse = (byte & CONTROL_REVERSE) != 0;
    if (reverse != atomic_load(&parallel->reverse)) {
        int direction = reverse ? 1 : 0;
        if (portio_linux_system.ioctl(parallel->fd, PPDATADIR, &direction) != 0)
            return ioctl_failed("PPDATADIR", port, errno);
        atomic_store(&parallel->reverse, reverse);
    }
    unsigned char lines = (unsigned char)(byte & ~CONTROL_REVERSE);
    if (portio_linux_system.ioctl(parallel->fd, PPWCONTROL, &lines) != 0)
        return ioctl_failed("PPWCONTROL", port, errno);
    return PORTIO_OK;
}

/* `what` is "write of 0x01" or "modify". */
static int refuse_status_write(const char *context, const char *what, uint16_t port,
                               const char *after)
{
    return portio_fail(PORTIO_E_UNSUPPORTED,
                       "%s%s at port 0x%04X: that is the status register of a parallel port, "
                       "which the ppdev backend can only read (ppdev has no request that writes "
                       "it)%s",
                       context, what, port, after);
}

static int write_register(struct parallel_port *parallel, uint16_t port, uint8_t byte)
{
    unsigned offset = port - parallel->base;
    if (offset == STATUS_OFFSET) {
        char what[32];
        snprintf(what, sizeof what, "write of 0x%02X", byte);
        return refuse_status_write("", what, port, "");
    }
    if (offset == CONTROL_OFFSET)
        return write_control(parallel, port, byte);
    unsigned char value = byte;
    if (portio_linux_system.ioctl(parallel->fd, PPWDATA, &value) != 0)
        return ioctl_failed("PPWDATA", port, errno);
    return PORTIO_OK;
}

static int ppdev_read(uint16_t port, unsigned width_bits, uint32_t *value)
{
    struct parallel_port *parallel = port_serving(port);
    if (width_bits != 8 || !parallel)
        return refuse_access("", "read", port, width_bits, "");
    /* 0: the analysers cannot see that a failure (portio_fail) is never
     * PORTIO_OK, and would take byte as read uninitialized. */
    uint8_t byte = 0;
    int status = read_register(parallel, port, &byte);
    if (status == PORTIO_OK)
        *value = byte;
    return status;
}

static int ppdev_write(uint16_t port, unsigned width_bits, uint32_t value)
{
    struct parallel_port *parallel = port_serving(port);
    if (width_bits != 8 || !parallel)
        return refuse_access("", "write", port, width_bits, "");
    return write_register(parallel, port, (uint8_t)value);
}

static int ppdev_read_string(uint16_t port, unsigned width_bits, void *buf, size_t count)
{
    struct parallel_port *parallel = port_serving(port);
    if (width_bits != 8 || !parallel)
        return refuse_access("", "string read", port, width_bits, "");
    int status = PORTIO_OK;
    for (size_t i = 0; status == PORTIO_OK && i < count; i++)
        status = read_register(parallel, port, (uint8_t *)buf + i);
    return status;
}

static int ppdev_write_string(uint16_t port, unsigned width_bits, const void *buf, size_t count)
{
    struct parallel_port *parallel = port_serving(port);
    if (width_bits != 8 || !parallel)
        return refuse_access("", "string write", port, width_bits, "");
    int status = PORTIO_OK;
    for (size_t i = 0; status == PORTIO_OK && i < count; i++)
        status = write_register(parallel, port, ((const uint8_t *)buf)[i]);
    return status;
}

/* ---- batches ---- */

static int batch_read(const void *context, uint16_t port, unsigned width_bits, uint32_t *value)
{
    (void)context;
    return ppdev_read(port, width_bits, value);
}

static int batch_write(const void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    (void)context;
    return ppdev_write(port, width_bits, value);
}

/* Refused as a whole before anything runs when an op could never run:
 * wider than a byte, a register ppdev does not reach, or a write of the
 * status register. */
static int ppdev_batch(portio_batch_op *ops, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (ops[i].kind == PORTIO_BATCH_DELAY)
            continue;
        char context[48];
        snprintf(context, sizeof context, "portio_batch: op %zu, a ", i);
        const char *kind = portio_batch_kind_name(ops[i].kind);
        struct parallel_port *parallel = port_serving(ops[i].port);
        if (ops[i].width_bits != 8 || !parallel)
            return refuse_access(context, kind, ops[i].port, ops[i].width_bits,
                                 "; no op of the batch ran");
        bool writes = ops[i].kind == PORTIO_BATCH_WRITE || ops[i].kind == PORTIO_BATCH_MODIFY;
        if (writes && ops[i].port - parallel->base == STATUS_OFFSET)
            return refuse_status_write(context, kind, ops[i].port, "; no op of the batch ran");
    }
    static const struct portio_batch_io io = {
        batch_read, batch_write, portio_batch_clock_now, portio_batch_clock_pause, NULL,
    };
    return portio_batch_run(&io, ops, count);
}

const struct portio_backend portio_linux_ppdev = {
    .name = "ppdev",
    .enable = ppdev_enable,
    .disable = ppdev_disable,
    .read = ppdev_read,
    .write = ppdev_write,
    .read_string = ppdev_read_string,
    .write_string = ppdev_write_string,
    .batch = ppdev_batch,
};

void portio_linux_ppdev_forget(void)
{
    for (unsigned number = 0; number < PORT_NUMBERS; number++) {
        struct parallel_port *port = &ports[number];
        release(port);
        if (port->opened)
            portio_linux_system.close(port->fd);
        port->opened = false;
    }
}
