/* SPDX-License-Identifier: MIT
 *
 * An InpOut32 client as most are written (PsychoPy's windll.inpoutx64,
 * DOSBox-X, avrdude): LoadLibrary("inpoutx64.dll" or "inpout32.dll") and
 * GetProcAddress, here by name and by ordinal for all fourteen, which must
 * agree; then the checks of client_checks.h.
 */
#include "client_checks.h"

#ifdef _WIN64
#define INPOUT_DLL "inpoutx64.dll"
#else
#define INPOUT_DLL "inpout32.dll"
#endif

static const char *const names[14] = {
    "Inp32", "Out32", "IsInpOutDriverOpen", "DlPortReadPortUchar", "DlPortWritePortUchar",
    "DlPortReadPortUshort", "DlPortWritePortUshort", "DlPortReadPortUlong", "DlPortWritePortUlong",
    "IsXP64Bit", "MapPhysToLin", "UnmapPhysicalMemory", "GetPhysLong", "SetPhysLong"};

typedef void (*any_function)(void);

int main(int argc, char **argv)
{
    HMODULE dll = LoadLibraryA(INPOUT_DLL);
    if (!dll) {
        printf("FAILED: LoadLibrary(\"%s\"): error %lu\n", INPOUT_DLL, (unsigned long)GetLastError());
        return 1;
    }
    any_function by_name[14];
    int agree = 1;
    for (int i = 0; i < 14; i++) {
        by_name[i] = (any_function)GetProcAddress(dll, names[i]);
        any_function by_ordinal = (any_function)GetProcAddress(dll, MAKEINTRESOURCEA(i + 1));
        if (!by_name[i] || by_name[i] != by_ordinal) {
            printf("FAILED: %s: by name %p, by ordinal %d %p\n", names[i], (void *)(ULONG_PTR)by_name[i],
                   i + 1, (void *)(ULONG_PTR)by_ordinal);
            agree = 0;
        }
    }
    if (!agree)
        return 1;
    printf("ok: %s exports the 14 names at ordinals 1-14\n", INPOUT_DLL);

    typedef void(__stdcall * Out32_t)(short, short);
    typedef short(__stdcall * Inp32_t)(short);
    typedef BOOL(__stdcall * Bool_t)(void);
    typedef UCHAR(__stdcall * ReadUchar_t)(USHORT);
    typedef void(__stdcall * WriteUchar_t)(USHORT, UCHAR);
    typedef USHORT(__stdcall * ReadUshort_t)(USHORT);
    typedef void(__stdcall * WriteUshort_t)(USHORT, USHORT);
    typedef ULONG(__stdcall * ReadUlong_t)(ULONG);
    typedef void(__stdcall * WriteUlong_t)(ULONG, ULONG);
    typedef PBYTE(__stdcall * MapPhysToLin_t)(PBYTE, DWORD, HANDLE *);
    typedef BOOL(__stdcall * Unmap_t)(HANDLE, PBYTE);
    typedef BOOL(__stdcall * GetPhysLong_t)(PBYTE, PDWORD);
    typedef BOOL(__stdcall * SetPhysLong_t)(PBYTE, DWORD);
    struct inpout_api api = {
        .Inp32 = (Inp32_t)by_name[0],
        .Out32 = (Out32_t)by_name[1],
        .IsInpOutDriverOpen = (Bool_t)by_name[2],
        .DlPortReadPortUchar = (ReadUchar_t)by_name[3],
        .DlPortWritePortUchar = (WriteUchar_t)by_name[4],
        .DlPortReadPortUshort = (ReadUshort_t)by_name[5],
        .DlPortWritePortUshort = (WriteUshort_t)by_name[6],
        .DlPortReadPortUlong = (ReadUlong_t)by_name[7],
        .DlPortWritePortUlong = (WriteUlong_t)by_name[8],
        .IsXP64Bit = (Bool_t)by_name[9],
        .MapPhysToLin = (MapPhysToLin_t)by_name[10],
        .UnmapPhysicalMemory = (Unmap_t)by_name[11],
        .GetPhysLong = (GetPhysLong_t)by_name[12],
        .SetPhysLong = (SetPhysLong_t)by_name[13],
    };
    int status = run_checks(&api, argc, argv);
    FreeLibrary(dll);
    return status;
}
