#pragma once
// Per-ray weights of fan-beam FBP: the cosine weight of a flat detector and the redundancy weight
// that makes each line count once (1/2 for a full turn, Parker's for a short scan).

#include <pyronn/core/errors.hpp>
#include <pyronn/core/vec.hpp>

#include <cmath>
#include <vector>

namespace pyronn {

// cos of the angle between the ray to a detector point s (mm from the detector centre) and the
// central ray: sdd / sqrt(sdd^2 + s^2).
inline double fan_cosine_weight(double s, double source_detector_distance) {
  return source_detector_distance / std::sqrt(source_detector_distance * source_detector_distance + s * s);
}

// Parker's short-scan weight (D. L. Parker, Med. Phys. 1982) generalised to any scan of
// pi + 2 delta (Wesarg et al. 2002): beta in [0, pi + 2 delta] is the source angle from the scan's
// start, gamma the ray's fan angle from the central ray, positive towards the detector u-axis for
// a counter-clockwise scan (negated for a clockwise one), |gamma| <= delta. For every
// line the weights of its two measurements (beta, gamma) and (beta + pi + 2 gamma, -gamma) sum to 1.
inline double parker_weight(double beta, double gamma, double delta) {
  const double pi = 3.14159265358979323846;
  if (beta < 0 || beta > pi + 2 * delta) return 0.0;
  if (beta < 2 * (delta - gamma)) {
    const double s = std::sin(pi / 4 * beta / (delta - gamma));
    return s * s;
  }
  if (beta <= pi - 2 * gamma) return 1.0;
  const double s = std::sin(pi / 4 * (pi + 2 * delta - beta) / (delta + gamma));
  return s * s;
}

// Source angle of each view from the first, unwrapped and measured in the scan's direction
// (sign of angular_range), so that short scans of any start angle and direction start at 0.
inline std::vector<double> scan_angles(const std::vector<dvec2>& central_rays, double angular_range) {
  const double pi = 3.14159265358979323846, sense = angular_range < 0 ? -1.0 : 1.0;
  std::vector<double> beta(central_rays.size());
  double previous = 0;
  for (std::size_t i = 0; i < central_rays.size(); ++i) {
    double a = sense * (std::atan2(central_rays[i].y, central_rays[i].x) - std::atan2(central_rays[0].y, central_rays[0].x));
    while (a < previous - pi) a += 2 * pi;  // unwrap: consecutive views are less than pi apart
    while (a > previous + pi) a -= 2 * pi;
    beta[i] = previous = a;
  }
  return beta;
}

}  // namespace pyronn
