/* SPDX-License-Identifier: MIT */
/* Which backends Windows has: the bundled driver, which "auto" means. */
#include <string.h>

#include "backends.h"
#include "portio.h"

const struct portio_backend *portio_platform_backend(const char *name)
{
    if (strcmp(name, "driver") == 0)
        return &portio_windows_driver;
    return NULL;
}

const struct portio_backend *portio_platform_auto_backend(void)
{
    return &portio_windows_driver;
}

int portio_platform_enable_auto(uint32_t first, uint32_t count,
                                const struct portio_backend **chosen)
{
    int status = portio_windows_driver.enable(first, count);
    if (status == PORTIO_OK)
        *chosen = &portio_windows_driver;
    return status;
}

void portio_platform_reset_for_tests(void)
{
    portio_windows_driver_forget();
}
