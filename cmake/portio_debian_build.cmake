# SPDX-License-Identifier: MIT
# PORTIO_DEBIAN_BUILD: the build that makes the Debian packages (cpack -G
# DEB) compiles and links with Debian's own flags, from dpkg-buildflags, as
# a package built by dpkg-buildpackage would: the hardening set
# (hardening=+all, unless DEB_BUILD_MAINT_OPTIONS says otherwise):
#   CPPFLAGS -D_FORTIFY_SOURCE=2 (checked memcpy, sprintf...), -Wdate-time
#   CFLAGS   -O2 -g -fstack-protector-strong -Wformat -Werror=format-security
#   LDFLAGS  -Wl,-z,relro -Wl,-z,now (read-only relocations, bound at load)
# and PIE, which Debian's GCC makes by default. Debian's -O2 comes after the
# build type's flags and wins, as with debhelper.
#
# On by default where the packages can be made: Linux, a shared build for
# /usr, dpkg-buildflags found; cpack -G DEB refuses a build without it
# (cmake/portio_package_debian.cmake).
find_program(PORTIO_DPKG_BUILDFLAGS dpkg-buildflags DOC "dpkg-buildflags (dpkg-dev), for Debian's build flags")
set(portio_debian_build_default OFF)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT CMAKE_CROSSCOMPILING AND BUILD_SHARED_LIBS
   AND CMAKE_INSTALL_PREFIX STREQUAL "/usr" AND PORTIO_DPKG_BUILDFLAGS)
    set(portio_debian_build_default ON)
endif()
option(PORTIO_DEBIAN_BUILD "Compile and link with dpkg-buildflags' hardening flags, as the Debian packages need"
    ${portio_debian_build_default})

if(PORTIO_DEBIAN_BUILD)
    if(NOT PORTIO_DPKG_BUILDFLAGS)
        message(FATAL_ERROR "PORTIO_DEBIAN_BUILD=ON needs dpkg-buildflags: apt-get install dpkg-dev")
    endif()
    if(DEFINED ENV{DEB_BUILD_MAINT_OPTIONS})
        set(portio_debian_options "$ENV{DEB_BUILD_MAINT_OPTIONS}")
    else()
        set(portio_debian_options "hardening=+all")
    endif()
    set(portio_debian_flags)
    foreach(kind CPPFLAGS CFLAGS LDFLAGS)
        execute_process(
            COMMAND ${CMAKE_COMMAND} -E env "DEB_BUILD_MAINT_OPTIONS=${portio_debian_options}"
                ${PORTIO_DPKG_BUILDFLAGS} --get ${kind}
            OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE result)
        if(NOT result EQUAL 0)
            message(FATAL_ERROR "dpkg-buildflags --get ${kind} failed (${result})")
        endif()
        separate_arguments(flags UNIX_COMMAND "${flags}")
        # dpkg-buildflags maps the folder it runs in (any folder, for cmake);
        # cmake/portio_reproducible.cmake maps the source and build folders.
        list(FILTER flags EXCLUDE REGEX "^-f(file|debug|macro)-prefix-map=")
        set(portio_debian_${kind} ${flags})
        list(APPEND portio_debian_flags ${flags})
    endforeach()
    add_compile_options(${portio_debian_CPPFLAGS} ${portio_debian_CFLAGS})
    add_link_options(${portio_debian_LDFLAGS})
    list(JOIN portio_debian_flags " " portio_debian_flags)
    message(STATUS "portio: Debian build flags (DEB_BUILD_MAINT_OPTIONS=${portio_debian_options}): ${portio_debian_flags}")
endif()
