/* SPDX-License-Identifier: MIT */
/* Host tool of check_driver_image.sh: recomputes the PE checksum of an image
 * and compares it with the one in its optional header, since Windows refuses
 * a driver whose checksum is wrong.
 *   pe_checksum IMAGE   prints "stored 0x... computed 0x..."; exit 0 when
 *                       they are equal, 1 when not, 2 when IMAGE is no PE.
 * The sum: the file's little-endian 16-bit words (an odd last byte padded
 * with zero), the checksum field itself left out, carries folded back in at
 * every step, then the file's length added. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "read_whole_file.h"

static uint32_t read_u32(const unsigned char *bytes)
{
    return (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 |
           (uint32_t)bytes[3] << 24;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: pe_checksum IMAGE\n");
        return 2;
    }
    size_t size;
    unsigned char *image = read_whole_file(argv[1], &size);
    if (!image)
        return 2;
    /* e_lfanew, then "PE\0\0", the 20-byte file header, and CheckSum at
     * offset 64 of the optional header (the same for PE32 and PE32+). */
    size_t pe_offset = size >= 0x40 ? read_u32(image + 0x3c) : SIZE_MAX;
    size_t checksum_offset = pe_offset + 4 + 20 + 64;
    if (pe_offset >= size || checksum_offset + 4 > size || image[0] != 'M' || image[1] != 'Z' ||
        read_u32(image + pe_offset) != 0x00004550) {
        fprintf(stderr, "%s: not a PE image\n", argv[1]);
        free(image);
        return 2;
    }
    uint32_t stored = read_u32(image + checksum_offset);

    uint32_t sum = 0;
    for (size_t offset = 0; offset < size; offset += 2) {
        if (offset == checksum_offset || offset == checksum_offset + 2)
            continue;
        uint32_t word = image[offset];
        if (offset + 1 < size)
            word |= (uint32_t)image[offset + 1] << 8;
        sum += word;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum = (sum & 0xffff) + (sum >> 16);
    uint32_t computed = sum + (uint32_t)size;
    free(image);

    printf("stored 0x%08x computed 0x%08x\n", (unsigned)stored, (unsigned)computed);
    return stored == computed ? 0 : 1;
}
