/* SPDX-License-Identifier: MIT
 *
 * The checks that both InpOut32 client programs (client_loadlibrary.c,
 * client_linked.c) run on the fourteen functions, however they got them.
 * They use InpOut32's API only, never portio's headers. Included by one
 * file of each client.
 *
 *   CLIENT CHECK [ARGS] [+ CHECK [ARGS]] ...     exit 0 when all pass
 *     open 1|0        IsInpOutDriverOpen(); 0 also wants the message
 *                     naming "portio driver install" on stderr
 *     latch PORT V..  Out32 each value, Inp32 reads it back
 *     read PORT V..   Inp32 reads one of the values
 *     pci FILE        DlPortWritePortUlong(0xCF8, 0x80000000), then
 *                     DlPortReadPortUlong(0xCFC) equals FILE's first 4
 *                     bytes (the host bridge's IDs as the kernel read them)
 *     refused PORT    Inp32 reads 0x00FF (3 times), the 8- and 16-bit
 *                     DlPort reads all ones, the writes do nothing, and
 *                     stderr says "port 0xPORT refused" once
 *     memory          the four memory functions fail with
 *                     ERROR_NOT_SUPPORTED, told once on stderr
 *     xp64            IsXP64Bit() is TRUE (64-bit Windows)
 * What the DLL said on stderr is captured and shown on stdout.
 */
#ifndef INPOUT_CLIENT_CHECKS_H
#define INPOUT_CLIENT_CHECKS_H

#include <windows.h>

#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct inpout_api {
    void(__stdcall *Out32)(short, short);
    short(__stdcall *Inp32)(short);
    BOOL(__stdcall *IsInpOutDriverOpen)(void);
    UCHAR(__stdcall *DlPortReadPortUchar)(USHORT);
    void(__stdcall *DlPortWritePortUchar)(USHORT, UCHAR);
    USHORT(__stdcall *DlPortReadPortUshort)(USHORT);
    void(__stdcall *DlPortWritePortUshort)(USHORT, USHORT);
    ULONG(__stdcall *DlPortReadPortUlong)(ULONG);
    void(__stdcall *DlPortWritePortUlong)(ULONG, ULONG);
    BOOL(__stdcall *IsXP64Bit)(void);
    PBYTE(__stdcall *MapPhysToLin)(PBYTE, DWORD, HANDLE *);
    BOOL(__stdcall *UnmapPhysicalMemory)(HANDLE, PBYTE);
    BOOL(__stdcall *GetPhysLong)(PBYTE, PDWORD);
    BOOL(__stdcall *SetPhysLong)(PBYTE, DWORD);
};

/* stderr into a file while a check runs. */
static int saved_stderr = -1;
static FILE *captured;
static char captured_text[8192];

static char capture_path[MAX_PATH + 32];

/* In the temporary folder: the working folder may be read-only (the
 * Wine-in-guest bed's is). */
static void capture_begin(void)
{
    fflush(stderr);
    char folder[MAX_PATH + 1];
    DWORD length = GetTempPathA(sizeof folder, folder);
    snprintf(capture_path, sizeof capture_path, "%sinpout_client_stderr.txt",
             length > 0 && length < sizeof folder ? folder : "");
    captured = fopen(capture_path, "w+");
    if (!captured)
        printf("cannot capture stderr in %s\n", capture_path);
    saved_stderr = _dup(2);
    if (captured)
        _dup2(_fileno(captured), 2);
}

static const char *capture_end(void)
{
    fflush(stderr);
    _dup2(saved_stderr, 2);
    _close(saved_stderr);
    captured_text[0] = '\0';
    if (captured) {
        rewind(captured);
        size_t length = fread(captured_text, 1, sizeof captured_text - 1, captured);
        captured_text[length] = '\0';
        fclose(captured);
        remove(capture_path);
    }
    if (captured_text[0])
        printf("  the DLL said: %s", captured_text);
    return captured_text;
}

static int occurrences(const char *text, const char *needle)
{
    int count = 0;
    for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
        count++;
    return count;
}

static int failures;
static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
    if (!ok)
        failures++;
}

static unsigned long number(const char *text)
{
    return strtoul(text, NULL, 0);
}

static void check_open(const struct inpout_api *api, int expected)
{
    capture_begin();
    BOOL open = api->IsInpOutDriverOpen();
    const char *said = capture_end();
    char what[96];
    snprintf(what, sizeof what, "IsInpOutDriverOpen() = %d, expected %d", open, expected);
    check((open != 0) == (expected != 0), what);
    if (!expected)
        check(strstr(said, "portio driver install") != NULL, "the message says portio driver install");
}

static void check_latch(const struct inpout_api *api, short port, int count, char **values)
{
    for (int i = 0; i < count; i++) {
        short value = (short)number(values[i]);
        api->Out32(port, value);
        short read = api->Inp32(port);
        char what[96];
        snprintf(what, sizeof what, "Out32(0x%X, 0x%02X), Inp32 read 0x%04X", (unsigned)(USHORT)port,
                 (unsigned)value, (unsigned)(USHORT)read);
        check(read == value, what);
    }
}

