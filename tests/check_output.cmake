# Runs one program and checks its exit status and its standard output.
#   cmake -DPROGRAM=FILE [-DARGS=a;b] [-DEMULATOR=wine] -DEXPECTED_STATUS=N
#         [-DEXPECTED_OUTPUT=FILE] [-DEXPECTED_ERROR_REGEX=RE] -P check_output.cmake
# EXPECTED_OUTPUT: standard output must equal the file (line endings aside);
# without it, standard output must be empty. CTest's PASS_REGULAR_EXPRESSION
# would ignore the exit status, hence this script.
foreach(variable PROGRAM EXPECTED_STATUS)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "check_output: ${variable} is not set")
    endif()
endforeach()

# Lists arrive joined with "|" (see portio_example_test in CMakeLists.txt).
string(REPLACE "|" ";" ARGS "${ARGS}")
string(REPLACE "|" ";" EMULATOR "${EMULATOR}")
execute_process(COMMAND ${EMULATOR} ${PROGRAM} ${ARGS}
    OUTPUT_VARIABLE output ERROR_VARIABLE error RESULT_VARIABLE status)
string(REPLACE "\r\n" "\n" output "${output}")
set(expected "")
if(DEFINED EXPECTED_OUTPUT)
    file(READ ${EXPECTED_OUTPUT} expected)
    string(REPLACE "\r\n" "\n" expected "${expected}")
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
