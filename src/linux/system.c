/* SPDX-License-Identifier: MIT */
#include "system.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The raw system calls rather than <sys/io.h>, which only x86 glibc has:
 * elsewhere the call numbers do not exist and the answer is ENOSYS. */
static int real_ioperm(unsigned long first, unsigned long count, int turn_on)
{
#ifdef SYS_ioperm
    return (int)syscall(SYS_ioperm, first, count, turn_on);
#else
    (void)first;
    (void)count;
    (void)turn_on;
    errno = ENOSYS;
    return -1;
#endif
}

static int real_iopl(int level)
{
#ifdef SYS_iopl
    return (int)syscall(SYS_iopl, level);
#else
    (void)level;
    errno = ENOSYS;
    return -1;
#endif
}

static int real_open(const char *path, int flags)
{
    return open(path, flags);
}

static ssize_t real_read_text(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t length = read(fd, buf, size - 1);
    int saved = errno;
    close(fd);
    errno = saved;
    buf[length < 0 ? 0 : length] = '\0';
    return length;
}

static int real_ioctl(int fd, unsigned long request, void *argument)
{
    return ioctl(fd, request, argument);
}

static int real_stat(const char *path, struct stat *info)
{
    return stat(path, info);
}

static int real_group_name(gid_t group, char *name, size_t size)
{
    char buffer[4096];
    struct group entry;
    struct group *found = NULL;
    int error = getgrgid_r(group, &entry, buffer, sizeof buffer, &found);
    if (error || !found) {
        errno = error ? error : ENOENT;
        return -1;
    }
    if (strlen(found->gr_name) >= size) {
        errno = ERANGE;
        return -1;
    }
    strcpy(name, found->gr_name);
    return 0;
}

#define REAL_SYSTEM                                                                 \
    {                                                                               \
        .ioperm = real_ioperm, .iopl = real_iopl, .open = real_open, .close = close, \
        .pread = pread, .pwrite = pwrite, .read_text = real_read_text,                \
        .ioctl = real_ioctl, .stat = real_stat, .group_name = real_group_name,         \
    }

struct portio_linux_system portio_linux_system = REAL_SYSTEM;

void portio_linux_restore_system(void)
{
    portio_linux_system = (struct portio_linux_system)REAL_SYSTEM;
}
