/* SPDX-License-Identifier: MIT */
/* Host tool of check_driver_image.sh: prints the version resource of a PE
 * image (RT_VERSION, its VS_FIXEDFILEINFO and StringFileInfo strings), since
 * binutils has no reader for it.
 *   pe_version IMAGE   prints "FileVersion a.b.c.d", "ProductVersion a.b.c.d",
 *                      "FileType 0x..", "FileSubtype 0x.." and one
 *                      "String NAME=VALUE" a string (ASCII; others as '?');
 *                      exit 0, 1 when the image has no version resource,
 *                      2 when it is no PE image or the resource is malformed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read_whole_file.h"

static const unsigned char *image;
static size_t image_size;
static const char *image_path;

/* Every read is checked against the file's end: a malformed image ends the
 * program instead of reading past the buffer. */
static void need(size_t offset, size_t length)
{
    if (offset > image_size || length > image_size - offset) {
        fprintf(stderr, "%s: malformed image or resource (offset 0x%zx)\n", image_path, offset);
        exit(2);
    }
}

static uint32_t u16_at(size_t offset)
{
    need(offset, 2);
    return (uint32_t)image[offset] | (uint32_t)image[offset + 1] << 8;
}

static uint32_t u32_at(size_t offset)
{
    return u16_at(offset) | u16_at(offset + 2) << 16;
}

struct section_table {
    size_t offset;
    unsigned count;
};

/* The file offset of a relative virtual address, through the section that
 * holds it. */
static size_t file_offset_of(struct section_table sections, uint32_t rva)
{
    for (unsigned index = 0; index < sections.count; index++) {
        size_t header = sections.offset + 40u * index;
        uint32_t virtual_address = u32_at(header + 12);
        uint32_t raw_size = u32_at(header + 16);
        uint32_t raw_offset = u32_at(header + 20);
        if (rva >= virtual_address && rva - virtual_address < raw_size)
            return (size_t)raw_offset + (rva - virtual_address);
    }
    fprintf(stderr, "%s: address 0x%x lies in no section\n", image_path, (unsigned)rva);
    exit(2);
}

/* The first entry of a resource directory whose id is wanted (any id when
 * wanted is UINT32_MAX); returns its OffsetToData, or UINT32_MAX. */
static uint32_t resource_entry(size_t directory, uint32_t wanted)
{
    unsigned count = u16_at(directory + 12) + u16_at(directory + 14);
    for (unsigned index = 0; index < count; index++) {
        size_t entry = directory + 16 + 8u * index;
        uint32_t name = u32_at(entry);
        if (wanted == UINT32_MAX || name == wanted)
            return u32_at(entry + 4);
    }
    return UINT32_MAX;
}

/* One node of the version resource: wLength, wValueLength, wType, a
 * zero-terminated UTF-16 key, its value and children, each 32-bit aligned
 * (relative to the resource, which starts aligned). */
struct version_block {
    size_t end;
    char key[64];
    size_t value;
    size_t value_bytes;
    size_t children;
};

static size_t align4(size_t base, size_t offset)
{
    return base + ((offset - base + 3) & ~(size_t)3);
}

static void utf16_to_ascii(size_t offset, size_t max_units, char *text, size_t text_size,
                           size_t *after)
{
    size_t used = 0;
    size_t unit = 0;
    for (; unit < max_units; unit++) {
        uint32_t character = u16_at(offset + 2 * unit);
        if (character == 0) {
            unit++;
            break;
        }
        if (used + 1 < text_size)
            text[used++] = character < 0x80 ? (char)character : '?';
    }
    text[used] = '\0';
    if (after)
        *after = offset + 2 * unit;
}

static struct version_block read_block(size_t resource, size_t offset)
{
    struct version_block block;
    uint32_t length = u16_at(offset);
    uint32_t value_length = u16_at(offset + 2);
    uint32_t is_text = u16_at(offset + 4);
    need(offset, length);
    block.end = offset + length;
    size_t after_key;
    utf16_to_ascii(offset + 6, (length - 6) / 2, block.key, sizeof block.key, &after_key);
    block.value = align4(resource, after_key);
    /* A text value's length counts UTF-16 units, a binary one bytes. */
    block.value_bytes = is_text ? 2u * value_length : value_length;
    block.children = align4(resource, block.value + block.value_bytes);
    return block;
}

