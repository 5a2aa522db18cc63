/* SPDX-License-Identifier: MIT */
/*
 * The IOCTL protocol between the portio driver (portio.sys) and the user
 * side (src/windows/). One header for both, and for the host unit tests of
 * the driver's request checking: only <stdint.h>, no Windows headers.
 *
 * Every struct has explicit sizes and 4-byte alignment; sizes are checked
 * below at compile time, so a 32-bit client and a 64-bit driver agree.
 * All requests are METHOD_BUFFERED.
 */
#ifndef PORTIO_PROTOCOL_H
#define PORTIO_PROTOCOL_H

#include <stdint.h>

/* Bumped on any incompatible change; the user side refuses a driver whose
 * version differs. */
#define PORTIO_PROTOCOL_VERSION 4

/* Kernel names and the path user mode opens. */
#define PORTIO_DEVICE_NAME L"\\Device\\portio"
#define PORTIO_SYMLINK_NAME L"\\DosDevices\\portio"
#define PORTIO_USER_PATH "\\\\.\\portio"
#define PORTIO_SERVICE_NAME "portio"

/* CTL_CODE(type, function, METHOD_BUFFERED, FILE_READ_DATA | FILE_WRITE_DATA),
 * spelled out so that this header needs no Windows header. Device types from
 * 0x8000 up are for vendors. */
#define PORTIO_DEVICE_TYPE 0x8C10u
#define PORTIO_IOCTL(function) ((PORTIO_DEVICE_TYPE << 16) | (3u << 14) | ((function) << 2) | 0u)

/* in: nothing; out: struct portio_hello_reply */
#define IOCTL_PORTIO_HELLO PORTIO_IOCTL(0x800u)
/* in: struct portio_range_request; out: struct portio_enable_reply */
#define IOCTL_PORTIO_ENABLE PORTIO_IOCTL(0x801u)
/* in: struct portio_range_request; out: nothing */
#define IOCTL_PORTIO_DISABLE PORTIO_IOCTL(0x802u)
/* in and out: one buffer, struct portio_transfer_header, then op_count
 * struct portio_op, then the data of string operations. The output length
 * is the whole buffer, or 0 when no op reads (every op is OUT or OUTS):
 * then the driver answers 0 bytes, and nothing is copied back for nothing
 * (since version 4). */
#define IOCTL_PORTIO_TRANSFER PORTIO_IOCTL(0x803u)
/* in: nothing; out: struct portio_stats_reply (this handle's counters) */
#define IOCTL_PORTIO_STATS PORTIO_IOCTL(0x804u)
/* in: struct portio_sequence_header, then op_count ops (struct
 * portio_sequence_op, each WAIT and MODIFY followed by one struct
 * portio_sequence_extra); out: struct portio_sequence_reply, then one
 * uint32_t per IN, WAIT and MODIFY op, in order (value_count of them). For
 * portio_batch: 8 bytes per read or write in and 4 per read out, where
 * TRANSFER moves 16 bytes per op both ways. The whole request runs under
 * one lock for all handles: no other request runs in between. */
#define IOCTL_PORTIO_SEQUENCE PORTIO_IOCTL(0x805u)

/* portio_hello_reply.features */
#define PORTIO_FEATURE_IOPM_GRANT 0x1u /* 32-bit Windows: the I/O permission map can be granted */

struct portio_hello_reply {
    uint32_t size;             /* sizeof(struct portio_hello_reply) */
    uint32_t protocol_version; /* PORTIO_PROTOCOL_VERSION */
    uint32_t features;         /* PORTIO_FEATURE_* */
    uint32_t max_transfer_size; /* largest IOCTL_PORTIO_TRANSFER buffer, bytes */
};

/* portio_range_request.flags */
#define PORTIO_ENABLE_WANT_GRANT 0x1u /* grant the I/O permission map if this Windows can */

struct portio_range_request {
    uint32_t size;  /* sizeof(struct portio_range_request) */
    uint32_t first; /* first port, 0..0xFFFF */
    uint32_t count; /* 1..0x10000 - first */
    uint32_t flags; /* PORTIO_ENABLE_*; 0 for disable */
};

struct portio_enable_reply {
    uint32_t size;    /* sizeof(struct portio_enable_reply) */
    uint32_t granted; /* 1: the process may now run in/out itself (IOPM grant) */
};

/* portio_op.kind (TRANSFER: IN to OUTS) and portio_sequence_op.kind
 * (SEQUENCE: IN, OUT, WAIT, DELAY, MODIFY) */
enum portio_op_kind {
    PORTIO_OP_IN = 1,     /* value = in(port) */
    PORTIO_OP_OUT = 2,    /* out(port, value) */
    PORTIO_OP_INS = 3,    /* count elements from port into the data at data_offset */
    PORTIO_OP_OUTS = 4,   /* count elements from the data at data_offset to port */
    PORTIO_OP_WAIT = 5,   /* read port until (read & mask) == value, at most time_us */
    PORTIO_OP_DELAY = 6,  /* pause value microseconds */
    PORTIO_OP_MODIFY = 7, /* read port, write (read & ~mask) | value */
};

/* Whether a TRANSFER op of this kind reads: a TRANSFER needs an output
 * buffer (the whole request) exactly when one of its ops does. Both sides
 * use this one rule: the library to size its request, the driver's check
 * to accept it. */
static inline int portio_op_reads(uint32_t kind)
{
    return kind == PORTIO_OP_IN || kind == PORTIO_OP_INS;
}

