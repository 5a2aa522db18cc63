# SPDX-License-Identifier: MIT
# The man pages (docs/man/, mdoc source): portio(1) and the examples' pages
# (lpt_probe, cmos_clock, pci_list, smbus_eeprom, lpt_print) with the
# programs (component tools), portio(3) with the header (component
# development). Not on Windows: a Windows system has no man reader, and the
# ZIP carries the README and INSTALL-WINDOWS.txt instead.
#
# Debian's policy wants man pages compressed with `gzip -9n` (lintian's
# uncompressed-manual-page is an error). gzip is Essential on Debian, so
# where it is found the pages are compressed at build time; -n leaves out
# the name and time, so the same page always gives the same bytes. Without
# gzip, or with -DPORTIO_COMPRESS_MAN_PAGES=OFF, they are installed as they
# are, which every man reader takes too (but `cpack -G DEB` refuses).
if(NOT WIN32)
    set(portio_man_pages)
    if(TARGET portio_tool)
        list(APPEND portio_man_pages "portio.1|tools")
    endif()
    # Each example's page with the example; the program's name is the page's.
    foreach(example lpt_probe cmos_clock pci_list smbus_eeprom lpt_print)
        if(TARGET ${example})
            list(APPEND portio_man_pages "${example}.1|tools")
        endif()
    endforeach()
    list(APPEND portio_man_pages "portio.3|development")

    option(PORTIO_COMPRESS_MAN_PAGES "Install the man pages compressed with gzip -9n, where gzip is found" ON)
    set(portio_gzip_man_pages OFF)
    if(PORTIO_COMPRESS_MAN_PAGES)
        find_program(PORTIO_GZIP_PROGRAM gzip DOC "gzip, to compress the man pages")
        if(PORTIO_GZIP_PROGRAM)
            set(portio_gzip_man_pages ON)
        else()
            message(STATUS "gzip not found: the man pages are installed uncompressed")
        endif()
    endif()
    # What the test (tests/docs) expects to find installed.
    if(portio_gzip_man_pages)
        set(PORTIO_MAN_PAGE_SUFFIX ".gz")
    else()
        set(PORTIO_MAN_PAGE_SUFFIX "")
    endif()

    set(portio_man_outputs)
    foreach(entry IN LISTS portio_man_pages)
        string(REPLACE "|" ";" entry "${entry}")
        list(GET entry 0 page)
        list(GET entry 1 component)
        string(REGEX REPLACE "^.*\\.([0-9])$" "\\1" section "${page}")
        set(source ${PROJECT_SOURCE_DIR}/docs/man/${page})
        if(portio_gzip_man_pages)
            set(installed ${PROJECT_BINARY_DIR}/man/${page}.gz)
            # gzip compresses in place: a copy first, so the source stays.
            add_custom_command(OUTPUT ${installed}
                COMMAND ${CMAKE_COMMAND} -E copy ${source} ${PROJECT_BINARY_DIR}/man/${page}
                COMMAND ${PORTIO_GZIP_PROGRAM} -9nf ${PROJECT_BINARY_DIR}/man/${page}
                DEPENDS ${source}
                COMMENT "Compressing the man page ${page}"
                VERBATIM)
            list(APPEND portio_man_outputs ${installed})
        else()
            set(installed ${source})
        endif()
        install(FILES ${installed} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section}
            COMPONENT ${component})
    endforeach()
    if(portio_man_outputs)
        add_custom_target(portio_man_pages ALL DEPENDS ${portio_man_outputs})
    endif()
endif()