static void print_strings(size_t resource, const struct version_block *string_file_info)
{
    size_t table_offset = string_file_info->children;
    while (table_offset + 6 <= string_file_info->end) {
        struct version_block table = read_block(resource, table_offset);
        size_t string_offset = table.children;
        while (string_offset + 6 <= table.end) {
            struct version_block string = read_block(resource, string_offset);
            char value[256];
            utf16_to_ascii(string.value, string.value_bytes / 2, value, sizeof value, NULL);
            printf("String %s=%s\n", string.key, value);
            if (string.end <= string_offset)
                break;
            string_offset = align4(resource, string.end);
        }
        if (table.end <= table_offset)
            break;
        table_offset = align4(resource, table.end);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: pe_version IMAGE\n");
        return 2;
    }
    image_path = argv[1];
    unsigned char *bytes = read_whole_file(image_path, &image_size);
    if (!bytes)
        return 2;
    image = bytes;

    need(0, 0x40);
    size_t pe = u32_at(0x3c);
    if (u32_at(pe) != 0x00004550) {
        fprintf(stderr, "%s: not a PE image\n", image_path);
        return 2;
    }
    struct section_table sections;
    sections.count = u16_at(pe + 4 + 2);
    size_t optional = pe + 24;
    sections.offset = optional + u16_at(pe + 4 + 16);
    /* The data directories follow NumberOfRvaAndSizes, which sits at 92 in
     * PE32 and at 108 in PE32+; the resource table is entry 2. */
    uint32_t magic = u16_at(optional);
    size_t count_field = magic == 0x20b ? optional + 108 : optional + 92;
    if (magic != 0x10b && magic != 0x20b) {
        fprintf(stderr, "%s: unknown optional header 0x%x\n", image_path, (unsigned)magic);
        return 2;
    }
    uint32_t resource_rva = u32_at(count_field) > 2 ? u32_at(count_field + 4 + 2 * 8) : 0;
    if (resource_rva == 0) {
        printf("no resources\n");
        return 1;
    }
    size_t root = file_offset_of(sections, resource_rva);

    /* Type RT_VERSION (16), then the first name, then the first language:
     * each a subdirectory (high bit), the last a data entry. */
    const uint32_t subdirectory = 0x80000000u;
    uint32_t by_type = resource_entry(root, 16);
    if (by_type == UINT32_MAX || !(by_type & subdirectory)) {
        printf("no version resource\n");
        return 1;
    }
    uint32_t by_name = resource_entry(root + (by_type & ~subdirectory), UINT32_MAX);
    if (by_name == UINT32_MAX || !(by_name & subdirectory)) {
        printf("no version resource\n");
        return 1;
    }
    uint32_t by_language = resource_entry(root + (by_name & ~subdirectory), UINT32_MAX);
    if (by_language == UINT32_MAX || (by_language & subdirectory)) {
        printf("no version resource\n");
        return 1;
    }
    size_t data_entry = root + by_language;
    size_t resource = file_offset_of(sections, u32_at(data_entry));
    need(resource, u32_at(data_entry + 4));

    struct version_block info = read_block(resource, resource);
    if (strcmp(info.key, "VS_VERSION_INFO") != 0 || info.value_bytes < 52 ||
        u32_at(info.value) != 0xFEEF04BDu) {
        fprintf(stderr, "%s: the version resource has no VS_FIXEDFILEINFO\n", image_path);
        return 2;
    }
    size_t fixed = info.value;
    printf("FileVersion %u.%u.%u.%u\n", (unsigned)u16_at(fixed + 10), (unsigned)u16_at(fixed + 8),
           (unsigned)u16_at(fixed + 14), (unsigned)u16_at(fixed + 12));
    printf("ProductVersion %u.%u.%u.%u\n", (unsigned)u16_at(fixed + 18),
           (unsigned)u16_at(fixed + 16), (unsigned)u16_at(fixed + 22),
           (unsigned)u16_at(fixed + 20));
    printf("FileType 0x%x\n", (unsigned)u32_at(fixed + 36));
    printf("FileSubtype 0x%x\n", (unsigned)u32_at(fixed + 40));

    size_t child_offset = info.children;
    while (child_offset + 6 <= info.end) {
        struct version_block child = read_block(resource, child_offset);
        if (strcmp(child.key, "StringFileInfo") == 0)
            print_strings(resource, &child);
        if (child.end <= child_offset)
            break;
        child_offset = align4(resource, child.end);
    }
    free(bytes);
    return 0;
}
