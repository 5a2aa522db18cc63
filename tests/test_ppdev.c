/* SPDX-License-Identifier: MIT */
/* The ppdev backend (/dev/parportN) on the fake Linux: which ranges it
 * serves, the ioctl behind each register, its refusals, the claim and the
 * release, its messages, and where auto puts it. */
#include "test_support.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include <linux/ppdev.h>

#include "backend.h"
#include "fake_linux_system.h"
#include "front.h"
#include "linux/system.h"

#define PARPORT0_FD FAKE_PARPORT_FD
#define PARPORT1_FD (FAKE_PARPORT_FD + 1)

/* parport0 at 0x378 (the kernel writes the base in decimal, then the
 * ECP base), with QEMU's status after the kernel's probe. */
static void one_port(void)
{
    fake_linux_install();
    fake.parports[0].base_addr = "888\t0\n";
    fake.parports[0].status = 0xD8;
}

static int use_ppdev(void **state)
{
    (void)state;
    one_port();
    return portio_use_backend("ppdev") == PORTIO_OK ? 0 : -1;
}

static int use_auto(void **state)
{
    (void)state;
    one_port();
    return 0;
}

static size_t count_requests(unsigned long request)
{
    size_t found = 0;
    for (size_t i = 0; i < fake.ioctl_count && i < FAKE_MAX_CALLS; i++)
        found += fake.ioctl_calls[i].request == request;
    return found;
}

static void assert_call(size_t index, int fd, unsigned long request, int value)
{
    assert_true(index < fake.ioctl_count);
    assert_int_equal(fake.ioctl_calls[index].fd, fd);
    assert_int_equal(fake.ioctl_calls[index].request, request);
    assert_int_equal(fake.ioctl_calls[index].value, value);
}

/* ---- which ranges ---- */

static void enable_inside_a_port_opens_and_claims_it_once(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(fake.opened_path, "/dev/parport0");
    assert_int_equal(fake.opened_flags, O_RDWR | O_CLOEXEC);
    assert_int_equal(fake.open_count, 1);
    assert_int_equal(fake.ioctl_count, 1);
    assert_call(0, PARPORT0_FD, PPCLAIM, -1);
    assert_true(fake.parports[0].claimed);
    assert_int_equal(portio_enable(0x379, 1), PORTIO_OK);
    assert_int_equal(portio_enable(0x37A, 1), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 2), PORTIO_OK);
    assert_int_equal(fake.open_count, 1);
    assert_int_equal(fake.ioctl_count, 1);
    assert_int_equal(fake.ioperm_count, 0);
    assert_string_equal(portio_backend(), "ppdev");
}

