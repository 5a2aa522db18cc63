/* SPDX-License-Identifier: MIT */
/* smbus_eeprom: reads and writes SMBus EEPROMs. The program is in
 * program.c, where the tests can run it too. */
#include <stdio.h>

#include "smbus_eeprom.h"

int main(int argc, char **argv)
{
    return smbus_eeprom_run(argc, argv, stdout, stderr);
}
