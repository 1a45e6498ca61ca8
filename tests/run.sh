#!/usr/bin/env bash
# Configure, build and test pyronn in build/ (the command the README gives).
#
#   tests/run.sh [extra cmake configure args...]
#
# Environment:
#   PYRONN_CUDA_ARCHITECTURES  forwarded as -DCMAKE_CUDA_ARCHITECTURES (e.g. 90 for H100)
#   PYRONN_FUZZ_SECONDS        how long the fuzzing stage runs (default 60)
#   PYRONN_SKIP_SANITIZERS=1   skip the sanitizer and fuzzer stages
#
# CUDA is used when a CUDA compiler is found (PYRONN_ENABLE_CUDA=AUTO); without
# a GPU the CUDA tests still compile and are reported as skipped by ctest.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# --- install missing prerequisites (Debian/Ubuntu) --------------------------
have_catch2() {
    # Catch2 v2 ships a single header; look where the distro package puts it.
    [[ -f /usr/include/catch2/catch.hpp || -f /usr/local/include/catch2/catch.hpp ]]
}

# FFTW3 (single precision) gives the host its FFT row filter; the tests check it against the
# direct convolution, so install it rather than test only the fallback.
have_fftw() {
    [[ -f /usr/include/fftw3.h ]] && compgen -G "/usr/lib/*/libfftw3f.so" >/dev/null
}

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
have_catch2 || missing+=(catch2)
have_fftw || missing+=(libfftw3-dev)

if ((${#missing[@]} > 0)); then
    echo "run.sh: installing missing packages: ${missing[*]}"
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "run.sh: apt-get not available; please install cmake, g++, catch2 (v2) and libfftw3-dev yourself" >&2
        exit 1
    fi
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
        sudo_cmd=(sudo)
    fi
    # Install the whole set so one apt-get update suffices.
    ${sudo_cmd[@]+"${sudo_cmd[@]}"} apt-get update
    ${sudo_cmd[@]+"${sudo_cmd[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y cmake g++ catch2 libfftw3-dev
fi

# --- CUDA compiler -----------------------------------------------------------
# The CUDA toolkit is often installed without being put on PATH.
if [[ -z "${CUDACXX:-}" ]] && ! command -v nvcc >/dev/null 2>&1 && [[ -x /usr/local/cuda/bin/nvcc ]]; then
    export CUDACXX=/usr/local/cuda/bin/nvcc
fi

# --- configure, build, test -------------------------------------------------
configure_args=(-S . -B build -DCMAKE_BUILD_TYPE=Release -DPYRONN_ENABLE_CUDA=AUTO)
if [[ -n "${PYRONN_CUDA_ARCHITECTURES:-}" ]]; then
    configure_args+=("-DCMAKE_CUDA_ARCHITECTURES=${PYRONN_CUDA_ARCHITECTURES}")
fi

cmake "${configure_args[@]}" "$@"
cmake --build build -j"$(nproc)"

status=0
ctest --test-dir build -j"$(nproc)" --output-on-failure || status=$?

# The figures the tests measure (adjoint mismatches, errors against the analytic oracles, FBP
# accuracy), so that they are seen on every run and not only when a test fails.
log=build/Testing/Temporary/LastTest.log
if [[ -f "$log" ]]; then
    echo
    echo "Measured figures:"
    grep -h '^\[figure\]' "$log" | sort -u || true
fi

# --- Python package ------------------------------------------------------------
# A git-ignored virtual environment (.venv/) kept between runs: PyTorch's wheel pulls several GB.
# The package is built without build isolation from the cached build/python/ folder
# (pyproject.toml), so a rerun recompiles only what changed. PYRONN_SKIP_PYTHON=1 skips the stage.
if [[ "${PYRONN_SKIP_PYTHON:-0}" != 1 ]]; then
    echo
    echo "Python package:"
    python_status=0
    (
        set -e
        venv=.venv
        [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
        "$venv/bin/python" -m pip install -q --upgrade pip
        # astra-toolbox and scikit-image: test_convert.py checks the conventions' conversions against them.
        "$venv/bin/python" -m pip install -q numpy pytest scikit-build-core nanobind torch jax tensorflow-cpu matplotlib \
            astra-toolbox scikit-image
        CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
            "$venv/bin/python" -m pip install -q --no-build-isolation .
        # The C++ side of the bit-for-bit comparison, built above with the same Release flags.
        export PYRONN_REFERENCE_DRIVER="$repo_root/build/tests/pyronn_python_reference"
        # From another folder, so that the installed package is tested, not python/pyronn.
        cd tests/python
        # pytest exits 5 when it collects no tests: that is a failure here too.
        "$repo_root/$venv/bin/python" -m pytest -q -rs -s . | tee "$repo_root/build/python-tests.log"
        tests_status=${PIPESTATUS[0]}
        # Where nvcc was found, the package above has the CUDA driver: build it once more as a
        # machine without nvcc would (host driver only, in build/python-host/) and run the tests
        # of devices, errors and the NumPy API on it. (set -e does not act inside this subshell,
        # which `||` tests, hence the explicit statuses.)
        if ((tests_status == 0)) &&
            "$repo_root/$venv/bin/python" -c "import pyronn, sys; sys.exit(not pyronn.has_cuda)"; then
            echo
            echo "Python package, host driver only (PYRONN_ENABLE_CUDA=OFF, build/python-host/):"
            (cd "$repo_root" && CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
                "$venv/bin/python" -m pip install -q --upgrade --no-build-isolation --no-deps \
                --target build/python-host/install --config-settings=build-dir=build/python-host/build \
                --config-settings=cmake.define.PYRONN_ENABLE_CUDA=OFF .) || tests_status=$?
            if ((tests_status == 0)); then
                PYTHONPATH="$repo_root/build/python-host/install" "$repo_root/$venv/bin/python" -m pytest -q -rs \
                    test_devices.py test_errors.py test_numpy.py || tests_status=$?
            fi
        fi
        exit "$tests_status"
    ) || python_status=$?
    if [[ -f build/python-tests.log ]]; then
        grep -h '\[figure\]' build/python-tests.log | sed 's/^[.sF]*//' | sort -u || true
    fi
    if ((python_status != 0)); then
        echo "run.sh: the Python stage failed (status $python_status)" >&2
        status=$python_status
    fi
fi

# Two more stages, each in its own build directory: the host tests under ASan and UBSan, and the
# fuzzer (tests/fuzz/README.md). Each prints a header, and a footer with its result and time.
# PYRONN_SKIP_SANITIZERS=1 skips both, for a quick local run; CI (.ci/run) always runs them.
run_stage() {
    local title="$1" script="$2" start=$SECONDS stage_status=0
    echo
    echo "=== ${title} ==="
    bash "$script" || stage_status=$?
    echo "=== ${title}: $( ((stage_status == 0)) && echo passed || echo FAILED) in $((SECONDS - start)) s ==="
    ((stage_status == 0)) || status=1
}
if [[ "${PYRONN_SKIP_SANITIZERS:-0}" != 1 ]]; then
    run_stage "Sanitizers: host tests under ASan + UBSan (build-sanitize/)" tests/sanitize.sh
    run_stage "Fuzzer: replay tests/fuzz/regressions and corpus, fuzz ${PYRONN_FUZZ_SECONDS:-60} s (build-fuzz/)" \
        tests/fuzz/run.sh
fi
exit "$status"
