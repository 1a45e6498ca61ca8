// The 2D vector geometries (geometry/vector_2d.hpp): built from a circular geometry they give
// bitwise its results; randomly perturbed they stay exact transposes and match the analytic
// sinogram as closely as the circular geometry does; FBP takes circular-like scans only; bad
// views are refused with the parameter named.

#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/geometry/vector_conversion.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/phantoms/analytic_sinogram_2d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;

namespace {

const double pi = 3.14159265358979323846;

dvec2 rotate(dvec2 a, double angle) {
  return {std::cos(angle) * a.x - std::sin(angle) * a.y, std::sin(angle) * a.x + std::cos(angle) * a.y};
}

// Every view's source and detector moved, tilted and rescaled at random: a wobbling scan with
// varying distances and bin sizes, no two views alike.
std::vector<FanVector2D> perturbed(std::vector<FanVector2D> v, double scale_mm, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (FanVector2D& f : v) {
    const dvec2 n = (1.0 / norm(f.u)) * perp(f.u);
    f.source = f.source + scale_mm * dvec2{unit(rng), unit(rng)};
    f.detector = f.detector + (scale_mm * unit(rng)) * n + (scale_mm * unit(rng)) * ((1.0 / norm(f.u)) * f.u);
    f.u = (1 + 0.02 * unit(rng)) * rotate(f.u, 0.05 * unit(rng));
  }
  return v;
}

std::vector<ParallelVector2D> perturbed(std::vector<ParallelVector2D> v, double scale_mm, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (ParallelVector2D& p : v) {
    p.ray = rotate(p.ray, 0.05 * unit(rng));
    p.detector = p.detector + scale_mm * dvec2{unit(rng), unit(rng)};
    p.u = (1 + 0.02 * unit(rng)) * rotate(p.u, 0.05 * unit(rng));
  }
  return v;
}

template <class Vec>
Vec perturbed_geometry(const Vec& g, double scale_mm, unsigned seed) {
  Vec out = g;
  out.set_vectors(perturbed(g.vectors(), scale_mm, seed));
  return out;
}

template <Interpolation I, class G>
std::vector<std::vector<float>> all_results(const G& g) {
  host::Projector2D<G, I> op(g);
  const auto x = pyronn_test::random_vector(g.volume_size(), 1), y = pyronn_test::random_vector(g.sinogram_size(), 2);
  std::vector<float> ax(y.size()), aty(x.size()), by(x.size()), btx(y.size());
  op.forward(x.data(), ax.data());
  op.adjoint(y.data(), aty.data());
  op.backproject_fbp(y.data(), by.data());
  op.backproject_fbp_transpose(x.data(), btx.data());
  return {ax, aty, by, btx};
}

template <Interpolation I, class Circular>
void check_bitwise(const Circular& g) {
  const auto vec = to_vector_geometry(g);
  const auto a = all_results<I>(g), b = all_results<I>(vec);
  for (std::size_t k = 0; k < a.size(); ++k) {
    INFO("operator " << k << " (forward, adjoint, backproject_fbp, backproject_fbp_transpose)");
    CHECK(pyronn_test::bitwise_equal(a[k], b[k]));
  }
}

template <class G>
void check_bitwise_both(const G& g) {
  check_bitwise<Interpolation::software>(g);
  check_bitwise<Interpolation::texture>(g);
}

template <Interpolation I, class G>
double dot_mismatch(const G& g) {
  host::Projector2D<G, I> op(g);
  const auto x = pyronn_test::random_vector(g.volume_size(), 3), y = pyronn_test::random_vector(g.sinogram_size(), 4);
  std::vector<float> ax(y.size()), aty(x.size());
  op.forward(x.data(), ax.data());
  op.adjoint(y.data(), aty.data());
  return pyronn_test::normalized_adjoint_mismatch(ax, y, x, aty);
}

template <class G>
void check_dot_products(const G& g, const std::string& name) {
  const double software = dot_mismatch<Interpolation::software>(g);
  const double texture = dot_mismatch<Interpolation::texture>(g);
  pyronn_test::print_figure(("host dot-product mismatch / (|Ax| |y|), software, " + name).c_str(), software);
  pyronn_test::print_figure(("host dot-product mismatch / (|Ax| |y|), texture, " + name).c_str(), texture);
  CHECK(software <= 1e-6);
  CHECK(texture <= 1e-6);
}

const double field_mm = 256.0;

template <class G>
double forward_error(const G& g) {
  const auto ellipses = shepp_logan_2d(field_mm / 2);
  const auto phantom = rasterize_2d(ellipses, g, 4);
  std::vector<float> sino(g.sinogram_size());
  host::Projector2D<G>(g).forward(phantom.data(), sino.data());
  return pyronn_test::relative_l2(sino, analytic_sinogram_2d(ellipses, g));
}

// The circular test's geometries (tests/host/test_forward_analytic_2d.cpp), perturbed by up to
// 4 mm (a pixel of the coarse grid), 0.05 rad and 2 % per view.
GeometryParallel2DVec perturbed_parallel(int n) {
  const GeometryParallel2D g({n, n}, {field_mm / n, field_mm / n}, 2 * n, field_mm / n, 180, pi);
  return perturbed_geometry(to_vector_geometry(g), 4.0, 7);
}
GeometryFan2DVec perturbed_fan(int n) {
  const GeometryFan2D g({n, n}, {field_mm / n, field_mm / n}, 2 * n, 1.5 * field_mm / n, 180, 2 * pi, 1200, 750);
  return perturbed_geometry(to_vector_geometry(g), 4.0, 7);
}

template <class G>
void check_convergence(G (*make)(int), const std::string& name) {
  const double coarse = forward_error(make(256)), fine = forward_error(make(512));
  pyronn_test::print_figure(("forward vs analytic relative L2, perturbed " + name + " 256x256").c_str(), coarse);
  pyronn_test::print_figure(("forward vs analytic relative L2, perturbed " + name + " 512x512").c_str(), fine);
  CHECK(coarse <= 2e-2);
  CHECK(fine <= 0.6 * coarse);
}

std::vector<dvec2> irregular_rays(int n) {
  std::vector<dvec2> rays;
  for (int i = 0; i < n; ++i) {
    const double a = 0.3 + 1.9 * std::pow(double(i) / n, 1.3);
    rays.push_back({std::cos(a), std::sin(a)});
  }
  return rays;
}

}  // namespace

