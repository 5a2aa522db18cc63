/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the input is a program, up to MAX_STEPS calls into the
 * public API (portio.h) with fuzzed arguments, run on the mock backend.
 * After every call the library is compared with the reference model
 * (api_reference.c): the status (OK or exactly the documented error), the
 * values read, the mock's access log, its clock, its count of unenabled
 * fast accesses, the device registers, the backend's name, the table the
 * inline forms read, and the message of portio_last_error.
 *
 * The Linux system-call table is replaced by fakes that refuse (ioperm and
 * iopl EPERM, open EACCES): asking for "direct", "devport" or "auto" is
 * refused and can never reach a real port.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_reference.h"
#include "front.h"
#include "portio.h"
#include "ranges.h"
#include "refusing_system.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bounds that keep one input fast. */
#define MAX_STEPS 64
#define MAX_STRING 64
#define MAX_BATCH 16

/* ---- Reading the program: past its end every read gives 0. */
struct program {
    const uint8_t *data;
    size_t size, at;
};

static uint8_t take_u8(struct program *program)
{
    return program->at < program->size ? program->data[program->at++] : 0;
}

static uint16_t take_u16(struct program *program)
{
    uint16_t low = take_u8(program);
    return (uint16_t)(low | (uint16_t)take_u8(program) << 8);
}

static uint32_t take_u32(struct program *program)
{
    uint32_t low = take_u16(program);
    return low | (uint32_t)take_u16(program) << 16;
}

/* Mostly a port in one of three windows (the LPT area, the top of the
 * space, the bottom), where enables, devices and accesses meet. */
static uint16_t take_port(struct program *program)
{
    static const uint16_t windows[] = {0x0370, 0xFFC0, 0x0000};
    uint8_t choice = take_u8(program);
    if (choice < 0xC0)
        return (uint16_t)(windows[choice >> 6] + (choice & 0x3Fu));
    return take_u16(program);
}

/* first: a window port or any 32-bit value; count: 0..15, a byte or any
 * 32-bit value. */
static void take_range(struct program *program, uint32_t *first, uint32_t *count)
{
    uint8_t shape = take_u8(program);
    *first = (shape & 3u) == 3u ? take_u32(program) : take_port(program);
    switch ((shape >> 2) & 3u) {
    case 2: *count = take_u8(program); break;
    case 3: *count = take_u32(program); break;
    default: *count = shape >> 4; break;
    }
}

static unsigned take_width(struct program *program)
{
    static const unsigned widths[15] = {8, 16, 32, 8, 16, 32, 8, 16, 32, 0, 7, 64, 24, 1, 255};
    uint8_t choice = take_u8(program) & 15u;
    return choice < 15 ? widths[choice] : take_u32(program);
}

/* Mostly values that fit 8 bits or the width, sometimes any. */
static uint32_t take_value(struct program *program, unsigned width_bits)
{
    uint8_t choice = take_u8(program);
    switch (choice >> 6) {
    case 0: return choice & 0x3Fu;
    case 1: return width_bits >= 1 && width_bits < 32 ? 0xFFFFFFFFu >> (32 - width_bits) : 0xFFFFFFFFu;
    case 2: return take_u32(program);
    default: return 1u << (choice & 31u);
    }
}

/* Mostly short times (a wait of up to 49 ms polls a few hundred times on
 * the mock's clock), sometimes any, the limit, or just past it. */
static uint32_t take_time(struct program *program)
{
    uint8_t choice = take_u8(program);
    if (choice < 0xC0)
        return choice;
    if (choice < 0xF0)
        return (choice - 0xBFu) * 1000u;
    if (choice == 0xFE)
        return PORTIO_BATCH_MAX_TIME_US;
    if (choice == 0xFF)
        return PORTIO_BATCH_MAX_TIME_US + 1;
    return take_u32(program);
}

/* ---- Failing: which step, what differed. */
static unsigned step_number;
static const char *step_name = "start";

