// Joseph's method in 3D (RayModel3D::joseph): the scatter adjoint is the exact transpose of the
// forward projection for cone and parallel beams and both interpolation policies, it equals the
// per-voxel gather the GPU runs, and it is bitwise the same for 1, 2 and 3 threads. Its accuracy
// against the analytic projections is in test_forward_analytic_3d.cpp.

#include "../support/gather.hpp"
#include "../support/numerics.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::random_vector;

namespace {

const double pi = 3.14159265358979323846;

template <Interpolation I, class Geometry>
double joseph_mismatch(const Geometry& g, int batch) {
  const host::Projector3D<Geometry, I> op(g, RayModel3D::joseph);
  const auto x = random_vector(g.volume_size() * batch, 1, -1.f, 1.f), y = random_vector(g.sinogram_size() * batch, 2);
  std::vector<float> ax(y.size()), aty(x.size());
  op.forward(x.data(), ax.data(), batch);
  op.adjoint(y.data(), aty.data(), batch);
  return pyronn_test::normalized_adjoint_mismatch(ax, y, x, aty);
}

template <class Geometry>
void check_both_policies(const Geometry& g, const std::string& name, int batch = 1) {
  const double software = joseph_mismatch<Interpolation::software>(g, batch);
  const double texture = joseph_mismatch<Interpolation::texture>(g, batch);
  pyronn_test::print_figure(("host Joseph 3D dot-product mismatch, software, " + name).c_str(), software);
  pyronn_test::print_figure(("host Joseph 3D dot-product mismatch, texture (emulated), " + name).c_str(), texture);
  CHECK(software <= 1e-6);
  CHECK(texture <= 1e-6);
}

GeometryCone3D shifted_cone() {
  GeometryCone3D g({9, 17, 13}, {1.5, 0.7, 1.1}, {15, 27}, {1.3, 0.9}, 13, -1.2 * pi, 150, 60);
  g.set_detector_origin({-8.0, -14.0});
  return g;
}

// A cone whose rays are steep in z at the detector's top and bottom rows, so that all three major
// axes occur.
GeometryCone3D steep_cone() { return GeometryCone3D({16, 10, 12}, {1, 1, 1}, {40, 20}, {2.0, 1.0}, 7, 2 * pi, 40, 20); }

template <Interpolation I, class Geometry>
double scatter_vs_gather(const Geometry& g) {
  using Beam = typename Geometry::beam_type;
  const auto y = random_vector(g.sinogram_size(), 9);
  std::vector<float> scatter(g.volume_size());
  host::Projector3D<Geometry, I>(g, RayModel3D::joseph, 0.5, 2).adjoint(y.data(), scatter.data());
  const auto views = g.views();
  const Grid3D grid = g.grid();
  const int nu = g.detector_shape()[1], nv = g.detector_shape()[0];
  const auto gather = pyronn_test::gather_volume(grid, views.size(), [&](std::size_t v, int x, int yy, int z) {
    return joseph_adjoint_voxel<Beam, I>(views[v], y.data() + v * g.projection_size(), nu, nv, grid, x, yy, z);
  });
  return pyronn_test::relative_max(scatter, gather);
}

}  // namespace

TEST_CASE("Joseph 3D: the adjoint is the exact transpose of the forward projection", "[joseph3d][adjoint]") {
  SECTION("cone, cube, full circle") {
    check_both_policies(GeometryCone3D({20, 20, 20}, {1, 1, 1}, {24, 32}, {1.5, 1.5}, 24, 2 * pi, 200, 100), "cone 20^3");
  }
  SECTION("cone, odd, anisotropic, shifted detector, clockwise short scan") { check_both_policies(shifted_cone(), "cone shifted"); }
  SECTION("cone, steep rays (every major axis)") { check_both_policies(steep_cone(), "cone steep"); }
  SECTION("cone helix, batch of 2") {
    GeometryCone3D g({12, 14, 10}, {1, 1, 1}, {20, 24}, {1.2, 1.2}, 15, 4 * pi, 180, 90);
    g.set_projection_matrices(helical_trajectory_3d(g, 6.0, -4.0));
    check_both_policies(g, "cone helix batch 2", 2);
  }
  SECTION("parallel, odd shape, tilted rays") {
    GeometryParallel3D g({11, 14, 9}, {1.0, 0.9, 1.2}, {13, 19}, {1.1, 1.0}, 17, pi);
    check_both_policies(g, "parallel 11x14x9");
    std::vector<dvec3> rays;
    for (int i = 0; i < 17; ++i) rays.push_back({std::cos(0.3 * i), std::sin(0.3 * i), 0.9 * std::sin(0.7 * i)});
    g.set_ray_vectors(rays);
    check_both_policies(g, "parallel tilted rays");
  }
  SECTION("one view, one detector row, one slice") {
    check_both_policies(GeometryParallel3D({1, 9, 7}, {1, 1, 1}, {1, 11}, {1, 1}, 1, pi), "parallel degenerate");
  }
}

