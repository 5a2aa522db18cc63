/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: portio.sys on the fake kernel, driven by the input.
 * The input is a registry (AllowedPorts, AllowNonAdministrators, built or
 * raw), the system's failures and clock, then up to 64 requests over three
 * handles from two processes: create (sometimes with a name), hello,
 * enable with and without the grant, disable, TRANSFER and SEQUENCE (built
 * to be mostly well-formed, then sometimes bent, or raw), stats, unknown
 * codes, cleanup, close; then unload. The harness checks every invariant
 * after every request (driver_harness.h): a broken one aborts, which
 * libFuzzer reports with the input.
 *
 * Long runs: README, "The driver on the host".
 */
#include "driver_harness.h"
#include "fuzz_input.h"

/* Ports where things happen, often; any port, sometimes. */
static uint16_t pick_port(struct fuzz_input *in)
{
    static const uint16_t interesting[] = {0x378, 0x379, 0x37A, 0x37F, 0x80,   0x70,   0x71, 0xCF8,
                                           0xCFC, 0x700, 0x705, 0x3F8, 0xFFFF, 0xFFFE, 0xFFFC, 0};
    uint8_t choice = fuzz_u8(in);
    if (choice < 0xC0)
        return (uint16_t)(interesting[choice % 16] + (choice >> 6));
    return fuzz_u16(in);
}

static uint8_t pick_width(struct fuzz_input *in)
{
    uint8_t choice = fuzz_u8(in);
    static const uint8_t widths[] = {8, 16, 32, 8, 16, 32, 8, 0};
    return choice < 0xF8 ? widths[choice % 6] : widths[choice % 8] + (choice & 1);
}

static uint32_t fit(uint32_t value, uint8_t width)
{
    return width >= 32 ? value : value & ((1u << width) - 1u);
}

/* Bends a well-formed request now and then: one byte, or a length. */
static void bend(struct fuzz_input *in, uint8_t *buffer, ULONG *input_length, ULONG *output_length)
{
    uint8_t how = fuzz_u8(in);
    if (how < 0xE0)
        return;
    if (how < 0xF0 && *input_length > 0)
        buffer[fuzz_u16(in) % *input_length] = fuzz_u8(in);
    else if (how < 0xF8)
        *input_length = (ULONG)((*input_length + (int8_t)fuzz_u8(in)) & 0x3FF);
    else
        *output_length = (ULONG)((*output_length + (int8_t)fuzz_u8(in)) & 0x3FF);
}

static ULONG build_transfer(struct fuzz_input *in, uint8_t *buffer, ULONG room)
{
    const uint32_t ops = 1 + fuzz_u8(in) % 6, data = fuzz_u8(in) % 64;
    const ULONG total = (ULONG)(sizeof(struct portio_transfer_header) + ops * sizeof(struct portio_op) + data);
    if (total > room)
        return 0;
    memset(buffer, 0, total);
    struct portio_transfer_header header = {sizeof header, ops, total, 0};
    memcpy(buffer, &header, sizeof header);
    const uint32_t data_start = total - data;
    for (uint32_t i = 0; i < ops; i++) {
        struct portio_op op = {0, 0, 0, 0, 0, 0};
        op.kind = (uint8_t)(1 + fuzz_u8(in) % 4);
        op.width_bits = pick_width(in);
        op.port = pick_port(in);
        if (op.kind == PORTIO_OP_OUT)
            op.value = fit(fuzz_u32(in), op.width_bits);
        if (op.kind == PORTIO_OP_INS || op.kind == PORTIO_OP_OUTS) {
            const uint32_t element = op.width_bits / 8u ? op.width_bits / 8u : 1u;
            op.count = 1 + fuzz_u8(in) % 8;
            op.data_offset = (data_start + fuzz_u8(in) % (data + 1)) / element * element;
        }
        memcpy(buffer + sizeof header + i * sizeof op, &op, sizeof op);
    }
    for (uint32_t i = 0; i < data; i++)
        buffer[data_start + i] = fuzz_u8(in);
    return total;
}