__attribute__((format(printf, 1, 2), noreturn)) static void fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "fuzz_api_sequences: step %u (%s): ", step_number, step_name);
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    abort();
}

#define EXPECT(condition, ...)     \
    do {                           \
        if (!(condition))          \
            fail(__VA_ARGS__);     \
    } while (0)

/* ---- The state compared with the reference. */
static struct reference ref;
/* The attached register files, at their device's index in ref.devices. */
static struct regfile files[PORTIO_MOCK_MAX_DEVICES];
static struct regfile refused_file; /* for an attach that must fail */
/* The LPT models' handles, at their index in ref.lpts; NULL if not asked for. */
static portio_mock_lpt *lpt_handles[PORTIO_MOCK_MAX_LPTS];
/* portio_last_error as it must still read: a success leaves it alone. */
static char message[600];

static uint32_t device_read(void *context, uint16_t port, unsigned width_bits)
{
    return regfile_read(context, port, width_bits);
}

static void device_write(void *context, uint16_t port, unsigned width_bits, uint32_t value)
{
    regfile_write(context, port, width_bits, value);
}

static void note_message(void)
{
    const char *text = portio_last_error();
    EXPECT(text != NULL, "portio_last_error() is NULL");
    snprintf(message, sizeof message, "%s", text);
}

static const char *status_name(int status)
{
    static char text[32];
    snprintf(text, sizeof text, "%d (%s)", status, portio_strerror(status));
    return text;
}

/* FUZZ_API_TRACE=1: each checked call's status and message, to see what
 * an input does. */
static bool trace;

/* A failure has its message; a success leaves the last one as it was. */
static void expect_status(int status, status_set allowed)
{
    if (trace)
        fprintf(stderr, "step %u %s: %s%s%s\n", step_number, step_name, status_name(status),
                status ? ": " : "", status ? portio_last_error() : "");
    EXPECT(status <= 0 && status > -32 && (allowed & STATUS_BIT(status)),
           "returned %s; the reference allows the set 0x%X (bit n: status -n)", status_name(status),
           allowed);
    const char *text = portio_strerror(status);
    EXPECT(text != NULL && *text, "portio_strerror(%d) is NULL or empty", status);
    if (status != PORTIO_OK) {
        note_message();
        EXPECT(*message && strcmp(message, "no error") != 0,
               "failed with %s but portio_last_error() is \"%s\"", status_name(status), message);
    } else {
        EXPECT(strcmp(portio_last_error(), message) == 0,
               "succeeded but changed portio_last_error() from \"%s\" to \"%s\"", message,
               portio_last_error());
    }
}

/* "op 3" followed by no digit. */
static bool names_op(const char *text, size_t index)
{
    char name[32];
    int length = snprintf(name, sizeof name, "op %zu", index);
    for (const char *at = strstr(text, name); at; at = strstr(at + 1, name))
        if (at[length] < '0' || at[length] > '9')
            return true;
    return false;
}

static void check_log(size_t max)
{
    portio_mock_access *entries = max ? malloc(max * sizeof *entries) : NULL;
    EXPECT(max == 0 || entries, "out of memory");
    size_t length = portio_mock_log(entries, max);
    EXPECT(length == ref.log_length, "portio_mock_log holds %zu accesses; the reference %zu",
           length, ref.log_length);
    size_t shown = max < length ? max : length;
    for (size_t i = 0; i < shown; i++) {
        const portio_mock_access *got = &entries[i], *want = &ref.log[i];
        EXPECT(got->port == want->port && got->width_bits == want->width_bits &&
                   got->direction == want->direction && got->value == want->value,
               "log entry %zu is %s of %u bits at 0x%04X value 0x%X; the reference has %s of %u "
               "bits at 0x%04X value 0x%X",
               i, got->direction ? "write" : "read", got->width_bits, got->port, got->value,
               want->direction ? "write" : "read", want->width_bits, want->port, want->value);
    }
    free(entries);
}

