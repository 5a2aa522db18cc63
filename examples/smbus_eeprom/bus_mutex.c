/* SPDX-License-Identifier: MIT */
#include "bus_mutex.h"

#include <stddef.h>

#ifdef _WIN32
#include <windows.h>

bool bus_mutex_acquire(struct bus_mutex *mutex, const char *name)
{
    mutex->handle = NULL;
    HANDLE handle = CreateMutexA(NULL, FALSE, name);
    /* A service that created it may have left others only the right to
     * wait on it. */
    if (!handle && GetLastError() == ERROR_ACCESS_DENIED)
        handle = OpenMutexA(SYNCHRONIZE, FALSE, name);
    /* One we may neither create nor open cannot be waited on. The
     * convention is cooperative: go on without it rather than not work. */
    if (!handle)
        return true;
    /* WAIT_ABANDONED: its holder ended without releasing it; it is ours. */
    DWORD waited = WaitForSingleObject(handle, BUS_MUTEX_TIMEOUT_MS);
    if (waited != WAIT_OBJECT_0 && waited != WAIT_ABANDONED) {
        CloseHandle(handle);
        return false;
    }
    mutex->handle = handle;
    return true;
}

void bus_mutex_release(struct bus_mutex *mutex)
{
    if (mutex->handle) {
        ReleaseMutex(mutex->handle);
        CloseHandle(mutex->handle);
        mutex->handle = NULL;
    }
}

#else

bool bus_mutex_acquire(struct bus_mutex *mutex, const char *name)
{
    (void)name;
    mutex->handle = NULL;
    return true;
}

void bus_mutex_release(struct bus_mutex *mutex)
{
    mutex->handle = NULL;
}

#endif