TEST_CASE("Joseph 3D: the host's scatter equals the per-voxel gather the GPU runs", "[joseph3d][gather]") {
  const double cone = scatter_vs_gather<Interpolation::software>(shifted_cone());
  const double steep = scatter_vs_gather<Interpolation::texture>(steep_cone());
  const double parallel =
      scatter_vs_gather<Interpolation::software>(GeometryParallel3D({11, 14, 9}, {1.0, 0.9, 1.2}, {13, 19}, {1.1, 1.0}, 17, pi));
  pyronn_test::print_figure("host Joseph 3D scatter vs gather adjoint, max rel diff, cone", cone);
  pyronn_test::print_figure("host Joseph 3D scatter vs gather adjoint, max rel diff, steep cone texture", steep);
  pyronn_test::print_figure("host Joseph 3D scatter vs gather adjoint, max rel diff, parallel", parallel);
  CHECK(cone <= 1e-5);
  CHECK(steep <= 1e-5);
  CHECK(parallel <= 1e-5);
}

TEST_CASE("Joseph 3D: forward and adjoint are bitwise identical for 1, 2 and 3 threads", "[joseph3d][threads]") {
  const GeometryCone3D g = steep_cone();
  const int batch = 2;
  const auto volume = random_vector(g.volume_size() * batch, 5, -1.f, 1.f);
  const auto data = random_vector(g.sinogram_size() * batch, 6, -1.f, 1.f);
  std::vector<float> forward_1(data.size()), adjoint_1(volume.size());
  const host::Projector3D<GeometryCone3D> one(g, RayModel3D::joseph, 0.5, 1);
  one.forward(volume.data(), forward_1.data(), batch);
  one.adjoint(data.data(), adjoint_1.data(), batch);
  for (int threads : {2, 3}) {
    const host::Projector3D<GeometryCone3D> op(g, RayModel3D::joseph, 0.5, threads);
    std::vector<float> forward_n(data.size()), adjoint_n(volume.size(), 7.f);
    op.forward(volume.data(), forward_n.data(), batch);
    op.adjoint(data.data(), adjoint_n.data(), batch);
    INFO(threads << " threads");
    CHECK(pyronn_test::bitwise_equal(forward_n, forward_1));
    CHECK(pyronn_test::bitwise_equal(adjoint_n, adjoint_1));
  }
}

TEST_CASE("Joseph 3D: rays beside the volume give 0, rays through it the axis sums", "[joseph3d][units]") {
  // Axis-aligned rays (zero slope along two axes) on a detector wider than the volume: the outer
  // pixels' rays miss it. Each kind of ray must be handled without leaving the volume.
  const int n = 6;
  GeometryParallel3D g({n, n, n}, {1, 1, 1}, {n + 4, n + 4}, {1, 1}, 4, 2 * pi);
  const auto volume = random_vector(g.volume_size(), 21);
  std::vector<float> p(g.sinogram_size()), back(g.volume_size());
  const host::Projector3D<GeometryParallel3D> op(g);
  op.forward(volume.data(), p.data());
  for (int v = 0; v < n + 4; ++v)
    for (int u = 0; u < n + 4; ++u) {
      const bool beside = u < 2 || u >= n + 2 || v < 2 || v >= n + 2;
      double along_x = 0;
      if (!beside)
        for (int x = 0; x < n; ++x) along_x += volume[(std::size_t(v - 2) * n + (u - 2)) * n + x];
      INFO("u " << u << ", v " << v);
      CHECK(p[std::size_t(v) * (n + 4) + u] == Approx(along_x).margin(1e-5));  // view 0: rays along +x
    }
  op.adjoint(p.data(), back.data());
  for (float value : back) CHECK(std::isfinite(value));
}
