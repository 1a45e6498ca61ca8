#pragma once
// Extents of volumes and flat detectors that several geometries need.

#include <algorithm>
#include <cmath>

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

}  // namespace pyronn
