// Bad 3D input is refused with pyronn::invalid_argument naming the parameter; nothing crashes.

#include "../support/refused.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/trajectory_3d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;

namespace {

const double pi = 3.14159265358979323846;
const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double infinite = std::numeric_limits<double>::infinity();

GeometryCone3D good_cone() { return GeometryCone3D({8, 8, 8}, {1, 1, 1}, {10, 12}, {1, 1}, 8, 2 * pi, 200, 100); }
GeometryParallel3D good_parallel() { return GeometryParallel3D({8, 8, 8}, {1, 1, 1}, {10, 12}, {1, 1}, 8, pi); }
GeometryCone3D good(const GeometryCone3D*) { return good_cone(); }
GeometryParallel3D good(const GeometryParallel3D*) { return good_parallel(); }

ProjectionMatrix scaled(ProjectionMatrix p, double factor) {
  for (auto& row : p)
    for (double& x : row) x *= factor;
  return p;
}

// Volume origin ([Z, Y, X]) that puts the volume's centre at world (x, y, z).
std::array<double, 3> centred_at(const Geometry3D& g, double x, double y, double z) {
  const auto& n = g.volume_shape();
  const auto& s = g.volume_spacing();
  return {z - (n[0] - 1) / 2.0 * s[0], y - (n[1] - 1) / 2.0 * s[1], x - (n[2] - 1) / 2.0 * s[2]};
}

}  // namespace

TEST_CASE("3D shapes, spacings, counts and ranges are validated", "[errors3d]") {
  const std::array<int, 3> vs = {8, 8, 8};
  const std::array<double, 3> vp = {1, 1, 1};
  const std::array<int, 2> ds = {10, 12};
  const std::array<double, 2> dp = {1, 1};
  for (int kind = 0; kind < 2; ++kind) {
    // The same checks for both geometries (the cone's distances are valid throughout).
    auto make = [kind](std::array<int, 3> volume_shape, std::array<double, 3> volume_spacing,
                       std::array<int, 2> detector_shape, std::array<double, 2> detector_spacing, int views,
                       double range) {
      if (kind == 0)
        (void)GeometryCone3D(volume_shape, volume_spacing, detector_shape, detector_spacing, views, range, 200, 100);
      else
        (void)GeometryParallel3D(volume_shape, volume_spacing, detector_shape, detector_spacing, views, range);
    };
    INFO((kind == 0 ? "cone" : "parallel"));
    CHECK_NOTHROW(make(vs, vp, ds, dp, 8, pi));
    check_refused([&] { make({0, 8, 8}, vp, ds, dp, 8, pi); }, "volume_shape");
    check_refused([&] { make({8, -1, 8}, vp, ds, dp, 8, pi); }, "volume_shape");
    check_refused([&] { make({8, 8, 0}, vp, ds, dp, 8, pi); }, "volume_shape");
    check_refused([&] { make(vs, {0.0, 1, 1}, ds, dp, 8, pi); }, "volume_spacing[0]");
    check_refused([&] { make(vs, {1, -0.5, 1}, ds, dp, 8, pi); }, "volume_spacing[1]");
    check_refused([&] { make(vs, {1, 1, not_a_number}, ds, dp, 8, pi); }, "volume_spacing[2]");
    check_refused([&] { make(vs, {infinite, 1, 1}, ds, dp, 8, pi); }, "volume_spacing[0]");
    check_refused([&] { make(vs, vp, {0, 12}, dp, 8, pi); }, "detector_shape");
    check_refused([&] { make(vs, vp, {10, -12}, dp, 8, pi); }, "detector_shape");
    // V x U beyond what kernels index with int.
    check_refused([&] { make(vs, vp, {65536, 65536}, dp, 8, pi); }, "detector_shape");
    check_refused([&] { make(vs, vp, ds, {0.0, 1}, 8, pi); }, "detector_spacing[0]");
    check_refused([&] { make(vs, vp, ds, {1, -2.0}, 8, pi); }, "detector_spacing[1]");
    check_refused([&] { make(vs, vp, ds, {not_a_number, 1}, 8, pi); }, "detector_spacing[0]");
    check_refused([&] { make(vs, vp, ds, {1, infinite}, 8, pi); }, "detector_spacing[1]");
    check_refused([&] { make(vs, vp, ds, dp, 0, pi); }, "number_of_projections");
    check_refused([&] { make(vs, vp, ds, dp, -4, pi); }, "number_of_projections");
    check_refused([&] { make(vs, vp, ds, dp, 8, 0.0); }, "angular_range");
    check_refused([&] { make(vs, vp, ds, dp, 8, not_a_number); }, "angular_range");
    check_refused([&] { make(vs, vp, ds, dp, 8, infinite); }, "angular_range");
    check_refused([&] { make(vs, vp, ds, dp, 8, -infinite); }, "angular_range");
  }
}

