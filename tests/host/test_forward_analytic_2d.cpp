// Forward projections of a supersampled Shepp-Logan raster against the exact line integrals of
// its ellipses. The remaining error is the raster's pixelisation, so it must fall as pixels shrink.

#include "../support/numerics.hpp"

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/phantoms/analytic_sinogram_2d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace pyronn;

namespace {

const double pi = 3.14159265358979323846;
const double field_mm = 256.0;  // the volume's width, whatever its pixel count

template <class Geometry>
double forward_error(const Geometry& g) {
  const auto ellipses = shepp_logan_2d(field_mm / 2);
  const auto phantom = rasterize_2d(ellipses, g, 4);
  std::vector<float> sino(g.sinogram_size());
  host::Projector2D<Geometry>(g).forward(phantom.data(), sino.data());
  return pyronn_test::relative_l2(sino, analytic_sinogram_2d(ellipses, g));
}

GeometryParallel2D parallel(int n) {
  return GeometryParallel2D({n, n}, {field_mm / n, field_mm / n}, 2 * n, field_mm / n, 180, pi);
}
GeometryFan2D fan(int n) {
  return GeometryFan2D({n, n}, {field_mm / n, field_mm / n}, 2 * n, 1.5 * field_mm / n, 180, 2 * pi, 1200, 750);
}

template <class Geometry>
void check_convergence(Geometry (*make)(int), const std::string& name) {
  const double coarse = forward_error(make(256)), fine = forward_error(make(512));
  pyronn_test::print_figure(("forward vs analytic relative L2, " + name + " 256x256").c_str(), coarse);
  pyronn_test::print_figure(("forward vs analytic relative L2, " + name + " 512x512").c_str(), fine);
  CHECK(coarse <= 2e-2);
  CHECK(fine <= 0.6 * coarse);
}

}  // namespace

TEST_CASE("parallel forward projection converges to the analytic sinogram", "[analytic][parallel]") {
  check_convergence(parallel, "parallel");
}

TEST_CASE("fan forward projection converges to the analytic sinogram", "[analytic][fan]") {
  check_convergence(fan, "fan");
}

TEST_CASE("analytic ellipse line integrals match the closed form", "[analytic][phantom]") {
  // A centred ellipse with semi-axes a, b at angle phi: the projection at normal angle theta and
  // offset t is 2 rho a b sqrt(s^2 - t^2) / s^2, s^2 = a^2 cos^2(theta - phi) + b^2 sin^2(theta - phi).
  const double a = 30, b = 12, phi = 0.4, rho = 1.7;
  const Ellipse e{{0, 0}, {a, b}, phi, rho};
  for (double theta : {0.0, 0.7, 2.0})
    for (double t : {0.0, 5.0, 11.0, 20.0}) {
      const dvec2 normal = {std::cos(theta), std::sin(theta)}, along = perp(normal);
      const double s2 = a * a * std::pow(std::cos(theta - phi), 2) + b * b * std::pow(std::sin(theta - phi), 2);
      const double expected = t * t < s2 ? 2 * rho * a * b * std::sqrt(s2 - t * t) / s2 : 0.0;
      CHECK(rho * e.chord(t * normal, along, -1e9, 1e9) == Approx(expected).margin(1e-9));
    }
}
