#pragma once
// 2D geometries described view by view (ASTRA's parallel_vec and fanflat_vec): any trajectory,
// detector tilt, shift, wobble or varying distance. Each view is a ParallelVector2D or a
// FanVector2D (geometry/vector_views_2d.hpp); the kernels read the same View2D as for the
// circular geometries, so every projector, transpose and the FBP backprojection work unchanged.
//
//   GeometryParallel2DVec g(volume_shape, volume_spacing, detector_shape, vectors);
//   GeometryFan2DVec g(volume_shape, volume_spacing, detector_shape, vectors);
//
// number_of_projections() is vectors.size(). angular_increment() (the angle each view stands for
// in backproject_fbp's sum) defaults to the mean angle between consecutive views' detector
// normals, which is |angular_range| / N for a circular scan; set_angular_increment overrides it.
// FBP needs a circular-like scan: recon/fbp_weights_2d.hpp derives the circular geometry (or says
// what is missing) with to_circular_geometry (geometry/vector_conversion.hpp).

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/geometry/vector_views_2d.hpp>
#include <pyronn/geometry/view_step.hpp>
#include <pyronn/geometry/volume_2d.hpp>
#include <pyronn/kernels/beam_2d.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace pyronn {

// What both 2D vector geometries share: the image, the detector's bin count, the views and the
// angular increment. Vector: ParallelVector2D or FanVector2D.
template <class Vector>
class VectorGeometry2D : public Volume2D {
 public:
  const std::vector<Vector>& vectors() const { return vectors_; }
  int detector_shape() const { return detector_shape_; }
  int number_of_projections() const { return int(vectors_.size()); }
  std::size_t sinogram_size() const { return sinogram_size_; }
  double angular_increment() const { return angular_increment_; }

  // The angle (rad) each view stands for in backproject_fbp's sum (and FBP's): finite, > 0.
  void set_angular_increment(double increment) {
    detail::require(std::isfinite(increment) && increment > 0 &&
                        increment * number_of_projections() <= limits::max_angular_range,
                    "angular_increment",
                    "must be finite and > 0, with angular_increment * views at most 2^16 turns, got " +
                        detail::to_text(increment));
    angular_increment_ = increment;
  }

 protected:
  VectorGeometry2D(const Volume2D& volume, int detector_shape, std::size_t views)
      : Volume2D(volume), detector_shape_(detector_shape) {
    detail::require(detector_shape > 0, "detector_shape", "must be > 0, got " + detail::to_text(detector_shape));
    detail::require(views > 0 && views <= std::size_t(limits::max_projections), "vectors",
                    "must hold between 1 and " + detail::to_text(limits::max_projections) + " views, got " +
                        detail::to_text(views));
    sinogram_size_ = detail::checked_product({views, std::size_t(detector_shape)}, "detector_shape");
  }

  // Replaces the views, whose count is fixed by the sinogram's shape; the caller checks them first.
  void store(std::vector<Vector> vectors) {
    detail::require(vectors_.empty() || vectors.size() == vectors_.size(), "vectors",
                    "expected " + detail::to_text(vectors_.size()) + " views (number_of_projections), got " +
                        detail::to_text(vectors.size()));
    vectors_ = std::move(vectors);
  }

  // Fills in the default increment from each view's unit detector normal.
  void default_increment(const std::vector<dvec2>& normals, double fallback) {
    angular_increment_ = detail::mean_view_step(normals, fallback);
  }

 private:
  int detector_shape_;
  std::size_t sinogram_size_ = 0;
  std::vector<Vector> vectors_;
  double angular_increment_ = 0;
};

class GeometryParallel2DVec : public VectorGeometry2D<ParallelVector2D> {
 public:
  using beam_type = ParallelBeam2D;

  GeometryParallel2DVec(std::array<int, 2> volume_shape, std::array<double, 2> volume_spacing, int detector_shape,
                        std::vector<ParallelVector2D> vectors)
      : GeometryParallel2DVec(Volume2D(volume_shape, volume_spacing), detector_shape, std::move(vectors)) {}
  // On a volume placed already (its origin set), against which the views are checked.
  GeometryParallel2DVec(const Volume2D& volume, int detector_shape, std::vector<ParallelVector2D> vectors)
      : VectorGeometry2D(volume, detector_shape, vectors.size()) {
    set_vectors(std::move(vectors));
  }

  // New views, as many as before. The angular increment is re-derived from them.
  void set_vectors(std::vector<ParallelVector2D> vectors) {
    for (std::size_t i = 0; i < vectors.size(); ++i) detail::check_parallel_vector(vectors[i], i);
    std::vector<dvec2> normals(vectors.size());
    for (std::size_t i = 0; i < vectors.size(); ++i) normals[i] = detector_normal(vectors[i].u, vectors[i].ray);
    store(std::move(vectors));
    default_increment(normals, 3.14159265358979323846 / number_of_projections());
  }

  std::vector<View2D> views() const {
    std::vector<View2D> out(vectors().size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = parallel_view_2d(vectors()[i], detector_shape());
    return out;
  }
};

class GeometryFan2DVec : public VectorGeometry2D<FanVector2D> {
 public:
  using beam_type = FanBeam2D;

  GeometryFan2DVec(std::array<int, 2> volume_shape, std::array<double, 2> volume_spacing, int detector_shape,
                   std::vector<FanVector2D> vectors)
      : GeometryFan2DVec(Volume2D(volume_shape, volume_spacing), detector_shape, std::move(vectors)) {}
  // On a volume placed already (its origin set), against which the views are checked.
  GeometryFan2DVec(const Volume2D& volume, int detector_shape, std::vector<FanVector2D> vectors)
      : VectorGeometry2D(volume, detector_shape, vectors.size()) {
    set_vectors(std::move(vectors));
  }

  void set_vectors(std::vector<FanVector2D> vectors) {
    for (std::size_t i = 0; i < vectors.size(); ++i) detail::check_fan_vector(vectors[i], i, volume_corners(1.0));
    std::vector<dvec2> normals(vectors.size());
    for (std::size_t i = 0; i < vectors.size(); ++i)
      normals[i] = detector_normal(vectors[i].u, vectors[i].detector - vectors[i].source);
    store(std::move(vectors));
    default_increment(normals, 2 * 3.14159265358979323846 / number_of_projections());
  }

  // Checked again here because the volume origin may have moved since the views were set.
  std::vector<View2D> views() const {
    std::vector<View2D> out(vectors().size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      detail::check_fan_vector(vectors()[i], i, volume_corners(1.0));
      out[i] = fan_view_2d(vectors()[i], detector_shape());
    }
    return out;
  }
};

}  // namespace pyronn
