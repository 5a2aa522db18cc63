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

if(PORTIO_SANITIZE)
    if(NOT CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
        message(FATAL_ERROR "PORTIO_SANITIZE needs GCC or Clang")
    endif()
    # Everything, tests included, so that a fault anywhere stops the run.
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()
