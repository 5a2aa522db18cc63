# SPDX-License-Identifier: MIT
# Warnings for portio's own code, and the sanitizer build.
add_library(portio_warnings INTERFACE)
if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(portio_warnings INTERFACE
        -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
        -Wformat=2 -Wvla -Wcast-qual
        # Batch ops are written {port, width, kind, value}, the fields that
        # kind does not use left to C's zero (portio.h): not a mistake.
        -Wno-missing-field-initializers
        $<$<BOOL:${PORTIO_WERROR}>:-Werror>)
elseif(MSVC)
    target_compile_options(portio_warnings INTERFACE /W4 $<$<BOOL:${PORTIO_WERROR}>:/WX>)
endif()

# PORTIO_SANITIZE: OFF; ON or address (AddressSanitizer and
# UndefinedBehaviorSanitizer); thread (ThreadSanitizer, which cannot be
# combined with AddressSanitizer). ON stays what it always meant.
string(TOLOWER "${PORTIO_SANITIZE}" portio_sanitize_kind)
if(portio_sanitize_kind MATCHES "^(on|yes|true|1|address)$")
    set(portio_sanitize_kind address)
elseif(portio_sanitize_kind MATCHES "^(off|no|false|0|)$")
    set(portio_sanitize_kind "")
elseif(NOT portio_sanitize_kind STREQUAL "thread")
    message(FATAL_ERROR "PORTIO_SANITIZE is \"${PORTIO_SANITIZE}\"; use OFF, ON (= address), address or thread")
endif()
if(portio_sanitize_kind AND NOT CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "PORTIO_SANITIZE needs GCC or Clang")
endif()
# Everything, tests included, so that a fault anywhere stops the run.
if(portio_sanitize_kind STREQUAL "address")
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
elseif(portio_sanitize_kind STREQUAL "thread")
    # -g: TSan's reports name the file and line of both accesses.
    add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -g)
    add_link_options(-fsanitize=thread)
endif()
