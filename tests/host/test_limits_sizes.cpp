// Sizes that would wrap are refused by name (README "Errors", "Limits"): a product of shapes,
// views, bins or batch that does not fit std::size_t (or int where a kernel indexes with int)
// never reaches the drivers as a small or zero size.

#include "../support/refused.hpp"

#include <pyronn/core/checked_size.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/recon/filters.hpp>

#include <catch2/catch.hpp>

#include <climits>
#include <cstdint>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;

namespace {
const double pi = 3.14159265358979323846;
}

TEST_CASE("checked_product multiplies or names the parameter", "[limits][sizes]") {
  CHECK(detail::checked_product({3, 5, 7}, "shape") == 105);
  CHECK(detail::checked_product({std::size_t(1) << 32, std::size_t(1) << 31}, "shape") == std::size_t(1) << 63);
  check_refused([] { detail::checked_product({std::size_t(1) << 32, std::size_t(1) << 32}, "shape"); }, "shape");
  check_refused([] { detail::checked_product({1 << 16, 1 << 15}, "bins", INT_MAX); }, "bins");
}

TEST_CASE("A 3D volume whose voxel count wraps std::size_t is refused", "[limits][sizes]") {
  // 2^22 x 2^21 x 2^21 = 2^64 voxels: the product wrapped to 0, and the sized forward divided by it.
  check_refused([] { GeometryParallel3D({1 << 22, 1 << 21, 1 << 21}, {1, 1, 1}, {4, 4}, {1, 1}, 4, pi); },
                "volume_shape");
}

TEST_CASE("A sized call whose batch times the output size wraps is refused", "[limits][sizes]") {
  // One pixel, 2^17 views of 2^17 bins: a batch of 2^30 images needs 2^64 sinogram elements, which
  // wrapped to 0 and matched an empty sinogram buffer.
  const host::Projector2D<GeometryParallel2D> p2(GeometryParallel2D({1, 1}, {1, 1}, 1 << 17, 1, 1 << 17, pi), 1);
  check_refused([&] { p2.image_batch(std::size_t(1) << 30, 0); }, "sinogram");
  const host::Projector3D<GeometryParallel3D> p3(GeometryParallel3D({1, 1, 1}, {1, 1, 1}, {1 << 15, 1 << 15}, {1, 1}, 1 << 4, pi), 0.5, 1);
  check_refused([&] { p3.volume_batch(std::size_t(1) << 30, 0); }, "projections");
}

TEST_CASE("An unsized call whose batch times the item size wraps is refused before any work", "[limits][sizes]") {
  // 2^34 voxels a volume; INT_MAX of them wrap std::size_t. The adjoint filled a wrapped count.
  const host::Projector3D<GeometryParallel3D> p(GeometryParallel3D({1 << 12, 1 << 11, 1 << 11}, {1, 1, 1}, {1, 1}, {1, 1}, 1, pi), 0.5, 1);
  std::vector<float> projections(1), volume(1);
  check_refused([&] { p.adjoint(projections.data(), volume.data(), INT_MAX); }, "batch");
  check_refused([&] { p.forward(volume.data(), projections.data(), INT_MAX); }, "batch");
}

TEST_CASE("Filter lengths 2 nu - 1 that overflow int are refused", "[limits][sizes]") {
  // 2 * INT_MAX - 1 wrapped negative, passed the length check, and the loop read far past the taps.
  const std::vector<float> taps(15, 1.f);
  check_refused([&] { filter_response(taps.data(), INT_MAX, 8); }, "detector_shape");
  check_refused([] { filter_padded_length(INT_MAX); }, "detector_shape");
  check_refused([] { filter_design_length(INT_MAX); }, "detector_shape");
}
