// The equiangular (arc) fan detector, GeometryFanArc2D: where its bins lie, dot-product tests of
// the exact adjoint and of the FBP backprojection's transpose for both interpolation policies,
// forward projections against the exact line integrals, and FBP of Shepp-Logan from a full turn
// and from a Parker short scan.

#include "../support/numerics.hpp"

#include <pyronn/geometry/fan_arc_2d.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/phantoms/analytic_sinogram_2d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/recon/equiangular_filter.hpp>
#include <pyronn/recon/weight_operators_curved.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::random_vector;

namespace {

const double pi = 3.14159265358979323846;

// Awkward: odd, non-square, anisotropic, shifted detector, clockwise partial scan.
GeometryFanArc2D awkward_arc() {
  GeometryFanArc2D g({45, 29}, {0.6, 1.7}, 77, 0.9, 41, -1.3 * pi, 300, 120);
  g.set_detector_origin(-30.0);
  return g;
}

template <Interpolation I>
void check_transposes(const GeometryFanArc2D& g, const std::string& name, int batch) {
  host::Projector2D<GeometryFanArc2D, I> op(g);
  const auto x = random_vector(g.volume_size() * batch, 1), y = random_vector(g.sinogram_size() * batch, 2);
  std::vector<float> ax(y.size()), aty(x.size());
  op.forward(x.data(), ax.data(), batch);
  op.adjoint(y.data(), aty.data(), batch);
  const double adjoint = pyronn_test::normalized_adjoint_mismatch(ax, y, x, aty);
  const auto s = random_vector(g.sinogram_size() * batch, 3, -1.f, 1.f);
  const auto i = random_vector(g.volume_size() * batch, 4, -1.f, 1.f);
  std::vector<float> bs(i.size()), bti(s.size());
  op.backproject_fbp(s.data(), bs.data(), batch);
  op.backproject_fbp_transpose(i.data(), bti.data(), batch);
  const double fbp = pyronn_test::normalized_adjoint_mismatch(bs, i, s, bti);
  const std::string policy = I == Interpolation::software ? "software" : "texture";
  pyronn_test::print_figure(("arc dot-product mismatch, adjoint, " + policy + ", " + name).c_str(), adjoint);
  pyronn_test::print_figure(("arc dot-product mismatch, FBP transpose, " + policy + ", " + name).c_str(), fbp);
  CHECK(adjoint <= 1e-6);
  CHECK(fbp <= 1e-6);
}

}  // namespace

TEST_CASE("arc detector bins lie on a circle about the source at equal angles", "[arc][geometry]") {
  const GeometryFanArc2D g({64, 64}, {1.0, 1.0}, 101, 2.0, 7, 2 * pi, 400, 250);
  const auto views = g.views();
  for (std::size_t v = 0; v < views.size(); ++v) {
    const dvec2 source = vec_cast<double>(views[v].source), central = vec_cast<double>(views[v].ray);
    for (int u : {0, 17, 50, 100}) {
      const Ray2D r = ArcFanBeam2D::ray(views[v], float(u));
      CHECK(double(r.t_max) == Approx(400).epsilon(1e-6));
      const dvec2 dir = vec_cast<double>(r.dir);
      // The fan angle from the central ray, positive towards perp(central ray).
      CHECK(std::atan2(cross(central, dir), dot(central, dir)) == Approx(g.bin_angle(u)).margin(1e-6));
      // Bin u's centre lands on bin u.
      const vec2 end = r.origin + r.t_max * r.dir;
      CHECK(double(ArcFanBeam2D::detector_coordinate(views[v], end)) == Approx(u).margin(1e-3));
      CHECK(norm(source) == Approx(250).epsilon(1e-6));
    }
  }
  CHECK(g.fan_angle() == Approx(101 * 2.0 / 2 / 400));
}

TEST_CASE("arc fan adjoint and FBP transpose are exact transposes (host)", "[arc][adjoint]") {
  check_transposes<Interpolation::software>(awkward_arc(), "45x29 shifted clockwise", 1);
  check_transposes<Interpolation::texture>(awkward_arc(), "45x29 shifted clockwise", 1);
  const GeometryFanArc2D square({64, 64}, {1.0, 1.0}, 128, 1.2, 90, 2 * pi, 400, 250);
  check_transposes<Interpolation::software>(square, "64x64 batch 2", 2);
  check_transposes<Interpolation::texture>(square, "64x64 batch 2", 2);
}

TEST_CASE("the equiangular filter scales lag n by (n alpha / sin n alpha)^2", "[arc][filter]") {
  const std::vector<float> taps = filter_taps(Filter::ram_lak, 5, 0.7);
  const std::vector<float> arc = equiangular_filter_taps(taps, 0.1);
  for (int n = -4; n <= 4; ++n) {
    const double ratio = n == 0 ? 1.0 : (n * 0.1) / std::sin(n * 0.1);
    CHECK(arc[std::size_t(n + 4)] == Approx(taps[std::size_t(n + 4)] * ratio * ratio).epsilon(1e-6));
  }
  CHECK_THROWS_AS(equiangular_filter_taps(taps, 1.0), invalid_argument);  // 4 lags span more than pi
}

