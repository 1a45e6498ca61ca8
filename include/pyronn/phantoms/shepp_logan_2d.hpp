#pragma once
// The Shepp-Logan head phantom (Shepp & Logan 1974) and Toft's modified contrast, as ellipse lists
// in world millimetres. Rows of an image grow downwards when shown, so the published +y is mapped
// to world -y: the phantom then appears upright, as in the literature.

#include <pyronn/phantoms/ellipse.hpp>

#include <vector>

namespace pyronn {

enum class SheppLoganContrast {
  original,  // densities 2, -0.98, -0.02, ..., 0.01 (Shepp & Logan 1974)
  modified   // densities 1, -0.8, -0.2, ..., 0.1 (Toft 1996): visible on a linear grey scale
};

// radius: mm that the published unit square's half-width maps to.
inline std::vector<Ellipse> shepp_logan_2d(double radius, SheppLoganContrast contrast = SheppLoganContrast::modified) {
  struct Row {
    double x, y, a, b, degrees, original, modified;
  };
  static const Row rows[] = {
      {0.0, 0.0, 0.69, 0.92, 0.0, 2.0, 1.0},          {0.0, -0.0184, 0.6624, 0.874, 0.0, -0.98, -0.8},
      {0.22, 0.0, 0.11, 0.31, -18.0, -0.02, -0.2},    {-0.22, 0.0, 0.16, 0.41, 18.0, -0.02, -0.2},
      {0.0, 0.35, 0.21, 0.25, 0.0, 0.01, 0.1},        {0.0, 0.1, 0.046, 0.046, 0.0, 0.01, 0.1},
      {0.0, -0.1, 0.046, 0.046, 0.0, 0.01, 0.1},      {-0.08, -0.605, 0.046, 0.023, 0.0, 0.01, 0.1},
      {0.0, -0.605, 0.023, 0.023, 0.0, 0.01, 0.1},    {0.06, -0.605, 0.023, 0.046, 0.0, 0.01, 0.1}};
  const double pi = 3.14159265358979323846;
  std::vector<Ellipse> out;
  for (const Row& r : rows) {
    const double density = contrast == SheppLoganContrast::original ? r.original : r.modified;
    out.push_back({{r.x * radius, -r.y * radius}, {r.a * radius, r.b * radius}, -r.degrees * pi / 180.0, density});
  }
  return out;
}

}  // namespace pyronn
