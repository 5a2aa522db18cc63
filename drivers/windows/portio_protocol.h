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
#define PORTIO_PROTOCOL_VERSION 2

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
 * struct portio_op, then the data of string operations */
#define IOCTL_PORTIO_TRANSFER PORTIO_IOCTL(0x803u)
/* in: nothing; out: struct portio_stats_reply (this handle's counters) */
#define IOCTL_PORTIO_STATS PORTIO_IOCTL(0x804u)
/* in: struct portio_sequence_header, then op_count struct portio_sequence_op;
 * out: the values the IN ops read, one uint32_t each, in order
 * (in_count of them). For portio_batch: 8 bytes per op in, 4 per read out,
 * where TRANSFER moves 16 bytes per op both ways. */
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

/* portio_op.kind */
enum portio_op_kind {
    PORTIO_OP_IN = 1,   /* value = in(port) */
    PORTIO_OP_OUT = 2,  /* out(port, value) */
    PORTIO_OP_INS = 3,  /* count elements from port into the data at data_offset */
    PORTIO_OP_OUTS = 4, /* count elements from the data at data_offset to port */
};

struct portio_op {
    uint16_t port;
    uint8_t width_bits;  /* 8, 16 or 32 */
    uint8_t kind;        /* enum portio_op_kind */
    uint32_t count;      /* string operations: elements; others: 0 */
    uint32_t value;      /* IN: filled in; OUT: the value; strings: 0 */
    uint32_t data_offset; /* string operations: from the start of the buffer, a
                             multiple of the element size, past the ops */
};

struct portio_transfer_header {
    uint32_t size;       /* sizeof(struct portio_transfer_header) */
    uint32_t op_count;   /* 1..PORTIO_MAX_OPS */
    uint32_t total_size; /* the whole buffer, = input length = output length */
    uint32_t reserved;   /* 0 */
};

/* An op of IOCTL_PORTIO_SEQUENCE: a single IN or OUT, no strings. */
struct portio_sequence_op {
    uint16_t port;
    uint8_t width_bits; /* 8, 16 or 32 */
    uint8_t kind;       /* PORTIO_OP_IN or PORTIO_OP_OUT */
    uint32_t value;     /* OUT: the value (fits the width); IN: 0 */
};

/* The output length must be exactly 4 * in_count: the driver writes all of
 * it, and a client that expects another size has another idea of the
 * request. */
struct portio_sequence_header {
    uint32_t size;     /* sizeof(struct portio_sequence_header) */
    uint32_t op_count; /* 1..PORTIO_MAX_OPS; input length = 16 + 8 * op_count */
    uint32_t in_count; /* how many ops are IN: the reply's values */
    uint32_t reserved; /* 0 */
};

struct portio_stats_reply {
    uint32_t size;       /* sizeof(struct portio_stats_reply) */
    uint32_t reserved;
    uint64_t transfer_requests; /* IOCTL_PORTIO_TRANSFER and _SEQUENCE requests served */
    uint64_t operations;        /* port accesses made, string elements included */
};

#define PORTIO_MAX_OPS 4096u
#define PORTIO_MAX_TRANSFER_SIZE (1024u * 1024u)

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

#endif
