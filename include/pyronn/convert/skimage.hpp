#pragma once
// scikit-image's radon transform as a pyronn geometry. skimage.transform.radon(image, theta)
// (circle=True, the default) of an N x N image rotates it about pixel (N // 2, N // 2) and sums
// its columns: the ray sums of a parallel scan whose
//   - pixels are 1 (its unit) apart, pixel (N // 2, N // 2) on the isocentre;
//   - detector has N bins, 1 apart, bin N // 2 on the central ray;
//   - view i at theta_i degrees has its bins along (cos theta_i, -sin theta_i) in (column, row) =
//     pyronn's (x, y) (rows run along pyronn's +y), its rays along (-sin theta_i, -cos theta_i):
//     pyronn's central-ray angle a_i = -theta_i - pi/2, as for ASTRA's 2D angle (in radians).
// It returns [bins][views]; pyronn's sinogram is its transpose, [views][bins]. The two agree up to
// their interpolation (scikit-image rotates the image bilinearly, pyronn samples by Joseph's
// method): tests/python/test_convert.py compares them where scikit-image is installed.

#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/parallel_2d.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace pyronn {

inline GeometryParallel2D radon_geometry(int size, const std::vector<double>& theta_degrees) {
  detail::require(size > 0, "size", "must be > 0, got " + detail::to_text(size));
  detail::require(!theta_degrees.empty(), "theta", "must hold at least one angle");
  const double pi = 3.14159265358979323846;
  std::vector<dvec2> rays(theta_degrees.size());
  for (std::size_t i = 0; i < rays.size(); ++i) {
    detail::require_finite(theta_degrees[i], "theta");
    const double t = theta_degrees[i] * pi / 180;
    rays[i] = {-std::sin(t), -std::cos(t)};
  }
  // N times the mean step between the angles, turning their way (one angle: pi); pyronn's angles
  // turn against scikit-image's.
  const std::size_t n = theta_degrees.size();
  const double step = n > 1 ? -(theta_degrees.back() - theta_degrees.front()) / double(n - 1) * pi / 180 : 0.0;
  const double range = step != 0 ? step * double(n) : pi;
  GeometryParallel2D g({size, size}, {1.0, 1.0}, size, 1.0, int(n), range);
  const double centre = double(size / 2);
  g.set_volume_origin({-centre, -centre});
  g.set_detector_origin(-centre);
  g.set_central_ray_vectors(rays);
  return g;
}

}  // namespace pyronn
