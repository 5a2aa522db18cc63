/* SPDX-License-Identifier: MIT */
/* What the examples' test files share: the examples' output captured in
 * temporary files, and a count of the batches an example runs. */
#ifndef EXAMPLE_TEST_SUPPORT_H
#define EXAMPLE_TEST_SUPPORT_H

#include <stdio.h>

#include "test_support.h"

/* tmpfile, not open_memstream: it works on Windows (under Wine) too. */
static inline FILE *temporary_stream(void)
{
    FILE *stream = tmpfile();
    assert_non_null(stream);
    return stream;
}

/* Up to size bytes of what was written to stream, which is closed.
 * Returns how many. */
static inline size_t read_bytes_back(FILE *stream, void *bytes, size_t size)
{
    assert_int_equal(fflush(stream), 0);
    rewind(stream);
    size_t length = fread(bytes, 1, size, stream);
    fclose(stream);
    return length;
}

/* The same as a string: up to size - 1 characters and a '\0'. */
static inline void read_text_back(FILE *stream, char *text, size_t size)
{
    text[read_bytes_back(stream, text, size - 1)] = '\0';
}

/*
 * Test programs linked with -Wl,--wrap=portio_batch (tests/CMakeLists.txt
 * defines TEST_COUNTS_BATCHES where the linker can) send every
 * portio_batch call of the code under test through here: batches_run
 * counts them. One test file per program includes this header.
 */
#ifdef TEST_COUNTS_BATCHES
int __real_portio_batch(portio_batch_op *ops, size_t count);
int __wrap_portio_batch(portio_batch_op *ops, size_t count);
static size_t batches_run;
int __wrap_portio_batch(portio_batch_op *ops, size_t count)
{
    batches_run++;
    return __real_portio_batch(ops, count);
}
#define reset_batch_count() ((void)(batches_run = 0))
#define assert_batches(expected) assert_int_equal(batches_run, (expected))
#else
#define reset_batch_count() ((void)0)
#define assert_batches(expected) ((void)0)
#endif

#endif
