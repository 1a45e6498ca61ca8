#pragma once
// Extents of volumes and flat detectors that several geometries need.

#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace pyronn {

// The farthest distance (mm) from the world origin, along one axis, of a row of `count` voxels
// (or detector pixels) of `spacing` whose first centre lies at `origin`, measured to their outer faces.
inline double farthest_face(double origin, double spacing, int count) {
  const double lo = origin - spacing / 2, hi = lo + count * spacing;
  return std::max(std::abs(lo), std::abs(hi));
}

// Half the angle (rad) that a flat detector row subtends at a source sdd mm away, from the
// central ray to the outer edge of the farther end pixel.
inline double flat_detector_fan_angle(double origin, double spacing, int count, double source_detector_distance) {
  return std::atan(farthest_face(origin, spacing, count) / source_detector_distance);
}

namespace detail {

// The origin of a row of voxels or bins: finite, and keeping the row within float's reach
// (limits::max_spacings_from_origin spacings of the world origin).
inline void require_resolved_row(double origin, double spacing, int count, const std::string& parameter) {
  require_finite(origin, parameter);
  require_resolved(farthest_face(origin, spacing, count), spacing, parameter);
}

}  // namespace detail
}  // namespace pyronn
