// Forward projections are line integrals in millimetres, linear for signed input, and put the
// image's axes where the conventions say.

#include "../support/numerics.hpp"

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/projector_2d.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace pyronn;

namespace {
const double pi = 3.14159265358979323846;
}

TEST_CASE("a 1 mm path through value 1 integrates to 1 whatever the spacing", "[units]") {
  for (double spacing : {0.25, 0.5, 1.0}) {
    // A band of value 1, 1 mm wide across x, crossed at right angles by the rays of view 0.
    const int n = 32, band = int(std::lround(1.0 / spacing));
    GeometryParallel2D g({n, n}, {spacing, spacing}, n, spacing, 1, pi);
    std::vector<float> image(g.volume_size(), 0.f);
    for (int y = 0; y < n; ++y)
      for (int x = 10; x < 10 + band; ++x) image[y * n + x] = 1.f;
    std::vector<float> sino(g.sinogram_size());
    host::Projector2D<GeometryParallel2D>(g).forward(image.data(), sino.data());
    for (int u = 0; u < n; ++u) CHECK(sino[u] == Approx(1.0).epsilon(1e-6));
  }
}

TEST_CASE("oblique rays through a uniform image integrate to the chord length", "[units]") {
  for (double spacing : {0.3, 1.0, 2.5})
    for (double angle : {0.2, 0.6, 1.1}) {
      const int n = 64;
      GeometryParallel2D g({n, n}, {spacing, spacing}, 1, 1.0, 1, pi);
      g.set_central_ray_vectors({{std::cos(angle), std::sin(angle)}});
      const std::vector<float> ones(g.volume_size(), 1.f);
      float through_centre = 0;
      host::Projector2D<GeometryParallel2D>(g).forward(ones.data(), &through_centre);
      // The ray through the centre crosses the whole box on its major axis.
      const double chord = n * spacing / std::max(std::abs(std::cos(angle)), std::abs(std::sin(angle)));
      CHECK(through_centre == Approx(chord).epsilon(1e-5));
    }
}

TEST_CASE("forward projection is linear for signed input", "[linearity]") {
  GeometryFan2D g({48, 52}, {1.0, 0.9}, 90, 1.0, 30, 2 * pi, 500, 300);
  host::Projector2D<GeometryFan2D> op(g);
  const auto x = pyronn_test::random_vector(g.volume_size(), 5, -1.f, 1.f);
  const auto y = pyronn_test::random_vector(g.volume_size(), 6, -1.f, 1.f);
  std::vector<float> diff(x.size()), ax(g.sinogram_size()), ay(ax.size()), adiff(ax.size()), expected(ax.size());
  for (std::size_t i = 0; i < x.size(); ++i) diff[i] = x[i] - y[i];
  op.forward(x.data(), ax.data());
  op.forward(y.data(), ay.data());
  op.forward(diff.data(), adiff.data());
  for (std::size_t i = 0; i < ax.size(); ++i) expected[i] = ax[i] - ay[i];
  CHECK(pyronn_test::relative_max(adiff, expected) <= 1e-5);
}

TEST_CASE("views at 0, 90, 180 and 270 degrees are axis sums", "[axes]") {
  const int n = 37;
  const double sx = 0.7, sy = 0.7;
  GeometryParallel2D g({n, n}, {sy, sx}, n, sx, 4, 2 * pi);
  const auto image = pyronn_test::random_vector(g.volume_size(), 7);
  std::vector<float> sino(g.sinogram_size());
  host::Projector2D<GeometryParallel2D>(g).forward(image.data(), sino.data());
  for (int u = 0; u < n; ++u) {
    double row = 0, col = 0;
    for (int k = 0; k < n; ++k) row += image[u * n + k] * sx, col += image[k * n + u] * sy;
    double row_flipped = 0, col_flipped = 0;
    for (int k = 0; k < n; ++k) row_flipped += image[(n - 1 - u) * n + k] * sx, col_flipped += image[k * n + (n - 1 - u)] * sy;
    // 0 deg: rays along +x, bins along +y. 90: along +y, bins along -x. 180: bins along -y. 270: bins along +x.
    CHECK(sino[0 * n + u] == Approx(row).epsilon(1e-5));
    CHECK(sino[1 * n + u] == Approx(col_flipped).epsilon(1e-5));
    CHECK(sino[2 * n + u] == Approx(row_flipped).epsilon(1e-5));
    CHECK(sino[3 * n + u] == Approx(col).epsilon(1e-5));
  }
}

TEST_CASE("shifting the volume equals shifting the detector", "[axes]") {
  const auto image = pyronn_test::random_vector(40 * 44, 8);
  const double shift = 3.0;  // mm along view 0's detector axis (+y)
  auto project = [&](double volume_shift, double detector_shift) {
    GeometryParallel2D g({40, 44}, {1.0, 1.0}, 64, 1.0, 1, pi);
    g.set_volume_origin({g.volume_origin()[0] + volume_shift, g.volume_origin()[1]});
    g.set_detector_origin(g.detector_origin() + detector_shift);
    std::vector<float> sino(64);
    host::Projector2D<GeometryParallel2D>(g).forward(image.data(), sino.data());
    return sino;
  };
  CHECK(pyronn_test::relative_max(project(shift, 0), project(0, -shift)) <= 1e-6);
}

TEST_CASE("a batch is processed as independent items", "[batch]") {
  GeometryFan2D g({30, 34}, {1.0, 1.0}, 50, 1.0, 12, 2 * pi, 300, 150);
  host::Projector2D<GeometryFan2D> op(g, 2);
  const auto images = pyronn_test::random_vector(3 * g.volume_size(), 9);
  std::vector<float> batched(3 * g.sinogram_size()), single(g.sinogram_size());
  op.forward(images.data(), batched.data(), 3);
  for (int b = 0; b < 3; ++b) {
    op.forward(images.data() + b * g.volume_size(), single.data());
    CHECK(std::equal(single.begin(), single.end(), batched.begin() + b * g.sinogram_size()));
  }
}
