/* SPDX-License-Identifier: MIT
 *
 * portio's inpout32.dll / inpoutx64.dll: InpOut32 1.5's fourteen exports
 * (inpout32.def) on portio's public API. The port rule is inpout_ports.c's;
 * here is what only Windows has: the driver's automatic install, the
 * refused physical-memory functions, IsXP64Bit, OutputDebugString.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdio.h>
#include <string.h>

#include <portio.h>

#include "driver_service.h"
#include "inpout32.h"
#include "inpout_ports.h"

static void debug_output_default(const char *text)
{
    OutputDebugStringA(text);
}
void (*inpout_debug_output)(const char *text) = debug_output_default;

/* Nonzero when this process runs elevated (an administrator's token). */
static int process_elevated(void)
{
    HANDLE token;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return 0;
    TOKEN_ELEVATION elevation = {0};
    DWORD size = 0;
    BOOL ok = GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size);
    CloseHandle(token);
    return ok && elevation.TokenIsElevated;
}

/* The path of portio.sys in the folder of this DLL; nonzero when it is
 * there. */
static int driver_beside_dll(char *path, DWORD size)
{
    static const char marker = 0;
    HMODULE module;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (LPCWSTR)(const void *)&marker, &module))
        return 0;
    DWORD length = GetModuleFileNameA(module, path, size);
    char *slash = length > 0 && length < size ? strrchr(path, '\\') : NULL;
    if (!slash || (size_t)(slash - path) + sizeof "\\portio.sys" > size)
        return 0;
    strcpy(slash, "\\portio.sys");
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

/* The first call of any export: where the driver is missing, an elevated
 * process with portio.sys beside the DLL installs and starts it, as
 * InpOut32 installs its own. Otherwise it tells once what to do. */
static BOOL CALLBACK first_call(PINIT_ONCE once, PVOID parameter, PVOID *context)
{
    (void)once;
    (void)parameter;
    (void)context;
    int status = portio_backend_ready();
    char driver[MAX_PATH] = "";
    if (status == PORTIO_E_NODRIVER && process_elevated() &&
        driver_beside_dll(driver, sizeof driver)) {
        char text[MAX_PATH + 64];
        snprintf(text, sizeof text, "installing and starting portio's driver %s", driver);
        inpout_tell(text);
        driver_install(driver, NULL, NULL, stderr);
        status = portio_backend_ready();
    }
    if (status != PORTIO_OK) {
        char text[600];
        snprintf(text, sizeof text,
                 "portio's driver cannot serve this program, so every port reads as all "
                 "ones: %s. Install it as administrator with `portio driver install`, or run "
                 "this program once as administrator with portio.sys beside %s.",
                 portio_last_error(), inpout_dll_name);
        inpout_tell_once(INPOUT_TOPIC_DRIVER, text);
    }
    return TRUE;
}

static INIT_ONCE first_call_once = INIT_ONCE_STATIC_INIT;

static void at_first_call(void)
{
    InitOnceExecuteOnce(&first_call_once, first_call, NULL, NULL);
}

static void refuse_memory(void)
{
    at_first_call();
    inpout_tell_once(INPOUT_TOPIC_MEMORY,
                     "MapPhysToLin, UnmapPhysicalMemory, GetPhysLong and SetPhysLong are "
                     "refused (ERROR_NOT_SUPPORTED): portio does not map physical memory, the "
                     "hole that put InpOut32's and WinRing0's drivers on blocklists.");
    SetLastError(ERROR_NOT_SUPPORTED);
}

short WINAPI Inp32(short PortAddress)
{
    at_first_call();
    return (short)inpout_read((USHORT)PortAddress, 8);
}

void WINAPI Out32(short PortAddress, short data)
{
    at_first_call();
    inpout_write((USHORT)PortAddress, 8, (UCHAR)data);
}

BOOL WINAPI IsInpOutDriverOpen(void)
{
    at_first_call();
    return portio_backend_ready() == PORTIO_OK;
}

BOOL WINAPI IsXP64Bit(void)
{
    at_first_call();
#if defined(_WIN64)
    return TRUE;
#else
    BOOL wow64 = FALSE;
    return IsWow64Process(GetCurrentProcess(), &wow64) && wow64;
#endif
}

UCHAR WINAPI DlPortReadPortUchar(USHORT port)
{
    at_first_call();
    return (UCHAR)inpout_read(port, 8);
}

void WINAPI DlPortWritePortUchar(USHORT port, UCHAR Value)
{
    at_first_call();
    inpout_write(port, 8, Value);
}

USHORT WINAPI DlPortReadPortUshort(USHORT port)
{
    at_first_call();
    return (USHORT)inpout_read(port, 16);
}

void WINAPI DlPortWritePortUshort(USHORT port, USHORT Value)
{
    at_first_call();
    inpout_write(port, 16, Value);
}

ULONG WINAPI DlPortReadPortUlong(ULONG port)
{
    at_first_call();
    return inpout_read(port, 32);
}

void WINAPI DlPortWritePortUlong(ULONG port, ULONG Value)
{
    at_first_call();
    inpout_write(port, 32, Value);
}

PBYTE WINAPI MapPhysToLin(PBYTE pbPhysAddr, DWORD dwPhysSize, HANDLE *pPhysicalMemoryHandle)
{
    (void)pbPhysAddr;
    (void)dwPhysSize;
    if (pPhysicalMemoryHandle)
        *pPhysicalMemoryHandle = NULL;
    refuse_memory();
    return NULL;
}

BOOL WINAPI UnmapPhysicalMemory(HANDLE PhysicalMemoryHandle, PBYTE pbLinAddr)
{
    (void)PhysicalMemoryHandle;
    (void)pbLinAddr;
    refuse_memory();
    return FALSE;
}

BOOL WINAPI GetPhysLong(PBYTE pbPhysAddr, PDWORD pdwPhysVal)
{
    (void)pbPhysAddr;
    (void)pdwPhysVal;
    refuse_memory();
    return FALSE;
}

BOOL WINAPI SetPhysLong(PBYTE pbPhysAddr, DWORD dwPhysVal)
{
    (void)pbPhysAddr;
    (void)dwPhysVal;
    refuse_memory();
    return FALSE;
}
