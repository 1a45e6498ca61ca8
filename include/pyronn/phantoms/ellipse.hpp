#pragma once
// Ellipses of constant density: the analytic phantom primitive. Everything here is exact
// mathematics in double, so it serves as the oracle for projectors and reconstructions.

#include <pyronn/core/vec.hpp>
#include <pyronn/phantoms/unit_ball_chord.hpp>

#include <algorithm>
#include <cmath>

namespace pyronn {

struct Ellipse {
  dvec2 centre;      // mm
  dvec2 semi_axes;   // mm, along the ellipse's own x and y axes
  double angle;      // radians, counter-clockwise from the world x-axis to the ellipse's x-axis
  double density;    // added to whatever lies beneath

  // Point p in the ellipse's unit-circle frame.
  dvec2 to_unit_frame(dvec2 p) const {
    const dvec2 d = p - centre;
    const double c = std::cos(angle), s = std::sin(angle);
    return {(c * d.x + s * d.y) / semi_axes.x, (-s * d.x + c * d.y) / semi_axes.y};
  }

  bool contains(dvec2 p) const {
    const dvec2 q = to_unit_frame(p);
    return dot(q, q) <= 1.0;
  }

  // Length (mm) of the part of origin + t * dir, t in [t_min, t_max], inside the ellipse; dir unit.
  double chord(dvec2 origin, dvec2 dir, double t_min, double t_max) const {
    const dvec2 q = to_unit_frame(origin);
    const double c = std::cos(angle), s = std::sin(angle);
    const dvec2 e = {(c * dir.x + s * dir.y) / semi_axes.x, (-s * dir.x + c * dir.y) / semi_axes.y};
    return unit_ball_chord(q, e, t_min, t_max);
  }
};

}  // namespace pyronn
