#pragma once
// The transpose of ray_march_forward as a ray-driven scatter: one ray gives its value back to the
// voxels its samples interpolated, with the trilinear weights they were read with. The host
// driver's adjoint runs it with each thread owning a slab of z layers and walking every ray
// clipped to its slab in a fixed (view, pixel, sample) order, so each voxel sums the same terms in
// the same order whatever the thread count: deterministic without atomics, at the cost of the
// forward projection.

#include <pyronn/kernels/add_to.hpp>
#include <pyronn/kernels/monotone_range.hpp>
#include <pyronn/kernels/ray_march_3d.hpp>

#include <cmath>
#include <cstddef>

namespace pyronn {

// Gives value times the weight with which the ray's samples read each voxel, for the voxels of z
// layers [z_begin, z_end) of an [nz][ny][nx] volume, to add(voxel index, amount): AddTo on the
// host, whose threads own their slabs; AtomicAddTo on the GPU.
template <Interpolation I, class Add>
PYRONN_HD void ray_march_scatter(const RaySamples3D& s, float value, const Grid3D& g, int z_begin, int z_end,
                                 const Add& add) {
  // A sample at z coordinate p.z feeds layers floor(p.z) and floor(p.z) + 1; p.z is monotone
  // along the ray, so the samples feeding the slab are found by bisection.
  const IndexRange samples =
      monotone_range(0, s.count, [&](int k) { return s.position(k).z; }, float(z_begin - 1), float(z_end));
  const float weighted = value * s.dt;
  const std::ptrdiff_t nx = g.nx, layer = std::ptrdiff_t(g.nx) * g.ny;
  for (int k = samples.begin; k < samples.end; ++k) {
    const vec3 p = s.position(k);
    // The forward sampler's support (ArraySampler3D::trilinear); also rejects NaN.
    if (!(p.x > -1.f && p.x < float(g.nx) && p.y > -1.f && p.y < float(g.ny) && p.z > -1.f && p.z < float(g.nz)))
      continue;
    const float x0 = floor_sample(p.x), y0 = floor_sample(p.y), z0 = floor_sample(p.z);
    const float wx = upper_weight<I>(p.x - x0), wy = upper_weight<I>(p.y - y0), wz = upper_weight<I>(p.z - z0);
    const int i = int(x0), j = int(y0), l = int(z0);
    const float wxs[2] = {1.f - wx, wx}, wys[2] = {1.f - wy, wy}, wzs[2] = {1.f - wz, wz};
    for (int dz = 0; dz < 2; ++dz) {
      const int z = l + dz;
      if (z < z_begin || z >= z_end) continue;
      const float vz = wzs[dz] * weighted;
      for (int dy = 0; dy < 2; ++dy) {
        const int y = j + dy;
        if (y < 0 || y >= g.ny) continue;
        const float vy = wys[dy] * vz;
        const std::ptrdiff_t row = z * layer + y * nx;
        if (i >= 0) add(row + i, wxs[0] * vy);
        if (i + 1 < g.nx) add(row + i + 1, wxs[1] * vy);
      }
    }
  }
}

}  // namespace pyronn
