# CPACK_PRE_BUILD_SCRIPTS for DEB: Debian ships man pages compressed with
# gzip -9 (lintian: uncompressed-manual-page is an error), while
# `cmake --install` and the TGZ archive keep them plain. Runs on CPack's
# staging tree, before the packages are made from it.
file(GLOB_RECURSE portio_man_pages LIST_DIRECTORIES false "${CPACK_TEMPORARY_DIRECTORY}/*")
list(FILTER portio_man_pages INCLUDE REGEX "/share/man/(.+/)?man[^/]+/[^/]+$")
list(FILTER portio_man_pages EXCLUDE REGEX "\\.gz$")
foreach(page IN LISTS portio_man_pages)
    # -n: no name or time stamp in the header, so the package is reproducible.
    execute_process(COMMAND gzip -9 -n -f "${page}" RESULT_VARIABLE gzip_result)
    if(NOT gzip_result EQUAL 0)
        message(FATAL_ERROR "gzip failed (${gzip_result}) on ${page}")
    endif()
endforeach()
