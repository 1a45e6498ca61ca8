// Work that cannot finish is refused up front (README "Errors", "Limits"): a ray-march step that
// needs more than 2^24 samples per ray, more than 2^20 projections.

#include "../support/refused.hpp"

#include <pyronn/core/host_vector.hpp>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/kernels/ray_march_3d.hpp>

#include <catch2/catch.hpp>

#include <climits>
#include <cstdint>
#include <string>

using namespace pyronn;
using pyronn_test::check_refused;

namespace {
const double pi = 3.14159265358979323846;
}

TEST_CASE("A ray-march step needing more than 2^24 samples per ray is refused with the count", "[limits][work]") {
  const GeometryParallel3D g({8, 8, 8}, {1, 1, 1}, {8, 8}, {1, 1}, 4, pi);
  check_refused([&] { host::Projector3D<GeometryParallel3D>(g, 1e-9, 1); }, "step_size");
  try {
    host::Projector3D<GeometryParallel3D>(g, 1e-9, 1);
  } catch (const invalid_argument& e) {
    // The longest chord is the box of the interpolant's support, 9 x 9 x 9 mm: 9 sqrt(3) / 1e-9.
    CHECK(std::string(e.what()).find("15588457") != std::string::npos);
  }
  // A fine step that stays under the bound is accepted.
  CHECK_NOTHROW(host::Projector3D<GeometryParallel3D>(g, 1e-5, 1));
}

TEST_CASE("A ray too long for its step gets the most samples allowed and never a wrapped count", "[limits][work]") {
  const Grid3D grid{8, 8, 8, {1.f, 1.f, 1.f}, {-3.5f, -3.5f, -3.5f}};
  const Ray3D ray{{-100.f, 0.f, 0.f}, {1.f, 0.f, 0.f}, -FLT_MAX, FLT_MAX};
  // 9 mm at 1e-30 mm a step: int(ceilf(9e30)) was undefined (1 sample on x86).
  const RaySamples3D s = sample_ray(ray, grid, 1e-30f);
  CHECK(s.count == max_samples_per_ray);
  CHECK(s.dt * float(s.count) == Approx(9.f));
}

TEST_CASE("More than 2^20 projections are refused before anything is allocated", "[limits][work]") {
  // INT_MAX views allocated tens of GB eagerly and ended in std::bad_alloc.
  check_refused([] { GeometryParallel2D({8, 8}, {1, 1}, 8, 1, INT_MAX, pi); }, "number_of_projections");
  check_refused([] { GeometryParallel3D({8, 8, 8}, {1, 1, 1}, {8, 8}, {1, 1}, INT_MAX, pi); }, "number_of_projections");
  check_refused([] { GeometryCone3D({8, 8, 8}, {1, 1, 1}, {8, 8}, {1, 1}, INT_MAX, 2 * pi, 200, 100); },
                "number_of_projections");
  CHECK_NOTHROW(GeometryParallel2D({2, 2}, {1, 1}, 2, 1, 1 << 20, pi));
}

TEST_CASE("Host memory pyronn cannot allocate is a pyronn::error and never a bare bad_alloc", "[limits][work]") {
  // 2^62 bytes: beyond any address space (bad_alloc); SIZE_MAX elements: beyond max_size (length_error).
  CHECK_THROWS_AS(detail::host_vector<float>(std::size_t(1) << 60, "a test buffer"), error);
  CHECK_THROWS_AS(detail::host_vector<float>(SIZE_MAX, "a test buffer"), error);
  CHECK_THROWS_WITH(detail::host_vector<float>(SIZE_MAX, "a test buffer"), Catch::Contains("a test buffer"));
  CHECK(detail::host_vector<float>(3, "a test buffer", 2.f) == std::vector<float>{2.f, 2.f, 2.f});
  check_refused([] { detail::host_batch_vector<float>(INT_MAX, SIZE_MAX / 2, "a test batch"); }, "batch");
}
