/* SPDX-License-Identifier: MIT */
/* The per-thread error message behind portio_last_error(). */
#ifndef PORTIO_ERRORS_H
#define PORTIO_ERRORS_H

#if defined(__MINGW32__)
/* mingw's C99 stdio (__USE_MINGW_ANSI_STDIO) takes GNU formats such as %zu. */
#define PORTIO_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#elif defined(__GNUC__) || defined(__clang__)
#define PORTIO_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define PORTIO_PRINTF(fmt, args)
#endif

/* Records a message for this thread and returns status, so that callers can
 * write `return portio_fail(PORTIO_E_..., "...")`. */
int portio_fail(int status, const char *format, ...) PORTIO_PRINTF(2, 3);

#endif