struct portio_op {
    uint16_t port;
    uint8_t width_bits;  /* 8, 16 or 32 */
    uint8_t kind;        /* enum portio_op_kind */
    uint32_t count;      /* string operations: elements; others: 0 */
    uint32_t value;      /* IN: filled in; OUT: the value; strings: unused (send 0) */
    uint32_t data_offset; /* string operations: from the start of the buffer, a
                             multiple of the element size, past the ops;
                             IN, OUT: unused (send 0) */
};

struct portio_transfer_header {
    uint32_t size;       /* sizeof(struct portio_transfer_header) */
    uint32_t op_count;   /* 1..PORTIO_MAX_OPS */
    uint32_t total_size; /* the whole buffer, = input length = output length
                            (or output length 0: writes only) */
    uint32_t reserved;   /* 0 */
};

/* An op of IOCTL_PORTIO_SEQUENCE, no strings:
 *   IN      value 0
 *   OUT     value fits the width
 *   WAIT    value: the expected bits, inside mask; then an extra
 *   DELAY   port 0, width_bits 0, value: microseconds, 1..PORTIO_MAX_WAIT_US
 *   MODIFY  value: the bits to set, fitting the width; then an extra */
struct portio_sequence_op {
    uint16_t port;
    uint8_t width_bits; /* 8, 16 or 32; 0 for DELAY */
    uint8_t kind;       /* PORTIO_OP_IN, _OUT, _WAIT, _DELAY or _MODIFY */
    uint32_t value;
};

/* Follows a WAIT or MODIFY op. */
struct portio_sequence_extra {
    uint32_t mask;    /* WAIT: the bits compared, not 0, fitting the width;
                         MODIFY: the bits cleared, fitting the width */
    uint32_t time_us; /* WAIT: the timeout, 0..PORTIO_MAX_WAIT_US (0: one read);
                         MODIFY: 0 */
};

/* The output length must be exactly 16 + 4 * value_count: the driver
 * writes all of it, and a client that expects another size has another
 * idea of the request. */
struct portio_sequence_header {
    uint32_t size;        /* sizeof(struct portio_sequence_header) */
    uint32_t op_count;    /* 1..PORTIO_MAX_OPS; input length = 16 + 8 * (op_count
                             + the number of WAIT and MODIFY ops) */
    uint32_t value_count; /* how many ops are IN, WAIT or MODIFY: the reply's values */
    uint32_t reserved;    /* 0 */
};

/* portio_sequence_reply.outcome */
enum portio_sequence_outcome {
    PORTIO_SEQUENCE_DONE = 0,         /* every op ran; ops_run = op_count */
    PORTIO_SEQUENCE_WAIT_TIMED_OUT = 1, /* op ops_run, a WAIT, ran out of its time */
    PORTIO_SEQUENCE_BUDGET_SPENT = 2, /* op ops_run (a WAIT or DELAY) would pass the
                                         request's PORTIO_MAX_REQUEST_WAIT_US */
};

/* The start of a SEQUENCE's output; the values follow. A value is the read
 * of an IN, the last read of a WAIT, the read before the change of a
 * MODIFY; ops that did not run leave 0. Ops before ops_run ran; a WAIT that
 * stopped the request has its last read in last_value (and in its value). */
struct portio_sequence_reply {
    uint32_t size;       /* sizeof(struct portio_sequence_reply) */
    uint32_t outcome;    /* enum portio_sequence_outcome */
    uint32_t ops_run;    /* the index of the op that stopped the request, or op_count */
    uint32_t last_value; /* for a stopping WAIT: the last value it read; else 0 */
};

struct portio_stats_reply {
    uint32_t size;       /* sizeof(struct portio_stats_reply) */
    uint32_t reserved;
    uint64_t transfer_requests; /* IOCTL_PORTIO_TRANSFER and _SEQUENCE requests served */
    uint64_t operations;        /* port accesses made, string elements included */
};

#define PORTIO_MAX_OPS 4096u
#define PORTIO_MAX_TRANSFER_SIZE (1024u * 1024u)
/* The longest WAIT or DELAY of one op, and the time one SEQUENCE request
 * may spend waiting and delaying in all (time spent, not asked for). */
#define PORTIO_MAX_WAIT_US 1000000u
#define PORTIO_MAX_REQUEST_WAIT_US 2000000u

/* The layout is the protocol: make any change a compile error first. */
#define PORTIO_PROTOCOL_SIZE(type, bytes) \
    typedef char portio_protocol_size_##type[(sizeof(struct type) == (bytes)) ? 1 : -1]
PORTIO_PROTOCOL_SIZE(portio_hello_reply, 16);
PORTIO_PROTOCOL_SIZE(portio_range_request, 16);
PORTIO_PROTOCOL_SIZE(portio_enable_reply, 8);
PORTIO_PROTOCOL_SIZE(portio_op, 16);
PORTIO_PROTOCOL_SIZE(portio_transfer_header, 16);
PORTIO_PROTOCOL_SIZE(portio_stats_reply, 24);
PORTIO_PROTOCOL_SIZE(portio_sequence_op, 8);
PORTIO_PROTOCOL_SIZE(portio_sequence_header, 16);
PORTIO_PROTOCOL_SIZE(portio_sequence_extra, 8);
PORTIO_PROTOCOL_SIZE(portio_sequence_reply, 16);

#endif