static void check_read(const struct inpout_api *api, short port, int count, char **values)
{
    short read = api->Inp32(port);
    int ok = 0;
    for (int i = 0; i < count; i++)
        ok |= read == (short)number(values[i]);
    char what[96];
    snprintf(what, sizeof what, "Inp32(0x%X) read 0x%04X", (unsigned)(USHORT)port, (unsigned)(USHORT)read);
    check(ok, what);
}

static void check_pci(const struct inpout_api *api, const char *file)
{
    unsigned char header[4] = {0};
    FILE *f = fopen(file, "rb");
    int have = f && fread(header, 1, 4, f) == 4;
    if (f)
        fclose(f);
    check(have, "the guest kernel's reading of the host bridge's header is there");
    ULONG expected = header[0] | header[1] << 8 | header[2] << 16 | (ULONG)header[3] << 24;
    api->DlPortWritePortUlong(0xCF8, 0x80000000u);
    ULONG read = api->DlPortReadPortUlong(0xCFC);
    char what[128];
    snprintf(what, sizeof what, "DlPortReadPortUlong(0xCFC) = 0x%08lX, the guest's kernel read 0x%08lX",
             (unsigned long)read, (unsigned long)expected);
    check(have && read == expected, what);
}

static void check_refused(const struct inpout_api *api, short port)
{
    capture_begin();
    int all_ones = 1;
    for (int i = 0; i < 3; i++)
        all_ones &= api->Inp32(port) == 0x00FF;
    api->Out32(port, 0x12);
    api->DlPortWritePortUchar((USHORT)port, 0x34);
    api->DlPortWritePortUshort((USHORT)port, 0x5678);
    all_ones &= api->Inp32(port) == 0x00FF;
    all_ones &= api->DlPortReadPortUchar((USHORT)port) == 0xFF;
    all_ones &= api->DlPortReadPortUshort((USHORT)port) == 0xFFFF;
    const char *said = capture_end();
    char what[96], needle[48];
    snprintf(what, sizeof what, "Inp32(0x%X) refused: reads 0x00FF", (unsigned)(USHORT)port);
    check(all_ones, what);
    snprintf(needle, sizeof needle, "port 0x%04X refused", (unsigned)(USHORT)port);
    snprintf(what, sizeof what, "\"%s\" told once", needle);
    check(occurrences(said, needle) == 1, what);
}

static void check_memory(const struct inpout_api *api)
{
    capture_begin();
    int refused = 1;
    for (int i = 0; i < 2; i++) {
        HANDLE handle = NULL;
        DWORD value = 0;
        SetLastError(0);
        refused &= api->MapPhysToLin((PBYTE)(ULONG_PTR)0xF0000, 0x1000, &handle) == NULL &&
                   GetLastError() == ERROR_NOT_SUPPORTED;
        SetLastError(0);
        refused &= !api->UnmapPhysicalMemory(handle, NULL) && GetLastError() == ERROR_NOT_SUPPORTED;
        SetLastError(0);
        refused &= !api->GetPhysLong((PBYTE)(ULONG_PTR)0xF0000, &value) && GetLastError() == ERROR_NOT_SUPPORTED;
        SetLastError(0);
        refused &= !api->SetPhysLong((PBYTE)(ULONG_PTR)0xF0000, 1) && GetLastError() == ERROR_NOT_SUPPORTED;
    }
    const char *said = capture_end();
    check(refused, "the memory functions fail with ERROR_NOT_SUPPORTED");
    check(occurrences(said, "does not map physical memory") == 1, "told once why");
}

/* Runs the checks of argv[1..]; the process's exit status. */
static int run_checks(const struct inpout_api *api, int argc, char **argv)
{
    int i = 1;
    while (i < argc) {
        int end = i;
        while (end < argc && strcmp(argv[end], "+") != 0)
            end++;
        const char *name = argv[i];
        int args = end - i - 1;
        char **arg = argv + i + 1;
        printf("--- %s\n", name);
        if (!strcmp(name, "open") && args == 1)
            check_open(api, (int)number(arg[0]));
        else if (!strcmp(name, "latch") && args >= 2)
            check_latch(api, (short)number(arg[0]), args - 1, arg + 1);
        else if (!strcmp(name, "read") && args >= 2)
            check_read(api, (short)number(arg[0]), args - 1, arg + 1);
        else if (!strcmp(name, "pci") && args == 1)
            check_pci(api, arg[0]);
        else if (!strcmp(name, "refused") && args == 1)
            check_refused(api, (short)number(arg[0]));
        else if (!strcmp(name, "memory") && args == 0)
            check_memory(api);
        else if (!strcmp(name, "xp64") && args == 0)
            check(api->IsXP64Bit() == TRUE, "IsXP64Bit() is TRUE");
        else {
            printf("unknown check or arguments: %s\n", name);
            return 2;
        }
        i = end + 1;
    }
    printf("%s\n", failures ? "FAILED" : "all checks passed");
    return failures ? 1 : 0;
}

#endif
