#pragma once
// What parallel and fan 2D geometries share: the volume (Volume2D), the detector and the trajectory.

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/core/vec.hpp>
#include <pyronn/geometry/extent.hpp>
#include <pyronn/geometry/grid_2d.hpp>
#include <pyronn/geometry/trajectory_2d.hpp>
#include <pyronn/geometry/volume_2d.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace pyronn {

class Geometry2D : public Volume2D {
 public:
  // volume_shape and volume_spacing are [Y, X] (row-major image [Y][X]); spacings in mm.
  // The trajectory defaults to circular_trajectory_2d(number_of_projections, angular_range).
  Geometry2D(std::array<int, 2> volume_shape, std::array<double, 2> volume_spacing, int detector_shape,
             double detector_spacing, int number_of_projections, double angular_range)
      : Volume2D(volume_shape, volume_spacing),
        detector_shape_(detector_shape),
        detector_spacing_(detector_spacing),
        number_of_projections_(number_of_projections),
        angular_range_(angular_range) {
    detail::require(detector_shape > 0, "detector_shape", "must be > 0, got " + detail::to_text(detector_shape));
    detail::require_length(detector_spacing, "detector_spacing");
    detail::require_projection_count(number_of_projections);
    sinogram_size_ = detail::checked_product({std::size_t(number_of_projections), std::size_t(detector_shape)},
                                             "detector_shape");
    central_rays_ = circular_trajectory_2d(number_of_projections, angular_range);
    set_detector_origin(-(detector_shape - 1) / 2.0 * detector_spacing);
  }

  int detector_shape() const { return detector_shape_; }
  double detector_spacing() const { return detector_spacing_; }
  double detector_origin() const { return detector_origin_; }
  int number_of_projections() const { return number_of_projections_; }
  double angular_range() const { return angular_range_; }
  // The angle each view stands for in a backprojection integral over the scan.
  double angular_increment() const { return std::abs(angular_range_) / number_of_projections_; }
  const std::vector<dvec2>& central_ray_vectors() const { return central_rays_; }

  // Element count of one sinogram, checked against std::size_t at construction.
  std::size_t sinogram_size() const { return sinogram_size_; }

  // Position (mm along the detector u-axis) of bin 0's centre; likewise within reach of float.
  void set_detector_origin(double origin) {
    detail::require_resolved_row(origin, detector_spacing_, detector_shape_, "detector_origin");
    detector_origin_ = origin;
  }
  // Any trajectory: one central ray per view (short scans, irregular angles). Vectors are
  // normalised; their count must equal number_of_projections.
  void set_central_ray_vectors(const std::vector<dvec2>& rays) {
    detail::require(rays.size() == std::size_t(number_of_projections_), "central_ray_vectors",
                    "expected " + detail::to_text(number_of_projections_) + " vectors (number_of_projections), got " +
                        detail::to_text(rays.size()));
    std::vector<dvec2> unit(rays.size());
    for (std::size_t i = 0; i < rays.size(); ++i) {
      const double length = norm(rays[i]);
      detail::require(std::isfinite(length) && length > 0, "central_ray_vectors",
                      "vector " + detail::to_text(i) + " must be finite and non-zero");
      unit[i] = (1.0 / length) * rays[i];
    }
    central_rays_ = std::move(unit);
  }

 protected:
  dvec2 detector_axis(std::size_t view) const { return perp(central_rays_[view]); }
  // Where bin 0's centre lies along the detector axis, as the middle of the detector (the
  // vector geometries' detector centre) plus the axis vectors: (U - 1) / 2 bins further.
  double detector_centre_offset() const { return detector_origin_ + (detector_shape_ - 1) / 2.0 * detector_spacing_; }

 private:
  int detector_shape_;
  double detector_spacing_;
  double detector_origin_;
  int number_of_projections_;
  double angular_range_;
  std::size_t sinogram_size_ = 0;
  std::vector<dvec2> central_rays_;
};

}  // namespace pyronn
