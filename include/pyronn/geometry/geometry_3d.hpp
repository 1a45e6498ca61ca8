#pragma once
// What parallel and cone 3D geometries share: the volume, the flat detector and the number of
// views. Shapes and spacings are listed slowest axis first, as the arrays are laid out: volume
// [Z, Y, X], detector [V, U] (projections [views][V][U]).

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/core/vec3.hpp>
#include <pyronn/geometry/extent.hpp>
#include <pyronn/geometry/grid_3d.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstddef>
#include <string>

namespace pyronn {

class Geometry3D {
 public:
  Geometry3D(std::array<int, 3> volume_shape, std::array<double, 3> volume_spacing, std::array<int, 2> detector_shape,
             std::array<double, 2> detector_spacing, int number_of_projections, double angular_range)
      : volume_shape_(volume_shape),
        volume_spacing_(volume_spacing),
        detector_shape_(detector_shape),
        detector_spacing_(detector_spacing),
        number_of_projections_(number_of_projections),
        angular_range_(angular_range) {
    require_shape(volume_shape, "volume_shape");
    require_shape(detector_shape, "detector_shape");
    for (int a = 0; a < 3; ++a) detail::require_length(volume_spacing[a], "volume_spacing[" + detail::to_text(a) + "]");
    for (int a = 0; a < 2; ++a)
      detail::require_length(detector_spacing[a], "detector_spacing[" + detail::to_text(a) + "]");
    detail::require_projection_count(number_of_projections);
    detail::require_angular_range(angular_range);
    volume_size_ = detail::checked_product(
        {std::size_t(volume_shape[0]), std::size_t(volume_shape[1]), std::size_t(volume_shape[2])}, "volume_shape");
    // Kernels index one projection with int.
    projection_size_ = detail::checked_product({std::size_t(detector_shape[0]), std::size_t(detector_shape[1])},
                                               "detector_shape", std::size_t(INT_MAX));
    sinogram_size_ = detail::checked_product({std::size_t(number_of_projections), projection_size_}, "detector_shape");
    std::array<double, 3> volume_origin;
    for (int a = 0; a < 3; ++a) volume_origin[a] = -(volume_shape[a] - 1) / 2.0 * volume_spacing[a];
    set_volume_origin(volume_origin);
    std::array<double, 2> detector_origin;
    for (int a = 0; a < 2; ++a) detector_origin[a] = -(detector_shape[a] - 1) / 2.0 * detector_spacing[a];
    set_detector_origin(detector_origin);
  }

  const std::array<int, 3>& volume_shape() const { return volume_shape_; }
  const std::array<double, 3>& volume_spacing() const { return volume_spacing_; }
  const std::array<double, 3>& volume_origin() const { return volume_origin_; }
  const std::array<int, 2>& detector_shape() const { return detector_shape_; }
  const std::array<double, 2>& detector_spacing() const { return detector_spacing_; }
  const std::array<double, 2>& detector_origin() const { return detector_origin_; }
  int number_of_projections() const { return number_of_projections_; }
  double angular_range() const { return angular_range_; }
  // The angle each view stands for in a backprojection integral over the scan.
  double angular_increment() const { return std::abs(angular_range_) / number_of_projections_; }

  // Element counts, checked at construction (a projection against int, the rest std::size_t).
  std::size_t volume_size() const { return volume_size_; }
  std::size_t projection_size() const { return projection_size_; }
  // All views of one scan: [views][V][U].
  std::size_t sinogram_size() const { return sinogram_size_; }

  // World position (mm) of voxel [0][0][0]'s centre, as [Z, Y, X]. The volume must stay within
  // limits::max_spacings_from_origin voxels of the world origin (float resolution).
  void set_volume_origin(std::array<double, 3> origin) {
    for (int a = 0; a < 3; ++a)
      detail::require_resolved_row(origin[a], volume_spacing_[a], volume_shape_[a],
                                   "volume_origin[" + detail::to_text(a) + "]");
    volume_origin_ = origin;
  }
  // Position (mm along the detector's v- and u-axes, from the central ray) of pixel [0][0]'s
  // centre; likewise within reach of float.
  void set_detector_origin(std::array<double, 2> origin) {
    for (int a = 0; a < 2; ++a)
      detail::require_resolved_row(origin[a], detector_spacing_[a], detector_shape_[a],
                                   "detector_origin[" + detail::to_text(a) + "]");
    detector_origin_ = origin;
  }

  Grid3D grid() const {
    return {volume_shape_[2], volume_shape_[1], volume_shape_[0],
            {float(volume_spacing_[2]), float(volume_spacing_[1]), float(volume_spacing_[0])},
            {float(volume_origin_[2]), float(volume_origin_[1]), float(volume_origin_[0])}};
  }

  // The 8 corners (mm) of the volume's box grown by `margin` voxels beyond the voxel faces.
  std::array<dvec3, 8> volume_corners(double margin) const {
    std::array<dvec3, 8> corners;
    for (int i = 0; i < 8; ++i) {
      double c[3];
      for (int a = 0; a < 3; ++a) {
        const double lo = volume_origin_[a] - (0.5 + margin) * volume_spacing_[a];
        const double hi = volume_origin_[a] + (volume_shape_[a] - 0.5 + margin) * volume_spacing_[a];
        c[a] = (i >> a) & 1 ? hi : lo;
      }
      corners[i] = {c[2], c[1], c[0]};
    }
    return corners;
  }

  // Half the diagonal of the volume's box, seen from above (x-y plane), around the rotation axis.
  double volume_radius_xy() const {
    double r2 = 0;
    for (int a = 1; a < 3; ++a) {
      const double far = farthest_face(volume_origin_[a], volume_spacing_[a], volume_shape_[a]);
      r2 += far * far;
    }
    return std::sqrt(r2);
  }

 private:
  template <std::size_t N>
  static void require_shape(const std::array<int, N>& shape, const char* name) {
    std::string text = "[";
    bool positive = true;
    for (std::size_t a = 0; a < N; ++a) {
      positive = positive && shape[a] > 0;
      text += (a ? ", " : "") + detail::to_text(shape[a]);
    }
    detail::require(positive, name, "every entry must be > 0, got " + text + "]");
  }

  std::array<int, 3> volume_shape_;
  std::array<double, 3> volume_spacing_;
  std::array<double, 3> volume_origin_{};
  std::array<int, 2> detector_shape_;
  std::array<double, 2> detector_spacing_;
  std::array<double, 2> detector_origin_{};
  int number_of_projections_;
  double angular_range_;
  std::size_t volume_size_ = 0, projection_size_ = 0, sinogram_size_ = 0;
};

}  // namespace pyronn
