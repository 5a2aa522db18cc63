# SPDX-License-Identifier: MIT
# cmocka as the imported target portio_cmocka (Debian's libcmocka-dev has no
# target of its own). Missing cmocka stops the configure unless
# PORTIO_REQUIRE_CMOCKA is OFF, as in cross builds where only the plain
# tests run.
option(PORTIO_REQUIRE_CMOCKA "Fail when cmocka is missing instead of building only the plain tests" ON)
find_path(PORTIO_CMOCKA_INCLUDE_DIR cmocka.h)
find_library(PORTIO_CMOCKA_LIBRARY cmocka)
if(PORTIO_CMOCKA_INCLUDE_DIR AND PORTIO_CMOCKA_LIBRARY)
    set(PORTIO_CMOCKA_FOUND TRUE)
    add_library(portio_cmocka UNKNOWN IMPORTED)
    set_target_properties(portio_cmocka PROPERTIES
        IMPORTED_LOCATION "${PORTIO_CMOCKA_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${PORTIO_CMOCKA_INCLUDE_DIR}")
elseif(PORTIO_REQUIRE_CMOCKA)
    message(FATAL_ERROR "cmocka is needed for the tests: on Debian, apt-get install libcmocka-dev; "
                        "or configure with -DPORTIO_BUILD_TESTS=OFF")
else()
    set(PORTIO_CMOCKA_FOUND FALSE)
    message(STATUS "cmocka not found: only the plain tests are built")
endif()
