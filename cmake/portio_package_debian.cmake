# SPDX-License-Identifier: MIT
# CPack DEB: `cpack -G DEB` in a build configured with
# -DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_PREFIX=/usr makes one Debian package
# per install component:
#   runtime      -> libportio0     (libportio.so.0)
#   development  -> libportio-dev  (header, .so link, CMake package, portio.pc,
#                                   sys/io.h with libportio_sys_io.a)
#   tools        -> portio-tools   (the portio command and the examples)
# Plain `cpack` (TGZ) makes the same archive as without this file: only the
# DEB generator reads CPACK_DEB*/CPACK_DEBIAN*, the documents below are
# EXCLUDE_FROM_ALL, and what would change other generators' output is set
# for DEB only (cmake/debian/cpack_options.cmake).
set(portio_debian_dir ${PROJECT_SOURCE_DIR}/cmake/debian)

set(CPACK_DEB_COMPONENT_INSTALL ON)
# The components that become packages (set for DEB only, in
# cmake/debian/cpack_options.cmake). One left out would silently miss from
# the packages: tests/packaging/check_debian_packages.sh compares them with a
# full install.
set(CPACK_PORTIO_DEBIAN_COMPONENTS runtime development tools)

set(PORTIO_DEBIAN_MAINTAINER "portio developers <portio-devel@example.invalid>" CACHE STRING
    "Maintainer field of the Debian packages (the default is a placeholder address)")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PORTIO_DEBIAN_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SOURCE portio)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends on the C library (and whatever else the binaries link) from
# dpkg-shlibdeps; the build's own libportio.so.0 is found there but belongs
# to libportio0, named below.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR})
# The shlibs file tells other packages' dpkg-shlibdeps what to depend on:
# any libportio0 at least as new as the one they were built against.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")

set(portio_debian_summary "x86 I/O port access from user space")
# Debian wraps descriptions by hand, under 80 columns.
set(portio_debian_about
"portio reads and writes x86 I/O ports from user programs: parallel ports,
Super I/O and sensor chips, CMOS/RTC, PCI configuration, ISA and PCIe I/O
cards. Only the ports a program enables open; every call returns a status
and portio_last_error() says how to fix a failure; a mock port space lets
programs be tested without hardware or root.")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libportio0)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "${portio_debian_summary} - shared library
${portio_debian_about}

This package holds the shared library libportio.so.0.")
# dpkg runs ldconfig once for all packages through this trigger.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA ${portio_debian_dir}/triggers)
# Control files with the modes Debian's policy gives them, not those of the
# checkout (a umask of 002 made the trigger 0664: a lintian error).
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libportio-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS "libportio0 (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_DEVELOPMENT_DESCRIPTION "${portio_debian_summary} - development files
${portio_debian_about}

This package holds what programs using portio build with: the header
portio.h, the libportio.so link, the CMake package (find_package(portio))
and the pkg-config file portio.pc; and glibc's <sys/io.h> on portio for
programs written for glibc: include/portio-compat/sys/io.h, the static
library libportio_sys_io.a (portio::sys_io) and portio-sys-io.pc.")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME portio-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOLS_PACKAGE_DEPENDS "libportio0 (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_TOOLS_DESCRIPTION "${portio_debian_summary} - command and examples
${portio_debian_about}

This package holds the portio command, which reads, writes and dumps ports
from a shell and lists who claims them, and the example programs lpt_probe
(finds parallel ports), cmos_clock (reads the real-time clock), pci_list
(lists PCI functions), smbus_eeprom (reads and writes SMBus EEPROMs) and
lpt_print (sends a file to a parallel port). The examples' --simulate mode
needs no hardware or root.")

# Debian wants a copyright file and a changelog in each package's
# /usr/share/doc/<package>. EXCLUDE_FROM_ALL: only component installs (the
# DEB generator) take them, not `cmake --install` nor the TGZ archive.
set(portio_debian_changelog_gz ${PROJECT_BINARY_DIR}/debian/changelog.gz)
configure_file(${portio_debian_dir}/changelog ${PROJECT_BINARY_DIR}/debian/changelog COPYONLY)
# -n: no name or time stamp in the gzip header, so the package is reproducible.
# A failure here only stops the packages (below), not the build.
execute_process(COMMAND gzip -9 -n -c ${PROJECT_BINARY_DIR}/debian/changelog
    OUTPUT_FILE ${portio_debian_changelog_gz} RESULT_VARIABLE portio_gzip_result)
foreach(component_and_package runtime:libportio0 development:libportio-dev tools:portio-tools)
    string(REPLACE ":" ";" component_and_package ${component_and_package})
    list(GET component_and_package 0 component)
    list(GET component_and_package 1 package)
    install(FILES ${portio_debian_dir}/copyright ${portio_debian_changelog_gz}
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package}
        COMPONENT ${component} EXCLUDE_FROM_ALL)
endforeach()

# Reasons `cpack -G DEB` refuses to run (cmake/debian/cpack_options.cmake):
# the packages hold what a Debian system expects, or nothing.
set(CPACK_PORTIO_DEBIAN_REFUSAL "")
if(NOT portio_type STREQUAL "SHARED_LIBRARY")
    string(APPEND CPACK_PORTIO_DEBIAN_REFUSAL
        "\n  libportio0 holds the shared library: configure with -DBUILD_SHARED_LIBS=ON.")
endif()
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    # portio.pc and the CMake package hold the install prefix's paths.
    string(APPEND CPACK_PORTIO_DEBIAN_REFUSAL
        "\n  The packages install into /usr: configure with -DCMAKE_INSTALL_PREFIX=/usr.")
endif()
if(NOT PORTIO_DEBIAN_BUILD)
    # Debian's hardening flags (cmake/portio_debian_build.cmake).
    string(APPEND CPACK_PORTIO_DEBIAN_REFUSAL
        "\n  The binaries lack Debian's hardening flags: configure with -DPORTIO_DEBIAN_BUILD=ON (dpkg-dev).")
endif()
if(NOT portio_gzip_man_pages)
    # Debian ships man pages gzipped (lintian: uncompressed-manual-page is an
    # error); cmake/portio_man_pages.cmake compresses them at build time.
    string(APPEND CPACK_PORTIO_DEBIAN_REFUSAL
        "\n  The man pages are not compressed: configure with -DPORTIO_COMPRESS_MAN_PAGES=ON, with gzip installed.")
endif()
if(NOT portio_gzip_result EQUAL 0)
    string(APPEND CPACK_PORTIO_DEBIAN_REFUSAL
        "\n  gzip failed (${portio_gzip_result}) on the changelog: apt-get install gzip.")
endif()
file(STRINGS ${portio_debian_dir}/changelog portio_debian_changelog_top LIMIT_COUNT 1)
if(NOT portio_debian_changelog_top MATCHES "^portio \\(${PROJECT_VERSION}\\) ")
    string(APPEND CPACK_PORTIO_DEBIAN_REFUSAL
        "\n  cmake/debian/changelog's latest entry is not for version ${PROJECT_VERSION}: add one.")
endif()
# DEB-only settings: cmake/portio_cpack_options.cmake, read by cpack for
# every generator, includes that folder's cpack_options.cmake.
set(CPACK_PORTIO_DEBIAN_DIR ${portio_debian_dir})
set(CPACK_PORTIO_STRIP ${CMAKE_STRIP})
