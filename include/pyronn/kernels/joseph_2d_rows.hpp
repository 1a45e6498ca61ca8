#pragma once
// The host driver's form of Joseph's forward projection (joseph_forward_ray): a block of
// host::simd_block neighbouring bins of one view as vectors, one lane per ray. The lanes walk
// the union of their rays' line ranges; a lane outside its own range, or whose crossing fails
// cross_major_line's test, adds zero, which leaves its sum as it was. So each ray sums the same
// samples in the same line order as joseph_forward_ray: bitwise the same result. Blocks whose rays
// do not share a major axis (fan beams near 45 degrees) take joseph_forward_ray per ray.
//
// Rays along x read down the image's columns, a lane's two samples each in another row: 16 single
// loads per block and line. Given the image transposed ([nx][ny]), they read a row of it instead,
// where a block's samples lie close together and come in two vector loads
// (lanes::add_linear_read_near): the same samples, so the same sums. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/array_sampler_2d.hpp>
#include <pyronn/kernels/joseph_2d.hpp>
#include <pyronn/kernels/joseph_ray_lanes.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

#include <algorithm>
#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace detail {

template <class Beam, Interpolation I, class F>
PYRONN_LANE void joseph_forward_block(const View2D& view, int u0, const Grid2D& g, const float* image,
                                      const float* transposed, float* out) {
  constexpr int block = host::simd_block;
  constexpr int parts = sizeof(F) == sizeof(float) ? block : 1;  // F's in a block
  using Int = typename lanes::Traits<F>::Int;
  lanes::JosephRays2D rays;
  if (!lanes::set_up_rays<Beam>(view, u0, g, rays)) {  // mixed major axes: ray by ray
    const ArraySampler2D<I> sampler{image, g.nx, g.ny};
    for (int k = 0; k < block; ++k) out[k] = joseph_forward_ray<Beam>(view, float(u0 + k), g, sampler);
    return;
  }
  int first[block], last[block];
  for (int k = 0; k < block; ++k) lines_in_support(rays.ray[k], g, first[k], last[k]);
  const bool x_major = rays.x_major;
  const int line_begin = *std::min_element(first, first + block), line_end = *std::max_element(last, last + block);
  const int n_minor = x_major ? g.ny : g.nx;
  // Where the minor axis runs along memory: the image's rows, or the transposed image's; null for
  // rays along x without a transposed image, which read down the columns.
  const float* rows = x_major ? transposed : image;
  for (int p = 0; p < parts; ++p) {
    const int at = p * (block / parts);
    lanes::JosephLanes2D<F> ray;
    ray.load(rays, at);
    F st, sum{}, one{};
    Int fi, la;
    one += 1.f;
    lanes::load(rays.step, at, st);
    lanes::load(first, at, fi);
    lanes::load(last, at, la);
    for (int line = line_begin; line <= line_end; ++line) {
      // cross_major_line's arithmetic, then the sampler's read along the minor axis.
      F t, minor;
      ray.cross(line, t, minor);
      lanes::LinearTap<F> tap;
      lanes::linear_tap<I>(minor, n_minor, tap);
      tap.inside = tap.inside & (t >= ray.t_min) & (t <= ray.t_max) & (fi <= line) & (la >= line);
      if (rows) lanes::add_linear_read_near(rows + line * (x_major ? g.ny : g.nx), n_minor, tap, one, sum);
      else lanes::add_linear_read(image + line, n_minor, tap, one, sum, g.nx);
    }
    sum = sum * st;
    std::memcpy(out + at, &sum, sizeof sum);
  }
}

}  // namespace detail

// out[k] = joseph_forward_ray for bins u0 .. u0 + simd_block - 1 of the view, for an image of
// fewer than 2^31 pixels; transposed is the image as [nx][ny], or null (then rays along x read the
// image's columns). Vectors where the CPU has them, else the rays one by one.
template <class Beam, Interpolation I>
void joseph_forward_block(const View2D& view, int u0, const Grid2D& g, const float* image, const float* transposed,
                          float* out) {
  host::run_simd(
      [&](auto lanes) PYRONN_LANE_BODY {
        detail::joseph_forward_block<Beam, I, typename decltype(lanes)::type>(view, u0, g, image, transposed, out);
      },
      [&] {
        const ArraySampler2D<I> sampler{image, g.nx, g.ny};
        for (int k = 0; k < host::simd_block; ++k) out[k] = joseph_forward_ray<Beam>(view, float(u0 + k), g, sampler);
      });
}

}  // namespace pyronn

PYRONN_SIMD_CODE_END
