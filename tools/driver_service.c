/* SPDX-License-Identifier: MIT */
/* Installs, removes and reports the portio kernel driver as a Windows
 * kernel-driver service. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_service.h"
#include "portio_protocol.h"
#include "system_text.h"

#define DISPLAY_NAME "portio I/O port driver"
#define PARAMETERS_KEY "SYSTEM\\CurrentControlSet\\Services\\" PORTIO_SERVICE_NAME "\\Parameters"
#define STOP_WAIT_MS 10000
/* Code integrity refused the image; not in every SDK's winerror.h. */
#ifndef ERROR_INVALID_IMAGE_HASH
#define ERROR_INVALID_IMAGE_HASH 577L
#endif

/* A failed step, with the advice that fits the error. */
static int failed(FILE *err, const char *step, DWORD error)
{
    char text[256];
    driver_say(err, "portio: %s failed: %s (error %lu)\n", step,
               portio_windows_system_text(error, text, sizeof text), (unsigned long)error);
    if (error == ERROR_ACCESS_DENIED)
        driver_say(err, "portio: installing, configuring and removing the driver needs Administrator "
                   "rights: run this from an elevated prompt (Run as administrator)\n");
    else if (error == ERROR_INVALID_IMAGE_HASH)
        driver_say(err, "portio: Windows refused the driver's signature. An unsigned or test-signed "
                   "driver loads only in test-signing mode (bcdedit /set testsigning on, then "
                   "reboot), and not at all while Memory integrity (HVCI) is on; see "
                   "INSTALL-WINDOWS.txt in the release archive\n");
    return 1;
}

/* The folder of this program, where the release puts portio.sys. */
static void default_driver_file(char *path, size_t size)
{
    DWORD length = GetModuleFileNameA(NULL, path, (DWORD)size);
    char *slash = length ? strrchr(path, '\\') : NULL;
    if (!slash || (size_t)(slash - path) + sizeof "\\portio.sys" > size) {
        snprintf(path, size, "portio.sys");
        return;
    }
    strcpy(slash, "\\portio.sys");
}

static int start(SC_HANDLE service, FILE *out, FILE *err)
{
    if (!StartServiceA(service, 0, NULL)) {
        DWORD error = GetLastError();
        if (error != ERROR_SERVICE_ALREADY_RUNNING)
            return failed(err, "starting the portio driver", error);
    }
    driver_say(out, "portio: the driver is running; programs can open " PORTIO_USER_PATH "\n");
    return 0;
}

/* Asks the service to stop and waits, boundedly, until it has. */
static int stop(SC_HANDLE service, FILE *err)
{
    SERVICE_STATUS state;
    if (!ControlService(service, SERVICE_CONTROL_STOP, &state)) {
        DWORD error = GetLastError();
        if (error != ERROR_SERVICE_NOT_ACTIVE)
            return failed(err, "stopping the portio driver", error);
        return 0;
    }
    for (DWORD waited = 0; waited < STOP_WAIT_MS; waited += 100) {
        if (!QueryServiceStatus(service, &state))
            return failed(err, "asking the portio driver's state", GetLastError());
        if (state.dwCurrentState == SERVICE_STOPPED)
            return 0;
        Sleep(100);
    }
    driver_say(err, "portio: the driver did not stop within %d s; close the programs that use it and "
               "try again\n",
               STOP_WAIT_MS / 1000);
    return 1;
}

/* The driver reads its settings when it starts: stopped (if it runs) and
 * started again. */
static int restart(SC_HANDLE service, FILE *out, FILE *err)
{
    int status = stop(service, err);
    if (status == 0) {
        driver_say(out, "portio: restarting the driver so that it reads these settings\n");
        status = start(service, out, err);
    }
    return status;
}

/* One registry value written or deleted (an absent one is deleted already);
 * 0 or the failure told. */
