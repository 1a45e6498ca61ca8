// The 3D vector geometries (geometry/vector_3d.hpp): built from a circular, helical or matrix
// geometry they give bitwise its results; randomly perturbed they stay exact transposes and
// match the analytic projections as closely as the circular geometries do; FDK / FBP take
// circular-like scans only; bad views are refused with the parameter named.

#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/geometry/vector_conversion.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/phantoms/analytic_projections_3d.hpp>
#include <pyronn/phantoms/raster_3d.hpp>
#include <pyronn/phantoms/shepp_logan_3d.hpp>

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

// a turned by `angle` about the unit axis k (Rodrigues).
dvec3 rotate(dvec3 a, dvec3 k, double angle) {
  return std::cos(angle) * a + std::sin(angle) * cross(k, a) + (dot(k, a) * (1 - std::cos(angle))) * k;
}

dvec3 random_unit(std::mt19937& rng) {
  std::normal_distribution<double> normal;
  const dvec3 d = {normal(rng), normal(rng), normal(rng)};
  return (1.0 / norm(d)) * d;
}

// Every view's source (or rays) and detector moved, tilted and rescaled at random.
std::vector<ConeVector3D> perturbed(std::vector<ConeVector3D> v, double scale_mm, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (ConeVector3D& c : v) {
    c.source = c.source + scale_mm * dvec3{unit(rng), unit(rng), unit(rng)};
    c.detector = c.detector + scale_mm * dvec3{unit(rng), unit(rng), unit(rng)};
    const dvec3 k = random_unit(rng);
    const double angle = 0.05 * unit(rng);
    c.u = (1 + 0.02 * unit(rng)) * rotate(c.u, k, angle);
    c.v = (1 + 0.02 * unit(rng)) * rotate(c.v, k, angle);
  }
  return v;
}

std::vector<ParallelVector3D> perturbed(std::vector<ParallelVector3D> v, double scale_mm, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (ParallelVector3D& p : v) {
    p.ray = rotate(p.ray, random_unit(rng), 0.05 * unit(rng));
    p.detector = p.detector + scale_mm * dvec3{unit(rng), unit(rng), unit(rng)};
    const dvec3 k = random_unit(rng);
    const double angle = 0.05 * unit(rng);
    p.u = (1 + 0.02 * unit(rng)) * rotate(p.u, k, angle);
    p.v = (1 + 0.02 * unit(rng)) * rotate(p.v, k, angle);
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
  const auto x = pyronn_test::random_vector(g.volume_size(), 1), y = pyronn_test::random_vector(g.sinogram_size(), 2);
  std::vector<std::vector<float>> out;
  for (RayModel3D model : {RayModel3D::joseph, RayModel3D::ray_march}) {
    host::Projector3D<G, I> op(g, model);
    std::vector<float> ax(y.size()), aty(x.size());
    op.forward(x.data(), ax.data());
    op.adjoint(y.data(), aty.data());
    out.push_back(ax);
    out.push_back(aty);
  }
  host::Projector3D<G, I> op(g);
  std::vector<float> by(x.size()), btx(y.size());
  op.backproject_fbp(y.data(), by.data());
  op.backproject_fbp_transpose(x.data(), btx.data());
  out.push_back(by);
  out.push_back(btx);
  return out;
}

template <Interpolation I, class Circular>
void check_bitwise(const Circular& g) {
  const auto vec = to_vector_geometry(g);
  const auto a = all_results<I>(g), b = all_results<I>(vec);
  for (std::size_t k = 0; k < a.size(); ++k) {
    INFO("result " << k << " (joseph forward, adjoint, ray march forward, adjoint, backproject_fbp, its transpose)");
    CHECK(pyronn_test::bitwise_equal(a[k], b[k]));
  }
}

template <class G>
void check_bitwise_both(const G& g) {
  check_bitwise<Interpolation::software>(g);
  check_bitwise<Interpolation::texture>(g);
}

template <Interpolation I, class G>
double dot_mismatch(const G& g, RayModel3D model) {
  host::Projector3D<G, I> op(g, model);
  const auto x = pyronn_test::random_vector(g.volume_size(), 3), y = pyronn_test::random_vector(g.sinogram_size(), 4);
  std::vector<float> ax(y.size()), aty(x.size());
  op.forward(x.data(), ax.data());
  op.adjoint(y.data(), aty.data());
  return pyronn_test::normalized_adjoint_mismatch(ax, y, x, aty);
}

template <class G>
void check_dot_products(const G& g, const std::string& name) {
  for (RayModel3D model : {RayModel3D::joseph, RayModel3D::ray_march}) {
    const double software = dot_mismatch<Interpolation::software>(g, model);
    const double texture = dot_mismatch<Interpolation::texture>(g, model);
    const std::string label = name + ", " + to_string(model);
    pyronn_test::print_figure(("host dot-product mismatch / (|Ax| |y|), software, " + label).c_str(), software);
    pyronn_test::print_figure(("host dot-product mismatch / (|Ax| |y|), texture, " + label).c_str(), texture);
    CHECK(software <= 1e-6);
    CHECK(texture <= 1e-6);
  }
}

// tests/host/test_forward_analytic_3d.cpp's geometries, perturbed by up to 2 mm (a voxel of the
// coarse grid), 0.05 rad and 2 % per view.
const double field_mm = 128.0;
const double detector_shift_mm = 0.37;

GeometryParallel3DVec perturbed_parallel(int n) {
  GeometryParallel3D g({n, n, n}, {field_mm / n, field_mm / n, field_mm / n}, {128, 128}, {1.0, 1.0}, 16, pi);
  g.set_detector_origin({g.detector_origin()[0] + detector_shift_mm, g.detector_origin()[1] + detector_shift_mm});
  return perturbed_geometry(to_vector_geometry(g), 2.0, 21);
}
GeometryCone3DVec perturbed_cone(int n) {
  GeometryCone3D g({n, n, n}, {field_mm / n, field_mm / n, field_mm / n}, {144, 144}, {1.5, 1.5}, 16, 2 * pi, 600, 400);
  g.set_detector_origin({g.detector_origin()[0] + detector_shift_mm, g.detector_origin()[1] + detector_shift_mm});
  return perturbed_geometry(to_vector_geometry(g), 2.0, 21);
}

template <class G>
double forward_error(const G& g) {
  const auto ellipsoids = shepp_logan_3d(field_mm / 2);
  const auto phantom = rasterize_3d(ellipsoids, g, 2);
  std::vector<float> projections(g.sinogram_size());
  host::Projector3D<G>(g).forward(phantom.data(), projections.data());
  return pyronn_test::relative_l2(projections, analytic_projections_3d(ellipsoids, g));
}

template <class G>
void check_convergence(G (*make)(int), const std::string& name) {
  const double coarse = forward_error(make(64)), fine = forward_error(make(128));
  pyronn_test::print_figure(("forward vs analytic relative L2, perturbed " + name + " 64^3").c_str(), coarse);
  pyronn_test::print_figure(("forward vs analytic relative L2, perturbed " + name + " 128^3").c_str(), fine);
  CHECK(fine <= 6e-2);
  CHECK(fine <= 0.6 * coarse);
}

}  // namespace

