#pragma once
// Redundancy weights of filtered backprojection over a circular scan, shared by the 2D (fan,
// parallel) and 3D (FDK, parallel) reconstructions. The backprojection sums views times the mean
// angular increment |range| / N; these weights correct that for
//  - irregular angles: each view stands for half the arc to its two neighbours;
//  - redundancy: every line is measured more than once, and its measurements must share a total
//    weight of one. Parallel: a direction phi in [0, pi) is seen by every view at phi + m pi
//    inside the scan. Fan (and the rows of a cone): 1/2 per measurement for whole turns,
//    Parker's weights for short scans.

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/host_vector.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/recon/fan_weights.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace pyronn {

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

// Per view (the same for every ray of the view): arc weight / number of views seeing its direction.
inline std::vector<double> parallel_redundancy_weights(const std::vector<dvec2>& central_rays, double angular_range) {
  const double pi = 3.14159265358979323846, range = std::abs(angular_range);
  detail::require(range >= pi * (1 - 1e-6), "angular_range",
                  "parallel-beam FBP needs at least pi, got " + detail::to_text(range));
  const std::vector<double> beta = scan_angles(central_rays, angular_range);
  std::vector<double> w = view_arc_weights(beta, angular_range);
  for (std::size_t v = 0; v < beta.size(); ++v)
    w[v] /= std::max(1.0, std::ceil((range - std::fmod(beta[v], pi)) / pi - 1e-9));
  return w;
}

// [views][U]: arc weight times 1/2 per turn (whole turns) or a short-scan weight
// short_scan(beta, gamma, delta), Parker's by default, with delta = (|range| - pi) / 2.
// fan_angles[u]: the angle of column u's ray from the central ray, positive counter-clockwise
// (seen from +z in 3D), whichever way the detector's u-axis runs (flat_detector_fan_angles);
// multiplied here by the scan's sense into Parker's gamma, positive the way the scan turns.
// fan_angle: the largest |fan angle| of the detector.
struct ParkerWeight {
  double operator()(double beta, double gamma, double delta) const { return parker_weight(beta, gamma, delta); }
};

template <class ShortScanWeight = ParkerWeight>
std::vector<double> fan_redundancy_weights(const std::vector<dvec2>& central_rays, double angular_range,
                                           const std::vector<double>& fan_angles, double fan_angle,
                                           const ShortScanWeight& short_scan = ShortScanWeight()) {
  const double pi = 3.14159265358979323846, range = std::abs(angular_range);
  const double turns = std::round(range / (2 * pi));
  const bool whole_turns = turns >= 1 && std::abs(range - 2 * pi * turns) <= 1e-6 * range;
  const double delta = (range - pi) / 2;  // the over-scan short-scan weights can use
  detail::require(whole_turns || (range < 2 * pi && delta >= fan_angle * (1 - 1e-9)), "angular_range",
                  "fan-beam FBP needs whole turns or a short scan between pi + 2 * fan angle = " +
                      detail::to_text(pi + 2 * fan_angle) + " and 2 pi rad, got " + detail::to_text(range));
  const double sense = angular_range < 0 ? -1.0 : 1.0;
  const std::vector<double> beta = scan_angles(central_rays, angular_range);
  const std::vector<double> arc = view_arc_weights(beta, angular_range);
  const std::size_t nu = fan_angles.size();
  auto w = detail::host_vector<double>(detail::checked_product({beta.size(), std::size_t(nu)}, "detector_shape"),
                                     "redundancy weights");
  for (std::size_t v = 0; v < beta.size(); ++v)
    for (std::size_t u = 0; u < nu; ++u)
      w[v * nu + u] = arc[v] * (whole_turns ? 0.5 / turns : short_scan(beta[v], sense * fan_angles[u], delta));
  return w;
}

// The fan angle of each column of a flat detector, positive counter-clockwise from the central
// ray: u_sense * atan(s / sdd), s the column's position (mm along the u-axis), u_sense = +1 when
// the u-axis turns counter-clockwise from the central ray (pyronn's perp(r): every 2D fan,
// circular cones), -1 when it turns clockwise (GeometryCone3D::detector_u_sense).
inline std::vector<double> flat_detector_fan_angles(int columns, double origin, double spacing,
                                                    double source_detector_distance, double u_sense) {
  std::vector<double> angles(static_cast<std::size_t>(columns));
  for (int u = 0; u < columns; ++u)
    angles[std::size_t(u)] = u_sense * std::atan((origin + u * spacing) / source_detector_distance);
  return angles;
}

}  // namespace pyronn
