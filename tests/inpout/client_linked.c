/* SPDX-License-Identifier: MIT
 *
 * An InpOut32 client linked against the import library (inpout32.lib /
 * inpoutx64.lib) with InpOut32's header, as C and C++ programs built for
 * InpOut32 are; then the checks of client_checks.h.
 */
#include <inpout32.h>

#include "client_checks.h"

int main(int argc, char **argv)
{
    struct inpout_api api = {
        .Inp32 = Inp32,
        .Out32 = Out32,
        .IsInpOutDriverOpen = IsInpOutDriverOpen,
        .DlPortReadPortUchar = DlPortReadPortUchar,
        .DlPortWritePortUchar = DlPortWritePortUchar,
        .DlPortReadPortUshort = DlPortReadPortUshort,
        .DlPortWritePortUshort = DlPortWritePortUshort,
        .DlPortReadPortUlong = DlPortReadPortUlong,
        .DlPortWritePortUlong = DlPortWritePortUlong,
        .IsXP64Bit = IsXP64Bit,
        .MapPhysToLin = MapPhysToLin,
        .UnmapPhysicalMemory = UnmapPhysicalMemory,
        .GetPhysLong = GetPhysLong,
        .SetPhysLong = SetPhysLong,
    };
    return run_checks(&api, argc, argv);
}
