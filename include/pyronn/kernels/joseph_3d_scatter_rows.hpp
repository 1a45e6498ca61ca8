#pragma once
// The host driver's form of Joseph's 3D ray-driven scatter (joseph_scatter_ray_3d): a block of
// host::simd_block neighbouring pixels of a detector row, one lane per ray, as vectors where
// the CPU has them, the transpose of joseph_forward_block_3d. The lanes walk the union of their
// rays' plane ranges (each clipped to the thread's slab as the scalar clips it); per plane the
// crossings, weights, indices and masks are computed block-wide and added lane by lane
// (bilinear_scatter_lanes.hpp).
//
// Why the sums stay bitwise the scalar's: the rays of a block share their major axis, so a voxel
// is fed only at its own plane, at most once per ray; the block adds a plane's amounts in lane
// (= pixel) order, so every voxel still sums its terms in (view, pixel) order, as the scalar scatter
// walking the rays one by one does. Blocks whose rays do not share a major axis take
// joseph_scatter_ray_3d per ray. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/add_to.hpp>
#include <pyronn/kernels/bilinear_scatter_lanes.hpp>
#include <pyronn/kernels/joseph_3d.hpp>
#include <pyronn/kernels/joseph_3d_scatter.hpp>
#include <pyronn/kernels/joseph_ray_lanes.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

// The body of joseph_scatter_block_3d; F is float (a loop over the block's rays) or
// host::float_block (the block as one vector).
template <class Beam, Interpolation I, class F>
PYRONN_LANE void joseph_scatter_block_3d(const View3D& view, int u0, int v, const float* values, const Grid3D& g,
                                         int z_begin, int z_end, float* out) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  constexpr int width = block / parts;                           // lanes in an F
  using Int = typename lanes::Traits<F>::Int;
  lanes::JosephRays3D rays;
  if (!lanes::set_up_rays<Beam>(view, u0, v, g, rays)) {  // mixed major axes: ray by ray
    for (int k = 0; k < block; ++k)
      joseph_scatter_ray_3d<Beam, I>(view, float(u0 + k), float(v), values[k], g, z_begin, z_end, AddTo{out});
    return;
  }
  const int major = rays.major;
  int first[block], last[block];
  float weighted[block];
  for (int k = 0; k < block; ++k) {
    joseph_scatter_planes_3d(rays.ray[k], plane_axes(major, g), z_begin, z_end, first[k], last[k]);
    weighted[k] = values[k] * rays.step[k];
  }
  // The union of the rays' (non-empty) plane ranges.
  int plane_begin = 0, plane_end = -1;
  for (int k = 0; k < block; ++k) {
    if (first[k] > last[k]) continue;
    if (plane_begin > plane_end) plane_begin = first[k], plane_end = last[k];
    plane_begin = first[k] < plane_begin ? first[k] : plane_begin;
    plane_end = last[k] > plane_end ? last[k] : plane_end;
  }
  if (plane_begin > plane_end) return;
  const PlaneAxes n = plane_axes(major, g);
  // Strides as joseph_scatter_ray_3d takes them; b's samples outside the slab get nothing where
  // b is z.
  const int layer = g.nx * g.ny;
  const int s_major = major == 0 ? 1 : (major == 1 ? g.nx : layer);
  const int sa = major == 0 ? g.nx : 1, sb = major == 2 ? g.nx : layer;
  const bool z_is_b = major != 2;
  const int b_begin = z_is_b && z_begin > 0 ? z_begin : 0, b_end = z_is_b && z_end < n.n_b ? z_end : n.n_b;
  lanes::JosephLanes3D<F> ray[parts];
  F wt[parts];
  Int fi[parts], la[parts];
  for (int p = 0; p < parts; ++p) {
    ray[p].load(rays, p * width);
    lanes::load(weighted, p * width, wt[p]);
    lanes::load(first, p * width, fi[p]);
    lanes::load(last, p * width, la[p]);
  }
  // The amounts of a few planes are computed before any is added: measured, 4 planes take 10 %
  // less time than adding each plane's as they come (the adds then overlap more computation).
  constexpr int chunk = 4;
  lanes::BilinearScatter list[chunk];
  for (int plane0 = plane_begin; plane0 <= plane_end; plane0 += chunk) {
    const int plane1 = plane0 + chunk - 1 < plane_end ? plane0 + chunk - 1 : plane_end;
    for (int plane = plane0; plane <= plane1; ++plane) {
      lanes::BilinearScatter& s = list[plane - plane0];
      for (int p = 0; p < parts; ++p) {
        // cross_major_plane's arithmetic and test, in_plane_support (the taps' inside), the lane's
        // own plane range: every test the scalar makes, so that each lane scatters exactly the
        // scalar's samples, even where another test would already reject a sample.
        F t, a, b;
        ray[p].cross(plane, t, a, b);
        lanes::LinearTap<F> ta, tb;
        lanes::linear_tap<I>(a, n.n_a, ta);
        lanes::linear_tap<I>(b, n.n_b, tb);
        const Int ok = (t >= ray[p].t_min) & (t <= ray[p].t_max) & (fi[p] <= plane) & (la[p] >= plane);
        lanes::bilinear_scatter(ta, tb, wt[p], ok, n.n_a, b_begin, b_end, plane * s_major, sa, sb, s, p * width);
      }
    }
    for (int q = 0; q <= plane1 - plane0; ++q) lanes::add_scatter(list[q], out);
  }
}

}  // namespace detail

// joseph_scatter_ray_3d for pixels (u0 + k, v), k < simd_block, of the view, holding values[k],
// in pixel order, into z layers [z_begin, z_end) of out, a volume of fewer than 2^31 voxels.
// Vectors where the CPU has them (host/simd.hpp), else the rays one by one.
template <class Beam, Interpolation I>
void joseph_scatter_block_3d(const View3D& view, int u0, int v, const float* values, const Grid3D& g, int z_begin,
                             int z_end, float* out) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        using F = typename decltype(lanes)::type;
        detail::joseph_scatter_block_3d<Beam, I, F>(view, u0, v, values, g, z_begin, z_end, out);
      },
      [&] {
        for (int k = 0; k < host::simd_block; ++k)
          joseph_scatter_ray_3d<Beam, I>(view, float(u0 + k), float(v), values[k], g, z_begin, z_end, AddTo{out});
      });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
