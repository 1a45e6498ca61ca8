#pragma once
// Per-ray weights of fan-beam FBP: the cosine weight of a flat detector and the redundancy weight
// that makes each line count once (1/2 for a full turn, Parker's for a short scan), and Wesarg et
// al.'s generalisation of Parker's weight with narrower transitions.

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
// start, gamma the ray's fan angle from the central ray, positive when turned the way the scan
// turns (counter-clockwise for a counter-clockwise scan, whichever way the detector's u-axis
// runs; see fan_redundancy_weights), |gamma| <= delta. For every
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

namespace detail {

// Wesarg et al.'s S(t / width + offset), where S(x) = 0 (x <= -1/2), (1 + sin(pi x)) / 2
// (|x| < 1/2), 1 (x >= 1/2). A zero width (|gamma| = delta, the detector's very edge) is a step at t = 0.
inline double wesarg_half_step(double t, double width, double offset) {
  const double pi = 3.14159265358979323846;
  if (!(width > 0)) return t >= 0 ? 1.0 : 0.0;
  const double x = t / width + offset;
  return x <= -0.5 ? 0.0 : (x >= 0.5 ? 1.0 : 0.5 * (1 + std::sin(pi * x)));
}

}  // namespace detail

// A short-scan weight whose transitions can be narrowed: Wesarg, Ebert & Bortfeld, "Parker
// weights revisited", Med. Phys. 29(3), 372-378 (2002), in parker_weight's conventions (beta in
// [0, pi + 2 delta] from the scan's start, gamma the fan angle, |gamma| < delta). With
//   B(g) = 2 (delta - g),   S(x) = 0 (x <= -1/2),  (1 + sin(pi x)) / 2 (|x| < 1/2),  1 (x >= 1/2),
//   w = 1/2 [ S(beta / (q B(gamma)) - 1/2) + S((beta - B(gamma)) / (q B(gamma)) + 1/2)
//           - S((beta - pi + 2 gamma) / (q B(-gamma)) - 1/2) - S((beta - pi - 2 delta) / (q B(-gamma)) + 1/2) ].
// Each of Parker's two transitions (the rise over beta in [0, B(gamma)], the fall over
// [pi - 2 gamma, pi + 2 delta]) becomes two half-steps of width q B, one at each end of its band.
// q = 1 is Parker's weight (the half-steps coincide). For q <= 1/2 the weight is exactly 1/2
// between them, so the two measurements of a redundant line count equally over most of the band
// (Wesarg et al.: less noise), at the price of steeper transitions: the largest slope in beta is
// pi / (4 q B) against Parker's pi / (2 B), so it is not smoother than Parker's. For every q in
// (0, 1] the weight and its first derivatives in beta and gamma are continuous inside the scan
// (S is C^1), and the two measurements of every line sum to 1.
inline double wesarg_weight(double beta, double gamma, double delta, double q) {
  const double pi = 3.14159265358979323846;
  if (beta < 0 || beta > pi + 2 * delta) return 0.0;
  const double rise = 2 * (delta - gamma), fall = 2 * (delta + gamma);
  return 0.5 * (detail::wesarg_half_step(beta, q * rise, -0.5) + detail::wesarg_half_step(beta - rise, q * rise, 0.5) -
                detail::wesarg_half_step(beta - pi + 2 * gamma, q * fall, -0.5) -
                detail::wesarg_half_step(beta - pi - 2 * delta, q * fall, 0.5));
}

// Source angle of each view from the first, unwrapped and measured in the scan's direction
// (sign of angular_range), so that short scans of any start angle and direction start at 0.
// Views that step back against that direction are refused: they would get negative arc weights
// and, in a short scan, Parker weights of 0 (a trajectory turning against angular_range's sign).
inline std::vector<double> scan_angles(const std::vector<dvec2>& central_rays, double angular_range) {
  const double pi = 3.14159265358979323846, sense = angular_range < 0 ? -1.0 : 1.0;
  std::vector<double> beta(central_rays.size());
  double previous = 0;
  for (std::size_t i = 0; i < central_rays.size(); ++i) {
    double a = sense * (std::atan2(central_rays[i].y, central_rays[i].x) - std::atan2(central_rays[0].y, central_rays[0].x));
    while (a < previous - pi) a += 2 * pi;  // unwrap: consecutive views are less than pi apart
    while (a > previous + pi) a -= 2 * pi;
    detail::require(a >= previous - 1e-9, "angular_range",
                    "is " + detail::to_text(angular_range) + ", but view " + detail::to_text(i) + " turns " +
                        (sense > 0 ? "clockwise" : "counter-clockwise") + " from view " + detail::to_text(i - 1) +
                        " (seen from +z): FBP needs the views in scan order, turning the way angular_range's sign "
                        "says (positive: counter-clockwise)");
    beta[i] = previous = a;
  }
  return beta;
}

}  // namespace pyronn
