// Dot-product tests for 3D: the ray-marching adjoint is the exact transpose of the forward
// projection, cone and parallel, both interpolation policies, on awkward shapes and trajectories;
// and a finite-difference check that it is the gradient.

#include "../support/gradient.hpp"
#include "../support/numerics.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace pyronn;
using pyronn_test::adjoint_mismatch;
using pyronn_test::random_vector;

namespace {

const double pi = 3.14159265358979323846;

template <Interpolation I, class Geometry>
double host_adjoint_mismatch(const Geometry& g, double step_size, int batch) {
  host::Projector3D<Geometry, I> op(g, step_size);
  const auto x = random_vector(g.volume_size() * batch, 1), y = random_vector(g.sinogram_size() * batch, 2);
  std::vector<float> ax(y.size()), aty(x.size());
  op.forward(x.data(), ax.data(), batch);
  op.adjoint(y.data(), aty.data(), batch);
  return adjoint_mismatch(ax, y, x, aty);
}

template <class Geometry>
void check_both_policies(const Geometry& g, const std::string& name, double step_size = 0.5, int batch = 1) {
  const double software = host_adjoint_mismatch<Interpolation::software>(g, step_size, batch);
  const double texture = host_adjoint_mismatch<Interpolation::texture>(g, step_size, batch);
  pyronn_test::print_figure(("host dot-product mismatch, software, " + name).c_str(), software);
  pyronn_test::print_figure(("host dot-product mismatch, texture (emulated), " + name).c_str(), texture);
  CHECK(software <= 1e-5);
  CHECK(texture <= 1e-5);
}

}  // namespace

TEST_CASE("cone 3D adjoint matches forward (host)", "[adjoint][cone]") {
  SECTION("cube, full circle") {
    check_both_policies(GeometryCone3D({20, 20, 20}, {1, 1, 1}, {24, 32}, {1.5, 1.5}, 24, 2 * pi, 200, 100),
                        "cone 20^3");
  }
  SECTION("odd, anisotropic, shifted detector, clockwise short scan, coarse step") {
    GeometryCone3D g({9, 17, 13}, {1.5, 0.7, 1.1}, {15, 27}, {1.3, 0.9}, 13, -1.2 * pi, 150, 60);
    g.set_detector_origin({-8.0, -14.0});
    check_both_policies(g, "cone 9x17x13 shifted", 1.3);
  }
  SECTION("helix, batch of 2") {
    GeometryCone3D g({12, 14, 10}, {1, 1, 1}, {20, 24}, {1.2, 1.2}, 15, 4 * pi, 180, 90);
    g.set_projection_matrices(helical_trajectory_3d(g, 6.0, -4.0));
    check_both_policies(g, "cone helix batch 2", 0.5, 2);
  }
  SECTION("one view, one row, one slice") {
    check_both_policies(GeometryCone3D({1, 11, 9}, {1, 1, 1}, {1, 13}, {1, 1}, 1, 0.3, 100, 50), "cone degenerate");
  }
}

TEST_CASE("parallel 3D adjoint matches forward (host)", "[adjoint][parallel]") {
  SECTION("cube, half circle") {
    check_both_policies(GeometryParallel3D({18, 18, 18}, {1, 1, 1}, {20, 26}, {1, 1}, 20, pi), "parallel 18^3");
  }
  SECTION("odd, anisotropic, tilted rays, batch of 2") {
    GeometryParallel3D g({7, 15, 11}, {1.4, 0.8, 1.0}, {13, 19}, {1.1, 0.9}, 9, pi);
    std::vector<dvec3> rays;
    for (int i = 0; i < 9; ++i) rays.push_back({std::cos(0.4 * i), std::sin(0.4 * i), 0.3 - 0.07 * i});
    g.set_ray_vectors(rays);
    check_both_policies(g, "parallel tilted batch 2", 0.7, 2);
  }
}

TEST_CASE("3D: the FDK-weighted backprojector is not the adjoint: its mismatch is reported", "[adjoint][fdk]") {
  GeometryCone3D g({16, 16, 16}, {1, 1, 1}, {20, 28}, {1.5, 1.5}, 30, 2 * pi, 200, 100);
  host::Projector3D<GeometryCone3D> op(g);
  const auto x = random_vector(g.volume_size(), 3), y = random_vector(g.sinogram_size(), 4);
  std::vector<float> ax(y.size()), bty(x.size()), aty(x.size());
  op.forward(x.data(), ax.data());
  op.backproject_fbp(y.data(), bty.data());
  op.adjoint(y.data(), aty.data());
  // Rescaled by the best factor, so the figure measures shape, not the FDK normalisation.
  const double scale = pyronn_test::inner(ax, y) / pyronn_test::inner(x, bty);
  for (float& v : bty) v = float(v * scale);
  const double mismatch = pyronn_test::relative_l2(bty, aty);
  pyronn_test::print_figure("host FDK-weighted backprojection vs exact adjoint, relative L2 (cone 16^3)", mismatch);
  CHECK(mismatch > 1e-3);  // it really is a different operator
}

TEST_CASE("3D: the adjoint is the gradient: finite differences of a least-squares loss", "[adjoint][gradient]") {
  const GeometryCone3D cone({14, 12, 16}, {1.0, 1.2, 0.9}, {18, 24}, {1.4, 1.4}, 20, 2 * pi, 200, 100);
  const GeometryParallel3D parallel({14, 12, 16}, {1.0, 1.2, 0.9}, {16, 22}, {1.0, 1.0}, 20, pi);
  const double cone_mismatch =
      pyronn_test::gradient_mismatch(host::Projector3D<GeometryCone3D>(cone), cone.volume_size(), cone.sinogram_size());
  const double parallel_mismatch = pyronn_test::gradient_mismatch(host::Projector3D<GeometryParallel3D>(parallel),
                                                                  parallel.volume_size(), parallel.sinogram_size());
  pyronn_test::print_figure("gradient vs finite difference, relative, cone 3D", cone_mismatch);
  pyronn_test::print_figure("gradient vs finite difference, relative, parallel 3D", parallel_mismatch);
  CHECK(cone_mismatch <= 1e-4);
  CHECK(parallel_mismatch <= 1e-4);
}
