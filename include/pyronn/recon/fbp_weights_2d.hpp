#pragma once
// What FBP multiplies each measured ray by before filtering, and the spacing the filter works at,
// for each 2D geometry. Parallel: f = int_0^pi q d(theta), so a scan of |range| >= pi weighs each
// ray pi / |range|. Fan (Kak & Slaney, eq. 3.90ff): rays are cosine weighted and filtered on the
// detector scaled to the isocentre; each line's measurements share a total weight of one.

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/recon/fan_weights.hpp>

#include <cmath>
#include <vector>

namespace pyronn {

inline double fbp_filter_spacing(const GeometryParallel2D& g) { return g.detector_spacing(); }
inline double fbp_filter_spacing(const GeometryFan2D& g) {
  return g.detector_spacing() * g.source_isocenter_distance() / g.source_detector_distance();
}

// [views][U] weights.
inline std::vector<float> fbp_ray_weights(const GeometryParallel2D& g) {
  const double pi = 3.14159265358979323846, range = std::abs(g.angular_range());
  detail::require(range >= pi * (1 - 1e-6), "angular_range",
                  "parallel-beam FBP needs at least pi, got " + detail::to_text(range));
  return std::vector<float>(g.sinogram_size(), float(pi / range));
}

inline std::vector<float> fbp_ray_weights(const GeometryFan2D& g) {
  const double pi = 3.14159265358979323846, range = std::abs(g.angular_range());
  const double delta = (range - pi) / 2;  // the over-scan Parker weights can use
  const bool full_turns = range >= 2 * pi * (1 - 1e-6);
  detail::require(full_turns || delta >= g.fan_angle() * (1 - 1e-9), "angular_range",
                  "a fan-beam short scan needs at least pi + 2 * fan angle = " +
                      detail::to_text(pi + 2 * g.fan_angle()) + " rad, got " + detail::to_text(range));
  const int nu = g.detector_shape();
  const double sense = g.angular_range() < 0 ? -1.0 : 1.0;
  const std::vector<double> beta = scan_angles(g.central_ray_vectors(), g.angular_range());
  std::vector<float> w(g.sinogram_size());
  for (std::size_t v = 0; v < beta.size(); ++v)
    for (int u = 0; u < nu; ++u) {
      const double s = g.detector_origin() + u * g.detector_spacing();
      const double redundancy =
          full_turns ? pi / range : parker_weight(beta[v], sense * std::atan(s / g.source_detector_distance()), delta);
      w[v * nu + u] = float(fan_cosine_weight(s, g.source_detector_distance()) * redundancy);
    }
  return w;
}

}  // namespace pyronn
