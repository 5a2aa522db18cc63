/* SPDX-License-Identifier: MIT */
/* The portio command's commands. Each enables exactly the ports it touches,
 * only for as long as it touches them, and goes through the checked
 * functions (portio_read, portio_write): a refused port is a message and
 * exit status 1, never a crash. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "commands.h"
#include "dump_format.h"
#include "ioports.h"
#include "numbers.h"
#include "portio.h"
#ifdef _WIN32
#include "driver_service.h"
#endif

#define PORT_SPACE 0x10000u /* ports 0x0000..0xFFFF */
#define MAX_POSITIONAL 2

void portio_tool_usage(FILE *out)
{
    fprintf(out,
            "usage: portio [--backend NAME] COMMAND [ARGS]\n"
            "\n"
            "commands:\n"
            "  read [-w 8|16|32] PORT          read one port, print the value in hex\n"
            "  write [-w 8|16|32] PORT VALUE   write VALUE to PORT\n"
            "  dump PORT COUNT                 read COUNT 8-bit ports from PORT upwards\n"
            "  list [PORT]                     who claims which port ranges, or PORT\n"
            "                                  (Linux: /proc/ioports; addresses need root)\n"
            "  driver install [PATH] [--ports RANGES] [--all-users]\n"
            "                                  install and start the kernel driver (Windows, as\n"
            "                                  Administrator); PATH defaults to portio.sys beside\n"
            "                                  this program\n"
            "  driver configure [--ports RANGES] [--all-users]\n"
            "                                  change the installed driver's settings and restart\n"
            "                                  it (Windows, as Administrator)\n"
            "  driver remove                   stop and remove the driver (Windows, as Administrator)\n"
            "  driver status                   whether the driver is installed and running, and its\n"
            "                                  settings (Windows)\n"
            "\n"
            "Numbers are hex with 0x (0x378) or decimal (888); a leading zero without 0x\n"
            "(0378) is refused as ambiguous. -w is the access width in bits, 8 by default.\n"
            "Reading a port can change a device's state (some registers clear on read).\n"
            "\n"
            "driver settings (install and configure state them all: one left out is the\n"
            "default, every port for Administrators only):\n"
            "  --ports RANGES          the only ports the driver enables, e.g. 0x378-0x37A,0x80\n"
            "  --all-users             every user may use the driver, not only Administrators;\n"
            "                          needs --ports\n"
            "\n"
            "options:\n"
            "  --backend NAME          auto, direct, ppdev, devport (Linux), driver (Windows)\n"
            "                          or mock; default: $PORTIO_BACKEND, else auto\n"
            "  -h, --help              this text\n"
            "  --version               the version of portio\n"
            "\n"
            "exit status: 0 done, 1 the system refused or failed the access, 2 bad command line\n");
}

static bool is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* The library's message for the failure that just happened. */
static int refused(FILE *err)
{
    fprintf(err, "portio: %s\n", portio_last_error());
    return TOOL_EXIT_FAILED;
}

/* A number from the command line; what names its role in messages. */
static int number_argument(const char *text, const char *what, uint32_t max, uint32_t *value,
                           FILE *err)
{
    switch (parse_number(text, max, value)) {
    case NUMBER_OK:
        return TOOL_EXIT_OK;
    case NUMBER_AMBIGUOUS:
        fprintf(err, "portio: %s \"%s\" is ambiguous: write 0x%s for hex or %s for decimal\n", what,
                text, text + strspn(text, "0"), text + strspn(text, "0"));
        return TOOL_EXIT_USAGE;
    case NUMBER_TOO_LARGE:
        fprintf(err, "portio: %s %s is too large: at most 0x%x (%lu)\n", what, text, (unsigned)max,
                (unsigned long)max);
        return TOOL_EXIT_USAGE;
    case NUMBER_NOT_A_NUMBER:
    default:
        fprintf(err, "portio: %s \"%s\" is not a number: write hex with 0x (0x378) or decimal (888)\n",
                what, text);
        return TOOL_EXIT_USAGE;
    }
}

/* A command's arguments, split: -w WIDTH (where the command takes it) may
 * stand anywhere; the rest are positional. */
struct arguments {
    bool help; /* -h or --help: the usage went to out, nothing else to do */
    unsigned width;
    const char *positional[MAX_POSITIONAL];
    int count;
};

/* Splits argv into args; between min and max positional arguments. synopsis
 * is the command's line in the usage, for the messages. Returns the exit
 * status, TOOL_EXIT_OK also for help. */
