# SPDX-License-Identifier: MIT
# A CPACK_POST_BUILD_SCRIPTS script for ZIP (cmake/portio_cpack_options.cmake):
# the archive CPack made is written again with Info-ZIP's zip, from the same
# staged files, so that the same build gives the same bytes for anyone,
# anywhere. CPack 3.25's ZIP lists the files in the file system's directory
# order (which differs between file systems), stores the builder's uid and
# gid, and writes each file's DOS time in the local time zone. Here: the
# files sorted by name, no folder entries (every unzip makes the folders),
# no uid/gid nor extra time fields (-X), every time SOURCE_DATE_EPOCH's, in
# UTC; the modes stay those the install rules gave (0644, 0755).
find_program(PORTIO_ZIP_PROGRAM zip)
find_program(PORTIO_TOUCH_PROGRAM touch)
foreach(package IN LISTS CPACK_PACKAGE_FILES)
    if(NOT package MATCHES "\\.zip$")
        continue()
    endif()
    if(NOT PORTIO_ZIP_PROGRAM OR NOT PORTIO_TOUCH_PROGRAM OR NOT DEFINED ENV{SOURCE_DATE_EPOCH})
        message(WARNING "portio: ${package} is CPack's own, which is not reproducible "
                        "(zip or touch not found, or no SOURCE_DATE_EPOCH): apt-get install zip")
        continue()
    endif()
    # The staged folder, named as the archive's top folder.
    get_filename_component(top ${CPACK_TEMPORARY_DIRECTORY} NAME)
    get_filename_component(staging_parent ${CPACK_TEMPORARY_DIRECTORY} DIRECTORY)
    file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE ${staging_parent} ${CPACK_TEMPORARY_DIRECTORY}/*)
    list(SORT files)
    if(NOT files)
        message(FATAL_ERROR "portio: no staged files in ${CPACK_TEMPORARY_DIRECTORY}")
    endif()
    execute_process(COMMAND ${PORTIO_TOUCH_PROGRAM} -h -d @$ENV{SOURCE_DATE_EPOCH} ${files}
        WORKING_DIRECTORY ${staging_parent} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "portio: touch could not set the staged files' times (${result})")
    endif()
    list(JOIN files "\n" file_list)
    file(WRITE ${package}.files "${file_list}\n")
    file(REMOVE ${package}.sorted)
    execute_process(
        COMMAND ${CMAKE_COMMAND} -E env TZ=UTC0
            ${PORTIO_ZIP_PROGRAM} -q -X -D -9 -@ ${package}.sorted
        INPUT_FILE ${package}.files WORKING_DIRECTORY ${staging_parent} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "portio: zip failed (${result}) writing ${package}")
    endif()
    file(RENAME ${package}.sorted ${package})
    file(REMOVE ${package}.files)
endforeach()
