/* SPDX-License-Identifier: MIT */
/*
 * The I/O permission map grant. On 32-bit Windows the driver may give the
 * calling process the map of exactly its handle's ports (Ke386SetIoAccessMap,
 * Ke386IoSetAccessProcess); this runs in the 32-bit build of the harness
 * (tests/run_all.sh), the only place those calls exist. The harness checks
 * after every request that the map allows exactly the owner's ports, that
 * only the owner's process has it, and the process references.
 */
#include "host_test.h"

static struct harness h;

static void load(bool routines)
{
    struct harness_config config;
    harness_default_config(&config, NULL);
    config.faults.grant_routines = routines;
    CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
}

static uint32_t enable(int slot, uint32_t first, uint32_t count, uint32_t flags)
{
    uint32_t granted = 99;
    CHECK_STATUS(harness_enable(&h, slot, first, count, flags, &granted), STATUS_SUCCESS);
    return granted;
}

static bool map_allows(uint32_t port)
{
    return fake.iopm_set && !((fake.iopm[port / 8] >> (port % 8)) & 1);
}

#if defined(__i386__)

static void grant_follows_the_owner_ports(void)
{
    load(true);
    CHECK_STATUS(harness_create(&h, 0, 0, 0), STATUS_SUCCESS);
    struct portio_hello_reply hello;
    CHECK_STATUS(harness_ioctl(&h, 0, 0, IOCTL_PORTIO_HELLO, NULL, 0, &hello, sizeof hello, NULL), STATUS_SUCCESS);
    CHECK(hello.features == PORTIO_FEATURE_IOPM_GRANT);
    CHECK(enable(0, 0x378, 3, PORTIO_ENABLE_WANT_GRANT) == 1);
    CHECK(fake.processes[0].iopm_map == 1 && fake.processes[0].references == 1);
    CHECK(map_allows(0x378) && map_allows(0x37A) && !map_allows(0x377) && !map_allows(0x37B));
    /* more ports, without asking again: the map follows */
    CHECK(enable(0, 0x80, 1, 0) == 0);
    CHECK(map_allows(0x80) && fake.processes[0].iopm_map == 1);
    CHECK_STATUS(harness_disable(&h, 0, 0x379, 1), STATUS_SUCCESS);
    CHECK(!map_allows(0x379) && map_allows(0x378));
    /* the last port goes, the grant goes */
    CHECK_STATUS(harness_disable(&h, 0, 0, 0x10000), STATUS_SUCCESS);
    CHECK(fake.processes[0].iopm_map == 0 && fake.processes[0].references == 0 && !map_allows(0x378));
    /* and can come back */
    CHECK(enable(0, 0x70, 2, PORTIO_ENABLE_WANT_GRANT) == 1);
    CHECK(map_allows(0x71));
    harness_unload(&h);
}

/* One map for the whole system: a second handle or process is served
 * through IOCTLs, and never sees the first one's ports. */
static void second_handle_and_process_get_no_grant(void)
{
    load(true);
    CHECK_STATUS(harness_create(&h, 0, 0, 0), STATUS_SUCCESS);
    CHECK_STATUS(harness_create(&h, 1, 0, 0), STATUS_SUCCESS);
    CHECK_STATUS(harness_create(&h, 2, 1, 0), STATUS_SUCCESS);
    CHECK(enable(0, 0x378, 3, PORTIO_ENABLE_WANT_GRANT) == 1);
    CHECK(enable(1, 0x70, 2, PORTIO_ENABLE_WANT_GRANT) == 0);
    CHECK(enable(2, 0xCF8, 8, PORTIO_ENABLE_WANT_GRANT) == 0);
    CHECK(fake.processes[1].iopm_map == 0 && !map_allows(0x70) && !map_allows(0xCF8));
    /* the owner's handle used from the other process: no grant for it either */
    struct portio_range_request request = {sizeof request, 0x3F8, 8, PORTIO_ENABLE_WANT_GRANT};
    struct portio_enable_reply reply;
    CHECK_STATUS(harness_ioctl(&h, 0, 1, IOCTL_PORTIO_ENABLE, &request, sizeof request, &reply, sizeof reply, NULL),
                 STATUS_SUCCESS);
    CHECK(reply.granted == 0 && fake.processes[1].iopm_map == 0);
    CHECK(map_allows(0x3F8)); /* the owner's map follows its ports */
    /* the owner closes: its grant goes; then process 1 may have one */
    CHECK_STATUS(harness_cleanup(&h, 0), STATUS_SUCCESS);
    CHECK(fake.processes[0].iopm_map == 0 && !map_allows(0x378));
    CHECK_STATUS(harness_close(&h, 0), STATUS_SUCCESS);
    CHECK(enable(2, 0xCF8, 8, PORTIO_ENABLE_WANT_GRANT) == 1);
    CHECK(fake.processes[1].iopm_map == 1 && map_allows(0xCF8) && !map_allows(0x378) && !map_allows(0x70));
    CHECK(fake.processes[0].references == 0 && fake.processes[1].references == 1);
    harness_unload(&h);
}