static void a_range_past_the_control_register_is_refused(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 8), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("ports 0x0378-0x037F: the ppdev backend reaches only the data, "
                               "status and control registers (base to base+2) of one parallel "
                               "port, and this range goes past those of parport0");
    assert_last_error_contains("EPP, ECP");
    assert_last_error_contains("parport0 at 0x0378-0x037A");
    assert_int_equal(portio_enable(0x377, 2), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("goes past those of parport0");
    assert_int_equal(portio_enable(0x37B, 1), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("ports 0x037B-0x037B are EPP registers of the parallel port parport0 "
                               "(base+0x3 on), which the ppdev backend does not reach");
    assert_last_error_contains("use the direct backend for them");
    assert_int_equal(portio_enable(0x37F, 1), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("are EPP registers of the parallel port parport0");
    assert_int_equal(portio_enable(0x380, 1), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("not registers of a parallel port");
    assert_int_equal(fake.open_count, 0);
    assert_int_equal(fake.ioctl_count, 0);
}

static void a_range_outside_every_port_is_refused(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x80, 1), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("ports 0x0080-0x0080 are not registers of a parallel port the "
                               "kernel knows, so the ppdev backend cannot reach them; it serves "
                               "only the data, status and control registers of: parport0 at "
                               "0x0378-0x037A");
    /* The ECP registers of the port, base + 0x400. */
    assert_int_equal(portio_enable(0x778, 3), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("0x0778-0x077A are ECP registers of the parallel port parport0 "
                               "(base+0x400 on)");
    assert_int_equal(portio_enable(0x77B, 1), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("0x077B-0x077B are not registers");
    assert_int_equal(fake.open_count, 0);
}

static void without_parallel_ports_it_says_which_drivers_to_load(void **state)
{
    (void)state;
    fake.parports[0].base_addr = NULL;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("ports 0x0378-0x037A: the ppdev backend found no parallel port: "
                               "the kernel lists none in /proc/sys/dev/parport (load its drivers "
                               "with sudo modprobe parport_pc ppdev");
    assert_int_equal(fake.open_count, 0);
}

static void two_ports_each_through_its_device(void **state)
{
    (void)state;
    fake.parports[1].base_addr = "632\t1656\n"; /* 0x278, ECP at 0x678 */
    fake.parports[1].status = 0x7F;
    assert_int_equal(portio_enable(0x278, 3), PORTIO_OK);
    assert_string_equal(fake.opened_path, "/dev/parport1");
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(fake.opened_path, "/dev/parport0");
    assert_call(0, PARPORT1_FD, PPCLAIM, -1);
    assert_call(1, PARPORT0_FD, PPCLAIM, -1);
    assert_int_equal(portio_inb(0x279), 0x7F);
    assert_int_equal(portio_inb(0x379), 0xD8);
    assert_call(2, PARPORT1_FD, PPRSTATUS, 0x7F);
    assert_call(3, PARPORT0_FD, PPRSTATUS, 0xD8);
    /* A range across both is inside neither. */
    assert_int_equal(portio_enable(0x27A, 0x100), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("parport0 at 0x0378-0x037A, parport1 at 0x0278-0x027A");
    /* Giving one back releases that one only. */
    assert_int_equal(portio_disable(0x278, 3), PORTIO_OK);
    assert_call(4, PARPORT1_FD, PPRELEASE, -1);
    assert_int_equal(fake.close_count, 0); /* released, kept open */
    assert_true(fake.parports[0].claimed);
    assert_false(fake.parports[1].claimed);
}

/* ---- the registers ---- */

static void each_register_has_its_ioctl(void **state)
{
    (void)state;
    uint32_t value = 0;
    fake.parports[0].data = 0x5A;
    fake.parports[0].control = 0x0C;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_read(0x378, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0x5A);
    assert_int_equal(portio_read(0x379, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0xD8);
    assert_int_equal(portio_read(0x37A, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0x0C);
    assert_int_equal(portio_write(0x378, 8, 0xA5), PORTIO_OK);
    assert_int_equal(portio_write(0x37A, 8, 0x0D), PORTIO_OK);
    assert_call(1, PARPORT0_FD, PPRDATA, 0x5A);
    assert_call(2, PARPORT0_FD, PPRSTATUS, 0xD8);
    assert_call(3, PARPORT0_FD, PPRCONTROL, 0x0C);
    assert_call(4, PARPORT0_FD, PPWDATA, 0xA5);
    assert_call(5, PARPORT0_FD, PPWCONTROL, 0x0D);
    assert_int_equal(fake.ioctl_count, 6);
    assert_int_equal(fake.parports[0].data, 0xA5);
    assert_int_equal(fake.parports[0].control, 0x0D);
    /* the fast forms take the same way */
    portio_outb(0x378, 0x3C);
    assert_int_equal(portio_inb(0x378), 0x3C);
    assert_call(6, PARPORT0_FD, PPWDATA, 0x3C);
    assert_call(7, PARPORT0_FD, PPRDATA, 0x3C);
    assert_int_equal(fake.transfer_count, 0);
}

/* Bit 5 (direction) through PPDATADIR when it changes, never through
 * PPWCONTROL, which could set it but not clear it. */
static void control_bit_5_sets_the_direction_through_ppdatadir(void **state)
{
    (void)state;
    uint32_t value = 0;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_write(0x37A, 8, 0x2C), PORTIO_OK);
    assert_call(1, PARPORT0_FD, PPDATADIR, 1);
    assert_call(2, PARPORT0_FD, PPWCONTROL, 0x0C);
    assert_true(fake.parports[0].reverse);
    assert_int_equal(portio_read(0x37A, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0x2C);
    /* same direction: no PPDATADIR */
    assert_int_equal(portio_write(0x37A, 8, 0x2D), PORTIO_OK);
    assert_call(4, PARPORT0_FD, PPWCONTROL, 0x0D);
    /* back to output */
    assert_int_equal(portio_write(0x37A, 8, 0x0C), PORTIO_OK);
    assert_call(5, PARPORT0_FD, PPDATADIR, 0);
    assert_call(6, PARPORT0_FD, PPWCONTROL, 0x0C);
    assert_false(fake.parports[0].reverse);
    assert_int_equal(count_requests(PPDATADIR), 2);
    assert_int_equal(portio_read(0x37A, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0x0C);
}

/* What the kernel does not report: bits 4 (interrupt enable), 6 and 7. */
static void control_reads_bits_0_to_3_and_5_only(void **state)
{
    (void)state;
    uint32_t value = 0;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_write(0x37A, 8, 0xFF), PORTIO_OK);
    assert_int_equal(portio_read(0x37A, 8, &value), PORTIO_OK);
    assert_int_equal(value, 0x2F);
}

static void writing_the_status_register_is_refused(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_write(0x379, 8, 0x01), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("write of 0x01 at port 0x0379: that is the status register of a "
                               "parallel port, which the ppdev backend can only read");
    portio_outb(0x379, 0x01);
    assert_last_error_contains("status register");
    assert_int_equal(fake.ioctl_count, 1); /* the claim */
}

static void wide_accesses_are_refused_without_ioctl(void **state)
{
    (void)state;
    uint32_t value = 0x12345678;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_read(0x378, 16, &value), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("16-bit read at port 0x0378: the ppdev backend (/dev/parportN) "
                               "moves one 8-bit register at a time and does not split wider "
                               "accesses");
    assert_int_equal(value, 0x12345678);
    assert_int_equal(portio_write(0x378, 16, 0x1234), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("16-bit write at port 0x0378");
    assert_int_equal(portio_inw(0x378), 0xFFFF);
    portio_outl(0x378, 0xDEADBEEFu);
    assert_int_equal(fake.ioctl_count, 1);
}

static void string_ops_are_one_ioctl_per_byte(void **state)
{
    (void)state;
    static const uint8_t bytes[] = {0x10, 0x20, 0x30};
    uint8_t read_back[4] = {0};
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_outsb(0x378, bytes, sizeof bytes);
    portio_insb(0x379, read_back, sizeof read_back);
    for (size_t i = 0; i < sizeof bytes; i++)
        assert_call(1 + i, PARPORT0_FD, PPWDATA, bytes[i]);
    for (size_t i = 0; i < sizeof read_back; i++) {
        assert_call(4 + i, PARPORT0_FD, PPRSTATUS, 0xD8);
        assert_int_equal(read_back[i], 0xD8);
    }
    uint16_t words[2] = {0x1111, 0x2222};
    portio_insw(0x378, words, 2);
    assert_last_error_contains("16-bit string read");
    assert_int_equal(fake.ioctl_count, 8);
}

static void a_failing_ioctl_is_an_io_error(void **state)
{
    (void)state;
    uint32_t value = 0x77;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    fake.ioctl_errno = EIO;
    assert_int_equal(portio_read(0x379, 8, &value), PORTIO_E_IO);
    assert_last_error_contains("PPRSTATUS for port 0x0379 (the ppdev backend) failed: "
                               "Input/output error");
    assert_int_equal(value, 0x77);
    assert_int_equal(portio_write(0x37A, 8, 0x0C), PORTIO_E_IO);
    assert_last_error_contains("PPWCONTROL for port 0x037A");
}

/* ---- claim and release ---- */

static void the_last_range_of_a_port_releases_it(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 1), PORTIO_OK);
    assert_int_equal(portio_enable(0x37A, 1), PORTIO_OK);
    assert_int_equal(portio_disable(0x378, 1), PORTIO_OK);
    assert_int_equal(count_requests(PPRELEASE), 0);
    assert_int_equal(fake.close_count, 0);
    assert_int_equal(portio_disable(0x37A, 1), PORTIO_OK);
    assert_int_equal(count_requests(PPRELEASE), 1);
    assert_call(fake.ioctl_count - 1, PARPORT0_FD, PPRELEASE, -1);
    /* Released but kept open: an access racing the disable still reaches
     * this device, never a file that reused the number. */
    assert_int_equal(fake.close_count, 0);
    assert_false(fake.parports[0].claimed);
    /* and a new enable claims it again, on the same descriptor */
    assert_int_equal(portio_enable(0x379, 1), PORTIO_OK);
    assert_int_equal(fake.open_count, 1);
    assert_int_equal(count_requests(PPCLAIM), 2);
    assert_call(fake.ioctl_count - 1, PARPORT0_FD, PPCLAIM, -1);
    assert_true(fake.parports[0].claimed);
}

/* The front keeps one record of ports, so enabling a range twice and
 * disabling it once gives it back: the claim follows the record. */
static void the_claim_follows_the_record_of_ports(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_disable(0x379, 1), PORTIO_OK);
    assert_int_equal(count_requests(PPRELEASE), 0);
    assert_int_equal(portio_disable(0x378, 3), PORTIO_OK);
    assert_int_equal(count_requests(PPRELEASE), 1);
    /* disabling other ports touches nothing */
    assert_int_equal(portio_disable(0, 0x10000), PORTIO_OK);
    assert_int_equal(count_requests(PPRELEASE), 1);
    assert_int_equal(fake.close_count, 0);
}

static void a_reset_releases_and_closes(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_platform_reset_for_tests();
    /* the real calls are back: look at what the fake saw before */
    assert_call(1, PARPORT0_FD, PPRELEASE, -1);
    assert_int_equal(fake.close_count, 1);
    assert_false(fake.parports[0].claimed);
    one_port(); /* the front forgets its ranges, under the fake again */
    assert_int_equal(fake.close_count, 0);
}

/* ---- messages ---- */

static void eacces_names_the_device_and_its_group(void **state)
{
    (void)state;
    fake.parports[0].open_errno = EACCES;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("opening /dev/parport0 (the ppdev backend, for ports "
                               "0x0378-0x037A) was refused: it belongs to root and group 'lp' "
                               "(gid 7), mode 0660. Add yourself to the group 'lp' that owns "
                               "/dev/parport0: sudo usermod -aG lp $USER, then log in again");
    assert_last_error_contains("udev rule");
    assert_int_equal(fake.ioctl_count, 0);
    assert_int_equal(portio_read(0x378, 8, &(uint32_t){0}), PORTIO_E_NOT_ENABLED);
}

static void eperm_with_a_group_of_another_name(void **state)
{
    (void)state;
    fake.parports[0].open_errno = EPERM;
    fake.parport_gid = 1234; /* no name in the group database */
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("group '1234' (gid 1234)");
    assert_last_error_contains("sudo usermod -aG 1234 $USER");
}

static void a_device_of_root_says_to_write_a_udev_rule(void **state)
{
    (void)state;
    fake.parports[0].open_errno = EACCES;
    fake.parport_gid = 0;
    fake.parport_mode = 0600;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("it belongs to root and group 'root' (gid 0), mode 0600, so "
                               "only root may open it. Give it to a group with a udev rule, e.g. "
                               "the line SUBSYSTEM==\"ppdev\", GROUP=\"lp\", MODE=\"0660\"");
    assert_last_error_contains("sudo usermod -aG lp $USER");
}

static void enoent_says_to_load_ppdev(void **state)
{
    (void)state;
    fake.parports[0].open_errno = ENOENT;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("opening /dev/parport0 (the ppdev backend, for ports "
                               "0x0378-0x037A) failed: No such file or directory; the kernel's "
                               "ppdev driver is not loaded: load it with sudo modprobe ppdev");
}

static void a_failed_claim_says_who_may_hold_the_port(void **state)
{
    (void)state;
    static const int errors[] = {ENXIO, EINTR, EBUSY};
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        one_port();
        assert_int_equal(portio_use_backend("ppdev"), PORTIO_OK);
        fake.parports[0].claim_errno = errors[i];
        assert_int_equal(portio_enable(0x378, 3), PORTIO_E_IO);
        assert_last_error_contains("claiming parport0 (PPCLAIM on /dev/parport0, the ppdev "
                                   "backend) failed: ");
        assert_last_error_contains(strerror(errors[i]));
        assert_last_error_contains("another driver holds the port (the printer driver lp while "
                                   "it prints");
        assert_last_error_contains("sudo rmmod lp");
        assert_int_equal(fake.close_count, 1); /* the device is not kept open */
    }
}

/* ---- auto ---- */

#if PORTIO_HAVE_X86_IO
static void auto_takes_direct_first(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "direct");
    assert_int_equal(fake.open_count, 0);
}
#endif

static void auto_takes_ppdev_for_a_parallel_port_when_direct_is_refused(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.open_errno = EACCES; /* /dev/port */
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "ppdev");
    assert_string_equal(fake.opened_path, "/dev/parport0");
    assert_int_equal(portio_inb(0x379), 0xD8);
}

static void auto_takes_devport_outside_parallel_ports(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    assert_int_equal(portio_enable(0x80, 1), PORTIO_OK);
    assert_string_equal(portio_backend(), "devport");
    assert_string_equal(fake.opened_path, "/dev/port");
    assert_int_equal(fake.ioctl_count, 0);
}

static void auto_takes_devport_where_ppdev_is_refused(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.parports[0].open_errno = EACCES;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_string_equal(portio_backend(), "devport");
}

static void auto_refused_everywhere_says_what_each_needed(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.open_errno = EACCES;
    fake.parports[0].open_errno = EACCES;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("ioperm(0x378, 3) was refused: port access needs root or the "
                               "CAP_SYS_RAWIO capability");
    assert_last_error_contains(". Without root, through the ppdev backend: opening "
                               "/dev/parport0");
    assert_last_error_contains("Add yourself to the group 'lp' that owns /dev/parport0: sudo "
                               "usermod -aG lp $USER, then log in again");
}

static void auto_without_port_access_or_ppdev_names_modprobe(void **state)
{
    (void)state;
    fake.ioperm_errno = ENOSYS;
    fake.open_errno = ENOENT;
    fake.parports[0].open_errno = ENOENT;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("no way to reach I/O ports here");
    assert_last_error_contains("Without root, through the ppdev backend: opening /dev/parport0");
    assert_last_error_contains("sudo modprobe ppdev");
}

/* The refusal a person can act on wins: ENOSYS from ioperm, no /dev/port,
 * but a group would give /dev/parport0. */
static void auto_perm_of_ppdev_wins_over_unsupported(void **state)
{
    (void)state;
    fake.ioperm_errno = ENOSYS;
    fake.open_errno = ENOENT;
    fake.parports[0].open_errno = EACCES;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_E_PERM);
    assert_last_error_contains("group 'lp'");
}

static void auto_for_other_ports_does_not_mention_ppdev(void **state)
{
    (void)state;
    fake.ioperm_errno = EPERM;
    fake.open_errno = EACCES;
    assert_int_equal(portio_enable(0x80, 1), PORTIO_E_PERM);
    assert_null(strstr(portio_last_error(), "ppdev"));
    assert_int_equal(fake.ioctl_count, 0);
}

static void the_environment_selects_ppdev(void **state)
{
    (void)state;
    setenv("PORTIO_BACKEND", "ppdev", 1);
    assert_string_equal(portio_backend(), "ppdev");
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    unsetenv("PORTIO_BACKEND");
    assert_string_equal(portio_backend(), "ppdev");
    assert_int_equal(fake.ioperm_count, 0);
    assert_string_equal(fake.opened_path, "/dev/parport0");
}

/* ---- batches ---- */

static void a_batch_runs_through_the_ioctls(void **state)
{
    (void)state;
    fake.parports[0].control = 0x0C;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_batch_op ops[] = {
        {0x378, 8, PORTIO_BATCH_WRITE, 0x41},
        {0x379, 8, PORTIO_BATCH_WAIT, 0x80, 0x80, 100000},
        {0x37A, 8, PORTIO_BATCH_MODIFY, 0x01, 0x00},
        {0, 0, PORTIO_BATCH_DELAY, 0, 0, 10},
        {0x37A, 8, PORTIO_BATCH_MODIFY, 0x00, 0x01},
        {0x378, 8, PORTIO_BATCH_READ, 0},
    };
    assert_int_equal(portio_batch(ops, 6), PORTIO_OK);
    assert_call(1, PARPORT0_FD, PPWDATA, 0x41);
    assert_call(2, PARPORT0_FD, PPRSTATUS, 0xD8);
    assert_call(3, PARPORT0_FD, PPRCONTROL, 0x0C);
    assert_call(4, PARPORT0_FD, PPWCONTROL, 0x0D);
    assert_call(5, PARPORT0_FD, PPRCONTROL, 0x0D);
    assert_call(6, PARPORT0_FD, PPWCONTROL, 0x0C);
    assert_call(7, PARPORT0_FD, PPRDATA, 0x41);
    assert_int_equal(fake.ioctl_count, 8);
    assert_int_equal(ops[1].result, 0xD8);
    assert_int_equal(ops[2].result, 0x0C);
    assert_int_equal(ops[5].value, 0x41);
}

/* A modify that leaves bit 5 alone keeps the data lines as inputs. */
static void a_modify_keeps_the_direction(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_int_equal(portio_write(0x37A, 8, 0x2C), PORTIO_OK);
    portio_batch_op ops[] = {{0x37A, 8, PORTIO_BATCH_MODIFY, 0x01, 0x00}};
    assert_int_equal(portio_batch(ops, 1), PORTIO_OK);
    assert_int_equal(ops[0].result, 0x2C);
    assert_true(fake.parports[0].reverse);
    assert_int_equal(count_requests(PPDATADIR), 1);
    assert_call(fake.ioctl_count - 1, PARPORT0_FD, PPWCONTROL, 0x0D);
}

static void a_batch_wait_times_out_on_the_status(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_batch_op ops[] = {{0x379, 8, PORTIO_BATCH_WAIT, 0x01, 0x01, 2000}};
    assert_int_equal(portio_batch(ops, 1), PORTIO_E_TIMEOUT);
    assert_int_equal(ops[0].result, 0xD8);
    assert_true(count_requests(PPRSTATUS) > 1);
    assert_last_error_contains("timed out after 2000 us: the last value read was 0xD8");
}

static void a_batch_that_could_not_finish_is_refused_before_it_starts(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    portio_batch_op wide[] = {{0x378, 8, PORTIO_BATCH_WRITE, 0x55}, {0x378, 16, PORTIO_BATCH_READ, 0}};
    assert_int_equal(portio_batch(wide, 2), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("portio_batch: op 1, a 16-bit read at port 0x0378");
    assert_last_error_contains("no op of the batch ran");
    portio_batch_op status[] = {{0x378, 8, PORTIO_BATCH_WRITE, 0x55},
                                {0x379, 8, PORTIO_BATCH_MODIFY, 0x01, 0x00}};
    assert_int_equal(portio_batch(status, 2), PORTIO_E_UNSUPPORTED);
    assert_last_error_contains("portio_batch: op 1, a modify at port 0x0379: that is the "
                               "status register");
    assert_last_error_contains("no op of the batch ran");
    assert_int_equal(fake.ioctl_count, 1);
    assert_int_equal(fake.parports[0].data, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, use_ppdev)
#define A(name) cmocka_unit_test_setup(name, use_auto)
        T(enable_inside_a_port_opens_and_claims_it_once),
        T(a_range_past_the_control_register_is_refused),
        T(a_range_outside_every_port_is_refused),
        T(without_parallel_ports_it_says_which_drivers_to_load),
        T(two_ports_each_through_its_device),
        T(each_register_has_its_ioctl),
        T(control_bit_5_sets_the_direction_through_ppdatadir),
        T(control_reads_bits_0_to_3_and_5_only),
        T(writing_the_status_register_is_refused),
        T(wide_accesses_are_refused_without_ioctl),
        T(string_ops_are_one_ioctl_per_byte),
        T(a_failing_ioctl_is_an_io_error),
        T(the_last_range_of_a_port_releases_it),
        T(the_claim_follows_the_record_of_ports),
        T(a_reset_releases_and_closes),
        T(eacces_names_the_device_and_its_group),
        T(eperm_with_a_group_of_another_name),
        T(a_device_of_root_says_to_write_a_udev_rule),
        T(enoent_says_to_load_ppdev),
        T(a_failed_claim_says_who_may_hold_the_port),
#if PORTIO_HAVE_X86_IO
        A(auto_takes_direct_first),
#endif
        A(auto_takes_ppdev_for_a_parallel_port_when_direct_is_refused),
        A(auto_takes_devport_outside_parallel_ports),
        A(auto_takes_devport_where_ppdev_is_refused),
        A(auto_refused_everywhere_says_what_each_needed),
        A(auto_without_port_access_or_ppdev_names_modprobe),
        A(auto_perm_of_ppdev_wins_over_unsupported),
        A(auto_for_other_ports_does_not_mention_ppdev),
        A(the_environment_selects_ppdev),
        T(a_batch_runs_through_the_ioctls),
        T(a_modify_keeps_the_direction),
        T(a_batch_wait_times_out_on_the_status),
        T(a_batch_that_could_not_finish_is_refused_before_it_starts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
