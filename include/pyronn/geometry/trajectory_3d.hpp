#pragma once
// 3D trajectories as projection matrices (PYRO-NN's convention). The source turns about the
// world z-axis; at angle beta the central ray is r = (cos beta, sin beta, 0), the source sits at
// -sid * r (raised by the helix), the detector's u-axis is (-sin beta, cos beta, 0) and its
// v-axis is +z. The principal point, where the central ray meets the detector, is at pixel
// -detector_origin / detector_spacing, so that pixel indices and detector_origin agree.

#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/projection_matrix.hpp>

#include <array>
#include <cmath>
#include <vector>

namespace pyronn {

// The flat-detector cone-beam matrix for source angle beta (rad) and source height source_z (mm).
// detector_spacing and detector_origin are [V, U]. Rows: u w, v w, w, with w the depth in mm.
inline ProjectionMatrix cone_projection_matrix(double beta, double source_z, double source_detector_distance,
                                               double source_isocenter_distance, std::array<double, 2> detector_spacing,
                                               std::array<double, 2> detector_origin) {
  const dvec3 r = {std::cos(beta), std::sin(beta), 0.0}, eu = {-std::sin(beta), std::cos(beta), 0.0}, ev = {0, 0, 1};
  const dvec3 source = dvec3{0, 0, source_z} - source_isocenter_distance * r;
  const double cu = -detector_origin[1] / detector_spacing[1], cv = -detector_origin[0] / detector_spacing[0];
  const dvec3 rows[3] = {(source_detector_distance / detector_spacing[1]) * eu + cu * r,
                         (source_detector_distance / detector_spacing[0]) * ev + cv * r, r};
  ProjectionMatrix p;
  for (int i = 0; i < 3; ++i) p[i] = {rows[i].x, rows[i].y, rows[i].z, -dot(rows[i], source)};
  return p;
}

// Views at beta_i = i * angular_range / N (end point excluded), source in the plane z = 0.
template <class Geometry>
std::vector<ProjectionMatrix> circular_trajectory_3d(const Geometry& g) {
  std::vector<ProjectionMatrix> out(std::size_t(g.number_of_projections()));
  const double increment = g.angular_range() / g.number_of_projections();
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = cone_projection_matrix(double(i) * increment, 0.0, g.source_detector_distance(),
                                    g.source_isocenter_distance(), g.detector_spacing(), g.detector_origin());
  return out;
}

// A helix: the circular trajectory with the source (and detector) rising pitch_per_turn mm per
// full turn of 2 pi, starting at height start_z. A negative pitch descends.
template <class Geometry>
std::vector<ProjectionMatrix> helical_trajectory_3d(const Geometry& g, double pitch_per_turn, double start_z = 0.0) {
  detail::require_finite(pitch_per_turn, "pitch_per_turn");
  detail::require_finite(start_z, "start_z");
  const double two_pi = 2 * 3.14159265358979323846;
  std::vector<ProjectionMatrix> out(std::size_t(g.number_of_projections()));
  const double increment = g.angular_range() / g.number_of_projections();
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double beta = double(i) * increment;
    out[i] = cone_projection_matrix(beta, start_z + pitch_per_turn * std::abs(beta) / two_pi,
                                    g.source_detector_distance(), g.source_isocenter_distance(), g.detector_spacing(),
                                    g.detector_origin());
  }
  return out;
}

}  // namespace pyronn