/* portio_port_widths, as portio.h describes it, around a changed range. */
static void check_widths_around(uint32_t first, uint32_t count)
{
    uint32_t points[] = {first, first + count};
    for (size_t i = 0; i < 2; i++) {
        for (uint32_t port = points[i] >= 4 ? points[i] - 4 : 0; port < points[i] + 4; port++) {
            if (port > 0xFFFF)
                break;
            unsigned want = ref_port_widths(&ref, (uint16_t)port);
            EXPECT(portio_port_widths[port] == want, "portio_port_widths[0x%04X] is %u, not %u",
                   port, portio_port_widths[port], want);
        }
    }
}

static void check_state(void)
{
    /* Never the instructions: the inline forms would run a real in/out. */
    EXPECT(portio_fast_io == 0, "portio_fast_io is set: the inline forms would touch real ports");
    size_t length = portio_mock_log(NULL, 0);
    EXPECT(length == ref.log_length, "portio_mock_log holds %zu accesses; the reference %zu",
           length, ref.log_length);
    EXPECT(portio_mock_unenabled_accesses() == ref.unenabled,
           "portio_mock_unenabled_accesses() is %zu; the reference counted %zu",
           portio_mock_unenabled_accesses(), ref.unenabled);
    EXPECT(portio_mock_time_us() == ref.clock_us, "portio_mock_time_us() is %llu; the reference %llu",
           (unsigned long long)portio_mock_time_us(), (unsigned long long)ref.clock_us);
    const char *name = portio_backend(), *want = ref_backend_name(&ref);
    EXPECT(name != NULL && (!want || strcmp(name, want) == 0), "portio_backend() is \"%s\", not \"%s\"",
           name ? name : "(null)", want ? want : "(any)");
    for (size_t i = 0; i < ref.device_count; i++) {
        const struct ref_device *device = &ref.devices[i];
        if (device->lpt >= 0)
            continue;
        EXPECT(memcmp(files[i].bytes, device->file.bytes, sizeof files[i].bytes) == 0 &&
                   files[i].reads == device->file.reads && files[i].writes == device->file.writes,
               "the register file at 0x%X (%lu reads, %lu writes) differs from the reference's "
               "(%lu reads, %lu writes)",
               device->first, files[i].reads, files[i].writes, device->file.reads,
               device->file.writes);
    }
    for (size_t i = 0; i < ref.lpt_count; i++) {
        if (!lpt_handles[i])
            continue;
        const struct ref_lpt *lpt = &ref.lpts[i];
        EXPECT(portio_mock_lpt_data(lpt_handles[i]) == lpt->latch &&
                   portio_mock_lpt_control(lpt_handles[i]) == lpt->control,
               "the LPT at 0x%04X: data 0x%02X control 0x%02X; the reference 0x%02X 0x%02X",
               lpt->base, portio_mock_lpt_data(lpt_handles[i]),
               portio_mock_lpt_control(lpt_handles[i]), lpt->latch, lpt->control);
    }
    EXPECT(strcmp(portio_last_error(), message) == 0,
           "portio_last_error() changed from \"%s\" to \"%s\" without a failure", message,
           portio_last_error());
}

/* ---- The steps. */

static void step_use_backend(struct program *program)
{
    static const char *const names[] = {"mock", "mock", "mock", "mock", "auto", "direct",
                                        "devport", "driver", NULL, "bogus", "MOCK", "",
                                        "ppdev"};
    const char *name = names[take_u8(program) % (sizeof names / sizeof names[0])];
    step_name = "portio_use_backend";
    int want = ref_use_backend(&ref, name);
    expect_status(portio_use_backend(name), STATUS_BIT(want));
}

static void step_environment(struct program *program)
{
    static const char *const values[] = {NULL, "", "mock", "auto", "bogus", "driver"};
    const char *value = values[take_u8(program) % (sizeof values / sizeof values[0])];
    step_name = "PORTIO_BACKEND";
    if (value)
        setenv("PORTIO_BACKEND", value, 1);
    else
        unsetenv("PORTIO_BACKEND");
    ref.env = value;
}

