#pragma once
// The 3D Shepp-Logan head phantom as ten ellipsoids in world millimetres: the table widely used
// since M. Schabel's "3D Shepp-Logan phantom" (MATLAB Central File Exchange 9416, phantom3d.m),
// which extends the 2D phantom of Shepp & Logan (1974) and Toft's modified contrast (1996) with
// z semi-axes, z centres and z-x-z Euler angles (phi, theta, psi, degrees).
//
// As in shepp_logan_2d, the published +y is mapped to world -y, so that z-slices appear upright
// like the 2D phantom when rows are shown growing downwards. That mirror conjugates each rotation
// with diag(1, -1, 1), which negates all three Euler angles.
//
// Two things differ from a plain reading of phantom3d.m, on purpose:
//  - centres are where the table says: phantom3d.m subtracts the centre after rotating the
//    coordinates, which turns the centres of the two rotated ellipsoids (3 and 4) about the z-axis
//    with them, off the table's values by 0.03 and 0.11 of the half-width;
//  - the original contrast uses the 1974 densities 2, -0.98, ... of shepp_logan_2d (phantom3d.m
//    puts 1 on the outer ellipsoid), so that both contrasts agree with the 2D phantom.
// Ellipsoids 3 and 4 carry psi = 10 degrees in the table: with theta = 0 this adds to phi, so in
// z-slices they lie at -8 and 28 degrees, not at the 2D phantom's -18 and 18.

#include <pyronn/phantoms/ellipsoid.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>

#include <vector>

namespace pyronn {

// radius: mm that the published unit cube's half-width maps to.
inline std::vector<Ellipsoid> shepp_logan_3d(double radius,
                                             SheppLoganContrast contrast = SheppLoganContrast::modified) {
  struct Row {
    double x, y, z, a, b, c, phi, theta, psi, original, modified;
  };
  static const Row rows[] = {
      {0.0, 0.0, 0.0, 0.69, 0.92, 0.81, 0.0, 0.0, 0.0, 2.0, 1.0},
      {0.0, -0.0184, 0.0, 0.6624, 0.874, 0.78, 0.0, 0.0, 0.0, -0.98, -0.8},
      {0.22, 0.0, 0.0, 0.11, 0.31, 0.22, -18.0, 0.0, 10.0, -0.02, -0.2},
      {-0.22, 0.0, 0.0, 0.16, 0.41, 0.28, 18.0, 0.0, 10.0, -0.02, -0.2},
      {0.0, 0.35, -0.15, 0.21, 0.25, 0.41, 0.0, 0.0, 0.0, 0.01, 0.1},
      {0.0, 0.1, 0.25, 0.046, 0.046, 0.05, 0.0, 0.0, 0.0, 0.01, 0.1},
      {0.0, -0.1, 0.25, 0.046, 0.046, 0.05, 0.0, 0.0, 0.0, 0.01, 0.1},
      {-0.08, -0.605, 0.0, 0.046, 0.023, 0.05, 0.0, 0.0, 0.0, 0.01, 0.1},
      {0.0, -0.606, 0.0, 0.023, 0.023, 0.02, 0.0, 0.0, 0.0, 0.01, 0.1},
      {0.06, -0.605, 0.0, 0.023, 0.046, 0.02, 0.0, 0.0, 0.0, 0.01, 0.1}};
  const double degree = 3.14159265358979323846 / 180.0;
  std::vector<Ellipsoid> out;
  for (const Row& r : rows) {
    const double density = contrast == SheppLoganContrast::original ? r.original : r.modified;
    out.push_back(make_ellipsoid({r.x * radius, -r.y * radius, r.z * radius}, {r.a * radius, r.b * radius, r.c * radius},
                                 density, -r.phi * degree, -r.theta * degree, -r.psi * degree));
  }
  return out;
}

}  // namespace pyronn
