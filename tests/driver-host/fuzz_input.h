/* SPDX-License-Identifier: MIT */
/*
 * For the differential fuzz targets (fuzz_check_*.c): the fuzz input read as
 * a stream of choices, and the way a target stops when the driver and the
 * reference disagree. Past the end every read gives 0, so any input, however
 * short, still builds a whole request.
 */
#ifndef PORTIO_FUZZ_INPUT_H
#define PORTIO_FUZZ_INPUT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "request_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_input {
    const uint8_t *data;
    size_t size;
    size_t at;
};

static inline size_t fuzz_left(const struct fuzz_input *input)
{
    return input->size - input->at;
}

static inline uint8_t fuzz_u8(struct fuzz_input *input)
{
    return input->at < input->size ? input->data[input->at++] : 0;
}

static inline uint16_t fuzz_u16(struct fuzz_input *input)
{
    uint16_t low = fuzz_u8(input);
    return (uint16_t)(low | (uint16_t)fuzz_u8(input) << 8);
}

static inline uint32_t fuzz_u32(struct fuzz_input *input)
{
    uint32_t low = fuzz_u16(input);
    return low | (uint32_t)fuzz_u16(input) << 16;
}

static inline const char *fuzz_check_name(int result)
{
    switch (result) {
    case PORTIO_CHECK_OK:
        return "OK";
    case PORTIO_CHECK_MALFORMED:
        return "MALFORMED";
    case PORTIO_CHECK_NOT_ENABLED:
        return "NOT_ENABLED";
    case PORTIO_CHECK_NOT_ALLOWED:
        return "NOT_ALLOWED";
    default:
        return "(not a result)";
    }
}

/* The driver and the reference disagree: say how, then crash so that
 * libFuzzer keeps the input. */
__attribute__((format(printf, 2, 3), noreturn)) static inline void fuzz_disagree(const char *target,
                                                                                 const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    fprintf(stderr, "%s: driver and reference disagree: ", target);
    vfprintf(stderr, format, arguments);
    fputc('\n', stderr);
    va_end(arguments);
    __builtin_trap();
}

#endif
