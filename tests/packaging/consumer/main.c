/* SPDX-License-Identifier: MIT */
/* A program outside portio, as a user would write it: the mock's parallel
 * port answers through the library however it was linked. */
#include <stdio.h>
#include <string.h>

#include <portio.h>

int main(void)
{
    portio_mock_lpt *lpt = NULL;
    if (portio_use_backend("mock") != PORTIO_OK || portio_mock_add_lpt(0x378, &lpt) != PORTIO_OK ||
        portio_enable(0x378, 3) != PORTIO_OK) {
        fprintf(stderr, "consumer: %s\n", portio_last_error());
        return 1;
    }
    portio_outb(0x378, 0xA5);
    uint32_t status = 0;
    int ok = portio_inb(0x378) == 0xA5 && portio_mock_lpt_data(lpt) == 0xA5 &&
             portio_read(0x379, 8, &status) == PORTIO_OK && status == 0xD8 &&
             portio_read(0x37A, 16, &status) == PORTIO_E_NOT_ENABLED;
    portio_batch_op ops[] = {{0x378, 8, 1, 0x5A}, {0x378, 8, 0, 0}};
    ok = ok && portio_batch(ops, 2) == PORTIO_OK && ops[1].value == 0x5A;
    char header_version[32];
    snprintf(header_version, sizeof header_version, "%d.%d.%d", PORTIO_VERSION_MAJOR,
             PORTIO_VERSION_MINOR, PORTIO_VERSION_PATCH);
    ok = ok && strcmp(portio_version(), header_version) == 0;
    printf("consumer: portio %s, mock LPT %s\n", portio_version(), ok ? "answers" : "is WRONG");
    return ok ? 0 : 1;
}
