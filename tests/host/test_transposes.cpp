// The host driver's ray-driven adjoints and the exact transpose of the FBP-weighted
// backprojection: dot-product tests for every geometry and interpolation policy, agreement of the
// scatter adjoints with the per-pixel gather bodies the CUDA driver runs, and results that are
// bitwise identical for 1, 2 and 3 threads.

#include "../support/gather.hpp"
#include "../support/numerics.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::random_vector;

namespace {

const double pi = 3.14159265358979323846;

// Small geometries with awkward shapes: odd, non-square, anisotropic, shifted detectors, short
// and clockwise scans.
GeometryParallel2D parallel_2d() {
  GeometryParallel2D g({37, 58}, {0.8, 1.3}, 71, 0.7, 33, pi);
  g.set_detector_origin(-20.3);
  return g;
}
GeometryFan2D fan_2d() {
  GeometryFan2D g({45, 29}, {0.6, 1.7}, 77, 0.9, 41, -1.3 * pi, 300, 120);
  g.set_detector_origin(-30.0);
  return g;
}
GeometryCone3D cone_3d() {
  GeometryCone3D g({9, 17, 13}, {1.5, 0.7, 1.1}, {15, 27}, {1.3, 0.9}, 13, -1.2 * pi, 150, 60);
  g.set_detector_origin({-8.0, -14.0});
  return g;
}
GeometryParallel3D parallel_3d() { return GeometryParallel3D({11, 14, 9}, {1.0, 0.9, 1.2}, {13, 19}, {1.1, 1.0}, 17, pi); }

// |<Bx, y> - <x, B^T y>| / (|Bx| |y|) for B = backproject_fbp, with signed data.
template <class Projector>
double fbp_transpose_mismatch(const Projector& op, int batch) {
  const auto& g = op.geometry();
  const auto y = random_vector(g.volume_size() * batch, 3, -1.f, 1.f);
  const auto x = random_vector(g.sinogram_size() * batch, 4, -1.f, 1.f);
  std::vector<float> bx(y.size()), bty(x.size());
  op.backproject_fbp(x.data(), bx.data(), batch);
  op.backproject_fbp_transpose(y.data(), bty.data(), batch);
  return pyronn_test::normalized_adjoint_mismatch(bx, y, x, bty);
}

template <template <class, Interpolation> class Projector, class Geometry>
void check_fbp_transpose(const Geometry& g, const std::string& name) {
  const double software = fbp_transpose_mismatch(Projector<Geometry, Interpolation::software>(g), 2);
  const double texture = fbp_transpose_mismatch(Projector<Geometry, Interpolation::texture>(g), 2);
  pyronn_test::print_figure(("host FBP-transpose dot-product mismatch, software, " + name).c_str(), software);
  pyronn_test::print_figure(("host FBP-transpose dot-product mismatch, texture (emulated), " + name).c_str(), texture);
  CHECK(software <= 1e-6);
  CHECK(texture <= 1e-6);
}


// adjoint and backproject_fbp_transpose with 1, 2 and 3 threads give the same bits.
template <class Make>
void check_thread_independence(const Make& make_projector, const std::string& name) {
  const auto one = make_projector(1);
  const auto& g = one.geometry();
  const int batch = 2;
  const auto data = random_vector(g.sinogram_size() * batch, 5, -1.f, 1.f);
  const auto volume = random_vector(g.volume_size() * batch, 6, -1.f, 1.f);
  std::vector<float> adjoint_1(volume.size()), transpose_1(data.size());
  one.adjoint(data.data(), adjoint_1.data(), batch);
  one.backproject_fbp_transpose(volume.data(), transpose_1.data(), batch);
  for (int threads : {2, 3}) {
    const auto op = make_projector(threads);
    std::vector<float> adjoint_n(volume.size(), 7.f), transpose_n(data.size(), 7.f);
    op.adjoint(data.data(), adjoint_n.data(), batch);
    op.backproject_fbp_transpose(volume.data(), transpose_n.data(), batch);
    INFO(name << ", " << threads << " threads");
    CHECK(pyronn_test::bitwise_equal(adjoint_n, adjoint_1));
    CHECK(pyronn_test::bitwise_equal(transpose_n, transpose_1));
  }
}

// The scatter adjoint against the per-pixel gather the CUDA driver runs: both are the exact
// transpose, summed in different orders.
template <class Beam, Interpolation I, class Geometry>
double scatter_vs_gather_2d(const Geometry& g) {
  const auto y = random_vector(g.sinogram_size(), 8);
  std::vector<float> scatter(g.volume_size()), gather(g.volume_size(), 0.f);
  host::Projector2D<Geometry, I>(g, 2).adjoint(y.data(), scatter.data());
  const auto views = g.views();
  const Grid2D grid = g.grid();
  const int nu = g.detector_shape();
  for (int yy = 0; yy < grid.ny; ++yy)
    for (int x = 0; x < grid.nx; ++x)
      for (std::size_t v = 0; v < views.size(); ++v)
        gather[std::size_t(yy) * grid.nx + x] += joseph_adjoint_pixel<Beam, I>(views[v], y.data() + v * nu, nu, grid, x, yy);
  return pyronn_test::relative_max(scatter, gather);
}

template <class Beam, Interpolation I, class Geometry>
double scatter_vs_gather_3d(const Geometry& g, double step_size) {
  const auto y = random_vector(g.sinogram_size(), 9);
  const host::Projector3D<Geometry, I> op(g, step_size, 2);
  std::vector<float> scatter(g.volume_size());
  op.adjoint(y.data(), scatter.data());
  const auto views = g.views();
  const Grid3D grid = g.grid();
  const int nu = g.detector_shape()[1], nv = g.detector_shape()[0];
  const auto gather = pyronn_test::gather_volume(grid, views.size(), [&](std::size_t v, int x, int yy, int z) {
    return ray_march_adjoint_voxel<Beam, I>(views[v], y.data() + v * g.projection_size(), nu, nv, grid, op.step_mm(),
                                            x, yy, z);
  });
  return pyronn_test::relative_max(scatter, gather);
}

}  // namespace