TEST_CASE("2D vector geometries from circular ones give bitwise the same results", "[vector][bitwise]") {
  SECTION("parallel, shifted detector, moved volume") {
    GeometryParallel2D g({37, 58}, {0.8, 1.3}, 71, 0.7, 33, pi);
    g.set_detector_origin(-20.3);
    g.set_volume_origin({-10.0, -40.0});
    check_bitwise_both(g);
  }
  SECTION("parallel, irregular angles") {
    GeometryParallel2D g({40, 31}, {1.0, 1.0}, 50, 1.1, 17, pi);
    g.set_central_ray_vectors(irregular_rays(17));
    check_bitwise_both(g);
  }
  SECTION("fan, clockwise, shifted detector") {
    GeometryFan2D g({45, 29}, {0.6, 1.7}, 77, 0.9, 41, -1.3 * pi, 300, 120);
    g.set_detector_origin(-30.0);
    check_bitwise_both(g);
  }
  SECTION("fan, irregular angles, moved volume") {
    GeometryFan2D g({32, 32}, {1.0, 1.0}, 64, 1.3, 17, 2 * pi, 500, 300);
    g.set_central_ray_vectors(irregular_rays(17));
    g.set_volume_origin({-5.0, -20.0});
    check_bitwise_both(g);
  }
}

