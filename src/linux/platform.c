/* SPDX-License-Identifier: MIT */
/* Which backends Linux has, and what "auto" picks: direct where ioperm
 * works, else ppdev for the registers of a parallel port the user may
 * open, else /dev/port. */
#include <stdio.h>
#include <string.h>

#include "../errors.h"
#include "backends.h"
#include "portio.h"
#include "system.h"

const struct portio_backend *portio_platform_backend(const char *name)
{
#if PORTIO_HAVE_X86_IO
    if (strcmp(name, "direct") == 0)
        return &portio_linux_direct;
#endif
    if (strcmp(name, "devport") == 0)
        return &portio_linux_devport;
    if (strcmp(name, "ppdev") == 0)
        return &portio_linux_ppdev;
    return NULL;
}

/* The message auto leaves when every backend refused: the one it would
 * leave without ppdev, then why ppdev refused, whose answer (a group to
 * join) is the one that needs no root. The status a person can act on
 * wins over "unsupported". */
static int add_ppdev_refusal(int status, int ppdev_status, const char *ppdev_message)
{
    char before[1024];
    snprintf(before, sizeof before, "%s", portio_last_error());
    if (status == PORTIO_E_UNSUPPORTED)
        status = ppdev_status;
    return portio_fail(status, "%s. Without root, through the ppdev backend: %s", before,
                       ppdev_message);
}

/* Sets the message of direct's and devport's refusals; devport's message
 * is the last one set. */
static int refuse_without_ppdev(int direct_status, const char *direct_message, int devport_status)
{
#if !PORTIO_HAVE_X86_IO
    (void)direct_message;
#endif
    if (direct_status == PORTIO_E_UNSUPPORTED && devport_status == PORTIO_E_UNSUPPORTED)
        return portio_fail(PORTIO_E_UNSUPPORTED,
#if PORTIO_HAVE_X86_IO
                           "no way to reach I/O ports here: this kernel does not support "
                           "user-space port access (ioperm is not implemented: built without "
                           "CONFIG_X86_IOPL_IOPERM) and /dev/port does not exist "
                           "(CONFIG_DEVPORT). "
#else
                           "no way to reach I/O ports here: this processor has no x86 port "
                           "instructions and /dev/port does not exist (kernel built without "
                           "CONFIG_DEVPORT). "
#endif
                           "Run on a kernel with either option, or use the mock backend "
                           "(PORTIO_BACKEND=mock) to test without hardware");
#if PORTIO_HAVE_X86_IO
    /* The refusal that a person can act on: privilege or lockdown from
     * ioperm comes before "/dev/port missing". */
    if (direct_status != PORTIO_E_UNSUPPORTED)
        return portio_fail(direct_status, "%s", direct_message);
#endif
    return devport_status;
}

/* direct, ppdev or devport: which one serves depends on the range. */
const struct portio_backend *portio_platform_auto_backend(void)
{
    return NULL;
}

int portio_platform_enable_auto(uint32_t first, uint32_t count,
                                const struct portio_backend **chosen)
{
#if PORTIO_HAVE_X86_IO
    int direct_status = portio_linux_direct.enable(first, count);
    if (direct_status == PORTIO_OK) {
        *chosen = &portio_linux_direct;
        return PORTIO_OK;
    }
    char direct_message[1024];
    strncpy(direct_message, portio_last_error(), sizeof direct_message - 1);
    direct_message[sizeof direct_message - 1] = '\0';
#else
    int direct_status = PORTIO_E_UNSUPPORTED;
    const char *direct_message = "";
#endif

    /* Only for the registers of a parallel port: elsewhere ppdev has
     * nothing to offer and its refusal would only lengthen the message. */
    bool ppdev_tried = portio_linux_ppdev_covers(first, count);
    int ppdev_status = PORTIO_E_UNSUPPORTED;
    char ppdev_message[1024] = "";
    if (ppdev_tried) {
        ppdev_status = portio_linux_ppdev.enable(first, count);
        if (ppdev_status == PORTIO_OK) {
            *chosen = &portio_linux_ppdev;
            return PORTIO_OK;
        }
        snprintf(ppdev_message, sizeof ppdev_message, "%s", portio_last_error());
    }

    /* ioperm may be refused where /dev/port is not: seccomp filters in
     * containers, kernels without CONFIG_X86_IOPL_IOPERM. */
    int devport_status = portio_linux_devport.enable(first, count);
    if (devport_status == PORTIO_OK) {
        *chosen = &portio_linux_devport;
        return PORTIO_OK;
    }
    int status = refuse_without_ppdev(direct_status, direct_message, devport_status);
    return ppdev_tried ? add_ppdev_refusal(status, ppdev_status, ppdev_message) : status;
}

void portio_platform_reset_for_tests(void)
{
#if PORTIO_HAVE_X86_IO
    portio_linux_direct_forget();
#endif
    portio_linux_devport_forget();
    portio_linux_ppdev_forget();
    portio_linux_restore_system();
}
