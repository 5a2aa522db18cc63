/* SPDX-License-Identifier: MIT */
/* The host tools of check_driver_image.sh read whole images. */
#ifndef READ_WHOLE_FILE_H
#define READ_WHOLE_FILE_H

#include <stddef.h>

/* The bytes of the file at path (the caller frees them) and their number in
 * *size; NULL with a message on standard error when it cannot be read. */
unsigned char *read_whole_file(const char *path, size_t *size);

#endif
