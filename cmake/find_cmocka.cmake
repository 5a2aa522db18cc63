# cmocka as the imported target portio_cmocka. Debian's libcmocka-dev has
# no target of its own.
find_path(PORTIO_CMOCKA_INCLUDE_DIR cmocka.h)
find_library(PORTIO_CMOCKA_LIBRARY cmocka)
if(NOT PORTIO_CMOCKA_INCLUDE_DIR OR NOT PORTIO_CMOCKA_LIBRARY)
    message(FATAL_ERROR "cmocka is needed for the tests: on Debian, apt-get install libcmocka-dev; "
                        "or configure with -DPORTIO_BUILD_TESTS=OFF")
endif()
add_library(portio_cmocka UNKNOWN IMPORTED)
set_target_properties(portio_cmocka PROPERTIES
    IMPORTED_LOCATION "${PORTIO_CMOCKA_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${PORTIO_CMOCKA_INCLUDE_DIR}")
