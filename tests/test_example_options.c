/* SPDX-License-Identifier: MIT */
/* The examples' shared command line (example_command_line): the
 * positional arguments in order, and argv reordered, not overwritten. */
#include <string.h>

#include "example_options.h"
#include "example_test_support.h"

static const struct example_syntax syntax = {
    .name = "example", .usage = "usage: example [--simulate] [--base PORT] FILE...\n",
    .takes_base = true, .min_count = 1, .max_count = 3};

/* Options between the positional arguments go after them: argv keeps every
 * argument (a permutation), so nothing a caller reads later is lost. */
static void options_move_after_the_positional_arguments(void **state)
{
    (void)state;
    char *argv[] = {"example", "--simulate", "a", "--base", "0x378", "b", "--", "-c", NULL};
    char *before[sizeof argv / sizeof argv[0]];
    memcpy(before, argv, sizeof before);
    struct example_command_line line;
    FILE *out = temporary_stream(), *err = temporary_stream();
    assert_int_equal(example_command_line(8, argv, &syntax, &line, out, err), -1);
    fclose(out);
    fclose(err);
    assert_true(line.simulate);
    assert_true(line.base_given);
    assert_int_equal(line.base, 0x378);
    assert_int_equal(line.count, 3);
    assert_ptr_equal(line.positional, argv + 1);
    assert_string_equal(line.positional[0], "a");
    assert_string_equal(line.positional[1], "b");
    assert_string_equal(line.positional[2], "-c");
    /* The rest: the options and "--", as they came. */
    assert_ptr_equal(argv[0], before[0]);
    assert_ptr_equal(argv[4], before[1]);
    assert_ptr_equal(argv[5], before[3]);
    assert_ptr_equal(argv[6], before[4]);
    assert_ptr_equal(argv[7], before[6]);
    assert_null(argv[8]);
}

/* --force is an option only for an example whose syntax takes it. */
static void force_is_an_option_only_where_the_syntax_takes_it(void **state)
{
    (void)state;
    struct example_command_line line;
    char *with_force[] = {"example", "a", "--force", NULL};
    FILE *out = temporary_stream(), *err = temporary_stream();
    assert_int_equal(example_command_line(3, with_force, &syntax, &line, out, err), 2);
    char text[256];
    fclose(out);
    read_text_back(err, text, sizeof text);
    assert_string_equal(text, "example: unknown option \"--force\"\nTry 'example --help' for more.\n");

    struct example_syntax forcing = syntax;
    forcing.takes_force = true;
    char *again[] = {"example", "--force", "a", NULL};
    out = temporary_stream();
    err = temporary_stream();
    assert_int_equal(example_command_line(3, again, &forcing, &line, out, err), -1);
    fclose(out);
    fclose(err);
    assert_true(line.force);
    assert_int_equal(line.count, 1);
    assert_string_equal(line.positional[0], "a");

    char *without[] = {"example", "a", NULL};
    out = temporary_stream();
    err = temporary_stream();
    assert_int_equal(example_command_line(2, without, &forcing, &line, out, err), -1);
    fclose(out);
    fclose(err);
    assert_false(line.force);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_move_after_the_positional_arguments),
        cmocka_unit_test(force_is_an_option_only_where_the_syntax_takes_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