TEST_CASE("3D vector geometries from circular ones give bitwise the same results", "[vector3d][bitwise]") {
  SECTION("parallel, shifted detector, moved volume") {
    GeometryParallel3D g({9, 14, 11}, {1.1, 0.9, 1.0}, {13, 17}, {1.2, 0.8}, 7, pi);
    g.set_detector_origin({-5.3, -8.1});
    g.set_volume_origin({-3.0, -6.0, -4.0});
    check_bitwise_both(g);
  }
  SECTION("parallel, tilted rays") {
    GeometryParallel3D g({10, 12, 11}, {1.0, 1.0, 1.0}, {14, 16}, {1.0, 1.0}, 5, pi);
    g.set_ray_vectors({{1, 0, 0.3}, {0.5, 0.8, -0.2}, {0, 1, 0.1}, {-0.6, 0.7, 0.4}, {-1, 0.1, 0}});
    check_bitwise_both(g);
  }
  SECTION("cone, circular, clockwise, shifted detector") {
    GeometryCone3D g({10, 12, 14}, {1.0, 1.1, 0.9}, {15, 18}, {1.3, 1.1}, 9, -1.7 * pi, 200, 120);
    g.set_detector_origin({-7.0, -12.0});
    check_bitwise_both(g);
  }
  SECTION("cone, helix, moved volume") {
    GeometryCone3D g({10, 12, 11}, {1.0, 1.0, 1.0}, {16, 16}, {1.2, 1.2}, 8, 2 * pi, 250, 150);
    g.set_volume_origin({-2.0, -6.0, -5.0});
    g.set_projection_matrices(helical_trajectory_3d(g, 6.0));
    check_bitwise_both(g);
  }
}

