#pragma once
// The host driver's form of the FBP backprojection's transpose (fbp_transpose_pixel): one image row
// of one view at a time, its pixels in blocks of host::simd_block. Where each pixel lands on the
// detector, its weight and its two amounts are computed as vectors (where the CPU has them,
// host/simd.hpp), with fbp_backproject_row's arithmetic, into two lists (lower bins, upper bins) in
// the per-pixel loop's order of additions (x order), which a tight loop then adds into the view's
// sinogram row, entry e of the lower list before entry e of the upper one. So every bin sums the
// same terms in the same order: bitwise the scalar result. A pixel that adds nothing there adds to
// a local sink here. The separate, branch-free loop is what makes this faster than the per-pixel
// loop (as in joseph_2d_scatter_rows.hpp). Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/beam_2d.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

// The body of fbp_transpose_row; F is float (a loop over the block's pixels) or
// host::float_block (the block as one vector).
template <class Beam, Interpolation I, class F>
PYRONN_LANE void fbp_transpose_row_blocks(const View2D& view, const Grid2D& g, int y, const float* image_row, int nu,
                                          float* sinogram_row) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  constexpr int width = block / parts;                           // lanes in an F
  using Int = typename lanes::Traits<F>::Int;
  // The lists hold up to `chunk` blocks: block bins and amounts per block each.
  constexpr int chunk = 8;
  int bin0[chunk * block], bin1[chunk * block];  // each pixel's lower and upper bin
  float amount0[chunk * block], amount1[chunk * block];
  float sink[chunk * 2 * block] = {};  // where pixels that add nothing add
  for (int c0 = 0; c0 < g.nx; c0 += chunk * block) {
    const int c1 = c0 + chunk * block < g.nx ? c0 + chunk * block : g.nx;
    for (int x0 = c0; x0 < c1; x0 += block) {
      float u[block], weight[block], value[block];
      int pixel[block];
      PYRONN_VECTORISE_LOOP
      for (int k = 0; k < block; ++k) {
        const vec2 p = g.world(float(x0 + k), float(y));
        u[k] = Beam::detector_coordinate(view, p);
        weight[k] = Beam::fbp_weight(view, p);
        pixel[k] = x0 + k < g.nx;
      }
      if (x0 + block <= g.nx) std::memcpy(value, image_row + x0, sizeof value);
      else for (int k = 0; k < block; ++k) value[k] = pixel[k] ? image_row[x0 + k] : 0.f;
      for (int p = 0; p < parts; ++p) {
        F up, wp, vp;
        Int in_row;
        std::memcpy(&up, u + p * width, sizeof up);
        std::memcpy(&wp, weight + p * width, sizeof wp);
        std::memcpy(&vp, value + p * width, sizeof vp);
        std::memcpy(&in_row, pixel + p * width, sizeof in_row);
        lanes::LinearTap<F> tap;
        lanes::linear_tap<I>(up, nu, tap);
        const Int reads = tap.inside & (in_row != 0);
        const Int ok0 = reads & (tap.i >= 0), ok1 = reads & (tap.i + 1 < nu);
        const F weighted = wp * vp, zero{};
        const Int unused = Int{} - 1;
        const Int b0 = ok0 ? tap.i : unused, b1 = ok1 ? tap.i + 1 : unused;
        const F a0 = ok0 ? (1.f - tap.w1) * weighted : zero, a1 = ok1 ? tap.w1 * weighted : zero;
        const int at = (x0 - c0) + p * width;
        std::memcpy(bin0 + at, &b0, sizeof b0);
        std::memcpy(bin1 + at, &b1, sizeof b1);
        std::memcpy(amount0 + at, &a0, sizeof a0);
        std::memcpy(amount1 + at, &a1, sizeof a1);
      }
    }
    const int n = (c1 - c0 + block - 1) / block * block;
    // A pixel's two targets first, then its two additions, which are independent (measured: faster
    // than one entry at a time).
    for (int e = 0; e < n; ++e) {
      float* lower = bin0[e] >= 0 ? sinogram_row + bin0[e] : sink + 2 * e;
      float* upper = bin1[e] >= 0 ? sinogram_row + bin1[e] : sink + 2 * e + 1;
      *lower += amount0[e];
      *upper += amount1[e];
    }
  }
}

}  // namespace detail

// Adds what row y of the image (image_row[0 .. nx-1]) gives back to one view's sinogram row (nu
// bins) through fbp_transpose_pixel, pixel by pixel in x order.
template <class Beam, Interpolation I>
void fbp_transpose_row(const View2D& view, const Grid2D& g, int y, const float* image_row, int nu,
                       float* sinogram_row) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        detail::fbp_transpose_row_blocks<Beam, I, typename decltype(lanes)::type>(view, g, y, image_row, nu, sinogram_row);
      },
      [&] { detail::fbp_transpose_row_blocks<Beam, I, float>(view, g, y, image_row, nu, sinogram_row); });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
