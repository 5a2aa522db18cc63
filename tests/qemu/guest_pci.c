/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, as root: PCI configuration mechanism #1 (address at
 * 0xCF8, data at 0xCFC..0xCFF) through the direct backend, compared with
 * the guest kernel's own view of every device in sysfs. */
#include "test_support.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC
#define HEADER_BYTES 64 /* the standard header: dwords 0x00..0x3C */
#define MAX_DEVICES 64
#define SYSFS_PCI "/sys/bus/pci/devices"

struct pci_device {
    char name[16]; /* DDDD:BB:DD.F, as sysfs names it */
    unsigned bus, device, function;
    uint8_t config[HEADER_BYTES];
};

/* Filled once in the group setup: the tests compare against it. */
static struct pci_device devices[MAX_DEVICES];
static size_t device_count;

static uint32_t config_address(unsigned bus, unsigned device, unsigned function, unsigned offset)
{
    return 0x80000000u | (uint32_t)bus << 16 | (uint32_t)device << 11 | (uint32_t)function << 8 |
           (offset & 0xFCu);
}

static uint32_t sysfs_dword(const struct pci_device *d, unsigned offset)
{
    const uint8_t *b = d->config + offset;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint16_t sysfs_word(const struct pci_device *d, unsigned offset)
{
    return (uint16_t)(d->config[offset] | d->config[offset + 1] << 8);
}

static int read_sysfs_config(const char *name, uint8_t *config)
{
    char path[512];
    snprintf(path, sizeof path, SYSFS_PCI "/%s/config", name);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t have = 0;
    while (have < HEADER_BYTES) {
        ssize_t n = read(fd, config + have, HEADER_BYTES - have);
        if (n <= 0)
            break;
        have += (size_t)n;
    }
    close(fd);
    return have == HEADER_BYTES ? 0 : -1;
}

static int load_sysfs_devices(void)
{
    DIR *dir = opendir(SYSFS_PCI);
    if (!dir) {
        print_error("cannot open " SYSFS_PCI "\n");
        return -1;
    }
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && device_count < MAX_DEVICES) {
        unsigned domain, bus, device, function;
        if (sscanf(entry->d_name, "%4x:%2x:%2x.%1x", &domain, &bus, &device, &function) != 4)
            continue;
        /* Mechanism #1 reaches only domain 0. */
        if (domain != 0)
            continue;
        struct pci_device *d = &devices[device_count];
        snprintf(d->name, sizeof d->name, "%.15s", entry->d_name);
        d->bus = bus;
        d->device = device;
        d->function = function;
        if (read_sysfs_config(entry->d_name, d->config) != 0) {
            print_error("cannot read 64 bytes of %s's config\n", entry->d_name);
            closedir(dir);
            return -1;
        }
        print_message("sysfs: %s vendor:device %04x:%04x class %06x rev %02x header %02x\n", d->name,
                      sysfs_word(d, 0), sysfs_word(d, 2), (unsigned)(sysfs_dword(d, 8) >> 8),
                      d->config[8], d->config[0x0E]);
        device_count++;
    }
    closedir(dir);
    return 0;
}

static bool sysfs_lists(unsigned bus, unsigned device, unsigned function)
{
    for (size_t i = 0; i < device_count; i++)
        if (devices[i].bus == bus && devices[i].device == device && devices[i].function == function)
            return true;
    return false;
}

static int setup(void **state)
{
    (void)state;
    if (portio_enable(CONFIG_ADDRESS, 8) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return load_sysfs_devices();
}

/* Names the device, register and width when a port read disagrees with
 * sysfs: a bare "0x.. != 0x.." would not say which of ~400 reads it was. */
static void check_register(const struct pci_device *d, unsigned offset, unsigned width, uint32_t got,
                           uint32_t expected, const char *file, int line)
{
    if (got != expected) {
        print_error("%s offset 0x%02X, %u-bit: ports read 0x%0*X, sysfs has 0x%0*X\n", d->name, offset,
                    width, (int)width / 4, got, (int)width / 4, expected);
        _fail(file, line);
    }
}
#define assert_register(d, offset, width, got, expected) \
    check_register((d), (offset), (width), (got), (expected), __FILE__, __LINE__)

/* QEMU's -machine pc: the i440FX host bridge, vendor 0x8086, device 0x1237. */
static void host_bridge_reads_i440fx_id(void **state)
{
    (void)state;
    portio_outl(CONFIG_ADDRESS, config_address(0, 0, 0, 0));
    assert_int_equal(portio_inl(CONFIG_DATA), 0x12378086);

    uint32_t value = 0;
    assert_int_equal(portio_write(CONFIG_ADDRESS, 32, config_address(0, 0, 0, 0)), PORTIO_OK);
    assert_int_equal(portio_read(CONFIG_DATA, 32, &value), PORTIO_OK);
    assert_int_equal(value, 0x12378086);
}

static void dwords_match_sysfs_through_fast_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < device_count; i++) {
        const struct pci_device *d = &devices[i];
        for (unsigned offset = 0; offset < HEADER_BYTES; offset += 4) {
            portio_outl(CONFIG_ADDRESS, config_address(d->bus, d->device, d->function, offset));
            assert_register(d, offset, 32, portio_inl(CONFIG_DATA), sysfs_dword(d, offset));
        }
    }
}

