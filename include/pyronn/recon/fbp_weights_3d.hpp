#pragma once
// What FDK (cone) and 3D parallel FBP multiply each measured ray by before filtering the
// detector rows, and the spacing the filter works at (Feldkamp, Davis & Kress 1984). The weight
// of pixel (view, v, u) is separable: a redundancy weight per (view, u), as for the 2D fan or
// parallel beam in the detector's rows, times a cosine weight per (v, u), the cosine of the
// angle between the pixel's ray and the central ray. Cone rows are filtered at the spacing they
// would have at the isocentre.

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/host_vector.hpp>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/vector_conversion.hpp>
#include <pyronn/recon/fan_weights.hpp>
#include <pyronn/recon/redundancy_weights.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace pyronn {

inline double fbp_filter_spacing(const GeometryParallel3D& g) { return g.detector_spacing()[1]; }
inline double fbp_filter_spacing(const GeometryCone3D& g) {
  return g.detector_spacing()[1] * g.source_isocenter_distance() / g.source_detector_distance();
}

// [views][U]
inline std::vector<float> fbp_redundancy_weights(const GeometryParallel3D& g) {
  const std::vector<double> per_view = parallel_redundancy_weights(g.central_ray_vectors(), g.angular_range());
  const std::size_t nu = std::size_t(g.detector_shape()[1]);
  auto w = detail::host_vector<float>(detail::checked_product({per_view.size(), std::size_t(nu)}, "detector_shape"),
                                    "FDK weights");
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = float(per_view[i / nu]);
  return w;
}
inline std::vector<float> fbp_redundancy_weights(const GeometryCone3D& g) {
  const std::vector<double> gamma = flat_detector_fan_angles(g.detector_shape()[1], g.detector_origin()[1],
                                                             g.detector_spacing()[1], g.source_detector_distance(),
                                                             g.detector_u_sense());
  const std::vector<double> w = fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(), gamma, g.fan_angle());
  return std::vector<float>(w.begin(), w.end());
}

// [V][U]
inline std::vector<float> fbp_cosine_weights(const GeometryParallel3D& g) {
  return std::vector<float>(g.projection_size(), 1.f);
}
inline std::vector<float> fbp_cosine_weights(const GeometryCone3D& g) {
  const double sdd = g.source_detector_distance();
  const auto& shape = g.detector_shape();
  const auto& spacing = g.detector_spacing();
  const auto& origin = g.detector_origin();
  std::vector<float> w = detail::host_vector<float>(g.projection_size(), "FDK weights");
  for (int v = 0; v < shape[0]; ++v)
    for (int u = 0; u < shape[1]; ++u) {
      const double s = origin[1] + u * spacing[1], t = origin[0] + v * spacing[0];
      w[std::size_t(v) * shape[1] + u] = float(fan_cosine_weight(std::hypot(s, t), sdd));
    }
  return w;
}

// Vector geometries: those of the circular geometry their scan is (to_circular_geometry, which
// refuses scans that are not circular-like, naming the view and what breaks it).
inline double fbp_filter_spacing(const GeometryParallel3DVec& g) { return fbp_filter_spacing(to_circular_geometry(g)); }
inline double fbp_filter_spacing(const GeometryCone3DVec& g) { return fbp_filter_spacing(to_circular_geometry(g)); }
inline std::vector<float> fbp_redundancy_weights(const GeometryParallel3DVec& g) {
  return fbp_redundancy_weights(to_circular_geometry(g));
}
inline std::vector<float> fbp_redundancy_weights(const GeometryCone3DVec& g) {
  return fbp_redundancy_weights(to_circular_geometry(g));
}
inline std::vector<float> fbp_cosine_weights(const GeometryParallel3DVec& g) {
  return fbp_cosine_weights(to_circular_geometry(g));
}
inline std::vector<float> fbp_cosine_weights(const GeometryCone3DVec& g) {
  return fbp_cosine_weights(to_circular_geometry(g));
}

}  // namespace pyronn
