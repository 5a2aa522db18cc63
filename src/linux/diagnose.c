/* SPDX-License-Identifier: MIT */
#include "diagnose.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../errors.h"
#include "portio.h"
#include "system.h"

#define LOCKDOWN_FILE "/sys/kernel/security/lockdown"
#define CAP_SYS_RAWIO 17

/* The active lockdown mode ("integrity", "confidentiality") into mode, or
 * false when the kernel is not locked down or does not say. */
static bool locked_down(char *mode, size_t size)
{
    char text[128];
    if (portio_linux_system.read_text(LOCKDOWN_FILE, text, sizeof text) <= 0)
        return false;
    /* The file lists every mode with the active one in brackets. */
    const char *open = strchr(text, '[');
    const char *close = open ? strchr(open, ']') : NULL;
    if (!close)
        return false;
    size_t length = (size_t)(close - open - 1);
    if (length >= size)
        length = size - 1;
    memcpy(mode, open + 1, length);
    mode[length] = '\0';
    return strcmp(mode, "none") != 0;
}

/* Whether the process holds CAP_SYS_RAWIO, which port access needs. */
static bool has_rawio(void)
{
    char status[4096];
    if (portio_linux_system.read_text("/proc/self/status", status, sizeof status) <= 0)
        return false;
    const char *line = strstr(status, "CapEff:");
    if (!line)
        return false;
    unsigned long long effective = strtoull(line + strlen("CapEff:"), NULL, 16);
    return (effective >> CAP_SYS_RAWIO) & 1u;
}

static int permission_refusal(const char *what)
{
    char mode[32];
    if (locked_down(mode, sizeof mode))
        return portio_fail(PORTIO_E_LOCKDOWN,
                           "%s was refused: the kernel is locked down (lockdown mode \"%s\", "
                           "usually because Secure Boot is on), which forbids user-space port "
                           "access even to root, and cannot be lifted while the system runs. Turn "
                           "Secure Boot off in the firmware (or, with shim, mokutil "
                           "--disable-validation) and boot without a lockdown= parameter",
                           what, mode);
    if (has_rawio())
        return portio_fail(PORTIO_E_PERM,
                           "%s was refused although the process has CAP_SYS_RAWIO: a seccomp "
                           "filter (as in many containers) or kernel lockdown may block it. "
                           "Check " LOCKDOWN_FILE " (mount -t securityfs none "
                           "/sys/kernel/security); in a container, allow the call or pass "
                           "/dev/port in and use PORTIO_BACKEND=devport",
                           what);
    return portio_fail(PORTIO_E_PERM,
                       "%s was refused: port access needs root or the CAP_SYS_RAWIO capability. "
                       "Run the program as root (sudo), or grant it the capability once with "
                       "sudo setcap cap_sys_rawio+ep ./your-program",
                       what);
}

int portio_linux_refusal(const char *what, int error)
{
    switch (error) {
    case EPERM:
    case EACCES:
        return permission_refusal(what);
    case ENOSYS:
        return portio_fail(PORTIO_E_UNSUPPORTED,
                           "%s is not available: this kernel does not support user-space port "
                           "access (it was built without CONFIG_X86_IOPL_IOPERM). Use a kernel "
                           "with that option, or /dev/port (PORTIO_BACKEND=devport) where it exists",
                           what);
    case ENOENT:
    case ENODEV:
    case ENXIO:
        return portio_fail(PORTIO_E_UNSUPPORTED,
                           "%s failed: /dev/port does not exist (the kernel was built without "
                           "CONFIG_DEVPORT, or a container did not pass the device in)",
                           what);
    default:
        return portio_fail(PORTIO_E_IO, "%s failed: %s", what, strerror(error));
    }
}
