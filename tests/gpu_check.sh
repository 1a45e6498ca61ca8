#!/usr/bin/env bash
# The GPU check in one command: on a machine with an NVIDIA GPU, builds pyronn's CUDA targets with
# native code for that GPU and runs, each part under its own time limit:
#   1. configure and build pyronn_tests_cuda, the demos and the benchmarks
#                 (-DCMAKE_CUDA_ARCHITECTURES=<the GPU's>)
#   2. cuda tests every CUDA test: host vs device agreement, the dot-product tests on the device,
#                 texture paths, cuFFT filtering, weights, solvers
#   3. memcheck   the same under compute-sanitizer --tool memcheck  } run side by side: each is
#   4. racecheck  the same under compute-sanitizer --tool racecheck } slowed by its instrumentation
#   5-6. demos    fbp_2d_demo and fdk_3d_demo; a part passes only if its GPU part ran
#   7-8. benchmarks bench_operators_2d / _3d --quick (the GPU cases at full size, fewer repeats;
#                 the host cases shrunk) with --json
# then prints one summary block (device, toolkit, commit, pass/fail per part, the GPU benchmark
# rows, the demos' GPU rows) meant to be quoted whole. Exit status 0 only if every part passed.
#
# Without a GPU it fails at once, saying so: it never reports a skipped check as a pass. (To
# build and test without a GPU, use tests/run.sh.) Nothing in CI runs it.
#
#   bash tests/gpu_check.sh
#
# Needs: nvcc (CUDA 11.8+; CUDACXX, PATH or /usr/local/cuda/bin), compute-sanitizer, CMake, g++,
# nvidia-smi, coreutils' timeout, and Catch2 v2 for the tests: installed, or unpacked from the
# Debian package into .deps/catch2 (found through CMAKE_PREFIX_PATH), for a machine without
# network:   apt-get download catch2 && dpkg -x catch2_*.deb .deps/catch2
# FFTW is not needed (the host FFT filter is switched off).
#
# Environment:
#   GPU_CHECK_BUILD_DIR   build directory (default build-gpu-check)
#   GPU_CHECK_LOG_DIR     where each part's log, the benchmark JSON and the demo images go
#                         (default <build dir>/gpu_check_logs)
#   GPU_CHECK_JOBS        parallel build jobs (default 16)
#   GPU_CHECK_BUDGET_S    the whole run's time limit in seconds (default 480, 8 minutes); a part
#                         gets at most what is left, and a part with no time left fails
#   GPU_CHECK_BUILD_S     the build's own time limit in seconds (default 300; the whole build took
#                         330 s on 2 shared cores, so a 16-core machine should need far less)
#   GPU_CHECK_COMMIT      the commit to name in the summary where the copy has no .git
#   GPU_CHECK_ARCH        CUDA architecture to build for, instead of the GPU's (e.g. 90)
#   GPU_CHECK_BUILD_ONLY  1: skip the GPU detection, build for GPU_CHECK_ARCH (default 90) and
#                         stop (checks the build half on a machine without a GPU)
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root" || exit 1

build_dir="${GPU_CHECK_BUILD_DIR:-build-gpu-check}"
log_dir="${GPU_CHECK_LOG_DIR:-$build_dir/gpu_check_logs}"
jobs="${GPU_CHECK_JOBS:-16}"
budget_s="${GPU_CHECK_BUDGET_S:-480}"
build_only="${GPU_CHECK_BUILD_ONLY:-0}"
start_s=$SECONDS

fail_now() {
    echo >&2
    echo "gpu_check: FAILED: $*" >&2
    exit 1
}

