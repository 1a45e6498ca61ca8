#pragma once
// How the scatter bodies in kernels/ add into their output: they take an add(index, amount)
// functor, and some of them a layout that says which index a pixel has. The host driver, whose
// threads own disjoint parts of the output, adds in place with AddTo; the CUDA driver adds
// atomically (cuda/atomic_add.cuh).

#include <pyronn/core/config.hpp>

#include <cstddef>

namespace pyronn {

struct AddTo {
  float* data;
  PYRONN_HD void operator()(std::ptrdiff_t i, float amount) const { data[i] += amount; }
};

// Where a scatter adds pixel (x, y): at index offset + y * row + x; an [ny][nx] image is {0, nx}.
// The host's bands with a margin (scatter_band_2d.hpp) have their own.
struct Layout2D {
  std::ptrdiff_t offset, row;
};

// Where a scatter adds voxel (x, y, z): at index offset + z * layer + y * row + x; an [nz][ny][nx]
// volume is {0, nx, nx * ny}. The host's slabs with a margin (scatter_slab_3d.hpp) have their own.
struct Layout3D {
  std::ptrdiff_t offset, row, layer;
};

}  // namespace pyronn
