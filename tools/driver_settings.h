/* SPDX-License-Identifier: MIT
 *
 * The driver's settings as the portio command takes them (--ports RANGES,
 * --all-users) and as the driver reads them from its service's Parameters
 * key (AllowedPorts, a REG_MULTI_SZ, and AllowNonAdministrators). Portable
 * C: the command line is checked, and the registry data made and described,
 * with the driver's own parser (drivers/windows/request_check.c), so the
 * tool never writes a list the driver would refuse to start with.
 */
#ifndef PORTIO_TOOL_DRIVER_SETTINGS_H
#define PORTIO_TOOL_DRIVER_SETTINGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* How the driver serves: the service's Parameters. NULL settings: the
 * defaults (every port, Administrators only). */
struct driver_settings {
    const char *ports; /* the allowlist, "0x378-0x37A,0x80"; NULL: every port */
    int all_users;     /* nonzero: every user may open the driver (needs ports) */
};

/* The AllowedPorts value: UTF-16 code units of a REG_MULTI_SZ, one entry
 * per range, ending in the empty string. */
struct allowed_ports {
    uint16_t *units; /* malloc'd; allowed_ports_free gives it back */
    size_t count;    /* code units, both final NULs included */
};

/* fprintf, or nothing when the stream is NULL: a program that installs the
 * driver itself may want no output. */
void driver_say(FILE *stream, const char *format, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * Whether settings may be written, told on err (when not NULL) with what to
 * type instead ("portio driver COMMAND ..."): 0 yes; 1 not (all_users
 * without ports, or a bad RANGES, its first bad entry named). NULL settings
 * are the defaults, which may.
 */
int driver_settings_check(const struct driver_settings *settings, const char *command, FILE *err);

/*
 * RANGES ("0x378-0x37A, 0x80": comma-separated, spaces around an entry
 * allowed) as the AllowedPorts value. 0 done; 1 a bad RANGES, told on err
 * (when not NULL) with the bad entry and the form to write; 2 out of memory.
 * On failure *value is empty.
 */
int allowed_ports_from_text(const char *ranges, struct allowed_ports *value, FILE *err);
void allowed_ports_free(struct allowed_ports *value);

/*
 * An AllowedPorts value read from the registry (`units` UTF-16 code units)
 * as a person reads it, into text: "0x378-0x37A, 0x80" (ranges as the
 * driver parsed them, in hex). 0 done; 1 the driver would refuse the value
 * (text then says so). Text is cut to fit its size.
 */
int allowed_ports_describe(const uint16_t *units, size_t count, char *text, size_t size);

#endif
