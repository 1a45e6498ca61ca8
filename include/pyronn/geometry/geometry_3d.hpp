#pragma once
// What parallel and cone 3D geometries share: the volume (Volume3D), the flat detector and the
// number of views. Shapes and spacings are listed slowest axis first, as the arrays are laid out: volume
// [Z, Y, X], detector [V, U] (projections [views][V][U]).

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/core/vec3.hpp>
#include <pyronn/geometry/extent.hpp>
#include <pyronn/geometry/grid_3d.hpp>
#include <pyronn/geometry/volume_3d.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstddef>
#include <string>

namespace pyronn {

class Geometry3D : public Volume3D {
 public:
  Geometry3D(std::array<int, 3> volume_shape, std::array<double, 3> volume_spacing, std::array<int, 2> detector_shape,
             std::array<double, 2> detector_spacing, int number_of_projections, double angular_range)
      : Volume3D(volume_shape, volume_spacing),
        detector_shape_(detector_shape),
        detector_spacing_(detector_spacing),
        number_of_projections_(number_of_projections),
        angular_range_(angular_range) {
    detail::require_shape(detector_shape, "detector_shape");
    for (int a = 0; a < 2; ++a)
      detail::require_length(detector_spacing[a], "detector_spacing[" + detail::to_text(a) + "]");
    detail::require_projection_count(number_of_projections);
    detail::require_angular_range(angular_range);
    // Kernels index one projection with int.
    projection_size_ = detail::checked_product({std::size_t(detector_shape[0]), std::size_t(detector_shape[1])},
                                               "detector_shape", std::size_t(INT_MAX));
    sinogram_size_ = detail::checked_product({std::size_t(number_of_projections), projection_size_}, "detector_shape");
    std::array<double, 2> detector_origin;
    for (int a = 0; a < 2; ++a) detector_origin[a] = -(detector_shape[a] - 1) / 2.0 * detector_spacing[a];
    set_detector_origin(detector_origin);
  }

  const std::array<int, 2>& detector_shape() const { return detector_shape_; }
  const std::array<double, 2>& detector_spacing() const { return detector_spacing_; }
  const std::array<double, 2>& detector_origin() const { return detector_origin_; }
  int number_of_projections() const { return number_of_projections_; }
  double angular_range() const { return angular_range_; }
  // The angle each view stands for in a backprojection integral over the scan.
  double angular_increment() const { return std::abs(angular_range_) / number_of_projections_; }

  // Element counts, checked at construction (a projection against int, the rest std::size_t).
  std::size_t projection_size() const { return projection_size_; }
  // All views of one scan: [views][V][U].
  std::size_t sinogram_size() const { return sinogram_size_; }

  // Position (mm along the detector's v- and u-axes, from the central ray) of pixel [0][0]'s
  // centre; likewise within reach of float.
  void set_detector_origin(std::array<double, 2> origin) {
    for (int a = 0; a < 2; ++a)
      detail::require_resolved_row(origin[a], detector_spacing_[a], detector_shape_[a],
                                   "detector_origin[" + detail::to_text(a) + "]");
    detector_origin_ = origin;
  }

 protected:
  // The detector's middle (the vector geometries' detector centre) from the central ray, mm
  // along v and u: pixel [0][0]'s centre plus (shape - 1) / 2 pixels.
  std::array<double, 2> detector_centre_offset() const {
    return {detector_origin_[0] + (detector_shape_[0] - 1) / 2.0 * detector_spacing_[0],
            detector_origin_[1] + (detector_shape_[1] - 1) / 2.0 * detector_spacing_[1]};
  }

 private:
  std::array<int, 2> detector_shape_;
  std::array<double, 2> detector_spacing_;
  std::array<double, 2> detector_origin_{};
  int number_of_projections_;
  double angular_range_;
  std::size_t projection_size_ = 0, sinogram_size_ = 0;
};

}  // namespace pyronn
