#pragma once
// 3D geometries described view by view (ASTRA's parallel3d_vec and cone_vec): any trajectory,
// detector tilt, shift, wobble or varying distance. Each view is a ParallelVector3D or a
// ConeVector3D (geometry/vector_views_3d.hpp); the kernels read the same View3D as for the
// circular geometries.
//
//   GeometryParallel3DVec g(volume_shape, volume_spacing, detector_shape, vectors);
//   GeometryCone3DVec g(volume_shape, volume_spacing, detector_shape, vectors);
//   GeometryCone3DVec g(volume_shape, volume_spacing, detector_shape, matrices, detector_distances);
//
// Shapes as everywhere in 3D: volume [Z, Y, X], detector [V, U]. A cone view is kept as its
// projection matrix (the form every cone trajectory reaches the kernels in, geometry/cone_3d.hpp)
// plus the distance of its detector plane from the source, which a matrix does not hold;
// vectors() gives the vectors back. angular_increment() as for the 2D vector geometries
// (geometry/vector_2d.hpp).

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/projection_matrix.hpp>
#include <pyronn/geometry/vector_views_3d.hpp>
#include <pyronn/geometry/view_step.hpp>
#include <pyronn/geometry/volume_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>

#include <array>
#include <climits>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace pyronn {

// What both 3D vector geometries share: the volume, the detector's pixel counts, the number of
// views and the angular increment.
class VectorGeometry3D : public Volume3D {
 public:
  const std::array<int, 2>& detector_shape() const { return detector_shape_; }
  int number_of_projections() const { return number_of_projections_; }
  std::size_t projection_size() const { return projection_size_; }
  std::size_t sinogram_size() const { return sinogram_size_; }
  double angular_increment() const { return angular_increment_; }

  // The angle (rad) each view stands for in backproject_fbp's sum (and FBP's): finite, > 0.
  void set_angular_increment(double increment) {
    detail::require(std::isfinite(increment) && increment > 0 &&
                        increment * number_of_projections_ <= limits::max_angular_range,
                    "angular_increment",
                    "must be finite and > 0, with angular_increment * views at most 2^16 turns, got " +
                        detail::to_text(increment));
    angular_increment_ = increment;
  }

 protected:
  VectorGeometry3D(const Volume3D& volume, std::array<int, 2> detector_shape, std::size_t views)
      : Volume3D(volume), detector_shape_(detector_shape) {
    detail::require_shape(detector_shape, "detector_shape");
    detail::require(views > 0 && views <= std::size_t(limits::max_projections), "vectors",
                    "must hold between 1 and " + detail::to_text(limits::max_projections) + " views, got " +
                        detail::to_text(views));
    number_of_projections_ = int(views);
    projection_size_ = detail::checked_product({std::size_t(detector_shape[0]), std::size_t(detector_shape[1])},
                                               "detector_shape", std::size_t(INT_MAX));
    sinogram_size_ = detail::checked_product({views, projection_size_}, "detector_shape");
  }

  void require_view_count(std::size_t views, const char* parameter) const {
    detail::require(views == std::size_t(number_of_projections_), parameter,
                    "expected " + detail::to_text(number_of_projections_) + " views (number_of_projections), got " +
                        detail::to_text(views));
  }

  void default_increment(const std::vector<dvec3>& normals, double fallback) {
    angular_increment_ = detail::mean_view_step(normals, fallback);
  }

 private:
  std::array<int, 2> detector_shape_;
  int number_of_projections_ = 0;
  std::size_t projection_size_ = 0, sinogram_size_ = 0;
  double angular_increment_ = 0;
};

class GeometryParallel3DVec : public VectorGeometry3D {
 public:
  using beam_type = ParallelBeam3D;

  GeometryParallel3DVec(std::array<int, 3> volume_shape, std::array<double, 3> volume_spacing,
                        std::array<int, 2> detector_shape, std::vector<ParallelVector3D> vectors)
      : GeometryParallel3DVec(Volume3D(volume_shape, volume_spacing), detector_shape, std::move(vectors)) {}
  // On a volume placed already (its origin set).
  GeometryParallel3DVec(const Volume3D& volume, std::array<int, 2> detector_shape,
                        std::vector<ParallelVector3D> vectors)
      : VectorGeometry3D(volume, detector_shape, vectors.size()) {
    set_vectors(std::move(vectors));
  }

  const std::vector<ParallelVector3D>& vectors() const { return vectors_; }

