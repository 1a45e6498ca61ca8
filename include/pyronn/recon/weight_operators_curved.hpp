#pragma once
// The curved detectors' FBP/FDK weights as stand-alone operators (recon/weight_operators.hpp
// has the flat detectors' and says what each is): cosine_ray_weights, cos(gamma) per column for
// the arc ([1][U], row_column) and cos(gamma) R / sqrt(R^2 + z^2) for the cylinder ([V][U]);
// parker_ray_weights and wesarg_ray_weights in the columns' fan angles gamma ([views][U],
// view_column). cosine x Parker is exactly fbp_ray_weights (arc) or fbp_redundancy_weights x
// fbp_cosine_weights (cylinder).

#include <pyronn/core/host_vector.hpp>
#include <pyronn/recon/fan_weights.hpp>
#include <pyronn/recon/fbp_weights_arc_2d.hpp>
#include <pyronn/recon/fbp_weights_cylindrical_3d.hpp>
#include <pyronn/recon/redundancy_weights.hpp>
#include <pyronn/recon/weight_operators.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace pyronn {

inline RayWeights cosine_ray_weights(const GeometryFanArc2D& g) {
  std::vector<double> w = arc_detector_fan_angles(g);
  for (double& gamma : w) gamma = std::cos(gamma);
  return detail::to_ray_weights({g.number_of_projections(), 1, g.detector_shape(), WeightLayout::row_column}, w);
}

inline RayWeights cosine_ray_weights(const GeometryConeCylindrical3D& g) {
  const auto& shape = g.detector_shape();
  return detail::to_ray_weights({g.number_of_projections(), shape[0], shape[1], WeightLayout::row_column},
                                cylindrical_cosine_weights(g));
}

inline RayWeights parker_ray_weights(const GeometryFanArc2D& g) {
  return detail::to_ray_weights(
      {g.number_of_projections(), 1, g.detector_shape(), WeightLayout::view_column},
      fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(), arc_detector_fan_angles(g), g.fan_angle()));
}

inline RayWeights parker_ray_weights(const GeometryConeCylindrical3D& g) {
  const auto& shape = g.detector_shape();
  return detail::to_ray_weights({g.number_of_projections(), shape[0], shape[1], WeightLayout::view_column},
                                fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(),
                                                       cylindrical_detector_fan_angles(g), g.fan_angle()));
}

inline RayWeights wesarg_ray_weights(const GeometryFanArc2D& g, double q) {
  detail::check_wesarg_q(q);
  const auto weight = [q](double beta, double fan, double delta) { return wesarg_weight(beta, fan, delta, q); };
  return detail::to_ray_weights({g.number_of_projections(), 1, g.detector_shape(), WeightLayout::view_column},
                                fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(),
                                                       arc_detector_fan_angles(g), g.fan_angle(), weight));
}

inline RayWeights wesarg_ray_weights(const GeometryConeCylindrical3D& g, double q) {
  detail::check_wesarg_q(q);
  const auto& shape = g.detector_shape();
  const auto weight = [q](double beta, double fan, double delta) { return wesarg_weight(beta, fan, delta, q); };
  return detail::to_ray_weights({g.number_of_projections(), shape[0], shape[1], WeightLayout::view_column},
                                fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(),
                                                       cylindrical_detector_fan_angles(g), g.fan_angle(), weight));
}

}  // namespace pyronn