TEST_CASE("cone source distances must be consistent", "[errors3d]") {
  auto cone = [](double sdd, double sid) {
    (void)GeometryCone3D({8, 8, 8}, {1, 1, 1}, {10, 12}, {1, 1}, 8, 2 * pi, sdd, sid);
  };
  CHECK_NOTHROW(cone(200, 100));
  check_refused([&] { cone(100, 200); }, "source_detector_distance");
  check_refused([&] { cone(100, 100); }, "source_detector_distance");
  check_refused([&] { cone(0, 100); }, "source_detector_distance");
  check_refused([&] { cone(-200, 100); }, "source_detector_distance");
  check_refused([&] { cone(not_a_number, 100); }, "source_detector_distance");
  check_refused([&] { cone(infinite, 100); }, "source_detector_distance");
  check_refused([&] { cone(200, 0); }, "source_isocenter_distance");
  check_refused([&] { cone(200, -100); }, "source_isocenter_distance");
  check_refused([&] { cone(200, not_a_number); }, "source_isocenter_distance");
  // The source must circle outside the volume: the 8 x 8 box's half-diagonal is sqrt(32) mm.
  check_refused([&] { cone(200, 5); }, "source_isocenter_distance");
  check_refused([] { GeometryCone3D({64, 64, 64}, {1, 1, 1}, {10, 12}, {1, 1}, 8, 2 * pi, 200, 20); },
                "source_isocenter_distance");
  CHECK_NOTHROW(cone(200, 6));
}

TEST_CASE("origins are validated", "[errors3d]") {
  auto g = good_cone();
  check_refused([&] { g.set_volume_origin({0.0, not_a_number, 0.0}); }, "volume_origin[1]");
  check_refused([&] { g.set_volume_origin({infinite, 0.0, 0.0}); }, "volume_origin[0]");
  check_refused([&] { g.set_volume_origin({0.0, 0.0, -infinite}); }, "volume_origin[2]");
  check_refused([&] { g.set_detector_origin({not_a_number, 0.0}); }, "detector_origin[0]");
  check_refused([&] { g.set_detector_origin({0.0, infinite}); }, "detector_origin[1]");
  auto p = good_parallel();
  check_refused([&] { p.set_volume_origin({0.0, 0.0, not_a_number}); }, "volume_origin[2]");
  check_refused([&] { p.set_detector_origin({0.0, not_a_number}); }, "detector_origin[1]");
}