TEST_CASE("2D vector geometries keep the adjoint exact, perturbed at random", "[vector][adjoint]") {
  const GeometryParallel2D parallel({41, 53}, {1.0, 0.9}, 77, 0.8, 37, pi);
  check_dot_products(perturbed_geometry(to_vector_geometry(parallel), 3.0, 11), "perturbed parallel vec 41x53");
  const GeometryFan2D fan({48, 40}, {1.1, 1.0}, 96, 1.2, 45, 2 * pi, 400, 220);
  check_dot_products(perturbed_geometry(to_vector_geometry(fan), 5.0, 12), "perturbed fan vec 48x40");
}

TEST_CASE("perturbed parallel vector geometry converges to the analytic sinogram", "[vector][analytic]") {
  check_convergence(perturbed_parallel, "parallel vec");
}

TEST_CASE("perturbed fan vector geometry converges to the analytic sinogram", "[vector][analytic]") {
  check_convergence(perturbed_fan, "fan vec");
}

TEST_CASE("2D vector geometries: conversions and the angular increment", "[vector][conversion]") {
  GeometryFan2D fan({32, 32}, {1.0, 1.0}, 64, 1.3, 24, -1.5 * pi, 500, 300);
  fan.set_detector_origin(-37.0);
  const GeometryFan2DVec vec = to_vector_geometry(fan);
  // The default increment is the mean angle between views.
  const GeometryFan2DVec fresh({32, 32}, {1.0, 1.0}, 64, vec.vectors());
  CHECK(fresh.angular_increment() == Approx(1.5 * pi / 24).epsilon(1e-12));
  const GeometryFan2D back = to_circular_geometry(vec);
  CHECK(back.source_isocenter_distance() == Approx(300).epsilon(1e-12));
  CHECK(back.source_detector_distance() == Approx(500).epsilon(1e-12));
  CHECK(back.detector_spacing() == Approx(1.3).epsilon(1e-12));
  CHECK(back.detector_origin() == Approx(-37.0).epsilon(1e-12));
  CHECK(back.angular_range() == Approx(-1.5 * pi).epsilon(1e-12));
  for (int i = 0; i < 24; ++i) {
    CHECK(back.central_ray_vectors()[i].x == Approx(fan.central_ray_vectors()[i].x).margin(1e-12));
    CHECK(back.central_ray_vectors()[i].y == Approx(fan.central_ray_vectors()[i].y).margin(1e-12));
  }
}

TEST_CASE("FBP takes circular-like 2D vector geometries and refuses the rest", "[vector][fbp]") {
  const GeometryFan2D fan({48, 48}, {1.0, 1.0}, 96, 1.0, 60, 2 * pi, 500, 300);
  const auto sino = pyronn_test::random_vector(fan.sinogram_size(), 5);
  std::vector<float> a(fan.volume_size()), b(fan.volume_size());
  host::FBP2D<GeometryFan2D>(fan).reconstruct(sino.data(), a.data());
  host::FBP2D<GeometryFan2DVec>(to_vector_geometry(fan)).reconstruct(sino.data(), b.data());
  CHECK(pyronn_test::relative_max(b, a) <= 1e-6);

  // ASTRA's parallel_vec rays run against pyronn's central rays: the same views, accepted.
  const GeometryParallel2D parallel({32, 32}, {1.0, 1.0}, 48, 1.0, 40, pi);
  auto flipped = to_vector_geometry(parallel);
  auto vectors = flipped.vectors();
  for (auto& p : vectors) p.ray = -1.0 * p.ray;
  flipped.set_vectors(vectors);
  const auto psino = pyronn_test::random_vector(parallel.sinogram_size(), 6);
  std::vector<float> c(parallel.volume_size()), d(parallel.volume_size());
  host::FBP2D<GeometryParallel2D>(parallel).reconstruct(psino.data(), c.data());
  host::FBP2D<GeometryParallel2DVec>(flipped).reconstruct(psino.data(), d.data());
  CHECK(pyronn_test::relative_max(d, c) <= 1e-6);

  // Not circular-like: each refusal names the view and the quantity.
  auto tilted = to_vector_geometry(fan);
  auto tv = tilted.vectors();
  tv[3].u = rotate(tv[3].u, 0.01);
  tilted.set_vectors(tv);
  check_refused([&] { host::FBP2D<GeometryFan2DVec> f(tilted); }, "vectors[3].u");
  auto moved = to_vector_geometry(fan);
  auto mv = moved.vectors();
  mv[5].source = 1.01 * mv[5].source;
  moved.set_vectors(mv);
  check_refused([&] { host::FBP2D<GeometryFan2DVec> f(moved); }, "vectors[5].source");
  auto shifted = to_vector_geometry(fan);
  auto sv = shifted.vectors();
  sv[7].detector = sv[7].detector + 0.5 * sv[7].u;
  shifted.set_vectors(sv);
  check_refused([&] { host::FBP2D<GeometryFan2DVec> f(shifted); }, "vectors[7].detector");
  auto mirrored = to_vector_geometry(fan);
  auto rv = mirrored.vectors();
  rv[2].u = -1.0 * rv[2].u;
  mirrored.set_vectors(rv);
  check_refused([&] { host::FBP2D<GeometryFan2DVec> f(mirrored); }, "vectors[2].u");
}

