#pragma once
// What the host's 3D Joseph scatter blocks (joseph_3d_scatter_rows.hpp) add into: one thread's slab
// of z layers [z_begin, z_end) with a margin of one voxel on every side, followed by a sink: the 3D
// form of scatter_band_2d.hpp, for the same reason. With the margin, a sample's four voxels are
// always at index + (0, a step, b step, both), even where some fall just outside the volume or the
// slab (the scalar scatter drops those; here they land in the margin, which nobody reads), and a
// lane that adds nothing at a plane adds to a sink slot of its own: the adding loop reads one index
// per sample and adds without a test. The slab belongs to one thread, like its layers of the
// volume; the driver copies them out at the end. Host only.

#include <pyronn/geometry/grid_3d.hpp>
#include <pyronn/kernels/add_to.hpp>

#include <cstddef>

namespace pyronn {

struct ScatterSlab3D {
  // Sink slots: one per lane and plane of a scatter block's list (joseph_3d_scatter_rows.hpp).
  static constexpr int sink_slots = 32;

  float* data;  // size(layers, nx, ny) floats
  int z_begin, z_end;
  int row, layer;  // strides along y and z: nx + 2 and (nx + 2) * (ny + 2)

  ScatterSlab3D(float* slab, int first_layer, int end_layer, int nx, int ny)
      : data(slab), z_begin(first_layer), z_end(end_layer), row(nx + 2), layer((nx + 2) * (ny + 2)) {}

  // Floats for a slab of `layers` layers of nx x ny voxels: the layers and the margin, then the
  // sink, which also holds its slots' partners (at most a row and a layer further on).
  static std::size_t size(int layers, int nx, int ny) {
    const std::size_t row = std::size_t(nx) + 2, layer = row * (std::size_t(ny) + 2);
    return (std::size_t(layers) + 2) * layer + sink_slots + layer + row + 1;
  }

  // Whether every slab of the grid has int offsets (the scatter blocks compute them as ints).
  static bool fits(const Grid3D& g) { return size(g.nz, g.nx, g.ny) < std::size_t(1) << 31; }

  // The offset of voxel (x, y, z), each in [-1, n] (z in [z_begin - 1, z_end]).
  int index(int x, int y, int z) const { return (z - z_begin + 1) * layer + (y + 1) * row + x + 1; }

  // The offset of the first sink slot.
  int sink() const { return (z_end - z_begin + 2) * layer; }

  // Where voxel (x, y, z) is, for the scalar scatter (joseph_scatter_ray_3d with AddTo{data}),
  // which takes the rays the blocks leave to it.
  Layout3D layout() const { return {index(0, 0, 0), row, layer}; }

  // Copies the slab's own layers into the volume ([nz][ny][nx]).
  void copy_to(float* volume) const {
    const int nx = row - 2, ny = layer / row - 2;
    for (int z = z_begin; z < z_end; ++z)
      for (int y = 0; y < ny; ++y) {
        const float* from = data + index(0, y, z);
        float* to = volume + (std::ptrdiff_t(z) * ny + y) * nx;
        for (int x = 0; x < nx; ++x) to[x] = from[x];
      }
  }
};

}  // namespace pyronn
