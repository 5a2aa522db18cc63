/*
 * SPDX-License-Identifier: MIT
 *
 * A program written for glibc's <sys/io.h>, the way ioport's tools,
 * isadump or superiotool are: ioperm for its ports, then iopl(3), glibc's
 * outb(value, port) order, the _p and string forms. Plain C89 with
 * <sys/io.h> and <stdio.h> only, so that it builds unchanged against
 * glibc's header and against portio's (compat/sys_io/include), for Linux
 * and for Windows.
 *
 * It prints what it reads, one fact a line; the tests compare that with
 * what the machine gives when read another way. On the machine the QEMU
 * tests boot: a parallel port at 0x378, PCI configuration mechanism #1 at
 * 0xCF8/0xCFC (the i440FX host bridge at 00:00.0), debugcon at 0xE9.
 * Exit status: 0 done; 1 ioperm refused the parallel port; 3 iopl(3)
 * refused (after the parallel port's lines).
 */
#include <stdio.h>
#include <sys/io.h>

#define LPT 0x378
#define PCI_ADDRESS 0xCF8
#define PCI_DATA 0xCFC
#define DEBUGCON 0xE9

int main(void)
{
    static const unsigned char patterns[4] = {0x55, 0xAA, 0x00, 0xA5};
    static const unsigned char sent[4] = {0x11, 0x22, 0x33, 0x44};
    static const char debug_text[] = "sys/io.h outsb to 0xe9\n";
    unsigned char received[4];
    unsigned int i;
    unsigned int id;
    unsigned short int vendor, device, saved, wrote, line;

    if (ioperm(LPT, 3, 1) != 0) {
        perror("ioperm(0x378, 3, 1)");
        return 1;
    }
    for (i = 0; i < sizeof patterns; i++) {
        outb(patterns[i], LPT);
        printf("lpt data: wrote 0x%02x, read 0x%02x\n", patterns[i], inb(LPT));
    }
    printf("lpt status: 0x%02x\n", inb(LPT + 1));
    printf("lpt control: 0x%02x\n", inb(LPT + 2));
    outsb(LPT, sent, sizeof sent);
    insb(LPT, received, sizeof received);
    printf("lpt outsb 11 22 33 44, insb: %02x %02x %02x %02x\n", received[0], received[1],
           received[2], received[3]);
    fflush(stdout);

    if (iopl(3) != 0) {
        perror("iopl(3)");
        return 3;
    }
    outl(0x80000000u, PCI_ADDRESS);
    id = inl(PCI_DATA);
    vendor = inw(PCI_DATA);
    device = inw(PCI_DATA + 2);
    printf("pci 00:00.0 id: 0x%08x, vendor 0x%04x, device 0x%04x\n", id, vendor, device);
    /* The interrupt line register (0x3C, beside the read-only pin at 0x3D):
     * a byte software may write; put back afterwards. */
    outl(0x8000003Cu, PCI_ADDRESS);
    saved = inw(PCI_DATA);
    wrote = (unsigned short int)((saved & 0xFF00u) | 0x5Au);
    outw(wrote, PCI_DATA);
    line = inw(PCI_DATA);
    /* A _p form: glibc's pause writes port 0x80, which only iopl(3) (or
     * an ioperm of it) allows. */
    outw_p(saved, PCI_DATA);
    printf("pci 00:00.0 0x3c: wrote 0x%04x, read 0x%04x\n", wrote, line);
    outsb(DEBUGCON, debug_text, sizeof debug_text - 1);
    return 0;
}
