#pragma once
// The host driver's form of the FBP transpose's scatter (fbp_transpose_beam_voxel) for flat
// detectors: one volume row (y, z) of one view at a time, its voxels in blocks of
// host::simd_block, as vectors where the CPU has them. Each block reads the detector as the
// FDK rows do (flat_fbp_samples_block: project_column(...).at(z), then flat_fbp_sample, what
// ConeBeam3D and ParallelBeam3D's fbp_sample compute), computes fbp_transpose_sample's amounts
// (bilinear_amounts) and first pixels block-wide into a list, and adds them voxel by voxel in x
// order into the view's projection, held with a margin of one pixel on every side (a ScatterBand2D
// of nv rows, scatter_band_2d.hpp): a pixel just off the detector, which the scalar leaves out,
// gets its amount in the margin, and a voxel that adds nothing adds to a sink slot of its own, so
// the adding loop runs without tests. A voxel feeds four distinct pixels, once each, so walking
// the rows in (z, y) order keeps every pixel's sum in the scalar's (z, y, x) voxel order: bitwise
// the scalar result. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/bilinear_scatter_lanes.hpp>
#include <pyronn/kernels/fbp_backprojection_3d_rows.hpp>
#include <pyronn/kernels/linear_lanes.hpp>
#include <pyronn/kernels/scatter_band_2d.hpp>
#include <pyronn/kernels/scatter_lanes.hpp>

#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

// The body of fbp_transpose_row_3d; F is float (a loop over the block's voxels) or
// host::float_block (the block as one vector).
template <Interpolation I, class F>
PYRONN_LANE void fbp_transpose_row_3d_blocks(const View3D& view, const Grid3D& g, int y, int z, const float* values,
                                             int nu, int nv, const ScatterBand2D& projection) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  constexpr int width = block / parts;                           // lanes in an F
  using Int = typename lanes::Traits<F>::Int;
  // The list holds up to `chunk` blocks: block entries per block, one sink slot for each.
  constexpr int chunk = 8;
  static_assert(chunk * block <= ScatterBand2D::sink_slots, "a sink slot per entry");
  int pixel[chunk * block];  // each voxel's first pixel (u0, v0), or its sink slot
  float amount[4][chunk * block];
  const int first_pixel = projection.index(0, 0), row = projection.width;
  const int next = lanes::opaque_one();  // the step to the next u
  Int lane_sink[parts];                  // the sink slots of a chunk's first block
  lanes::lane_slots(projection.sink(), lane_sink);
  for (int c0 = 0; c0 < g.nx; c0 += chunk * block) {
    const int c1 = c0 + chunk * block < g.nx ? c0 + chunk * block : g.nx;
    for (int x0 = c0; x0 < c1; x0 += block) {
      // The block's values; the lanes past the row's end hold nothing and are masked.
      float value[block];
      int in_row[block];
      for (int k = 0; k < block; ++k) {
        in_row[k] = x0 + k < g.nx ? -1 : 0;
        value[k] = in_row[k] ? values[x0 + k] : 0.f;
      }
      F u[parts], v[parts], weight[parts], val[parts];
      Int ok[parts];
      flat_fbp_samples_block(view.matrix, g, x0, y, z, u, v, weight);
      std::memcpy(val, value, sizeof val);
      std::memcpy(ok, in_row, sizeof ok);
      for (int p = 0; p < parts; ++p) {
        lanes::LinearTap<F> tu, tv;
        lanes::linear_tap<I>(u[p], nu, tu);
        lanes::linear_tap<I>(v[p], nv, tv);
        const Int reads = ok[p] & tu.inside & tv.inside;
        const Int target = reads ? tv.i * row + tu.i + first_pixel : lane_sink[p] + (x0 - c0);
        F corner[4];
        lanes::bilinear_amounts(tu, tv, weight[p] * val[p], corner);
        const int at = (x0 - c0) + p * width;
        std::memcpy(pixel + at, &target, sizeof target);
        for (int c = 0; c < 4; ++c) std::memcpy(amount[c] + at, &corner[c], sizeof corner[c]);
      }
    }
    const int entries = (c1 - c0 + block - 1) / block * block;
    lanes::add_bilinear_list(projection.data, pixel, amount, entries, next, row);
  }
}

}  // namespace detail

// fbp_transpose_beam_voxel for voxels (x, y, z), x < g.nx, holding values[x], of a flat-detector
// view (ConeBeam3D, ParallelBeam3D), in x order, into the view's projection [nv][nu], held as a
// ScatterBand2D of rows [0, nv) and width nu (ScatterBand2D::fits(nv, nu)). Vectors (AVX-512 or
// AVX2, host/simd.hpp) where the CPU has them, else the same body a voxel at a time.
template <Interpolation I>
void fbp_transpose_row_3d(const View3D& view, const Grid3D& g, int y, int z, const float* values, int nu, int nv,
                          const ScatterBand2D& projection) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        detail::fbp_transpose_row_3d_blocks<I, typename decltype(lanes)::type>(view, g, y, z, values, nu, nv, projection);
      },
      [&] { detail::fbp_transpose_row_3d_blocks<I, float>(view, g, y, z, values, nu, nv, projection); });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
