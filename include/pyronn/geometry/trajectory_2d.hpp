#pragma once
// 2D trajectories are central-ray unit vectors, one per view (PYRO-NN's convention).

#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/core/vec.hpp>

#include <cmath>
#include <vector>

namespace pyronn {

// Views at angle_i = i * angular_range / n, i = 0..n-1 (end point excluded), central ray
// (cos angle_i, sin angle_i).
inline std::vector<dvec2> circular_trajectory_2d(int number_of_projections, double angular_range) {
  detail::require_projection_count(number_of_projections);
  detail::require_angular_range(angular_range);
  std::vector<dvec2> rays(static_cast<std::size_t>(number_of_projections));
  const double increment = angular_range / number_of_projections;
  for (int i = 0; i < number_of_projections; ++i) rays[i] = {std::cos(i * increment), std::sin(i * increment)};
  return rays;
}

// The same for a geometry, as PYRO-NN's circular_trajectory_2d(geometry).
template <class Geometry>
std::vector<dvec2> circular_trajectory_2d(const Geometry& geometry) {
  return circular_trajectory_2d(geometry.number_of_projections(), geometry.angular_range());
}

}  // namespace pyronn