static int set_value(HKEY key, const wchar_t *name, DWORD type, const void *data, DWORD size,
                     FILE *err)
{
    LSTATUS error = data ? RegSetValueExW(key, name, 0, type, data, size) : RegDeleteValueW(key, name);
    if (error == ERROR_SUCCESS || (!data && error == ERROR_FILE_NOT_FOUND))
        return 0;
    return failed(err, data ? "writing the driver's settings (HKLM\\" PARAMETERS_KEY ")"
                            : "deleting a setting of the driver (HKLM\\" PARAMETERS_KEY ")",
                  (DWORD)error);
}

/*
 * The settings, whole, into the service's Parameters key: a setting left
 * out deletes its value. AllowNonAdministrators is deleted first and
 * written last, so that no moment between the writes opens more ports to
 * more users than either the old or the new settings did.
 */
static int write_values(HKEY key, int all_users, const struct allowed_ports *ports, FILE *err)
{
    const DWORD one = 1;
    int status = 0;
    if (!all_users)
        status = set_value(key, L"AllowNonAdministrators", REG_DWORD, NULL, 0, err);
    if (status == 0)
        status = set_value(key, L"AllowedPorts", REG_MULTI_SZ, ports->units,
                           (DWORD)(ports->count * sizeof *ports->units), err);
    if (status == 0 && all_users)
        status = set_value(key, L"AllowNonAdministrators", REG_DWORD, &one, sizeof one, err);
    return status;
}

static int write_settings(const struct driver_settings *settings, FILE *out, FILE *err)
{
    static const struct driver_settings defaults = {0};
    if (!settings)
        settings = &defaults;
    struct allowed_ports ports = {0};
    if (settings->ports && allowed_ports_from_text(settings->ports, &ports, err) != 0)
        return 1;
    /* The defaults need no key, and none is made (the INF makes none). */
    bool only_defaults = !settings->ports && !settings->all_users;
    HKEY key = NULL;
    LSTATUS error = only_defaults
                        ? RegOpenKeyExA(HKEY_LOCAL_MACHINE, PARAMETERS_KEY, 0, KEY_SET_VALUE, &key)
                        : RegCreateKeyExA(HKEY_LOCAL_MACHINE, PARAMETERS_KEY, 0, NULL, 0,
                                          KEY_SET_VALUE, NULL, &key, NULL);
    int status = 0;
    if (error == ERROR_SUCCESS) {
        status = write_values(key, settings->all_users, &ports, err);
        RegCloseKey(key);
    } else if (!(only_defaults && error == ERROR_FILE_NOT_FOUND)) {
        status = failed(err, "opening the driver's settings (HKLM\\" PARAMETERS_KEY ")", (DWORD)error);
    }
    if (status == 0) {
        char text[1024];
        allowed_ports_describe(ports.units, ports.count, text, sizeof text);
        driver_say(out, "portio: settings written: allowed ports: %s; users: %s\n", text,
                   settings->all_users ? "every user" : "Administrators only");
    }
    allowed_ports_free(&ports);
    return status;
}

/* Every user's programs need the driver running, and only an
 * administrator may start it: with --all-users it starts at boot, else on
 * demand, as before. */
static DWORD start_type(const struct driver_settings *settings)
{
    return settings->all_users ? SERVICE_AUTO_START : SERVICE_DEMAND_START;
}

static int set_start_type(SC_HANDLE service, const struct driver_settings *settings, FILE *err)
{
    if (!ChangeServiceConfigA(service, SERVICE_NO_CHANGE, start_type(settings), SERVICE_NO_CHANGE,
                              NULL, NULL, NULL, NULL, NULL, NULL, NULL))
        return failed(err, "setting when the portio driver starts", GetLastError());
    return 0;
}

