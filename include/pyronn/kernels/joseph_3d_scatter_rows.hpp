#pragma once
// The host driver's form of Joseph's 3D ray-driven scatter (joseph_scatter_ray_3d): a block of
// host::simd_block neighbouring pixels of a detector row, one lane per ray, as vectors where
// the CPU has them, the transpose of joseph_forward_block_3d. The lanes walk the union of their
// rays' plane ranges (each clipped to the thread's slab as the scalar clips it); per plane the
// crossings, amounts (bilinear_amounts) and first voxels are computed block-wide into a list, which
// a tight loop then adds, lane by lane, to each sample's four voxels in a thread's slab with a
// margin (scatter_slab_3d.hpp). A voxel that the scalar leaves out because it is outside the volume
// or the slab gets its amount in the margin; a lane that adds nothing at a plane adds to a sink
// slot of its own. Measured on the development machine: a fifth less time than a list of four
// tested indices per sample, added into the volume.
//
// Why the sums stay bitwise the scalar's: the rays of a block share their major axis, so a voxel
// is fed only at its own plane, at most once per ray; the block adds a plane's amounts in lane
// (= pixel) order and, per lane, in the scalar's corner order, so every voxel still sums its terms
// in (view, pixel) order, as the scalar scatter walking the rays one by one does. Blocks whose
// rays do not share a major axis take joseph_scatter_ray_3d per ray. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/bilinear_scatter_lanes.hpp>
#include <pyronn/kernels/joseph_3d.hpp>
#include <pyronn/kernels/joseph_3d_scatter.hpp>
#include <pyronn/kernels/joseph_ray_lanes.hpp>
#include <pyronn/kernels/linear_lanes.hpp>
#include <pyronn/kernels/scatter_lanes.hpp>
#include <pyronn/kernels/scatter_slab_3d.hpp>

#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

// The body of joseph_scatter_block_3d; F is float (a loop over the block's rays) or
// host::float_block (the block as one vector).
template <class Beam, Interpolation I, class F>
PYRONN_LANE void joseph_scatter_block_3d(const View3D& view, int u0, int v, const float* values, const Grid3D& g,
                                         const ScatterSlab3D& slab) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  constexpr int width = block / parts;                           // lanes in an F
  using Int = typename lanes::Traits<F>::Int;
  const int z_begin = slab.z_begin, z_end = slab.z_end;
  lanes::JosephRays3D rays;
  if (!lanes::set_up_rays<Beam>(view, u0, v, g, rays)) {  // mixed major axes: ray by ray
    for (int k = 0; k < block; ++k)
      joseph_scatter_ray_3d<Beam, I>(view, float(u0 + k), float(v), values[k], g, z_begin, z_end, AddTo{slab.data},
                                     slab.layout());
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
  // The slab's strides along the major axis and along a and b, joseph_scatter_ray_3d's axes; a
  // voxel's offset is plane * s_major + a index * sa + b index * sb + offset.
  const Layout3D layout = slab.layout();
  const int row = int(layout.row), layer = int(layout.layer), offset = int(layout.offset);
  const int s_major = major == 0 ? 1 : (major == 1 ? row : layer);
  const int sa = major == 0 ? row : 1, sb = major == 2 ? row : layer;
  lanes::JosephLanes3D<F> ray[parts];
  F wt[parts];
  Int fi[parts], la[parts], lane_sink[parts];
  lanes::lane_slots(slab.sink(), lane_sink);
  for (int p = 0; p < parts; ++p) {
    ray[p].load(rays, p * width);
    lanes::load(weighted, p * width, wt[p]);
    lanes::load(first, p * width, fi[p]);
    lanes::load(last, p * width, la[p]);
  }
  // The list holds up to `chunk` planes, block entries per plane, one sink slot for each: measured,
  // 4 planes take 10 % less time than adding each plane's as they come (the adds then overlap
  // more computation).
  constexpr int chunk = ScatterSlab3D::sink_slots / block;
  int voxel[chunk * block];  // each lane's first voxel (a0, b0), or its sink slot
  float amount[4][chunk * block];
  for (int plane0 = plane_begin; plane0 <= plane_end; plane0 += chunk) {
    const int plane1 = plane0 + chunk - 1 < plane_end ? plane0 + chunk - 1 : plane_end;
    for (int plane = plane0; plane <= plane1; ++plane) {
      for (int p = 0; p < parts; ++p) {
        // cross_major_plane's arithmetic and test, in_plane_support (the taps' inside), the lane's
        // own plane range: every test the scalar makes but for the volume's and the slab's bounds,
        // which the margin takes.
        F t, a, b;
        ray[p].cross(plane, t, a, b);
        lanes::LinearTap<F> ta, tb;
        lanes::linear_tap<I>(a, n.n_a, ta);
        lanes::linear_tap<I>(b, n.n_b, tb);
        const Int sample =
            ta.inside & tb.inside & (t >= ray[p].t_min) & (t <= ray[p].t_max) & (fi[p] <= plane) & (la[p] >= plane);
        const Int target =
            sample ? ta.i * sa + tb.i * sb + (plane * s_major + offset) : lane_sink[p] + (plane - plane0) * block;
        F corner[4];
        lanes::bilinear_amounts(ta, tb, wt[p], corner);
        const int at = (plane - plane0) * block + p * width;
        std::memcpy(voxel + at, &target, sizeof target);
        for (int c = 0; c < 4; ++c) std::memcpy(amount[c] + at, &corner[c], sizeof corner[c]);
      }
    }
    lanes::add_bilinear_list(slab.data, voxel, amount, (plane1 - plane0 + 1) * block, sa, sb);
  }
}

}  // namespace detail

// joseph_scatter_ray_3d for pixels (u0 + k, v), k < simd_block, of the view, holding values[k],
// in pixel order, into a slab (scatter_slab_3d.hpp) of a grid that ScatterSlab3D::fits. Vectors
// where the CPU has them (host/simd.hpp), else the rays one by one.
template <class Beam, Interpolation I>
void joseph_scatter_block_3d(const View3D& view, int u0, int v, const float* values, const Grid3D& g,
                             const ScatterSlab3D& slab) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        using F = typename decltype(lanes)::type;
        detail::joseph_scatter_block_3d<Beam, I, F>(view, u0, v, values, g, slab);
      },
      [&] {
        for (int k = 0; k < host::simd_block; ++k)
          joseph_scatter_ray_3d<Beam, I>(view, float(u0 + k), float(v), values[k], g, slab.z_begin, slab.z_end,
                                         AddTo{slab.data}, slab.layout());
      });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
