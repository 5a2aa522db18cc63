/* SPDX-License-Identifier: MIT */
/*
 * In the QEMU guest, as root: the lpt_print example (/portio/lpt_print)
 * sends a file to the emulated parallel port, whose character device is a
 * file on the host (run_guest.sh --lpt-file-expect compares it with the
 * file sent, byte for byte, after the run).
 *   guest_lpt_print BASE FILE argument   lpt_print --base BASE FILE
 *   guest_lpt_print BASE FILE stdin      lpt_print --base BASE < FILE
 */
#include "guest_programs.h"

#include <stdlib.h>
#include <sys/stat.h>

static uint16_t base;
static const char *file;
static int from_stdin;

static int setup(void **state)
{
    (void)state;
    if (portio_enable(base, 3) != PORTIO_OK) {
        print_error("%s\n", portio_last_error());
        return -1;
    }
    return 0;
}

static uint8_t last_byte_of(const char *path)
{
    FILE *input = fopen(path, "rb");
    assert_non_null(input);
    assert_int_equal(fseek(input, -1, SEEK_END), 0);
    int byte = fgetc(input);
    fclose(input);
    assert_true(byte >= 0);
    return (uint8_t)byte;
}

static void lpt_print_sends_the_file(void **state)
{
    (void)state;
    struct stat info;
    assert_int_equal(stat(file, &info), 0);
    print_message("sending %s (%lld bytes) to 0x%04x%s\n", file, (long long)info.st_size, base,
                  from_stdin ? " through standard input" : "");
    char base_text[16];
    snprintf(base_text, sizeof base_text, "0x%x", base);
    int status = from_stdin ? run_words_from(file, (const char *const[]){"lpt_print", "--base", base_text, NULL})
                            : run("lpt_print", "--base", base_text, file);
    assert_int_equal(status, 0);
    assert_string_equal(out_text, "");
    assert_string_equal(err_text, "");
    /* The latch keeps the last byte; the strobe is low again. */
    assert_int_equal(portio_inb(base), last_byte_of(file));
    assert_int_equal(portio_inb((uint16_t)(base + 2)) & 0x01, 0);
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[3], "argument") != 0 && strcmp(argv[3], "stdin") != 0)) {
        fprintf(stderr, "usage: guest_lpt_print BASE FILE argument|stdin\n");
        return 2;
    }
    base = (uint16_t)strtoul(argv[1], NULL, 0);
    file = argv[2];
    from_stdin = strcmp(argv[3], "stdin") == 0;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lpt_print_sends_the_file),
    };
    return cmocka_run_group_tests_name("lpt_print", tests, setup, NULL);
}
