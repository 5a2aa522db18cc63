# SPDX-License-Identifier: MIT
# What `cmake --install` puts where (GNUInstallDirs), the CMake package
# (find_package(portio)), pkg-config's portio.pc, and CPack archives.
# Components, one per Debian package (cmake/portio_package_debian.cmake):
#   runtime      the shared library (libportio0; on Windows portio.dll)
#   development  header, link library, CMake package, pkg-config file,
#                portio(3), glibc's <sys/io.h> on portio (libportio-dev)
#   tools        the portio command, the examples, their man pages
#                (portio-tools)
#   driver       portio.sys (Windows only)
#   licence      share/doc/portio/LICENSE (not Windows; no Debian package)
include(CMakePackageConfigHelpers)

set(portio_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/portio)

install(TARGETS portio EXPORT portioTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
# Beside the DLL on Windows: the static copy, portio::portio_static.
if(TARGET portio_static)
    install(TARGETS portio_static EXPORT portioTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
    set(portio_static_copy TRUE)
else()
    set(portio_static_copy FALSE)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/include/portio.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    COMPONENT development)
install(EXPORT portioTargets NAMESPACE portio:: DESTINATION ${portio_cmake_dir}
    COMPONENT development)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/portioConfig.cmake.in
    ${PROJECT_BINARY_DIR}/portioConfig.cmake
    INSTALL_DESTINATION ${portio_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/portioConfigVersion.cmake
    COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/portioConfig.cmake ${PROJECT_BINARY_DIR}/portioConfigVersion.cmake
    DESTINATION ${portio_cmake_dir} COMPONENT development)

# pkg-config: a static library brings what it needs itself, since
# `pkg-config --libs` without --static is what most people call.
if(portio_type STREQUAL "STATIC_LIBRARY")
    set(portio_pc_cflags " -DPORTIO_STATIC")
    set(portio_pc_libs " -pthread")
else()
    set(portio_pc_cflags "")
    set(portio_pc_libs "")
endif()
# The Windows archive unpacks anywhere: there portio.pc finds the folders
# from where it lies (pkg-config's pcfiledir), elsewhere from the prefix.
if(WIN32)
    set(portio_pc_prefix "\${pcfiledir}/../..")
    set(portio_pc_libdir "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
    set(portio_pc_includedir "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
else()
    set(portio_pc_prefix "${CMAKE_INSTALL_PREFIX}")
    set(portio_pc_libdir "${CMAKE_INSTALL_FULL_LIBDIR}")
    set(portio_pc_includedir "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/portio.pc.in ${PROJECT_BINARY_DIR}/portio.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/portio.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
    COMPONENT development)

# glibc's <sys/io.h> (compat/sys_io): its static library in the same CMake
# package (portio::sys_io), its header under include/portio-compat (in
# include/sys it would shadow glibc's own), and portio-sys-io.pc.
if(TARGET portio_sys_io)
    install(TARGETS portio_sys_io EXPORT portioTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
    install(FILES ${PROJECT_SOURCE_DIR}/compat/sys_io/include/sys/io.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/portio-compat/sys COMPONENT development)
    configure_file(${PROJECT_SOURCE_DIR}/cmake/portio-sys-io.pc.in ${PROJECT_BINARY_DIR}/portio-sys-io.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/portio-sys-io.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT development)
endif()

include(${PROJECT_SOURCE_DIR}/cmake/portio_man_pages.cmake)

# The licence goes with every binary: share/doc/portio/LICENSE here, in a
# component of its own that the DEB generator leaves out (each Debian
# package's copyright file carries the text); LICENSE.txt in the Windows
# archive (cmake/portio_package_windows.cmake). The source archive has
# LICENSE at its top.
if(NOT WIN32)
    install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT licence)
endif()

# cpack: a binary archive of the install tree; cpack --config
# CPackSourceConfig.cmake: the source tree.
set(CPACK_PACKAGE_NAME portio)
set(CPACK_PACKAGE_VENDOR portio)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
if(WIN32)
    set(CPACK_GENERATOR ZIP)
    include(${PROJECT_SOURCE_DIR}/cmake/portio_package_windows.cmake)
else()
    set(CPACK_GENERATOR TGZ)
    include(${PROJECT_SOURCE_DIR}/cmake/portio_package_debian.cmake)
endif()
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/portio_cpack_options.cmake)
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/\\\\.git$" "/build/" "/build-[^/]*/" "~$")
include(CPack)