static int split_arguments(const char *synopsis, bool takes_width, int min, int max, int argc,
                           char **argv, struct arguments *args, FILE *out, FILE *err)
{
    *args = (struct arguments){.width = 8};
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (is_help(arg)) {
            portio_tool_usage(out);
            args->help = true;
            return TOOL_EXIT_OK;
        }
        if (takes_width && (strcmp(arg, "-w") == 0 || strcmp(arg, "--width") == 0)) {
            if (i + 1 == argc || parse_width(argv[i + 1], &args->width) != 0) {
                fprintf(err, "portio: %s needs a width of 8, 16 or 32 (bits)\n", arg);
                return TOOL_EXIT_USAGE;
            }
            i++;
            continue;
        }
        if (arg[0] == '-' && arg[1] >= '0' && arg[1] <= '9') {
            fprintf(err, "portio: \"%s\": ports, values and counts are never negative (all ones "
                         "is 0xff, 0xffff or 0xffffffff)\n",
                    arg);
            return TOOL_EXIT_USAGE;
        }
        /* No number starts with '-': this is an option the command lacks. */
        if (arg[0] == '-' || args->count == max) {
            fprintf(err, "portio: unexpected \"%s\"; usage: portio %s\n", arg, synopsis);
            return TOOL_EXIT_USAGE;
        }
        args->positional[args->count++] = arg;
    }
    if (args->count < min) {
        fprintf(err, "portio: missing arguments; usage: portio %s\n", synopsis);
        return TOOL_EXIT_USAGE;
    }
    return TOOL_EXIT_OK;
}

/* PORT for an access of width bits: all its bytes inside 0x0000..0xFFFF. */
static int port_argument(const char *text, unsigned width, uint32_t *port, FILE *err)
{
    int status = number_argument(text, "port", PORT_SPACE - 1, port, err);
    if (status != TOOL_EXIT_OK)
        return status;
    if (*port + width / 8 > PORT_SPACE) {
        fprintf(err, "portio: a %u-bit access at port 0x%04x reaches past port 0xffff\n", width,
                (unsigned)*port);
        return TOOL_EXIT_USAGE;
    }
    return TOOL_EXIT_OK;
}

int command_read(int argc, char **argv, FILE *out, FILE *err)
{
    struct arguments args;
    uint32_t port, value = 0;
    int status = split_arguments("read [-w 8|16|32] PORT", true, 1, 1, argc, argv, &args, out, err);
    if (status != TOOL_EXIT_OK || args.help)
        return status;
    unsigned width = args.width;
    if ((status = port_argument(args.positional[0], width, &port, err)) != TOOL_EXIT_OK)
        return status;

    if (portio_enable(port, width / 8) != PORTIO_OK)
        return refused(err);
    status = portio_read((uint16_t)port, width, &value) == PORTIO_OK ? TOOL_EXIT_OK : refused(err);
    portio_disable(port, width / 8);
    if (status == TOOL_EXIT_OK)
        fprintf(out, "0x%0*x\n", (int)width / 4, (unsigned)value);
    return status;
}

int command_write(int argc, char **argv, FILE *out, FILE *err)
{
    struct arguments args;
    uint32_t port, value;
    int status = split_arguments("write [-w 8|16|32] PORT VALUE", true, 2, 2, argc, argv, &args,
                                 out, err);
    if (status != TOOL_EXIT_OK || args.help)
        return status;
    unsigned width = args.width;
    if ((status = port_argument(args.positional[0], width, &port, err)) != TOOL_EXIT_OK)
        return status;
    /* Never cut a value to fit: 0x1ff written as a byte would be 0xff. */
    uint32_t max = 0xFFFFFFFFu >> (32 - width);
    const char *value_text = args.positional[1];
    if (parse_number(value_text, max, &value) == NUMBER_TOO_LARGE) {
        fprintf(err, "portio: value %s does not fit in %u bits (at most 0x%0*x); -w chooses a wider "
                     "access\n",
                value_text, width, (int)width / 4, (unsigned)max);
        return TOOL_EXIT_USAGE;
    }
    if ((status = number_argument(value_text, "value", max, &value, err)) != TOOL_EXIT_OK)
        return status;

    if (portio_enable(port, width / 8) != PORTIO_OK)
        return refused(err);
    status = portio_write((uint16_t)port, width, value) == PORTIO_OK ? TOOL_EXIT_OK : refused(err);
    portio_disable(port, width / 8);
    return status;
}

