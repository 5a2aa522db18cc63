#include "example_options.h"

#include <stdio.h>
#include <string.h>

#include "portio.h"

int example_options(int argc, char **argv, const char *name, const char *usage, bool *simulate)
{
    const char *backend = NULL;
    *simulate = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--simulate") == 0) {
            *simulate = true;
        } else if (strcmp(argv[i], "--backend") == 0 && i + 1 < argc) {
            backend = argv[++i];
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return 0;
        } else {
            fputs(usage, stderr);
            return 2;
        }
    }
    if (*simulate && backend) {
        fprintf(stderr, "%s: --simulate chooses the mock backend; give one or the other\n", name);
        return 2;
    }
    if (backend) {
        int status = portio_use_backend(backend);
        if (status != PORTIO_OK) {
            fprintf(stderr, "%s: %s\n", name, portio_last_error());
            return status == PORTIO_E_INVALID ? 2 : 1;
        }
    }
    return -1;
}
