/* SPDX-License-Identifier: MIT */
/*
 * A stand-in for the DDK's <ntifs.h> on the host: exactly the types,
 * constants and kernel calls that drivers/windows/portio_driver.c uses,
 * so that the driver's own source compiles unchanged against the fake
 * kernel (fake_kernel.c). Layouts follow the DDK where the driver reads
 * or builds them (IRPs, registry values, ACLs, SIDs); every struct may
 * carry fields of the fake's own after the DDK's, named fake_*.
 */
#ifndef PORTIO_FAKE_NTIFS_H
#define PORTIO_FAKE_NTIFS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

/* Calling conventions matter only between the driver and the fake, which
 * are built together: plain C calls on every host. */
#define NTAPI
#define VOID void
#define UNREFERENCED_PARAMETER(p) ((void)(p))
#define FIELD_OFFSET(type, field) ((int32_t)offsetof(type, field))

typedef uint8_t UCHAR, *PUCHAR;
typedef uint8_t BOOLEAN;
typedef uint16_t USHORT, *PUSHORT;
typedef uint32_t ULONG, *PULONG;
typedef int32_t LONG;
typedef int64_t LONGLONG;
typedef uintptr_t ULONG_PTR;
typedef size_t SIZE_T;
typedef void *PVOID;
typedef void *HANDLE, **PHANDLE;
typedef wchar_t WCHAR, *PWSTR;
typedef const wchar_t *PCWSTR;
typedef LONG NTSTATUS;
typedef ULONG ACCESS_MASK;
typedef ULONG SECURITY_INFORMATION;

#define TRUE 1
#define FALSE 0

typedef union _LARGE_INTEGER {
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

/* ---- Status codes (the values of ntstatus.h) ---- */
#define NT_SUCCESS(status) ((NTSTATUS)(status) >= 0)
#define STATUS_SUCCESS ((NTSTATUS)0x00000000)
#define STATUS_BUFFER_OVERFLOW ((NTSTATUS)0x80000005)
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001)
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#define STATUS_INVALID_DEVICE_REQUEST ((NTSTATUS)0xC0000010)
#define STATUS_ACCESS_DENIED ((NTSTATUS)0xC0000022)
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023)
#define STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034)
#define STATUS_OBJECT_NAME_COLLISION ((NTSTATUS)0xC0000035)
#define STATUS_PRIVILEGE_NOT_HELD ((NTSTATUS)0xC0000061)
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009A)
#define STATUS_ALLOTTED_SPACE_EXCEEDED ((NTSTATUS)0xC0000099)
#define STATUS_INVALID_HANDLE ((NTSTATUS)0xC0000008)

/* ---- Strings and object attributes ---- */
typedef struct _UNICODE_STRING {
    USHORT Length;        /* bytes, without a terminator */
    USHORT MaximumLength; /* bytes */
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

void RtlInitUnicodeString(PUNICODE_STRING destination, PCWSTR source);

#define OBJ_CASE_INSENSITIVE 0x00000040u
#define OBJ_KERNEL_HANDLE 0x00000200u

typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

#define InitializeObjectAttributes(p, n, a, r, s)                                                          \
    do {                                                                                                  \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES);                                                          \
        (p)->RootDirectory = (r);                                                                         \
        (p)->Attributes = (a);                                                                            \
        (p)->ObjectName = (n);                                                                            \
        (p)->SecurityDescriptor = (s);                                                                    \
        (p)->SecurityQualityOfService = NULL;                                                             \
    } while (0)

/* ---- Memory ---- */
#define RtlCopyMemory(d, s, n) memcpy((d), (s), (n))
#define RtlZeroMemory(d, n) memset((d), 0, (n))
#define RtlFillMemory(d, n, v) memset((d), (v), (n))

typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    PagedPool = 1,
    NonPagedPoolNx = 512,
} POOL_TYPE;

PVOID ExAllocatePoolWithTag(POOL_TYPE pool_type, SIZE_T bytes, ULONG tag);
void ExFreePoolWithTag(PVOID block, ULONG tag);

/* ---- Processes, objects, dispatcher objects ---- */
typedef struct fake_process *PEPROCESS;
PEPROCESS PsGetCurrentProcess(void);
void ObReferenceObject(PVOID object);
void ObDereferenceObject(PVOID object);

