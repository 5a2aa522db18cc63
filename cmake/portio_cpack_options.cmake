# SPDX-License-Identifier: MIT
# CPACK_PROJECT_CONFIG_FILE: cpack reads this for each generator it runs,
# with CPACK_GENERATOR set to that one generator.

# The archives' file times (CMake's archive writer takes SOURCE_DATE_EPOCH
# for every entry, ZIP and DEB members included): the caller's
# SOURCE_DATE_EPOCH, else the one the build was configured with
# (cmake/portio_reproducible.cmake: the Debian changelog's latest date).
if(NOT DEFINED ENV{SOURCE_DATE_EPOCH} AND DEFINED CPACK_PORTIO_SOURCE_DATE_EPOCH)
    set(ENV{SOURCE_DATE_EPOCH} ${CPACK_PORTIO_SOURCE_DATE_EPOCH})
endif()

# ZIP: written again sorted, without the builder's uid, time zone or file
# system order.
if(CPACK_GENERATOR STREQUAL "ZIP")
    list(APPEND CPACK_POST_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/portio_zip_sorted.cmake)
endif()

# The Debian packages' own settings (cmake/portio_package_debian.cmake).
if(CPACK_PORTIO_DEBIAN_DIR)
    include(${CPACK_PORTIO_DEBIAN_DIR}/cpack_options.cmake)
endif()
