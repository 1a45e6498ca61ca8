#pragma once
// The transpose of joseph_forward_ray_3d as a ray-driven scatter: one ray gives its value back to
// the voxels its samples read, with the bilinear weights they read them with. The host driver's
// adjoint runs it with each thread owning a slab of z layers and walking every ray clipped to its
// slab in a fixed (view, pixel, plane) order, so each voxel sums the same terms in the same order
// whatever the thread count: deterministic without atomics, at the cost of the forward projection.

#include <pyronn/kernels/add_to.hpp>
#include <pyronn/kernels/joseph_3d.hpp>
#include <pyronn/kernels/monotone_range.hpp>

#include <cmath>
#include <cstddef>

namespace pyronn {

// The planes [first, last] (empty when first > last) whose samples of ray r can feed z layers
// [z_begin, z_end): planes_in_support clipped to the slab. The scatter below walks them; the host's
// blocks of rays (joseph_3d_scatter_rows.hpp) take each ray's range from here too.
PYRONN_HD void joseph_scatter_planes_3d(const IndexRay3D& r, const PlaneAxes& n, int z_begin, int z_end, int& first,
                                        int& last) {
  planes_in_support(r, n, first, last);
  // b is z unless z is the major axis; the band of a sample is then the layer of its plane.
  if (r.major != 2) {
    // The sample at b feeds layers floor(b) and floor(b) + 1: the slab is fed by the planes whose
    // b lies in [z_begin - 1, z_end), one run since b is monotone along the planes.
    const auto b_at = [&](int k) {
      float a, b;
      cross_major_plane(r, k, a, b);
      return b;
    };
    // b(k) = o_b + (k - o_major) * inverse_major * d_b, solved for k: where to start looking.
    const float slope = r.d_b * r.inverse_major;
    const auto plane_at = [&](float b) { return r.o_major + (b - r.o_b) / slope; };
    const IndexRange run = monotone_range(first, last + 1, b_at, float(z_begin - 1), float(z_end), plane_at);
    first = run.begin;
    last = run.end - 1;
  } else {
    first = first > z_begin ? first : z_begin;
    last = last < z_end - 1 ? last : z_end - 1;
  }
}

// Gives value times the weight with which the ray of pixel (u, v) sampled each voxel, for the
// voxels of z layers [z_begin, z_end) of an [nz][ny][nx] volume, to add(voxel index, amount), the
// index of voxel (x, y, z) given by layout: AddTo on the host, whose threads own their slabs;
// AtomicAddTo on the GPU.
template <class Beam, Interpolation I, class Add>
PYRONN_HD void joseph_scatter_ray_3d(const View3D& view, float u, float v, float value, const Grid3D& g, int z_begin,
                                     int z_end, const Add& add, const Layout3D& layout) {
  const IndexRay3D r = to_index_space(Beam::ray(view, u, v), g);
  const PlaneAxes n = plane_axes(r.major, g);
  int first, last;
  joseph_scatter_planes_3d(r, n, z_begin, z_end, first, last);
  // Linear strides of the major axis and of a and b.
  const std::ptrdiff_t sx = 1, sy = layout.row, sz = layout.layer;
  const std::ptrdiff_t s_major = r.major == 0 ? sx : (r.major == 1 ? sy : sz);
  const std::ptrdiff_t s_a = r.major == 0 ? sy : sx, s_b = r.major == 2 ? sy : sz;
  const bool z_is_b = r.major != 2;  // then the slab test is on b's layer
  const float weighted = value * r.step;
  for (int k = first; k <= last; ++k) {
    float a, b;
    if (!cross_major_plane(r, k, a, b) || !in_plane_support(a, b, n)) continue;
    const float a0 = floor_sample(a), b0 = floor_sample(b);
    const float wa = upper_weight<I>(a - a0), wb = upper_weight<I>(b - b0);
    const int i = int(a0), j = int(b0);
    const float was[2] = {1.f - wa, wa}, wbs[2] = {1.f - wb, wb};
    for (int db = 0; db < 2; ++db) {
      const int jb = j + db;
      if (jb < 0 || jb >= n.n_b || (z_is_b && (jb < z_begin || jb >= z_end))) continue;
      const std::ptrdiff_t line = layout.offset + k * s_major + jb * s_b;
      const float vb = wbs[db] * weighted;
      if (i >= 0) add(line + i * s_a, was[0] * vb);
      if (i + 1 < n.n_a) add(line + (i + 1) * s_a, was[1] * vb);
    }
  }
}

// The layout of an [nz][ny][nx] volume.
PYRONN_HD Layout3D volume_layout(const Grid3D& g) { return {0, g.nx, std::ptrdiff_t(g.nx) * g.ny}; }

// The same into an [nz][ny][nx] volume.
template <class Beam, Interpolation I, class Add>
PYRONN_HD void joseph_scatter_ray_3d(const View3D& view, float u, float v, float value, const Grid3D& g, int z_begin,
                                     int z_end, const Add& add) {
  joseph_scatter_ray_3d<Beam, I>(view, u, v, value, g, z_begin, z_end, add, volume_layout(g));
}

}  // namespace pyronn
