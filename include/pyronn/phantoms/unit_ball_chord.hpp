#pragma once
// The chord of a line through the unit ball (circle in 2D, sphere in 3D): what ellipses and
// ellipsoids reduce to once a ray is mapped into their unit frame.

#include <algorithm>
#include <cmath>

namespace pyronn {

// Length in t of {q + t e : |q + t e| <= 1, t in [t_min, t_max]}: the roots of |q + t e|^2 = 1.
// Vec: dvec2 or dvec3 (anything with dot).
template <class Vec>
double unit_ball_chord(Vec q, Vec e, double t_min, double t_max) {
  const double a = dot(e, e), b = dot(q, e), k = dot(q, q) - 1.0;
  const double disc = b * b - a * k;
  if (disc <= 0) return 0.0;
  const double root = std::sqrt(disc);
  const double enter = std::max((-b - root) / a, t_min), leave = std::min((-b + root) / a, t_max);
  return std::max(0.0, leave - enter);
}

}  // namespace pyronn
