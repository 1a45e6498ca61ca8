#pragma once
// The host driver's form of Joseph's 3D ray-driven scatter (joseph_scatter_ray_3d): a block of
// host::simd_block neighbouring pixels of a detector row, one lane per ray, as AVX2 vectors where
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
  float o_major[block], o_a[block], o_b[block], d_a[block], d_b[block], inverse[block], t_min[block], t_max[block],
      weighted[block];
  int first[block], last[block];
  int major = 0;
  for (int k = 0; k < block; ++k) {
    const IndexRay3D r = to_index_space(Beam::ray(view, float(u0 + k), float(v)), g);
    if (k == 0) major = r.major;
    if (r.major != major) {  // mixed major axes: ray by ray
      for (int j = 0; j < block; ++j)
        joseph_scatter_ray_3d<Beam, I>(view, float(u0 + j), float(v), values[j], g, z_begin, z_end, AddTo{out});
      return;
    }
    joseph_scatter_planes_3d(r, plane_axes(major, g), z_begin, z_end, first[k], last[k]);
    o_major[k] = r.o_major;
    o_a[k] = r.o_a;
    o_b[k] = r.o_b;
    d_a[k] = r.d_a;
    d_b[k] = r.d_b;
    inverse[k] = r.inverse_major;
    t_min[k] = r.t_min;
    t_max[k] = r.t_max;
    weighted[k] = values[k] * r.step;
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
  F om[parts], oa[parts], ob[parts], da[parts], db[parts], inv[parts], tmin[parts], tmax[parts], wt[parts];
  Int fi[parts], la[parts];
  std::memcpy(om, o_major, sizeof om);
  std::memcpy(oa, o_a, sizeof oa);
  std::memcpy(ob, o_b, sizeof ob);
  std::memcpy(da, d_a, sizeof da);
  std::memcpy(db, d_b, sizeof db);
  std::memcpy(inv, inverse, sizeof inv);
  std::memcpy(tmin, t_min, sizeof tmin);
  std::memcpy(tmax, t_max, sizeof tmax);
  std::memcpy(wt, weighted, sizeof wt);
  std::memcpy(fi, first, sizeof fi);
  std::memcpy(la, last, sizeof la);
  lanes::BilinearScatter s;
  for (int plane = plane_begin; plane <= plane_end; ++plane) {
    for (int p = 0; p < parts; ++p) {
      // cross_major_plane's arithmetic and test, in_plane_support (the taps' inside), the lane's
      // own plane range: every test the scalar makes, so that each lane scatters exactly the
      // scalar's samples, even where another test would already reject a sample.
      const F t = (float(plane) - om[p]) * inv[p];
      const F a = oa[p] + t * da[p], b = ob[p] + t * db[p];
      lanes::LinearTap<F> ta, tb;
      lanes::linear_tap<I>(a, n.n_a, ta);
      lanes::linear_tap<I>(b, n.n_b, tb);
      const Int ok = (t >= tmin[p]) & (t <= tmax[p]) & (fi[p] <= plane) & (la[p] >= plane);
      lanes::bilinear_scatter(ta, tb, wt[p], ok, n.n_a, b_begin, b_end, plane * s_major, sa, sb, s, p * width);
    }
    lanes::add_scatter(s, out);
  }
}

template <class Beam, Interpolation I>
PYRONN_TARGET_AVX2 void joseph_scatter_block_3d_avx2(const View3D& view, int u0, int v, const float* values,
                                                     const Grid3D& g, int z_begin, int z_end, float* out) {
#if PYRONN_HOST_SIMD
  joseph_scatter_block_3d<Beam, I, host::float_block>(view, u0, v, values, g, z_begin, z_end, out);
#else
  joseph_scatter_block_3d<Beam, I, float>(view, u0, v, values, g, z_begin, z_end, out);
#endif
}

}  // namespace detail

// joseph_scatter_ray_3d for pixels (u0 + k, v), k < simd_block, of the view, holding values[k],
// in pixel order, into z layers [z_begin, z_end) of out, a volume of fewer than 2^31 voxels. AVX2
// vectors where the CPU has them, else the rays one by one.
template <class Beam, Interpolation I>
void joseph_scatter_block_3d(const View3D& view, int u0, int v, const float* values, const Grid3D& g, int z_begin,
                             int z_end, float* out) {
  if (host::use_avx2()) {
    detail::joseph_scatter_block_3d_avx2<Beam, I>(view, u0, v, values, g, z_begin, z_end, out);
  } else {
    for (int k = 0; k < host::simd_block; ++k)
      joseph_scatter_ray_3d<Beam, I>(view, float(u0 + k), float(v), values[k], g, z_begin, z_end, AddTo{out});
  }
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
