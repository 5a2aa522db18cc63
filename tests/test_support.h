/* SPDX-License-Identifier: MIT */
/* What every portio test file needs: cmocka, and checks on messages. */
#ifndef TEST_SUPPORT_H
#define TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "portio.h"

static inline void check_contains(const char *text, const char *part, const char *file, int line)
{
    if (!text || !strstr(text, part)) {
        print_error("\"%s\" does not contain \"%s\"\n", text ? text : "(null)", part);
        _fail(file, line);
    }
}

/* The message a person would read names the thing to do. */
#define assert_contains(text, part) check_contains((text), (part), __FILE__, __LINE__)
#define assert_last_error_contains(part) assert_contains(portio_last_error(), (part))

/* Mock backend, empty port space, nothing enabled. */
static inline int use_empty_mock(void **state)
{
    (void)state;
    portio_mock_reset();
    if (portio_disable(0, 0x10000) != PORTIO_OK || portio_use_backend("mock") != PORTIO_OK)
        return -1;
    return 0;
}

/* One entry of the mock's access log (portio_mock_log). */
static inline void assert_access(const portio_mock_access *entry, uint16_t port, unsigned width_bits,
                                 int direction, uint32_t value)
{
    assert_int_equal(entry->port, port);
    assert_int_equal(entry->width_bits, width_bits);
    assert_int_equal(entry->direction, direction);
    assert_int_equal(entry->value, value);
}

#endif
