/* SPDX-License-Identifier: MIT */
/* A process-wide mutex with a static initialiser, for the library's state,
 * and the batch lock, which every portio_batch takes. */
#ifndef PORTIO_LOCK_H
#define PORTIO_LOCK_H

#ifdef _WIN32
#include <windows.h>
typedef SRWLOCK portio_lock;
#define PORTIO_LOCK_INIT SRWLOCK_INIT
static inline void portio_lock_acquire(portio_lock *lock) { AcquireSRWLockExclusive(lock); }
static inline void portio_lock_release(portio_lock *lock) { ReleaseSRWLockExclusive(lock); }
#else
#include <pthread.h>
typedef pthread_mutex_t portio_lock;
#define PORTIO_LOCK_INIT PTHREAD_MUTEX_INITIALIZER
static inline void portio_lock_acquire(portio_lock *lock) { pthread_mutex_lock(lock); }
static inline void portio_lock_release(portio_lock *lock) { pthread_mutex_unlock(lock); }
#endif

#if defined(__linux__) && defined(__GNUC__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

/* SYS_futex: 32-bit ports with only the 64-bit-time futex call keep the
 * pthread mutex. */
#if defined(__linux__) && defined(__GNUC__) && defined(SYS_futex)
/* Linux: the uncontended batch takes and gives back the lock with one
 * atomic instruction each, inline; pthread_mutex_lock and _unlock were two
 * calls through the PLT and their tests of the mutex's type, about 1 % of a
 * 64-op batch under emulation. A contended taker sleeps in the kernel (a
 * batch may wait up to 1 s per op, so it must not spin). The state is 0
 * free, 1 held, 2 held and maybe slept on; the atomics order the memory
 * (and tell ThreadSanitizer so), the futex only sleeps and wakes. */
typedef struct {
    unsigned state;
} portio_batch_lock_t;
#define PORTIO_BATCH_LOCK_INIT {0}

/* Marks the lock slept on and sleeps while it stays so; it is ours when
 * the exchange finds it free. */
__attribute__((noinline, cold, unused)) static void portio_batch_lock_contended(portio_batch_lock_t *lock)
{
    while (__atomic_exchange_n(&lock->state, 2u, __ATOMIC_ACQUIRE) != 0)
        syscall(SYS_futex, &lock->state, FUTEX_WAIT_PRIVATE, 2u, NULL, NULL, 0);
}

static inline void portio_batch_lock_acquire(portio_batch_lock_t *lock)
{
    unsigned expected = 0;
    if (!__atomic_compare_exchange_n(&lock->state, &expected, 1u, 0, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED))
        portio_batch_lock_contended(lock);
}

/* A sleeper set 2 before sleeping, so it is woken; one that has not slept
 * yet finds the state changed and does not sleep. */
static inline void portio_batch_lock_release(portio_batch_lock_t *lock)
{
    if (__atomic_exchange_n(&lock->state, 0u, __ATOMIC_RELEASE) == 2)
        syscall(SYS_futex, &lock->state, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
#else
typedef portio_lock portio_batch_lock_t;
#define PORTIO_BATCH_LOCK_INIT PORTIO_LOCK_INIT
static inline void portio_batch_lock_acquire(portio_batch_lock_t *lock) { portio_lock_acquire(lock); }
static inline void portio_batch_lock_release(portio_batch_lock_t *lock) { portio_lock_release(lock); }
#endif

/* Held by portio_batch from its check pass through its last op, so that the
 * batches of the process never interleave, and by portio_disable, so that a
 * disable waits for a running batch. Taken before the front's state lock
 * and any backend's lock, never while holding one. */
extern portio_batch_lock_t portio_batch_lock;

#endif
