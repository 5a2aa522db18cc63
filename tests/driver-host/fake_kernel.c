/* SPDX-License-Identifier: MIT */
/*
 * The fake kernel (fake_kernel.h): each call the driver makes, done the
 * way the DDK documents it, and recorded.
 */
#include "fake_kernel.h"

#include <intrin.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct fake_kernel fake;
_Thread_local struct fake_thread fake_self;

/* The fake's own bookkeeping shared between threads, taken off the
 * request path only (allocation, free, a mutex's initialisation, a lock
 * order pair seen for the first time): the pool's blocks, the fast
 * mutexes initialised, the lock order pairs. */
static pthread_mutex_t bookkeeping = PTHREAD_MUTEX_INITIALIZER;
#define MAX_LIVE_MUTEXES 64
static FAST_MUTEX *live_mutexes[MAX_LIVE_MUTEXES];
static int live_mutex_count;
static struct lock_pair {
    uint64_t first, then;
} order[FAKE_MAX_MUTEX_PAIRS];
static int order_count;
static atomic_uint next_thread_id = 1000;

/* Kernel handles: 1 the service key, 2 Parameters, 3 the device. */
static bool handle_open[4];

#define MUTEX_MAGIC 0x4D757478u
#define DEVICE_MAGIC 0x44657669u

void fake_violation(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fputs("driver-host: violation: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    abort();
}

void fake_kernel_reset(void)
{
    for (int i = 0; i < live_mutex_count; i++)
        pthread_mutex_destroy(&live_mutexes[i]->fake_host);
    live_mutex_count = 0;
    order_count = 0;
    for (int i = 0; i < fake.live_blocks; i++)
        free(fake.blocks[i].address);
    free(fake.device);
    memset(&fake, 0, sizeof fake);
    memset(&fake_self, 0, sizeof fake_self);
    memset(handle_open, 0, sizeof handle_open);
    fake.setup.service_key = true;
    fake.setup.frequency = 10000000;
    fake.setup.windows_major = 10;
    fake.counter = 1000000;
    fake_self.id = 1;
    fake.script_port = -1;
    for (int i = 0; i < FAKE_PROCESSES; i++)
        fake.processes[i].id = 100 + i;
}

bool fake_is_process(const void *object)
{
    for (int i = 0; i < FAKE_PROCESSES; i++)
        if (object == &fake.processes[i])
            return true;
    return false;
}

/* ---- Strings ---- */

void RtlInitUnicodeString(PUNICODE_STRING destination, PCWSTR source)
{
    size_t length = source ? wcslen(source) * sizeof(WCHAR) : 0;
    if (length + sizeof(WCHAR) > 0xFFFF)
        fake_violation("RtlInitUnicodeString: a string of %zu bytes", length);
    destination->Length = (USHORT)length;
    destination->MaximumLength = (USHORT)(source ? length + sizeof(WCHAR) : 0);
    destination->Buffer = (PWSTR)(uintptr_t)source;
}

static bool unicode_equals(const UNICODE_STRING *string, const wchar_t *text)
{
    size_t length = wcslen(text);
    return string && string->Buffer && string->Length == length * sizeof(WCHAR) &&
           wmemcmp(string->Buffer, text, length) == 0;
}

/* ---- Pool ---- */

PVOID ExAllocatePoolWithTag(POOL_TYPE pool_type, SIZE_T bytes, ULONG tag)
{
    if (bytes == 0)
        fake_violation("ExAllocatePoolWithTag of 0 bytes");
    if (tag == 0)
        fake_violation("ExAllocatePoolWithTag with tag 0");
    if (pool_type != NonPagedPool && pool_type != PagedPool && pool_type != NonPagedPoolNx)
        fake_violation("ExAllocatePoolWithTag: pool type %d", (int)pool_type);
    /* Windows 7 and older know no such type: BAD_POOL_CALLER. */
    if (pool_type == NonPagedPoolNx && !fake_has_nx_pool())
        fake_violation("ExAllocatePoolWithTag: NonPagedPoolNx on Windows %u.%u, which does not have it",
                       (unsigned)fake.setup.windows_major, (unsigned)fake.setup.windows_minor);
    pthread_mutex_lock(&bookkeeping);
    fake.executable_allocations += pool_type == NonPagedPool;
    fake.nx_allocations += pool_type == NonPagedPoolNx;
    fake.paged_allocations += pool_type == PagedPool;
    fake.allocations++;
    void *address = NULL;
    if (fake.allocations != fake.setup.fail_allocation && fake.live_blocks < FAKE_MAX_BLOCKS)
        address = malloc(bytes);
    if (address) {
        /* Pool is not zeroed: show it. */
        memset(address, 0xA5, bytes);
        fake.blocks[fake.live_blocks++] = (struct fake_block){address, bytes, tag, pool_type};
    }
    pthread_mutex_unlock(&bookkeeping);
    return address;
}

/* Forgets the fast mutexes inside [start, start + bytes), which must not
 * be held (bookkeeping held). */
static void forget_mutexes_in(const void *start, size_t bytes)
{
    const char *begin = start, *end = begin + bytes;
    int kept = 0;
    for (int i = 0; i < live_mutex_count; i++) {
        FAST_MUTEX *mutex = live_mutexes[i];
        if ((const char *)mutex < begin || (const char *)mutex >= end) {
            live_mutexes[kept++] = mutex;
            continue;
        }
        struct fake_thread *owner = atomic_load_explicit(&mutex->fake_owner, memory_order_acquire);
        if (owner)
            fake_violation("ExFreePoolWithTag: the block holds a fast mutex that thread %u holds "
                           "(state freed while a request on it is in flight)",
                           (unsigned)atomic_load_explicit(&owner->id, memory_order_relaxed));
        pthread_mutex_destroy(&mutex->fake_host);
    }
    live_mutex_count = kept;
}

void ExFreePoolWithTag(PVOID block, ULONG tag)
{
    pthread_mutex_lock(&bookkeeping);
    for (int i = 0; i < fake.live_blocks; i++) {
        if (fake.blocks[i].address != block)
            continue;
        if (fake.blocks[i].tag != tag)
            fake_violation("ExFreePoolWithTag: tag %#x on a block allocated with %#x", (unsigned)tag,
                           (unsigned)fake.blocks[i].tag);
        forget_mutexes_in(block, fake.blocks[i].bytes);
        /* What a later use of the block would find, where no sanitizer
         * watches: no fast mutex's magic. */
        memset(block, 0xDD, fake.blocks[i].bytes);
        free(block);
        fake.blocks[i] = fake.blocks[--fake.live_blocks];
        pthread_mutex_unlock(&bookkeeping);
        return;
    }
    fake_violation("ExFreePoolWithTag: %p is not an allocated block (double free?)", block);
}

/* ---- The system's version ---- */

bool fake_has_nx_pool(void)
{
    return fake.setup.windows_major > 6 || (fake.setup.windows_major == 6 && fake.setup.windows_minor >= 2);
}

NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW version)
{
    /* The caller must state its structure's size; the fake knows only the
     * plain one, which the driver uses (Windows also takes the EX one). */
    if (!version || version->dwOSVersionInfoSize != sizeof *version)
        fake_violation("RtlGetVersion: dwOSVersionInfoSize is not set to sizeof(RTL_OSVERSIONINFOW)");
    fake.version_queries++;
    version->dwMajorVersion = fake.setup.windows_major;
    version->dwMinorVersion = fake.setup.windows_minor;
    version->dwBuildNumber = fake.setup.windows_major >= 10 ? 19045 : 7601;
    version->dwPlatformId = 2; /* VER_PLATFORM_WIN32_NT */
    memset(version->szCSDVersion, 0, sizeof version->szCSDVersion);
    return STATUS_SUCCESS;
}

