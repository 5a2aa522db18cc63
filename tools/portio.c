/*
 * The portio command: I/O ports from a shell.
 *   portio driver install [PATH] | remove | status   (Windows)
 *   portio --help | --version
 */
#include <stdio.h>
#include <string.h>

#include "portio.h"
#ifdef _WIN32
#include "driver_service.h"
#endif

#define EXIT_USAGE 2

static void usage(FILE *out)
{
    fprintf(out,
            "usage: portio COMMAND [ARGS]\n"
            "\n"
            "commands:\n"
            "  driver install [PATH]   install and start the kernel driver (Windows, as\n"
            "                          Administrator); PATH defaults to portio.sys beside\n"
            "                          this program\n"
            "  driver remove           stop and remove the driver (Windows, as Administrator)\n"
            "  driver status           whether the driver is installed and running (Windows)\n"
            "\n"
            "options:\n"
            "  -h, --help              this text\n"
            "  --version               the version of portio\n");
}

static int driver_command(int argc, char **argv)
{
#ifdef _WIN32
    if (argc >= 1 && strcmp(argv[0], "install") == 0 && argc <= 2)
        return driver_install(argc == 2 ? argv[1] : NULL, stdout, stderr);
    if (argc == 1 && strcmp(argv[0], "remove") == 0)
        return driver_remove(stdout, stderr);
    if (argc == 1 && strcmp(argv[0], "status") == 0)
        return driver_status(stdout, stderr);
    fprintf(stderr, "portio: driver takes install [PATH], remove or status\n");
    return EXIT_USAGE;
#else
    (void)argc;
    (void)argv;
    fprintf(stderr, "portio: the driver is for Windows; on Linux portio uses ioperm or /dev/port "
                    "and needs no driver\n");
    return EXIT_USAGE;
#endif
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *command = argv[1];
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(command, "--version") == 0) {
        printf("portio %s\n", PORTIO_TOOL_VERSION);
        return 0;
    }
    if (strcmp(command, "driver") == 0)
        return driver_command(argc - 2, argv + 2);
    fprintf(stderr, "portio: unknown command \"%s\"; see portio --help\n", command);
    return EXIT_USAGE;
}
