/* SPDX-License-Identifier: MIT */
/* One version everywhere: project(VERSION), the header's macros and
 * portio_version(). */
#include <stdio.h>

#include "test_support.h"

static void library_version_matches_header_macros(void **state)
{
    (void)state;
    char header[32];
    snprintf(header, sizeof header, "%d.%d.%d", PORTIO_VERSION_MAJOR, PORTIO_VERSION_MINOR,
             PORTIO_VERSION_PATCH);
    assert_string_equal(portio_version(), header);
}

static void library_version_matches_the_cmake_project(void **state)
{
    (void)state;
    assert_string_equal(portio_version(), PORTIO_TEST_PROJECT_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(library_version_matches_header_macros),
        cmocka_unit_test(library_version_matches_the_cmake_project),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
