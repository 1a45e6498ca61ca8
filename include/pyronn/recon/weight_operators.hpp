#pragma once
// The weights of fan-beam (2D) and cone-beam (3D) reconstruction as stand-alone operators, each a
// RayWeights array that host::WeightOperator or cuda::WeightOperator applies (out = w * in) and
// differentiates (see recon/weights_layout.hpp for the layouts and the gradients):
//   cosine_ray_weights      sdd / sqrt(sdd^2 + s^2 (+ t^2)), s and t the pixel's position (mm) on
//                           the flat detector from the central ray; row_column layout: [1][U]
//                           for fan, [V][U] for cone.
//   parker_ray_weights      Parker's short-scan redundancy weights (D. L. Parker, Med. Phys. 9,
//                           254-257, 1982), generalised to any scan of pi + 2 delta; view_column
//                           layout [views][U]. Whole turns get 1/2 per turn.
//   wesarg_ray_weights      Wesarg, Ebert & Bortfeld's generalisation with transition parameter
//                           q in (0, 1] (Med. Phys. 29, 372-378, 2002; q = 1 is Parker's);
//                           view_column layout [views][U]. Whole turns get 1/2 per turn.
// The redundancy weights are those FBP/FDK use (recon/redundancy_weights.hpp), including each
// view's share of the scan's arc (1 for evenly spaced views), so that cosine x Parker is exactly
// fbp_ray_weights (fan) or fbp_redundancy_weights x fbp_cosine_weights (cone).

#include <pyronn/core/host_vector.hpp>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/recon/fan_weights.hpp>
#include <pyronn/recon/redundancy_weights.hpp>
#include <pyronn/recon/weights_layout.hpp>

#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace pyronn {

// A weight array and the projection stacks it applies to.
struct RayWeights {
  WeightShape shape;
  std::vector<float> values;  // shape.weight_size() entries, laid out as shape.layout says
};

namespace detail {

inline void check_ray_weights(const RayWeights& w) {
  check_weight_shape(w.shape);
  require(w.values.size() == w.shape.weight_size(), "weights",
          "holds " + to_text(w.values.size()) + " values, but the " + to_string(w.shape.layout) + " layout needs " +
              to_text(w.shape.weight_size()));
}

inline RayWeights to_ray_weights(WeightShape shape, const std::vector<double>& values) {
  return {shape, std::vector<float>(values.begin(), values.end())};
}

inline void check_wesarg_q(double q) {
  require(std::isfinite(q) && q > 0 && q <= 1, "q", "Wesarg's transition parameter must lie in (0, 1], got " + to_text(q));
}

}  // namespace detail

// ----- cosine -----------------------------------------------------------------------------------

inline RayWeights cosine_ray_weights(const GeometryFan2D& g) {
  const int nu = g.detector_shape();
  std::vector<double> w(static_cast<std::size_t>(nu));
  for (int u = 0; u < nu; ++u)
    w[std::size_t(u)] = fan_cosine_weight(g.detector_origin() + u * g.detector_spacing(), g.source_detector_distance());
  return detail::to_ray_weights({g.number_of_projections(), 1, nu, WeightLayout::row_column}, w);
}

inline RayWeights cosine_ray_weights(const GeometryCone3D& g) {
  const auto& shape = g.detector_shape();
  const auto& spacing = g.detector_spacing();
  const auto& origin = g.detector_origin();
  std::vector<double> w = detail::host_vector<double>(g.projection_size(), "cosine weights");
  for (int v = 0; v < shape[0]; ++v)
    for (int u = 0; u < shape[1]; ++u) {
      const double s = origin[1] + u * spacing[1], t = origin[0] + v * spacing[0];
      w[std::size_t(v) * std::size_t(shape[1]) + std::size_t(u)] =
          fan_cosine_weight(std::hypot(s, t), g.source_detector_distance());
    }
  return detail::to_ray_weights({g.number_of_projections(), shape[0], shape[1], WeightLayout::row_column}, w);
}