TEST_CASE("projection matrices are validated", "[errors3d]") {
  auto g = good_cone();
  const auto good = circular_trajectory_3d(g);
  REQUIRE(good.size() == 8u);
  CHECK_NOTHROW(g.set_projection_matrices(good));

  SECTION("wrong count") {
    check_refused([&] { g.set_projection_matrices(std::vector<ProjectionMatrix>(good.begin(), good.end() - 1)); },
                  "projection_matrices");
    check_refused([&] { g.set_projection_matrices({}); }, "projection_matrices");
    auto more = good;
    more.push_back(good[0]);
    check_refused([&] { g.set_projection_matrices(more); }, "projection_matrices");
  }
  SECTION("non-finite entry") {
    auto bad = good;
    bad[2][1][3] = not_a_number;
    check_refused([&] { g.set_projection_matrices(bad); }, "projection_matrices[2]");
    bad = good;
    bad[5][2][0] = infinite;
    check_refused([&] { g.set_projection_matrices(bad); }, "projection_matrices[5]");
  }
  SECTION("singular left block") {
    auto bad = good;
    bad[3][1] = bad[3][0];  // two equal rows
    check_refused([&] { g.set_projection_matrices(bad); }, "projection_matrices[3]");
    bad = good;
    for (auto& row : bad[0]) row = {0, 0, 0, row[3]};  // no left block at all
    check_refused([&] { g.set_projection_matrices(bad); }, "projection_matrices[0]");
    bad = good;
    bad[7] = ProjectionMatrix{};  // all zero
    check_refused([&] { g.set_projection_matrices(bad); }, "projection_matrices[7]");
    bad = good;
    for (int j = 0; j < 4; ++j) bad[4][2][j] = bad[4][0][j] + 1e-14 * bad[4][1][j];  // numerically singular
    check_refused([&] { g.set_projection_matrices(bad); }, "projection_matrices[4]");
  }
  SECTION("volume behind the source") {
    // The negated matrix is the same projective map with w < 0 in front of the source.
    auto bad = good;
    bad[1] = scaled(bad[1], -1.0);
    check_refused([&] { g.set_projection_matrices(bad); }, "projection_matrices[1]");
    // A source inside the volume: some of the volume lies behind it.
    bad = good;
    bad[6] = cone_projection_matrix(0.3, 0.0, 50, 0.0, g.detector_spacing(), g.detector_origin());
    check_refused([&] { g.set_projection_matrices(bad); }, "projection_matrices[6]");
    // A source half a mm outside the box (faces at +-4 mm), inside the one-voxel margin that the
    // interpolation reaches into.
    bad = good;
    bad[0] = cone_projection_matrix(0.0, 0.0, 50, 4.5, g.detector_spacing(), g.detector_origin());
    check_refused([&] { g.set_projection_matrices(bad); }, "projection_matrices[0]");
  }
  SECTION("a rejected call leaves the geometry as it was") {
    auto bad = good;
    bad[1] = scaled(bad[1], -1.0);
    try {
      g.set_projection_matrices(bad);
    } catch (const invalid_argument&) {
    }
    const auto p = g.projection_matrices();
    for (std::size_t i = 0; i < p.size(); ++i) CHECK(p[i] == good[i]);
    CHECK_NOTHROW(g.views());
  }
}

TEST_CASE("helical trajectories are validated", "[errors3d]") {
  const auto g = good_cone();
  check_refused([&] { helical_trajectory_3d(g, not_a_number); }, "pitch_per_turn");
  check_refused([&] { helical_trajectory_3d(g, infinite); }, "pitch_per_turn");
  check_refused([&] { helical_trajectory_3d(g, -infinite, 0.0); }, "pitch_per_turn");
  check_refused([&] { helical_trajectory_3d(g, 5.0, not_a_number); }, "start_z");
  check_refused([&] { helical_trajectory_3d(g, 5.0, infinite); }, "start_z");
  CHECK_NOTHROW(helical_trajectory_3d(g, 0.0));
  CHECK_NOTHROW(helical_trajectory_3d(g, -5.0, 3.0));
}

