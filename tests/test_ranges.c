/* SPDX-License-Identifier: MIT */
/* The record of enabled ports (src/ranges.h), white-box. */
#include "test_support.h"

#include "ranges.h"

#define MAX_RUNS 16

/* What portio_ranges_for_each_run showed a visitor. */
struct runs {
    size_t count;
    uint32_t first[MAX_RUNS];
    uint32_t length[MAX_RUNS];
    size_t stop_at;   /* answer non-zero at this visit (0-based) */
    int stop_result;  /* what to answer there; 0: never stop */
};

static int record_run(uint32_t first, uint32_t count, void *context)
{
    struct runs *runs = context;
    size_t visit = runs->count;
    if (visit < MAX_RUNS) {
        runs->first[visit] = first;
        runs->length[visit] = count;
    }
    runs->count++;
    if (runs->stop_result != 0 && visit == runs->stop_at)
        return runs->stop_result;
    return 0;
}

/* Walks the record and checks that it holds exactly the expected runs. */
static void check_runs(const uint32_t (*expected)[2], size_t expected_count)
{
    struct runs runs = {0};
    assert_int_equal(portio_ranges_for_each_run(record_run, &runs), 0);
    assert_int_equal(runs.count, expected_count);
    for (size_t i = 0; i < expected_count; i++) {
        assert_int_equal(runs.first[i], expected[i][0]);
        assert_int_equal(runs.length[i], expected[i][1]);
    }
}

static int clear_record(void **state)
{
    (void)state;
    portio_ranges_clear_all();
    return 0;
}

static void record_is_empty_at_start(void **state)
{
    (void)state;
    struct runs runs = {0};
    assert_true(portio_ranges_empty());
    assert_false(portio_ranges_contain(0, 1));
    assert_false(portio_ranges_contain(0x378, 1));
    assert_false(portio_ranges_contain(0xFFFF, 1));
    assert_int_equal(portio_ranges_for_each_run(record_run, &runs), 0);
    assert_int_equal(runs.count, 0);
}

static void set_range_is_contained(void **state)
{
    (void)state;
    portio_ranges_set(0x378, 3);
    assert_false(portio_ranges_empty());
    assert_true(portio_ranges_contain(0x378, 3));
    assert_true(portio_ranges_contain(0x378, 1));
    assert_true(portio_ranges_contain(0x379, 1));
    assert_true(portio_ranges_contain(0x37A, 1));
    assert_true(portio_ranges_contain(0x379, 2));
    /* one port outside on either side */
    assert_false(portio_ranges_contain(0x377, 1));
    assert_false(portio_ranges_contain(0x37B, 1));
    assert_false(portio_ranges_contain(0x377, 2));
    assert_false(portio_ranges_contain(0x37A, 2));
    assert_false(portio_ranges_contain(0x378, 4));
}

static void contain_is_false_for_count_zero(void **state)
{
    (void)state;
    portio_ranges_set(0x378, 3);
    assert_false(portio_ranges_contain(0x378, 0));
    assert_false(portio_ranges_contain(0, 0));
    portio_ranges_set(0, PORTIO_PORT_COUNT);
    assert_false(portio_ranges_contain(0x378, 0));
    assert_false(portio_ranges_contain(0, 0));
}

static void contain_is_false_past_0x10000(void **state)
{
    (void)state;
    portio_ranges_set(0, PORTIO_PORT_COUNT);
    assert_true(portio_ranges_contain(0xFFFF, 1));
    assert_false(portio_ranges_contain(0xFFFF, 2));
    assert_false(portio_ranges_contain(0xFFF0, 0x11));
    assert_false(portio_ranges_contain(0, 0x10001));
    assert_false(portio_ranges_contain(0x10000, 1));
    assert_false(portio_ranges_contain(0x20000, 4));
    /* first + count wraps around 32 bits */
    assert_false(portio_ranges_contain(1, 0xFFFFFFFFu));
    assert_false(portio_ranges_contain(0xFFFFFFFFu, 1));
    assert_false(portio_ranges_contain(0xFFFFFFF0u, 0x10));
}

static void range_crossing_a_word_boundary(void **state)
{
    (void)state;
    static const uint32_t expected[][2] = {{0x3E, 4}};
    portio_ranges_set(0x3E, 4); /* 0x3E, 0x3F | 0x40, 0x41 */
    assert_true(portio_ranges_contain(0x3E, 4));
    assert_true(portio_ranges_contain(0x3F, 2));
    assert_true(portio_ranges_contain(0x40, 2));
    assert_false(portio_ranges_contain(0x3D, 1));
    assert_false(portio_ranges_contain(0x42, 1));
    assert_false(portio_ranges_contain(0x3D, 5));
    assert_false(portio_ranges_contain(0x3E, 5));
    check_runs(expected, 1);
}

