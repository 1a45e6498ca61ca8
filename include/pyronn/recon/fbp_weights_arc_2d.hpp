#pragma once
// What 2D FBP on an equiangular (arc) detector multiplies each ray by before filtering, and its
// filter (Kak & Slaney §3.4.1, eq. 3.66-3.72): the redundancy weights of
// recon/redundancy_weights.hpp with the bin's fan angle gamma (Parker's weights for short scans
// read gamma directly), times cos(gamma); the rows are filtered with the equiangular ramp at the
// isocentre's arc spacing (recon/equiangular_filter.hpp), and ArcFanBeam2D's backprojection
// weighs by (D / L)^2.

#include <pyronn/core/host_vector.hpp>
#include <pyronn/geometry/fan_arc_2d.hpp>
#include <pyronn/recon/equiangular_filter.hpp>
#include <pyronn/recon/filters.hpp>
#include <pyronn/recon/redundancy_weights.hpp>

#include <cmath>
#include <vector>

namespace pyronn {

// The fan angle of each bin's centre (rad), positive towards perp(central ray).
inline std::vector<double> arc_detector_fan_angles(const GeometryFanArc2D& g) {
  std::vector<double> angles(std::size_t(g.detector_shape()));
  for (std::size_t u = 0; u < angles.size(); ++u) angles[u] = g.bin_angle(double(u));
  return angles;
}

// The isocentre's arc spacing D alpha: the spacing the ramp's taps are made at.
inline double fbp_filter_spacing(const GeometryFanArc2D& g) {
  return g.source_isocenter_distance() * g.angular_spacing();
}

inline std::vector<float> fbp_filter_taps(Filter filter, const GeometryFanArc2D& g) {
  return equiangular_filter_taps(filter_taps(filter, g.detector_shape(), fbp_filter_spacing(g)), g.angular_spacing());
}

// [views][U] weights: redundancy in fan angle times cos(gamma).
inline std::vector<float> fbp_ray_weights(const GeometryFanArc2D& g) {
  const std::vector<double> gamma = arc_detector_fan_angles(g);
  const std::vector<double> redundancy =
      fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(), gamma, g.fan_angle());
  const std::size_t nu = std::size_t(g.detector_shape());
  std::vector<float> w = detail::host_vector<float>(g.sinogram_size(), "FBP weights");
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = float(redundancy[i] * std::cos(gamma[i % nu]));
  return w;
}

}  // namespace pyronn
