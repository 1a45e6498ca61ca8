#pragma once
// The default angular increment of a vector geometry: the mean angle between consecutive views'
// detector normals, which is |angular_range| / N for a circular scan of N views.

#include <pyronn/core/vec.hpp>
#include <pyronn/core/vec3.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace pyronn {
namespace detail {

inline double angle_between(dvec2 a, dvec2 b) { return std::atan2(std::abs(cross(a, b)), dot(a, b)); }
inline double angle_between(dvec3 a, dvec3 b) { return std::atan2(norm(cross(a, b)), dot(a, b)); }

// `fallback` for a single view or views that all look the same way (no angle to measure).
template <class Direction>
double mean_view_step(const std::vector<Direction>& directions, double fallback) {
  double total = 0;
  for (std::size_t i = 1; i < directions.size(); ++i) total += angle_between(directions[i - 1], directions[i]);
  return total > 0 ? total / double(directions.size() - 1) : fallback;
}

}  // namespace detail
}  // namespace pyronn
