#pragma once
// 3D cone-beam geometry with a flat detector (PYRO-NN's GeometryCone3D). The trajectory is a
// list of projection matrices: circular_trajectory_3d by default, or any the caller sets
// (helical, measured, irregular), validated against the volume.

#include <pyronn/geometry/extent.hpp>
#include <pyronn/geometry/geometry_3d.hpp>
#include <pyronn/geometry/projection_matrix.hpp>
#include <pyronn/geometry/trajectory_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace pyronn {

// The kernel form of a normalised cone-beam matrix: rays from the source along M^-1 (u, v, 1).
inline View3D cone_view(const ProjectionMatrix& p) {
  View3D view{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) view.matrix[4 * i + j] = float(p[i][j]);
  const Matrix3 m_inverse = inverse(left_block(p));
  view.source = vec_cast<float>(source_position(p));
  view.det_u = vec_cast<float>(multiply(m_inverse, dvec3{1, 0, 0}));
  view.det_v = vec_cast<float>(multiply(m_inverse, dvec3{0, 1, 0}));
  view.det_origin = vec_cast<float>(multiply(m_inverse, dvec3{0, 0, 1}));
  view.ray = vec_cast<float>(dvec3{p[2][0], p[2][1], p[2][2]});  // the principal axis
  return view;
}

class GeometryCone3D : public Geometry3D {
 public:
  using beam_type = ConeBeam3D;

  GeometryCone3D(std::array<int, 3> volume_shape, std::array<double, 3> volume_spacing,
                 std::array<int, 2> detector_shape, std::array<double, 2> detector_spacing, int number_of_projections,
                 double angular_range, double source_detector_distance, double source_isocenter_distance)
      : Geometry3D(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections, angular_range),
        source_detector_distance_(source_detector_distance),
        source_isocenter_distance_(source_isocenter_distance) {
    detail::require_source_distances(source_detector_distance, source_isocenter_distance,
                                     std::min(volume_spacing[0], std::min(volume_spacing[1], volume_spacing[2])),
                                     std::min(detector_spacing[0], detector_spacing[1]));
    detail::require(source_isocenter_distance > volume_radius_xy(), "source_isocenter_distance",
                    "the source must circle outside the volume: " + detail::to_text(source_isocenter_distance) +
                        " mm is not more than the volume's half-diagonal of " + detail::to_text(volume_radius_xy()) +
                        " mm");
  }

  double source_detector_distance() const { return source_detector_distance_; }
  double source_isocenter_distance() const { return source_isocenter_distance_; }

  // Half the angle the detector's rows subtend at the source, to the outer edges of the end pixels.
  double fan_angle() const {
    return flat_detector_fan_angle(detector_origin()[1], detector_spacing()[1], detector_shape()[1],
                                   source_detector_distance_);
  }

  // The caller's matrices if set, else circular_trajectory_3d(*this), as given (not normalised).
  std::vector<ProjectionMatrix> projection_matrices() const {
    return user_matrices_.empty() ? circular_trajectory_3d(*this) : user_matrices_;
  }

  // Any trajectory, one matrix per view (mapping world mm to pixel indices, w > 0 in front of the
  // source). Checked here and again by views(), since the volume may move in between.
  void set_projection_matrices(std::vector<ProjectionMatrix> matrices) {
    detail::require(matrices.size() == std::size_t(number_of_projections()), "projection_matrices",
                    "expected " + detail::to_text(number_of_projections()) + " matrices (number_of_projections), got " +
                        detail::to_text(matrices.size()));
    for (std::size_t i = 0; i < matrices.size(); ++i) normalized(matrices[i], i);
    user_matrices_ = std::move(matrices);
  }

  std::vector<dvec3> source_positions() const {
    const std::vector<ProjectionMatrix> p = projection_matrices();
    std::vector<dvec3> out(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) out[i] = source_position(p[i]);
    return out;
  }

  // Unit vectors from each source towards the rotation axis, seen from above: the 2D central
  // rays that FDK's redundancy weights read the scan angles from.
  std::vector<dvec2> central_ray_vectors() const {
    const std::vector<dvec3> s = source_positions();
    std::vector<dvec2> out(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double length = std::sqrt(s[i].x * s[i].x + s[i].y * s[i].y);
      detail::require(length > 0, "projection_matrices",
                      "source " + detail::to_text(i) + " lies on the rotation axis; FDK needs it off the axis");
      out[i] = {-s[i].x / length, -s[i].y / length};
    }
    return out;
  }

  // +1 when every view's detector u-axis turns counter-clockwise from its central ray, seen from
  // +z (pyronn's circular_trajectory_3d: e_u = z x r), -1 when every one turns clockwise (PYRO-NN's
  // circular matrices). A column's fan angle, which Parker's weights read, takes this sign: a
  // detector of the other hand puts column u's ray on the other side of the central ray.
  // The u-axis of a matrix is M^-1 (1, 0, 0) (section 14 of docs/conventions.md), scaled by a
  // positive factor for the positive matrices set_projection_matrices accepts.
  double detector_u_sense() const {
    const std::vector<ProjectionMatrix> p = projection_matrices();
    const std::vector<dvec2> rays = central_ray_vectors();
    double sense = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const dvec3 u = multiply(inverse(left_block(p[i])), dvec3{1, 0, 0});
      const double turn = cross(rays[i], dvec2{u.x, u.y});
      const double here = turn > 0 ? 1.0 : -1.0;
      detail::require(std::abs(turn) > 1e-6 * norm(u), detail::matrix_name(i),
                      "the detector's u-axis is parallel to the central ray seen from above; FDK needs its rows "
                      "across the central ray");
      detail::require(i == 0 || here == sense, detail::matrix_name(i),
                      "the detector's u-axis turns " + std::string(here > 0 ? "counter-clockwise" : "clockwise") +
                          " from the central ray (seen from +z) where view 0's turns the other way; FDK needs one "
                          "hand for the whole scan");
      sense = here;
    }
    return sense;
  }

  std::vector<View3D> views() const {
    const std::vector<ProjectionMatrix> p = projection_matrices();
    std::vector<View3D> out(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) out[i] = cone_view(normalized(p[i], i));
    return out;
  }

 private:
  // Kernels reach up to one voxel beyond the volume (the interpolation's support), so that margin
  // must lie in front of the source too.
  ProjectionMatrix normalized(const ProjectionMatrix& p, std::size_t view) const {
    return normalized_projection_matrix(p, view, volume_corners(1.0));
  }

  double source_detector_distance_;
  double source_isocenter_distance_;
  std::vector<ProjectionMatrix> user_matrices_;
};

}  // namespace pyronn
