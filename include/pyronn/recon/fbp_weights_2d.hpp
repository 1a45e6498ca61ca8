#pragma once
// What FBP multiplies each measured ray by before filtering, and the spacing the filter works at,
// for each 2D geometry (Kak & Slaney, ch. 3). The backprojection sums views times the mean
// angular increment |range| / N; the weights here correct that for
//  - irregular angles: each view stands for half the arc to its two neighbours;
//  - redundancy: every line is measured more than once, and its measurements must share a total
//    weight of one. Parallel: a direction phi in [0, pi) is seen by every view at phi + m pi
//    inside the scan. Fan: 1/2 per measurement for whole turns, Parker's weights for short scans;
//  - fan geometry: the cosine weight of a flat detector, whose rows are filtered at the spacing
//    they would have at the isocentre.

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/recon/fan_weights.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pyronn {

inline double fbp_filter_spacing(const GeometryParallel2D& g) { return g.detector_spacing(); }
inline double fbp_filter_spacing(const GeometryFan2D& g) {
  return g.detector_spacing() * g.source_isocenter_distance() / g.source_detector_distance();
}

// Each view's share of the scan's arc relative to the mean increment: 1 for evenly spaced views.
inline std::vector<double> view_arc_weights(const std::vector<double>& beta, double angular_range) {
  const std::size_t n = beta.size();
  std::vector<double> w(n, 1.0);
  if (n < 2) return w;
  const double mean = std::abs(angular_range) / double(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double arc = i == 0 ? beta[1] - beta[0] : (i + 1 == n ? beta[n - 1] - beta[n - 2] : (beta[i + 1] - beta[i - 1]) / 2);
    w[i] = arc / mean;
  }
  return w;
}

// [views][U] weights.
inline std::vector<float> fbp_ray_weights(const GeometryParallel2D& g) {
  const double pi = 3.14159265358979323846, range = std::abs(g.angular_range());
  detail::require(range >= pi * (1 - 1e-6), "angular_range",
                  "parallel-beam FBP needs at least pi, got " + detail::to_text(range));
  const std::vector<double> beta = scan_angles(g.central_ray_vectors(), g.angular_range());
  const std::vector<double> arc = view_arc_weights(beta, g.angular_range());
  const std::size_t nu = std::size_t(g.detector_shape());
  std::vector<float> w(g.sinogram_size());
  for (std::size_t v = 0; v < beta.size(); ++v) {
    const double copies = std::max(1.0, std::ceil((range - std::fmod(beta[v], pi)) / pi - 1e-9));
    for (std::size_t u = 0; u < nu; ++u) w[v * nu + u] = float(arc[v] / copies);
  }
  return w;
}

inline std::vector<float> fbp_ray_weights(const GeometryFan2D& g) {
  const double pi = 3.14159265358979323846, range = std::abs(g.angular_range());
  const double turns = std::round(range / (2 * pi));
  const bool whole_turns = turns >= 1 && std::abs(range - 2 * pi * turns) <= 1e-6 * range;
  const double delta = (range - pi) / 2;  // the over-scan Parker weights can use
  detail::require(whole_turns || (range < 2 * pi && delta >= g.fan_angle() * (1 - 1e-9)), "angular_range",
                  "fan-beam FBP needs whole turns or a short scan between pi + 2 * fan angle = " +
                      detail::to_text(pi + 2 * g.fan_angle()) + " and 2 pi rad, got " + detail::to_text(range));
  const std::size_t nu = std::size_t(g.detector_shape());
  const double sense = g.angular_range() < 0 ? -1.0 : 1.0;
  const std::vector<double> beta = scan_angles(g.central_ray_vectors(), g.angular_range());
  const std::vector<double> arc = view_arc_weights(beta, g.angular_range());
  std::vector<float> w(g.sinogram_size());
  for (std::size_t v = 0; v < beta.size(); ++v)
    for (std::size_t u = 0; u < nu; ++u) {
      const double s = g.detector_origin() + double(u) * g.detector_spacing();
      const double redundancy = whole_turns ? 0.5 / turns
                                            : parker_weight(beta[v], sense * std::atan(s / g.source_detector_distance()), delta);
      w[v * nu + u] = float(arc[v] * fan_cosine_weight(s, g.source_detector_distance()) * redundancy);
    }
  return w;
}

}  // namespace pyronn