static void dwords_match_sysfs_through_checked_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < device_count; i++) {
        const struct pci_device *d = &devices[i];
        for (unsigned offset = 0; offset < HEADER_BYTES; offset += 4) {
            uint32_t value = 0;
            assert_int_equal(portio_write(CONFIG_ADDRESS, 32,
                                          config_address(d->bus, d->device, d->function, offset)),
                             PORTIO_OK);
            assert_int_equal(portio_read(CONFIG_DATA, 32, &value), PORTIO_OK);
            assert_register(d, offset, 32, value, sysfs_dword(d, offset));
        }
    }
}

/* A 16-bit read of the data port at 0xCFC + (offset & 2) selects the
 * word within the addressed dword. */
static void words_match_sysfs(void **state)
{
    (void)state;
    for (size_t i = 0; i < device_count; i++) {
        const struct pci_device *d = &devices[i];
        for (unsigned offset = 0; offset < HEADER_BYTES; offset += 2) {
            portio_outl(CONFIG_ADDRESS, config_address(d->bus, d->device, d->function, offset));
            assert_register(d, offset, 16, portio_inw((uint16_t)(CONFIG_DATA + (offset & 2))),
                            sysfs_word(d, offset));
        }
    }
}

/* Likewise an 8-bit read at 0xCFC + (offset & 3) selects the byte. */
static void bytes_match_sysfs(void **state)
{
    (void)state;
    for (size_t i = 0; i < device_count; i++) {
        const struct pci_device *d = &devices[i];
        for (unsigned offset = 0; offset < HEADER_BYTES; offset++) {
            portio_outl(CONFIG_ADDRESS, config_address(d->bus, d->device, d->function, offset));
            assert_register(d, offset, 8, portio_inb((uint16_t)(CONFIG_DATA + (offset & 3))),
                            d->config[offset]);
        }
    }
}

/* The comparisons above pass vacuously on an empty list; the i440FX machine
 * has at least the host bridge, the ISA bridge (PIIX3) and IDE. */
static void at_least_three_devices_compared(void **state)
{
    (void)state;
    assert_true(device_count >= 3);
    assert_true(sysfs_lists(0, 0, 0));
}

/* With no device behind the address, the bus gives all ones. Start at the
 * last function of the last slot of bus 0, which QEMU leaves empty. */
static void absent_device_reads_all_ones(void **state)
{
    (void)state;
    unsigned device = 31, function = 7;
    while (sysfs_lists(0, device, function) && device > 0)
        device--;
    assert_false(sysfs_lists(0, device, function));
    print_message("absent: 0000:00:%02x.%u\n", device, function);

    portio_outl(CONFIG_ADDRESS, config_address(0, device, function, 0));
    assert_int_equal(portio_inl(CONFIG_DATA), 0xFFFFFFFF);

    uint32_t value = 0;
    assert_int_equal(portio_write(CONFIG_ADDRESS, 32, config_address(0, device, function, 0)), PORTIO_OK);
    assert_int_equal(portio_read(CONFIG_DATA, 32, &value), PORTIO_OK);
    assert_int_equal(value, 0xFFFFFFFF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(host_bridge_reads_i440fx_id),
        cmocka_unit_test(dwords_match_sysfs_through_fast_path),
        cmocka_unit_test(dwords_match_sysfs_through_checked_path),
        cmocka_unit_test(words_match_sysfs),
        cmocka_unit_test(bytes_match_sysfs),
        cmocka_unit_test(at_least_three_devices_compared),
        cmocka_unit_test(absent_device_reads_all_ones),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