static void step_enable(struct program *program, bool enable)
{
    uint32_t first, count;
    take_range(program, &first, &count);
    step_name = enable ? "portio_enable" : "portio_disable";
    int want = enable ? ref_enable(&ref, first, count) : ref_disable(&ref, first, count);
    int status = enable ? portio_enable(first, count) : portio_disable(first, count);
    expect_status(status, STATUS_BIT(want));
    if (want == PORTIO_OK)
        check_widths_around(first, count);
}

static unsigned fast_width(uint8_t choice)
{
    static const unsigned widths[] = {8, 16, 32, 8};
    return widths[choice & 3u];
}

static void step_fast_in(struct program *program)
{
    uint8_t choice = take_u8(program);
    unsigned width_bits = fast_width(choice);
    uint16_t port = take_port(program);
    bool by_macro = choice & 4u;
    step_name = "portio_in";
    uint32_t want = 0xFFFFFFFFu >> (32 - width_bits);
    if (ref_fast_reaches(&ref, port, width_bits))
        want = ref_access_read(&ref, port, width_bits);
    uint32_t got;
    if (width_bits == 8)
        got = by_macro ? portio_inb(port) : (portio_inb)(port);
    else if (width_bits == 16)
        got = by_macro ? portio_inw(port) : (portio_inw)(port);
    else
        got = by_macro ? portio_inl(port) : (portio_inl)(port);
    note_message();
    EXPECT(got == want, "%u-bit read at 0x%04X gave 0x%X; the reference 0x%X", width_bits, port, got,
           want);
}

static void step_fast_out(struct program *program)
{
    uint8_t choice = take_u8(program);
    unsigned width_bits = fast_width(choice);
    uint16_t port = take_port(program);
    uint32_t value = take_value(program, width_bits) & (0xFFFFFFFFu >> (32 - width_bits));
    bool by_macro = choice & 4u;
    step_name = "portio_out";
    if (ref_fast_reaches(&ref, port, width_bits))
        ref_access_write(&ref, port, width_bits, value);
    if (width_bits == 8)
        by_macro ? portio_outb(port, (uint8_t)value) : (portio_outb)(port, (uint8_t)value);
    else if (width_bits == 16)
        by_macro ? portio_outw(port, (uint16_t)value) : (portio_outw)(port, (uint16_t)value);
    else
        by_macro ? portio_outl(port, value) : (portio_outl)(port, value);
    note_message();
}

/* Elements as portio.h says: bytes, uint16_t or uint32_t. */
static uint32_t element(const uint8_t *buf, size_t index, unsigned width_bits)
{
    if (width_bits == 8)
        return buf[index];
    if (width_bits == 16) {
        uint16_t value;
        memcpy(&value, buf + index * 2, 2);
        return value;
    }
    uint32_t value;
    memcpy(&value, buf + index * 4, 4);
    return value;
}

static void set_element(uint8_t *buf, size_t index, unsigned width_bits, uint32_t value)
{
    if (width_bits == 8) {
        buf[index] = (uint8_t)value;
    } else if (width_bits == 16) {
        uint16_t word = (uint16_t)value;
        memcpy(buf + index * 2, &word, 2);
    } else {
        memcpy(buf + index * 4, &value, 4);
    }
}

/* The buffer is exactly count elements (at an odd offset, sometimes), so
 * that AddressSanitizer sees any access past it. */
