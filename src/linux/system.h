/* SPDX-License-Identifier: MIT */
/*
 * The Linux calls the backends make, behind a table so that tests can put
 * fakes in their place and reach every error path without privilege. The
 * entries behave like the system calls: -1 and errno on failure.
 */
#ifndef PORTIO_LINUX_SYSTEM_H
#define PORTIO_LINUX_SYSTEM_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct portio_linux_system {
    int (*ioperm)(unsigned long first, unsigned long count, int turn_on);
    int (*iopl)(int level);
    int (*open)(const char *path, int flags);
    int (*close)(int fd);
    ssize_t (*pread)(int fd, void *buf, size_t size, off_t offset);
    ssize_t (*pwrite)(int fd, const void *buf, size_t size, off_t offset);
    /* Reads a small text file into buf, NUL-terminated, cut at size - 1. */
    ssize_t (*read_text)(const char *path, char *buf, size_t size);
    /* ppdev: its requests on /dev/parportN; who owns that device, and the
     * name of a group (0, or -1 and errno when it has none). */
    int (*ioctl)(int fd, unsigned long request, void *argument);
    int (*stat)(const char *path, struct stat *info);
    int (*group_name)(gid_t group, char *name, size_t size);
};

extern struct portio_linux_system portio_linux_system;

/* Puts the real calls back (tests). */
void portio_linux_restore_system(void);

#endif