/* A SEQUENCE; *values: its value count, for the output length. */
static ULONG build_sequence(struct fuzz_input *in, uint8_t *buffer, ULONG room, uint32_t *values)
{
    const uint32_t ops = 1 + fuzz_u8(in) % 8;
    size_t at = sizeof(struct portio_sequence_header);
    *values = 0;
    for (uint32_t i = 0; i < ops; i++) {
        struct portio_sequence_op op = {0, 0, 0, 0};
        struct portio_sequence_extra extra = {0, 0};
        static const uint8_t kinds[] = {PORTIO_OP_IN, PORTIO_OP_OUT, PORTIO_OP_WAIT, PORTIO_OP_DELAY,
                                        PORTIO_OP_MODIFY};
        const uint8_t kind = fuzz_u8(in);
        op.kind = kind < 0xFC ? kinds[kind % 5] : (uint8_t)(kind & 7); /* now and then a kind of TRANSFER's, or none */
        if (op.kind == PORTIO_OP_DELAY) {
            uint8_t length = fuzz_u8(in);
            op.value = length >= 0xF0 ? 1000000u - (length & 1) : 1u + (uint32_t)length * 37u;
        } else {
            op.width_bits = pick_width(in);
            op.port = pick_port(in);
        }
        if (op.kind == PORTIO_OP_OUT)
            op.value = fit(fuzz_u32(in), op.width_bits);
        if (op.kind == PORTIO_OP_WAIT || op.kind == PORTIO_OP_MODIFY) {
            extra.mask = fit(fuzz_u32(in), op.width_bits);
            op.value = fit(fuzz_u32(in), op.width_bits);
            if (op.kind == PORTIO_OP_WAIT) {
                extra.mask |= extra.mask ? 0 : 1;
                op.value &= extra.mask;
                uint8_t time = fuzz_u8(in);
                extra.time_us = time >= 0xF0 ? 1000000u : (uint32_t)time * 13u;
            }
        }
        if (at + sizeof op + sizeof extra > room)
            return 0;
        memcpy(buffer + at, &op, sizeof op);
        at += sizeof op;
        if (op.kind == PORTIO_OP_WAIT || op.kind == PORTIO_OP_MODIFY) {
            memcpy(buffer + at, &extra, sizeof extra);
            at += sizeof extra;
        }
        *values += op.kind == PORTIO_OP_IN || op.kind == PORTIO_OP_WAIT || op.kind == PORTIO_OP_MODIFY;
    }
    struct portio_sequence_header header = {sizeof header, ops, *values, 0};
    memcpy(buffer, &header, sizeof header);
    return (ULONG)at;
}

