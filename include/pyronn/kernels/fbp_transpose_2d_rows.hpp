#pragma once
// The host driver's form of the FBP backprojection's transpose (fbp_transpose_pixel): one image row
// of one view at a time, its pixels in blocks of host::simd_block. Where each pixel lands on the
// detector, its weight, its two amounts and its lower bin are computed as vectors (where the CPU
// has them, host/simd.hpp), with fbp_backproject_row's arithmetic, into a list in the per-pixel
// loop's order of additions (x order), which a tight loop then adds into the view's sinogram row,
// held with a margin of one bin on each side (a one-row ScatterBand2D, scatter_band_2d.hpp): the
// lower bin, then the upper one. So every bin sums the same terms in the same order: bitwise the
// scalar result. A tap that the scalar drops because its bin is just off the detector lands in the
// margin, and a pixel that adds nothing there adds to a sink slot of its own. The separate,
// branch-free loop is what makes this faster than the per-pixel loop (as in
// joseph_2d_scatter_rows.hpp). Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/beam_2d.hpp>
#include <pyronn/kernels/linear_lanes.hpp>
#include <pyronn/kernels/scatter_band_2d.hpp>
#include <pyronn/kernels/scatter_lanes.hpp>

#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

// The body of fbp_transpose_row; F is float (a loop over the block's pixels) or
// host::float_block (the block as one vector).
template <class Beam, Interpolation I, class F>
PYRONN_LANE void fbp_transpose_row_blocks(const View2D& view, const Grid2D& g, int y, const float* image_row, int nu,
                                          const ScatterBand2D& sinogram_row) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  constexpr int width = block / parts;                           // lanes in an F
  using Int = typename lanes::Traits<F>::Int;
  // The list holds up to `chunk` blocks: block entries per block, one sink slot for each.
  constexpr int chunk = 8;
  static_assert(chunk * block <= ScatterBand2D::sink_slots, "a sink slot per entry");
  int bin[chunk * block];  // each pixel's lower bin's offset in the row, or its sink slot
  float amount0[chunk * block], amount1[chunk * block];
  const int bin_0 = sinogram_row.index(0, 0);
  const int next = lanes::opaque_one();  // the upper bin's offset from the lower
  Int lane_sink[parts];                  // the sink slots of a chunk's first block
  lanes::lane_slots(sinogram_row.sink(), lane_sink);
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
        const F weighted = wp * vp;
        const Int b = reads ? tap.i + bin_0 : lane_sink[p] + (x0 - c0);
        const F a0 = (1.f - tap.w1) * weighted, a1 = tap.w1 * weighted;
        const int at = (x0 - c0) + p * width;
        std::memcpy(bin + at, &b, sizeof b);
        std::memcpy(amount0 + at, &a0, sizeof a0);
        std::memcpy(amount1 + at, &a1, sizeof a1);
      }
    }
    const int n = (c1 - c0 + block - 1) / block * block;
    for (int e = 0; e < n; ++e) {
      float* lower = sinogram_row.data + bin[e];
      lower[0] += amount0[e];
      lower[next] += amount1[e];
    }
  }
}

}  // namespace detail

// Adds what row y of the image (image_row[0 .. nx-1]) gives back to one view's sinogram row (nu
// bins, held as a one-row ScatterBand2D of width nu) through fbp_transpose_pixel, pixel by pixel in
// x order.
template <class Beam, Interpolation I>
void fbp_transpose_row(const View2D& view, const Grid2D& g, int y, const float* image_row, int nu,
                       const ScatterBand2D& sinogram_row) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        detail::fbp_transpose_row_blocks<Beam, I, typename decltype(lanes)::type>(view, g, y, image_row, nu, sinogram_row);
      },
      [&] { detail::fbp_transpose_row_blocks<Beam, I, float>(view, g, y, image_row, nu, sinogram_row); });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
