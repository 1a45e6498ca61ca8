#pragma once
// The host driver's form of the FDK/FBP-weighted backprojection (fbp_backproject_voxel): one
// volume row (y, z) at a time, its voxels in blocks of host::simd_block carried through the
// views, as vectors where the CPU has them (host/simd.hpp). Each voxel sums the same terms
// as fbp_backproject_voxel gives, in view order, so the result is bitwise the scalar one and does
// not depend on how rows are shared among threads. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/fbp_backprojection_3d.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

#include <cstddef>
#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

// flat_fbp_sample (u, v and weight) of voxels (x0 + k, y, z), k < simd_block, of the view with
// matrix m, as F's: the homogeneous detector points by the kernels' own column walk (a loop the
// compiler vectorises), then flat_fbp_sample's arithmetic block-wide. The row loops of the FDK
// backprojection and of its transpose (fbp_transpose_3d_rows.hpp) both read the detector here.
template <class F, int parts>
PYRONN_LANE void flat_fbp_samples_block(const float* m, const Grid3D& g, int x0, int y, int z, F (&u)[parts],
                                        F (&v)[parts], F (&weight)[parts]) {
  constexpr int block = host::simd_block;
  float hx[block], hy[block], hz[block];
  PYRONN_VECTORISE_LOOP
  for (int k = 0; k < block; ++k) {
    const vec3 h = project_column(m, g, x0 + k, y).at(z);
    hx[k] = h.x;
    hy[k] = h.y;
    hz[k] = h.z;
  }
  F px[parts], py[parts], pz[parts];
  std::memcpy(px, hx, sizeof px);
  std::memcpy(py, hy, sizeof py);
  std::memcpy(pz, hz, sizeof pz);
  for (int k = 0; k < parts; ++k) {
    const F inverse_depth = 1.f / pz[k];
    const F ratio = m[11] * inverse_depth;
    u[k] = px[k] * inverse_depth;
    v[k] = py[k] * inverse_depth;
    weight[k] = ratio * ratio;
  }
}

// The body of fbp_backproject_row_3d; F is float (a loop over the block's voxels) or
// host::float_block (the block as one vector).
template <Interpolation I, class F>
PYRONN_LANE void fbp_backproject_row_3d_blocks(const View3D* views, int view_begin, int view_end, const Grid3D& g,
                                               int y, int z, const float* projections, int nu, int nv, float* acc) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  const std::ptrdiff_t per_view = std::ptrdiff_t(nu) * nv;
  for (int x0 = 0; x0 < g.nx; x0 += block) {
    F sum[parts];
    std::memcpy(sum, acc + x0, sizeof sum);  // copied in and out whole, as in the 2D rows
    for (int v = view_begin; v < view_end; ++v) {
      // Where the view reads the block, then fbp_backproject_point's bilinear read, block-wide.
      F u_at[parts], v_at[parts], weight[parts];
      flat_fbp_samples_block(views[v].matrix, g, x0, y, z, u_at, v_at, weight);
      const float* projection = projections + std::ptrdiff_t(v) * per_view;
      for (int k = 0; k < parts; ++k) {
        lanes::LinearTap<F> tu, tv;
        lanes::linear_tap<I>(u_at[k], nu, tu);
        lanes::linear_tap<I>(v_at[k], nv, tv);
        lanes::add_bilinear_read(projection, nu, nv, tu, tv, weight[k], sum[k], 1, nu);
      }
    }
    std::memcpy(acc + x0, sum, sizeof sum);
  }
}

}  // namespace detail

// Adds views [view_begin, view_end)'s contributions to row (y, z) to acc[x], in view order.
// projections is [views][nv][nu], with nu * nv below 2^31. acc holds g.nx rounded up to whole
// blocks (host::simd_padded): the voxels past nx are computed and ignored.
template <Interpolation I>
void fbp_backproject_row_3d(const View3D* views, int view_begin, int view_end, const Grid3D& g, int y, int z,
                            const float* projections, int nu, int nv, float* acc) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        using F = typename decltype(lanes)::type;
        detail::fbp_backproject_row_3d_blocks<I, F>(views, view_begin, view_end, g, y, z, projections, nu, nv, acc);
      },
      [&] {
        detail::fbp_backproject_row_3d_blocks<I, float>(views, view_begin, view_end, g, y, z, projections, nu, nv, acc);
      });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
