# SPDX-License-Identifier: MIT
# -DPORTIO_TEST_SIGN=ON (Windows builds): the driver, the tools, the
# examples and portio.dll signed with a throwaway test certificate, for a
# machine in test-signing mode (docs/windows.md, "Test signing"). Not a
# production signature: Windows loads such a driver only with
# "bcdedit /set testsigning on" and the certificate trusted.
#
# The certificate is made once per build folder (test-signing/), at build
# time, and never leaves it: a rebuild reuses it; deleting the folder makes
# a new one. Each signed file is signed in place after its link (POST_BUILD),
# so what is installed or packed is the signed file.

# portio_test_sign(TARGET): TARGET's file signed in place after each link
# (nothing when PORTIO_TEST_SIGN is OFF). Called in the folder that makes
# TARGET (CMake 3.25 attaches POST_BUILD steps there only); the step is added
# at the end of that folder, so that it follows any other post-link step (a
# stripped or patched image would lose the signature).
function(portio_test_sign target)
    if(NOT PORTIO_TEST_SIGN)
        return()
    endif()
    add_dependencies(${target} portio_test_certificate)
    add_dependencies(portio_test_signed ${target})
    # The test (tests/windows/test_signing.sh) verifies each.
    set_property(GLOBAL APPEND PROPERTY PORTIO_TEST_SIGNED_TARGETS ${target})
    # A new certificate relinks, and so re-signs, the image.
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${PORTIO_TEST_CERTIFICATE})
    # A deferred call reads its arguments when it runs, after this
    # function's variables are gone: the name goes in as text.
    cmake_language(EVAL CODE "cmake_language(DEFER CALL portio_add_test_signing_step [[${target}]])")
endfunction()

# osslsigncode cannot write over its input: sign into a copy, then replace.
# No timestamp (-t): a build must not need the network.
function(portio_add_test_signing_step target)
    add_custom_command(TARGET ${target} POST_BUILD
        COMMAND ${CMAKE_COMMAND} -E rm -f $<TARGET_FILE:${target}>.signed
        COMMAND ${PORTIO_OSSLSIGNCODE} sign -certs ${PORTIO_TEST_CERTIFICATE}
            -key ${PORTIO_TEST_SIGNING_KEY} -h sha256 -n "portio (test-signed)"
            -in $<TARGET_FILE:${target}> -out $<TARGET_FILE:${target}>.signed
        COMMAND ${CMAKE_COMMAND} -E rename $<TARGET_FILE:${target}>.signed $<TARGET_FILE:${target}>
        COMMENT "Test-signing ${target}"
        VERBATIM)
endfunction()

if(NOT PORTIO_TEST_SIGN)
    return()
endif()
if(NOT WIN32)
    message(FATAL_ERROR "PORTIO_TEST_SIGN signs Windows images: use it with a Windows toolchain "
                        "(cmake/toolchain-x86_64-w64-mingw32.cmake)")
endif()

find_program(PORTIO_OPENSSL openssl DOC "OpenSSL's command, which makes the test certificate")
find_program(PORTIO_OSSLSIGNCODE osslsigncode DOC "osslsigncode, which signs the Windows images")
set(missing_signing_tools)
if(NOT PORTIO_OPENSSL)
    list(APPEND missing_signing_tools openssl)
endif()
if(NOT PORTIO_OSSLSIGNCODE)
    list(APPEND missing_signing_tools osslsigncode)
endif()
if(missing_signing_tools)
    message(FATAL_ERROR "PORTIO_TEST_SIGN=ON needs openssl and osslsigncode "
                        "(not found: ${missing_signing_tools}): on Debian, "
                        "apt-get install openssl osslsigncode; or configure with -DPORTIO_TEST_SIGN=OFF")
endif()

set(PORTIO_TEST_SIGNING_DIR ${PROJECT_BINARY_DIR}/test-signing)
set(PORTIO_TEST_CERTIFICATE ${PORTIO_TEST_SIGNING_DIR}/cert.pem)
set(PORTIO_TEST_SIGNING_KEY ${PORTIO_TEST_SIGNING_DIR}/key.pem)
# cert.cer (DER) is what certutil -addstore takes on the test machine.
set(test_certificate_der ${PORTIO_TEST_SIGNING_DIR}/cert.cer)

# Self-signed, code-signing usage, no passphrase on the key (it signs
# nothing else and is thrown away with the build folder).
add_custom_command(
    OUTPUT ${PORTIO_TEST_CERTIFICATE} ${PORTIO_TEST_SIGNING_KEY} ${test_certificate_der}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PORTIO_TEST_SIGNING_DIR}
    COMMAND ${PORTIO_OPENSSL} req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650
        -subj "/CN=portio test signing (throwaway)"
        -addext "extendedKeyUsage=codeSigning"
        -addext "keyUsage=critical,digitalSignature"
        -keyout ${PORTIO_TEST_SIGNING_KEY} -out ${PORTIO_TEST_CERTIFICATE}
    COMMAND ${PORTIO_OPENSSL} x509 -in ${PORTIO_TEST_CERTIFICATE} -outform der
        -out ${test_certificate_der}
    COMMENT "Making the throwaway test-signing certificate in ${PORTIO_TEST_SIGNING_DIR}"
    VERBATIM)
add_custom_target(portio_test_certificate
    DEPENDS ${PORTIO_TEST_CERTIFICATE} ${PORTIO_TEST_SIGNING_KEY} ${test_certificate_der})

# Builds just the signed files (and what they need), for a build folder
# that exists only to check the signing (tests/windows/run_windows_tests.sh).
add_custom_target(portio_test_signed)

# portio.dll here; the driver, the portio command and the examples in their
# folders.
get_target_property(portio_library_type portio TYPE)
if(portio_library_type STREQUAL "SHARED_LIBRARY")
    portio_test_sign(portio)
endif()
