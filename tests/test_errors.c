/* SPDX-License-Identifier: MIT */
/* Status codes, their texts, and the per-thread message. */
#include <pthread.h>

#include "test_support.h"

static const int all_statuses[] = {
    PORTIO_OK,         PORTIO_E_INVALID,  PORTIO_E_PERM,        PORTIO_E_UNSUPPORTED,
    PORTIO_E_LOCKDOWN, PORTIO_E_NODRIVER, PORTIO_E_NOT_ENABLED, PORTIO_E_IO,
    PORTIO_E_TIMEOUT,
};
#define STATUS_COUNT (sizeof all_statuses / sizeof all_statuses[0])

static void ok_is_zero_and_errors_are_distinct_negatives(void **state)
{
    (void)state;
    assert_int_equal(PORTIO_OK, 0);
    for (size_t i = 1; i < STATUS_COUNT; i++) {
        assert_true(all_statuses[i] < 0);
        for (size_t j = 0; j < i; j++)
            assert_int_not_equal(all_statuses[i], all_statuses[j]);
    }
}

static void every_status_has_its_own_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < STATUS_COUNT; i++) {
        const char *text = portio_strerror(all_statuses[i]);
        assert_non_null(text);
        assert_true(strlen(text) > 0);
        assert_string_not_equal(text, portio_strerror(12345));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(text, portio_strerror(all_statuses[j]));
    }
    assert_string_equal(portio_strerror(PORTIO_E_NOT_ENABLED), "port not enabled");
    assert_string_equal(portio_strerror(PORTIO_E_LOCKDOWN), "refused by kernel lockdown");
}

static void timeout_reads_timed_out(void **state)
{
    (void)state;
    assert_int_equal(PORTIO_E_TIMEOUT, -8);
    assert_string_equal(portio_strerror(PORTIO_E_TIMEOUT), "timed out");
}

static void unknown_status_has_a_text_too(void **state)
{
    (void)state;
    assert_string_equal(portio_strerror(-99), "unknown portio status");
    assert_string_equal(portio_strerror(1), "unknown portio status");
}

/* The message lives in the thread: copy it out before the thread ends. */
static void *last_error_of_new_thread(void *copy)
{
    strncpy(copy, portio_last_error(), 63);
    return NULL;
}

static void a_thread_without_failures_reads_no_error(void **state)
{
    (void)state;
    pthread_t thread;
    char message[64] = "";
    assert_int_equal(pthread_create(&thread, NULL, last_error_of_new_thread, message), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_string_equal(message, "no error");
}

static void *fail_in_thread(void *unused)
{
    (void)unused;
    portio_enable(0x10000, 1);
    return NULL;
}

static void the_message_belongs_to_the_thread(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 0), PORTIO_E_INVALID);
    char before[512];
    strncpy(before, portio_last_error(), sizeof before - 1);
    before[sizeof before - 1] = '\0';

    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, fail_in_thread, NULL), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
    assert_string_equal(portio_last_error(), before);
    assert_last_error_contains("count must be at least 1");
}

static void success_keeps_the_last_failure_message(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0x378, 0), PORTIO_E_INVALID);
    assert_int_equal(portio_enable(0x378, 3), PORTIO_OK);
    assert_last_error_contains("count must be at least 1");
}

static void invalid_range_message_names_the_call_and_range(void **state)
{
    (void)state;
    assert_int_equal(portio_enable(0xFFF0, 0x20), PORTIO_E_INVALID);
    assert_last_error_contains("portio_enable(0xFFF0, 32)");
    assert_last_error_contains("at most 16 ports");
    assert_int_equal(portio_disable(0x12345, 1), PORTIO_E_INVALID);
    assert_last_error_contains("portio_disable(0x12345, 1)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, use_empty_mock)
        T(ok_is_zero_and_errors_are_distinct_negatives),
        T(every_status_has_its_own_text),
        T(unknown_status_has_a_text_too),
        T(timeout_reads_timed_out),
        T(a_thread_without_failures_reads_no_error),
        T(the_message_belongs_to_the_thread),
        T(success_keeps_the_last_failure_message),
        T(invalid_range_message_names_the_call_and_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
