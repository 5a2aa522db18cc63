/* SPDX-License-Identifier: MIT */
/*
 * The library where no cmocka is at hand (cross builds for other
 * processors): plain C, one line per check, the mock and the platform's
 * answers. On x86 and elsewhere, Linux and Windows alike.
 */
#include <stdio.h>
#include <string.h>

#include "portio.h"

static int passed;
static int failed;

#define CHECK(condition)                                                     \
    do {                                                                     \
        if (condition) {                                                     \
            passed++;                                                        \
        } else {                                                             \
            failed++;                                                        \
            printf("FAILED: %s (line %d): %s\n", #condition, __LINE__,      \
                   portio_last_error());                                     \
        }                                                                    \
    } while (0)

#ifndef _WIN32
static int has_x86_instructions(void)
{
#if defined(__i386__) || defined(__x86_64__)
    return 1;
#else
    return 0;
#endif
}
#endif

int main(void)
{
    /* the mock: a parallel port, read back through both paths */
    portio_mock_lpt *lpt = NULL;
    CHECK(portio_use_backend("mock") == PORTIO_OK);
    CHECK(portio_mock_add_lpt(0x378, &lpt) == PORTIO_OK);
    CHECK(portio_enable(0x378, 3) == PORTIO_OK);
    portio_outb(0x378, 0x5A);
    CHECK(portio_inb(0x378) == 0x5A);
    uint32_t value = 0;
    CHECK(portio_read(0x379, 8, &value) == PORTIO_OK && value == 0xD8);
    CHECK(portio_read(0x37A, 16, &value) == PORTIO_E_NOT_ENABLED);
    /* Where portio.h makes them inline, their addresses are still the
     * library's functions, which do the same. */
    uint8_t (*inb)(uint16_t) = &portio_inb;
    void (*outb)(uint16_t, uint8_t) = portio_outb;
    int (*read)(uint16_t, unsigned, uint32_t *) = portio_read;
    int (*write)(uint16_t, unsigned, uint32_t) = &portio_write;
    outb(0x378, 0xC3);
    CHECK(inb(0x378) == 0xC3);
    CHECK(write(0x378, 8, 0x3C) == PORTIO_OK);
    CHECK(read(0x378, 8, &value) == PORTIO_OK && value == 0x3C);
    CHECK(read(0x378, 12, &value) == PORTIO_E_INVALID);
    CHECK(write(0x378, 8, 0x100) == PORTIO_E_INVALID);
    CHECK(portio_write(0x378, 8, 0x100) == PORTIO_E_INVALID);
    CHECK(portio_write(0x378, 64, 0) == PORTIO_E_INVALID);
    CHECK(portio_read(0x378, 0, &value) == PORTIO_E_INVALID);
    CHECK(portio_read(0x378, 8, NULL) == PORTIO_E_INVALID);
    CHECK(portio_disable(0, 0x10000) == PORTIO_OK);

#ifdef _WIN32
    /* the platform: Windows reaches ports through the driver only */
    CHECK(portio_use_backend("direct") == PORTIO_E_UNSUPPORTED);
    CHECK(portio_use_backend("devport") == PORTIO_E_UNSUPPORTED);
    CHECK(portio_use_backend("driver") == PORTIO_OK);
    CHECK(strcmp(portio_backend(), "driver") == 0);
#else
    /* the platform: direct exists only with the x86 instructions */
    int direct = portio_use_backend("direct");
    CHECK(has_x86_instructions() ? direct == PORTIO_OK : direct == PORTIO_E_UNSUPPORTED);
    CHECK(portio_use_backend("devport") == PORTIO_OK);
    CHECK(strcmp(portio_backend(), "devport") == 0);
    CHECK(portio_use_backend("driver") == PORTIO_E_UNSUPPORTED);
#endif

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
