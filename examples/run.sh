#!/usr/bin/env bash
# Build and run the demos (the command the README gives):
#
#   bash examples/run.sh [extra cmake configure args...]
#
# Configures build-demo/, builds fbp_2d_demo (2D FBP), fdk_3d_demo (3D cone beam, FDK) and
# learn_filter_demo (the FBP filter learned by gradient descent), runs them and writes their
# images to demo_output/.
# CUDA is used when nvcc is found (PYRONN_ENABLE_CUDA=AUTO); without a GPU the demo runs on the
# host and says why it skipped the GPU part.
#
# Environment:
#   PYRONN_CUDA_ARCHITECTURES  forwarded as -DCMAKE_CUDA_ARCHITECTURES (e.g. 90 for H100)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# --- install missing prerequisites (Debian/Ubuntu) --------------------------
missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v g++ >/dev/null 2>&1 || missing+=(g++)

if ((${#missing[@]} > 0)); then
    echo "run.sh: installing missing packages: ${missing[*]}"
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "run.sh: apt-get not available; please install cmake and g++ yourself" >&2
        exit 1
    fi
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "run.sh: need root or sudo to install ${missing[*]}" >&2
            exit 1
        fi
        sudo_cmd=(sudo)
    fi
    ${sudo_cmd[@]+"${sudo_cmd[@]}"} apt-get update
    ${sudo_cmd[@]+"${sudo_cmd[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# --- CUDA compiler -----------------------------------------------------------
# The CUDA toolkit is often installed without being put on PATH.
if [[ -z "${CUDACXX:-}" ]] && ! command -v nvcc >/dev/null 2>&1 && [[ -x /usr/local/cuda/bin/nvcc ]]; then
    export CUDACXX=/usr/local/cuda/bin/nvcc
fi

# --- configure, build, run ---------------------------------------------------
configure_args=(-S . -B build-demo
    -DCMAKE_BUILD_TYPE=Release
    -DPYRONN_ENABLE_CUDA=AUTO
    -DPYRONN_BUILD_EXAMPLES=ON
    -DPYRONN_BUILD_TESTS=OFF
    -DPYRONN_BUILD_BENCHMARKS=OFF)
if [[ -n "${PYRONN_CUDA_ARCHITECTURES:-}" ]]; then
    configure_args+=("-DCMAKE_CUDA_ARCHITECTURES=${PYRONN_CUDA_ARCHITECTURES}")
fi

cmake "${configure_args[@]}" "$@"
cmake --build build-demo --target fbp_2d_demo fdk_3d_demo learn_filter_demo -j"$(nproc)"

echo
build-demo/examples/fbp_2d_demo demo_output
echo
build-demo/examples/fdk_3d_demo demo_output
echo
build-demo/examples/learn_filter_demo demo_output

echo
echo "Images:"
ls -l demo_output/*.png
