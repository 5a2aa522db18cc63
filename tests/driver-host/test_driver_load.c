/* SPDX-License-Identifier: MIT */
/*
 * DriverEntry and unload on the fake kernel: the registry (the allowlist,
 * AllowNonAdministrators), the DACL, and every failure leaving nothing
 * behind. The harness checks what is left after each load (driver_harness.h);
 * these cases add the exact answers.
 */
#include "host_test.h"

static struct harness h;

static void load_and_unload(const struct harness_config *config)
{
    CHECK_STATUS(harness_load(&h, config), STATUS_SUCCESS);
    CHECK_STATUS(harness_create(&h, 0, 0, 0), STATUS_SUCCESS);
    harness_unload(&h);
}

static void no_parameters_key_means_administrators_and_every_port(void)
{
    struct harness_config config;
    harness_default_config(&config, NULL);
    config.parameters_key = false;
    CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
    CHECK(fake.dacl_set);
    CHECK(h.allowlist.every_port);
    CHECK_STATUS(harness_create(&h, 0, 0, 0), STATUS_SUCCESS);
    CHECK_STATUS(harness_enable(&h, 0, 0, 0x10000, 0, NULL), STATUS_SUCCESS);
    harness_unload(&h);
    CHECK(fake.devices_created == 1 && fake.devices_deleted == 1);
    CHECK(fake.links_created == 1 && fake.links_deleted == 1);
}

/* Only the DWORD 1 opens the device to everyone. */
static void allow_non_administrators_only_as_dword_1(void)
{
    static const struct {
        ULONG type;
        uint8_t data[8];
        ULONG length;
        bool open;
    } cases[] = {
        {REG_DWORD, {1, 0, 0, 0}, 4, true},   {REG_DWORD, {0, 0, 0, 0}, 4, false},
        {REG_DWORD, {2, 0, 0, 0}, 4, false},  {REG_DWORD, {1, 0, 0, 1}, 4, false},
        {REG_DWORD, {1, 0, 0, 0, 0, 0, 0, 0}, 8, false}, {REG_DWORD, {1, 0}, 2, false},
        {REG_BINARY, {1, 0, 0, 0}, 4, false}, {REG_SZ, {'1', 0, 0, 0}, 4, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct harness_config config;
        harness_default_config(&config, "0x378-0x37F");
        config.has_non_administrators = true;
        config.non_administrators_type = cases[i].type;
        config.non_administrators = cases[i].data;
        config.non_administrators_length = cases[i].length;
        CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
        if (fake.dacl_set == cases[i].open)
            fake_violation("case %zu: DACL %s", i, fake.dacl_set ? "set" : "missing");
        load_and_unload(&config);
    }
}

static void allowlist_is_read(void)
{
    struct harness_config config;
    harness_default_config(&config, "0x378-0x37F|0x80|888-895|0XCF8-0xcff");
    CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
    CHECK(!h.allowlist.every_port && h.allowlist.entries == 4);
    CHECK_STATUS(harness_create(&h, 0, 0, 0), STATUS_SUCCESS);
    CHECK_STATUS(harness_enable(&h, 0, 0x378, 8, 0, NULL), STATUS_SUCCESS);
    CHECK_STATUS(harness_enable(&h, 0, 0x80, 1, 0, NULL), STATUS_SUCCESS);
    CHECK_STATUS(harness_enable(&h, 0, 0xCF8, 8, 0, NULL), STATUS_SUCCESS);
    CHECK_STATUS(harness_enable(&h, 0, 0x377, 2, 0, NULL), STATUS_PRIVILEGE_NOT_HELD);
    CHECK_STATUS(harness_enable(&h, 0, 0x80, 2, 0, NULL), STATUS_PRIVILEGE_NOT_HELD);
    CHECK_STATUS(harness_enable(&h, 0, 0x70, 2, 0, NULL), STATUS_PRIVILEGE_NOT_HELD);
    harness_unload(&h);
}

/* A value that is not a well-formed list stops the driver, leaving nothing
 * (the harness checks the nothing). */
static void malformed_allowlist_fails_the_start(void)
{
    static const char *const texts[] = {
        "0x37F-0x378", "abc", "0x10000", "0x378-", "-0x378", "0x", "0x378-0x37F-0x380", "0x378 ", "65536",
    };
    struct harness_config config;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        harness_default_config(&config, texts[i]);
        NTSTATUS status = harness_load(&h, &config);
        if (status != STATUS_INVALID_PARAMETER)
            fake_violation("\"%s\": DriverEntry gave %#x", texts[i], (unsigned)status);
    }
    /* the wrong type, an odd length, text after the empty entry, 65 entries */
    harness_default_config(&config, "0x378");
    config.allowed_ports_type = REG_SZ;
    CHECK_STATUS(harness_load(&h, &config), STATUS_INVALID_PARAMETER);
    harness_default_config(&config, "0x378");
    config.allowed_ports_length -= 1;
    CHECK_STATUS(harness_load(&h, &config), STATUS_INVALID_PARAMETER);
    harness_default_config(&config, "||0x378");
    CHECK_STATUS(harness_load(&h, &config), STATUS_INVALID_PARAMETER);
    char many[65 * 7 + 1] = "";
    for (int i = 0; i < 65; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "%s%d", i ? "|" : "", 100 + i);
    harness_default_config(&config, many);
    CHECK_STATUS(harness_load(&h, &config), STATUS_INVALID_PARAMETER);
    many[strlen(many) - 4] = '\0'; /* 64 entries: fine */
    harness_default_config(&config, many);
    load_and_unload(&config);
    /* an empty value: every port */
    harness_default_config(&config, NULL);
    config.has_allowed_ports = true;
    config.allowed_ports_type = REG_MULTI_SZ;
    config.allowed_ports_length = 0;
    CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
    CHECK(h.allowlist.every_port);
    harness_unload(&h);
}