/* ---- Processes and objects ---- */

PEPROCESS PsGetCurrentProcess(void)
{
    if (fake_self.process < 0 || fake_self.process >= FAKE_PROCESSES)
        fake_violation("harness: thread %u runs in process %d, which the fake does not have", (unsigned)fake_self.id,
                       fake_self.process);
    return &fake.processes[fake_self.process];
}

void ObReferenceObject(PVOID object)
{
    if (!fake_is_process(object))
        fake_violation("ObReferenceObject on an object the fake does not know");
    ((struct fake_process *)object)->references++;
}

void ObDereferenceObject(PVOID object)
{
    if (!fake_is_process(object))
        fake_violation("ObDereferenceObject on an object the fake does not know");
    struct fake_process *process = object;
    if (process->references <= 0)
        fake_violation("ObDereferenceObject: process %d has no reference of the driver's", process->id);
    process->references--;
}

/* ---- Fast mutexes and critical regions ---- */

#define MAX_CRITICAL_REGIONS 8

static struct fake_thread *self(void)
{
    if (fake_self.id == 0)
        fake_self.id = atomic_fetch_add_explicit(&next_thread_id, 1, memory_order_relaxed);
    return &fake_self;
}

/* Where a fast mutex lives decides its lock class: in a pool block, the
 * block's tag and the mutex's offset in it (every handle's lock is one
 * class); elsewhere (the image's data), its address. */
#define POOL_CLASS (1ull << 63)

static void describe_class(uint64_t class, char *text, size_t room)
{
    if (class & POOL_CLASS) {
        const ULONG tag = (ULONG)(class >> 32) & 0x7FFFFFFFu;
        snprintf(text, room, "the fast mutex at offset %u of each pool block tagged '%c%c%c%c' (a handle's lock)",
                 (unsigned)(class & 0xFFFFFFFFu), (char)tag, (char)(tag >> 8), (char)(tag >> 16),
                 (char)(tag >> 24));
    } else {
        snprintf(text, room, "the fast mutex at %#llx (in the driver's data)", (unsigned long long)class);
    }
}

/* A FAST_MUTEX is touched at raised IRQL by the system (contention), so it
 * must never lie in paged pool. The image's data and nonpaged pool are
 * fine. Bookkeeping held. */
static uint64_t class_of(const FAST_MUTEX *mutex, const char *call)
{
    for (int i = 0; i < fake.live_blocks; i++) {
        const char *begin = fake.blocks[i].address, *at = (const char *)mutex;
        if (at < begin || at >= begin + fake.blocks[i].bytes)
            continue;
        if (fake.blocks[i].type == PagedPool)
            fake_violation("%s: the fast mutex lies in paged pool", call);
        return POOL_CLASS | ((uint64_t)(fake.blocks[i].tag & 0x7FFFFFFFu) << 32) | (uint64_t)(at - begin);
    }
    return (uint64_t)(uintptr_t)mutex;
}

