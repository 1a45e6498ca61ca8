#pragma once
// The image of a 2D scan: pixel counts, spacing and the world position of pixel [0][0], as every
// 2D geometry (circular or per-view vectors) holds it.

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/geometry/extent.hpp>
#include <pyronn/geometry/grid_2d.hpp>

#include <array>
#include <cmath>
#include <cstddef>

namespace pyronn {

class Volume2D {
 public:
  // volume_shape and volume_spacing are [Y, X] (row-major image [Y][X]); spacings in mm. The
  // origin defaults to -(shape - 1) / 2 * spacing: the image's centre on the isocentre.
  Volume2D(std::array<int, 2> volume_shape, std::array<double, 2> volume_spacing)
      : volume_shape_(volume_shape), volume_spacing_(volume_spacing) {
    detail::require(volume_shape[0] > 0 && volume_shape[1] > 0, "volume_shape",
                    "both entries must be > 0, got [" + detail::to_text(volume_shape[0]) + ", " +
                        detail::to_text(volume_shape[1]) + "]");
    detail::require_length(volume_spacing[0], "volume_spacing[0]");
    detail::require_length(volume_spacing[1], "volume_spacing[1]");
    volume_size_ =
        detail::checked_product({std::size_t(volume_shape[0]), std::size_t(volume_shape[1])}, "volume_shape");
    std::array<double, 2> origin;
    for (int a = 0; a < 2; ++a) origin[a] = -(volume_shape[a] - 1) / 2.0 * volume_spacing[a];
    set_volume_origin(origin);
  }

  const std::array<int, 2>& volume_shape() const { return volume_shape_; }
  const std::array<double, 2>& volume_spacing() const { return volume_spacing_; }
  const std::array<double, 2>& volume_origin() const { return volume_origin_; }
  std::size_t volume_size() const { return volume_size_; }

  // World position (mm) of pixel [0][0]'s centre, as [Y, X]. The image must stay within
  // limits::max_spacings_from_origin pixels of the world origin (float resolution).
  void set_volume_origin(std::array<double, 2> origin) {
    for (int a = 0; a < 2; ++a)
      detail::require_resolved_row(origin[a], volume_spacing_[a], volume_shape_[a],
                                   "volume_origin[" + detail::to_text(a) + "]");
    volume_origin_ = origin;
  }

  Grid2D grid() const {
    return {volume_shape_[1], volume_shape_[0],
            {float(volume_spacing_[1]), float(volume_spacing_[0])},
            {float(volume_origin_[1]), float(volume_origin_[0])}};
  }

  // Half the diagonal of the volume's bounding box around the isocentre (mm).
  double volume_radius() const {
    double r2 = 0;
    for (int a = 0; a < 2; ++a) {
      const double far = farthest_face(volume_origin_[a], volume_spacing_[a], volume_shape_[a]);
      r2 += far * far;
    }
    return std::sqrt(r2);
  }

  // The 4 corners (mm, (x, y)) of the image's box grown by `margin` pixels beyond the pixel faces.
  std::array<dvec2, 4> volume_corners(double margin) const {
    std::array<dvec2, 4> corners;
    for (int i = 0; i < 4; ++i) {
      double c[2];
      for (int a = 0; a < 2; ++a) {
        const double lo = volume_origin_[a] - (0.5 + margin) * volume_spacing_[a];
        const double hi = volume_origin_[a] + (volume_shape_[a] - 0.5 + margin) * volume_spacing_[a];
        c[a] = (i >> a) & 1 ? hi : lo;
      }
      corners[i] = {c[1], c[0]};
    }
    return corners;
  }

 private:
  std::array<int, 2> volume_shape_;
  std::array<double, 2> volume_spacing_;
  std::array<double, 2> volume_origin_{};
  std::size_t volume_size_ = 0;
};

}  // namespace pyronn