  // New views, as many as before. The angular increment is re-derived from them.
  void set_vectors(std::vector<ParallelVector3D> vectors) {
    require_view_count(vectors.size(), "vectors");
    std::vector<dvec3> normals(vectors.size());
    for (std::size_t i = 0; i < vectors.size(); ++i) {
      detail::check_parallel_vector(vectors[i], i);
      const dvec3 n = cross(vectors[i].u, vectors[i].v);
      normals[i] = (dot(n, vectors[i].ray) < 0 ? -1.0 : 1.0) / norm(n) * n;
    }
    vectors_ = std::move(vectors);
    default_increment(normals, 3.14159265358979323846 / number_of_projections());
  }

  std::vector<View3D> views() const {
    std::vector<View3D> out(vectors_.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = parallel_view_3d(vectors_[i], detector_shape());
    return out;
  }

 private:
  std::vector<ParallelVector3D> vectors_;
};

class GeometryCone3DVec : public VectorGeometry3D {
 public:
  using beam_type = ConeBeam3D;

  GeometryCone3DVec(std::array<int, 3> volume_shape, std::array<double, 3> volume_spacing,
                    std::array<int, 2> detector_shape, const std::vector<ConeVector3D>& vectors)
      : GeometryCone3DVec(Volume3D(volume_shape, volume_spacing), detector_shape, vectors) {}
  // On a volume placed already (its origin set), against which the views are checked.
  GeometryCone3DVec(const Volume3D& volume, std::array<int, 2> detector_shape,
                    const std::vector<ConeVector3D>& vectors)
      : VectorGeometry3D(volume, detector_shape, vectors.size()) {
    set_vectors(vectors);
  }

  // The same views as projection matrices (world mm to pixel indices, w > 0 in front of the
  // source), each with the distance (mm) of its detector plane from the source.
  GeometryCone3DVec(const Volume3D& volume, std::array<int, 2> detector_shape, std::vector<ProjectionMatrix> matrices,
                    std::vector<double> detector_distances)
      : VectorGeometry3D(volume, detector_shape, matrices.size()) {
    set_projection_matrices(std::move(matrices), std::move(detector_distances));
  }

  const std::vector<ProjectionMatrix>& projection_matrices() const { return matrices_; }
  const std::vector<double>& detector_distances() const { return distances_; }

  std::vector<ConeVector3D> vectors() const {
    std::vector<ConeVector3D> out(matrices_.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = cone_vector(matrices_[i], distances_[i], detector_shape());
    return out;
  }

  void set_vectors(const std::vector<ConeVector3D>& vectors) {
    require_view_count(vectors.size(), "vectors");
    std::vector<ProjectionMatrix> matrices(vectors.size());
    std::vector<double> distances(vectors.size());
    for (std::size_t i = 0; i < vectors.size(); ++i) {
      detail::check_cone_vector(vectors[i], i, volume_corners(1.0));
      matrices[i] = cone_matrix(vectors[i], detector_shape());
      const dvec3 n = cross(vectors[i].u, vectors[i].v);
      distances[i] = std::abs(dot(vectors[i].detector - vectors[i].source, n)) / norm(n);
    }
    store(std::move(matrices), std::move(distances), "vectors");
  }

  void set_projection_matrices(std::vector<ProjectionMatrix> matrices, std::vector<double> detector_distances) {
    require_view_count(matrices.size(), "projection_matrices");
    require_view_count(detector_distances.size(), "detector_distances");
    for (std::size_t i = 0; i < detector_distances.size(); ++i)
      detail::require_length(detector_distances[i], "detector_distances[" + detail::to_text(i) + "]");
    store(std::move(matrices), std::move(detector_distances), "projection_matrices");
  }

  // As GeometryCone3D::views, from the same matrices: checked again because the volume may have
  // moved since they were set.
  std::vector<View3D> views() const {
    std::vector<View3D> out(matrices_.size());
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = cone_view(normalized_projection_matrix(matrices_[i], i, volume_corners(1.0), what_));
    return out;
  }

 private:
  void store(std::vector<ProjectionMatrix> matrices, std::vector<double> distances, const char* what) {
    std::vector<dvec3> normals(matrices.size());
    for (std::size_t i = 0; i < matrices.size(); ++i) {
      const ProjectionMatrix p = normalized_projection_matrix(matrices[i], i, volume_corners(1.0), what);
      normals[i] = {p[2][0], p[2][1], p[2][2]};
    }
    matrices_ = std::move(matrices);
    distances_ = std::move(distances);
    what_ = what;
    default_increment(normals, 2 * 3.14159265358979323846 / number_of_projections());
  }

  std::vector<ProjectionMatrix> matrices_;
  std::vector<double> distances_;
  const char* what_ = "projection_matrices";
};

}  // namespace pyronn
