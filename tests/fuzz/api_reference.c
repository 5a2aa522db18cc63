/* SPDX-License-Identifier: MIT */
#include "api_reference.h"

#include <string.h>

/* The one thing portio.h leaves open that the model needs exactly: how
 * often a wait polls ("without a pause for a short while, then sleeps
 * between polls"). The mock's clock makes the schedule visible, so the
 * model follows the library's constants. */
#include "batch_run.h"

#define PORT_COUNT 0x10000u

static uint32_t all_ones(unsigned width_bits)
{
    return 0xFFFFFFFFu >> (32 - width_bits);
}

static bool fits(uint32_t value, unsigned width_bits)
{
    return width_bits >= 32 || (value >> width_bits) == 0;
}

static bool valid_width(unsigned width_bits)
{
    return width_bits == 8 || width_bits == 16 || width_bits == 32;
}

static bool valid_range(uint32_t first, uint32_t count)
{
    return count != 0 && first < PORT_COUNT && count <= PORT_COUNT - first;
}

/* ---- The register file. */

void regfile_init(struct regfile *file, uint32_t first, uint32_t count, unsigned mode, uint8_t seed)
{
    memset(file, 0, sizeof *file);
    file->first = first;
    file->count = count;
    file->mode = mode;
    for (unsigned i = 0; i < REGFILE_BYTES; i++)
        file->bytes[i] = (uint8_t)(seed + i * 37u);
}

uint32_t regfile_read(struct regfile *file, uint16_t port, unsigned width_bits)
{
    file->reads++;
    uint32_t value = 0;
    for (unsigned byte = 0; byte < width_bits / 8; byte++) {
        uint32_t offset = (uint32_t)port - file->first + byte;
        uint32_t register_value = offset < file->count ? file->bytes[offset % REGFILE_BYTES] : 0xFFu;
        value |= register_value << (8 * byte);
    }
    if (file->mode & REGFILE_COUNTING)
        file->bytes[((uint32_t)port - file->first) % REGFILE_BYTES]++;
    if ((file->mode & REGFILE_NOISY) && width_bits < 32)
        value |= 0xA5A5A5A5u << width_bits;
    return value;
}

void regfile_write(struct regfile *file, uint16_t port, unsigned width_bits, uint32_t value)
{
    file->writes++;
    for (unsigned byte = 0; byte < width_bits / 8; byte++) {
        uint32_t offset = (uint32_t)port - file->first + byte;
        if (offset < file->count)
            file->bytes[offset % REGFILE_BYTES] = (uint8_t)(value >> (8 * byte));
    }
}

/* ---- The parallel port, from portio.h. A wider access reaches it byte by
 * byte, bytes past the control register floating high (the header says
 * nothing of wide accesses; this is what an 8-bit ISA device does). */

static uint8_t lpt_read_byte(struct ref_lpt *lpt, uint32_t offset)
{
    switch (offset) {
    case 0: return (lpt->control & 0x20u) ? lpt->input : lpt->latch;
    case 1:
        if (lpt->busy_reads == 0)
            return lpt->status;
        lpt->busy_reads--;
        return (uint8_t)(lpt->status & 0x7Fu);
    case 2: return (uint8_t)(lpt->control | 0xC0u);
    default: return 0xFF;
    }
}

static void lpt_write_byte(struct ref_lpt *lpt, uint32_t offset, uint8_t value)
{
    if (offset == 0) {
        lpt->latch = value;
    } else if (offset == 2) {
        if ((value & 1u) && !(lpt->control & 1u)) {
            if (lpt->printed_count < REF_PRINTED_MAX)
                lpt->printed[lpt->printed_count++] = lpt->latch;
            lpt->busy_reads = PORTIO_MOCK_LPT_BUSY_READS;
        }
        lpt->control = value & 0x3Fu;
    }
}

/* ---- State. */

void ref_start(struct reference *ref)
{
    memset(ref->enabled, 0, sizeof ref->enabled);
    ref->mock_active = false;
    ref->requested = "auto"; /* the target's start (restore_start) */
    ref->env = NULL;
    ref->device_count = 0;
    ref->lpt_count = 0;
    ref->log_length = 0;
    ref->unenabled = 0;
    ref->clock_us = 0;
}

bool ref_enabled(const struct reference *ref, uint32_t port, unsigned bytes)
{
    if (bytes == 0 || port + bytes > PORT_COUNT)
        return false;
    for (uint32_t p = port; p < port + bytes; p++)
        if (!((ref->enabled[p / 64] >> (p % 64)) & 1u))
            return false;
    return true;
}

