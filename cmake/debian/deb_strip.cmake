# SPDX-License-Identifier: MIT
# A CPACK_PRE_BUILD_SCRIPTS script for DEB (cmake/debian/cpack_options.cmake):
# what debhelper's dh_strip does to a package's files, after CPack's own
# strip (CPACK_STRIP_FILES) and before the packages are made: programs and
# shared libraries lose the .comment and .note sections (the compiler's and
# the C library's start files name their GCC version there), shared
# libraries their unneeded symbols; static libraries keep their symbols but
# lose their debug information (from dpkg-buildflags' -g) and those
# sections, written again without times or owners.
if(NOT CPACK_PORTIO_STRIP)
    message(FATAL_ERROR "portio: no strip program was found when the build was configured (binutils)")
endif()
file(GLOB_RECURSE files LIST_DIRECTORIES false ${CPACK_TEMPORARY_DIRECTORY}/*)
foreach(file IN LISTS files)
    if(IS_SYMLINK ${file})
        continue()
    endif()
    file(READ ${file} magic LIMIT 8 HEX)
    if(magic MATCHES "^7f454c46")
        # ELF: a program or a shared library.
        set(options --remove-section=.comment --remove-section=.note)
        if(file MATCHES "\\.so(\\.[0-9]+)*$")
            list(APPEND options --strip-unneeded)
        endif()
    elseif(magic STREQUAL "213c617263683e0a")
        # "!<arch>\n": a static library.
        set(options --strip-debug --remove-section=.comment --remove-section=.note
            --enable-deterministic-archives)
    else()
        continue()
    endif()
    execute_process(COMMAND ${CPACK_PORTIO_STRIP} ${options} ${file} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "portio: ${CPACK_PORTIO_STRIP} ${options} ${file} failed (${result})")
    endif()
endforeach()