int driver_install(const char *driver_file, const struct driver_settings *settings, FILE *out,
                   FILE *err)
{
    if (driver_settings_check(settings, "install", err) != 0)
        return 2;
    char source[MAX_PATH];
    if (driver_file)
        snprintf(source, sizeof source, "%s", driver_file);
    else
        default_driver_file(source, sizeof source);
    if (GetFileAttributesA(source) == INVALID_FILE_ATTRIBUTES) {
        driver_say(err, "portio: the driver file %s is missing; give its path: portio driver install "
                   "PATH\\portio.sys\n",
                   source);
        return 1;
    }
    char system_root[MAX_PATH], target[MAX_PATH];
    if (!GetSystemDirectoryA(system_root, sizeof system_root))
        return failed(err, "finding the system folder", GetLastError());
    snprintf(target, sizeof target, "%s\\drivers\\portio.sys", system_root);

    SC_HANDLE manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (!manager)
        return failed(err, "opening the service control manager", GetLastError());
    int status = 0;
    /* An installed driver is stopped first: Windows does not let a loaded
     * driver's file be replaced, and it reads new settings only at start. */
    SC_HANDLE service = OpenServiceA(manager, PORTIO_SERVICE_NAME, SERVICE_ALL_ACCESS);
    if (service) {
        driver_say(out, "portio: stopping the installed driver to replace it\n");
        status = stop(service, err);
    }
    if (status == 0 && !CopyFileA(source, target, FALSE))
        status = failed(err, "copying the driver to the system's drivers folder", GetLastError());
    if (status == 0 && !service) {
        service = CreateServiceA(manager, PORTIO_SERVICE_NAME, DISPLAY_NAME, SERVICE_ALL_ACCESS,
                                 SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
                                 target, NULL, NULL, NULL, NULL, NULL);
        if (!service)
            status = failed(err, "creating the portio service", GetLastError());
    }
    if (status == 0)
        driver_say(out, "portio: installed %s as the kernel-driver service \"%s\"\n", target,
                   PORTIO_SERVICE_NAME);
    /* NULL settings (a program installing the driver itself): the
     * configuration an administrator made stays as it is. */
    if (status == 0 && settings)
        status = write_settings(settings, out, err);
    if (status == 0 && settings)
        status = set_start_type(service, settings, err);
    if (status == 0)
        status = start(service, out, err);
    if (service)
        CloseServiceHandle(service);
    CloseServiceHandle(manager);
    return status;
}

/* The installed service, opened for starting and stopping; NULL when it is
 * not there, told on err with what to do (`doing` names the request). */
static SC_HANDLE open_installed(SC_HANDLE manager, const char *doing, FILE *err)
{
    SC_HANDLE service = OpenServiceA(manager, PORTIO_SERVICE_NAME,
                                     SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS |
                                         SERVICE_CHANGE_CONFIG);
    if (service)
        return service;
    DWORD error = GetLastError();
    if (error == ERROR_SERVICE_DOES_NOT_EXIST)
        driver_say(err, "portio: the driver is not installed, so there is nothing to %s; install it as "
                   "Administrator: portio driver install [--ports RANGES] [--all-users]\n",
                   doing);
    else
        failed(err, "opening the portio service", error);
    return NULL;
}

int driver_configure(const struct driver_settings *settings, FILE *out, FILE *err)
{
    if (driver_settings_check(settings, "configure", err) != 0)
        return 2;
    SC_HANDLE manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    if (!manager)
        return failed(err, "opening the service control manager", GetLastError());
    int status = 1;
    SC_HANDLE service = open_installed(manager, "configure", err);
    if (service) {
        status = write_settings(settings, out, err);
        if (status == 0)
            status = set_start_type(service, settings, err);
        if (status == 0)
            status = restart(service, out, err);
        CloseServiceHandle(service);
    }
    CloseServiceHandle(manager);
    return status;
}

