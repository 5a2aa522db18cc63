/* SPDX-License-Identifier: MIT */
#include "portio.h"

#define TEXT(x) #x
#define NUMBER_TEXT(x) TEXT(x)

const char *portio_version(void)
{
    return NUMBER_TEXT(PORTIO_VERSION_MAJOR) "." NUMBER_TEXT(PORTIO_VERSION_MINOR) "." NUMBER_TEXT(
        PORTIO_VERSION_PATCH);
}
