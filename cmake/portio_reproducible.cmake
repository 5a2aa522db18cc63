# SPDX-License-Identifier: MIT
# Reproducible builds: the same commit built in another folder, at another
# time, with another umask gives byte-identical packages (the .deb files,
# the Windows ZIP archives, the source archive from portio_source_archive;
# tests/packaging/check_reproducible.sh). Included before any target, so
# that its options reach every target.
#
# The one exception: a build with -DPORTIO_TEST_SIGN=ON, whose throwaway
# certificate is made anew in each build folder (cmake/portio_test_signing.cmake).

# --- SOURCE_DATE_EPOCH --------------------------------------------------------
# The time that stands for "now" wherever a date lands in a product (the
# archives' file times, the INF's DriverVer): the environment's
# SOURCE_DATE_EPOCH when it is set (reproducible-builds.org's convention),
# else the date of the latest entry of cmake/debian/changelog, as
# dpkg-buildpackage does. Not the commit's date: a source archive has no
# .git, and the changelog is in every copy of the source.
if(DEFINED ENV{SOURCE_DATE_EPOCH})
    set(PORTIO_SOURCE_DATE_EPOCH "$ENV{SOURCE_DATE_EPOCH}")
    if(NOT PORTIO_SOURCE_DATE_EPOCH MATCHES "^[0-9]+$")
        message(FATAL_ERROR "SOURCE_DATE_EPOCH is \"${PORTIO_SOURCE_DATE_EPOCH}\": it must be "
                            "seconds since 1970-01-01 UTC (digits only), or unset")
    endif()
