/* SPDX-License-Identifier: MIT */
/* PORTIO_HIDDEN: state shared between the library's files, never exported
 * even from a shared library, so the hot paths load it directly instead of
 * through the symbol table. */
#ifndef PORTIO_VISIBILITY_H
#define PORTIO_VISIBILITY_H

#if defined(__GNUC__) && !defined(_WIN32)
#define PORTIO_HIDDEN __attribute__((visibility("hidden")))
#else
#define PORTIO_HIDDEN
#endif

#endif