int command_dump(int argc, char **argv, FILE *out, FILE *err)
{
    struct arguments args;
    uint32_t port, count;
    int status = split_arguments("dump PORT COUNT", false, 2, 2, argc, argv, &args, out, err);
    if (status != TOOL_EXIT_OK || args.help)
        return status;
    if ((status = port_argument(args.positional[0], 8, &port, err)) != TOOL_EXIT_OK ||
        (status = number_argument(args.positional[1], "count", PORT_SPACE, &count, err)) !=
            TOOL_EXIT_OK)
        return status;
    if (count == 0) {
        fprintf(err, "portio: dump needs a count of at least 1\n");
        return TOOL_EXIT_USAGE;
    }
    if (count > PORT_SPACE - port) {
        fprintf(err, "portio: %lu ports from 0x%04x reach past port 0xffff (at most %lu)\n",
                (unsigned long)count, (unsigned)port, (unsigned long)(PORT_SPACE - port));
        return TOOL_EXIT_USAGE;
    }

    if (portio_enable(port, count) != PORTIO_OK)
        return refused(err);
    /* A line is printed once all its ports were read, so a refusal midway
     * leaves no half line. */
    for (uint32_t line = 0; line < count && status == TOOL_EXIT_OK; line += DUMP_PER_LINE) {
        uint8_t bytes[DUMP_PER_LINE];
        uint32_t in_line = count - line < DUMP_PER_LINE ? count - line : DUMP_PER_LINE;
        for (uint32_t i = 0; i < in_line && status == TOOL_EXIT_OK; i++) {
            uint32_t value;
            if (portio_read((uint16_t)(port + line + i), 8, &value) != PORTIO_OK)
                status = refused(err);
            bytes[i] = (uint8_t)value;
        }
        if (status != TOOL_EXIT_OK)
            break;
        print_dump(out, port + line, bytes, in_line);
    }
    portio_disable(port, count);
    return status;
}

int command_list(int argc, char **argv, const char *ioports_path, FILE *out, FILE *err)
{
    struct arguments args;
    uint32_t port = 0;
    int status = split_arguments("list [PORT]", false, 0, 1, argc, argv, &args, out, err);
    if (status != TOOL_EXIT_OK || args.help)
        return status;
    bool one_port = args.count == 1;
    if (one_port && (status = port_argument(args.positional[0], 8, &port, err)) != TOOL_EXIT_OK)
        return status;
#ifdef _WIN32
    (void)ioports_path;
    (void)out;
    fprintf(err, "portio: list is for Linux only: it reads /proc/ioports; Windows shows port "
                 "ranges in Device Manager (View, Resources by type)\n");
    return TOOL_EXIT_USAGE;
#else
    return ioports_list(ioports_path, one_port ? (int32_t)port : IOPORTS_ALL_PORTS, out, err);
#endif
}

#define DRIVER_USAGE                                                                      \
    "driver install [PATH] [--ports RANGES] [--all-users] | configure [--ports RANGES] "   \
    "[--all-users] | remove | status"

int driver_arguments_parse(int argc, char **argv, struct driver_arguments *args, FILE *out,
                           FILE *err)
{
    static const char *const actions[] = {
        [DRIVER_INSTALL] = "install",
        [DRIVER_CONFIGURE] = "configure",
        [DRIVER_REMOVE] = "remove",
        [DRIVER_STATUS] = "status",
    };
    const int action_count = (int)(sizeof actions / sizeof *actions);
    *args = (struct driver_arguments){0};
    int action = 0;
    while (argc >= 1 && action < action_count && strcmp(argv[0], actions[action]) != 0)
        action++;
    if (argc >= 1 && is_help(argv[0])) {
        portio_tool_usage(out);
        args->help = true;
        return TOOL_EXIT_OK;
    }
    if (argc == 0 || action == action_count) {
        fprintf(err, "portio: usage: portio " DRIVER_USAGE "\n");
        return TOOL_EXIT_USAGE;
    }
    args->action = (enum driver_action)action;
    bool takes_settings = args->action == DRIVER_INSTALL || args->action == DRIVER_CONFIGURE;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (is_help(arg)) {
            portio_tool_usage(out);
            args->help = true;
            return TOOL_EXIT_OK;
        }
        if (takes_settings && strcmp(arg, "--all-users") == 0) {
            args->settings.all_users = 1;
            continue;
        }
        const char *ranges = NULL;
        if (takes_settings && strcmp(arg, "--ports") == 0) {
            if (++i == argc) {
                fprintf(err, "portio: --ports needs RANGES, e.g. --ports 0x378-0x37A,0x80\n");
                return TOOL_EXIT_USAGE;
            }
            ranges = argv[i];
        } else if (takes_settings && strncmp(arg, "--ports=", 8) == 0) {
            ranges = arg + 8;
        }
        if (ranges) {
            if (args->settings.ports) {
                fprintf(err, "portio: --ports given twice; give every range in one list, "
                             "separated by commas\n");
                return TOOL_EXIT_USAGE;
            }
            args->settings.ports = ranges;
            continue;
        }
        if (args->action == DRIVER_INSTALL && arg[0] != '-' && !args->path) {
            args->path = arg;
            continue;
        }
        fprintf(err, "portio: unexpected \"%s\"; usage: portio " DRIVER_USAGE "\n", arg);
        return TOOL_EXIT_USAGE;
    }
    if (driver_settings_check(&args->settings, actions[args->action], err) != 0)
        return TOOL_EXIT_USAGE;
    return TOOL_EXIT_OK;
}