static void configure(struct fuzz_input *in, struct harness_config *config)
{
    static uint8_t allowed[1024], others[8];
    static const LONGLONG frequencies[] = {10000000, 3579545, 1000000, 2400000000LL};
    harness_default_config(config, NULL);
    const uint8_t flags = fuzz_u8(in);
    config->parameters_key = !(flags & 0x01);
    config->faults.grant_routines = true; /* a driver image resolves them once; see the README */
    config->faults.set_map_fails = (flags & 0x10) != 0;
    config->faults.set_process_fails = (flags & 0x20) != 0 && (flags & 0x10) == 0;
    config->faults.value_grows = (flags & 0x40) != 0 && (flags & 0x02) != 0;
    if (flags & 0x80) {
        const uint8_t fault = fuzz_u8(in);
        switch (fault & 7) {
        case 0: config->faults.fail_allocation = 1 + (fault >> 3); break;
        case 1: config->faults.fail_create_device = STATUS_INSUFFICIENT_RESOURCES; break;
        case 2: config->faults.fail_create_link = STATUS_OBJECT_NAME_COLLISION; break;
        case 3: config->faults.fail_open_object = STATUS_ACCESS_DENIED; break;
        case 4: config->faults.fail_set_security = STATUS_INVALID_PARAMETER; break;
        case 5: config->faults.fail_open_parameters = STATUS_ACCESS_DENIED; break;
        case 6: config->faults.fail_query = STATUS_INSUFFICIENT_RESOURCES; break;
        default: config->faults.service_key = false; break;
        }
    }
    const uint8_t clock = fuzz_u8(in);
    config->faults.frequency = frequencies[clock & 3];
    config->faults.sleep_late_us = (LONGLONG)(clock >> 2) * 1000;

    if (flags & 0x02) {
        config->has_allowed_ports = true;
        config->allowed_ports_type = REG_MULTI_SZ;
        config->allowed_ports = allowed;
        if (flags & 0x04) { /* raw */
            const uint8_t length = fuzz_u8(in);
            for (uint32_t i = 0; i < length; i++)
                allowed[i] = fuzz_u8(in);
            config->allowed_ports_length = length;
            if (fuzz_u8(in) >= 0xF0)
                config->allowed_ports_type = REG_SZ;
        } else {
            char text[256] = "";
            const int entries = fuzz_u8(in) % 5;
            for (int i = 0; i < entries; i++) {
                const uint16_t first = pick_port(in);
                const uint32_t last = first + fuzz_u8(in) % 16u;
                const uint8_t style = fuzz_u8(in);
                size_t used = strlen(text);
                if (last > 0xFFFF || (style & 3) == 0)
                    snprintf(text + used, sizeof text - used, "%s0x%X", i ? "|" : "", (unsigned)first);
                else if ((style & 3) == 1)
                    snprintf(text + used, sizeof text - used, "%s%u-%u", i ? "|" : "", (unsigned)first, (unsigned)last);
                else
                    snprintf(text + used, sizeof text - used, "%s0x%x-0X%X", i ? "|" : "", (unsigned)first,
                             (unsigned)last);
            }
            config->allowed_ports_length = (ULONG)harness_multi_sz(text, allowed, sizeof allowed);
            if (entries == 0)
                config->allowed_ports_length = 0;
        }
    }
    if (flags & 0x08) {
        config->has_non_administrators = true;
        const uint8_t shape = fuzz_u8(in);
        config->non_administrators_type = shape < 0xE0 ? REG_DWORD : shape & 7;
        config->non_administrators_length = shape < 0xC0 ? 4 : shape % 9;
        for (int i = 0; i < 8; i++)
            others[i] = i == 0 ? (uint8_t)(fuzz_u8(in) % 3) : (shape >= 0xD0 ? fuzz_u8(in) : 0);
        config->non_administrators = others;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct harness h;
    static uint8_t buffer[1024], output[1024];
    static const ULONG codes[] = {IOCTL_PORTIO_HELLO,    IOCTL_PORTIO_ENABLE, IOCTL_PORTIO_DISABLE,
                                  IOCTL_PORTIO_TRANSFER, IOCTL_PORTIO_STATS,  IOCTL_PORTIO_SEQUENCE};
    struct fuzz_input in = {data, size, 0};
    struct harness_config config;
    configure(&in, &config);
    if (!NT_SUCCESS(harness_load(&h, &config)))
        return 0;

    for (int request = 0; request < 64 && fuzz_left(&in) > 0; request++) {
        const uint8_t what = fuzz_u8(&in);
        const int slot = (what >> 4) % HARNESS_HANDLES;
        struct harness_handle *handle = &h.handles[slot];
        int action = what & 15;
        if (!handle->open && action != 9) {
            const USHORT name = (USHORT)((what & 0x40) && (fuzz_u8(&in) & 1) ? 8 : 0);
            harness_create(&h, slot, (what >> 6) & 1, name);
            continue;
        }
        if (!handle->open)
            continue;
        /* now and then from the other process (a duplicated handle) */
        const int process = (what & 0x80) && (fuzz_u8(&in) & 1) ? !handle->process : handle->process;
        ULONG input_length = 0, output_length = 0;
        ULONG code = 0;
        switch (action) {
        case 0:
        case 1:
            code = IOCTL_PORTIO_HELLO;
            output_length = fuzz_u8(&in) < 0xF0 ? sizeof(struct portio_hello_reply) : fuzz_u8(&in) % 32;
            break;
        case 2:
        case 3: {
            struct portio_range_request range = {sizeof range, pick_port(&in), 1, 0};
            const uint8_t count = fuzz_u8(&in);
            range.count = count < 0xF0 ? 1u + count % 16u : (count == 0xFF ? 0x10000u - range.first : count);
            range.flags = action == 2 ? fuzz_u8(&in) % 3 : 0;
            code = action == 2 ? IOCTL_PORTIO_ENABLE : IOCTL_PORTIO_DISABLE;
            memcpy(buffer, &range, sizeof range);
            input_length = sizeof range;
            output_length = action == 2 ? sizeof(struct portio_enable_reply) : 0;
            break;
        }
        case 4:
        case 5:
            code = IOCTL_PORTIO_TRANSFER;
            input_length = output_length = build_transfer(&in, buffer, sizeof buffer);
            break;
        case 12: /* no output: writes only answer nothing, the rest are refused */
            code = IOCTL_PORTIO_TRANSFER;
            input_length = build_transfer(&in, buffer, sizeof buffer);
            output_length = 0;
            break;
        case 6:
        case 7:
        case 13: {
            uint32_t values;
            code = IOCTL_PORTIO_SEQUENCE;
            input_length = build_sequence(&in, buffer, sizeof buffer, &values);
            output_length = (ULONG)(sizeof(struct portio_sequence_reply) + 4u * values);
            break;
        }
        case 8:
            code = IOCTL_PORTIO_STATS;
            output_length = sizeof(struct portio_stats_reply);
            break;
        case 9:
            if (fuzz_u8(&in) & 1)
                harness_cleanup(&h, slot);
            harness_close(&h, slot);
            continue;
        case 10:
            harness_cleanup(&h, slot);
            continue;
        default: { /* raw: any known or unknown code, any bytes, any lengths */
            const uint8_t pick = fuzz_u8(&in);
            code = pick < 0xC0 ? codes[pick % 6] : fuzz_u32(&in);
            input_length = fuzz_u8(&in);
            for (ULONG i = 0; i < input_length; i++)
                buffer[i] = fuzz_u8(&in);
            output_length = fuzz_u8(&in) < 0x80 ? input_length : fuzz_u16(&in) % sizeof output;
            break;
        }
        }
        if (action >= 2 && action <= 7)
            bend(&in, buffer, &input_length, &output_length);
        if (input_length > sizeof buffer)
            input_length = sizeof buffer;
        if (output_length > sizeof output)
            output_length = sizeof output;
        harness_ioctl(&h, slot, process, code, buffer, input_length, output, output_length, NULL);
    }
    harness_unload(&h);
    return 0;
}
