/* SPDX-License-Identifier: MIT */
#include "fake_linux_system.h"

#include <errno.h>
#include <sys/ioctl.h>

#include <linux/ppdev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"
#include "linux/system.h"

struct fake_linux fake;
/* The library calls the kernel from any thread: every call that records
 * or reads the fake's shared state holds this lock. */
static pthread_mutex_t fake_lock = PTHREAD_MUTEX_INITIALIZER;

/* What ioperm gave this thread: the kernel keeps it per thread. */
static _Thread_local uint64_t thread_ports[0x10000 / 64];
static _Thread_local size_t thread_ioperm_calls;

static void set_thread_ports(unsigned long first, unsigned long count, int turn_on)
{
    for (unsigned long port = first; port < first + count && port < 0x10000; port++) {
        uint64_t bit = UINT64_C(1) << (port % 64);
        if (turn_on)
            thread_ports[port / 64] |= bit;
        else
            thread_ports[port / 64] &= ~bit;
    }
}

static int fake_ioperm(unsigned long first, unsigned long count, int turn_on)
{
    pthread_mutex_lock(&fake_lock);
    if (fake.ioperm_count < FAKE_MAX_CALLS)
        fake.ioperm_calls[fake.ioperm_count++] =
            (struct fake_ioperm_call){first, count, turn_on, pthread_self()};
    int error = fake.ioperm_errno;
    if (!error && first + count > 0x400)
        error = fake.ioperm_errno_above_0x400;
    pthread_mutex_unlock(&fake_lock);
    thread_ioperm_calls++;
    if (error) {
        errno = error;
        return -1;
    }
    set_thread_ports(first, count, turn_on);
    return 0;
}

bool fake_thread_may_access(uint16_t port, unsigned bytes)
{
    for (uint32_t p = port; p < (uint32_t)port + bytes; p++)
        if (p >= 0x10000 || !((thread_ports[p / 64] >> (p % 64)) & 1u))
            return false;
    return true;
}

size_t fake_thread_ioperm_calls(void)
{
    return thread_ioperm_calls;
}

/* The kernel copies the creator's permission into the new thread at
 * clone; the start routine puts the copy in place before the body runs. */
struct inheriting_start {
    void *(*body)(void *);
    void *argument;
    uint64_t ports[0x10000 / 64];
};

static void *start_inheriting(void *argument)
{
    struct inheriting_start *start = argument;
    memcpy(thread_ports, start->ports, sizeof thread_ports);
    void *(*body)(void *) = start->body;
    void *body_argument = start->argument;
    free(start);
    return body(body_argument);
}

int fake_thread_create(pthread_t *thread, void *(*body)(void *), void *argument)
{
    struct inheriting_start *start = malloc(sizeof *start);
    if (!start)
        return ENOMEM;
    start->body = body;
    start->argument = argument;
    memcpy(start->ports, thread_ports, sizeof start->ports);
    int error = pthread_create(thread, NULL, start_inheriting, start);
    if (error)
        free(start);
    return error;
}

static int fake_iopl(int level)
{
    pthread_mutex_lock(&fake_lock);
    if (fake.iopl_count < FAKE_MAX_CALLS)
        fake.iopl_levels[fake.iopl_count++] = level;
    int error = fake.iopl_errno;
    pthread_mutex_unlock(&fake_lock);
    if (error) {
        errno = error;
        return -1;
    }
    return 0;
}

/* The N of "/dev/parportN", or -1. */
static int parport_number(const char *path)
{
    unsigned number;
    char rest;
    if (sscanf(path, "/dev/parport%u%c", &number, &rest) != 1 || number >= FAKE_PARPORTS)
        return -1;
    return (int)number;
}

static int fake_open(const char *path, int flags)
{
    pthread_mutex_lock(&fake_lock);
    fake.open_count++;
    snprintf(fake.opened_path, sizeof fake.opened_path, "%s", path);
    fake.opened_flags = flags;
    int number = parport_number(path);
    int error = fake.open_errno;
    if (number >= 0)
        error = fake.parports[number].base_addr ? fake.parports[number].open_errno : ENOENT;
    pthread_mutex_unlock(&fake_lock);
    if (error) {
        errno = error;
        return -1;
    }
    return number >= 0 ? FAKE_PARPORT_FD + number : FAKE_DEVPORT_FD;
}

/* Called with fake_lock held. 0, or the errno. */
static int parport_request(struct fake_parport *port, unsigned long request, void *argument,
                           int *recorded)
{
    unsigned char *byte = argument;
    if (request == PPCLAIM) {
        if (port->claim_errno)
            return port->claim_errno;
        if (port->claimed)
            return EINVAL; /* ppdev: "you've already got it" */
        port->claimed = true;
        port->reverse = false;
        return 0;
    }
    if (!port->claimed)
        return EINVAL; /* every other request needs the claim */
    if (fake.ioctl_errno)
        return fake.ioctl_errno;
    if (request == PPRELEASE) {
        port->claimed = false;
    } else if (request == PPRDATA) {
        *byte = port->reverse ? 0xFF : port->data; /* nothing drives the lines in input */
        *recorded = *byte;
    } else if (request == PPWDATA) {
        port->data = *byte;
        *recorded = *byte;
    } else if (request == PPRSTATUS) {
        *byte = port->status;
        *recorded = *byte;
    } else if (request == PPRCONTROL) {
        *byte = port->control & 0x0F;
        *recorded = *byte;
    } else if (request == PPWCONTROL) {
        port->control = *byte & 0x0F;
        if (*byte & 0x20)
            port->reverse = true;
        *recorded = *byte;
    } else if (request == PPDATADIR) {
        port->reverse = *(int *)argument != 0;
        *recorded = *(int *)argument;
    } else {
        return EINVAL;
    }
    return 0;
}

