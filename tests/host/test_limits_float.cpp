// Geometry values finite in double but meaningless in the kernels' float arithmetic are refused
// by name (README "Errors", "Limits"): lengths outside [1e-6, 1e6] mm, positions more than 2^20
// spacings from the world origin, matrix entries beyond float's range.

#include "../support/refused.hpp"

#include <pyronn/core/limits.hpp>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/recon/filters.hpp>

#include <catch2/catch.hpp>

using namespace pyronn;
using pyronn_test::check_refused;

namespace {
const double pi = 3.14159265358979323846;
}

TEST_CASE("Spacings and distances outside 1e-6 to 1e6 mm are refused", "[limits][float]") {
  // 1e-300 mm voxels gave all-zero or non-finite projections; 1e-50 mm bins made every bin one ray.
  check_refused([] { GeometryParallel2D({8, 8}, {1e-300, 1}, 8, 1, 4, pi); }, "volume_spacing[0]");
  check_refused([] { GeometryParallel2D({8, 8}, {1, 1}, 8, 1e-50, 4, pi); }, "detector_spacing");
  check_refused([] { GeometryParallel3D({8, 8, 8}, {1, 1, 1e-300}, {8, 8}, {1, 1}, 4, pi); }, "volume_spacing[2]");
  check_refused([] { GeometryParallel3D({8, 8, 8}, {1, 1, 1}, {8, 8}, {1e-50, 1}, 4, pi); }, "detector_spacing[0]");
  // An SDD of 1e300 mm gave non-finite output.
  check_refused([] { GeometryFan2D({8, 8}, {1, 1}, 8, 1, 4, 2 * pi, 1e300, 100); }, "source_detector_distance");
  check_refused([] { GeometryCone3D({8, 8, 8}, {1, 1, 1}, {8, 8}, {1, 1}, 4, 2 * pi, 1e300, 100); },
                "source_detector_distance");
  check_refused([] { GeometryCone3D({8, 8, 8}, {1, 1, 1}, {8, 8}, {1, 1}, 4, 2 * pi, 200, 1e-7); },
                "source_isocenter_distance");
  // The ends of the range are accepted.
  CHECK_NOTHROW(GeometryParallel2D({8, 8}, {limits::min_length_mm, limits::max_length_mm}, 8, 1, 4, pi));
}

TEST_CASE("Positions that float cannot tell from their neighbours are refused", "[limits][float]") {
  // origin + spacing == origin in float: 1e8 spacings out.
  GeometryParallel2D g2({8, 8}, {1, 1}, 8, 1, 4, pi);
  check_refused([&] { g2.set_volume_origin({1e8, 0}); }, "volume_origin[0]");
  check_refused([&] { g2.set_detector_origin(1e8); }, "detector_origin");
  GeometryParallel3D g3({8, 8, 8}, {1, 1, 1}, {8, 8}, {1, 1}, 4, pi);
  check_refused([&] { g3.set_volume_origin({0, 0, 1e8}); }, "volume_origin[2]");
  check_refused([&] { g3.set_detector_origin({1e8, 0}); }, "detector_origin[0]");
  // So is a source so far out, in voxels, that positions along its rays blur neighbouring voxels.
  check_refused([] { GeometryFan2D({8, 8}, {1e-3, 1e-3}, 8, 1, 4, 2 * pi, 2e4, 1e4); }, "source_isocenter_distance");
  // A shift of a few hundred volume widths is still fine.
  CHECK_NOTHROW(g2.set_volume_origin({1000, -1000}));
}

TEST_CASE("Projection matrices must be finite in float", "[limits][float]") {
  GeometryCone3D g({8, 8, 8}, {1, 1, 1}, {8, 8}, {1, 1}, 1, 2 * pi, 200, 100);
  ProjectionMatrix p = g.projection_matrices()[0];
  p[0][3] = 1e45;  // finite in double, infinite in float
  check_refused([&] { g.set_projection_matrices({p}); }, "projection_matrices[0]");
}

TEST_CASE("The filter spacing must lie in 1e-6 to 1e6 mm", "[limits][float]") {
  // tau = 1e-40: the taps 1 / (4 tau) overflowed float.
  check_refused([] { filter_taps(Filter::ram_lak, 8, 1e-40); }, "filter spacing");
  check_refused([] { filter_taps(Filter::hann, 8, 1e300); }, "filter spacing");
}

TEST_CASE("angular ranges that are zero or beyond float's FBP scale are refused", "[limits][float]") {
  // Found by the fuzzer (tests/fuzz/regressions/class2_*_angular_range): a range of 1e218 rad made
  // the FBP scale |range| / N infinite in float.
  for (double range : {1.39e218, -1.3e299, 0.0, 65537 * 2 * pi}) {
    INFO(range);
    check_refused([&] { GeometryParallel2D({8, 8}, {1, 1}, 10, 1, 8, range); }, "angular_range");
    check_refused([&] { GeometryFan2D({8, 8}, {1, 1}, 10, 1, 8, range, 200, 100); }, "angular_range");
    check_refused([&] { GeometryCone3D({4, 4, 4}, {1, 1, 1}, {4, 4}, {1, 1}, 8, range, 200, 100); },
                               "angular_range");
  }
  CHECK_NOTHROW(GeometryParallel2D({8, 8}, {1, 1}, 10, 1, 8, -65536 * 2 * pi));
}
