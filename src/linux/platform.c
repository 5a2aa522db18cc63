/* Which backends Linux has, and what "auto" picks: direct where ioperm
 * works, else /dev/port. */
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
    char direct_message[512];
    strncpy(direct_message, portio_last_error(), sizeof direct_message - 1);
    direct_message[sizeof direct_message - 1] = '\0';
#else
    int direct_status = PORTIO_E_UNSUPPORTED;
#endif

    /* ioperm may be refused where /dev/port is not: seccomp filters in
     * containers, kernels without CONFIG_X86_IOPL_IOPERM. */
    int devport_status = portio_linux_devport.enable(first, count);
    if (devport_status == PORTIO_OK) {
        *chosen = &portio_linux_devport;
        return PORTIO_OK;
    }
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

void portio_platform_reset_for_tests(void)
{
#if PORTIO_HAVE_X86_IO
    portio_linux_direct_forget();
#endif
    portio_linux_devport_forget();
    portio_linux_restore_system();
}