namespace {

const double field_mm = 256.0;

GeometryFanArc2D arc(int n) {
  return GeometryFanArc2D({n, n}, {field_mm / n, field_mm / n}, 2 * n, 1.5 * field_mm / n, 180, 2 * pi, 1200, 750);
}

double forward_error(const GeometryFanArc2D& g) {
  const auto ellipses = shepp_logan_2d(field_mm / 2);
  const auto phantom = rasterize_2d(ellipses, g, 4);
  std::vector<float> sino(g.sinogram_size());
  host::Projector2D<GeometryFanArc2D>(g).forward(phantom.data(), sino.data());
  return pyronn_test::relative_l2(sino, analytic_sinogram_2d(ellipses, g));
}

struct Outcome {
  double integral_ratio, flat_error;
};

Outcome reconstruct(const GeometryFanArc2D& g, const std::string& name) {
  const int n = g.grid().nx;
  const auto ellipses = shepp_logan_2d(n / 2.0);
  const auto phantom = rasterize_2d(ellipses, g, 4);
  const auto sino = analytic_sinogram_2d(ellipses, g, 4);
  std::vector<float> image(g.volume_size());
  host::FBP2D<GeometryFanArc2D>(g, Filter::ram_lak).reconstruct(sino.data(), image.data());
  const Outcome o{pyronn_test::sum(image) / pyronn_test::sum(phantom),
                  pyronn_test::masked_mean_abs_error(image, phantom, pyronn_test::flat_mask(phantom, n, n, 3))};
  pyronn_test::print_figure(("arc FBP integral ratio, " + name).c_str(), o.integral_ratio);
  pyronn_test::print_figure(("arc FBP flat-region mean abs error / max, " + name).c_str(), o.flat_error);
  return o;
}

// 256 x 256 mm, a detector of 512 bins 1.5 mm apart on an arc 1200 mm from the source.
GeometryFanArc2D fbp_arc(double range) {
  return GeometryFanArc2D({256, 256}, {1.0, 1.0}, 512, 1.5, 360, range, 1200, 750);
}

}  // namespace

TEST_CASE("arc fan forward projection converges to the analytic sinogram", "[arc][analytic]") {
  const double coarse = forward_error(arc(256)), fine = forward_error(arc(512));
  pyronn_test::print_figure("arc forward vs analytic relative L2, 256x256", coarse);
  pyronn_test::print_figure("arc forward vs analytic relative L2, 512x512", fine);
  CHECK(coarse <= 2e-2);
  CHECK(fine <= 0.6 * coarse);
}

TEST_CASE("arc fan FBP reconstructs Shepp-Logan from a full turn", "[arc][fbp]") {
  const Outcome o = reconstruct(fbp_arc(2 * pi), "360 views / 2 pi, Ram-Lak");
  CHECK(std::abs(o.integral_ratio - 1) <= 0.01);
  CHECK(o.flat_error <= 0.01);  // the modified phantom's maximum is 1
}

TEST_CASE("arc fan FBP with Parker weights in fan angle reconstructs a short scan", "[arc][fbp][parker]") {
  const double short_scan = pi + 2 * fbp_arc(2 * pi).fan_angle();
  for (double sense : {1.0, -1.0}) {
    const Outcome o = reconstruct(fbp_arc(sense * short_scan),
                                  sense > 0 ? "short scan, counter-clockwise" : "short scan, clockwise");
    CHECK(std::abs(o.integral_ratio - 1) <= 0.01);
    CHECK(o.flat_error <= 0.02);
  }
}

TEST_CASE("arc cosine x Parker operators are exactly the FBP ray weights", "[arc][weights]") {
  const GeometryFanArc2D g({64, 64}, {1.0, 1.0}, 101, 2.0, 90, pi + 2 * (101 * 2.0 / 2 / 400) + 0.05, 400, 250);
  const RayWeights cosine = cosine_ray_weights(g), parker = parker_ray_weights(g);
  for (int u = 0; u < 101; ++u) CHECK(cosine.values[std::size_t(u)] == Approx(std::cos(g.bin_angle(u))).epsilon(1e-7));
  const RayWeights product = combined_ray_weights(cosine, parker);
  const std::vector<float> fbp = fbp_ray_weights(g);
  REQUIRE(product.values.size() == fbp.size());
  for (std::size_t i = 0; i < fbp.size(); ++i) CHECK(product.values[i] == Approx(fbp[i]).epsilon(1e-6).margin(1e-7));
  // A short scan: some rays get less than 1/2 and some more (Parker's transitions), none outside [0, 1].
  const auto [lo, hi] = std::minmax_element(parker.values.begin(), parker.values.end());
  CHECK(*lo == 0.f);
  CHECK(*hi == 1.f);
  // Wesarg's q = 1 is Parker's.
  const RayWeights wesarg = wesarg_ray_weights(g, 1.0);
  for (std::size_t i = 0; i < parker.values.size(); ++i) CHECK(wesarg.values[i] == Approx(parker.values[i]).margin(1e-6));
}