/* The DDK's Count first (ExInitializeFastMutex sets it to 1: free); the
 * rest is the fake's: a host mutex that a waiting thread really blocks on,
 * the thread that holds it, and its lock class (fake_kernel.c). */
struct fake_thread;
typedef struct _FAST_MUTEX {
    volatile LONG Count;
    ULONG fake_magic;                      /* set by ExInitializeFastMutex */
    struct fake_thread *_Atomic fake_owner; /* NULL: free */
    uint64_t fake_class;
    pthread_mutex_t fake_host;
} FAST_MUTEX, *PFAST_MUTEX;

typedef enum _MODE { KernelMode = 0, UserMode = 1 } KPROCESSOR_MODE;

void ExInitializeFastMutex(PFAST_MUTEX mutex);
void KeEnterCriticalRegion(void);
void KeLeaveCriticalRegion(void);
void ExAcquireFastMutexUnsafe(PFAST_MUTEX mutex);
void ExReleaseFastMutexUnsafe(PFAST_MUTEX mutex);

/* ---- Time ---- */
LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER frequency);
NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE mode, BOOLEAN alertable, PLARGE_INTEGER interval);
void fake_yield_processor(void);
#define YieldProcessor() fake_yield_processor()

/* ---- Devices, files, IRPs ---- */
#define DO_DEVICE_INITIALIZING 0x00000080u
#define FILE_DEVICE_SECURE_OPEN 0x00000100u
#define IO_NO_INCREMENT 0

#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_CLEANUP 0x12
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b

struct _DRIVER_OBJECT;
struct _IRP;

typedef struct _DEVICE_OBJECT {
    ULONG Flags;
    ULONG Characteristics;
    ULONG DeviceType;
    struct _DRIVER_OBJECT *DriverObject;
    UNICODE_STRING fake_name;
    ULONG fake_magic;
} DEVICE_OBJECT, *PDEVICE_OBJECT;

typedef struct _FILE_OBJECT {
    PDEVICE_OBJECT DeviceObject;
    PVOID FsContext;
    UNICODE_STRING FileName;
} FILE_OBJECT, *PFILE_OBJECT;

typedef struct _IO_STATUS_BLOCK {
    NTSTATUS Status;
    ULONG_PTR Information;
} IO_STATUS_BLOCK;

typedef struct _IO_STACK_LOCATION {
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    union {
        struct {
            ULONG OutputBufferLength;
            ULONG InputBufferLength;
            ULONG IoControlCode;
            PVOID Type3InputBuffer;
        } DeviceIoControl;
    } Parameters;
    PDEVICE_OBJECT DeviceObject;
    PFILE_OBJECT FileObject;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

typedef struct _IRP {
    union {
        PVOID SystemBuffer; /* METHOD_BUFFERED: in and out */
    } AssociatedIrp;
    IO_STATUS_BLOCK IoStatus;
    IO_STACK_LOCATION fake_stack; /* the one stack location of a request to this driver */
    ULONG fake_completions;       /* IoCompleteRequest calls */
    UCHAR fake_boost;             /* the priority boost it was given */
} IRP, *PIRP;

PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP irp);
void IoCompleteRequest(PIRP irp, signed char priority_boost);

typedef NTSTATUS DRIVER_DISPATCH(PDEVICE_OBJECT device, PIRP irp);
typedef DRIVER_DISPATCH *PDRIVER_DISPATCH;
typedef VOID DRIVER_UNLOAD(struct _DRIVER_OBJECT *driver);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;

typedef struct _DRIVER_OBJECT {
    PDEVICE_OBJECT DeviceObject;
    PDRIVER_UNLOAD DriverUnload;
    PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;

typedef NTSTATUS DRIVER_INITIALIZE(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path);

NTSTATUS IoCreateDevice(PDRIVER_OBJECT driver, ULONG extension_size, PUNICODE_STRING name, ULONG type,
                        ULONG characteristics, BOOLEAN exclusive, PDEVICE_OBJECT *device);
void IoDeleteDevice(PDEVICE_OBJECT device);
NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING link, PUNICODE_STRING target);
NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING link);

/* ---- Registry ---- */
#define KEY_READ 0x20019u
#define REG_SZ 1u
#define REG_BINARY 3u
#define REG_DWORD 4u
#define REG_MULTI_SZ 7u

