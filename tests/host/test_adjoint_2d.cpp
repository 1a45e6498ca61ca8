// Dot-product tests: the adjoint is the exact transpose of the forward projection, for every
// geometry and interpolation policy on the host driver, on awkward shapes and trajectories.

#include "../support/gradient.hpp"
#include "../support/numerics.hpp"

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/projector_2d.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <type_traits>

using namespace pyronn;
using pyronn_test::adjoint_mismatch;
using pyronn_test::random_vector;

namespace {

const double pi = 3.14159265358979323846;

template <Interpolation I, class Geometry>
double host_adjoint_mismatch(const Geometry& g, int batch = 1) {
  host::Projector2D<Geometry, I> op(g);
  const auto x = random_vector(g.volume_size() * batch, 1), y = random_vector(g.sinogram_size() * batch, 2);
  std::vector<float> ax(y.size()), aty(x.size());
  op.forward(x.data(), ax.data(), batch);
  op.adjoint(y.data(), aty.data(), batch);
  return adjoint_mismatch(ax, y, x, aty);
}

template <class Geometry>
void check_both_policies(const Geometry& g, const std::string& name, int batch = 1) {
  const double software = host_adjoint_mismatch<Interpolation::software>(g, batch);
  const double texture = host_adjoint_mismatch<Interpolation::texture>(g, batch);
  pyronn_test::print_figure(("host dot-product mismatch, software, " + name).c_str(), software);
  pyronn_test::print_figure(("host dot-product mismatch, texture (emulated), " + name).c_str(), texture);
  CHECK(software <= 1e-5);
  CHECK(texture <= 1e-5);
}

// Irregular angles over a short arc, so views are not symmetric.
std::vector<dvec2> irregular_rays(int n) {
  std::vector<dvec2> rays;
  for (int i = 0; i < n; ++i) {
    const double a = 0.3 + 1.9 * std::pow(double(i) / n, 1.3);
    rays.push_back({std::cos(a), std::sin(a)});
  }
  return rays;
}

}  // namespace

TEST_CASE("parallel 2D adjoint matches forward (host)", "[adjoint][parallel]") {
  SECTION("square, full circle") { check_both_policies(GeometryParallel2D({64, 64}, {1.0, 1.0}, 96, 1.0, 90, 2 * pi), "parallel 64x64"); }
  SECTION("odd, non-square, anisotropic, shifted detector") {
    GeometryParallel2D g({37, 58}, {0.8, 1.3}, 71, 0.7, 33, pi);
    g.set_detector_origin(-20.3);
    check_both_policies(g, "parallel 37x58 shifted");
  }
  SECTION("irregular angles, batch of 3") {
    GeometryParallel2D g({40, 31}, {1.0, 1.0}, 50, 1.1, 17, pi);
    g.set_central_ray_vectors(irregular_rays(17));
    check_both_policies(g, "parallel irregular batch 3", 3);
  }
  SECTION("one view, one bin, one row") {
    check_both_policies(GeometryParallel2D({1, 23}, {1.0, 1.0}, 1, 1.0, 1, 0.4), "parallel degenerate");
  }
}

TEST_CASE("fan 2D adjoint matches forward (host)", "[adjoint][fan]") {
  SECTION("square, full circle") {
    check_both_policies(GeometryFan2D({64, 64}, {1.0, 1.0}, 128, 1.2, 90, 2 * pi, 400, 250), "fan 64x64");
  }
  SECTION("odd, non-square, anisotropic, shifted detector, clockwise") {
    GeometryFan2D g({45, 29}, {0.6, 1.7}, 77, 0.9, 41, -1.3 * pi, 300, 120);
    g.set_detector_origin(-30.0);
    check_both_policies(g, "fan 45x29 shifted clockwise");
  }
  SECTION("irregular angles, batch of 2, short source distance") {
    GeometryFan2D g({50, 50}, {1.0, 1.0}, 120, 1.0, 23, pi, 90, 40);
    g.set_central_ray_vectors(irregular_rays(23));
    check_both_policies(g, "fan irregular batch 2", 2);
  }
}

TEST_CASE("the FBP-weighted backprojector is not the adjoint: its mismatch is reported", "[adjoint][fbp]") {
  GeometryFan2D g({64, 64}, {1.0, 1.0}, 128, 1.2, 90, 2 * pi, 400, 250);
  host::Projector2D<GeometryFan2D> op(g);
  const auto x = random_vector(g.volume_size(), 3), y = random_vector(g.sinogram_size(), 4);
  std::vector<float> ax(y.size()), bty(x.size());
  op.forward(x.data(), ax.data());
  op.backproject_fbp(y.data(), bty.data());
  // Rescaled by the best factor, so the figure measures shape, not the FBP normalisation.
  const double scale = pyronn_test::inner(ax, y) / pyronn_test::inner(x, bty);
  for (float& v : bty) v = float(v * scale);
  const double mismatch = pyronn_test::relative_l2(bty, [&] {
    std::vector<float> aty(x.size());
    op.adjoint(y.data(), aty.data());
    return aty;
  }());
  pyronn_test::print_figure("host FBP-weighted backprojection vs exact adjoint, relative L2 (fan 64x64)", mismatch);
  CHECK(mismatch > 1e-3);  // it really is a different operator
}

TEST_CASE("the adjoint is the gradient: finite differences of a least-squares loss", "[adjoint][gradient]") {
  auto check = [](const auto& g, const std::string& name) {
    using Geometry = std::decay_t<decltype(g)>;
    const double mismatch =
        pyronn_test::gradient_mismatch(host::Projector2D<Geometry>(g), g.volume_size(), g.sinogram_size());
    pyronn_test::print_figure(("gradient vs finite difference, relative, " + name).c_str(), mismatch);
    CHECK(mismatch <= 1e-4);
  };
  check(GeometryParallel2D({48, 40}, {1.0, 1.2}, 70, 1.0, 30, pi), "parallel");
  check(GeometryFan2D({48, 40}, {1.0, 1.2}, 90, 1.3, 30, 2 * pi, 400, 250), "fan");
}
