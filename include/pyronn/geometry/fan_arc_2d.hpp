#pragma once
// 2D fan-beam geometry with an equiangular (arc) detector, as clinical CT scanners have: the bins
// lie on a circle of radius source_detector_distance about the source, at equal angles.
//
//            detector arc (radius sdd about the source)
//                 . - ~ - .
//              .'    |     '.        bin k's centre at the fan angle
//                    |               gamma_k = (detector_origin + k * detector_spacing) / sdd,
//                    |  isocentre    measured from the central ray towards perp(central ray)
//                    +
//                    |
//                    |  sid
//                    S  source
//
// detector_spacing and detector_origin are arc lengths (mm) on that circle, so the angular step
// is detector_spacing / sdd; everything else reads as for GeometryFan2D (the flat detector).

#include <pyronn/geometry/extent.hpp>
#include <pyronn/geometry/geometry_2d.hpp>
#include <pyronn/kernels/beam_2d.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pyronn {

class GeometryFanArc2D : public Geometry2D {
 public:
  using beam_type = ArcFanBeam2D;

  GeometryFanArc2D(std::array<int, 2> volume_shape, std::array<double, 2> volume_spacing, int detector_shape,
                   double detector_spacing, int number_of_projections, double angular_range,
                   double source_detector_distance, double source_isocenter_distance)
      : Geometry2D(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                   angular_range),
        source_detector_distance_(source_detector_distance),
        source_isocenter_distance_(source_isocenter_distance) {
    detail::require_source_distances(source_detector_distance, source_isocenter_distance,
                                     std::min(volume_spacing[0], volume_spacing[1]), detector_spacing);
    require_valid();
  }

  double source_detector_distance() const { return source_detector_distance_; }
  double source_isocenter_distance() const { return source_isocenter_distance_; }
  // The angle (rad) between neighbouring bins, seen from the source.
  double angular_spacing() const { return detector_spacing() / source_detector_distance_; }
  // The fan angle (rad) of bin u's centre from the central ray, positive towards perp(central ray).
  double bin_angle(double u) const { return (detector_origin() + u * detector_spacing()) / source_detector_distance_; }

  // Half the angle the detector subtends at the source, to the outer edges of its end bins.
  double fan_angle() const {
    return farthest_face(detector_origin(), detector_spacing(), detector_shape()) / source_detector_distance_;
  }

  // View i: source at -sid * r_i, bin 0 at the source + sdd (cos g0 r_i + sin g0 perp(r_i)),
  // det_u.x the angular spacing (the ArcFanBeam2D form, kernels/beam_2d.hpp). Checked again here
  // because the volume origin and the detector origin may have moved since construction.
  std::vector<View2D> views() const {
    require_valid();
    const double g0 = bin_angle(0);
    std::vector<View2D> out(central_ray_vectors().size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const dvec2 ray = central_ray_vectors()[i];
      const dvec2 source = -source_isocenter_distance_ * ray;
      const dvec2 first = source + source_detector_distance_ * (std::cos(g0) * ray + std::sin(g0) * detector_axis(i));
      out[i] = {vec_cast<float>(source), vec_cast<float>(ray), vec_cast<float>(first),
                {float(angular_spacing()), 0.f}};
    }
    return out;
  }

 private:
  void require_valid() const {
    detail::require(source_isocenter_distance_ > volume_radius(), "source_isocenter_distance",
                    "the source must lie outside the volume: " + detail::to_text(source_isocenter_distance_) +
                        " mm is not more than the volume's half-diagonal of " + detail::to_text(volume_radius()) +
                        " mm");
    const double half_pi = 1.57079632679489661923;
    detail::require(fan_angle() < half_pi, "detector_shape",
                    "the arc detector must subtend less than pi at the source: its half fan angle is " +
                        detail::to_text(fan_angle()) + " rad");
  }

  double source_detector_distance_;
  double source_isocenter_distance_;
};

}  // namespace pyronn