TEST_CASE("a volume moved behind the source is refused when views are made", "[errors3d]") {
  SECTION("default trajectory") {
    auto g = good_cone();
    // Centred at x = -300: behind the first view's source at (-100, 0, 0), which looks along +x.
    g.set_volume_origin(centred_at(g, -300, 0, 0));
    check_refused([&] { g.views(); }, "projection_matrices[0]");
    check_refused([&] { host::Projector3D<GeometryCone3D> op(g); }, "projection_matrices[0]");
    check_refused([&] { host::Projector3D<GeometryCone3D, Interpolation::texture> op(g); }, "projection_matrices[0]");
  }
  SECTION("volume around the source") {
    auto g = good_cone();
    g.set_volume_origin(centred_at(g, -100, 0, 0));
    check_refused([&] { g.views(); }, "projection_matrices[0]");
    check_refused([&] { host::Projector3D<GeometryCone3D> op(g); }, "projection_matrices[0]");
  }
  SECTION("user matrices checked again after the move") {
    auto g = good_cone();
    g.set_projection_matrices(helical_trajectory_3d(g, 4.0));
    CHECK_NOTHROW(g.views());
    // Far out along -y: behind the sources of the views at beta = pi/4 .. 3 pi/4 (at beta = pi/2 the
    // source sits at (0, -100, z) looking along +y); the first of them is view 1.
    g.set_volume_origin(centred_at(g, 0, -400, 0));
    check_refused([&] { g.views(); }, "projection_matrices[1]");
    check_refused([&] { host::Projector3D<GeometryCone3D> op(g); }, "projection_matrices[1]");
  }
  SECTION("moving it back makes it valid again") {
    auto g = good_cone();
    const auto origin = g.volume_origin();
    g.set_volume_origin(centred_at(g, -300, 0, 0));
    CHECK_THROWS_AS(g.views(), invalid_argument);
    g.set_volume_origin(origin);
    CHECK_NOTHROW(host::Projector3D<GeometryCone3D>{g});
  }
}

TEST_CASE("FDK needs sources off the rotation axis", "[errors3d]") {
  auto g = GeometryCone3D({8, 8, 8}, {1, 1, 1}, {10, 12}, {1, 1}, 1, 1.0, 200, 100);
  // Looking up the z-axis from (0, 0, -500).
  g.set_projection_matrices({ProjectionMatrix{{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 500}}}});
  CHECK_NOTHROW(g.views());
  check_refused([&] { g.central_ray_vectors(); }, "projection_matrices");
}

TEST_CASE("parallel 3D ray vectors are validated", "[errors3d]") {
  auto g = good_parallel();
  const std::vector<dvec3> good(8, dvec3{1, 2, 0.5});
  CHECK_NOTHROW(g.set_ray_vectors(good));
  check_refused([&] { g.set_ray_vectors(std::vector<dvec3>(7, dvec3{1, 0, 0})); }, "ray_vectors");
  check_refused([&] { g.set_ray_vectors(std::vector<dvec3>(9, dvec3{1, 0, 0})); }, "ray_vectors");
  check_refused([&] { g.set_ray_vectors({}); }, "ray_vectors");
  auto bad = good;
  bad[3] = {0, 0, 0};
  check_refused([&] { g.set_ray_vectors(bad); }, "ray_vectors");
  bad = good;
  bad[0] = {not_a_number, 1, 0};
  check_refused([&] { g.set_ray_vectors(bad); }, "ray_vectors");
  bad = good;
  bad[7] = {1, infinite, 0};
  check_refused([&] { g.set_ray_vectors(bad); }, "ray_vectors");
  bad = good;
  bad[5] = {0, 0, 1};
  check_refused([&] { g.set_ray_vectors(bad); }, "ray_vectors");
  bad = good;
  bad[2] = {0, 0, -3};
  check_refused([&] { g.set_ray_vectors(bad); }, "ray_vectors");
  bad = good;
  bad[1] = {1e-9, -1e-9, 1};  // parallel to z to within rounding
  check_refused([&] { g.set_ray_vectors(bad); }, "ray_vectors");
  // A refused call leaves the previous rays in place.
  const auto kept = g.ray_vectors();
  REQUIRE(kept.size() == 8u);
  CHECK(kept[1].z == Approx(0.5 / std::sqrt(5.25)));
  CHECK_NOTHROW(g.views());
}