static void step_string(struct program *program, bool in)
{
    uint8_t choice = take_u8(program);
    unsigned width_bits = fast_width(choice);
    uint16_t port = take_port(program);
    size_t count = take_u8(program) % (MAX_STRING + 1);
    bool null_buffer = (choice & 0x38u) == 0x38u;
    size_t offset = (choice >> 6) & 1u;
    uint8_t seed = take_u8(program);
    step_name = in ? "portio_ins" : "portio_outs";
    size_t size = count * (width_bits / 8);
    uint8_t *block = malloc(size + offset + 1), *buf = block + offset;
    uint8_t *want = malloc(size + 1);
    EXPECT(block && want, "out of memory");
    for (size_t i = 0; i < size; i++)
        buf[i] = want[i] = (uint8_t)(seed + i * 13u);
    if (count && !null_buffer) {
        bool reaches = ref_fast_reaches(&ref, port, width_bits);
        for (size_t i = 0; i < count; i++) {
            if (in && reaches)
                set_element(want, i, width_bits, ref_access_read(&ref, port, width_bits));
            else if (in)
                set_element(want, i, width_bits, 0xFFFFFFFFu);
            else if (reaches)
                ref_access_write(&ref, port, width_bits, element(buf, i, width_bits));
        }
    }
    void *target = null_buffer ? NULL : buf;
    switch (width_bits + in) {
    case 8: portio_outsb(port, target, count); break;
    case 16: portio_outsw(port, target, count); break;
    case 32: portio_outsl(port, target, count); break;
    case 9: portio_insb(port, target, count); break;
    case 17: portio_insw(port, target, count); break;
    default: portio_insl(port, target, count); break;
    }
    note_message();
    EXPECT(memcmp(buf, want, size) == 0, "the %u-bit string of %zu at 0x%04X differs from the reference's",
           width_bits, count, port);
    free(block);
    free(want);
}

static void step_checked_read(struct program *program)
{
    uint8_t choice = take_u8(program);
    uint16_t port = take_port(program);
    unsigned width_bits = take_width(program);
    bool value_null = (choice & 7u) == 7u, by_macro = choice & 8u;
    step_name = "portio_read";
    status_set allowed = ref_checked_read(&ref, port, width_bits, value_null);
    const uint32_t untouched = 0xC0FFEE00u | choice;
    uint32_t value = untouched, *place = value_null ? NULL : &value;
    int status = by_macro ? portio_read(port, width_bits, place) : (portio_read)(port, width_bits, place);
    expect_status(status, allowed);
    uint32_t want = allowed == STATUS_BIT(PORTIO_OK) ? ref_access_read(&ref, port, width_bits) : untouched;
    EXPECT(value == want, "portio_read(0x%04X, %u) left 0x%X; the reference 0x%X", port, width_bits,
           value, want);
}

static void step_checked_write(struct program *program)
{
    uint8_t choice = take_u8(program);
    uint16_t port = take_port(program);
    unsigned width_bits = take_width(program);
    uint32_t value = take_value(program, width_bits);
    step_name = "portio_write";
    status_set allowed = ref_checked_write(&ref, port, width_bits, value);
    int status = (choice & 1u) ? portio_write(port, width_bits, value)
                               : (portio_write)(port, width_bits, value);
    expect_status(status, allowed);
    if (allowed == STATUS_BIT(PORTIO_OK))
        ref_access_write(&ref, port, width_bits, value);
}

