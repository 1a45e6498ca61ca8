#!/usr/bin/env bash
# The host tests under AddressSanitizer and UndefinedBehaviorSanitizer (float-cast-overflow too),
# in build-sanitize/: host only, only the host test binary, every test case. Called by
# tests/run.sh after the main tests; any sanitizer report fails the test that caused it.
set -euo pipefail
cd "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

flags="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Release -DPYRONN_ENABLE_CUDA=OFF \
    -DPYRONN_BUILD_EXAMPLES=OFF -DPYRONN_BUILD_BENCHMARKS=OFF \
    "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_EXE_LINKER_FLAGS=$flags"
cmake --build build-sanitize --target pyronn_tests_host -j"$(nproc)"

# The consumer tests configure projects of their own and run no pyronn code: not repeated here.
# allocator_may_return_null: pyronn turns a failed host allocation into a pyronn::error (a test asks for
# 2^60 floats), which ASan would otherwise report as fatal instead of failing the allocation.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
ctest --test-dir build-sanitize -E '^consumer_' --output-on-failure