void ExInitializeFastMutex(PFAST_MUTEX mutex)
{
    pthread_mutex_lock(&bookkeeping);
    int live = -1;
    for (int i = 0; i < live_mutex_count; i++)
        if (live_mutexes[i] == mutex)
            live = i;
    if (live >= 0) {
        if (atomic_load_explicit(&mutex->fake_owner, memory_order_relaxed))
            fake_violation("ExInitializeFastMutex on a fast mutex that is held");
        pthread_mutex_destroy(&mutex->fake_host);
    } else if (live_mutex_count == MAX_LIVE_MUTEXES) {
        fake_violation("more than %d fast mutexes initialised and not freed", MAX_LIVE_MUTEXES);
    } else {
        live_mutexes[live_mutex_count++] = mutex;
    }
    mutex->fake_class = class_of(mutex, "ExInitializeFastMutex");
    mutex->Count = 1;
    mutex->fake_magic = MUTEX_MAGIC;
    atomic_store_explicit(&mutex->fake_owner, NULL, memory_order_relaxed);
    pthread_mutex_init(&mutex->fake_host, NULL);
    pthread_mutex_unlock(&bookkeeping);
}

void KeEnterCriticalRegion(void)
{
    struct fake_thread *thread = self();
    if (thread->critical_regions == MAX_CRITICAL_REGIONS)
        fake_violation("KeEnterCriticalRegion: more than %d critical regions entered and not left",
                       MAX_CRITICAL_REGIONS);
    thread->critical_regions++;
}

void KeLeaveCriticalRegion(void)
{
    struct fake_thread *thread = self();
    if (thread->critical_regions == 0)
        fake_violation("KeLeaveCriticalRegion without a KeEnterCriticalRegion");
    /* Normal kernel APCs back on while a fast mutex is held: an APC that
     * suspends the holder stops everyone waiting for it. */
    if (--thread->critical_regions == 0 && thread->mutexes_held)
        fake_violation("KeLeaveCriticalRegion: left the last critical region holding %d fast mutex(es)",
                       thread->mutexes_held);
}

/* Records "a lock of class first was held when one of class then was
 * taken", once per thread and pair; the reverse order seen anywhere before,
 * or two locks of one class nested, is a deadlock waiting for two threads. */
static void record_order(struct fake_thread *thread, uint64_t first, uint64_t then)
{
    for (int i = 0; i < thread->pairs_seen_count; i++)
        if (thread->pairs_seen[i][0] == first && thread->pairs_seen[i][1] == then)
            return;
    char a[128], b[128];
    if (first == then) {
        describe_class(first, a, sizeof a);
        fake_violation("lock order: two locks of one class nested (%s): two threads can take them in "
                       "opposite orders",
                       a);
    }
    pthread_mutex_lock(&bookkeeping);
    bool known = false;
    for (int i = 0; i < order_count; i++) {
        if (order[i].first == then && order[i].then == first) {
            describe_class(first, a, sizeof a);
            describe_class(then, b, sizeof b);
            fake_violation("lock order: %s taken while holding %s, and the other way round elsewhere "
                           "(a deadlock when two threads meet)",
                           b, a);
        }
        known |= order[i].first == first && order[i].then == then;
    }
    if (!known && order_count < FAKE_MAX_MUTEX_PAIRS)
        order[order_count++] = (struct lock_pair){first, then};
    pthread_mutex_unlock(&bookkeeping);
    if (thread->pairs_seen_count < (int)(sizeof thread->pairs_seen / sizeof thread->pairs_seen[0])) {
        thread->pairs_seen[thread->pairs_seen_count][0] = first;
        thread->pairs_seen[thread->pairs_seen_count][1] = then;
        thread->pairs_seen_count++;
    }
}

/* Whether the owner of `mutex` waits, through a chain of owners, for a
 * mutex this thread holds. Read without a lock: a chain seen twice, a
 * timeout apart, is a real one (a deadlock does not move). The owner is
 * published with release and read with acquire, so that its thread (its
 * id, its waiting_for) is seen whole; the waiter gets that ordering anyway
 * when it takes the mutex, so ThreadSanitizer misses nothing of the
 * driver's for it. */
static bool waits_for_itself(const FAST_MUTEX *mutex, char *chain, size_t room)
{
    /* The chain is written out only when asked (chain not NULL): the
     * check runs every millisecond of a wait, the message once. */
    size_t at = chain ? (size_t)snprintf(chain, room, "thread %u", (unsigned)fake_self.id) : room;
    for (int step = 0; step < 32 && mutex; step++) {
        struct fake_thread *owner = atomic_load_explicit(&mutex->fake_owner, memory_order_acquire);
        if (!owner)
            return false;
        if (at < room)
            at += (size_t)snprintf(chain + at, room - at, " waits for a lock held by thread %u",
                                   (unsigned)atomic_load_explicit(&owner->id, memory_order_relaxed));
        if (owner == &fake_self)
            return true;
        mutex = atomic_load_explicit(&owner->waiting_for, memory_order_acquire);
    }
    return false;
}

