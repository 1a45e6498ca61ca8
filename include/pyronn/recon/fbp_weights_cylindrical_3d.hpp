#pragma once
// What FDK on a cylindrical detector multiplies each ray by before filtering its rows, and its
// filter. Each row is an arc detector (recon/fbp_weights_arc_2d.hpp) tilted out of the central
// plane, so the weights are separable as for the flat detector (recon/fbp_weights_3d.hpp): a
// redundancy weight per (view, column) in the column's fan angle gamma (Parker's for short
// scans), times cos(gamma) R / sqrt(R^2 + z^2), z the row's height on the cylinder of radius R:
// the cosine of the angle between the pixel's ray and the central ray. Rows are filtered with
// the equiangular ramp at the isocentre's arc spacing, and CylindricalConeBeam3D's backprojection
// weighs by (D / r)^2, r the voxel's distance from the axis through the source (the fan-beam
// 1 / L^2 of Kak & Slaney eq. 3.67 in every tilted fan, as FDK extends the flat detector's
// 1 / U^2; the same form as Fessler's arc-detector FDK).

#include <pyronn/core/host_vector.hpp>
#include <pyronn/geometry/cone_cylindrical_3d.hpp>
#include <pyronn/recon/equiangular_filter.hpp>
#include <pyronn/recon/filters.hpp>
#include <pyronn/recon/redundancy_weights.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace pyronn {

inline double fbp_filter_spacing(const GeometryConeCylindrical3D& g) {
  return g.source_isocenter_distance() * g.angular_spacing();
}

inline std::vector<float> fbp_filter_taps(Filter filter, const GeometryConeCylindrical3D& g) {
  return equiangular_filter_taps(filter_taps(filter, g.detector_shape()[1], fbp_filter_spacing(g)), g.angular_spacing());
}

// The fan angle of each column's centre (rad).
inline std::vector<double> cylindrical_detector_fan_angles(const GeometryConeCylindrical3D& g) {
  std::vector<double> angles(std::size_t(g.detector_shape()[1]));
  for (std::size_t u = 0; u < angles.size(); ++u) angles[u] = g.column_angle(double(u));
  return angles;
}

// [views][U]
inline std::vector<float> fbp_redundancy_weights(const GeometryConeCylindrical3D& g) {
  const std::vector<double> w = fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(),
                                                       cylindrical_detector_fan_angles(g), g.fan_angle());
  return std::vector<float>(w.begin(), w.end());
}

// [V][U]: cos(gamma) R / sqrt(R^2 + z^2), the cosine of the angle between the pixel's ray and
// the central ray, in double.
inline std::vector<double> cylindrical_cosine_weights(const GeometryConeCylindrical3D& g) {
  const double radius = g.source_detector_distance();
  const auto& shape = g.detector_shape();
  const std::vector<double> gamma = cylindrical_detector_fan_angles(g);
  std::vector<double> w = detail::host_vector<double>(g.projection_size(), "FDK weights");
  for (int v = 0; v < shape[0]; ++v) {
    const double z = g.detector_origin()[0] + v * g.detector_spacing()[0];
    for (int u = 0; u < shape[1]; ++u)
      w[std::size_t(v) * shape[1] + u] = std::cos(gamma[std::size_t(u)]) * radius / std::hypot(radius, z);
  }
  return w;
}

// [V][U]
inline std::vector<float> fbp_cosine_weights(const GeometryConeCylindrical3D& g) {
  const std::vector<double> w = cylindrical_cosine_weights(g);
  return std::vector<float>(w.begin(), w.end());
}

}  // namespace pyronn
