#!/usr/bin/env bash
# CI stage for the libFuzzer target (tests/fuzz/README.md): builds it with clang in build-fuzz/,
# replays every saved input (regressions/, then corpus/) one by one, then fuzzes from a scratch
# copy of the corpus for PYRONN_FUZZ_SECONDS (default 60). Exits non-zero if any replayed input
# or the fuzzing run finds something; crashing inputs go to build-fuzz/artifacts/.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
seconds="${PYRONN_FUZZ_SECONDS:-60}"

# libFuzzer ships with clang's runtime libraries (Debian: libclang-rt-dev); llvm gives
# llvm-symbolizer, which turns the stack traces into function names and lines.
have_libfuzzer() {
    local dir
    dir="$(mktemp -d)"
    echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' > "$dir/t.cpp"
    clang++ -fsanitize=fuzzer "$dir/t.cpp" -o "$dir/t" >/dev/null 2>&1
    local ok=$?
    rm -rf "$dir"
    return $ok
}
if ! command -v clang++ >/dev/null 2>&1 || ! have_libfuzzer || ! command -v llvm-symbolizer >/dev/null 2>&1; then
    echo "fuzz/run.sh: installing clang, libclang-rt-dev and llvm (libFuzzer, llvm-symbolizer)"
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
    ${sudo_cmd[@]+"${sudo_cmd[@]}"} apt-get update
    ${sudo_cmd[@]+"${sudo_cmd[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y clang libclang-rt-dev llvm
fi

cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release -DPYRONN_ENABLE_CUDA=OFF \
    -DPYRONN_BUILD_TESTS=OFF -DPYRONN_BUILD_EXAMPLES=OFF -DPYRONN_BUILD_BENCHMARKS=OFF -DPYRONN_BUILD_FUZZER=ON
cmake --build build-fuzz --target pyronn_fuzz -j"$(nproc)"
fuzzer=build-fuzz/tests/fuzz/pyronn_fuzz

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
# Per input: 10 s (every seed runs in milliseconds), 2 GiB of memory, and no single allocation
# above that (a size the library should have refused shows up as an out-of-memory finding).
limits=(-timeout=10 -rss_limit_mb=2048)
status=0

# Replay each saved input on its own, so that the log names every one that fails, not the first.
echo "Replaying tests/fuzz/regressions and tests/fuzz/corpus:"
failed=()
for input in tests/fuzz/regressions/* tests/fuzz/corpus/*; do
    [[ -f "$input" ]] || continue
    if "$fuzzer" "${limits[@]}" "$input" > build-fuzz/replay.log 2>&1; then
        echo "  ok      $input"
    else
        echo "  FAILED  $input"
        grep -E '==pyronn_fuzz== FINDING|ERROR: (AddressSanitizer|libFuzzer)|runtime error|^ +#[0-9] ' build-fuzz/replay.log \
            | head -12 | sed 's/^/            /'
        failed+=("$input")
    fi
done
if ((${#failed[@]} > 0)); then
    echo "Replay: ${#failed[@]} input(s) fail: ${failed[*]}"
    status=1
fi

# Fuzz from a scratch copy, so that what the run adds to its corpus never lands in the repository.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp tests/fuzz/corpus/* "$scratch/"
mkdir -p build-fuzz/artifacts
echo "Fuzzing for ${seconds} s from ${scratch} (a copy of tests/fuzz/corpus):"
# The whole log goes to build-fuzz/fuzz.log; its end (a finding's report, the final stats) to ours.
fuzz_status=0
"$fuzzer" "${limits[@]}" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix=build-fuzz/artifacts/ "$scratch" > build-fuzz/fuzz.log 2>&1 || fuzz_status=$?
tail -n 80 build-fuzz/fuzz.log
if ((fuzz_status != 0)); then
    echo "Fuzzing: a finding (exit status ${fuzz_status}); the input is in build-fuzz/artifacts/"
    status=1
fi
exit "$status"