/* Blocks on the host mutex as a waiting kernel thread would, checking
 * every millisecond whether it waits for itself (often enough that the check
 * itself runs whenever threads contend, under ThreadSanitizer too). */
static void wait_for(PFAST_MUTEX mutex)
{
    if (pthread_mutex_trylock(&mutex->fake_host) == 0)
        return;
    atomic_store_explicit(&fake_self.waiting_for, mutex, memory_order_release);
    int cycles = 0;
    for (;;) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        /* Not taken: timed out (or, on a mutex freed meanwhile, refused;
         * <errno.h> is not there for the 32-bit build to tell which). */
        if (pthread_mutex_timedlock(&mutex->fake_host, &until) == 0)
            break;
        if (mutex->fake_magic != MUTEX_MAGIC)
            fake_violation("ExAcquireFastMutexUnsafe: the fast mutex was freed while thread %u waited for it",
                           (unsigned)fake_self.id);
        if (!waits_for_itself(mutex, NULL, 0)) {
            cycles = 0;
        } else if (++cycles == 2) {
            char chain[512];
            waits_for_itself(mutex, chain, sizeof chain);
            fake_violation("deadlock: %s", chain);
        }
    }
    atomic_store_explicit(&fake_self.waiting_for, NULL, memory_order_relaxed);
}

/* The Unsafe forms: the caller is at APC_LEVEL or, as the driver, inside a
 * critical region below DISPATCH_LEVEL. Not recursive: a second acquire by
 * the holder waits for itself for ever. */
void ExAcquireFastMutexUnsafe(PFAST_MUTEX mutex)
{
    struct fake_thread *thread = self();
    if (mutex->fake_magic != MUTEX_MAGIC)
        fake_violation("ExAcquireFastMutexUnsafe on a fast mutex never initialised (or freed)");
    if (thread->critical_regions == 0)
        fake_violation("ExAcquireFastMutexUnsafe outside a critical region (normal kernel APCs on)");
    if (atomic_load_explicit(&mutex->fake_owner, memory_order_relaxed) == thread)
        fake_violation("ExAcquireFastMutexUnsafe: the thread already holds it (not recursive: a deadlock)");
    if (thread->mutexes_held == FAKE_MAX_HELD)
        fake_violation("ExAcquireFastMutexUnsafe: more than %d fast mutexes held", thread->mutexes_held);
    for (int h = 0; h < thread->mutexes_held; h++) {
        /* The order portio_driver.c documents: a handle's lock first, then
         * the driver's own (request, grant), never a handle's after them. */
        if ((mutex->fake_class & POOL_CLASS) && !(thread->held[h]->fake_class & POOL_CLASS)) {
            char a[128], b[128];
            describe_class(mutex->fake_class, a, sizeof a);
            describe_class(thread->held[h]->fake_class, b, sizeof b);
            fake_violation("lock order: %s taken while holding %s; the driver's order is a handle's lock first",
                           a, b);
        }
        record_order(thread, thread->held[h]->fake_class, mutex->fake_class);
    }
    wait_for(mutex);
    atomic_store_explicit(&mutex->fake_owner, thread, memory_order_release);
    thread->held[thread->mutexes_held++] = mutex;
    mutex->Count--;
}

void ExReleaseFastMutexUnsafe(PFAST_MUTEX mutex)
{
    struct fake_thread *thread = self();
    if (mutex->fake_magic != MUTEX_MAGIC)
        fake_violation("ExReleaseFastMutexUnsafe on a fast mutex never initialised (or freed)");
    if (thread->critical_regions == 0)
        fake_violation("ExReleaseFastMutexUnsafe outside a critical region (normal kernel APCs on)");
    int h = thread->mutexes_held - 1;
    while (h >= 0 && thread->held[h] != mutex)
        h--;
    if (h < 0 || atomic_load_explicit(&mutex->fake_owner, memory_order_relaxed) != thread)
        fake_violation("ExReleaseFastMutexUnsafe by thread %u, which does not hold it (a double release, or "
                       "another thread's lock)",
                       (unsigned)thread->id);
    for (; h + 1 < thread->mutexes_held; h++)
        thread->held[h] = thread->held[h + 1];
    thread->mutexes_held--;
    mutex->Count++;
    atomic_store_explicit(&mutex->fake_owner, NULL, memory_order_relaxed);
    pthread_mutex_unlock(&mutex->fake_host);
}

int fake_mutexes_held_anywhere(void)
{
    pthread_mutex_lock(&bookkeeping);
    int held = 0;
    for (int i = 0; i < live_mutex_count; i++)
        held += atomic_load_explicit(&live_mutexes[i]->fake_owner, memory_order_relaxed) != NULL;
    pthread_mutex_unlock(&bookkeeping);
    return held;
}

/* ---- Time: the counter moves only when asked, by the fake's rules ---- */

static LONGLONG tenth_of_a_microsecond(void)
{
    LONGLONG ticks = fake.setup.frequency / 10000000;
    return ticks > 0 ? ticks : 1;
}

LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER frequency)
{
    if (frequency)
        frequency->QuadPart = fake.setup.frequency;
    const LONGLONG step = tenth_of_a_microsecond();
    return (LARGE_INTEGER){.QuadPart = atomic_fetch_add_explicit(&fake.counter, step, memory_order_relaxed) + step};
}

void fake_yield_processor(void)
{
    atomic_fetch_add_explicit(&fake.counter, tenth_of_a_microsecond(), memory_order_relaxed);
}

NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE mode, BOOLEAN alertable, PLARGE_INTEGER interval)
{
    if (mode != KernelMode || alertable)
        fake_violation("KeDelayExecutionThread: KernelMode, not alertable");
    if (!interval || interval->QuadPart >= 0)
        fake_violation("KeDelayExecutionThread: the driver sleeps for relative times only");
    if (interval->QuadPart < -10000000LL * 2)
        fake_violation("KeDelayExecutionThread: a sleep of more than 2 s");
    const LONGLONG hundreds_of_ns = -interval->QuadPart + fake.setup.sleep_late_us * 10;
    /* rounded up, as a timer that never fires early */
    atomic_fetch_add_explicit(&fake.counter, (hundreds_of_ns * fake.setup.frequency + 9999999) / 10000000,
                              memory_order_relaxed);
    /* The thread really gives up the processor: others run meanwhile (and
     * find whatever locks it holds taken). */
    sched_yield();
    return STATUS_SUCCESS;
}

/* ---- Devices, links, IRPs ---- */

PIO_STACK_LOCATION IoGetCurrentIrpStackLocation(PIRP irp)
{
    return &irp->fake_stack;
}

void IoCompleteRequest(PIRP irp, signed char priority_boost)
{
    irp->fake_completions++;
    irp->fake_boost = (UCHAR)priority_boost;
    if (irp->fake_completions > 1)
        fake_violation("IoCompleteRequest: the IRP was completed %u times", (unsigned)irp->fake_completions);
}

NTSTATUS IoCreateDevice(PDRIVER_OBJECT driver, ULONG extension_size, PUNICODE_STRING name, ULONG type,
                        ULONG characteristics, BOOLEAN exclusive, PDEVICE_OBJECT *device)
{
    (void)exclusive;
    if (fake.device)
        fake_violation("IoCreateDevice: a second device");
    if (extension_size != 0)
        fake_violation("IoCreateDevice: an extension of %u bytes nobody uses", (unsigned)extension_size);
    if (fake.setup.fail_create_device)
        return fake.setup.fail_create_device;
    DEVICE_OBJECT *created = calloc(1, sizeof *created);
    if (!created)
        return STATUS_INSUFFICIENT_RESOURCES;
    created->Flags = DO_DEVICE_INITIALIZING;
    created->Characteristics = characteristics;
    created->DeviceType = type;
    created->DriverObject = driver;
    created->fake_name = *name;
    created->fake_magic = DEVICE_MAGIC;
    driver->DeviceObject = created;
    fake.device = created;
    fake.devices_created++;
    *device = created;
    return STATUS_SUCCESS;
}

void IoDeleteDevice(PDEVICE_OBJECT device)
{
    if (!device || device != fake.device || device->fake_magic != DEVICE_MAGIC)
        fake_violation("IoDeleteDevice of a device that does not exist");
    if (device->DriverObject)
        device->DriverObject->DeviceObject = NULL;
    free(device);
    fake.device = NULL;
    fake.devices_deleted++;
}

static void copy_name(wchar_t *to, size_t room, const UNICODE_STRING *from)
{
    size_t length = from->Length / sizeof(WCHAR);
    if (length >= room)
        fake_violation("a name of %zu characters", length);
    wmemcpy(to, from->Buffer, length);
    to[length] = 0;
}

NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING link, PUNICODE_STRING target)
{
    if (fake.link_exists)
        return STATUS_OBJECT_NAME_COLLISION;
    if (fake.setup.fail_create_link)
        return fake.setup.fail_create_link;
    copy_name(fake.link_name, 64, link);
    copy_name(fake.link_target, 64, target);
    fake.link_exists = true;
    fake.links_created++;
    return STATUS_SUCCESS;
}

NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING link)
{
    if (!fake.link_exists || !unicode_equals(link, fake.link_name))
        fake_violation("IoDeleteSymbolicLink of a link that does not exist");
    fake.link_exists = false;
    fake.links_deleted++;
    return STATUS_SUCCESS;
}

/* ---- Registry ---- */

#define SERVICE_KEY ((HANDLE)(uintptr_t)1)
#define PARAMETERS_KEY ((HANDLE)(uintptr_t)2)
#define DEVICE_HANDLE ((HANDLE)(uintptr_t)3)
static void open_handle(HANDLE handle)
{
    uintptr_t number = (uintptr_t)handle;
    if (handle_open[number])
        fake_violation("handle %u opened twice without a close", (unsigned)number);
    handle_open[number] = true;
    fake.open_handles++;
}