static void take_op(struct program *program, portio_batch_op *op, size_t index)
{
    static const uint8_t kinds[7] = {PORTIO_BATCH_READ, PORTIO_BATCH_WRITE, PORTIO_BATCH_WAIT,
                                     PORTIO_BATCH_DELAY, PORTIO_BATCH_MODIFY, PORTIO_BATCH_WAIT,
                                     PORTIO_BATCH_MODIFY};
    uint8_t choice = take_u8(program);
    uint8_t kind = (choice & 7u) < 7u ? kinds[choice & 7u] : take_u8(program);
    uint16_t port = take_port(program);
    uint8_t width_bits = (uint8_t)take_width(program);
    uint32_t value = take_value(program, width_bits);
    uint32_t mask = take_value(program, width_bits);
    uint32_t time_us = take_time(program);
    /* The fields the kind does not use are 0, unless the op is to be
     * malformed: then one field gets a fuzzed value. */
    *op = (portio_batch_op){.port = port, .width_bits = width_bits, .kind = kind, .value = value,
                            .mask = mask, .time_us = time_us, .result = 0x5EED0000u | (uint32_t)index};
    if (kind == PORTIO_BATCH_READ || kind == PORTIO_BATCH_WRITE)
        op->mask = 0;
    if (kind != PORTIO_BATCH_WAIT && kind != PORTIO_BATCH_DELAY)
        op->time_us = 0;
    if (kind == PORTIO_BATCH_DELAY)
        op->port = op->width_bits = 0, op->value = op->mask = 0;
    if (choice & 0x80u) {
        uint32_t field_value = take_u32(program) | 1u;
        switch (take_u8(program) % 5) {
        case 0: op->port = (uint16_t)field_value; break;
        case 1: op->width_bits = (uint8_t)field_value; break;
        case 2: op->value = field_value; break;
        case 3: op->mask = field_value; break;
        default: op->time_us = field_value; break;
        }
    }
    /* A wait that times out polls about once per 100 us of its time: past
     * 2 s of simulated polling in an input, waits are kept to 1 ms so that
     * no input runs long. */
    if (op->kind == PORTIO_BATCH_WAIT && ref.clock_us > 2000000 && op->time_us > 1000 &&
        op->time_us <= PORTIO_BATCH_MAX_TIME_US)
        op->time_us = 1000;
    /* Without the mock a delay runs on the system's clock: keep it short. */
    if (!ref.mock_active && op->kind == PORTIO_BATCH_DELAY && op->time_us > 2 &&
        op->time_us <= PORTIO_BATCH_MAX_TIME_US)
        op->time_us = 2;
}

static void step_batch(struct program *program)
{
    uint8_t choice = take_u8(program);
    size_t count = choice % (MAX_BATCH + 1);
    bool null_ops = (choice & 0xE0u) == 0xE0u;
    portio_batch_op ops[MAX_BATCH], want[MAX_BATCH];
    for (size_t i = 0; i < count; i++)
        take_op(program, &ops[i], i);
    step_name = "portio_batch";
    if (count == 0 || null_ops) {
        int status = portio_batch(null_ops ? NULL : ops, count);
        expect_status(status, STATUS_BIT(count ? PORTIO_E_INVALID : PORTIO_OK));
        return;
    }
    memcpy(want, ops, count * sizeof ops[0]);
    status_set refusals = 0, refusal_of[MAX_BATCH];
    for (size_t i = 0; i < count; i++)
        refusals |= refusal_of[i] = ref_batch_op_refusal(&ref, &ops[i]);
    size_t stop = 0;
    int want_status = PORTIO_OK;
    if (!refusals)
        want_status = ref_batch_run(&ref, want, count, &stop);
    int status = portio_batch(ops, count);
    if (refusals) {
        /* Nothing runs; the message names a refused op (which one, and
         * INVALID or NOT_ENABLED when both apply, portio.h leaves open). */
        expect_status(status, refusals);
        bool named = false;
        for (size_t i = 0; i < count && !named; i++)
            named = (refusal_of[i] & STATUS_BIT(status)) && names_op(message, i);
        EXPECT(named, "refused with %s, but \"%s\" names no op refused so", status_name(status),
               message);
    } else {
        expect_status(status, STATUS_BIT(want_status));
        if (want_status == PORTIO_E_TIMEOUT) {
            /* portio.h: the message names the op, its port, the last value
             * read, the mask and the expected value (hex, as the library
             * writes numbers). */
            const portio_batch_op *op = &want[stop];
            char port[16], last[16], mask[16], expected[16];
            snprintf(port, sizeof port, "0x%04X", op->port);
            snprintf(last, sizeof last, "0x%X", op->result);
            snprintf(mask, sizeof mask, "0x%X", op->mask);
            snprintf(expected, sizeof expected, "0x%X", op->value & op->mask);
            EXPECT(names_op(message, stop) && strstr(message, port) && strstr(message, last) &&
                       strstr(message, mask) && strstr(message, expected),
                   "op %zu timed out at port %s, last read %s, mask %s, expected %s, but the "
                   "message \"%s\" does not say so",
                   stop, port, last, mask, expected, message);
        }
    }
    for (size_t i = 0; i < count; i++)
        EXPECT(memcmp(&ops[i], &want[i], sizeof ops[i]) == 0,
               "after the batch op %zu is {port 0x%04X, width %u, kind %u, value 0x%X, mask 0x%X, "
               "time %u, result 0x%X}; the reference {0x%04X, %u, %u, 0x%X, 0x%X, %u, 0x%X}",
               i, ops[i].port, ops[i].width_bits, ops[i].kind, ops[i].value, ops[i].mask,
               ops[i].time_us, ops[i].result, want[i].port, want[i].width_bits, want[i].kind,
               want[i].value, want[i].mask, want[i].time_us, want[i].result);
}

