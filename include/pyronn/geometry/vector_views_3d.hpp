#pragma once
// One view of a 3D scan described by vectors, as ASTRA's parallel3d_vec / cone_vec rows do, and
// the functions that turn it into the kernels' View3D (parallel) or into a projection matrix
// (cone; cone_view in geometry/cone_3d.hpp makes the View3D, as for every cone trajectory).
//
//   ParallelVector3D { ray, detector, u, v }      ConeVector3D { source, detector, u, v }
//
//   ray       direction of every ray of the view (any length; normalised)
//   source    the source position (mm)
//   detector  the detector's centre (mm): pixel (k, l)'s centre (column k along u, row l along v)
//             is detector + (k - (U - 1) / 2) * u + (l - (V - 1) / 2) * v
//   u, v      the vectors from one pixel's centre to the next along a row (u) and a column (v),
//             mm: direction and spacing in one

#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/core/vec3.hpp>
#include <pyronn/geometry/grid_3d.hpp>
#include <pyronn/geometry/projection_matrix.hpp>
#include <pyronn/geometry/vector_views_2d.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>

namespace pyronn {

struct ParallelVector3D {
  dvec3 ray, detector, u, v;
};

struct ConeVector3D {
  dvec3 source, detector, u, v;
};

// Pixel [0][0]'s centre; detector_shape is [V, U].
inline dvec3 first_pixel_centre(dvec3 detector, dvec3 u, dvec3 v, std::array<int, 2> detector_shape) {
  return detector - ((detector_shape[1] - 1) / 2.0) * u - ((detector_shape[0] - 1) / 2.0) * v;
}

// The matrix whose columns are a, b, c.
inline Matrix3 columns(dvec3 a, dvec3 b, dvec3 c) { return {{{a.x, b.x, c.x}, {a.y, b.y, c.y}, {a.z, b.z, c.z}}}; }

// The kernel form: the ray of pixel (k, l) passes through its centre along `ray`; the matrix maps
// a world point X to the pixel it lands on, solving X = p0 + a u + b v + t ray for (a, b) (w = 1).
inline View3D parallel_view_3d(const ParallelVector3D& p, std::array<int, 2> detector_shape) {
  const dvec3 ray = (1.0 / norm(p.ray)) * p.ray;
  const dvec3 p0 = first_pixel_centre(p.detector, p.u, p.v, detector_shape);
  const Matrix3 to_pixel = inverse(columns(p.u, p.v, ray));
  View3D view{};
  for (int a = 0; a < 2; ++a) {
    const dvec3 row = {to_pixel[a][0], to_pixel[a][1], to_pixel[a][2]};
    const double values[4] = {row.x, row.y, row.z, -dot(row, p0)};
    for (int b = 0; b < 4; ++b) view.matrix[4 * a + b] = float(values[b]);
  }
  view.matrix[11] = 1.f;
  view.source = {0.f, 0.f, 0.f};
  view.ray = vec_cast<float>(ray);
  view.det_origin = vec_cast<float>(p0);
  view.det_u = vec_cast<float>(p.u);
  view.det_v = vec_cast<float>(p.v);
  return view;
}

// The projection matrix of a cone view: X - S = w (p0 - S + k u + l v) gives (k w, l w, w) =
// B^-1 (X - S) with B = [u | v | p0 - S]. Its third row is the detector's normal over the
// source-detector distance, so w is the depth in units of that distance; the caller normalises.
inline ProjectionMatrix cone_matrix(const ConeVector3D& c, std::array<int, 2> detector_shape) {
  const dvec3 p0 = first_pixel_centre(c.detector, c.u, c.v, detector_shape);
  const Matrix3 m = inverse(columns(c.u, c.v, p0 - c.source));
  ProjectionMatrix p;
  for (int i = 0; i < 3; ++i) {
    const dvec3 row = {m[i][0], m[i][1], m[i][2]};
    p[i] = {row.x, row.y, row.z, -dot(row, c.source)};
  }
  return p;
}

// The vectors of a projection matrix (w > 0 in front of the source) whose detector plane lies
// `detector_distance` mm from the source: pixel (0, 0) sits at S + d M^-1 (0, 0, 1) with the
// matrix scaled so that w is the depth in mm, and the pixel steps are d M^-1 e_u, d M^-1 e_v.
inline ConeVector3D cone_vector(const ProjectionMatrix& p, double detector_distance,
                                std::array<int, 2> detector_shape) {
  const double scale = 1.0 / std::sqrt(p[2][0] * p[2][0] + p[2][1] * p[2][1] + p[2][2] * p[2][2]);
  ProjectionMatrix unit = p;
  for (auto& row : unit)
    for (double& value : row) value *= scale;
  const Matrix3 m_inverse = inverse(left_block(unit));
  const dvec3 source = source_position(unit);
  const dvec3 u = detector_distance * multiply(m_inverse, dvec3{1, 0, 0});
  const dvec3 v = detector_distance * multiply(m_inverse, dvec3{0, 1, 0});
  const dvec3 p0 = source + detector_distance * multiply(m_inverse, dvec3{0, 0, 1});
  return {source, p0 + ((detector_shape[1] - 1) / 2.0) * u + ((detector_shape[0] - 1) / 2.0) * v, u, v};
}

namespace detail {

inline void require_finite_vector(dvec3 a, std::size_t view, const char* field) {
  require(std::isfinite(a.x) && std::isfinite(a.y) && std::isfinite(a.z), vector_name(view, field),
          "has a non-finite entry (" + to_text(a.x) + ", " + to_text(a.y) + ", " + to_text(a.z) + ")");
}

// The detector: finite, both pixel steps usable lengths and not parallel, its pixels within
// float's reach of the world origin.
inline void require_detector_axes(dvec3 detector, dvec3 u, dvec3 v, std::size_t view) {
  require_finite_vector(detector, view, "detector");
  require_finite_vector(u, view, "u");
  require_finite_vector(v, view, "v");
  require_axis_length(norm(u), vector_name(view, "u"));
  require_axis_length(norm(v), vector_name(view, "v"));
  require(norm(cross(u, v)) / (norm(u) * norm(v)) > 1e-6, vector_name(view, "v"),
          "is parallel to u: the detector's axes must span a plane");
  require_resolved(norm(detector), std::min(norm(u), norm(v)), vector_name(view, "detector"));
}

inline void check_parallel_vector(const ParallelVector3D& p, std::size_t view) {
  require_finite_vector(p.ray, view, "ray");
  require_detector_axes(p.detector, p.u, p.v, view);
  require(norm(p.ray) > 0, vector_name(view, "ray"), "must be non-zero");
  require(orthogonality(columns(p.u, p.v, p.ray)) > 1e-6, vector_name(view, "ray"),
          "lies in the detector's plane: the rays would run along the detector");
}

// corners: the volume's box grown by one voxel (the interpolation's reach). The source must lie
// off the detector's plane and see the whole box in front of it, on the detector's side.
template <std::size_t N>
void check_cone_vector(const ConeVector3D& c, std::size_t view, const std::array<dvec3, N>& corners) {
  require_finite_vector(c.source, view, "source");
  require_detector_axes(c.detector, c.u, c.v, view);
  dvec3 n = cross(c.u, c.v);
  n = (1.0 / norm(n)) * n;
  const double distance = dot(c.detector - c.source, n);
  require(std::abs(distance) >= limits::min_length_mm, vector_name(view, "source"),
          "lies on the detector's plane (" + to_text(std::abs(distance)) + " mm from it)");
  if (distance < 0) n = -1.0 * n;
  for (const dvec3& k : corners)
    require(dot(k - c.source, n) > 0, vector_name(view, "source"),
            "must lie outside the volume, with the whole volume (grown by one voxel) in front of it on the "
            "detector's side; the corner (" + to_text(k.x) + ", " + to_text(k.y) + ", " + to_text(k.z) + ") is not");
}

}  // namespace detail
}  // namespace pyronn
