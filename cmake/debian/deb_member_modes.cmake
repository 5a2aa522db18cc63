# SPDX-License-Identifier: MIT
# A CPACK_POST_BUILD_SCRIPTS script for DEB (cmake/debian/cpack_options.cmake):
# each .deb's three ar members (debian-binary, control.tar.gz, data.tar.gz)
# get mode 100644, as dpkg-deb writes them. CPack 3.25 takes their modes from
# the files it wrote, that is from the umask (0664 under umask 002), so the
# same build made different packages under different umasks. Each ar member
# header is 60 bytes of text: name 16, time 12, owner 6, group 6, mode 8,
# size 10, "`\n"; the member's data follows, padded to an even length.
foreach(package IN LISTS CPACK_PACKAGE_FILES)
    if(NOT package MATCHES "\\.deb$")
        continue()
    endif()
    # dd copies the new mode's 8 bytes from a file.
    set(portio_mode_file ${package}.member-mode)
    file(WRITE ${portio_mode_file} "100644  ")
    file(READ ${package} magic LIMIT 8)
    if(NOT magic STREQUAL "!<arch>\n")
        message(FATAL_ERROR "portio: ${package} is not an ar archive")
    endif()
    file(SIZE ${package} package_size)
    set(offset 8)
    while(offset LESS package_size)
        file(READ ${package} header OFFSET ${offset} LIMIT 60)
        string(LENGTH "${header}" header_length)
        string(SUBSTRING "${header}" 58 2 header_end)
        if(NOT header_length EQUAL 60 OR NOT header_end STREQUAL "`\n")
            message(FATAL_ERROR "portio: ${package}: no ar member header at byte ${offset}")
        endif()
        string(SUBSTRING "${header}" 40 8 mode)
        string(SUBSTRING "${header}" 48 10 member_size)
        string(STRIP "${member_size}" member_size)
        if(NOT mode STREQUAL "100644  ")
            math(EXPR mode_offset "${offset} + 40")
            execute_process(COMMAND dd if=${portio_mode_file} of=${package} bs=1 seek=${mode_offset}
                    conv=notrunc status=none
                RESULT_VARIABLE dd_result)
            if(NOT dd_result EQUAL 0)
                message(FATAL_ERROR "portio: dd could not set the mode of a member of ${package} (${dd_result})")
            endif()
        endif()
        math(EXPR offset "${offset} + 60 + ${member_size} + ${member_size} % 2")
    endwhile()
    file(REMOVE ${portio_mode_file})
endforeach()