static void whole_word_ranges(void **state)
{
    (void)state;
    static const uint32_t expected[][2] = {{0x40, 64}, {0x100, 128}};
    portio_ranges_set(0x40, 64);   /* exactly word 1 */
    portio_ranges_set(0x100, 128); /* exactly words 4 and 5 */
    assert_true(portio_ranges_contain(0x40, 64));
    assert_true(portio_ranges_contain(0x100, 128));
    assert_false(portio_ranges_contain(0x3F, 1));
    assert_false(portio_ranges_contain(0x80, 1));
    assert_false(portio_ranges_contain(0xFF, 1));
    assert_false(portio_ranges_contain(0x180, 1));
    assert_false(portio_ranges_contain(0x40, 65));
    check_runs(expected, 2);
    portio_ranges_clear(0x40, 64);
    assert_false(portio_ranges_contain(0x40, 1));
    assert_false(portio_ranges_contain(0x7F, 1));
    assert_true(portio_ranges_contain(0x100, 128));
}

static void clear_of_a_middle_part(void **state)
{
    (void)state;
    static const uint32_t expected[][2] = {{0x30, 0x0C}, {0x50, 0x20}};
    portio_ranges_set(0x30, 0x40);   /* 0x30..0x6F, across a word boundary */
    portio_ranges_clear(0x3C, 0x14); /* 0x3C..0x4F */
    assert_true(portio_ranges_contain(0x30, 0x0C));
    assert_true(portio_ranges_contain(0x50, 0x20));
    assert_false(portio_ranges_contain(0x3C, 1));
    assert_false(portio_ranges_contain(0x40, 1));
    assert_false(portio_ranges_contain(0x4F, 1));
    assert_false(portio_ranges_contain(0x30, 0x40));
    check_runs(expected, 2);
}

static void clear_all_empties_the_record(void **state)
{
    (void)state;
    portio_ranges_set(0x378, 3);
    portio_ranges_set(0xFFFF, 1);
    portio_ranges_clear_all();
    assert_true(portio_ranges_empty());
    assert_false(portio_ranges_contain(0x378, 1));
    assert_false(portio_ranges_contain(0xFFFF, 1));
}

static void last_port_0xffff(void **state)
{
    (void)state;
    static const uint32_t expected[][2] = {{0xFFFF, 1}};
    portio_ranges_set(0xFFFF, 1);
    assert_false(portio_ranges_empty());
    assert_true(portio_ranges_contain(0xFFFF, 1));
    assert_false(portio_ranges_contain(0xFFFE, 1));
    assert_false(portio_ranges_contain(0xFFFE, 2));
    assert_false(portio_ranges_contain(0, 1));
    check_runs(expected, 1);
    portio_ranges_clear(0xFFFF, 1);
    assert_true(portio_ranges_empty());
}

static void whole_space(void **state)
{
    (void)state;
    portio_ranges_set(0, PORTIO_PORT_COUNT);
    assert_true(portio_ranges_contain(0, PORTIO_PORT_COUNT));
    assert_true(portio_ranges_contain(0, 1));
    assert_true(portio_ranges_contain(0x8000, 0x8000));
    assert_true(portio_ranges_contain(0xFFFF, 1));
    portio_ranges_clear(0x1234, 1);
    assert_false(portio_ranges_contain(0, PORTIO_PORT_COUNT));
    assert_true(portio_ranges_contain(0, 0x1234));
    assert_true(portio_ranges_contain(0x1235, PORTIO_PORT_COUNT - 0x1235));
    portio_ranges_clear(0, PORTIO_PORT_COUNT);
    assert_true(portio_ranges_empty());
    assert_false(portio_ranges_contain(0x8000, 1));
}

/* What portio_port_widths, the checked path's table, says of an access of
 * `bytes` (1, 2 or 4) at port. */
static bool allows(uint16_t port, unsigned bytes)
{
    return (portio_port_widths[port] & bytes) != 0;
}

/* The table must say what the record says for every access of 1, 2 and 4
 * bytes. */
static void check_widths_follow_record(void)
{
    for (uint32_t port = 0; port < PORTIO_PORT_COUNT; port++) {
        for (unsigned bytes = 1; bytes <= 4; bytes *= 2) {
            if (allows((uint16_t)port, bytes) != portio_ranges_contain(port, bytes))
                fail_msg("port 0x%04X, %u bytes: the table says %d, the record %d", port, bytes,
                         allows((uint16_t)port, bytes), portio_ranges_contain(port, bytes));
        }
    }
}

