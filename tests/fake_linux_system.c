#include "fake_linux_system.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "front.h"
#include "linux/system.h"

struct fake_linux fake;
static pthread_mutex_t fake_lock = PTHREAD_MUTEX_INITIALIZER;

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
    if (error) {
        errno = error;
        return -1;
    }
    return 0;
}

static int fake_iopl(int level)
{
    if (fake.iopl_count < FAKE_MAX_CALLS)
        fake.iopl_levels[fake.iopl_count++] = level;
    if (fake.iopl_errno) {
        errno = fake.iopl_errno;
        return -1;
    }
    return 0;
}

static int fake_open(const char *path, int flags)
{
    fake.open_count++;
    snprintf(fake.opened_path, sizeof fake.opened_path, "%s", path);
    fake.opened_flags = flags;
    if (fake.open_errno) {
        errno = fake.open_errno;
        return -1;
    }
    return FAKE_DEVPORT_FD;
}

static int fake_close(int fd)
{
    (void)fd;
    fake.close_count++;
    return 0;
}

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
    if (transfer_check(fd, size, offset))
        return -1;
    memcpy(buf, &fake.ports[offset], size);
    return (ssize_t)size;
}

static ssize_t fake_pwrite(int fd, const void *buf, size_t size, off_t offset)
{
    if (transfer_check(fd, size, offset))
        return -1;
    memcpy(&fake.ports[offset], buf, size);
    return (ssize_t)size;
}

static ssize_t fake_read_text(const char *path, char *buf, size_t size)
{
    const char *text = NULL;
    if (strcmp(path, "/sys/kernel/security/lockdown") == 0)
        text = fake.lockdown;
    else if (strcmp(path, "/proc/self/status") == 0)
        text = fake.proc_status;
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
    memset(&fake, 0, sizeof fake);
    fake.lockdown = "[none] integrity confidentiality\n";
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
    };
}
