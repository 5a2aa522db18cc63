# SPDX-License-Identifier: MIT
# Runs one program and checks its exit status and its standard output.
#   cmake -DPROGRAM=FILE [-DARGS=a;b] [-DEMULATOR=wine] -DEXPECTED_STATUS=N
#         [-DEXPECTED_OUTPUT=FILE] [-DEXPECTED_ERROR_REGEX=RE] -P check_output.cmake
# EXPECTED_OUTPUT: standard output must equal the file (line endings aside;
# byte for byte for a file named *.bin); without it, standard output must be
# empty. CTest's PASS_REGULAR_EXPRESSION
# would ignore the exit status, hence this script.
foreach(variable PROGRAM EXPECTED_STATUS)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "check_output: ${variable} is not set")
    endif()
endforeach()

# Lists arrive joined with "|" (see portio_example_test in CMakeLists.txt).
string(REPLACE "|" ";" ARGS "${ARGS}")
string(REPLACE "|" ";" EMULATOR "${EMULATOR}")
set(binary FALSE)
if(DEFINED EXPECTED_OUTPUT AND EXPECTED_OUTPUT MATCHES "\\.bin$")
    set(binary TRUE)
endif()
if(binary)
    # Through a file: the text execute_process captures has CR LF turned
    # into LF, and a program that wrote LF as CR LF would pass.
    string(RANDOM LENGTH 12 tag)
    set(output_file ${CMAKE_CURRENT_BINARY_DIR}/check_output_${tag}.bin)
    execute_process(COMMAND ${EMULATOR} ${PROGRAM} ${ARGS}
        OUTPUT_FILE ${output_file} ERROR_VARIABLE error RESULT_VARIABLE status)
    file(SIZE ${output_file} output_size)
    file(SIZE ${EXPECTED_OUTPUT} expected_size)
    file(SHA256 ${output_file} output_hash)
    file(SHA256 ${EXPECTED_OUTPUT} expected_hash)
    file(REMOVE ${output_file})
    set(output "${output_size} bytes, SHA-256 ${output_hash}\n")
    set(expected "${expected_size} bytes, SHA-256 ${expected_hash}\n")
else()
    execute_process(COMMAND ${EMULATOR} ${PROGRAM} ${ARGS}
        OUTPUT_VARIABLE output ERROR_VARIABLE error RESULT_VARIABLE status)
    string(REPLACE "\r\n" "\n" output "${output}")
    set(expected "")
    if(DEFINED EXPECTED_OUTPUT)
        file(READ ${EXPECTED_OUTPUT} expected)
        string(REPLACE "\r\n" "\n" expected "${expected}")
    endif()
endif()

set(problems "")
if(NOT status STREQUAL EXPECTED_STATUS)
    string(APPEND problems "exit status ${status}, expected ${EXPECTED_STATUS}\n")
endif()
if(NOT output STREQUAL expected)
    string(APPEND problems "standard output differs\n--- expected ---\n${expected}--- got ---\n${output}---\n")
endif()
if(DEFINED EXPECTED_ERROR_REGEX AND NOT error MATCHES "${EXPECTED_ERROR_REGEX}")
    string(APPEND problems "standard error does not match \"${EXPECTED_ERROR_REGEX}\"\n")
endif()
list(JOIN ARGS " " shown)
if(problems)
    message(FATAL_ERROR "${PROGRAM} ${shown}:\n${problems}standard error:\n${error}")
endif()
message(STATUS "${PROGRAM} ${shown}: exit status ${status}, output as expected")