/* Each system call that can fail, failing: DriverEntry fails (or, for
 * AllowNonAdministrators, keeps the restriction), nothing is left. */
static void every_failure_in_driver_entry_leaves_nothing(void)
{
    struct harness_config config;
    harness_default_config(&config, "0x378-0x37F");

    config.faults.fail_create_device = STATUS_INSUFFICIENT_RESOURCES;
    CHECK_STATUS(harness_load(&h, &config), STATUS_INSUFFICIENT_RESOURCES);
    config.faults.fail_create_device = 0;

    config.faults.fail_create_link = STATUS_OBJECT_NAME_COLLISION;
    CHECK_STATUS(harness_load(&h, &config), STATUS_OBJECT_NAME_COLLISION);
    CHECK(fake.devices_created == 1 && fake.devices_deleted == 1);
    config.faults.fail_create_link = 0;

    config.faults.fail_open_object = STATUS_ACCESS_DENIED;
    CHECK_STATUS(harness_load(&h, &config), STATUS_ACCESS_DENIED);
    config.faults.fail_open_object = 0;

    config.faults.fail_set_security = STATUS_INVALID_PARAMETER;
    CHECK_STATUS(harness_load(&h, &config), STATUS_INVALID_PARAMETER);
    CHECK(fake.links_created == 0);
    config.faults.fail_set_security = 0;

    config.faults.fail_open_parameters = STATUS_ACCESS_DENIED;
    CHECK_STATUS(harness_load(&h, &config), STATUS_ACCESS_DENIED);
    config.faults.fail_open_parameters = 0;

    config.faults.fail_query = STATUS_ACCESS_DENIED;
    CHECK_STATUS(harness_load(&h, &config), STATUS_ACCESS_DENIED);
    config.faults.fail_query = 0;

    /* the value grows between the size query and the read: the read's
     * own status */
    config.faults.value_grows = true;
    CHECK_STATUS(harness_load(&h, &config), STATUS_BUFFER_OVERFLOW);
    config.faults.value_grows = false;

    /* the allocation for the value */
    config.faults.fail_allocation = 1;
    CHECK_STATUS(harness_load(&h, &config), STATUS_INSUFFICIENT_RESOURCES);
    config.faults.fail_allocation = 0;

    config.faults.service_key = false;
    CHECK_STATUS(harness_load(&h, &config), STATUS_OBJECT_NAME_NOT_FOUND);
    config.faults.service_key = true;

    /* AllowNonAdministrators unreadable: the restriction stays */
    static const uint8_t one[4] = {1, 0, 0, 0};
    config.has_non_administrators = true;
    config.non_administrators_type = REG_DWORD;
    config.non_administrators = one;
    config.non_administrators_length = 4;
    config.faults.fail_allocation = 2;
    CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
    CHECK(fake.dacl_set);
    harness_unload(&h);
    config.faults.fail_allocation = 0;
    CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
    CHECK(!fake.dacl_set);
    harness_unload(&h);
}