static void step_attach(struct program *program)
{
    uint32_t first, count;
    take_range(program, &first, &count);
    uint8_t mode = take_u8(program), seed = take_u8(program);
    step_name = "portio_mock_attach";
    size_t index = ref.device_count;
    struct regfile *file = index < PORTIO_MOCK_MAX_DEVICES ? &files[index] : &refused_file;
    regfile_init(file, first, count, mode & 15u, seed);
    int want = ref_attach(&ref, first, count, mode & 15u, seed);
    int status = portio_mock_attach(first, count, (mode & REGFILE_NO_READ) ? NULL : device_read,
                                    (mode & REGFILE_NO_WRITE) ? NULL : device_write, file);
    expect_status(status, STATUS_BIT(want));
}

static void step_lpt(struct program *program)
{
    uint8_t choice = take_u8(program);
    uint8_t argument = take_u8(program);
    if (choice % 4 == 0 || ref.lpt_count == 0) {
        uint16_t base = take_port(program);
        step_name = "portio_mock_add_lpt";
        size_t index = 0;
        int want = ref_add_lpt(&ref, base, &index);
        portio_mock_lpt *handle = NULL;
        int status = portio_mock_add_lpt(base, (choice & 0x10u) ? NULL : &handle);
        expect_status(status, STATUS_BIT(want));
        if (want == PORTIO_OK)
            lpt_handles[index] = handle;
        return;
    }
    size_t index = (choice >> 5) % ref.lpt_count;
    struct ref_lpt *lpt = &ref.lpts[index];
    portio_mock_lpt *handle = lpt_handles[index];
    if (!handle)
        return;
    switch (choice % 4) {
    case 1:
        step_name = "portio_mock_lpt_set_status";
        portio_mock_lpt_set_status(handle, argument);
        lpt->status = argument;
        break;
    case 2:
        step_name = "portio_mock_lpt_set_input";
        portio_mock_lpt_set_input(handle, argument);
        lpt->input = argument;
        break;
    default: {
        step_name = "portio_mock_lpt_take_printed";
        size_t max = argument, waiting = lpt->printed_count - lpt->taken;
        size_t want = max < waiting ? max : waiting;
        uint8_t *out = malloc(max + 1);
        EXPECT(out, "out of memory");
        size_t taken = portio_mock_lpt_take_printed(handle, out, max);
        EXPECT(taken == want && memcmp(out, &lpt->printed[lpt->taken], want) == 0,
               "took %zu printed bytes; the reference %zu (or they differ)", taken, want);
        lpt->taken += taken;
        free(out);
        break;
    }
    }
}

static void step_log(struct program *program)
{
    uint8_t choice = take_u8(program);
    step_name = "portio_mock_log";
    size_t max;
    switch (choice & 3u) {
    case 0: max = 0; break;
    case 1: max = choice >> 2; break;
    default: max = ref.log_length + (choice >> 7); break;
    }
    check_log(max);
    if (choice & 0x40u) {
        step_name = "portio_mock_log_clear";
        portio_mock_log_clear();
        ref.log_length = 0;
    }
}

/* Rarely: either reset costs a pass over the table of all 65536 ports,
 * as much as the rest of an input. */
