/* SPDX-License-Identifier: MIT */
/*
 * The reference model of fuzz_api_sequences: what include/portio.h says
 * the library does on the mock backend, written from the header and
 * nothing else, so that the target can compare every status, value, log
 * entry and clock reading of the library with it. It also holds the
 * register file, the device model that the target attaches to the mock
 * and of which the reference keeps its own copy.
 */
#ifndef API_REFERENCE_H
#define API_REFERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "portio.h"

/* A set of statuses: bit n for -n, so PORTIO_OK is bit 0. */
typedef unsigned status_set;
#define STATUS_BIT(status) (1u << (unsigned)-(status))

/* ---- The register file: a device model over [first, first + count). */
#define REGFILE_BYTES 64 /* the registers repeat every 64 ports of a long range */
enum regfile_mode {
    REGFILE_NO_READ = 1,  /* attached with a NULL read callback */
    REGFILE_NO_WRITE = 2, /* attached with a NULL write callback */
    REGFILE_NOISY = 4,    /* reads set bits above the width, which the mock must drop */
    REGFILE_COUNTING = 8, /* a read increments the register it started at: waits progress */
};
struct regfile {
    uint32_t first, count;
    unsigned mode;
    uint8_t bytes[REGFILE_BYTES];
    unsigned long reads, writes; /* callbacks received */
};
void regfile_init(struct regfile *file, uint32_t first, uint32_t count, unsigned mode, uint8_t seed);
/* Bytes past the device's range read 0xFF and take no write. */
uint32_t regfile_read(struct regfile *file, uint16_t port, unsigned width_bits);
void regfile_write(struct regfile *file, uint16_t port, unsigned width_bits, uint32_t value);

/* ---- The parallel port as portio.h describes it. */
#define REF_PRINTED_MAX 8192 /* more than bounded inputs can strobe */
struct ref_lpt {
    uint16_t base;
    uint8_t latch, input, status, control;
    unsigned busy_reads;
    uint8_t printed[REF_PRINTED_MAX];
    size_t printed_count, taken;
};

struct ref_device {
    uint32_t first, count;
    int lpt; /* index in lpts, or -1 for a register file */
    struct regfile file;
};

struct reference {
    uint64_t enabled[0x10000 / 64];
    bool mock_active;      /* else no backend chosen yet */
    const char *requested; /* portio_use_backend's name, NULL before any */
    const char *env;       /* PORTIO_BACKEND, NULL when unset */
    struct ref_device devices[PORTIO_MOCK_MAX_DEVICES];
    size_t device_count;
    struct ref_lpt lpts[PORTIO_MOCK_MAX_LPTS];
    size_t lpt_count;
    portio_mock_access log[PORTIO_MOCK_LOG_CAPACITY];
    size_t log_length;
    size_t unenabled;
    uint64_t clock_us;
};

void ref_start(struct reference *ref);
bool ref_enabled(const struct reference *ref, uint32_t port, unsigned bytes);
/* Bits 0, 1, 2 as portio_port_widths[port] should hold them. */
unsigned ref_port_widths(const struct reference *ref, uint16_t port);

int ref_enable(struct reference *ref, uint32_t first, uint32_t count);
int ref_disable(struct reference *ref, uint32_t first, uint32_t count);
int ref_use_backend(struct reference *ref, const char *name);
const char *ref_backend_name(const struct reference *ref);
/* portio_front_reset_for_tests: no backend, no request, no range. */
void ref_front_reset(struct reference *ref);
void ref_mock_reset(struct reference *ref);

/* One access that reaches the mock: advances the clock, logs. */
uint32_t ref_access_read(struct reference *ref, uint16_t port, unsigned width_bits);
void ref_access_write(struct reference *ref, uint16_t port, unsigned width_bits, uint32_t value);

/* A fast read or write: true when it reaches the port; counts the
 * unenabled ones while the mock is the backend. */
bool ref_fast_reaches(struct reference *ref, uint16_t port, unsigned width_bits);

/* The statuses portio_read/portio_write may return, before any access. */
status_set ref_checked_read(const struct reference *ref, uint16_t port, unsigned width_bits,
                            bool value_null);
status_set ref_checked_write(const struct reference *ref, uint16_t port, unsigned width_bits,
                             uint32_t value);

/* portio_batch: the refusals of one op (empty: it passes the checks). */
status_set ref_batch_op_refusal(const struct reference *ref, const portio_batch_op *op);
/* Runs checked ops on the reference; *stop_index gets the op that timed
 * out. Returns PORTIO_OK or PORTIO_E_TIMEOUT. */
int ref_batch_run(struct reference *ref, portio_batch_op *ops, size_t count, size_t *stop_index);

int ref_attach(struct reference *ref, uint32_t first, uint32_t count, unsigned mode, uint8_t seed);
/* *index gets the new model's index in lpts. */
int ref_add_lpt(struct reference *ref, uint16_t base, size_t *index);

#endif
