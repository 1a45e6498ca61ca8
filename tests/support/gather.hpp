#pragma once
// The per-voxel gather bodies the CUDA driver runs for the 3D adjoints, run on the host over a
// whole volume, so that host tests can compare them with the host driver's scatters.

#include <pyronn/geometry/grid_3d.hpp>

#include <cstddef>
#include <vector>

namespace pyronn_test {

// volume(x, y, z) = sum over views of voxel_view(view, x, y, z), in view order.
template <class VoxelView>
std::vector<float> gather_volume(const pyronn::Grid3D& grid, std::size_t views, const VoxelView& voxel_view) {
  std::vector<float> volume(std::size_t(grid.nx) * grid.ny * grid.nz, 0.f);
  std::size_t i = 0;
  for (int z = 0; z < grid.nz; ++z)
    for (int y = 0; y < grid.ny; ++y)
      for (int x = 0; x < grid.nx; ++x, ++i)
        for (std::size_t v = 0; v < views; ++v) volume[i] += voxel_view(v, x, y, z);
  return volume;
}

}  // namespace pyronn_test
