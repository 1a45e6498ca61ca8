// PYRO-NN's conveniences (recon/convenience.hpp): generate_sinogram / generate_reco give exactly
// what the operators give, for single items and batches, in 2D and 3D, and refuse inputs that are
// not a whole number of items.

#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/recon/cgls.hpp>
#include <pyronn/recon/convenience.hpp>
#include <pyronn/recon/sirt.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;
using pyronn_test::random_vector;

namespace {
const double pi = 3.14159265358979323846;
}

TEST_CASE("generate_sinogram and generate_reco: PYRO-NN's example, 2D parallel", "[iterative][convenience]") {
  const GeometryParallel2D g({64, 64}, {1.0, 1.0}, 92, 1.0, 180, pi);
  const host::FBP2D<GeometryParallel2D> fbp(g);
  const auto phantom = rasterize_2d(shepp_logan_2d(32.0), g, 4);

  const std::vector<float> sinogram = generate_sinogram(phantom, fbp.projector());
  std::vector<float> expected(g.sinogram_size());
  fbp.projector().forward(phantom.data(), expected.data());
  CHECK(sinogram == expected);

  const std::vector<float> reco = generate_reco(sinogram, fbp);
  std::vector<float> expected_reco(g.volume_size());
  fbp.reconstruct(sinogram.data(), expected_reco.data());
  CHECK(reco == expected_reco);
  const double error = pyronn_test::relative_l2(reco, phantom);
  pyronn_test::print_figure("generate_reco (FBP) relative L2 error, 64^2 from 180 views", error);
  CHECK(error < 0.25);

  const std::vector<float> backprojection = generate_backprojection(sinogram, fbp.projector());
  fbp.projector().adjoint(sinogram.data(), expected_reco.data());
  CHECK(backprojection == expected_reco);
}

TEST_CASE("generate_sinogram and generate_reco take batches", "[iterative][convenience]") {
  const GeometryFan2D g({24, 20}, {1.0, 1.2}, 40, 1.3, 30, 2 * pi, 300, 200);
  const host::FBP2D<GeometryFan2D> fbp(g);
  const auto images = random_vector(3 * g.volume_size(), 81);
  const auto sinograms = generate_sinogram(images, fbp.projector());
  REQUIRE(sinograms.size() == 3 * g.sinogram_size());
  const auto recos = generate_reco(sinograms, fbp);
  REQUIRE(recos.size() == 3 * g.volume_size());
  for (int b = 0; b < 3; ++b) {
    const std::vector<float> one(images.begin() + b * g.volume_size(), images.begin() + (b + 1) * g.volume_size());
    const auto sino = generate_sinogram(one, fbp.projector());
    CHECK(std::equal(sino.begin(), sino.end(), sinograms.begin() + b * g.sinogram_size()));
    const auto reco = generate_reco(sino, fbp);
    CHECK(std::equal(reco.begin(), reco.end(), recos.begin() + b * g.volume_size()));
  }
}

TEST_CASE("generate_reco runs an iterative solver item by item from zero", "[iterative][convenience]") {
  const GeometryParallel2D g({20, 20}, {1.0, 1.0}, 30, 1.0, 15, 200 * pi / 180);
  const host::Projector2D<GeometryParallel2D> op(g);
  const auto images = random_vector(2 * g.volume_size(), 82);
  const auto sinograms = generate_sinogram(images, op);
  CGLS<decltype(op)> cgls(op);
  SIRT<decltype(op)> sirt(op);
  const auto by_cgls = generate_reco(sinograms, cgls, 7);
  const auto by_sirt = generate_reco(sinograms, sirt, 7);
  for (int b = 0; b < 2; ++b) {
    std::vector<float> x(g.volume_size(), 0.f), y(g.volume_size(), 0.f);
    cgls.solve(sinograms.data() + b * g.sinogram_size(), x.data(), 7);
    sirt.solve(sinograms.data() + b * g.sinogram_size(), y.data(), 7);
    CHECK(std::equal(x.begin(), x.end(), by_cgls.begin() + b * g.volume_size()));
    CHECK(std::equal(y.begin(), y.end(), by_sirt.begin() + b * g.volume_size()));
  }
}

TEST_CASE("generate_sinogram and generate_reco: 3D cone beam with FDK", "[iterative][convenience]") {
  const GeometryCone3D g({10, 12, 14}, {1, 1, 1}, {16, 20}, {1.5, 1.5}, 16, 2 * pi, 200, 100);
  const host::FDK<> fdk(g);
  const auto volume = random_vector(2 * g.volume_size(), 83);
  const auto projections = generate_sinogram(volume, fdk.projector());
  std::vector<float> expected(2 * g.sinogram_size());
  fdk.projector().forward(volume.data(), expected.data(), 2);
  CHECK(projections == expected);
  const auto reco = generate_reco(projections, fdk);
  std::vector<float> expected_reco(2 * g.volume_size());
  fdk.reconstruct(projections.data(), expected_reco.data(), 2);
  CHECK(reco == expected_reco);
}

TEST_CASE("generate_sinogram and generate_reco refuse partial items", "[iterative][convenience][errors]") {
  const GeometryParallel2D g({8, 8}, {1.0, 1.0}, 12, 1.0, 6, pi);
  const host::FBP2D<GeometryParallel2D> fbp(g);
  check_refused([&] { generate_sinogram(std::vector<float>(g.volume_size() + 1), fbp.projector()); }, "phantom");
  check_refused([&] { generate_sinogram(std::vector<float>(), fbp.projector()); }, "phantom");
  check_refused([&] { generate_reco(std::vector<float>(g.sinogram_size() - 1), fbp); }, "sinogram");
  check_refused([&] { generate_backprojection(std::vector<float>(3), fbp.projector()); }, "sinogram");
  CGLS<const host::Projector2D<GeometryParallel2D>> cgls(fbp.projector());
  check_refused([&] { generate_reco(std::vector<float>(g.sinogram_size()), cgls, -1); }, "iterations");
}