/* Unload with handles open and ports enabled: the harness closes them as
 * the I/O manager would, and nothing is left. */
static void unload_after_use_leaves_nothing(void)
{
    struct harness_config config;
    harness_default_config(&config, NULL);
    CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
    for (int slot = 0; slot < HARNESS_HANDLES; slot++) {
        CHECK_STATUS(harness_create(&h, slot, slot % 2, 0), STATUS_SUCCESS);
        CHECK_STATUS(harness_enable(&h, slot, 0x378, 3, PORTIO_ENABLE_WANT_GRANT, NULL), STATUS_SUCCESS);
    }
    CHECK(fake.live_blocks == 3);
    harness_unload(&h);
    CHECK(fake.live_blocks == 0);
}

/* The pool of a handle's state follows the system's version: NonPagedPool
 * before Windows 8 (6.2), which has no NonPagedPoolNx; NonPagedPoolNx from
 * it on. The harness refuses executable pool on 6.2 and later by itself;
 * this pins the exact type, and the fake refuses Nx before 6.2. */
static void pool_type_follows_windows_version(void)
{
    static const struct {
        ULONG major, minor;
        POOL_TYPE expected;
    } systems[] = {
        {6, 0, NonPagedPool},   /* Vista */
        {6, 1, NonPagedPool},   /* 7 */
        {6, 2, NonPagedPoolNx}, /* 8 */
        {6, 3, NonPagedPoolNx}, /* 8.1 */
        {10, 0, NonPagedPoolNx},
    };
    for (size_t i = 0; i < sizeof systems / sizeof systems[0]; i++) {
        struct harness_config config;
        harness_default_config(&config, "0x378-0x37F");
        config.faults.windows_major = systems[i].major;
        config.faults.windows_minor = systems[i].minor;
        CHECK_STATUS(harness_load(&h, &config), STATUS_SUCCESS);
        for (int slot = 0; slot < HARNESS_HANDLES; slot++)
            CHECK_STATUS(harness_create(&h, slot, 0, 0), STATUS_SUCCESS);
        CHECK(fake.live_blocks == HARNESS_HANDLES);
        for (int b = 0; b < fake.live_blocks; b++)
            if (fake.blocks[b].type != systems[i].expected)
                fake_violation("Windows %u.%u: a handle's state in pool type %d, expected %d", (unsigned)systems[i].major,
                               (unsigned)systems[i].minor, (int)fake.blocks[b].type, (int)systems[i].expected);
        CHECK(fake.version_queries == 1);
        CHECK(systems[i].expected == NonPagedPoolNx ? fake.executable_allocations == 0 : fake.nx_allocations == 0);
        harness_unload(&h);
    }
}

int main(int argc, char **argv)
{
    static const struct host_test tests[] = {
        {"no_parameters_key_means_administrators_and_every_port",
         no_parameters_key_means_administrators_and_every_port},
        {"allow_non_administrators_only_as_dword_1", allow_non_administrators_only_as_dword_1},
        {"allowlist_is_read", allowlist_is_read},
        {"malformed_allowlist_fails_the_start", malformed_allowlist_fails_the_start},
        {"every_failure_in_driver_entry_leaves_nothing", every_failure_in_driver_entry_leaves_nothing},
        {"unload_after_use_leaves_nothing", unload_after_use_leaves_nothing},
        {"pool_type_follows_windows_version", pool_type_follows_windows_version},
    };
    return host_test_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