# --- the GPU ------------------------------------------------------------------
device="none (build only)"
arch="${GPU_CHECK_ARCH:-90}"
if [[ "$build_only" != 1 ]]; then
    command -v nvidia-smi >/dev/null 2>&1 ||
        fail_now "no NVIDIA GPU: nvidia-smi is not installed. This check runs the CUDA code on a GPU and does not skip; run it on a machine with an NVIDIA GPU (tests/run.sh builds and tests without one)."
    if ! smi="$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>&1)" || [[ -z "$smi" ]]; then
        fail_now "no usable NVIDIA GPU: nvidia-smi says: $smi"
    fi
    IFS=',' read -r gpu_name gpu_driver <<<"$(head -n 1 <<<"$smi")"
    # compute_cap needs a 2021+ driver; an older one gets sm_90 unless GPU_CHECK_ARCH says otherwise.
    if [[ -z "${GPU_CHECK_ARCH:-}" ]]; then
        cap="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n 1 | tr -d ' .')"
        if [[ "$cap" =~ ^[0-9]+$ ]]; then arch="$cap"; else arch=90; fi
    fi
    device="$gpu_name (driver${gpu_driver}), code built for sm_$arch"
fi

# --- tools ----------------------------------------------------------------------
if [[ -z "${CUDACXX:-}" ]]; then
    if command -v nvcc >/dev/null 2>&1; then
        CUDACXX="$(command -v nvcc)"
    elif [[ -x /usr/local/cuda/bin/nvcc ]]; then
        CUDACXX=/usr/local/cuda/bin/nvcc
    else
        fail_now "nvcc not found (set CUDACXX, put it on PATH, or install the CUDA toolkit in /usr/local/cuda)"
    fi
fi
export CUDACXX
command -v cmake >/dev/null 2>&1 || fail_now "cmake not found"
command -v timeout >/dev/null 2>&1 || fail_now "timeout (coreutils) not found"
sanitizer="$(dirname "$CUDACXX")/compute-sanitizer"
[[ -x "$sanitizer" ]] || sanitizer="$(command -v compute-sanitizer || true)"
[[ -n "$sanitizer" || "$build_only" == 1 ]] ||
    fail_now "compute-sanitizer not found next to $CUDACXX or on PATH; the memcheck and racecheck parts need it"
toolkit="$("$CUDACXX" --version | grep -o 'release [0-9.]*' || echo 'nvcc version unknown')"

mkdir -p "$log_dir" || fail_now "cannot create $log_dir"
log_dir="$(cd "$log_dir" && pwd)"

# --- parts ------------------------------------------------------------------------
# A GPU row of the demos' and benchmarks' tables: "cuda" in the first or second column.
gpu_row='^([a-z]+ +)?cuda '

parts=()    # "name|result|seconds|note", in order
overall=0

# Seconds a part may take: its own limit, or what is left of the budget if that is less.
allowance() {
    local left=$((budget_s - (SECONDS - start_s)))
    ((left < $1)) && echo "$left" || echo "$1"
}

record() {  # name result seconds note
    parts+=("$1|$2|$3|$4")
    [[ "$2" == PASS ]] || overall=1
    printf 'gpu_check: %-24s %-8s %4s s  %s\n' "$1" "$2" "$3" "$4"
}

# Runs a command under a time limit, its output in log_dir/<log>.log; sets `status` (124: timed
# out, 125: not started for lack of time) and `elapsed`.
run_limited() {  # log limit command...
    local log="$log_dir/$1.log" limit
    limit="$(allowance "$2")"
    shift 2
    if ((limit < 5)); then
        echo "not started: the time budget of $budget_s s is spent" >"$log"
        status=125 elapsed=0
        return
    fi
    local t0=$SECONDS
    timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1
    status=$?
    elapsed=$((SECONDS - t0))
}

verdict() {  # status [extra failure reason]
    case "$1" in
        0) [[ -z "${2:-}" ]] && echo PASS || echo FAIL ;;
        124 | 137) echo TIMEOUT ;;
        125) echo "NOT RUN" ;;
        *) echo FAIL ;;
    esac
}

# 1. build
catch2_prefix="$repo_root/.deps/catch2/usr"
configure=(-S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DPYRONN_ENABLE_CUDA=ON -DPYRONN_ENABLE_FFTW=OFF
    "-DCMAKE_CUDA_ARCHITECTURES=$arch" -DPYRONN_BUILD_TESTS=ON -DPYRONN_BUILD_EXAMPLES=ON -DPYRONN_BUILD_BENCHMARKS=ON)
