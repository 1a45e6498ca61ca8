#pragma once
// The host driver's form of the FBP-weighted backprojection (fbp_backproject_pixel): one image row
// at a time, the row's pixels in blocks of host::simd_block carried through all views, as vectors
// where the CPU has them (host/simd.hpp). Each pixel sums the same terms as
// fbp_backproject_pixel gives, in view order from zero, so the result is bitwise the scalar one
// and does not depend on how rows are shared among threads. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/beam_2d.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

#include <cstddef>
#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

// The body of fbp_backproject_row; F is float (a loop over the block's pixels) or
// host::float_block (the block as one vector).
template <class Beam, Interpolation I, class F>
PYRONN_LANE void fbp_backproject_row_blocks(const View2D* views, int view_begin, int view_end, const Grid2D& g, int y,
                                            const float* sinogram, int nu, float* acc) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  for (int x0 = 0; x0 < g.nx; x0 += block) {
    // The block's sums, copied in and out whole (a vector store read back as a vector forwards;
    // lanes written one by one would not).
    F sum[parts];
    std::memcpy(sum, acc + x0, sizeof sum);
    for (int v = view_begin; v < view_end; ++v) {
      const View2D view = views[v];
      // Where each pixel lands and its weight, by the beam's own functions (a loop without
      // branches, which the compiler vectorises), then the reads.
      float u[block], weight[block];
      PYRONN_VECTORISE_LOOP
      for (int k = 0; k < block; ++k) {
        const vec2 p = g.world(float(x0 + k), float(y));
        u[k] = Beam::detector_coordinate(view, p);
        weight[k] = Beam::fbp_weight(view, p);
      }
      F up[parts], wp[parts];
      std::memcpy(up, u, sizeof up);
      std::memcpy(wp, weight, sizeof wp);
      const float* row = sinogram + std::ptrdiff_t(v) * nu;
      for (int k = 0; k < parts; ++k) {
        lanes::LinearTap<F> tap;
        lanes::linear_tap<I>(up[k], nu, tap);
        lanes::add_linear_read_near(row, nu, tap, wp[k], sum[k]);
      }
    }
    std::memcpy(acc + x0, sum, sizeof sum);
  }
}

}  // namespace detail

// Adds views [view_begin, view_end)'s contributions to row y to acc[x], in view order. sinogram is
// [views][nu]. acc holds g.nx rounded up to whole blocks (host::simd_padded): the pixels past nx
// are computed and ignored.
template <class Beam, Interpolation I>
void fbp_backproject_row(const View2D* views, int view_begin, int view_end, const Grid2D& g, int y,
                         const float* sinogram, int nu, float* acc) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        using F = typename decltype(lanes)::type;
        detail::fbp_backproject_row_blocks<Beam, I, F>(views, view_begin, view_end, g, y, sinogram, nu, acc);
      },
      [&] { detail::fbp_backproject_row_blocks<Beam, I, float>(views, view_begin, view_end, g, y, sinogram, nu, acc); });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