/* Wine's stubs answer FALSE: no grant, nothing half set. */
static void refused_calls_leave_no_grant(void)
{
    for (int which = 0; which < 2; which++) {
        struct harness_config config;
        harness_default_config(&config, NULL);
        config.faults.grant_routines = true;
        config.faults.set_map_fails = which == 0;
        config.faults.set_process_fails = which == 1;
        CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
        CHECK_STATUS(harness_create(&h, 0, 0, 0), STATUS_SUCCESS);
        CHECK(enable(0, 0x378, 3, PORTIO_ENABLE_WANT_GRANT) == 0);
        CHECK(fake.processes[0].iopm_map == 0 && fake.processes[0].references == 0 && !map_allows(0x378));
        harness_unload(&h);
    }
}

/* Close without CLEANUP (Wine), and unload with a grant held. */
static void close_and_unload_revoke(void)
{
    load(true);
    CHECK_STATUS(harness_create(&h, 0, 1, 0), STATUS_SUCCESS);
    CHECK(enable(0, 0x378, 3, PORTIO_ENABLE_WANT_GRANT) == 1);
    CHECK_STATUS(harness_close(&h, 0), STATUS_SUCCESS);
    CHECK(fake.processes[1].iopm_map == 0 && fake.processes[1].references == 0 && !map_allows(0x378));
    CHECK_STATUS(harness_create(&h, 1, 0, 0), STATUS_SUCCESS);
    CHECK(enable(1, 0x80, 1, PORTIO_ENABLE_WANT_GRANT) == 1);
    harness_unload(&h); /* closes handle 1, unloads: the harness checks the map is all ones */
    CHECK(fake.processes[0].iopm_map == 0 && fake.processes[0].references == 0);
}

static void no_routines_no_grant(void)
{
    load(false);
    CHECK(fake.routine_lookups == 2);
    CHECK_STATUS(harness_create(&h, 0, 0, 0), STATUS_SUCCESS);
    CHECK(enable(0, 0x378, 3, PORTIO_ENABLE_WANT_GRANT) == 0);
    CHECK(fake.set_map_calls == 0);
    harness_unload(&h);
}

#else

/* 64-bit Windows has no map: the driver never looks for the calls and
 * never grants. */
static void no_grant_on_x64(void)
{
    load(true);
    CHECK(fake.routine_lookups == 0);
    CHECK_STATUS(harness_create(&h, 0, 0, 0), STATUS_SUCCESS);
    struct portio_hello_reply hello;
    CHECK_STATUS(harness_ioctl(&h, 0, 0, IOCTL_PORTIO_HELLO, NULL, 0, &hello, sizeof hello, NULL), STATUS_SUCCESS);
    CHECK(hello.features == 0);
    CHECK(enable(0, 0x378, 3, PORTIO_ENABLE_WANT_GRANT) == 0);
    CHECK(fake.set_map_calls == 0 && fake.processes[0].iopm_map == 0 && !map_allows(0x378));
    harness_unload(&h);
}

#endif

int main(int argc, char **argv)
{
    static const struct host_test tests[] = {
#if defined(__i386__)
        {"grant_follows_the_owner_ports", grant_follows_the_owner_ports},
        {"second_handle_and_process_get_no_grant", second_handle_and_process_get_no_grant},
        {"refused_calls_leave_no_grant", refused_calls_leave_no_grant},
        {"close_and_unload_revoke", close_and_unload_revoke},
        {"no_routines_no_grant", no_routines_no_grant},
#else
        {"no_grant_on_x64", no_grant_on_x64},
#endif
    };
    return host_test_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
