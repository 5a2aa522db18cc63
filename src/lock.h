/* A process-wide mutex with a static initialiser, for the library's state. */
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

/* Held by portio_batch from its check pass through its last op, so that the
 * batches of the process never interleave, and by portio_disable, so that a
 * disable waits for a running batch. Taken before the front's state lock
 * and any backend's lock, never while holding one. */
extern portio_lock portio_batch_lock;

#endif
