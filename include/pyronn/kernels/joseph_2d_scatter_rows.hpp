#pragma once
// The host driver's form of the Joseph scatter (joseph_scatter_ray): a block of host::simd_block
// neighbouring bins of one view, one lane per ray, as the forward blocks (joseph_2d_rows.hpp). The
// lanes walk the union of their rays' line ranges and compute each crossing's lower pixel and two
// amounts as vectors, into a list in the scalar's order of additions: line by line, lane by lane.
// A tight loop then adds entry e's two amounts to its pixel and the next one along the minor axis,
// in a thread's band with a margin (scatter_band_2d.hpp). That keeps every pixel's sum in (view,
// bin) order: all rays of a block share the major axis, so a pixel receives from them only at its
// own line, once per ray. Bitwise the scalar result.
//
// A tap that the scalar drops because its pixel is outside the image or the band lands in the
// band's margin; a lane that adds nothing at a line (outside its own range, or a crossing that
// fails one of joseph_scatter_ray's tests) adds to a sink slot of its own. So the band's rows get
// exactly the scalar's additions. Measured on the development machine: adding the list in a
// separate, branch-free loop takes 30-40 % less time than adding each line's amounts as they are
// computed, with a branch per lane. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/joseph_2d_scatter.hpp>
#include <pyronn/kernels/joseph_ray_lanes.hpp>
#include <pyronn/kernels/linear_lanes.hpp>
#include <pyronn/kernels/scatter_band_2d.hpp>
#include <pyronn/kernels/scatter_lanes.hpp>

#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

template <class Beam, Interpolation I, class F>
PYRONN_LANE void joseph_scatter_block(const View2D& view, int u0, const float* values, const Grid2D& g,
                                      const ScatterBand2D& band) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  constexpr int width = block / parts;                           // lanes in an F
  using Int = typename lanes::Traits<F>::Int;
  const int row_begin = band.row_begin, row_end = band.row_end;
  lanes::JosephRays2D rays;
  if (!lanes::set_up_rays<Beam>(view, u0, g, rays)) {  // mixed major axes: ray by ray
    for (int k = 0; k < block; ++k)
      joseph_scatter_ray<Beam, I>(view, float(u0 + k), values[k], g, row_begin, row_end, AddTo{band.data},
                                  band.layout());
    return;
  }
  const bool x_major = rays.x_major;
  int first[block], last[block];
  float weighted[block];
  for (int k = 0; k < block; ++k) {
    if (x_major) {  // joseph_scatter_ray's clip of the columns to the band
      const IndexRange lines = columns_feeding_rows(rays.ray[k], g, row_begin, row_end);
      first[k] = lines.begin;
      last[k] = lines.end - 1;
    } else {  // the band's rows, less those where the ray is outside the image (they add nothing)
      int support_first, support_last;
      lines_in_support(rays.ray[k], g, support_first, support_last);
      first[k] = row_begin > support_first ? row_begin : support_first;
      last[k] = row_end - 1 < support_last ? row_end - 1 : support_last;
    }
    weighted[k] = values[k] * rays.step[k];
  }
  int line_begin = first[0], line_end = last[0];
  for (int k = 1; k < block; ++k) {
    line_begin = first[k] < line_begin ? first[k] : line_begin;
    line_end = last[k] > line_end ? last[k] : line_end;
  }
  const int n_minor = x_major ? g.ny : g.nx;
  // A pixel's offset in the band is line * s_line + minor index * s_minor + offset.
  const Layout2D layout = band.layout();
  const int s_line = x_major ? 1 : int(layout.row), s_minor = x_major ? int(layout.row) : 1;
  const int offset = int(layout.offset);
  lanes::JosephLanes2D<F> ray[parts];
  F wt[parts];
  Int fi[parts], la[parts], lane_sink[parts];
  lanes::lane_slots(band.sink(), lane_sink);
  for (int p = 0; p < parts; ++p) {
    ray[p].load(rays, p * width);
    lanes::load(weighted, p * width, wt[p]);
    lanes::load(first, p * width, fi[p]);
    lanes::load(last, p * width, la[p]);
  }
  // The list holds up to `chunk` lines: block entries per line, one sink slot for each.
  constexpr int chunk = ScatterBand2D::sink_slots / block;
  int pixel[chunk * block];  // each lane's lower pixel, or its sink slot
  float amount0[chunk * block], amount1[chunk * block];
  for (int line0 = line_begin; line0 <= line_end; line0 += chunk) {
    const int line1 = line0 + chunk - 1 < line_end ? line0 + chunk - 1 : line_end;
    for (int line = line0; line <= line1; ++line) {
      for (int p = 0; p < parts; ++p) {
        // cross_major_line's arithmetic and joseph_scatter_ray's tests, but for the image's and
        // the band's bounds, which the margin takes.
        F t, minor;
        ray[p].cross(line, t, minor);
        lanes::LinearTap<F> tap;
        lanes::linear_tap<I>(minor, n_minor, tap);
        const Int sample = tap.inside & (t >= ray[p].t_min) & (t <= ray[p].t_max) & (fi[p] <= line) & (la[p] >= line);
        const Int lower = tap.i * s_minor + (line * s_line + offset);
        const Int target = sample ? lower : lane_sink[p] + (line - line0) * block;
        const F a0 = (1.f - tap.w1) * wt[p], a1 = tap.w1 * wt[p];
        const int at = (line - line0) * block + p * width;
        std::memcpy(pixel + at, &target, sizeof target);
        std::memcpy(amount0 + at, &a0, sizeof a0);
        std::memcpy(amount1 + at, &a1, sizeof a1);
      }
    }
    const int n = (line1 - line0 + 1) * block;
    for (int e = 0; e < n; ++e) {
      float* lower = band.data + pixel[e];
      lower[0] += amount0[e];
      lower[s_minor] += amount1[e];
    }
  }
}

}  // namespace detail

// joseph_scatter_ray for bins u0 .. u0 + simd_block - 1 of the view, values[k] for bin u0 + k, in
// that order, into a band (scatter_band_2d.hpp) of a grid that ScatterBand2D::fits. Vectors
// (AVX-512 or AVX2, host/simd.hpp) where the CPU has them, else the rays one by one.
template <class Beam, Interpolation I>
void joseph_scatter_block(const View2D& view, int u0, const float* values, const Grid2D& g, const ScatterBand2D& band) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        detail::joseph_scatter_block<Beam, I, typename decltype(lanes)::type>(view, u0, values, g, band);
      },
      [&] {
        for (int k = 0; k < host::simd_block; ++k)
          joseph_scatter_ray<Beam, I>(view, float(u0 + k), values[k], g, band.row_begin, band.row_end,
                                      AddTo{band.data}, band.layout());
      });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