[[ -d "$catch2_prefix" ]] && configure+=("-DCMAKE_PREFIX_PATH=$catch2_prefix")
run_limited configure 60 cmake "${configure[@]}"
record "configure (sm_$arch)" "$(verdict "$status")" "$elapsed" "log: configure.log"
built=$status
if [[ "$built" == 0 ]]; then
    run_limited build "${GPU_CHECK_BUILD_S:-300}" cmake --build "$build_dir" -j"$jobs" --target pyronn_tests_cuda fbp_2d_demo fdk_3d_demo \
        bench_operators_2d bench_operators_3d
    record "build (-j$jobs)" "$(verdict "$status")" "$elapsed" "log: build.log"
    built=$status
fi

if [[ "$built" == 0 && "$build_only" != 1 ]]; then
    tests="$build_dir/tests/pyronn_tests_cuda"

    # 2. the CUDA tests. The runner exits 77 when it finds no usable device: a failure here.
    run_limited cuda_tests 120 "$tests"
    note="$(grep -E 'All tests passed|test cases:' "$log_dir/cuda_tests.log" | tail -n 1)"
    [[ "$status" == 77 ]] && note="no usable CUDA device (the runner skipped): $(tail -n 2 "$log_dir/cuda_tests.log" | tr '\n' ' ')"
    record "cuda tests" "$(verdict "$status")" "$elapsed" "$note"

    # 3-4. the same under compute-sanitizer, memcheck and racecheck side by side.
    sanitize() {  # tool
        run_limited "$1" 240 "$sanitizer" --tool "$1" --error-exitcode 1 "$tests"
        echo "$status $elapsed" >"$log_dir/$1.status"
    }
    sanitize memcheck &
    sanitize racecheck &
    wait
    for tool in memcheck racecheck; do
        read -r status elapsed <"$log_dir/$tool.status"
        note="$(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' "$log_dir/$tool.log" | tail -n 1 | sed 's/^=* *//')"
        record "$tool" "$(verdict "$status")" "$elapsed" "$note"
    done

    # 5-8. the demos and the benchmarks; each passes only if its table has GPU rows (a demo
    # without a device says "GPU part skipped", a benchmark "CUDA cases skipped", and exits 0).
    for program in examples/fbp_2d_demo examples/fdk_3d_demo benchmarks/bench_operators_2d benchmarks/bench_operators_3d; do
        name="${program#*/}"
        if [[ "$program" == examples/* ]]; then
            run_limited "$name" 120 "$build_dir/$program" "$log_dir/demo_output"
        else
            run_limited "$name" 180 "$build_dir/$program" --quick --json "$log_dir/$name.json"
        fi
        missing=""
        grep -qE "$gpu_row" "$log_dir/$name.log" ||
            missing="no GPU rows: $(grep -m 1 -E 'skipped' "$log_dir/$name.log" || echo "see $name.log")"
        record "$name" "$(verdict "$status" "$missing")" "$elapsed" "${missing:-log: $name.log}"
    done
fi

# --- the summary ----------------------------------------------------------------
commit="${GPU_CHECK_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}"
dirty="$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ', with uncommitted changes')"
echo
echo "==================== pyronn GPU check ===================="
echo "device:   $device"
echo "toolkit:  nvcc $toolkit; compute-sanitizer: ${sanitizer:-none}"
echo "commit:   $commit${dirty:-} ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
printf '%-24s %-8s %7s  %s\n' part result seconds note
for p in "${parts[@]}"; do
    IFS='|' read -r name result seconds note <<<"$p"
    printf '%-24s %-8s %7s  %s\n' "$name" "$result" "$seconds" "$note"
done
for name in bench_operators_2d bench_operators_3d fbp_2d_demo fdk_3d_demo; do
    [[ -f "$log_dir/$name.log" ]] || continue
    echo
    echo "$name, GPU rows:"
    grep -E "^(driver|geometry) |$gpu_row" "$log_dir/$name.log" || echo "  (none)"
done
echo
if ((overall == 0)); then
    echo "overall:  PASS, ${#parts[@]} parts in $((SECONDS - start_s)) s; logs in $log_dir"
else
    echo "overall:  FAILED in $((SECONDS - start_s)) s; see the logs in $log_dir"
fi
echo "=========================================================="
exit "$overall"
