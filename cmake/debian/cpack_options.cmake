# SPDX-License-Identifier: MIT
# CPACK_PROJECT_CONFIG_FILE: cpack reads this for each generator it runs,
# with CPACK_GENERATOR set to that one generator. The settings here would
# change other generators' archives, so they apply to DEB only.
if(CPACK_GENERATOR STREQUAL "DEB")
    if(CPACK_PORTIO_DEBIAN_REFUSAL)
        message(FATAL_ERROR "portio: no Debian packages from this build:${CPACK_PORTIO_DEBIAN_REFUSAL}\n")
    endif()
    set(CPACK_COMPONENTS_ALL ${CPACK_PORTIO_DEBIAN_COMPONENTS})
    # Debian ships binaries without symbol tables (debug symbols go to
    # -dbgsym packages).
    set(CPACK_STRIP_FILES ON)
    # Each package's description starts with its own synopsis; CPack would
    # put the project's summary above it.
    unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)
    # dh_strip's work on the staged files; the ar members' modes, which
    # CPack takes from the umask.
    list(APPEND CPACK_PRE_BUILD_SCRIPTS ${CPACK_PORTIO_DEBIAN_DIR}/deb_strip.cmake)
    list(APPEND CPACK_POST_BUILD_SCRIPTS ${CPACK_PORTIO_DEBIAN_DIR}/deb_member_modes.cmake)
endif()
