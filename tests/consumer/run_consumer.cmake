# Configures, builds and runs the consumer project against pyronn.
#
#   cmake -DMODE=build-tree|install -DPYRONN_BINARY_DIR=<pyronn build dir>
#         -DCONSUMER_SOURCE_DIR=<tests/consumer> -DWORK_DIR=<scratch dir>
#         [-DCONFIG=<cfg>] [-DGENERATOR=<gen>] [-DMAKE_PROGRAM=<prog>]
#         [-DCXX_COMPILER=<c++>] -P run_consumer.cmake
#
# build-tree: find_package via -Dpyronn_DIR=<pyronn build dir>.
# install:    cmake --install into <scratch>/prefix, then find_package via
#             -DCMAKE_PREFIX_PATH=<scratch>/prefix.
cmake_minimum_required(VERSION 3.21)

foreach(_var MODE PYRONN_BINARY_DIR CONSUMER_SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: -D${_var}=... is required")
  endif()
endforeach()
if(NOT MODE MATCHES "^(build-tree|install)$")
  message(FATAL_ERROR "run_consumer.cmake: MODE must be build-tree or install, got '${MODE}'")
endif()
# ctest passes an empty $<CONFIG> for single-config builds without a build type.
if(NOT CONFIG)
  set(CONFIG Release)
endif()

# Runs a command; on failure stops with the command and all of its output.
function(run_step description)
  string(REPLACE ";" " " _cmdline "${ARGN}")
  message(STATUS "${description}: ${_cmdline}")
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE _rc
    OUTPUT_VARIABLE _out
    ERROR_VARIABLE _out)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${description} failed (exit status ${_rc}):\n  ${_cmdline}\n${_out}")
  endif()
  set(STEP_OUTPUT "${_out}" PARENT_SCOPE)
endfunction()

# Fresh every run, so a stale cache can never hide a packaging bug.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(_bin "${WORK_DIR}/build")

# Without the package registries only the location we pass can satisfy
# find_package, so the test really checks that location.
set(_configure_args
  -S "${CONSUMER_SOURCE_DIR}" -B "${_bin}"
  -DCMAKE_BUILD_TYPE=${CONFIG}
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
if(GENERATOR)
  list(APPEND _configure_args -G "${GENERATOR}")
endif()
if(MAKE_PROGRAM)
  list(APPEND _configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
  list(APPEND _configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()

if(MODE STREQUAL "build-tree")
  set(_expected_dir "${PYRONN_BINARY_DIR}")
  list(APPEND _configure_args "-Dpyronn_DIR=${PYRONN_BINARY_DIR}")
else()
  set(_prefix "${WORK_DIR}/prefix")
  run_step("Install pyronn" "${CMAKE_COMMAND}" --install "${PYRONN_BINARY_DIR}"
           --prefix "${_prefix}" --config "${CONFIG}")
  set(_expected_dir "${_prefix}")
  list(APPEND _configure_args "-DCMAKE_PREFIX_PATH=${_prefix}")
endif()

run_step("Configure consumer" "${CMAKE_COMMAND}" ${_configure_args})

# Guard against find_package silently picking up some other pyronn (e.g. one
# installed system-wide).
file(STRINGS "${_bin}/CMakeCache.txt" _found_dir REGEX "^pyronn_DIR:")
string(REGEX REPLACE "^pyronn_DIR:[A-Z]+=" "" _found_dir "${_found_dir}")
file(REAL_PATH "${_found_dir}" _found_real)
file(REAL_PATH "${_expected_dir}" _expected_real)
string(FIND "${_found_real}/" "${_expected_real}/" _pos)
if(NOT _pos EQUAL 0)
  message(FATAL_ERROR "consumer found pyronn in '${_found_dir}', expected it under '${_expected_dir}'")
endif()

run_step("Build consumer" "${CMAKE_COMMAND}" --build "${_bin}" --config "${CONFIG}")

# Single-config generators put the executable in the binary dir, multi-config
# ones in a per-config subdirectory.
set(_exe "")
foreach(_candidate
    "${_bin}/pyronn_consumer" "${_bin}/pyronn_consumer.exe"
    "${_bin}/${CONFIG}/pyronn_consumer" "${_bin}/${CONFIG}/pyronn_consumer.exe")
  if(EXISTS "${_candidate}" AND NOT IS_DIRECTORY "${_candidate}")
    set(_exe "${_candidate}")
    break()
  endif()
endforeach()
if(NOT _exe)
  message(FATAL_ERROR "consumer executable not found under ${_bin}")
endif()

run_step("Run consumer" "${_exe}")
message(STATUS "consumer (${MODE}) OK: ${STEP_OUTPUT}")
