#pragma once
// The ranges geometry values must lie in. Geometries keep their values in double, but kernels
// compute in float, so a value is accepted only if float arithmetic can still use it:
//  - lengths (spacings, distances, the filter's detector spacing) in [1e-6, 1e6] mm. Their floats
//    are then normal, and so are their squares and their products with any shape (< 2^31): no
//    zero, subnormal or infinite value can arise where a kernel squares, divides or sums them.
//    (1e-6 mm is a nanometre, 1e6 mm a kilometre: beyond any scanner at either end.)
//  - positions at most 2^20 spacings from the world origin. A float holds a coordinate to within
//    2^-24 of its magnitude, so such a point is placed to within 1/16 of a voxel or bin; farther
//    out neighbouring voxels or bins blur into one another (at 2^24 spacings origin + spacing ==
//    origin in float).
//  - at most 2^20 projections: views are set up eagerly (3D: 108 bytes a view), and no scan
//    comes near a million views.
//  - angular ranges non-zero and at most 2^16 turns: the FBP scale |range| / N reaches the kernels
//    as a float, and a zero range would make every FBP silently zero.

#include <pyronn/core/errors.hpp>

#include <cfloat>
#include <cmath>
#include <string>

namespace pyronn {
namespace limits {

constexpr double min_length_mm = 1e-6;
constexpr double max_length_mm = 1e6;
constexpr double max_spacings_from_origin = double(1 << 20);
constexpr int max_projections = 1 << 20;
constexpr double max_angular_range = 65536 * 6.283185307179586;  // 2^16 turns, rad

}  // namespace limits

namespace detail {

// A spacing or distance (mm): finite and in [min_length_mm, max_length_mm].
inline void require_length(double value, const std::string& parameter) {
  if (!(value >= limits::min_length_mm && value <= limits::max_length_mm))
    throw invalid_argument(parameter, "must lie in [" + to_text(limits::min_length_mm) + ", " +
                                          to_text(limits::max_length_mm) + "] mm (float arithmetic), got " +
                                          to_text(value));
}

// A value that reaches the kernels as a float: finite there too.
inline void require_float_finite(double value, const std::string& parameter) {
  if (!(std::abs(value) <= double(FLT_MAX)))
    throw invalid_argument(parameter, "must be finite in float (|value| <= " + to_text(FLT_MAX) + "), got " +
                                          to_text(value));
}

// A point `distance` mm from the world origin (an end of the volume or the detector, a source),
// on a grid of `spacing` mm: within max_spacings_from_origin spacings, so float resolves its
// neighbours.
inline void require_resolved(double distance, double spacing, const std::string& parameter) {
  const double spacings = distance / spacing;
  if (!(spacings <= limits::max_spacings_from_origin))
    throw invalid_argument(parameter, "reaches " + to_text(spacings) + " spacings (" + to_text(spacing) +
                                          " mm) from the world origin; float resolves neighbouring voxels or bins "
                                          "only within " + to_text(limits::max_spacings_from_origin) + " spacings");
}

// A divergent beam's two distances (mm): lengths, the detector beyond the isocentre, and both far
// enough inside float's reach that the finest voxel (along rays from the source) and the finest
// bin (that far from the source) are still resolved.
inline void require_source_distances(double source_detector_distance, double source_isocenter_distance,
                                     double finest_voxel, double finest_bin) {
  require_length(source_detector_distance, "source_detector_distance");
  require_length(source_isocenter_distance, "source_isocenter_distance");
  require(source_detector_distance > source_isocenter_distance, "source_detector_distance",
          "must be greater than source_isocenter_distance (" + to_text(source_isocenter_distance) + "), got " +
              to_text(source_detector_distance));
  require_resolved(source_isocenter_distance, finest_voxel, "source_isocenter_distance");
  require_resolved(source_detector_distance, finest_bin, "source_detector_distance");
}

inline void require_angular_range(double range) {
  if (!(std::abs(range) <= limits::max_angular_range) || range == 0.0)
    throw invalid_argument("angular_range", "must be non-zero with |angular_range| <= " +
                                                to_text(limits::max_angular_range) + " rad (2^16 turns), got " +
                                                to_text(range));
}

inline void require_projection_count(int number_of_projections) {
  require(number_of_projections > 0 && number_of_projections <= limits::max_projections, "number_of_projections",
          "must lie in [1, " + to_text(limits::max_projections) + "], got " + to_text(number_of_projections));
}

}  // namespace detail
}  // namespace pyronn
