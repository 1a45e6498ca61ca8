#!/usr/bin/env bash
# Times pyronn's host driver against its CPU peers on the same phantoms and geometries: ASTRA
# Toolbox and scikit-image in 2D, RTK (itk-rtk) for cone beam in 3D. Installs them, and pyronn's
# Python package, from PyPI and this checkout into a git-ignored virtual environment.
#
#   benchmarks/peers/run.sh [--quick] [--json PATH]
#
# Environment: PYRONN_PEERS_VENV (default .venv-peers at the repository root).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${PYRONN_PEERS_VENV:-$repo_root/.venv-peers}"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q numpy scikit-image astra-toolbox itk-rtk
CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" "$venv/bin/python" -m pip install -q "$repo_root"
# From another folder, so that the installed package is imported, not python/pyronn.
cd "$repo_root/benchmarks"
exec "$venv/bin/python" "$repo_root/benchmarks/peers/bench_peers.py" "$@"
