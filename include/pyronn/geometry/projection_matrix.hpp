#pragma once
// 3x4 projection matrices P = [M | p4] (PYRO-NN's description of a 3D trajectory): a world point
// X (mm) lands on detector pixel (u, v) = (x / w, y / w), (x, y, w) = P (X, 1). Host-side algebra
// in double: the source position (P's null space), the rays of pixels, and validation.

#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/core/vec3.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>

namespace pyronn {

using ProjectionMatrix = std::array<std::array<double, 4>, 3>;
using Matrix3 = std::array<std::array<double, 3>, 3>;

// (u w, v w, w) of world point x.
inline dvec3 project_homogeneous(const ProjectionMatrix& p, dvec3 x) {
  return {p[0][0] * x.x + p[0][1] * x.y + p[0][2] * x.z + p[0][3],
          p[1][0] * x.x + p[1][1] * x.y + p[1][2] * x.z + p[1][3],
          p[2][0] * x.x + p[2][1] * x.y + p[2][2] * x.z + p[2][3]};
}

inline Matrix3 left_block(const ProjectionMatrix& p) {
  return {{{p[0][0], p[0][1], p[0][2]}, {p[1][0], p[1][1], p[1][2]}, {p[2][0], p[2][1], p[2][2]}}};
}

inline double determinant(const Matrix3& m) {
  return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
         m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

// The inverse by cofactors; the caller has checked that m is well conditioned.
inline Matrix3 inverse(const Matrix3& m) {
  const double d = determinant(m);
  Matrix3 r;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      const int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
      r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / d;
    }
  return r;
}

inline dvec3 multiply(const Matrix3& m, dvec3 x) {
  return {m[0][0] * x.x + m[0][1] * x.y + m[0][2] * x.z, m[1][0] * x.x + m[1][1] * x.y + m[1][2] * x.z,
          m[2][0] * x.x + m[2][1] * x.y + m[2][2] * x.z};
}

// The source position: the point P maps to (0, 0, 0), -M^-1 p4.
inline dvec3 source_position(const ProjectionMatrix& p) {
  const dvec3 p4 = {p[0][3], p[1][3], p[2][3]};
  return -1.0 * multiply(inverse(left_block(p)), p4);
}

namespace detail {

inline std::string matrix_name(std::size_t view, const char* what = "projection_matrices") {
  return std::string(what) + "[" + to_text(view) + "]";
}

// |det M| relative to the product of its row norms: 1 for orthogonal rows, 0 for singular M.
inline double orthogonality(const Matrix3& m) {
  double scale = 1;
  for (const auto& row : m) scale *= std::sqrt(row[0] * row[0] + row[1] * row[1] + row[2] * row[2]);
  return scale > 0 ? std::abs(determinant(m)) / scale : 0.0;
}

}  // namespace detail

// Checks that p is finite and of rank 3, and that every point in `front` (the volume's corners)
// has w > 0, i.e. lies in front of the source on the detector's side. Returns p scaled so that
// its third row's first three entries have unit length: w is then a depth in mm. The scaled
// matrix, its source and its pixel directions must be finite in float, where kernels use them.
// Errors name what[view] (the parameter the caller's matrices came from).
template <std::size_t N>
ProjectionMatrix normalized_projection_matrix(const ProjectionMatrix& p, std::size_t view,
                                              const std::array<dvec3, N>& front,
                                              const char* what = "projection_matrices") {
  for (const auto& row : p)
    for (double value : row)
      detail::require(std::isfinite(value), detail::matrix_name(view, what), "has a non-finite entry");
  const Matrix3 m = left_block(p);
  detail::require(detail::orthogonality(m) > 1e-9, detail::matrix_name(view, what),
                  "is singular: its left 3x3 block must have rank 3 (no source position can be derived)");
  for (const dvec3& corner : front)
    detail::require(project_homogeneous(p, corner).z > 0, detail::matrix_name(view, what),
                    "puts the volume behind the source (w <= 0 at a volume corner): the detector must face the "
                    "source across the volume, with w > 0 in front of the source");
  const double scale = 1.0 / std::sqrt(m[2][0] * m[2][0] + m[2][1] * m[2][1] + m[2][2] * m[2][2]);
  ProjectionMatrix out = p;
  for (auto& row : out)
    for (double& value : row) value *= scale;
  // Kernels get the matrix, the source and the pixel directions (M^-1 columns) as floats.
  const Matrix3 m_inverse = inverse(left_block(out));
  const dvec3 source = source_position(out);
  for (const auto& row : out)
    for (double value : row) detail::require_float_finite(value, detail::matrix_name(view, what));
  for (const auto& row : m_inverse)
    for (double value : row) detail::require_float_finite(value, detail::matrix_name(view, what));
  for (double value : {source.x, source.y, source.z}) detail::require_float_finite(value, detail::matrix_name(view, what));
  return out;
}

}  // namespace pyronn
