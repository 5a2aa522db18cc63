/* SPDX-License-Identifier: MIT */
/* lpt_probe: finds parallel ports. The program is in lpt_probe.c, where the
 * tests can run it too. */
#include <stdio.h>

#include "lpt_probe.h"

int main(int argc, char **argv)
{
    return lpt_probe_run(argc, argv, stdout, stderr);
}