TEST_CASE("3D vector geometries keep the adjoint exact, perturbed at random", "[vector3d][adjoint]") {
  const GeometryParallel3D parallel({11, 13, 12}, {1.0, 0.9, 1.1}, {15, 19}, {1.0, 0.9}, 9, pi);
  check_dot_products(perturbed_geometry(to_vector_geometry(parallel), 2.0, 31), "perturbed parallel 3D vec");
  const GeometryCone3D cone({12, 11, 13}, {1.0, 1.0, 1.0}, {17, 21}, {1.4, 1.3}, 9, 2 * pi, 220, 130);
  check_dot_products(perturbed_geometry(to_vector_geometry(cone), 4.0, 32), "perturbed cone vec");
}

TEST_CASE("perturbed parallel 3D vector geometry converges to the analytic projections", "[vector3d][analytic]") {
  check_convergence(perturbed_parallel, "parallel 3D vec");
}

TEST_CASE("perturbed cone vector geometry converges to the analytic projections", "[vector3d][analytic]") {
  check_convergence(perturbed_cone, "cone vec");
}

TEST_CASE("3D vector geometries: vectors, matrices and back", "[vector3d][conversion]") {
  GeometryCone3D g({10, 12, 14}, {1.0, 1.1, 0.9}, {15, 18}, {1.3, 1.1}, 9, -1.7 * pi, 200, 120);
  g.set_detector_origin({-7.0, -12.0});
  const GeometryCone3DVec vec = to_vector_geometry(g);
  // The vectors a circular view's matrix stands for: source at -sid r, detector centre sdd
  // further, u = du e_u, v = dv z.
  const auto v = vec.vectors();
  const double beta = -1.7 * pi / 9 * 4;
  const dvec3 r = {std::cos(beta), std::sin(beta), 0}, eu = {-std::sin(beta), std::cos(beta), 0};
  const double cu = -12.0 + 17 / 2.0 * 1.1, cv = -7.0 + 14 / 2.0 * 1.3;
  const dvec3 source = -120.0 * r, centre = source + 200.0 * r + cu * eu + dvec3{0, 0, cv};
  CHECK(norm(v[4].source - source) <= 1e-10);
  CHECK(norm(v[4].detector - centre) <= 1e-10);
  CHECK(norm(v[4].u - 1.1 * eu) <= 1e-12);
  CHECK(norm(v[4].v - dvec3{0, 0, 1.3}) <= 1e-12);
  // Vectors -> vector geometry -> the same views as the circular geometry, to rounding.
  const GeometryCone3DVec again({10, 12, 14}, {1.0, 1.1, 0.9}, {15, 18}, v);
  CHECK(again.angular_increment() == Approx(1.7 * pi / 9).epsilon(1e-12));
  const auto a = g.views(), b = again.views();
  for (std::size_t i = 0; i < a.size(); ++i)
    for (int k = 0; k < 12; ++k) CHECK(b[i].matrix[k] == Approx(a[i].matrix[k]).margin(1e-5));
  const GeometryCone3D back = to_circular_geometry(again);
  CHECK(back.source_isocenter_distance() == Approx(120).epsilon(1e-12));
  CHECK(back.source_detector_distance() == Approx(200).epsilon(1e-12));
  CHECK(back.detector_origin()[0] == Approx(-7.0).epsilon(1e-12));
  CHECK(back.detector_origin()[1] == Approx(-12.0).epsilon(1e-12));
  CHECK(back.angular_range() == Approx(-1.7 * pi).epsilon(1e-12));
}