typedef enum _KEY_VALUE_INFORMATION_CLASS {
    KeyValueBasicInformation = 0,
    KeyValueFullInformation = 1,
    KeyValuePartialInformation = 2,
} KEY_VALUE_INFORMATION_CLASS;

typedef struct _KEY_VALUE_PARTIAL_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[1];
} KEY_VALUE_PARTIAL_INFORMATION, *PKEY_VALUE_PARTIAL_INFORMATION;

NTSTATUS ZwOpenKey(PHANDLE key, ACCESS_MASK access, POBJECT_ATTRIBUTES attributes);
NTSTATUS ZwQueryValueKey(HANDLE key, PUNICODE_STRING name, KEY_VALUE_INFORMATION_CLASS information_class,
                         PVOID information, ULONG length, PULONG result_length);
NTSTATUS ZwClose(HANDLE handle);

/* ---- Security ---- */
#define WRITE_DAC 0x00040000u
#define FILE_ALL_ACCESS 0x001F01FFu
#define DACL_SECURITY_INFORMATION 0x00000004u
#define ACL_REVISION 2
#define SID_REVISION 1
#define SECURITY_DESCRIPTOR_REVISION 1
#define SECURITY_NT_AUTHORITY {0, 0, 0, 0, 0, 5}
#define SECURITY_LOCAL_SYSTEM_RID 0x00000012u
#define SECURITY_BUILTIN_DOMAIN_RID 0x00000020u
#define DOMAIN_ALIAS_RID_ADMINS 0x00000220u
#define ACCESS_ALLOWED_ACE_TYPE 0x0

typedef struct _SID_IDENTIFIER_AUTHORITY {
    UCHAR Value[6];
} SID_IDENTIFIER_AUTHORITY;

typedef struct _SID {
    UCHAR Revision;
    UCHAR SubAuthorityCount;
    SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
    ULONG SubAuthority[1];
} SID;
typedef PVOID PSID;

typedef struct _ACL {
    UCHAR AclRevision;
    UCHAR Sbz1;
    USHORT AclSize;
    USHORT AceCount;
    USHORT Sbz2;
} ACL, *PACL;

typedef struct _ACE_HEADER {
    UCHAR AceType;
    UCHAR AceFlags;
    USHORT AceSize;
} ACE_HEADER;

/* An ACCESS_ALLOWED_ACE: the header, the mask, then the SID. */
typedef struct _ACCESS_ALLOWED_ACE {
    ACE_HEADER Header;
    ACCESS_MASK Mask;
    ULONG SidStart;
} ACCESS_ALLOWED_ACE;

typedef struct _SECURITY_DESCRIPTOR {
    UCHAR Revision;
    UCHAR Sbz1;
    USHORT Control;
    PSID Owner;
    PSID Group;
    PACL Sacl;
    PACL Dacl;
} SECURITY_DESCRIPTOR, *PSECURITY_DESCRIPTOR;
#define SE_DACL_PRESENT 0x0004u
#define SE_DACL_DEFAULTED 0x0008u

NTSTATUS RtlCreateAcl(PACL acl, ULONG length, ULONG revision);
NTSTATUS RtlAddAccessAllowedAce(PACL acl, ULONG revision, ACCESS_MASK mask, PSID sid);
NTSTATUS RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR descriptor, ULONG revision);
NTSTATUS RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR descriptor, BOOLEAN present, PACL dacl,
                                      BOOLEAN defaulted);
NTSTATUS ObOpenObjectByPointer(PVOID object, ULONG attributes, PVOID access_state, ACCESS_MASK access,
                               PVOID object_type, KPROCESSOR_MODE mode, PHANDLE handle);
NTSTATUS ZwSetSecurityObject(HANDLE handle, SECURITY_INFORMATION information, PSECURITY_DESCRIPTOR descriptor);

/* ---- The system's version ---- */
typedef struct _OSVERSIONINFOW {
    ULONG dwOSVersionInfoSize;
    ULONG dwMajorVersion;
    ULONG dwMinorVersion;
    ULONG dwBuildNumber;
    ULONG dwPlatformId;
    WCHAR szCSDVersion[128];
} RTL_OSVERSIONINFOW, *PRTL_OSVERSIONINFOW;

NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW version);

/* ---- System routines looked up by name ---- */
PVOID MmGetSystemRoutineAddress(PUNICODE_STRING name);

#endif