NTSTATUS ZwOpenKey(PHANDLE key, ACCESS_MASK access, POBJECT_ATTRIBUTES attributes)
{
    if (access & ~KEY_READ)
        fake_violation("ZwOpenKey for more than KEY_READ");
    if (!(attributes->Attributes & OBJ_KERNEL_HANDLE))
        fake_violation("ZwOpenKey without OBJ_KERNEL_HANDLE: the handle would be the calling process's");
    if (attributes->RootDirectory == NULL) {
        if (!fake.setup.service_key)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        *key = SERVICE_KEY;
    } else if (attributes->RootDirectory == SERVICE_KEY && handle_open[1]) {
        if (!unicode_equals(attributes->ObjectName, L"Parameters"))
            fake_violation("ZwOpenKey of a subkey other than Parameters");
        if (fake.setup.fail_open_parameters)
            return fake.setup.fail_open_parameters;
        if (!fake.setup.parameters_key)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        *key = PARAMETERS_KEY;
    } else {
        fake_violation("ZwOpenKey relative to a handle that is not an open key");
    }
    open_handle(*key);
    return STATUS_SUCCESS;
}

NTSTATUS ZwQueryValueKey(HANDLE key, PUNICODE_STRING name, KEY_VALUE_INFORMATION_CLASS information_class,
                         PVOID information, ULONG length, PULONG result_length)
{
    static int queries; /* of the value asked last: its size may grow between two */
    if (key != PARAMETERS_KEY || !handle_open[2])
        fake_violation("ZwQueryValueKey on a handle that is not the open Parameters key");
    if (information_class != KeyValuePartialInformation)
        fake_violation("ZwQueryValueKey: information class %d", (int)information_class);
    if (length > 0 && !information)
        fake_violation("ZwQueryValueKey: a length without a buffer");
    if (fake.setup.fail_query)
        return fake.setup.fail_query;
    const struct fake_registry_value *value = NULL;
    for (int i = 0; i < fake.setup.value_count; i++)
        if (unicode_equals(name, fake.setup.values[i].name))
            value = &fake.setup.values[i];
    if (!value)
        return STATUS_OBJECT_NAME_NOT_FOUND;

    queries = length == 0 ? 1 : queries + 1;
    ULONG data_length = value->length;
    if (fake.setup.value_grows && queries > 1)
        data_length += 2;
    const ULONG header = (ULONG)offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data);
    const ULONG needed = header + data_length;
    *result_length = needed;
    if (length < header)
        return STATUS_BUFFER_TOO_SMALL;
    KEY_VALUE_PARTIAL_INFORMATION out = {0, value->type, data_length, {0}};
    memcpy(information, &out, header);
    UCHAR *data = (UCHAR *)information + header;
    ULONG room = length - header;
    for (ULONG i = 0; i < data_length && i < room; i++)
        data[i] = i < value->length ? value->data[i] : 'x';
    return length < needed ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

NTSTATUS ZwClose(HANDLE handle)
{
    uintptr_t number = (uintptr_t)handle;
    if (number < 1 || number > 3 || !handle_open[number])
        fake_violation("ZwClose of a handle that is not open");
    handle_open[number] = false;
    fake.open_handles--;
    return STATUS_SUCCESS;
}

/* ---- Security ---- */

NTSTATUS RtlCreateAcl(PACL acl, ULONG length, ULONG revision)
{
    if (length < sizeof(ACL) || length > 0xFFFF || length % 4 != 0 || ((uintptr_t)acl % 4) != 0)
        return STATUS_INVALID_PARAMETER;
    if (revision != ACL_REVISION)
        return STATUS_INVALID_PARAMETER;
    *acl = (ACL){(UCHAR)revision, 0, (USHORT)length, 0, 0};
    return STATUS_SUCCESS;
}

size_t fake_sid_bytes(const UCHAR *sid, size_t room)
{
    if (room < 8 || sid[0] != SID_REVISION || sid[1] > 4 || room < 8u + 4u * sid[1])
        return 0;
    return 8u + 4u * sid[1];
}

NTSTATUS RtlAddAccessAllowedAce(PACL acl, ULONG revision, ACCESS_MASK mask, PSID sid)
{
    if (revision != ACL_REVISION || acl->AclRevision != ACL_REVISION)
        return STATUS_INVALID_PARAMETER;
    size_t sid_bytes = fake_sid_bytes(sid, 8 + 4 * 4);
    if (sid_bytes == 0)
        return STATUS_INVALID_PARAMETER;
    /* the ACEs so far */
    UCHAR *bytes = (UCHAR *)acl;
    size_t used = sizeof(ACL);
    for (USHORT i = 0; i < acl->AceCount; i++) {
        ACE_HEADER header;
        memcpy(&header, bytes + used, sizeof header);
        used += header.AceSize;
    }
    const size_t ace_bytes = offsetof(ACCESS_ALLOWED_ACE, SidStart) + sid_bytes;
    if (used + ace_bytes > acl->AclSize)
        return STATUS_ALLOTTED_SPACE_EXCEEDED;
    ACE_HEADER header = {ACCESS_ALLOWED_ACE_TYPE, 0, (USHORT)ace_bytes};
    memcpy(bytes + used, &header, sizeof header);
    memcpy(bytes + used + offsetof(ACCESS_ALLOWED_ACE, Mask), &mask, sizeof mask);
    memcpy(bytes + used + offsetof(ACCESS_ALLOWED_ACE, SidStart), sid, sid_bytes);
    acl->AceCount++;
    return STATUS_SUCCESS;
}

