#pragma once
// The volume of a 3D scan: voxel counts, spacing and the world position of voxel [0][0][0],
// listed [Z, Y, X] as the array is laid out, as every 3D geometry (circular, matrices or
// per-view vectors) holds it.

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/core/vec3.hpp>
#include <pyronn/geometry/extent.hpp>
#include <pyronn/geometry/grid_3d.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>

namespace pyronn {

namespace detail {

template <std::size_t N>
void require_shape(const std::array<int, N>& shape, const char* name) {
  std::string text = "[";
  bool positive = true;
  for (std::size_t a = 0; a < N; ++a) {
    positive = positive && shape[a] > 0;
    text += (a ? ", " : "") + to_text(shape[a]);
  }
  require(positive, name, "every entry must be > 0, got " + text + "]");
}

}  // namespace detail

class Volume3D {
 public:
  // The origin defaults to -(shape - 1) / 2 * spacing per axis: the volume's centre on the isocentre.
  Volume3D(std::array<int, 3> volume_shape, std::array<double, 3> volume_spacing)
      : volume_shape_(volume_shape), volume_spacing_(volume_spacing) {
    detail::require_shape(volume_shape, "volume_shape");
    for (int a = 0; a < 3; ++a) detail::require_length(volume_spacing[a], "volume_spacing[" + detail::to_text(a) + "]");
    volume_size_ = detail::checked_product(
        {std::size_t(volume_shape[0]), std::size_t(volume_shape[1]), std::size_t(volume_shape[2])}, "volume_shape");
    std::array<double, 3> origin;
    for (int a = 0; a < 3; ++a) origin[a] = -(volume_shape[a] - 1) / 2.0 * volume_spacing[a];
    set_volume_origin(origin);
  }

  const std::array<int, 3>& volume_shape() const { return volume_shape_; }
  const std::array<double, 3>& volume_spacing() const { return volume_spacing_; }
  const std::array<double, 3>& volume_origin() const { return volume_origin_; }
  std::size_t volume_size() const { return volume_size_; }

  // World position (mm) of voxel [0][0][0]'s centre, as [Z, Y, X]. The volume must stay within
  // limits::max_spacings_from_origin voxels of the world origin (float resolution).
  void set_volume_origin(std::array<double, 3> origin) {
    for (int a = 0; a < 3; ++a)
      detail::require_resolved_row(origin[a], volume_spacing_[a], volume_shape_[a],
                                   "volume_origin[" + detail::to_text(a) + "]");
    volume_origin_ = origin;
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
  std::array<int, 3> volume_shape_;
  std::array<double, 3> volume_spacing_;
  std::array<double, 3> volume_origin_{};
  std::size_t volume_size_ = 0;
};

}  // namespace pyronn
