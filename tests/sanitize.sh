#!/usr/bin/env bash
# The host tests under AddressSanitizer and UndefinedBehaviorSanitizer (float-cast-overflow too),
# in build-sanitize/: host only, only the host test binary, every test case but one (below). Called by
# tests/run.sh after the main tests; any sanitizer report fails the test that caused it.
set -euo pipefail
cd "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

flags="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Release -DPYRONN_ENABLE_CUDA=OFF \
    -DPYRONN_BUILD_EXAMPLES=OFF -DPYRONN_BUILD_BENCHMARKS=OFF \
    "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_EXE_LINKER_FLAGS=$flags"
cmake --build build-sanitize --target pyronn_tests_host -j"$(nproc)"

# Not repeated here: the consumer tests, which configure projects of their own and run no pyronn
# code, and the one test that asks for 2^60 floats to see pyronn turn std::bad_alloc into a
# pyronn::error: ASan's operator new reports any allocation it cannot serve as a fatal error
# instead of throwing (allocator_may_return_null does not cover operator new). Also left out, to
# keep CI under 30 minutes: the four full-size FDK reconstructions, flat and cylindrical (15-23 s
# each without sanitizers, about a minute or more with them): their backprojection, weights and
# filters run here in the smaller FDK, dot-product and weight tests (e.g. the short-scan FDK of
# test_parker_handedness.cpp).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
ctest --test-dir build-sanitize -j"$(nproc)" -E '^consumer_|^Host memory pyronn cannot allocate|^FDK (reconstructs|with Parker)|^cylindrical FDK' --output-on-failure