static void step_reset(struct program *program)
{
    uint8_t choice = take_u8(program);
    if (choice % 32 > 1) {
        step_name = "portio_last_error";
        EXPECT(strcmp(portio_last_error(), message) == 0, "portio_last_error() changed");
    } else if (choice % 32 == 1) {
        step_name = "portio_mock_reset";
        check_log(ref.log_length);
        portio_mock_reset();
        ref_mock_reset(&ref);
        memset(lpt_handles, 0, sizeof lpt_handles);
    } else {
        step_name = "portio_front_reset_for_tests";
        portio_front_reset_for_tests();
        fuzz_refuse_hardware();
        ref_front_reset(&ref);
    }
}

static void step_strerror(struct program *program)
{
    int status = (int)take_u32(program);
    step_name = "portio_strerror";
    const char *text = portio_strerror(status);
    EXPECT(text != NULL && *text, "portio_strerror(%d) is NULL or empty", status);
    EXPECT(portio_last_error() != NULL, "portio_last_error() is NULL");
    char version[32];
    snprintf(version, sizeof version, "%d.%d.%d", PORTIO_VERSION_MAJOR, PORTIO_VERSION_MINOR,
             PORTIO_VERSION_PATCH);
    EXPECT(strcmp(portio_version(), version) == 0, "portio_version() is \"%s\", the header's %s",
           portio_version(), version);
}

/* The front asks for `name`, with no backend in use: portio_backend()
 * shows the request even when PORTIO_BACKEND names another. */
static bool front_requests(const char *name)
{
    setenv("PORTIO_BACKEND", "mock", 1);
    bool requested = strcmp(portio_backend(), name) == 0;
    unsetenv("PORTIO_BACKEND");
    return requested;
}

/* Every input starts with no backend chosen, "auto" requested, no range
 * enabled and an empty mock. The cheap way there gives back the ranges the
 * reference holds enabled and leaves the mock; portio_front_reset_for_tests
 * (which also forgets the request) costs a pass over the table of all 65536
 * ports, most of an input's time, so it serves only when the cheap way
 * does not reach the start, checked. */
static void restore_start(void)
{
    for (uint32_t port = 0; port < 0x10000;) {
        if (!ref_enabled(&ref, port, 1)) {
            port += ref.enabled[port / 64] ? 1 : 64 - port % 64;
            continue;
        }
        uint32_t first = port;
        while (port < 0x10000 && ref_enabled(&ref, port, 1))
            port++;
        portio_disable(first, port - first);
    }
    unsetenv("PORTIO_BACKEND");
    if (portio_use_backend("auto") != PORTIO_OK || !portio_ranges_empty() || !front_requests("auto")) {
        portio_front_reset_for_tests();
        portio_use_backend("auto");
    }
    portio_mock_reset(); /* with no backend in use: no pass over the table */
    fuzz_refuse_hardware();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_refuse_hardware();
    trace = getenv("FUZZ_API_TRACE") != NULL;
    unsetenv("PORTIO_BACKEND");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct program program = {data, size, 0};
    step_number = 0;
    step_name = "reset";
    restore_start();
    ref_start(&ref);
    memset(lpt_handles, 0, sizeof lpt_handles);
    note_message();
    check_state();
    for (step_number = 1; step_number <= MAX_STEPS && program.at < program.size; step_number++) {
        switch (take_u8(&program) % 20) {
        case 0:
        case 1: step_use_backend(&program); break;
        case 2:
        case 3: step_enable(&program, true); break;
        case 4: step_enable(&program, false); break;
        case 5: step_fast_in(&program); break;
        case 6: step_fast_out(&program); break;
        case 7: step_string(&program, true); break;
        case 8: step_string(&program, false); break;
        case 9: step_checked_read(&program); break;
        case 10: step_checked_write(&program); break;
        case 11:
        case 12: step_batch(&program); break;
        case 13: step_attach(&program); break;
        case 14: step_lpt(&program); break;
        case 15: step_log(&program); break;
        case 16: step_reset(&program); break;
        case 17: step_environment(&program); break;
        default: step_strerror(&program); break;
        }
        check_state();
    }
    step_name = "end";
    check_log(ref.log_length);
    return 0;
}
