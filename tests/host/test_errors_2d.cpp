// Bad input is refused with a pyronn exception that names the parameter; nothing crashes.

#include "../support/refused.hpp"

#include <pyronn/core/indexing.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>

#include <catch2/catch.hpp>

#include <limits>

using namespace pyronn;
using pyronn_test::check_refused;

namespace {

const double pi = 3.14159265358979323846;
const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double infinite = std::numeric_limits<double>::infinity();

GeometryParallel2D good_parallel() { return GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, pi); }
GeometryFan2D good_fan() { return GeometryFan2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, 2 * pi, 200, 100); }

}  // namespace

TEST_CASE("geometry parameters are validated", "[errors]") {
  check_refused([] { GeometryParallel2D({0, 16}, {1.0, 1.0}, 24, 1.0, 8, pi); }, "volume_shape");
  check_refused([] { GeometryParallel2D({16, -3}, {1.0, 1.0}, 24, 1.0, 8, pi); }, "volume_shape");
  check_refused([] { GeometryParallel2D({16, 16}, {0.0, 1.0}, 24, 1.0, 8, pi); }, "volume_spacing[0]");
  check_refused([] { GeometryParallel2D({16, 16}, {1.0, -1.0}, 24, 1.0, 8, pi); }, "volume_spacing[1]");
  check_refused([] { GeometryParallel2D({16, 16}, {not_a_number, 1.0}, 24, 1.0, 8, pi); }, "volume_spacing[0]");
  check_refused([] { GeometryParallel2D({16, 16}, {1.0, 1.0}, 0, 1.0, 8, pi); }, "detector_shape");
  check_refused([] { GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, -0.5, 8, pi); }, "detector_spacing");
  check_refused([] { GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, infinite, 8, pi); }, "detector_spacing");
  check_refused([] { GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, 1.0, 0, pi); }, "number_of_projections");
  check_refused([] { GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, not_a_number); }, "angular_range");
  check_refused([] { GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, 0.0); }, "angular_range");
}

TEST_CASE("fan source distances must be consistent", "[errors]") {
  check_refused([] { GeometryFan2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, pi, 100, 200); }, "source_detector_distance");
  check_refused([] { GeometryFan2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, pi, 100, 100); }, "source_detector_distance");
  check_refused([] { GeometryFan2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, pi, -5, 1); }, "source_detector_distance");
  check_refused([] { GeometryFan2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, pi, 200, 0); }, "source_isocenter_distance");
  check_refused([] { GeometryFan2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, pi, not_a_number, 100); }, "source_detector_distance");
  // A source inside the volume cannot be projected from.
  check_refused([] { host::Projector2D<GeometryFan2D>(GeometryFan2D({64, 64}, {1.0, 1.0}, 24, 1.0, 8, pi, 100, 20)); },
                "source_isocenter_distance");
}

TEST_CASE("trajectories and origins are validated", "[errors]") {
  auto g = good_parallel();
  check_refused([&] { g.set_central_ray_vectors(std::vector<dvec2>(7, dvec2{1, 0})); }, "central_ray_vectors");
  check_refused([&] { g.set_central_ray_vectors(std::vector<dvec2>(8, dvec2{0, 0})); }, "central_ray_vectors");
  check_refused([&] { g.set_central_ray_vectors(std::vector<dvec2>(8, dvec2{not_a_number, 1})); }, "central_ray_vectors");
  check_refused([&] { g.set_detector_origin(infinite); }, "detector_origin");
  check_refused([&] { g.set_volume_origin({0.0, not_a_number}); }, "volume_origin[1]");
  check_refused([] { circular_trajectory_2d(-1, pi); }, "number_of_projections");
}

TEST_CASE("operator calls are validated", "[errors]") {
  const auto g = good_parallel();
  host::Projector2D<GeometryParallel2D> op(g);
  std::vector<float> image(g.volume_size()), sino(g.sinogram_size());
  check_refused([&] { op.forward(nullptr, sino.data()); }, "image");
  check_refused([&] { op.forward(image.data(), nullptr); }, "sinogram");
  check_refused([&] { op.adjoint(nullptr, image.data()); }, "sinogram");
  check_refused([&] { op.backproject_fbp(sino.data(), nullptr); }, "image");
  check_refused([&] { op.forward(image.data(), sino.data(), 0); }, "batch");
  check_refused([&] { op.forward(image.data(), sino.data(), -2); }, "batch");
  check_refused([&] { host::Projector2D<GeometryParallel2D>(g, -1); }, "threads");
}

TEST_CASE("mismatched batch sizes are refused", "[errors]") {
  const auto g = good_fan();
  host::Projector2D<GeometryFan2D> op(g);
  std::vector<float> images(3 * g.volume_size()), sinos(2 * g.sinogram_size());
  check_refused([&] { op.forward(images.data(), images.size(), sinos.data(), sinos.size()); }, "sinogram");
  check_refused([&] { op.adjoint(sinos.data(), sinos.size(), images.data(), images.size()); }, "image");
  check_refused([&] { op.forward(images.data(), images.size() - 1, sinos.data(), sinos.size()); }, "image");
  std::vector<float> one_sino(g.sinogram_size()), one_image(g.volume_size());
  CHECK_NOTHROW(op.forward(one_image.data(), one_image.size(), one_sino.data(), one_sino.size()));
}

TEST_CASE("FBP refuses scans too short to reconstruct", "[errors]") {
  check_refused([] { host::FBP2D<GeometryParallel2D>(GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, 2.0)); },
                "angular_range");
  check_refused([] { host::FBP2D<GeometryFan2D>(GeometryFan2D({16, 16}, {1.0, 1.0}, 64, 1.0, 8, pi, 200, 100)); },
                "angular_range");
  check_refused([] { host::FBP2D<GeometryFan2D>(GeometryFan2D({16, 16}, {1.0, 1.0}, 64, 1.0, 8, 3 * pi, 200, 100)); },
                "angular_range");
  check_refused([] { rasterize_2d({}, good_fan(), 0); }, "supersampling");
}

TEST_CASE("sizes past 32-bit indexing are refused unless 64-bit indexing is chosen", "[errors]") {
  const std::size_t big = std::size_t(1) << 31;
  check_refused([&] { detail::require_indexable<int>(big, "the image batch"); }, "batch");
  CHECK_NOTHROW(detail::require_indexable<long long>(big, "the image batch"));
  // int indexing keeps room for one block of threads (1024) past the last element.
  CHECK_NOTHROW(detail::require_indexable<int>(big - 1 - 1024, "the image batch"));
  check_refused([&] { detail::require_indexable<int>(big - 1024, "the image batch"); }, "batch");
}