static void width_table_follows_record(void **state)
{
    (void)state;
    check_widths_follow_record();
    portio_ranges_set(0x378, 3); /* a 32-bit access at 0x378 reaches 0x37B */
    assert_true(allows(0x378, 2));
    assert_false(allows(0x378, 4));
    assert_false(allows(0x37A, 2));
    check_widths_follow_record();
    portio_ranges_set(0x37B, 1);
    assert_true(allows(0x378, 4));
    check_widths_follow_record();
    portio_ranges_set(0x3E, 4); /* across a word boundary */
    portio_ranges_set(0xFFFD, 3); /* up to the last port: nothing runs past it */
    assert_true(allows(0xFFFE, 2));
    assert_false(allows(0xFFFF, 2));
    assert_false(allows(0xFFFD, 4));
    check_widths_follow_record();
    portio_ranges_clear(0x379, 1); /* a hole: every access over it goes */
    assert_false(allows(0x378, 2));
    assert_true(allows(0x378, 1));
    check_widths_follow_record();
    portio_ranges_set(0, PORTIO_PORT_COUNT);
    check_widths_follow_record();
    portio_ranges_clear(0x8000, 1);
    check_widths_follow_record();
    portio_ranges_clear_all();
    check_widths_follow_record();
}

static void runs_are_visited_lowest_first(void **state)
{
    (void)state;
    static const uint32_t expected[][2] = {{0x3, 1}, {0x70, 2}, {0x378, 3}, {0x8000, 0x100}};
    /* set out of order */
    portio_ranges_set(0x8000, 0x100);
    portio_ranges_set(0x378, 3);
    portio_ranges_set(0x3, 1);
    portio_ranges_set(0x70, 2);
    check_runs(expected, 4);
}

static void runs_merge_adjacent_ranges(void **state)
{
    (void)state;
    static const uint32_t merged[][2] = {{0x378, 5}};
    static const uint32_t across_words[][2] = {{0x378, 5}, {0x3F0, 0x20}};
    portio_ranges_set(0x378, 3);
    portio_ranges_set(0x37B, 2);
    check_runs(merged, 1);
    /* adjacent across a word boundary, and overlapping */
    portio_ranges_set(0x3F0, 0x10);
    portio_ranges_set(0x400, 0x10);
    portio_ranges_set(0x3F8, 0x10);
    check_runs(across_words, 2);
}

static void run_ending_at_0xffff(void **state)
{
    (void)state;
    static const uint32_t expected[][2] = {{0x10, 1}, {0xFFF0, 0x10}};
    portio_ranges_set(0x10, 1);
    portio_ranges_set(0xFFF0, 0x10);
    check_runs(expected, 2);
}

static void run_covering_everything(void **state)
{
    (void)state;
    static const uint32_t expected[][2] = {{0, PORTIO_PORT_COUNT}};
    portio_ranges_set(0, PORTIO_PORT_COUNT);
    check_runs(expected, 1);
}

static void for_each_run_stops_at_first_nonzero_result(void **state)
{
    (void)state;
    struct runs runs = {.stop_at = 1, .stop_result = -7};
    portio_ranges_set(0x70, 2);
    portio_ranges_set(0x378, 3);
    portio_ranges_set(0x3F8, 8);
    assert_int_equal(portio_ranges_for_each_run(record_run, &runs), -7);
    assert_int_equal(runs.count, 2); /* the third run is never visited */
    assert_int_equal(runs.first[0], 0x70);
    assert_int_equal(runs.length[0], 2);
    assert_int_equal(runs.first[1], 0x378);
    assert_int_equal(runs.length[1], 3);

    struct runs first_only = {.stop_at = 0, .stop_result = 5};
    assert_int_equal(portio_ranges_for_each_run(record_run, &first_only), 5);
    assert_int_equal(first_only.count, 1);
    assert_int_equal(first_only.first[0], 0x70);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, clear_record)
        T(record_is_empty_at_start),
        T(set_range_is_contained),
        T(contain_is_false_for_count_zero),
        T(contain_is_false_past_0x10000),
        T(range_crossing_a_word_boundary),
        T(whole_word_ranges),
        T(clear_of_a_middle_part),
        T(clear_all_empties_the_record),
        T(last_port_0xffff),
        T(whole_space),
        T(width_table_follows_record),
        T(runs_are_visited_lowest_first),
        T(runs_merge_adjacent_ranges),
        T(run_ending_at_0xffff),
        T(run_covering_everything),
        T(for_each_run_stops_at_first_nonzero_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