NTSTATUS RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR descriptor, ULONG revision)
{
    if (revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_INVALID_PARAMETER;
    memset(descriptor, 0, sizeof *descriptor);
    descriptor->Revision = (UCHAR)revision;
    return STATUS_SUCCESS;
}

NTSTATUS RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR descriptor, BOOLEAN present, PACL dacl,
                                      BOOLEAN defaulted)
{
    if (descriptor->Revision != SECURITY_DESCRIPTOR_REVISION)
        return STATUS_INVALID_PARAMETER;
    descriptor->Dacl = present ? dacl : NULL;
    descriptor->Control = (USHORT)((descriptor->Control & ~(SE_DACL_PRESENT | SE_DACL_DEFAULTED)) |
                                   (present ? SE_DACL_PRESENT : 0) | (defaulted ? SE_DACL_DEFAULTED : 0));
    return STATUS_SUCCESS;
}

NTSTATUS ObOpenObjectByPointer(PVOID object, ULONG attributes, PVOID access_state, ACCESS_MASK access,
                               PVOID object_type, KPROCESSOR_MODE mode, PHANDLE handle)
{
    (void)access_state;
    (void)object_type;
    if (!fake.device || object != fake.device)
        fake_violation("ObOpenObjectByPointer of something other than the driver's device");
    if (!(attributes & OBJ_KERNEL_HANDLE) || mode != KernelMode)
        fake_violation("ObOpenObjectByPointer: a kernel handle, in kernel mode");
    if (access != WRITE_DAC)
        fake_violation("ObOpenObjectByPointer: asks %#x, where WRITE_DAC is all it needs", (unsigned)access);
    if (fake.setup.fail_open_object)
        return fake.setup.fail_open_object;
    *handle = DEVICE_HANDLE;
    open_handle(*handle);
    return STATUS_SUCCESS;
}

/* Records the DACL as the device would keep it. */
NTSTATUS ZwSetSecurityObject(HANDLE handle, SECURITY_INFORMATION information, PSECURITY_DESCRIPTOR descriptor)
{
    if (handle != DEVICE_HANDLE || !handle_open[3])
        fake_violation("ZwSetSecurityObject on a handle that is not the device's");
    if (information != DACL_SECURITY_INFORMATION)
        fake_violation("ZwSetSecurityObject: information %#x, not the DACL alone", (unsigned)information);
    if (fake.setup.fail_set_security)
        return fake.setup.fail_set_security;
    if (!(descriptor->Control & SE_DACL_PRESENT) || !descriptor->Dacl)
        fake_violation("ZwSetSecurityObject: no DACL in the descriptor (that would allow everyone)");
    const PACL acl = descriptor->Dacl;
    const UCHAR *bytes = (const UCHAR *)acl;
    size_t at = sizeof(ACL);
    if (acl->AceCount > 4)
        fake_violation("a DACL of %u entries", (unsigned)acl->AceCount);
    for (USHORT i = 0; i < acl->AceCount; i++) {
        ACE_HEADER header;
        memcpy(&header, bytes + at, sizeof header);
        struct fake_ace *ace = &fake.aces[i];
        ace->type = header.AceType;
        memcpy(&ace->mask, bytes + at + offsetof(ACCESS_ALLOWED_ACE, Mask), sizeof ace->mask);
        ace->sid_bytes = header.AceSize - offsetof(ACCESS_ALLOWED_ACE, SidStart);
        if (ace->sid_bytes > sizeof ace->sid)
            fake_violation("an ACE of %u bytes", (unsigned)header.AceSize);
        memcpy(ace->sid, bytes + at + offsetof(ACCESS_ALLOWED_ACE, SidStart), ace->sid_bytes);
        at += header.AceSize;
    }
    fake.dacl_aces = acl->AceCount;
    fake.dacl_set = true;
    fake.dacl_set_after_link = fake.link_exists;
    return STATUS_SUCCESS;
}

/* ---- The I/O permission map routines of 32-bit Windows ---- */

static BOOLEAN NTAPI fake_set_io_access_map(ULONG map_number, PUCHAR map)
{
    fake.set_map_calls++;
    if (map_number != 1)
        fake_violation("Ke386SetIoAccessMap: map %u (only map 1 may be set)", (unsigned)map_number);
    if (fake.setup.set_map_fails)
        return FALSE;
    memcpy(fake.iopm, map, sizeof fake.iopm);
    fake.iopm_set = true;
    if (fake.on_grant_change)
        fake.on_grant_change(fake.grant_context);
    return TRUE;
}

static BOOLEAN NTAPI fake_io_set_access_process(PEPROCESS process, ULONG map_number)
{
    if (!fake_is_process(process))
        fake_violation("Ke386IoSetAccessProcess of something that is not a process");
    if (map_number > 1)
        fake_violation("Ke386IoSetAccessProcess: map %u", (unsigned)map_number);
    if (fake.setup.set_process_fails)
        return FALSE;
    process->iopm_map = map_number;
    if (fake.on_grant_change)
        fake.on_grant_change(fake.grant_context);
    return TRUE;
}

