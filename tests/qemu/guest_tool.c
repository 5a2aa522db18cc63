/* SPDX-License-Identifier: MIT */
/* In the QEMU guest, as root: the portio command and the examples (copied
 * to /portio by prepare_guest.sh) on the emulated devices, checked against
 * the library in this process and against the guest kernel's own view. */
#include "guest_programs.h"
#include "guest_support.h"

#include <dirent.h>
#include <regex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC
#define SYSFS_PCI "/sys/bus/pci/devices"

/* The command succeeded and printed exactly expected. */
#define assert_portio(expected, ...)                                                           \
    do {                                                                                       \
        assert_int_equal(run("portio", __VA_ARGS__), 0);                                       \
        assert_string_equal(out_text, (expected));                                             \
        assert_string_equal(err_text, "");                                                     \
    } while (0)

static bool matches(const char *text, const char *pattern)
{
    regex_t regex;
    assert_int_equal(regcomp(&regex, pattern, REG_EXTENDED | REG_NEWLINE | REG_NOSUB), 0);
    bool found = regexec(&regex, text, 0, NULL, 0) == 0;
    regfree(&regex);
    return found;
}

#define assert_matches(text, pattern)                                                          \
    do {                                                                                       \
        if (!matches((text), (pattern)))                                                       \
            fail_msg("\"%s\" does not match /%s/", (text), (pattern));                         \
    } while (0)

/* This process's own ports, to compare with: the LPT and the PCI
 * configuration mechanism. */
static int setup(void **state)
{
    if (enable_lpt(state) != 0)
        return -1;
    if (portio_enable(CONFIG_ADDRESS, 8) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

static void read_gives_the_lpt_status(void **state)
{
    (void)state;
    assert_portio("0xd9\n", "read", "0x379");
    assert_portio("0xcc\n", "read", "890"); /* 0x37A, in decimal */
}

static void write_reaches_the_latch_the_library_reads(void **state)
{
    (void)state;
    assert_portio("", "write", "0x378", "0x5a");
    assert_int_equal(portio_inb(LPT), 0x5A);
    assert_portio("0x5a\n", "read", "0x378");
    /* and the other way round */
    portio_outb(LPT, 0xA5);
    assert_portio("0xa5\n", "read", "0x378");
}

static void pci_address_written_by_the_tool_selects_the_host_bridge(void **state)
{
    (void)state;
    portio_outl(CONFIG_ADDRESS, 0);
    assert_portio("", "write", "-w", "32", "0xcf8", "0x80000000");
    assert_int_equal(portio_inl(CONFIG_ADDRESS), 0x80000000u);
    assert_portio("0x80000000\n", "read", "-w", "32", "0xcf8");
    assert_portio("0x12378086\n", "read", "-w", "32", "0xcfc");
    assert_int_equal(portio_inl(CONFIG_DATA), 0x12378086u);
}

static void narrow_reads_select_words_and_bytes_of_the_pci_dword(void **state)
{
    (void)state;
    portio_outl(CONFIG_ADDRESS, 0x80000000u);
    assert_portio("0x8086\n", "read", "-w", "16", "0xcfc");
    assert_portio("0x1237\n", "read", "-w", "16", "0xcfe");
    assert_portio("0x86\n", "read", "0xcfc");
    assert_portio("0x12\n", "read", "0xcff");
}

static void dump_shows_latch_status_and_control(void **state)
{
    (void)state;
    portio_outb(LPT, 0x3C);
    assert_portio("0378: 3c d9 cc\n", "dump", "0x378", "3");
}

static void refusals_and_usage_errors_have_their_exit_status(void **state)
{
    (void)state;
    portio_outb(LPT, 0x3C);
    /* devport cannot do 16 bits: the system refuses, with the library's word */
    assert_int_equal(run("portio", "--backend", "devport", "read", "-w", "16", "0x378"), 1);
    assert_matches(err_text, "^portio: .*16-bit");
    assert_int_equal(run("portio", "write", "0x378", "0x100"), 2);
    assert_int_equal(run("portio", "read", "-w", "32", "0xfffd"), 2);
    assert_int_equal(portio_inb(LPT), 0x3C); /* the refused write wrote nothing */
}

/* /proc/ioports as portio list prints it: "  0070-0077 : rtc0" becomes
 * "  0070-0077  rtc0"; with a port, only the ranges that hold it. */
static void expected_list(long port, char *text, size_t size)
{
    FILE *file = fopen("/proc/ioports", "r");
    assert_non_null(file);
    char line[256];
    size_t length = 0;
    text[0] = '\0';
    while (fgets(line, sizeof line, file)) {
        unsigned first, last;
        char *separator = strstr(line, " : ");
        assert_non_null(separator);
        assert_int_equal(sscanf(line, " %x-%x", &first, &last), 2);
        if (port >= 0 && (port < (long)first || port > (long)last))
            continue;
        memmove(separator + 1, separator + 2, strlen(separator + 2) + 1); /* " : " -> "  " */
        separator[1] = ' ';
        assert_true(length + strlen(line) < size);
        strcpy(text + length, line);
        length += strlen(line);
    }
    fclose(file);
}

static void list_shows_proc_ioports(void **state)
{
    (void)state;
    static char expected[8192];
    expected_list(-1, expected, sizeof expected);
    assert_int_equal(run("portio", "list"), 0);
    assert_string_equal(out_text, expected);
    assert_matches(out_text, "^ *0070-00(71|77)  rtc");
    assert_matches(out_text, "^0cf8-0cff  PCI conf1$");

    expected_list(0x70, expected, sizeof expected);
    assert_int_equal(run("portio", "list", "0x70"), 0);
    assert_string_equal(out_text, expected);
    assert_matches(out_text, "^ *0070-00(71|77)  rtc");
    assert_false(matches(out_text, "PCI conf1"));
}

/* The line pci_list prints for a sysfs device, e.g. "00:00.0 8086:1237 class 0600". */
static bool sysfs_line(const char *name, char *line, size_t size)
{
    unsigned domain, bus, device, function, vendor, device_id, class_code;
    if (sscanf(name, "%4x:%2x:%2x.%1x", &domain, &bus, &device, &function) != 4 || domain != 0)
        return false;
    char path[512];
    const char *files[] = {"vendor", "device", "class"};
    unsigned *values[] = {&vendor, &device_id, &class_code};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, SYSFS_PCI "/%s/%s", name, files[i]);
        FILE *file = fopen(path, "r");
        assert_non_null(file);
        assert_int_equal(fscanf(file, "%x", values[i]), 1);
        fclose(file);
    }
    snprintf(line, size, "%02x:%02x.%x %04x:%04x class %04x\n", bus, device, function, vendor,
             device_id, class_code >> 8);
    return true;
}

