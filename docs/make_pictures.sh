#!/usr/bin/env bash
# Regenerates every picture in docs/images/ from the library's own output:
#   - the geometry drawings (docs/figures/draw_geometries.cpp: the geometries' views and rays);
#   - the example pages' images (the demos' output: phantoms, sinograms, reconstructions).
#
#   bash docs/make_pictures.sh
#
# Builds into build-docs/ with the host driver only (the pictures do not depend on a GPU).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

cmake -S . -B build-docs -DCMAKE_BUILD_TYPE=Release -DPYRONN_ENABLE_CUDA=OFF -DPYRONN_BUILD_EXAMPLES=ON \
    -DPYRONN_BUILD_TESTS=OFF -DPYRONN_BUILD_BENCHMARKS=OFF
cmake --build build-docs --target draw_geometries fbp_2d_demo fdk_3d_demo learn_filter_demo -j"$(nproc)"

mkdir -p docs/images/examples
build-docs/docs/draw_geometries docs/images
build-docs/examples/fbp_2d_demo build-docs/demo_output | tee docs/images/examples/fbp_2d_demo.txt
build-docs/examples/fdk_3d_demo build-docs/demo_output | tee docs/images/examples/fdk_3d_demo.txt
build-docs/examples/learn_filter_demo build-docs/demo_output | tee docs/images/examples/learn_filter_demo.txt
cp build-docs/demo_output/learned_filter.csv docs/images/examples/
cp build-docs/demo_output/*.png docs/images/examples/
echo "pictures written to docs/images/"
