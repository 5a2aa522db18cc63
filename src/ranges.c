/* SPDX-License-Identifier: MIT */
#include "ranges.h"

#include <stdatomic.h>

#include "plain_atomics.h"

#define WORD_BITS 64u
#define WORD_COUNT (PORTIO_PORT_COUNT / WORD_BITS)

_Atomic uint64_t portio_enabled_ports[WORD_COUNT];
unsigned char portio_port_widths[PORTIO_PORT_COUNT];

static bool port_enabled(uint32_t port);

/* Brings portio_port_widths up to date for the accesses that touch
 * [first, end): those that start up to 3 ports before. */
static void update_widths(uint32_t first, uint32_t end)
{
    uint32_t from = first >= 3 ? first - 3 : 0;
    for (uint32_t port = from; port < end; port++) {
        unsigned widths = 0;
        if (port_enabled(port)) {
            widths = 1;
            if (port + 1 < PORTIO_PORT_COUNT && port_enabled(port + 1)) {
                widths |= 2;
                if (port + 3 < PORTIO_PORT_COUNT && port_enabled(port + 2) && port_enabled(port + 3))
                    widths |= 4;
            }
        }
        portio_plain_store_byte_relaxed(&portio_port_widths[port], (unsigned char)widths);
    }
}

/* The bits of word `index` that fall inside [first, end). */
static uint64_t word_mask(uint32_t index, uint32_t first, uint32_t end)
{
    uint32_t word_first = index * WORD_BITS;
    uint32_t low = first > word_first ? first - word_first : 0;
    uint32_t high = end < word_first + WORD_BITS ? end - word_first : WORD_BITS;
    uint64_t upto_high = high == WORD_BITS ? ~UINT64_C(0) : (UINT64_C(1) << high) - 1;
    return upto_high & ~((UINT64_C(1) << low) - 1);
}

void portio_ranges_set(uint32_t first, uint32_t count)
{
    uint32_t end = first + count;
    for (uint32_t i = first / WORD_BITS; i * WORD_BITS < end; i++)
        atomic_fetch_or_explicit(&portio_enabled_ports[i], word_mask(i, first, end), memory_order_relaxed);
    update_widths(first, end);
}

void portio_ranges_clear(uint32_t first, uint32_t count)
{
    uint32_t end = first + count;
    for (uint32_t i = first / WORD_BITS; i * WORD_BITS < end; i++)
        atomic_fetch_and_explicit(&portio_enabled_ports[i], ~word_mask(i, first, end), memory_order_relaxed);
    update_widths(first, end);
}

void portio_ranges_clear_all(void)
{
    portio_ranges_clear(0, PORTIO_PORT_COUNT);
}

bool portio_ranges_contain(uint32_t first, uint32_t count)
{
    /* Written so that first + count cannot wrap around. */
    if (count == 0 || count > PORTIO_PORT_COUNT || first > PORTIO_PORT_COUNT - count)
        return false;
    uint32_t end = first + count;
    for (uint32_t i = first / WORD_BITS; i * WORD_BITS < end; i++) {
        uint64_t mask = word_mask(i, first, end);
        if ((atomic_load_explicit(&portio_enabled_ports[i], memory_order_relaxed) & mask) != mask)
            return false;
    }
    return true;
}

bool portio_ranges_empty(void)
{
    for (uint32_t i = 0; i < WORD_COUNT; i++)
        if (atomic_load_explicit(&portio_enabled_ports[i], memory_order_relaxed))
            return false;
    return true;
}

static bool port_enabled(uint32_t port)
{
    uint64_t word = atomic_load_explicit(&portio_enabled_ports[port / WORD_BITS], memory_order_relaxed);
    return (word >> (port % WORD_BITS)) & 1u;
}

int portio_ranges_for_each_run(portio_run_visitor visit, void *context)
{
    uint32_t port = 0;
    while (port < PORTIO_PORT_COUNT) {
        if (!port_enabled(port)) {
            bool word_empty = port % WORD_BITS == 0 &&
                atomic_load_explicit(&portio_enabled_ports[port / WORD_BITS], memory_order_relaxed) == 0;
            port += word_empty ? WORD_BITS : 1;
            continue;
        }
        uint32_t first = port;
        while (port < PORTIO_PORT_COUNT && port_enabled(port))
            port++;
        int result = visit(first, port - first, context);
        if (result)
            return result;
    }
    return 0;
}
