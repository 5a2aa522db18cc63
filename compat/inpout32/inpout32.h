/* SPDX-License-Identifier: MIT
 *
 * inpout32.h - InpOut32 1.5's functions, as its own header declares them,
 * served by portio's inpout32.dll (32-bit) and inpoutx64.dll (64-bit).
 * Link with inpout32.lib or inpoutx64.lib, or load the DLL by name.
 *
 * What portio's DLLs keep and what they refuse:
 *   - ports: the low 16 bits of the argument are the port. Each port is
 *     enabled through portio's driver at its first use, so the driver's
 *     allowlist (portio driver install --ports) decides. A refused port
 *     reads as all ones (Inp32 gives 0x00FF) and a write does nothing; the
 *     reason is told once per port on stderr and through OutputDebugString.
 *   - IsInpOutDriverOpen: TRUE when portio.sys answers. The first call of
 *     any function by an elevated process installs and starts portio.sys
 *     when it lies beside the DLL, as InpOut32 installs its own driver.
 *   - physical memory, never: MapPhysToLin, UnmapPhysicalMemory,
 *     GetPhysLong and SetPhysLong fail every call (NULL or FALSE,
 *     GetLastError() == ERROR_NOT_SUPPORTED). Mapping physical memory is
 *     the hole that put InpOut32's and WinRing0's drivers on blocklists.
 * Every function may be called from any thread.
 */
#ifndef INPOUT32_H
#define INPOUT32_H

#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

/* InpOut32's original pair. Inp32 returns the byte, zero-extended. */
void WINAPI Out32(short PortAddress, short data);
short WINAPI Inp32(short PortAddress);

BOOL WINAPI IsInpOutDriverOpen(void); /* TRUE when portio's driver serves this process */
BOOL WINAPI IsXP64Bit(void);          /* TRUE on 64-bit Windows, also under WOW64 */

/* DLPortIO's functions. */
UCHAR WINAPI DlPortReadPortUchar(USHORT port);
void WINAPI DlPortWritePortUchar(USHORT port, UCHAR Value);
USHORT WINAPI DlPortReadPortUshort(USHORT port);
void WINAPI DlPortWritePortUshort(USHORT port, USHORT Value);
ULONG WINAPI DlPortReadPortUlong(ULONG port);
void WINAPI DlPortWritePortUlong(ULONG port, ULONG Value);

/* WinIO's physical-memory functions: always refused (see above). */
PBYTE WINAPI MapPhysToLin(PBYTE pbPhysAddr, DWORD dwPhysSize, HANDLE *pPhysicalMemoryHandle);
BOOL WINAPI UnmapPhysicalMemory(HANDLE PhysicalMemoryHandle, PBYTE pbLinAddr);
BOOL WINAPI GetPhysLong(PBYTE pbPhysAddr, PDWORD pdwPhysVal);
BOOL WINAPI SetPhysLong(PBYTE pbPhysAddr, DWORD dwPhysVal);

#ifdef __cplusplus
}
#endif

#endif
