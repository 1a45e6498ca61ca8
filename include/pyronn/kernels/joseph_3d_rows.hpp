#pragma once
// The host driver's form of Joseph's 3D forward projection (joseph_forward_ray_3d): a block of
// host::simd_block neighbouring pixels of a detector row as vectors, one lane per ray, as the
// 2D blocks (joseph_2d_rows.hpp): the lanes walk the union of their rays' plane ranges, and a lane
// outside its own range, or whose crossing fails cross_major_plane's test or in_plane_support,
// adds zero. So each ray sums the same samples in the same plane order: bitwise the same result.
// Blocks whose rays do not share a major axis take joseph_forward_ray_3d per ray. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/array_sampler_3d.hpp>
#include <pyronn/kernels/joseph_3d.hpp>
#include <pyronn/kernels/joseph_ray_lanes.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

#include <algorithm>
#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

template <class Beam, Interpolation I, class F>
PYRONN_LANE void joseph_forward_block_3d(const View3D& view, int u0, int v, const Grid3D& g, const float* volume,
                                         float* out) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  using Int = typename lanes::Traits<F>::Int;
  lanes::JosephRays3D rays;
  if (!lanes::set_up_rays<Beam>(view, u0, v, g, rays)) {  // mixed major axes: ray by ray
    const ArraySampler3D<I> sampler{volume, g.nx, g.ny, g.nz};
    for (int k = 0; k < block; ++k) out[k] = joseph_forward_ray_3d<Beam>(view, float(u0 + k), float(v), g, sampler);
    return;
  }
  const int major = rays.major;
  int first[block], last[block];
  for (int k = 0; k < block; ++k) planes_in_support(rays.ray[k], plane_axes(major, g), first[k], last[k]);
  const PlaneAxes n = plane_axes(major, g);
  const int plane_begin = *std::min_element(first, first + block), plane_end = *std::max_element(last, last + block);
  // Strides as ArraySampler3D::in_plane takes them.
  const int layer = g.nx * g.ny;
  const int sa = major == 0 ? g.nx : 1, sb = major == 2 ? g.nx : layer;
  const int plane_stride = major == 0 ? 1 : (major == 1 ? g.nx : layer);
  for (int p = 0; p < parts; ++p) {
    const int at = p * (block / parts);
    lanes::JosephLanes3D<F> ray;
    ray.load(rays, at);
    F st, sum{}, one{};
    Int fi, la;
    one += 1.f;
    lanes::load(rays.step, at, st);
    lanes::load(first, at, fi);
    lanes::load(last, at, la);
    for (int plane = plane_begin; plane <= plane_end; ++plane) {
      // cross_major_plane's arithmetic, then in_plane's bilinear read.
      F t, a, b;
      ray.cross(plane, t, a, b);
      lanes::LinearTap<F> ta, tb;
      lanes::linear_tap<I>(a, n.n_a, ta);
      lanes::linear_tap<I>(b, n.n_b, tb);
      ta.inside = ta.inside & (t >= ray.t_min) & (t <= ray.t_max) & (fi <= plane) & (la >= plane);
      lanes::add_bilinear_read(volume + plane * plane_stride, n.n_a, n.n_b, ta, tb, one, sum, sa, sb);
    }
    sum = sum * st;
    std::memcpy(out + at, &sum, sizeof sum);
  }
}

}  // namespace detail

// out[k] = joseph_forward_ray_3d for pixels (u0 + k, v), k < simd_block, of the view, for a volume
// of fewer than 2^31 voxels. Vectors (AVX-512 or AVX2, host/simd.hpp) where the CPU has them, else the rays one by one.
template <class Beam, Interpolation I>
void joseph_forward_block_3d(const View3D& view, int u0, int v, const Grid3D& g, const float* volume, float* out) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        detail::joseph_forward_block_3d<Beam, I, typename decltype(lanes)::type>(view, u0, v, g, volume, out);
      },
      [&] {
        const ArraySampler3D<I> sampler{volume, g.nx, g.ny, g.nz};
        for (int k = 0; k < host::simd_block; ++k)
          out[k] = joseph_forward_ray_3d<Beam>(view, float(u0 + k), float(v), g, sampler);
      });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
