/* SPDX-License-Identifier: MIT */
/* The system's text for a Win32 error, without the trailing line break and
 * full stop, for messages that go on after it. Header-only: the library and
 * the portio command (which sees only the library's public functions) both
 * use it. */
#ifndef PORTIO_WINDOWS_SYSTEM_TEXT_H
#define PORTIO_WINDOWS_SYSTEM_TEXT_H

#include <windows.h>

#include <stdio.h>

static inline const char *portio_windows_system_text(DWORD error, char *text, size_t size)
{
    DWORD length = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                                  NULL, error, 0, text, (DWORD)size, NULL);
    while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r' ||
                          text[length - 1] == ' ' || text[length - 1] == '.'))
        length--;
    if (length == 0)
        snprintf(text, size, "Windows error %lu", (unsigned long)error);
    else
        text[length] = '\0';
    return text;
}

#endif