static int fake_ioctl(int fd, unsigned long request, void *argument)
{
    pthread_mutex_lock(&fake_lock);
    int recorded = -1;
    int error = EBADF;
    if (fd >= FAKE_PARPORT_FD && fd < FAKE_PARPORT_FD + FAKE_PARPORTS)
        error = parport_request(&fake.parports[fd - FAKE_PARPORT_FD], request, argument, &recorded);
    if (fake.ioctl_count < FAKE_MAX_CALLS)
        fake.ioctl_calls[fake.ioctl_count] = (struct fake_ioctl_call){fd, request, recorded};
    fake.ioctl_count++;
    pthread_mutex_unlock(&fake_lock);
    if (error) {
        errno = error;
        return -1;
    }
    return 0;
}

static int fake_stat(const char *path, struct stat *info)
{
    pthread_mutex_lock(&fake_lock);
    int number = parport_number(path);
    int error = fake.stat_errno;
    if (!error && (number < 0 || !fake.parports[number].base_addr))
        error = ENOENT;
    memset(info, 0, sizeof *info);
    info->st_uid = fake.parport_uid;
    info->st_gid = fake.parport_gid;
    info->st_mode = S_IFCHR | fake.parport_mode;
    pthread_mutex_unlock(&fake_lock);
    if (error) {
        errno = error;
        return -1;
    }
    return 0;
}

/* The groups of the fake system: root (0) and lp (7). */
static int fake_group_name(gid_t group, char *name, size_t size)
{
    const char *known = group == 0 ? "root" : group == 7 ? "lp" : NULL;
    if (!known) {
        errno = ENOENT;
        return -1;
    }
    snprintf(name, size, "%s", known);
    return 0;
}

static int fake_close(int fd)
{
    (void)fd;
    pthread_mutex_lock(&fake_lock);
    fake.close_count++;
    pthread_mutex_unlock(&fake_lock);
    return 0;
}

/* Called with fake_lock held. */
static int transfer_check(int fd, size_t size, off_t offset)
{
    if (fake.transfer_count < FAKE_MAX_CALLS)
        fake.transfer_offsets[fake.transfer_count] = offset;
    fake.transfer_count++;
    if (fd != FAKE_DEVPORT_FD) {
        errno = EBADF;
        return -1;
    }
    if (fake.transfer_errno) {
        errno = fake.transfer_errno;
        return -1;
    }
    if (offset < 0 || (size_t)offset + size > sizeof fake.ports) {
        errno = EINVAL;
        return -1;
    }
    return 0;
}

static ssize_t fake_pread(int fd, void *buf, size_t size, off_t offset)
{
    pthread_mutex_lock(&fake_lock);
    int failed = transfer_check(fd, size, offset);
    if (!failed)
        memcpy(buf, &fake.ports[offset], size);
    pthread_mutex_unlock(&fake_lock);
    return failed ? -1 : (ssize_t)size;
}

static ssize_t fake_pwrite(int fd, const void *buf, size_t size, off_t offset)
{
    pthread_mutex_lock(&fake_lock);
    int failed = transfer_check(fd, size, offset);
    if (!failed)
        memcpy(&fake.ports[offset], buf, size);
    pthread_mutex_unlock(&fake_lock);
    return failed ? -1 : (ssize_t)size;
}

static ssize_t fake_read_text(const char *path, char *buf, size_t size)
{
    const char *text = NULL;
    if (strcmp(path, "/sys/kernel/security/lockdown") == 0)
        text = fake.lockdown;
    else if (strcmp(path, "/proc/self/status") == 0)
        text = fake.proc_status;
    unsigned number;
    char rest[16];
    if (sscanf(path, "/proc/sys/dev/parport/parport%u/%15s", &number, rest) == 2 &&
        number < FAKE_PARPORTS && strcmp(rest, "base-addr") == 0)
        text = fake.parports[number].base_addr;
    if (!text) {
        errno = ENOENT;
        return -1;
    }
    snprintf(buf, size, "%s", text);
    return (ssize_t)strlen(buf);
}

void fake_linux_install(void)
{
    portio_front_reset_for_tests();
    pthread_mutex_lock(&fake_lock);
    memset(&fake, 0, sizeof fake);
    pthread_mutex_unlock(&fake_lock);
    /* This thread starts with no permission, as a process does. */
    memset(thread_ports, 0, sizeof thread_ports);
    thread_ioperm_calls = 0;
    fake.lockdown = "[none] integrity confidentiality\n";
    fake.parport_gid = 7;
    fake.parport_mode = 0660;
    fake.proc_status = "Name:\ttest\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
                       "CapEff:\t0000000000000000\n";
    portio_linux_system = (struct portio_linux_system){
        .ioperm = fake_ioperm,
        .iopl = fake_iopl,
        .open = fake_open,
        .close = fake_close,
        .pread = fake_pread,
        .pwrite = fake_pwrite,
        .read_text = fake_read_text,
        .ioctl = fake_ioctl,
        .stat = fake_stat,
        .group_name = fake_group_name,
    };
}