int command_driver(int argc, char **argv, FILE *out, FILE *err)
{
#ifdef _WIN32
    struct driver_arguments args;
    int status = driver_arguments_parse(argc, argv, &args, out, err);
    if (status != TOOL_EXIT_OK || args.help)
        return status;
    switch (args.action) {
    case DRIVER_INSTALL: return driver_install(args.path, &args.settings, out, err);
    case DRIVER_CONFIGURE: return driver_configure(&args.settings, out, err);
    case DRIVER_REMOVE: return driver_remove(out, err);
    case DRIVER_STATUS:
    default: return driver_status(out, err);
    }
#else
    (void)argc;
    (void)argv;
    (void)out;
    fprintf(err, "portio: the driver is for Windows; on Linux portio uses ioperm or /dev/port "
                 "and needs no driver\n");
    return TOOL_EXIT_USAGE;
#endif
}

static int use_backend(const char *name, FILE *err)
{
    int status = portio_use_backend(name);
    if (status == PORTIO_OK)
        return TOOL_EXIT_OK;
    fprintf(err, "portio: %s\n", portio_last_error());
    /* A misspelt name is the command line's fault; a backend this system
     * lacks is the system's. */
    return status == PORTIO_E_INVALID ? TOOL_EXIT_USAGE : TOOL_EXIT_FAILED;
}

int portio_tool_main(int argc, char **argv, FILE *out, FILE *err)
{
    int i = 1;
    /* Global options, before the command. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *arg = argv[i];
        if (is_help(arg)) {
            portio_tool_usage(out);
            return TOOL_EXIT_OK;
        }
        if (strcmp(arg, "--version") == 0) {
            fprintf(out, "portio %s\n", PORTIO_TOOL_VERSION);
            return TOOL_EXIT_OK;
        }
        const char *name = NULL;
        if (strcmp(arg, "--backend") == 0) {
            if (++i == argc) {
                fprintf(err, "portio: --backend needs a name: auto, direct, ppdev, devport, driver or mock\n");
                return TOOL_EXIT_USAGE;
            }
            name = argv[i];
        } else if (strncmp(arg, "--backend=", 10) == 0) {
            name = arg + 10;
        } else {
            fprintf(err, "portio: unknown option %s; see portio --help\n", arg);
            return TOOL_EXIT_USAGE;
        }
        int status = use_backend(name, err);
        if (status != TOOL_EXIT_OK)
            return status;
    }
    if (i == argc) {
        portio_tool_usage(err);
        return TOOL_EXIT_USAGE;
    }

    const char *command = argv[i];
    int command_argc = argc - i - 1;
    char **command_argv = argv + i + 1;
    if (strcmp(command, "read") == 0)
        return command_read(command_argc, command_argv, out, err);
    if (strcmp(command, "write") == 0)
        return command_write(command_argc, command_argv, out, err);
    if (strcmp(command, "dump") == 0)
        return command_dump(command_argc, command_argv, out, err);
    if (strcmp(command, "list") == 0)
        return command_list(command_argc, command_argv, IOPORTS_PATH, out, err);
    if (strcmp(command, "driver") == 0)
        return command_driver(command_argc, command_argv, out, err);
    fprintf(err, "portio: unknown command \"%s\"; see portio --help\n", command);
    return TOOL_EXIT_USAGE;
}
