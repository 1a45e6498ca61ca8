#pragma once
// 3D parallel-beam geometry (PYRO-NN's GeometryParallel3D): every ray of a view runs along the
// view's ray vector; the flat detector's u-axis is z x ray (normalised) and its v-axis ray x u,
// so for rays in the x-y plane v runs along +z, as for the cone beam.

#include <pyronn/geometry/geometry_3d.hpp>
#include <pyronn/geometry/vector_views_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>

#include <array>
#include <cmath>
#include <vector>

namespace pyronn {

class GeometryParallel3D : public Geometry3D {
 public:
  using beam_type = ParallelBeam3D;

  // Rays at beta_i = i * angular_range / N about the z-axis, (cos beta_i, sin beta_i, 0).
  GeometryParallel3D(std::array<int, 3> volume_shape, std::array<double, 3> volume_spacing,
                     std::array<int, 2> detector_shape, std::array<double, 2> detector_spacing,
                     int number_of_projections, double angular_range)
      : Geometry3D(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections, angular_range) {
    const double increment = angular_range / number_of_projections;
    rays_.resize(std::size_t(number_of_projections));
    for (std::size_t i = 0; i < rays_.size(); ++i) rays_[i] = {std::cos(i * increment), std::sin(i * increment), 0.0};
  }

  const std::vector<dvec3>& ray_vectors() const { return rays_; }

  // Any directions, one per view; normalised. None may be parallel to z (the detector's u-axis
  // is built from z x ray).
  void set_ray_vectors(const std::vector<dvec3>& rays) {
    detail::require(rays.size() == std::size_t(number_of_projections()), "ray_vectors",
                    "expected " + detail::to_text(number_of_projections()) + " vectors (number_of_projections), got " +
                        detail::to_text(rays.size()));
    std::vector<dvec3> unit(rays.size());
    for (std::size_t i = 0; i < rays.size(); ++i) {
      const double length = norm(rays[i]);
      detail::require(std::isfinite(length) && length > 0, "ray_vectors",
                      "vector " + detail::to_text(i) + " must be finite and non-zero");
      unit[i] = (1.0 / length) * rays[i];
      const double across_z = std::sqrt(unit[i].x * unit[i].x + unit[i].y * unit[i].y);
      detail::require(across_z > 1e-6, "ray_vectors", "vector " + detail::to_text(i) + " is parallel to the z-axis");
    }
    rays_ = std::move(unit);
  }

  // The rays' directions seen from above, for FBP's scan angles.
  std::vector<dvec2> central_ray_vectors() const {
    std::vector<dvec2> out(rays_.size());
    for (std::size_t i = 0; i < rays_.size(); ++i) {
      const double length = std::sqrt(rays_[i].x * rays_[i].x + rays_[i].y * rays_[i].y);
      out[i] = {rays_[i].x / length, rays_[i].y / length};
    }
    return out;
  }

  // View i as vectors: rays along r_i, the detector's centre detector_centre_offset() mm from the
  // line through the isocentre along e_u and e_v, pixel steps du e_u and dv e_v.
  std::vector<ParallelVector3D> vectors() const {
    const std::array<double, 2> centre = detector_centre_offset();
    std::vector<ParallelVector3D> out(rays_.size());
    for (std::size_t i = 0; i < rays_.size(); ++i) {
      const dvec3 r = rays_[i];
      const dvec3 eu_raw = cross(dvec3{0, 0, 1}, r);
      const dvec3 eu = (1.0 / norm(eu_raw)) * eu_raw, ev = cross(r, eu);
      out[i] = {r, centre[1] * eu + centre[0] * ev, detector_spacing()[1] * eu, detector_spacing()[0] * ev};
    }
    return out;
  }

  // So pixel (u, v) of view i is the ray through (origin_u + u du) e_u + (origin_v + v dv) e_v,
  // and the matrix the affine map back: u = (X . e_u - origin_u) / du, likewise v, w = 1.
  std::vector<View3D> views() const {
    const std::vector<ParallelVector3D> v = vectors();
    std::vector<View3D> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = parallel_view_3d(v[i], detector_shape());
    return out;
  }

 private:
  std::vector<dvec3> rays_;
};

}  // namespace pyronn