int driver_remove(FILE *out, FILE *err)
{
    SC_HANDLE manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (!manager)
        return failed(err, "opening the service control manager", GetLastError());
    int status = 0;
    SC_HANDLE service = OpenServiceA(manager, PORTIO_SERVICE_NAME, SERVICE_ALL_ACCESS);
    if (!service) {
        DWORD error = GetLastError();
        if (error == ERROR_SERVICE_DOES_NOT_EXIST)
            driver_say(out, "portio: the driver is not installed; nothing to remove\n");
        else
            status = failed(err, "opening the portio service", error);
    } else {
        status = stop(service, err);
        if (status == 0 && !DeleteService(service))
            status = failed(err, "deleting the portio service", GetLastError());
        CloseServiceHandle(service);
        if (status == 0) {
            char system_root[MAX_PATH], target[MAX_PATH];
            if (GetSystemDirectoryA(system_root, sizeof system_root)) {
                snprintf(target, sizeof target, "%s\\drivers\\portio.sys", system_root);
                DeleteFileA(target);
            }
            driver_say(out, "portio: the driver is stopped and removed\n");
        }
    }
    CloseServiceHandle(manager);
    return status;
}

static const char *state_name(DWORD state)
{
    switch (state) {
    case SERVICE_STOPPED: return "stopped";
    case SERVICE_START_PENDING: return "starting";
    case SERVICE_STOP_PENDING: return "stopping";
    case SERVICE_RUNNING: return "running";
    default: return "in another state";
    }
}