else()
    # The trailer of the first (latest) entry:
    #  -- Name <address>  Sun, 29 Nov 2026 19:55:30 +0000
    file(STRINGS ${PROJECT_SOURCE_DIR}/cmake/debian/changelog portio_changelog_trailer
        REGEX "^ -- .*  [A-Z][a-z][a-z], [0-9]+ [A-Z][a-z][a-z] [0-9]+ [0-9:]+ [+-][0-9]+$" LIMIT_COUNT 1)
    if(NOT portio_changelog_trailer MATCHES
       ", ([0-9]+) ([A-Z][a-z][a-z]) ([0-9]+) ([0-9]+):([0-9]+):([0-9]+) ([+-])([0-9][0-9])([0-9][0-9])$")
        message(FATAL_ERROR "cmake/debian/changelog: no entry trailer with a date "
                            "(\" -- Name <address>  Sun, 29 Nov 2026 19:55:30 +0000\")")
    endif()
    set(day ${CMAKE_MATCH_1})
    set(year ${CMAKE_MATCH_3})
    set(months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
    list(FIND months "${CMAKE_MATCH_2}" month)
    math(EXPR month "${month} + 1")
    math(EXPR seconds_of_day "${CMAKE_MATCH_4} * 3600 + ${CMAKE_MATCH_5} * 60 + ${CMAKE_MATCH_6}")
    math(EXPR offset "${CMAKE_MATCH_7}(${CMAKE_MATCH_8} * 3600 + ${CMAKE_MATCH_9} * 60)")
    # Days since 1970-01-01 of a Gregorian date (H. Hinnant's days_from_civil;
    # years after 0 only).
    if(month LESS_EQUAL 2)
        math(EXPR year "${year} - 1")
        math(EXPR month_from_march "${month} + 9")
    else()
        math(EXPR month_from_march "${month} - 3")
    endif()
    math(EXPR era "${year} / 400")
    math(EXPR year_of_era "${year} - ${era} * 400")
    math(EXPR day_of_year "(153 * ${month_from_march} + 2) / 5 + ${day} - 1")
    math(EXPR day_of_era "${year_of_era} * 365 + ${year_of_era} / 4 - ${year_of_era} / 100 + ${day_of_year}")
    math(EXPR days "${era} * 146097 + ${day_of_era} - 719468")
    math(EXPR PORTIO_SOURCE_DATE_EPOCH "${days} * 86400 + ${seconds_of_day} - ${offset}")
    # For what reads it in this configure run: string(TIMESTAMP) (the INF's
    # DriverVer in drivers/windows). Not in a parent project's run, whose
    # dates are its own business.
    if(PROJECT_IS_TOP_LEVEL)
        set(ENV{SOURCE_DATE_EPOCH} ${PORTIO_SOURCE_DATE_EPOCH})
    endif()
endif()
# cpack runs apart from this configure run, with the caller's environment:
# cmake/portio_cpack_options.cmake sets SOURCE_DATE_EPOCH there from this.
set(CPACK_PORTIO_SOURCE_DATE_EPOCH ${PORTIO_SOURCE_DATE_EPOCH})
# So do build steps, through this prefix: binutils' objcopy and strip write
# the time they run into a PE header they rewrite, SOURCE_DATE_EPOCH's when
# it is set.
set(PORTIO_WITH_SOURCE_DATE_EPOCH ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${PORTIO_SOURCE_DATE_EPOCH})

# --- No build folder in the binaries ------------------------------------------
# __FILE__ and the debug information name files relative to the source and
# build folders ("./src/portio.c"), so neither folder's name reaches a
# binary, nor the build ID the linker computes over the debug information.
# The build folder's map comes last: GCC takes the last that matches, and a
# build folder often lies inside the source folder. Not in Debug builds: a
# debugger there finds the sources by their full paths; in the others (the
# packages' Release, the Windows archives' RelWithDebInfo) run gdb from the
# source folder, or tell it `directory /path/to/portio`.
if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    add_compile_options(
        "$<$<NOT:$<CONFIG:Debug>>:-ffile-prefix-map=${PROJECT_SOURCE_DIR}=.>"
        "$<$<NOT:$<CONFIG:Debug>>:-ffile-prefix-map=${PROJECT_BINARY_DIR}=build>")
endif()
# The build tree's RUNPATH is relative ($ORIGIN): `cmake --install` blanks it
# in place, and an absolute one would leave a string as long as the build
# folder's name behind in .dynstr.
if(NOT DEFINED CMAKE_BUILD_RPATH_USE_ORIGIN)
    set(CMAKE_BUILD_RPATH_USE_ORIGIN ON)
endif()

# --- No time stamp in Windows images ------------------------------------------
# GNU ld writes the link time into the PE header's TimeDateStamp (and the
# export directory's) unless told not to: every .exe, .dll and portio.sys
# gets 0 instead. Windows loads either (Microsoft's own linker writes a hash
# there for reproducible images). An image objcopy or strip rewrites later
# gets SOURCE_DATE_EPOCH's time (PORTIO_WITH_SOURCE_DATE_EPOCH above; cpack's
# strip runs with it set), and the PE checksum covers identical bytes.
if(WIN32 AND MINGW)
    add_link_options(-Wl,--no-insert-timestamp)
endif()

# --- Archives -------------------------------------------------------------------
# Folders CPack makes in its staging tree get these modes, not the umask's
# (files get the install rules' own modes).
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# --- The source archive ----------------------------------------------------------
# `cmake --build BUILD --target portio_source_archive` makes
# BUILD/portio-VERSION.tar.gz from the commit checked out (HEAD; uncommitted
# changes are not in it) with `git archive`: the tracked files only, in
# git's order, modes 0644/0755, owner root, every time the commit's date,
# compressed with gzip -n, LF line ends whatever core.autocrlf says. CPack's
# source archive (cpack --config CPackSourceConfig.cmake) cannot be made
# reproducible: it packs the folder as it lies on disk, in the file system's
# order, with the checkout's modes (0664 under umask 002) and any file that
# is not tracked (an editor's backup, a build folder not named build*).
find_package(Git QUIET)
if(PROJECT_IS_TOP_LEVEL AND GIT_EXECUTABLE AND EXISTS ${PROJECT_SOURCE_DIR}/.git)
    set(portio_source_archive portio-${PROJECT_VERSION}.tar.gz)
    add_custom_target(portio_source_archive
        COMMAND ${GIT_EXECUTABLE} -C ${PROJECT_SOURCE_DIR}
            -c core.autocrlf=false -c core.eol=lf -c tar.umask=0022
            -c "tar.tar.gz.command=gzip -9 -n"
            archive --format=tar.gz --prefix=portio-${PROJECT_VERSION}/
            -o ${PROJECT_BINARY_DIR}/${portio_source_archive} HEAD
        COMMENT "Source archive ${portio_source_archive} of the commit checked out (git archive HEAD)"
        VERBATIM)
endif()