unsigned ref_port_widths(const struct reference *ref, uint16_t port)
{
    return (ref_enabled(ref, port, 1) ? 1u : 0u) | (ref_enabled(ref, port, 2) ? 2u : 0u) |
           (ref_enabled(ref, port, 4) ? 4u : 0u);
}

static void set_ports(struct reference *ref, uint32_t first, uint32_t count, bool on)
{
    for (uint32_t p = first; p < first + count; p++) {
        uint64_t bit = UINT64_C(1) << (p % 64);
        ref->enabled[p / 64] = on ? ref->enabled[p / 64] | bit : ref->enabled[p / 64] & ~bit;
    }
}

static bool ranges_empty(const struct reference *ref)
{
    for (size_t i = 0; i < sizeof ref->enabled / sizeof ref->enabled[0]; i++)
        if (ref->enabled[i])
            return false;
    return true;
}

static const char *known_name(const char *name)
{
    static const char *const names[] = {"auto", "direct", "ppdev", "devport", "driver", "mock"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return names[i];
    return NULL;
}

/* Linux: direct on x86, ppdev, devport, mock; "driver" is Windows'. */
static bool available(const char *name)
{
    if (strcmp(name, "driver") == 0)
        return false;
#if !(defined(__i386__) || defined(__x86_64__))
    if (strcmp(name, "direct") == 0)
        return false;
#endif
    return true;
}

int ref_enable(struct reference *ref, uint32_t first, uint32_t count)
{
    if (!valid_range(first, count))
        return PORTIO_E_INVALID;
    if (!ref->mock_active) {
        const char *name = ref->requested;
        if (!name)
            name = !ref->env || !*ref->env ? "auto" : known_name(ref->env);
        if (!name)
            return PORTIO_E_INVALID;
        if (!available(name))
            return PORTIO_E_UNSUPPORTED;
        /* ppdev: the target's system shows no parallel port. */
        if (strcmp(name, "ppdev") == 0)
            return PORTIO_E_UNSUPPORTED;
        /* auto, direct, devport: the target's system refuses ioperm, iopl
         * and open with EPERM/EACCES and shows no lockdown. */
        if (strcmp(name, "mock") != 0)
            return PORTIO_E_PERM;
        ref->mock_active = true;
    }
    set_ports(ref, first, count, true);
    return PORTIO_OK;
}

int ref_disable(struct reference *ref, uint32_t first, uint32_t count)
{
    if (!valid_range(first, count))
        return PORTIO_E_INVALID;
    set_ports(ref, first, count, false);
    return PORTIO_OK;
}

int ref_use_backend(struct reference *ref, const char *name)
{
    if (!name)
        return PORTIO_E_INVALID;
    const char *canonical = known_name(name);
    if (!canonical)
        return PORTIO_E_INVALID;
    if (!available(canonical))
        return PORTIO_E_UNSUPPORTED;
    if (ref->mock_active && strcmp(canonical, "mock") != 0) {
        if (!ranges_empty(ref))
            return PORTIO_E_INVALID;
        ref->mock_active = false;
    }
    ref->requested = canonical;
    return PORTIO_OK;
}

const char *ref_backend_name(const struct reference *ref)
{
    if (ref->mock_active)
        return "mock";
    if (ref->requested)
        return ref->requested;
    if (!ref->env || !*ref->env)
        return "auto";
    return known_name(ref->env); /* NULL: portio.h does not say what an unknown one shows */
}

void ref_front_reset(struct reference *ref)
{
    memset(ref->enabled, 0, sizeof ref->enabled);
    ref->mock_active = false;
    ref->requested = NULL;
}

void ref_mock_reset(struct reference *ref)
{
    ref->device_count = 0;
    ref->lpt_count = 0;
    ref->log_length = 0;
    ref->unenabled = 0;
    ref->clock_us = 0;
    if (ref->mock_active)
        memset(ref->enabled, 0, sizeof ref->enabled);
}

/* ---- Accesses. */

static struct ref_device *device_at(struct reference *ref, uint16_t port)
{
    for (size_t i = 0; i < ref->device_count; i++) {
        struct ref_device *device = &ref->devices[i];
        if (port >= device->first && port - device->first < device->count)
            return device;
    }
    return NULL;
}

static void log_access(struct reference *ref, uint16_t port, unsigned width_bits, int direction,
                       uint32_t value)
{
    ref->clock_us += PORTIO_MOCK_ACCESS_US;
    if (ref->log_length < PORTIO_MOCK_LOG_CAPACITY)
        ref->log[ref->log_length++] = (portio_mock_access){
            .port = port, .width_bits = (uint8_t)width_bits, .direction = (uint8_t)direction,
            .value = value};
}

uint32_t ref_access_read(struct reference *ref, uint16_t port, unsigned width_bits)
{
    uint32_t value = all_ones(width_bits);
    struct ref_device *device = device_at(ref, port);
    if (device && device->lpt >= 0) {
        value = 0;
        for (unsigned byte = 0; byte < width_bits / 8; byte++)
            value |= (uint32_t)lpt_read_byte(&ref->lpts[device->lpt], port - device->first + byte)
                     << (8 * byte);
    } else if (device && !(device->file.mode & REGFILE_NO_READ)) {
        value = regfile_read(&device->file, port, width_bits) & all_ones(width_bits);
    }
    log_access(ref, port, width_bits, PORTIO_MOCK_READ, value);
    return value;
}

void ref_access_write(struct reference *ref, uint16_t port, unsigned width_bits, uint32_t value)
{
    value &= all_ones(width_bits);
    struct ref_device *device = device_at(ref, port);
    if (device && device->lpt >= 0) {
        for (unsigned byte = 0; byte < width_bits / 8; byte++)
            lpt_write_byte(&ref->lpts[device->lpt], port - device->first + byte,
                           (uint8_t)(value >> (8 * byte)));
    } else if (device && !(device->file.mode & REGFILE_NO_WRITE)) {
        regfile_write(&device->file, port, width_bits, value);
    }
    log_access(ref, port, width_bits, PORTIO_MOCK_WRITE, value);
}

bool ref_fast_reaches(struct reference *ref, uint16_t port, unsigned width_bits)
{
    if (!ref->mock_active)
        return false; /* no backend yet: all ones, nothing written, nothing counted */
    if (ref_enabled(ref, port, width_bits / 8))
        return true;
    ref->unenabled++;
    return false;
}

/* A malformed access (width, past 0xFFFF) is INVALID alone; a bad value
 * and an unenabled port together: portio.h does not say which wins. */
static status_set access_refusal(const struct reference *ref, uint32_t port, unsigned width_bits,
                                 bool bad_value)
{
    if (!valid_width(width_bits) || port + width_bits / 8 > PORT_COUNT)
        return STATUS_BIT(PORTIO_E_INVALID);
    status_set refusal = 0;
    if (bad_value)
        refusal |= STATUS_BIT(PORTIO_E_INVALID);
    if (!ref_enabled(ref, port, width_bits / 8))
        refusal |= STATUS_BIT(PORTIO_E_NOT_ENABLED);
    return refusal;
}

status_set ref_checked_read(const struct reference *ref, uint16_t port, unsigned width_bits,
                            bool value_null)
{
    status_set refusal = access_refusal(ref, port, width_bits, value_null);
    return refusal ? refusal : STATUS_BIT(PORTIO_OK);
}

status_set ref_checked_write(const struct reference *ref, uint16_t port, unsigned width_bits,
                             uint32_t value)
{
    status_set refusal = access_refusal(ref, port, width_bits, !fits(value, width_bits));
    return refusal ? refusal : STATUS_BIT(PORTIO_OK);
}

/* ---- Batches. */

status_set ref_batch_op_refusal(const struct reference *ref, const portio_batch_op *op)
{
    const status_set invalid = STATUS_BIT(PORTIO_E_INVALID);
    /* Fields a kind does not use must be 0 (a READ's value is its output). */
    bool port_width_used = op->kind != PORTIO_BATCH_DELAY;
    bool mask_used = op->kind == PORTIO_BATCH_WAIT || op->kind == PORTIO_BATCH_MODIFY;
    bool time_used = op->kind == PORTIO_BATCH_WAIT || op->kind == PORTIO_BATCH_DELAY;
    if (op->kind > PORTIO_BATCH_MODIFY)
        return invalid;
    if ((!port_width_used && (op->port || op->width_bits || op->value)) ||
        (!mask_used && op->mask) || (!time_used && op->time_us))
        return invalid;
    if (op->kind == PORTIO_BATCH_DELAY)
        return op->time_us >= 1 && op->time_us <= PORTIO_BATCH_MAX_TIME_US ? 0 : invalid;
    bool bad = !fits(op->mask, op->width_bits) ||
               (op->kind != PORTIO_BATCH_READ && !fits(op->value, op->width_bits)) ||
               (op->kind == PORTIO_BATCH_WAIT &&
                (op->mask == 0 || op->time_us > PORTIO_BATCH_MAX_TIME_US));
    return access_refusal(ref, op->port, op->width_bits, bad);
}

static bool wait_met(const portio_batch_op *op, uint32_t value)
{
    return ((value ^ op->value) & op->mask) == 0;
}

/* The polls after a first one that missed; false when time ran out. */
static bool wait_rest(struct reference *ref, portio_batch_op *op)
{
    uint64_t start = ref->clock_us;
    for (;;) {
        uint64_t elapsed = ref->clock_us - start;
        if (elapsed >= op->time_us)
            return false;
        if (elapsed >= PORTIO_WAIT_SPIN_US) {
            uint64_t left = op->time_us - elapsed;
            ref->clock_us += left < PORTIO_WAIT_PAUSE_US ? left : PORTIO_WAIT_PAUSE_US;
        }
        op->result = ref_access_read(ref, op->port, op->width_bits);
        if (wait_met(op, op->result))
            return true;
    }
}

int ref_batch_run(struct reference *ref, portio_batch_op *ops, size_t count, size_t *stop_index)
{
    for (size_t i = 0; i < count; i++) {
        portio_batch_op *op = &ops[i];
        uint32_t value;
        switch (op->kind) {
        case PORTIO_BATCH_READ:
            op->value = ref_access_read(ref, op->port, op->width_bits);
            break;
        case PORTIO_BATCH_WRITE:
            ref_access_write(ref, op->port, op->width_bits, op->value);
            break;
        case PORTIO_BATCH_WAIT:
            op->result = ref_access_read(ref, op->port, op->width_bits);
            if (!wait_met(op, op->result) && !wait_rest(ref, op)) {
                *stop_index = i;
                return PORTIO_E_TIMEOUT;
            }
            break;
        case PORTIO_BATCH_DELAY:
            /* The mock's clock; without a backend the system's runs. */
            if (ref->mock_active)
                ref->clock_us += op->time_us;
            break;
        default:
            value = ref_access_read(ref, op->port, op->width_bits);
            op->result = value;
            ref_access_write(ref, op->port, op->width_bits, (value & ~op->mask) | op->value);
            break;
        }
    }
    return PORTIO_OK;
}

/* ---- Devices. */

static int attach_check(const struct reference *ref, uint32_t first, uint32_t count)
{
    if (!valid_range(first, count) || ref->device_count == PORTIO_MOCK_MAX_DEVICES)
        return PORTIO_E_INVALID;
    for (size_t i = 0; i < ref->device_count; i++) {
        const struct ref_device *device = &ref->devices[i];
        if (first < device->first + device->count && device->first < first + count)
            return PORTIO_E_INVALID;
    }
    return PORTIO_OK;
}

int ref_attach(struct reference *ref, uint32_t first, uint32_t count, unsigned mode, uint8_t seed)
{
    int status = attach_check(ref, first, count);
    if (status != PORTIO_OK)
        return status;
    struct ref_device *device = &ref->devices[ref->device_count++];
    device->first = first;
    device->count = count;
    device->lpt = -1;
    regfile_init(&device->file, first, count, mode, seed);
    return PORTIO_OK;
}

int ref_add_lpt(struct reference *ref, uint16_t base, size_t *index)
{
    if (ref->lpt_count == PORTIO_MOCK_MAX_LPTS)
        return PORTIO_E_INVALID;
    int status = attach_check(ref, base, 3);
    if (status != PORTIO_OK)
        return status;
    struct ref_lpt *lpt = &ref->lpts[ref->lpt_count];
    lpt->base = base;
    lpt->latch = 0;
    lpt->input = 0;
    lpt->status = 0xD8;
    lpt->control = 0x0C;
    lpt->busy_reads = 0;
    lpt->printed_count = 0;
    lpt->taken = 0;
    struct ref_device *device = &ref->devices[ref->device_count++];
    device->first = base;
    device->count = 3;
    device->lpt = (int)ref->lpt_count;
    *index = ref->lpt_count++;
    return PORTIO_OK;
}
