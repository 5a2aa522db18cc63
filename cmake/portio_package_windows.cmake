# SPDX-License-Identifier: MIT
# The Windows release archive, `cpack -G ZIP` in a mingw-w64 build configured
# with -DBUILD_SHARED_LIBS=ON (tests/windows/run_windows_tests.sh makes both):
#   portio-VERSION-win64.zip (x86_64) or portio-VERSION-win32.zip (i686),
# one folder of the same name holding
#   INSTALL-WINDOWS.txt   installing the driver, signing, the allowlist, removal
#   LICENSE.txt           the MIT licence
#   bin/                  portio.exe, portio.sys beside it (portio driver
#                         install finds it there), the examples, portio.dll,
#                         portio.inf beside portio.sys (drivers/windows/
#                         CMakeLists.txt; no catalog: the package is unsigned)
#   include/portio.h, inpout32.h, portio-compat/sys/io.h (glibc's <sys/io.h>)
#   bin/inpoutx64.dll     (win32: inpout32.dll) the drop-in InpOut32 DLL,
#                         which needs only portio.sys beside it
#                         (compat/inpout32)
#   lib/                  inpoutx64.lib (win32: inpout32.lib), its import
#                         library; libportio.dll.a (import library of portio.dll),
#                         libportio.a (static: define PORTIO_STATIC),
#                         libportio_sys_io.a (portio::sys_io, on the DLL),
#                         cmake/portio/ (portio::portio = the DLL,
#                         portio::portio_static, portio::sys_io),
#                         pkgconfig/portio.pc (the DLL), portio-sys-io.pc
# Every program needs only Windows' own DLLs and portio.dll (the DLL links
# libgcc statically: CMakeLists.txt), which tests/windows/check_archive.sh
# checks.
if(CMAKE_SIZEOF_VOID_P EQUAL 8)
    set(portio_windows_arch win64)
else()
    set(portio_windows_arch win32)
endif()
set(CPACK_PACKAGE_FILE_NAME "portio-${PROJECT_VERSION}-${portio_windows_arch}")
# A release carries no debug information (nor the build machine's paths in
# it); the static library keeps its symbols, which linking needs.
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)

# Notepad and friends expect CRLF: the text is kept with LF in the source
# tree and written with CRLF into the build.
configure_file(${PROJECT_SOURCE_DIR}/docs/INSTALL-WINDOWS.txt
    ${PROJECT_BINARY_DIR}/INSTALL-WINDOWS.txt @ONLY NEWLINE_STYLE CRLF)
install(FILES ${PROJECT_BINARY_DIR}/INSTALL-WINDOWS.txt DESTINATION . COMPONENT driver)
# The licence, with CRLF too; .txt, so that a double click opens it.
configure_file(${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_BINARY_DIR}/LICENSE.txt @ONLY NEWLINE_STYLE CRLF)
install(FILES ${PROJECT_BINARY_DIR}/LICENSE.txt DESTINATION . COMPONENT runtime)

if(NOT BUILD_SHARED_LIBS)
    message(STATUS "portio: this static build's ZIP holds no portio.dll; the release archive "
                   "comes from a build with -DBUILD_SHARED_LIBS=ON")
endif()
