/* Installs, removes and reports the portio kernel driver as a Windows
 * kernel-driver service. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdio.h>
#include <string.h>

#include "driver_service.h"
#include "portio_protocol.h"
#include "system_text.h"

#define DISPLAY_NAME "portio I/O port driver"
#define STOP_WAIT_MS 10000
/* Code integrity refused the image; not in every SDK's winerror.h. */
#ifndef ERROR_INVALID_IMAGE_HASH
#define ERROR_INVALID_IMAGE_HASH 577L
#endif

/* A failed step, with the advice that fits the error. */
static int failed(FILE *err, const char *step, DWORD error)
{
    char text[256];
    fprintf(err, "portio: %s failed: %s (error %lu)\n", step, portio_windows_system_text(error, text, sizeof text),
            (unsigned long)error);
    if (error == ERROR_ACCESS_DENIED)
        fprintf(err, "portio: installing and removing drivers needs Administrator rights: run this "
                     "from an elevated prompt (Run as administrator)\n");
    else if (error == ERROR_INVALID_IMAGE_HASH)
        fprintf(err, "portio: Windows refused the driver's signature. An unsigned or test-signed "
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
    fprintf(out, "portio: the driver is running; programs can open " PORTIO_USER_PATH "\n");
    return 0;
}

int driver_install(const char *driver_file, const struct driver_settings *settings, FILE *out,
                   FILE *err)
{
    (void)settings;
    char source[MAX_PATH];
    if (driver_file)
        snprintf(source, sizeof source, "%s", driver_file);
    else
        default_driver_file(source, sizeof source);
    if (GetFileAttributesA(source) == INVALID_FILE_ATTRIBUTES) {
        fprintf(err, "portio: the driver file %s is missing; give its path: portio driver install "
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
    SC_HANDLE service = NULL;
    if (!CopyFileA(source, target, FALSE)) {
        status = failed(err, "copying the driver to the system's drivers folder", GetLastError());
    } else {
        service = CreateServiceA(manager, PORTIO_SERVICE_NAME, DISPLAY_NAME, SERVICE_ALL_ACCESS,
                                 SERVICE_KERNEL_DRIVER, SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
                                 target, NULL, NULL, NULL, NULL, NULL);
        if (!service && GetLastError() == ERROR_SERVICE_EXISTS)
            service = OpenServiceA(manager, PORTIO_SERVICE_NAME, SERVICE_ALL_ACCESS);
        if (!service)
            status = failed(err, "creating the portio service", GetLastError());
        else
            fprintf(out, "portio: installed %s as the kernel-driver service \"%s\"\n", target,
                    PORTIO_SERVICE_NAME);
    }
    if (service) {
        status = start(service, out, err);
        CloseServiceHandle(service);
    }
    CloseServiceHandle(manager);
    return status;
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
    fprintf(err, "portio: the driver did not stop within %d s; close the programs that use it and "
                 "try again\n",
            STOP_WAIT_MS / 1000);
    return 1;
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
            fprintf(out, "portio: the driver is not installed; nothing to remove\n");
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
            fprintf(out, "portio: the driver is stopped and removed\n");
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
        fprintf(out, "device: " PORTIO_USER_PATH " cannot be opened: %s\n",
                portio_windows_system_text(GetLastError(), text, sizeof text));
        return;
    }
    struct portio_hello_reply hello = {0};
    DWORD returned = 0;
    if (DeviceIoControl(device, IOCTL_PORTIO_HELLO, NULL, 0, &hello, sizeof hello, &returned, NULL) &&
        returned == sizeof hello)
        fprintf(out, "device: " PORTIO_USER_PATH ", protocol version %lu (this tool: %d), I/O "
                     "permission map grant %s\n",
                (unsigned long)hello.protocol_version, PORTIO_PROTOCOL_VERSION,
                (hello.features & PORTIO_FEATURE_IOPM_GRANT) ? "available" : "not available");
    else
        fprintf(out, "device: " PORTIO_USER_PATH " does not answer the version request\n");
    CloseHandle(device);
}

int driver_status(FILE *out, FILE *err)
{
    SC_HANDLE manager = OpenSCManagerA(NULL, NULL, SC_MANAGER_CONNECT);
    if (!manager)
        return failed(err, "opening the service control manager", GetLastError());
    SC_HANDLE service = OpenServiceA(manager, PORTIO_SERVICE_NAME, SERVICE_QUERY_STATUS);
    int status = 0;
    if (!service) {
        DWORD error = GetLastError();
        if (error == ERROR_SERVICE_DOES_NOT_EXIST) {
            fprintf(out, "driver: not installed (install it as Administrator: portio driver install)\n");
            status = 1;
        } else {
            status = failed(err, "opening the portio service", error);
        }
    } else {
        SERVICE_STATUS state;
        if (QueryServiceStatus(service, &state)) {
            fprintf(out, "driver: installed, %s\n", state_name(state.dwCurrentState));
            if (state.dwCurrentState == SERVICE_RUNNING)
                report_device(out);
        } else
            status = failed(err, "asking the portio driver's state", GetLastError());
        CloseServiceHandle(service);
    }
    CloseServiceHandle(manager);
    return status;
}