// ----- Parker -----------------------------------------------------------------------------------

inline RayWeights parker_ray_weights(const GeometryFan2D& g) {
  const std::vector<double> gamma = flat_detector_fan_angles(g.detector_shape(), g.detector_origin(),
                                                             g.detector_spacing(), g.source_detector_distance(),
                                                             g.detector_u_sense());
  return detail::to_ray_weights({g.number_of_projections(), 1, g.detector_shape(), WeightLayout::view_column},
                                fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(), gamma, g.fan_angle()));
}

// Per (view, u), the same for every detector row (the rows of a cone are fans, as in FDK).
inline RayWeights parker_ray_weights(const GeometryCone3D& g) {
  const auto& shape = g.detector_shape();
  const std::vector<double> gamma = flat_detector_fan_angles(shape[1], g.detector_origin()[1], g.detector_spacing()[1],
                                                             g.source_detector_distance(), g.detector_u_sense());
  return detail::to_ray_weights({g.number_of_projections(), shape[0], shape[1], WeightLayout::view_column},
                                fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(), gamma, g.fan_angle()));
}

// ----- Wesarg et al. ----------------------------------------------------------------------------

inline RayWeights wesarg_ray_weights(const GeometryFan2D& g, double q) {
  detail::check_wesarg_q(q);
  const std::vector<double> gamma = flat_detector_fan_angles(g.detector_shape(), g.detector_origin(),
                                                             g.detector_spacing(), g.source_detector_distance(),
                                                             g.detector_u_sense());
  const auto weight = [q](double beta, double fan, double delta) { return wesarg_weight(beta, fan, delta, q); };
  return detail::to_ray_weights(
      {g.number_of_projections(), 1, g.detector_shape(), WeightLayout::view_column},
      fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(), gamma, g.fan_angle(), weight));
}

inline RayWeights wesarg_ray_weights(const GeometryCone3D& g, double q) {
  detail::check_wesarg_q(q);
  const auto& shape = g.detector_shape();
  const std::vector<double> gamma = flat_detector_fan_angles(shape[1], g.detector_origin()[1], g.detector_spacing()[1],
                                                             g.source_detector_distance(), g.detector_u_sense());
  const auto weight = [q](double beta, double fan, double delta) { return wesarg_weight(beta, fan, delta, q); };
  return detail::to_ray_weights(
      {g.number_of_projections(), shape[0], shape[1], WeightLayout::view_column},
      fan_redundancy_weights(g.central_ray_vectors(), g.angular_range(), gamma, g.fan_angle(), weight));
}

// ----- combining --------------------------------------------------------------------------------

// The same weights, one per ray: [views][rows][columns].
inline RayWeights full_ray_weights(const RayWeights& w) {
  detail::check_ray_weights(w);
  WeightShape full = w.shape;
  full.layout = WeightLayout::full;
  std::vector<float> values = detail::host_vector<float>(full.weight_size(), "weights");
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = w.values[std::size_t(weight_index(w.shape, i))];
  return {full, std::move(values)};
}

// a * b per ray, in the full layout: one operator for, e.g., cosine x Parker.
inline RayWeights combined_ray_weights(const RayWeights& a, const RayWeights& b) {
  detail::check_ray_weights(a);
  detail::check_ray_weights(b);
  detail::require(a.shape.views == b.shape.views && a.shape.rows == b.shape.rows && a.shape.columns == b.shape.columns,
                  "weights", "the two operators must apply to the same projection shape, got " +
                                 detail::to_text(a.shape.views) + "x" + detail::to_text(a.shape.rows) + "x" +
                                 detail::to_text(a.shape.columns) + " and " + detail::to_text(b.shape.views) + "x" +
                                 detail::to_text(b.shape.rows) + "x" + detail::to_text(b.shape.columns));
  RayWeights out = full_ray_weights(a);
  for (std::size_t i = 0; i < out.values.size(); ++i) out.values[i] *= b.values[std::size_t(weight_index(b.shape, i))];
  return out;
}

}  // namespace pyronn
