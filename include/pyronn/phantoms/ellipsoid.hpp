#pragma once
// Ellipsoids of constant density: the 3D analytic phantom primitive. Everything here is exact
// mathematics in double, so it serves as the oracle for 3D projectors and reconstructions.

#include <pyronn/core/vec3.hpp>
#include <pyronn/geometry/projection_matrix.hpp>
#include <pyronn/phantoms/unit_ball_chord.hpp>

#include <algorithm>
#include <cmath>

namespace pyronn {

// Counter-clockwise (right-handed) rotations by `angle` radians about the world z- and x-axes.
inline Matrix3 rotation_z(double angle) {
  const double c = std::cos(angle), s = std::sin(angle);
  return {{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}};
}
inline Matrix3 rotation_x(double angle) {
  const double c = std::cos(angle), s = std::sin(angle);
  return {{{1, 0, 0}, {0, c, -s}, {0, s, c}}};
}

namespace detail {
inline Matrix3 rotation_product(const Matrix3& a, const Matrix3& b) {
  Matrix3 r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) r[i][j] += a[i][k] * b[k][j];
  return r;
}
}  // namespace detail

// The z-x-z Euler rotation Rz(phi) Rx(theta) Rz(psi), radians: turn by psi about z, tilt by theta
// about x, then turn by phi about z. Its transpose is the "x-convention" matrix of the 3D
// Shepp-Logan tables (Schabel's phantom3d, after Goldstein), so their angles can be used as given.
inline Matrix3 euler_zxz(double phi, double theta, double psi) {
  return detail::rotation_product(rotation_z(phi), detail::rotation_product(rotation_x(theta), rotation_z(psi)));
}

struct Ellipsoid {
  dvec3 centre;      // mm
  dvec3 semi_axes;   // mm, along the ellipsoid's own x, y and z axes
  Matrix3 rotation;  // orthonormal; its columns are the ellipsoid's own axes in world coordinates
  double density;    // added to whatever lies beneath

  // Point p in the ellipsoid's unit-sphere frame: D^-1 R^T (p - centre).
  dvec3 to_unit_frame(dvec3 p) const { return direction_to_unit_frame(p - centre); }
  dvec3 direction_to_unit_frame(dvec3 d) const {
    const Matrix3& r = rotation;
    return {(r[0][0] * d.x + r[1][0] * d.y + r[2][0] * d.z) / semi_axes.x,
            (r[0][1] * d.x + r[1][1] * d.y + r[2][1] * d.z) / semi_axes.y,
            (r[0][2] * d.x + r[1][2] * d.y + r[2][2] * d.z) / semi_axes.z};
  }

  bool contains(dvec3 p) const {
    const dvec3 q = to_unit_frame(p);
    return dot(q, q) <= 1.0;
  }

  // Length (mm) of the part of origin + t * dir, t in [t_min, t_max], inside the ellipsoid; dir unit.
  double chord(dvec3 origin, dvec3 dir, double t_min, double t_max) const {
    return unit_ball_chord(to_unit_frame(origin), direction_to_unit_frame(dir), t_min, t_max);
  }

  // Half-widths (mm) of the smallest world-axis-aligned box around the ellipsoid: along world axis
  // i the farthest point of {centre + R D u : |u| <= 1} lies |D R^T e_i| from the centre.
  dvec3 half_extent() const {
    double h[3];
    for (int i = 0; i < 3; ++i) {
      const double x = rotation[i][0] * semi_axes.x, y = rotation[i][1] * semi_axes.y, z = rotation[i][2] * semi_axes.z;
      h[i] = std::sqrt(x * x + y * y + z * z);
    }
    return {h[0], h[1], h[2]};
  }

  // mm^3
  double volume() const { return 4.0 / 3.0 * 3.14159265358979323846 * semi_axes.x * semi_axes.y * semi_axes.z; }
};

// An ellipsoid turned by the z-x-z Euler angles (radians) of euler_zxz.
inline Ellipsoid make_ellipsoid(dvec3 centre, dvec3 semi_axes, double density, double phi = 0.0, double theta = 0.0,
                                double psi = 0.0) {
  return {centre, semi_axes, euler_zxz(phi, theta, psi), density};
}

}  // namespace pyronn