static void pci_list_lists_every_device_sysfs_knows(void **state)
{
    (void)state;
    assert_int_equal(run("pci_list"), 0);
    assert_string_equal(err_text, "");
    assert_true(strncmp(out_text, "00:00.0 8086:1237 class 0600\n", 29) == 0);

    DIR *dir = opendir(SYSFS_PCI);
    assert_non_null(dir);
    struct dirent *entry;
    size_t devices = 0;
    while ((entry = readdir(dir)) != NULL) {
        char line[64];
        if (!sysfs_line(entry->d_name, line, sizeof line))
            continue;
        devices++;
        if (!strstr(out_text, line))
            fail_msg("pci_list does not list %s as %s", entry->d_name, line);
    }
    closedir(dir);
    size_t lines = 0;
    for (const char *c = out_text; *c; c++)
        lines += *c == '\n';
    assert_true(devices >= 3);
    assert_int_equal(lines, devices);
}

/* The guest kernel set its clock from the same RTC at boot (UTC): the two
 * agree within a few minutes, however slow the emulation. */
static void cmos_clock_prints_the_time_the_kernel_has(void **state)
{
    (void)state;
    assert_int_equal(run("cmos_clock"), 0);
    assert_string_equal(err_text, "");
    assert_matches(out_text, "^20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]\n$");

    struct tm rtc = {0};
    assert_int_equal(sscanf(out_text, "%d-%d-%d %d:%d:%d", &rtc.tm_year, &rtc.tm_mon, &rtc.tm_mday,
                            &rtc.tm_hour, &rtc.tm_min, &rtc.tm_sec),
                     6);
    rtc.tm_year -= 1900;
    rtc.tm_mon -= 1;
    time_t now = time(NULL);
    double difference = difftime(timegm(&rtc), now);
    print_message("cmos_clock is %.0f s from the kernel's clock\n", difference);
    assert_true(difference > -300 && difference < 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read_gives_the_lpt_status),
        cmocka_unit_test(write_reaches_the_latch_the_library_reads),
        cmocka_unit_test(pci_address_written_by_the_tool_selects_the_host_bridge),
        cmocka_unit_test(narrow_reads_select_words_and_bytes_of_the_pci_dword),
        cmocka_unit_test(dump_shows_latch_status_and_control),
        cmocka_unit_test(refusals_and_usage_errors_have_their_exit_status),
        cmocka_unit_test(list_shows_proc_ioports),
        cmocka_unit_test(pci_list_lists_every_device_sysfs_knows),
        cmocka_unit_test(cmos_clock_prints_the_time_the_kernel_has),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