TEST_CASE("FDK / FBP take circular-like 3D vector geometries and refuse the rest", "[vector3d][fbp]") {
  const GeometryCone3D cone({16, 16, 16}, {1.0, 1.0, 1.0}, {20, 24}, {1.2, 1.2}, 24, 2 * pi, 300, 180);
  const auto p = pyronn_test::random_vector(cone.sinogram_size(), 5);
  std::vector<float> a(cone.volume_size()), b(cone.volume_size());
  host::FDK<>(cone).reconstruct(p.data(), a.data());
  host::FBP3D<GeometryCone3DVec>(to_vector_geometry(cone)).reconstruct(p.data(), b.data());
  CHECK(pyronn_test::relative_max(b, a) <= 1e-6);

  const GeometryParallel3D parallel({16, 16, 16}, {1.0, 1.0, 1.0}, {20, 24}, {1.0, 1.0}, 24, pi);
  const auto q = pyronn_test::random_vector(parallel.sinogram_size(), 6);
  std::vector<float> c(parallel.volume_size()), d(parallel.volume_size());
  host::FBP3D<GeometryParallel3D>(parallel).reconstruct(q.data(), c.data());
  host::FBP3D<GeometryParallel3DVec>(to_vector_geometry(parallel)).reconstruct(q.data(), d.data());
  CHECK(pyronn_test::relative_max(d, c) <= 1e-6);

  // A helix is not a circular orbit.
  GeometryCone3D helix = cone;
  helix.set_projection_matrices(helical_trajectory_3d(cone, 5.0));
  check_refused([&] { host::FBP3D<GeometryCone3DVec> f(to_vector_geometry(helix)); }, "vectors[1].source");
  // A tilted detector, a varying distance, a shifted detector.
  auto tilted = to_vector_geometry(cone);
  auto tv = tilted.vectors();
  tv[2].v = rotate(tv[2].v, (1.0 / norm(tv[2].u)) * tv[2].u, 0.01);
  tilted.set_vectors(tv);
  check_refused([&] { host::FBP3D<GeometryCone3DVec> f(tilted); }, "vectors[2].v");
  auto far = to_vector_geometry(cone);
  auto fv = far.vectors();
  const dvec3 r = (-1.0 / norm(fv[6].source)) * fv[6].source;
  fv[6].detector = fv[6].detector + 3.0 * r;
  far.set_vectors(fv);
  check_refused([&] { host::FBP3D<GeometryCone3DVec> f(far); }, "vectors[6].detector");
  auto raised = to_vector_geometry(parallel);
  auto rv = raised.vectors();
  rv[4].ray = rv[4].ray + dvec3{0, 0, 0.1};
  raised.set_vectors(rv);
  check_refused([&] { host::FBP3D<GeometryParallel3DVec> f(raised); }, "vectors[4].ray");
}

TEST_CASE("bad 3D vector geometries are refused with the parameter named", "[vector3d][errors]") {
  const GeometryCone3D cone({16, 16, 16}, {1.0, 1.0, 1.0}, {20, 24}, {1.2, 1.2}, 6, 2 * pi, 300, 180);
  const std::vector<ConeVector3D> good = to_vector_geometry(cone).vectors();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto make = [&](int view, auto change) {
    std::vector<ConeVector3D> v = good;
    change(v[std::size_t(view)]);
    return GeometryCone3DVec({16, 16, 16}, {1.0, 1.0, 1.0}, {20, 24}, v);
  };
  check_refused([&] { make(1, [](ConeVector3D& c) { c.u = {0, 0, 0}; }); }, "vectors[1].u");
  check_refused([&] { make(2, [](ConeVector3D& c) { c.v = 2.0 * c.u; }); }, "vectors[2].v");
  check_refused([&] { make(3, [&](ConeVector3D& c) { c.source.z = nan; }); }, "vectors[3].source");
  check_refused([&] { make(4, [&](ConeVector3D& c) { c.detector.x = nan; }); }, "vectors[4].detector");
  check_refused([&] { make(5, [](ConeVector3D& c) { c.source = c.detector + 3.0 * c.u - 2.0 * c.v; }); },
                "vectors[5].source");
  check_refused([&] { make(0, [](ConeVector3D& c) { c.source = {2.0, 1.0, -3.0}; }); }, "vectors[0].source");
  GeometryCone3DVec g({16, 16, 16}, {1.0, 1.0, 1.0}, {20, 24}, good);
  check_refused([&] { g.set_vectors(std::vector<ConeVector3D>(good.begin(), good.begin() + 4)); }, "vectors");
  check_refused([&] { g.set_projection_matrices(g.projection_matrices(), {300.0, 300.0}); }, "detector_distances");
  g.set_volume_origin({-7.5, -7.5, -190.0});
  check_refused([&] { host::Projector3D<GeometryCone3DVec> p(g); }, "vectors[0]");

  const GeometryParallel3D parallel({16, 16, 16}, {1.0, 1.0, 1.0}, {20, 24}, {1.0, 1.0}, 6, pi);
  std::vector<ParallelVector3D> p = parallel.vectors();
  p[3].ray = p[3].u + 0.5 * p[3].v;
  check_refused([&] { GeometryParallel3DVec({16, 16, 16}, {1.0, 1.0, 1.0}, {20, 24}, p); }, "vectors[3].ray");
  p = parallel.vectors();
  p[2].u.y = std::numeric_limits<double>::infinity();
  check_refused([&] { GeometryParallel3DVec({16, 16, 16}, {1.0, 1.0, 1.0}, {20, 24}, p); }, "vectors[2].u");
  check_refused([&] { GeometryParallel3DVec({16, 16, 16}, {1.0, 1.0, 1.0}, {20, 24}, {}); }, "vectors");
}