TEST_CASE("backproject_fbp_transpose is the exact transpose of backproject_fbp (host)", "[transpose][fbp]") {
  SECTION("parallel 2D") { check_fbp_transpose<host::Projector2D>(parallel_2d(), "parallel 2D 37x58"); }
  SECTION("fan 2D") { check_fbp_transpose<host::Projector2D>(fan_2d(), "fan 2D 45x29"); }
  SECTION("cone 3D") {
    check_fbp_transpose<host::Projector3D>(cone_3d(), "cone 9x17x13");
    GeometryCone3D helix({12, 14, 10}, {1, 1, 1}, {20, 24}, {1.2, 1.2}, 15, 4 * pi, 180, 90);
    helix.set_projection_matrices(helical_trajectory_3d(helix, 6.0, -4.0));
    check_fbp_transpose<host::Projector3D>(helix, "cone helix");
  }
  SECTION("parallel 3D") { check_fbp_transpose<host::Projector3D>(parallel_3d(), "parallel 3D 11x14x9"); }
  SECTION("one view, one bin, one row") {
    check_fbp_transpose<host::Projector2D>(GeometryParallel2D({1, 23}, {1.0, 1.0}, 1, 1.0, 1, 0.4), "parallel degenerate");
  }
}

TEST_CASE("host adjoints and FBP transposes are bitwise identical for 1, 2 and 3 threads", "[transpose][threads]") {
  check_thread_independence([](int t) { return host::Projector2D<GeometryParallel2D>(parallel_2d(), t); }, "parallel 2D");
  check_thread_independence([](int t) { return host::Projector2D<GeometryFan2D, Interpolation::texture>(fan_2d(), t); },
                            "fan 2D texture");
  check_thread_independence([](int t) { return host::Projector3D<GeometryCone3D>(cone_3d(), 0.5, t); }, "cone 3D");
  check_thread_independence(
      [](int t) { return host::Projector3D<GeometryParallel3D, Interpolation::texture>(parallel_3d(), 0.7, t); },
      "parallel 3D texture");
}

TEST_CASE("the host's scatter adjoints equal the per-pixel gather bodies the GPU runs", "[transpose][gather]") {
  const double p2 = scatter_vs_gather_2d<ParallelBeam2D, Interpolation::software>(parallel_2d());
  const double f2 = scatter_vs_gather_2d<FanBeam2D, Interpolation::texture>(fan_2d());
  const double c3 = scatter_vs_gather_3d<ConeBeam3D, Interpolation::software>(cone_3d(), 0.5);
  const double p3 = scatter_vs_gather_3d<ParallelBeam3D, Interpolation::texture>(parallel_3d(), 0.7);
  pyronn_test::print_figure("host scatter vs gather adjoint, max rel diff, parallel 2D", p2);
  pyronn_test::print_figure("host scatter vs gather adjoint, max rel diff, fan 2D texture", f2);
  pyronn_test::print_figure("host scatter vs gather adjoint, max rel diff, cone 3D", c3);
  pyronn_test::print_figure("host scatter vs gather adjoint, max rel diff, parallel 3D texture", p3);
  CHECK(p2 <= 1e-5);
  CHECK(f2 <= 1e-5);
  CHECK(c3 <= 1e-5);
  CHECK(p3 <= 1e-5);
}
