/* SPDX-License-Identifier: MIT */
#include "refusing_system.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"
#include "linux/system.h"
#include "portio.h"
#include "ranges.h"

static int refuse_ioperm(unsigned long first, unsigned long count, int turn_on)
{
    (void)first;
    (void)count;
    /* Giving ports back needs no privilege. */
    if (!turn_on)
        return 0;
    errno = EPERM;
    return -1;
}

static int refuse_iopl(int level)
{
    (void)level;
    errno = EPERM;
    return -1;
}

static int refuse_open(const char *path, int flags)
{
    (void)path;
    (void)flags;
    errno = EACCES;
    return -1;
}

/* No open succeeds, so the library has no file to close, read or write:
 * a call means it used a descriptor it never got. */
__attribute__((noreturn)) static void unreachable(const char *call, int fd)
{
    fprintf(stderr, "fuzz: %s(%d) although no open succeeded\n", call, fd);
    abort();
}

static int unreachable_close(int fd)
{
    unreachable("close", fd);
}

static ssize_t unreachable_pread(int fd, void *buf, size_t size, off_t offset)
{
    (void)buf;
    (void)size;
    (void)offset;
    unreachable("pread", fd);
}

static ssize_t unreachable_pwrite(int fd, const void *buf, size_t size, off_t offset)
{
    (void)buf;
    (void)size;
    (void)offset;
    unreachable("pwrite", fd);
}

static int unreachable_ioctl(int fd, unsigned long request, void *argument)
{
    (void)request;
    (void)argument;
    unreachable("ioctl", fd);
}

/* The ppdev backend asks who owns /dev/parportN only after an open that
 * found a parallel port, which this system never shows. */
static int refuse_stat(const char *path, struct stat *info)
{
    (void)path;
    (void)info;
    errno = ENOENT;
    return -1;
}

static int refuse_group_name(gid_t group, char *name, size_t size)
{
    (void)group;
    (void)name;
    (void)size;
    errno = ENOENT;
    return -1;
}

/* The files the refusal's diagnosis reads: no lockdown file, and a status
 * without CAP_SYS_RAWIO, fixed so that every machine gives one message. */
static ssize_t fixed_read_text(const char *path, char *buf, size_t size)
{
    static const char status[] = "Name:\tfuzz\nCapEff:\t0000000000000000\n";
    if (strcmp(path, "/proc/self/status") != 0 || size == 0) {
        errno = ENOENT;
        return -1;
    }
    size_t length = strlen(status) < size - 1 ? strlen(status) : size - 1;
    memcpy(buf, status, length);
    buf[length] = '\0';
    return (ssize_t)length;
}

void fuzz_refuse_hardware(void)
{
    portio_linux_system = (struct portio_linux_system){
        .ioperm = refuse_ioperm,
        .iopl = refuse_iopl,
        .open = refuse_open,
        .close = unreachable_close,
        .pread = unreachable_pread,
        .pwrite = unreachable_pwrite,
        .read_text = fixed_read_text,
        .ioctl = unreachable_ioctl,
        .stat = refuse_stat,
        .group_name = refuse_group_name,
    };
}

void fuzz_reset_library(void)
{
    portio_mock_reset();
    portio_front_reset_for_tests();
    fuzz_refuse_hardware();
    unsetenv("PORTIO_BACKEND");
}

void fuzz_forget_backend_choice(void)
{
    if (!portio_ranges_empty())
        fuzz_reset_library();
    else if (strcmp(portio_backend(), "auto") != 0 && portio_use_backend("auto") != PORTIO_OK)
        abort();
}