PVOID MmGetSystemRoutineAddress(PUNICODE_STRING name)
{
    fake.routine_lookups++;
    if (!fake.setup.grant_routines)
        return NULL;
    /* Function pointers as data pointers, as the kernel call answers them. */
    PVOID address = NULL;
    if (unicode_equals(name, L"Ke386SetIoAccessMap")) {
        BOOLEAN(NTAPI * routine)(ULONG, PUCHAR) = fake_set_io_access_map;
        memcpy(&address, &routine, sizeof address);
    } else if (unicode_equals(name, L"Ke386IoSetAccessProcess")) {
        BOOLEAN(NTAPI * routine)(PEPROCESS, ULONG) = fake_io_set_access_process;
        memcpy(&address, &routine, sizeof address);
    }
    return address;
}

/* ---- Ports: each access checked by the harness, then made on the latch ---- */

uint32_t fake_ports_read(const uint8_t *ports, uint16_t port, uint8_t width_bits)
{
    uint32_t value = 0;
    for (uint32_t i = 0; i < width_bits / 8u; i++)
        value |= (uint32_t)ports[port + i] << (8 * i);
    return value;
}

void fake_ports_write(uint8_t *ports, uint16_t port, uint8_t width_bits, uint32_t value)
{
    for (uint32_t i = 0; i < width_bits / 8u; i++)
        ports[port + i] = (uint8_t)(value >> (8 * i));
}

/* The latch, but the scripted port's byte comes from the script; or the
 * device, when one is set. */
static uint32_t read_latch(uint16_t port, uint8_t width_bits)
{
    if (fake.port_device.in)
        return fake.port_device.in(fake.port_device.context, port, width_bits);
    uint32_t value = fake_ports_read(fake.latch, port, width_bits);
    const uint32_t scripted = (uint32_t)(fake.script_port - port); /* huge when the port lies below */
    if (fake.script_port >= 0 && fake.script_length > 0 && scripted < width_bits / 8u) {
        value &= ~(0xFFu << (8 * scripted));
        value |= (uint32_t)fake.script[fake.script_next++ % fake.script_length] << (8 * scripted);
    }
    return value;
}

static void write_latch(uint16_t port, uint8_t width_bits, uint32_t value)
{
    if (fake.port_device.out) {
        fake.port_device.out(fake.port_device.context, port, width_bits, value);
        return;
    }
    fake_ports_write(fake.latch, port, width_bits, value);
}

static void port_access(uint16_t port, uint8_t width_bits, bool out, uint32_t value, uint32_t count)
{
    if ((uint32_t)port + width_bits / 8u > FAKE_PORTS)
        fake_violation("a %u-bit access at %#x runs past port 0xFFFF", (unsigned)width_bits, (unsigned)port);
    if (count == 0)
        fake_violation("a string access of 0 elements at %#x", (unsigned)port);
    struct fake_access record = {port, width_bits, out, value, count};
    if (fake.on_access)
        fake.on_access(fake.access_context, &record);
    atomic_fetch_add_explicit(&fake.accesses, count, memory_order_relaxed);
}

uint8_t __inbyte(uint16_t port)
{
    uint8_t value = (uint8_t)read_latch(port, 8);
    port_access(port, 8, false, value, 1);
    return value;
}

uint16_t __inword(uint16_t port)
{
    port_access(port, 16, false, 0, 1);
    return (uint16_t)read_latch(port, 16);
}

uint32_t __indword(uint16_t port)
{
    port_access(port, 32, false, 0, 1);
    return read_latch(port, 32);
}

void __outbyte(uint16_t port, uint8_t value)
{
    port_access(port, 8, true, value, 1);
    write_latch(port, 8, value);
}

void __outword(uint16_t port, uint16_t value)
{
    port_access(port, 16, true, value, 1);
    write_latch(port, 16, value);
}

void __outdword(uint16_t port, uint32_t value)
{
    port_access(port, 32, true, value, 1);
    write_latch(port, 32, value);
}

void __inbytestring(uint16_t port, uint8_t *buffer, uint32_t count)
{
    port_access(port, 8, false, 0, count);
    for (uint32_t i = 0; i < count; i++)
        buffer[i] = (uint8_t)read_latch(port, 8);
}

void __inwordstring(uint16_t port, uint16_t *buffer, uint32_t count)
{
    port_access(port, 16, false, 0, count);
    for (uint32_t i = 0; i < count; i++)
        buffer[i] = (uint16_t)read_latch(port, 16);
}

void __indwordstring(uint16_t port, uint32_t *buffer, uint32_t count)
{
    port_access(port, 32, false, 0, count);
    for (uint32_t i = 0; i < count; i++)
        buffer[i] = read_latch(port, 32);
}

void __outbytestring(uint16_t port, uint8_t *buffer, uint32_t count)
{
    port_access(port, 8, true, buffer[count - 1], count);
    for (uint32_t i = 0; i < count; i++)
        write_latch(port, 8, buffer[i]);
}

void __outwordstring(uint16_t port, uint16_t *buffer, uint32_t count)
{
    port_access(port, 16, true, buffer[count - 1], count);
    for (uint32_t i = 0; i < count; i++)
        write_latch(port, 16, buffer[i]);
}

void __outdwordstring(uint16_t port, uint32_t *buffer, uint32_t count)
{
    port_access(port, 32, true, buffer[count - 1], count);
    for (uint32_t i = 0; i < count; i++)
        write_latch(port, 32, buffer[i]);
}
