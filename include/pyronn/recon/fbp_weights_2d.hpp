#pragma once
// What 2D FBP multiplies each measured ray by before filtering, and the spacing the filter works
// at (Kak & Slaney, ch. 3): the redundancy weights of recon/redundancy_weights.hpp and, for fan
// beams, the cosine weight of a flat detector, whose rows are filtered at the spacing they would
// have at the isocentre.

#include <pyronn/core/host_vector.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/vector_conversion.hpp>
#include <pyronn/recon/fan_weights.hpp>
#include <pyronn/recon/redundancy_weights.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pyronn {

inline double fbp_filter_spacing(const GeometryParallel2D& g) { return g.detector_spacing(); }
inline double fbp_filter_spacing(const GeometryFan2D& g) {
  return g.detector_spacing() * g.source_isocenter_distance() / g.source_detector_distance();
}

// [views][U] weights.
inline std::vector<float> fbp_ray_weights(const GeometryParallel2D& g) {
  const std::vector<double> per_view = parallel_redundancy_weights(g.central_ray_vectors(), g.angular_range());
  const std::size_t nu = std::size_t(g.detector_shape());
  std::vector<float> w = detail::host_vector<float>(g.sinogram_size(), "FBP weights");
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = float(per_view[i / nu]);
  return w;
}

inline std::vector<float> fbp_ray_weights(const GeometryFan2D& g) {
  const std::vector<double> gamma = flat_detector_fan_angles(g.detector_shape(), g.detector_origin(),
                                                             g.detector_spacing(), g.source_detector_distance(),
                                                             g.detector_u_sense());
  const std::vector<double> redundancy =
      fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(), gamma, g.fan_angle());
  const std::size_t nu = std::size_t(g.detector_shape());
  std::vector<float> w = detail::host_vector<float>(g.sinogram_size(), "FBP weights");
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double s = g.detector_origin() + double(i % nu) * g.detector_spacing();
    w[i] = float(redundancy[i] * fan_cosine_weight(s, g.source_detector_distance()));
  }
  return w;
}

// Vector geometries: those of the circular geometry their scan is (to_circular_geometry, which
// refuses scans that are not circular-like, naming the view and what breaks it).
inline double fbp_filter_spacing(const GeometryParallel2DVec& g) { return fbp_filter_spacing(to_circular_geometry(g)); }
inline double fbp_filter_spacing(const GeometryFan2DVec& g) { return fbp_filter_spacing(to_circular_geometry(g)); }
inline std::vector<float> fbp_ray_weights(const GeometryParallel2DVec& g) {
  return fbp_ray_weights(to_circular_geometry(g));
}
inline std::vector<float> fbp_ray_weights(const GeometryFan2DVec& g) { return fbp_ray_weights(to_circular_geometry(g)); }

}  // namespace pyronn