TEST_CASE("3D projector arguments are validated", "[errors3d]") {
  const auto g = good_cone();
  check_refused([&] { host::Projector3D<GeometryCone3D> op(g, 0.0); }, "step_size");
  check_refused([&] { host::Projector3D<GeometryCone3D> op(g, -0.5); }, "step_size");
  check_refused([&] { host::Projector3D<GeometryCone3D> op(g, not_a_number); }, "step_size");
  check_refused([&] { host::Projector3D<GeometryCone3D> op(g, infinite); }, "step_size");
  check_refused([&] { host::Projector3D<GeometryCone3D> op(g, 0.5, -1); }, "threads");
  check_refused([&] { host::Projector3D<GeometryParallel3D> op(good_parallel(), 0.0); }, "step_size");
  check_refused([&] { host::Projector3D<GeometryParallel3D> op(good_parallel(), 0.5, -3); }, "threads");
  check_refused([&] { ray_step_mm(g, -1.0); }, "step_size");
  CHECK(ray_step_mm(GeometryCone3D({8, 8, 8}, {2, 0.5, 1}, {10, 12}, {1, 1}, 8, 2 * pi, 200, 100), 0.5) ==
        Approx(0.25));
}

TEMPLATE_TEST_CASE("3D operator calls are validated", "[errors3d]", GeometryCone3D, GeometryParallel3D) {
  const TestType g = good(static_cast<const TestType*>(nullptr));
  const host::Projector3D<TestType> op(g, 0.5, 2);
  // Buffers big enough for either role, so that a missed check cannot write out of bounds.
  const std::size_t big = std::max(g.volume_size(), g.sinogram_size()) * 3;
  std::vector<float> volume(big, 1.f), projections(big, 1.f);
  float* v = volume.data();
  float* p = projections.data();

  SECTION("null pointers") {
    check_refused([&] { op.forward(nullptr, p); }, "volume");
    check_refused([&] { op.forward(v, nullptr); }, "projections");
    check_refused([&] { op.adjoint(nullptr, v); }, "projections");
    check_refused([&] { op.adjoint(p, nullptr); }, "volume");
    check_refused([&] { op.backproject_fbp(nullptr, v); }, "projections");
    check_refused([&] { op.backproject_fbp(p, nullptr); }, "volume");
    check_refused([&] { op.forward(nullptr, g.volume_size(), p, g.sinogram_size()); }, "volume");
    check_refused([&] { op.adjoint(p, g.sinogram_size(), nullptr, g.volume_size()); }, "volume");
  }
  SECTION("aliasing input and output") {
    check_refused([&] { op.forward(v, v); }, "projections");
    check_refused([&] { op.adjoint(p, p); }, "volume");
    check_refused([&] { op.backproject_fbp(p, p); }, "volume");
  }
  SECTION("batch") {
    check_refused([&] { op.forward(v, p, 0); }, "batch");
    check_refused([&] { op.forward(v, p, -1); }, "batch");
    check_refused([&] { op.adjoint(p, v, 0); }, "batch");
    check_refused([&] { op.backproject_fbp(p, v, -7); }, "batch");
  }
  SECTION("sized overloads with mismatched sizes") {
    const std::size_t nv = g.volume_size(), np = g.sinogram_size();
    check_refused([&] { op.forward(v, 2 * nv, p, np); }, "projections");
    check_refused([&] { op.forward(v, nv, p, 2 * np); }, "projections");
    check_refused([&] { op.forward(v, nv - 1, p, np); }, "volume");
    check_refused([&] { op.forward(v, 0, p, 0); }, "volume");
    check_refused([&] { op.adjoint(p, np + 1, v, nv); }, "projections");
    check_refused([&] { op.adjoint(p, 3 * np, v, 2 * nv); }, "volume");
    check_refused([&] { op.backproject_fbp(p, np, v, nv + 1); }, "volume");
    check_refused([&] { op.backproject_fbp(p, 0, v, nv); }, "projections");
    CHECK(op.volume_batch(3 * nv, 3 * np) == 3);
    CHECK(op.projection_batch(2 * np, 2 * nv) == 2);
    CHECK_NOTHROW(op.forward(v, 2 * nv, p, 2 * np));
    CHECK_NOTHROW(op.adjoint(p, 2 * np, v, 2 * nv));
  }
}
