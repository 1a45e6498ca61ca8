#pragma once
// 3D cone-beam geometry with a cylindrical detector, as clinical CT scanners have: the detector
// is part of a cylinder of radius source_detector_distance whose axis runs through the source
// parallel to the rotation axis (world z). Seen from above, each row is the arc detector of
// GeometryFanArc2D; along z, rows are evenly spaced.
//
//        from above (a row)                    from the side (a column)
//            . - ~ - .                               |  row V - 1
//         .'     |     '.   columns at fan angles    |  ...          rows at heights
//                |          gamma_k = (origin[1] +   |  row 0        z_l = origin[0] + l * spacing[0]
//                +  iso      k * spacing[1]) / sdd   +  (on the cylinder, from the
//                |                                   |   central plane)
//                S                                   S
//
// detector_spacing[1] and detector_origin[1] are arc lengths (mm) on the cylinder, so the
// angular step is detector_spacing[1] / sdd; detector_spacing[0] and detector_origin[0] are
// heights (mm) along the axis. The source turns about z as in circular_trajectory_3d: at angle
// beta the central ray is (cos beta, sin beta, 0) and the fan angle grows towards
// (-sin beta, cos beta, 0), the flat detector's u-axis.

#include <pyronn/core/vec3.hpp>
#include <pyronn/geometry/extent.hpp>
#include <pyronn/geometry/geometry_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pyronn {

class GeometryConeCylindrical3D : public Geometry3D {
 public:
  using beam_type = CylindricalConeBeam3D;

  GeometryConeCylindrical3D(std::array<int, 3> volume_shape, std::array<double, 3> volume_spacing,
                            std::array<int, 2> detector_shape, std::array<double, 2> detector_spacing,
                            int number_of_projections, double angular_range, double source_detector_distance,
                            double source_isocenter_distance)
      : Geometry3D(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections, angular_range),
        source_detector_distance_(source_detector_distance),
        source_isocenter_distance_(source_isocenter_distance) {
    detail::require_source_distances(source_detector_distance, source_isocenter_distance,
                                     std::min(volume_spacing[0], std::min(volume_spacing[1], volume_spacing[2])),
                                     std::min(detector_spacing[0], detector_spacing[1]));
    require_valid();
  }

  double source_detector_distance() const { return source_detector_distance_; }
  double source_isocenter_distance() const { return source_isocenter_distance_; }
  // The angle (rad) between neighbouring columns, seen from the source.
  double angular_spacing() const { return detector_spacing()[1] / source_detector_distance_; }
  // The fan angle (rad) of column u's centre from the central ray.
  double column_angle(double u) const {
    return (detector_origin()[1] + u * detector_spacing()[1]) / source_detector_distance_;
  }
  // Half the angle the detector's rows subtend at the source, to the outer edges of the end columns.
  double fan_angle() const {
    return farthest_face(detector_origin()[1], detector_spacing()[1], detector_shape()[1]) / source_detector_distance_;
  }

  // Unit vectors from each source towards the rotation axis: views at beta_i = i * range / N.
  std::vector<dvec2> central_ray_vectors() const {
    std::vector<dvec2> out(static_cast<std::size_t>(number_of_projections()));
    const double increment = angular_range() / number_of_projections();
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = {std::cos(double(i) * increment), std::sin(double(i) * increment)};
    return out;
  }

  std::vector<dvec3> source_positions() const {
    const std::vector<dvec2> rays = central_ray_vectors();
    std::vector<dvec3> out(rays.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = {-source_isocenter_distance_ * rays[i].x, -source_isocenter_distance_ * rays[i].y, 0.0};
    return out;
  }

  // The CylindricalConeBeam3D form (kernels/beam_3d.hpp) of every view. Checked again here
  // because the volume origin and the detector origin may have moved since construction.
  std::vector<View3D> views() const {
    require_valid();
    const std::vector<dvec2> rays = central_ray_vectors();
    const double sdd = source_detector_distance_, sid = source_isocenter_distance_;
    const double g0 = column_angle(0), z0 = detector_origin()[0], dv = detector_spacing()[0];
    const dvec3 ez = {0, 0, 1};
    std::vector<View3D> out(rays.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const dvec3 c = {rays[i].x, rays[i].y, 0}, eu = {-rays[i].y, rays[i].x, 0};
      const dvec3 source = -sid * c;
      const dvec3 h0 = std::cos(g0) * c + std::sin(g0) * eu;  // unit, towards column 0
      const dvec3 rows[3] = {(1.0 / sid) * cross(ez, h0), (sdd / (dv * sid)) * ez, (1.0 / sid) * h0};
      View3D& view = out[i];
      for (int r = 0; r < 3; ++r) {
        const double values[4] = {rows[r].x, rows[r].y, rows[r].z, -dot(rows[r], source)};
        for (int k = 0; k < 4; ++k) view.matrix[4 * r + k] = float(values[k]);
      }
      view.source = vec_cast<float>(source);
      view.ray = vec_cast<float>(c);
      view.det_origin = vec_cast<float>(sdd * h0 + z0 * ez);
      view.det_u = {float(angular_spacing()), float(-z0 / dv), 0.f};
      view.det_v = vec_cast<float>(dv * ez);
    }
    return out;
  }

 private:
  void require_valid() const {
    detail::require(source_isocenter_distance_ > volume_radius_xy(), "source_isocenter_distance",
                    "the source must circle outside the volume: " + detail::to_text(source_isocenter_distance_) +
                        " mm is not more than the volume's half-diagonal of " + detail::to_text(volume_radius_xy()) +
                        " mm");
    const double half_pi = 1.57079632679489661923;
    detail::require(fan_angle() < half_pi, "detector_shape",
                    "the cylindrical detector must subtend less than pi at the source: its half fan angle is " +
                        detail::to_text(fan_angle()) + " rad");
  }

  double source_detector_distance_;
  double source_isocenter_distance_;
};

}  // namespace pyronn
