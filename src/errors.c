/* SPDX-License-Identifier: MIT */
#include "errors.h"

#include <stdarg.h>
#include <stdio.h>

#include "portio.h"

/* Long enough for a system message plus the advice that follows it. */
#define MESSAGE_SIZE 1024

static _Thread_local char last_message[MESSAGE_SIZE];

int portio_fail(int status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(last_message, sizeof last_message, format, args);
    va_end(args);
    return status;
}

const char *portio_last_error(void)
{
    return last_message[0] ? last_message : "no error";
}

const char *portio_strerror(int status)
{
    switch (status) {
    case PORTIO_OK: return "success";
    case PORTIO_E_INVALID: return "invalid argument";
    case PORTIO_E_PERM: return "permission denied";
    case PORTIO_E_UNSUPPORTED: return "not supported on this system";
    case PORTIO_E_LOCKDOWN: return "refused by kernel lockdown";
    case PORTIO_E_NODRIVER: return "portio driver not installed or not running";
    case PORTIO_E_NOT_ENABLED: return "port not enabled";
    case PORTIO_E_IO: return "I/O error";
    case PORTIO_E_TIMEOUT: return "timed out";
    default: return "unknown portio status";
    }
}
