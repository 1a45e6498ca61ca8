#pragma once
// The taps an FBP filters its rows with: filter_taps at the geometry's fbp_filter_spacing for flat
// detectors; curved detectors overload fbp_filter_taps with their equiangular taps
// (recon/fbp_weights_arc_2d.hpp, recon/fbp_weights_cylindrical_3d.hpp), found by argument-dependent lookup.

#include <pyronn/recon/filters.hpp>

#include <array>
#include <vector>

namespace pyronn {
namespace detail {
inline int filter_row_length(int detector_shape) { return detector_shape; }
inline int filter_row_length(std::array<int, 2> detector_shape) { return detector_shape[1]; }
}  // namespace detail

template <class Geometry>
std::vector<float> fbp_filter_taps(Filter filter, const Geometry& g) {
  return filter_taps(filter, detail::filter_row_length(g.detector_shape()), fbp_filter_spacing(g));
}

}  // namespace pyronn
