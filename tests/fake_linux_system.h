/* SPDX-License-Identifier: MIT */
/* A fake Linux under the backends: every call the library makes to the
 * kernel lands here, answers as the test sets it, and is recorded. */
#ifndef FAKE_LINUX_SYSTEM_H
#define FAKE_LINUX_SYSTEM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define FAKE_MAX_CALLS 256
#define FAKE_DEVPORT_FD 42
/* /dev/parportN opens as FAKE_PARPORT_FD + N. */
#define FAKE_PARPORT_FD 100
#define FAKE_PARPORTS 16

/* One ppdev request as the fake kernel saw it: the fd, the request, the
 * byte or int it carried in or gave back. */
struct fake_ioctl_call {
    int fd;
    unsigned long request;
    int value;
};

/* The registers of a fake parallel port behind /dev/parportN, as ppdev
 * and parport_pc treat them: PPRCONTROL gives bits 0-3 of what was last
 * written, PPWCONTROL keeps bits 0-3, and sets (never clears) the
 * direction when bit 5 is set. */
struct fake_parport {
    const char *base_addr;  /* the base-addr file, NULL: no such port */
    int open_errno;
    int claim_errno;
    bool claimed;
    uint8_t data;
    uint8_t status;
    uint8_t control;        /* the kernel's copy: the lines, bits 0-3 */
    bool reverse;           /* data direction, PPDATADIR */
};

struct fake_ioperm_call {
    unsigned long first;
    unsigned long count;
    int turn_on;
    pthread_t thread;
};

struct fake_linux {
    int ioperm_errno; /* 0: ioperm succeeds */
    int ioperm_errno_above_0x400; /* answer for ranges past 0x3FF (old kernels: EINVAL) */
    int iopl_errno;
    int open_errno;
    int transfer_errno;          /* pread/pwrite fail with this */
    const char *lockdown;        /* the lockdown file, NULL: absent */
    const char *proc_status;     /* /proc/self/status, NULL: absent */
    struct fake_parport parports[FAKE_PARPORTS];
    int ioctl_errno;             /* every request on /dev/parportN fails with this */
    unsigned parport_uid, parport_gid, parport_mode; /* stat of /dev/parportN */
    int stat_errno;

    struct fake_ioperm_call ioperm_calls[FAKE_MAX_CALLS];
    size_t ioperm_count;
    int iopl_levels[FAKE_MAX_CALLS];
    size_t iopl_count;
    char opened_path[64];
    int opened_flags;
    size_t open_count;
    size_t close_count;
    uint8_t ports[0x10000];      /* what /dev/port reads and writes */
    off_t transfer_offsets[FAKE_MAX_CALLS];
    size_t transfer_count;       /* preads and pwrites */
    struct fake_ioctl_call ioctl_calls[FAKE_MAX_CALLS];
    size_t ioctl_count;
};

extern struct fake_linux fake;

/* The calling thread's permission, as the fake kernel keeps it per thread:
 * whether ioperm gave this thread every port of [port, port + bytes), and
 * how many ioperm calls this thread made since it started (or since
 * fake_linux_install, in the installing thread). */
bool fake_thread_may_access(uint16_t port, unsigned bytes);
size_t fake_thread_ioperm_calls(void);

/* pthread_create, plus what clone does: the new thread starts with a copy
 * of its creator's ioperm permission. (A plain pthread_create starts with
 * none, as a thread created before any enable has.) */
int fake_thread_create(pthread_t *thread, void *(*body)(void *), void *argument);

/* Resets the library and the fake, then puts the fake under the library:
 * by default every call succeeds, no lockdown, no capabilities, no
 * parallel port; /dev/parportN belongs to root and group lp (gid 7),
 * mode 0660. */
void fake_linux_install(void);

#endif
