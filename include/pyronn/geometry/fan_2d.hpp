#pragma once
// 2D fan-beam geometry with a flat detector (PYRO-NN's GeometryFan2D).

#include <pyronn/geometry/extent.hpp>
#include <pyronn/geometry/geometry_2d.hpp>
#include <pyronn/geometry/vector_views_2d.hpp>
#include <pyronn/kernels/beam_2d.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pyronn {

class GeometryFan2D : public Geometry2D {
 public:
  using beam_type = FanBeam2D;

  GeometryFan2D(std::array<int, 2> volume_shape, std::array<double, 2> volume_spacing, int detector_shape,
                double detector_spacing, int number_of_projections, double angular_range,
                double source_detector_distance, double source_isocenter_distance)
      : Geometry2D(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                   angular_range),
        source_detector_distance_(source_detector_distance),
        source_isocenter_distance_(source_isocenter_distance) {
    detail::require_source_distances(source_detector_distance, source_isocenter_distance,
                                     std::min(volume_spacing[0], volume_spacing[1]), detector_spacing);
    require_source_outside_volume();
  }

  double source_detector_distance() const { return source_detector_distance_; }
  double source_isocenter_distance() const { return source_isocenter_distance_; }

  // Half the angle the detector subtends at the source, measured to the outer edges of its end bins.
  double fan_angle() const {
    return flat_detector_fan_angle(detector_origin(), detector_spacing(), detector_shape(), source_detector_distance_);
  }

  // +1: the detector's u-axis is perp(r_i), counter-clockwise from the central ray (section 2 of
  // docs/conventions.md), in every view; GeometryCone3D's may turn either way.
  double detector_u_sense() const { return 1.0; }

  // View i as vectors: source at -sid * r_i, detector centre at (sdd - sid) * r_i +
  // detector_centre_offset() * perp(r_i), bins detector_spacing apart along perp(r_i).
  std::vector<FanVector2D> vectors() const {
    std::vector<FanVector2D> out(central_ray_vectors().size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const dvec2 ray = central_ray_vectors()[i];
      const dvec2 axis = detector_axis(i);
      out[i] = {-source_isocenter_distance_ * ray,
                (source_detector_distance_ - source_isocenter_distance_) * ray + detector_centre_offset() * axis,
                detector_spacing() * axis};
    }
    return out;
  }

  // Checked again here because the volume origin may have moved since construction.
  std::vector<View2D> views() const {
    require_source_outside_volume();
    const std::vector<FanVector2D> v = vectors();
    std::vector<View2D> out(v.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = fan_view_2d(v[i], detector_shape());
    return out;
  }

 private:
  void require_source_outside_volume() const {
    detail::require(source_isocenter_distance_ > volume_radius(), "source_isocenter_distance",
                    "the source must lie outside the volume: " + detail::to_text(source_isocenter_distance_) +
                        " mm is not more than the volume's half-diagonal of " + detail::to_text(volume_radius()) +
                        " mm");
  }

  double source_detector_distance_;
  double source_isocenter_distance_;
};

}  // namespace pyronn