/* What the running driver says of itself, when this user may open it. */
static void report_device(FILE *out)
{
    HANDLE device = CreateFileA(PORTIO_USER_PATH, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (device == INVALID_HANDLE_VALUE) {
        char text[256];
        driver_say(out, "device: " PORTIO_USER_PATH " cannot be opened: %s\n",
                   portio_windows_system_text(GetLastError(), text, sizeof text));
        return;
    }
    struct portio_hello_reply hello = {0};
    DWORD returned = 0;
    if (DeviceIoControl(device, IOCTL_PORTIO_HELLO, NULL, 0, &hello, sizeof hello, &returned, NULL) &&
        returned == sizeof hello)
        driver_say(out, "device: " PORTIO_USER_PATH ", protocol version %lu (this tool: %d), I/O "
                   "permission map grant %s\n",
                   (unsigned long)hello.protocol_version, PORTIO_PROTOCOL_VERSION,
                   (hello.features & PORTIO_FEATURE_IOPM_GRANT) ? "available" : "not available");
    else
        driver_say(out, "device: " PORTIO_USER_PATH " does not answer the version request\n");
    CloseHandle(device);
}

#define CONFIGURE_HINT "an administrator sets it with: portio driver configure --ports RANGES [--all-users]"

/* AllowedPorts, as the driver would read it. */
static void report_allowed_ports(HKEY key, FILE *out)
{
    DWORD type = 0, size = 0;
    LSTATUS error = key ? RegQueryValueExW(key, L"AllowedPorts", NULL, &type, NULL, &size)
                        : ERROR_FILE_NOT_FOUND;
    if (error == ERROR_FILE_NOT_FOUND) {
        driver_say(out, "allowed ports: every port (no allowlist)\n");
        return;
    }
    uint16_t *units = error == ERROR_SUCCESS ? malloc(size ? size : 1) : NULL;
    if (units && RegQueryValueExW(key, L"AllowedPorts", NULL, &type, (BYTE *)units, &size) != ERROR_SUCCESS) {
        free(units);
        units = NULL;
    }
    char text[1024];
    if (!units) {
        char reason[256];
        driver_say(out, "allowed ports: the value AllowedPorts cannot be read: %s\n",
                   portio_windows_system_text(error != ERROR_SUCCESS ? (DWORD)error : ERROR_NOT_ENOUGH_MEMORY,
                   reason, sizeof reason));
    } else if (type != REG_MULTI_SZ || size % sizeof *units != 0) {
        driver_say(out, "allowed ports: malformed AllowedPorts value (not a REG_MULTI_SZ of ranges: the "
                   "driver does not start with it); " CONFIGURE_HINT "\n");
    } else if (allowed_ports_describe(units, size / sizeof *units, text, sizeof text) != 0) {
        driver_say(out, "allowed ports: %s; " CONFIGURE_HINT "\n", text);
    } else {
        driver_say(out, "allowed ports: %s\n", text);
    }
    free(units);
}

/* AllowNonAdministrators: only a DWORD 1 opens the driver to every user. */
static void report_users(HKEY key, FILE *out)
{
    DWORD type = 0, value = 0, size = sizeof value;
    LSTATUS error = key ? RegQueryValueExW(key, L"AllowNonAdministrators", NULL, &type, (BYTE *)&value, &size)
                        : ERROR_FILE_NOT_FOUND;
    if (error == ERROR_FILE_NOT_FOUND)
        driver_say(out, "users: Administrators only\n");
    else if (error != ERROR_SUCCESS || type != REG_DWORD || size != sizeof value)
        driver_say(out, "users: Administrators only (malformed AllowNonAdministrators value: only a "
                   "REG_DWORD 1 opens the driver to every user); " CONFIGURE_HINT "\n");
    else if (value == 1)
        driver_say(out, "users: every user (AllowNonAdministrators)\n");
    else
        driver_say(out, "users: Administrators only (AllowNonAdministrators is %lu, not 1)\n",
                   (unsigned long)value);
}

/* The settings in the registry, which the driver read when it started. */
static void report_settings(FILE *out)
{
    HKEY key = NULL;
    LSTATUS error = RegOpenKeyExA(HKEY_LOCAL_MACHINE, PARAMETERS_KEY, 0, KEY_QUERY_VALUE, &key);
    if (error != ERROR_SUCCESS && error != ERROR_FILE_NOT_FOUND) {
        char reason[256];
        driver_say(out, "settings: HKLM\\" PARAMETERS_KEY " cannot be read: %s\n",
                   portio_windows_system_text((DWORD)error, reason, sizeof reason));
        return;
    }
    if (error != ERROR_SUCCESS)
        key = NULL; /* no key: the defaults */
    report_allowed_ports(key, out);
    report_users(key, out);
    if (key)
        RegCloseKey(key);
}

/* When the service starts. */
static void report_start_type(SC_HANDLE service, FILE *out)
{
    union {
        QUERY_SERVICE_CONFIGA config;
        char bytes[8192];
    } buffer;
    DWORD needed = 0;
    if (!QueryServiceConfigA(service, &buffer.config, sizeof buffer, &needed)) {
        driver_say(out, "starts: unknown (the service's configuration cannot be read)\n");
        return;
    }
    DWORD type = buffer.config.dwStartType;
    if (type == SERVICE_AUTO_START)
        driver_say(out, "starts: at boot\n");
    else if (type == SERVICE_DEMAND_START)
        driver_say(out, "starts: on demand (after a reboot an administrator starts it: sc start portio, "
                   "or install with --all-users to start it at boot)\n");
    else
        driver_say(out, "starts: start type %lu\n", (unsigned long)type);
}

int driver_status(FILE *out, FILE *err)
{
    SC_HANDLE manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    if (!manager)
        return failed(err, "opening the service control manager", GetLastError());
    SC_HANDLE service =
        OpenServiceA(manager, PORTIO_SERVICE_NAME, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG);
    int status = 0;
    if (!service) {
        DWORD error = GetLastError();
        if (error == ERROR_SERVICE_DOES_NOT_EXIST) {
            driver_say(out, "driver: not installed (install it as Administrator: portio driver install)\n");
            status = 1;
        } else {
            status = failed(err, "opening the portio service", error);
        }
    } else {
        SERVICE_STATUS state;
        if (QueryServiceStatus(service, &state)) {
            driver_say(out, "driver: installed, %s\n", state_name(state.dwCurrentState));
            report_start_type(service, out);
            report_settings(out);
            if (state.dwCurrentState == SERVICE_RUNNING)
                report_device(out);
        } else
            status = failed(err, "asking the portio driver's state", GetLastError());
        CloseServiceHandle(service);
    }
    CloseServiceHandle(manager);
    return status;
}