TEST_CASE("bad 2D vector geometries are refused with the parameter named", "[vector][errors]") {
  const GeometryFan2D fan({32, 32}, {1.0, 1.0}, 64, 1.0, 8, 2 * pi, 400, 200);
  const std::vector<FanVector2D> good = fan.vectors();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto with = [&](int view, auto change) {
    std::vector<FanVector2D> v = good;
    change(v[std::size_t(view)]);
    return v;
  };
  check_refused([&] { GeometryFan2DVec({32, 32}, {1.0, 1.0}, 64, with(2, [](FanVector2D& f) { f.u = {0, 0}; })); },
                "vectors[2].u");
  check_refused(
      [&] { GeometryFan2DVec({32, 32}, {1.0, 1.0}, 64, with(1, [&](FanVector2D& f) { f.source.x = nan; })); },
      "vectors[1].source");
  check_refused(
      [&] {
        GeometryFan2DVec({32, 32}, {1.0, 1.0}, 64,
                         with(3, [](FanVector2D& f) { f.detector.y = std::numeric_limits<double>::infinity(); }));
      },
      "vectors[3].detector");
  // The source on the detector line.
  check_refused(
      [&] { GeometryFan2DVec({32, 32}, {1.0, 1.0}, 64, with(4, [](FanVector2D& f) { f.source = f.detector + 7.0 * f.u; })); },
      "vectors[4].source");
  // The source inside the image.
  check_refused(
      [&] { GeometryFan2DVec({32, 32}, {1.0, 1.0}, 64, with(5, [](FanVector2D& f) { f.source = {3.0, -2.0}; })); },
      "vectors[5].source");
  // A volume moved over the source after the views were set: refused when the views are made.
  GeometryFan2DVec g({32, 32}, {1.0, 1.0}, 64, good);
  g.set_volume_origin({-15.5, -200.0});
  check_refused([&] { host::Projector2D<GeometryFan2DVec> p(g); }, "vectors[0].source");
  // A count that does not match the views.
  GeometryFan2DVec h({32, 32}, {1.0, 1.0}, 64, good);
  check_refused([&] { h.set_vectors(std::vector<FanVector2D>(good.begin(), good.begin() + 5)); }, "vectors");
  check_refused([&] { GeometryFan2DVec({32, 32}, {1.0, 1.0}, 64, {}); }, "vectors");
  check_refused([&] { h.set_angular_increment(0.0); }, "angular_increment");

  const GeometryParallel2D parallel({32, 32}, {1.0, 1.0}, 64, 1.0, 8, pi);
  std::vector<ParallelVector2D> p = parallel.vectors();
  p[6].ray = p[6].u;
  check_refused([&] { GeometryParallel2DVec({32, 32}, {1.0, 1.0}, 64, p); }, "vectors[6].ray");
  p = parallel.vectors();
  p[0].ray = {0, 0};
  check_refused([&] { GeometryParallel2DVec({32, 32}, {1.0, 1.0}, 64, p); }, "vectors[0].ray");
}
