#pragma once
// Joseph's method (P. M. Joseph, IEEE TMI 1982): a ray crosses each pixel line of its major axis
// once; the image is interpolated linearly along the minor axis at the crossing, and each sample
// stands for the ray's length between two lines. The forward projection (one ray, gathering) and
// its exact adjoint (one pixel, gathering from the rays that sampled it) are written against the
// same crossing and weight functions, so they are each other's transpose by construction, and
// the adjoint needs no atomics: it is deterministic.

#include <pyronn/geometry/grid_2d.hpp>
#include <pyronn/kernels/beam_2d.hpp>
#include <pyronn/kernels/interpolation.hpp>
#include <pyronn/kernels/support_range.hpp>

#include <cmath>

namespace pyronn {

// A ray in pixel-index coordinates, t still in mm.
struct IndexRay2D {
  vec2 origin;
  vec2 dir;
  float t_min, t_max;
  bool x_major;  // steps over columns (x) and interpolates along y
  float step;    // mm of ray between two consecutive major lines
  float inverse_major;  // 1 / dir along the major axis: a multiplication per line instead of a division
};

PYRONN_HD IndexRay2D to_index_space(const Ray2D& r, const Grid2D& g) {
  IndexRay2D out;
  out.origin = {(r.origin.x - g.origin.x) / g.spacing.x, (r.origin.y - g.origin.y) / g.spacing.y};
  out.dir = {r.dir.x / g.spacing.x, r.dir.y / g.spacing.y};
  out.t_min = r.t_min;
  out.t_max = r.t_max;
  out.x_major = fabsf(out.dir.x) >= fabsf(out.dir.y);
  out.inverse_major = 1.f / (out.x_major ? out.dir.x : out.dir.y);
  out.step = fabsf(out.inverse_major);
  return out;
}

// Minor-axis coordinate where the ray crosses major line k; false where that crossing lies
// outside the ray's [t_min, t_max].
PYRONN_HD bool cross_major_line(const IndexRay2D& r, int k, float& minor) {
  float t;
  if (r.x_major) {
    t = (float(k) - r.origin.x) * r.inverse_major;
    minor = r.origin.y + t * r.dir.y;
  } else {
    t = (float(k) - r.origin.y) * r.inverse_major;
    minor = r.origin.x + t * r.dir.x;
  }
  return t >= r.t_min && t <= r.t_max;
}

// The major lines [first, last] whose crossing can lie in the sampler's support (support_range.hpp).
PYRONN_HD void lines_in_support(const IndexRay2D& r, const Grid2D& g, int& first, int& last) {
  const int n_major = r.x_major ? g.nx : g.ny;
  LineRange range = all_lines(n_major);
  if (r.x_major) range.narrow(r.origin.x, r.origin.y, r.dir.y * r.inverse_major, float(g.ny));
  else range.narrow(r.origin.y, r.origin.x, r.dir.x * r.inverse_major, float(g.nx));
  range.lines(n_major, first, last);
}

// Line integral (mm x value) of the image along the ray of bin u. Sampler: along_x / along_y as
// ArraySampler2D or the CUDA texture sampler.
template <class Beam, class Sampler>
PYRONN_HD float joseph_forward_ray(const View2D& view, float u, const Grid2D& g, const Sampler& image) {
  const IndexRay2D r = to_index_space(Beam::ray(view, u), g);
  int first, last;
  lines_in_support(r, g, first, last);
  float sum = 0.f;
  for (int k = first; k <= last; ++k) {
    float m;
    if (!cross_major_line(r, k, m)) continue;
    sum += r.x_major ? image.along_y(k, m) : image.along_x(m, k);
  }
  return sum * r.step;
}

// The transpose of joseph_forward_ray for one pixel and one view: the sum over the view's bins of
// sinogram(u) times the weight with which ray u sampled pixel (x, y). Only bins whose ray passes
// within one pixel of (x, y) along a major line can contribute; they lie between the detector
// positions of the four neighbouring pixel centres.
template <class Beam, Interpolation I>
PYRONN_HD float joseph_adjoint_pixel(const View2D& view, const float* sinogram_row, int nu, const Grid2D& g, int x,
                                     int y) {
  const vec2 c = g.world(float(x), float(y));
  const vec2 ex = {g.spacing.x, 0.f}, ey = {0.f, g.spacing.y};
  const float u0 = Beam::detector_coordinate(view, c - ex), u1 = Beam::detector_coordinate(view, c + ex);
  const float u2 = Beam::detector_coordinate(view, c - ey), u3 = Beam::detector_coordinate(view, c + ey);
  float lo = fminf(fminf(u0, u1), fminf(u2, u3));
  float hi = fmaxf(fmaxf(u0, u1), fmaxf(u2, u3));
  if (!(hi >= -1.f && lo <= float(nu))) return 0.f;  // off the detector, or NaN
  // Contributing rays lie strictly between lo and hi; the margin covers rounding in lo and hi
  // (far below 1e-3 bins), and rays it lets in get weight 0 from the exact test below.
  const float margin = 1e-3f;
  const int first = int(ceilf(fmaxf(lo - margin, 0.f)));
  const int last = int(floorf(fminf(hi + margin, float(nu - 1))));
  float sum = 0.f;
  for (int u = first; u <= last; ++u) {
    const IndexRay2D r = to_index_space(Beam::ray(view, float(u)), g);
    float m;
    if (!cross_major_line(r, r.x_major ? x : y, m)) continue;
    if (!(m > -1.f && m < float(r.x_major ? g.ny : g.nx))) continue;  // the forward sampler's range
    sum += axis_weight<I>(m, r.x_major ? y : x) * r.step * sinogram_row[u];
  }
  return sum;
}

}  // namespace pyronn
