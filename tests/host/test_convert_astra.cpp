// Conversions to and from ASTRA's descriptions (convert/astra.hpp): round trips give the
// geometry back to double rounding; ASTRA's parametrised geometries, expanded into its vector
// form by ASTRA's own formulas (its astra_geom_2vec), land on the same pyronn views as the
// parametrised conversion; what ASTRA cannot describe is refused.

#include "../support/refused.hpp"

#include <pyronn/convert/astra.hpp>
#include <pyronn/convert/tomosipo.hpp>
#include <pyronn/geometry/vector_conversion.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;

namespace {

const double pi = 3.14159265358979323846;

double distance(dvec2 a, dvec2 b) { return norm(a - b); }
double distance(dvec3 a, dvec3 b) { return norm(a - b); }

template <class A, class B>
void check_same_volume(const A& a, const B& b) {
  for (std::size_t k = 0; k < a.volume_shape().size(); ++k) {
    CHECK(a.volume_shape()[k] == b.volume_shape()[k]);
    CHECK(a.volume_spacing()[k] == Approx(b.volume_spacing()[k]).epsilon(1e-13));
    CHECK(a.volume_origin()[k] == Approx(b.volume_origin()[k]).margin(1e-12));
  }
}

template <class V>
void check_same_vectors_2d(const std::vector<V>& a, const std::vector<V>& b, double tolerance) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double* x = reinterpret_cast<const double*>(&a[i]);
    const double* y = reinterpret_cast<const double*>(&b[i]);
    for (std::size_t k = 0; k < sizeof(V) / sizeof(double); ++k) CHECK(x[k] == Approx(y[k]).margin(tolerance));
  }
}

// ASTRA's own expansion of its parametrised geometries (matlab/tools/astra_geom_2vec.m).
AstraVec2D astra_fanflat_to_vec(const AstraFlat2D& f) {
  AstraVec2D out{f.detector_count, {}};
  for (double t : f.angles)
    out.vectors.push_back({std::sin(t) * f.origin_source, -std::cos(t) * f.origin_source,
                           -std::sin(t) * f.origin_detector, std::cos(t) * f.origin_detector,
                           std::cos(t) * f.detector_width, std::sin(t) * f.detector_width});
  return out;
}

AstraVec3D astra_cone_to_vec(const AstraFlat3D& c) {
  AstraVec3D out{c.rows, c.cols, {}};
  for (double t : c.angles)
    out.vectors.push_back({std::sin(t) * c.origin_source, -std::cos(t) * c.origin_source, 0,
                           -std::sin(t) * c.origin_detector, std::cos(t) * c.origin_detector, 0,
                           std::cos(t) * c.spacing_x, std::sin(t) * c.spacing_x, 0, 0, 0, c.spacing_y});
  return out;
}

AstraVec3D astra_parallel3d_to_vec(const AstraFlat3D& p) {
  AstraVec3D out{p.rows, p.cols, {}};
  for (double t : p.angles)
    out.vectors.push_back({std::sin(t), -std::cos(t), 0, 0, 0, 0, std::cos(t) * p.spacing_x, std::sin(t) * p.spacing_x,
                           0, 0, 0, p.spacing_y});
  return out;
}

}  // namespace

TEST_CASE("ASTRA 2D: round trips through parallel and fanflat", "[astra]") {
  GeometryParallel2D p({40, 50}, {0.8, 1.1}, 64, 0.9, 30, pi);
  p.set_volume_origin({-12.0, -30.0});
  const GeometryParallel2D p2 = from_astra_parallel(to_astra_volume(p), to_astra_parallel(p));
  check_same_volume(p, p2);
  CHECK(p2.detector_spacing() == p.detector_spacing());
  CHECK(p2.detector_origin() == Approx(p.detector_origin()).margin(1e-12));
  CHECK(p2.angular_range() == Approx(p.angular_range()).epsilon(1e-12));
  check_same_vectors_2d(p.vectors(), p2.vectors(), 1e-12);

  GeometryFan2D f({33, 33}, {1.0, 1.0}, 80, 1.2, 45, -1.4 * pi, 500, 300);
  const GeometryFan2D f2 = from_astra_fanflat(to_astra_volume(f), to_astra_fanflat(f));
  check_same_volume(f, f2);
  CHECK(f2.source_isocenter_distance() == Approx(300).epsilon(1e-14));
  CHECK(f2.source_detector_distance() == Approx(500).epsilon(1e-14));
  CHECK(f2.angular_range() == Approx(f.angular_range()).epsilon(1e-12));
  check_same_vectors_2d(f.vectors(), f2.vectors(), 1e-10);

  // A shifted detector is not ASTRA's 'fanflat': refused, pointing at the vector form.
  f.set_detector_origin(f.detector_origin() + 3.0);
  check_refused([&] { to_astra_fanflat(f); }, "detector_origin");
}

TEST_CASE("ASTRA 2D: fanflat and its vector expansion are the same pyronn views", "[astra]") {
  const AstraVolume2D volume{48, 40, -20.0, 20.0, -24.0, 24.0};
  const AstraFlat2D fan{1.3, 70, {0.0, 0.4, 1.1, 2.5, 4.0}, 400.0, 150.0};
  const GeometryFan2D g = from_astra_fanflat(volume, fan);
  const GeometryFan2DVec v = from_astra_fanflat_vec(volume, astra_fanflat_to_vec(fan));
  check_same_vectors_2d(to_vector_geometry(g).vectors(), v.vectors(), 1e-9);
  // ASTRA's angle 0 puts its source at (0, -d) in its frame, (0, +d) in pyronn's.
  CHECK(distance(v.vectors()[0].source, dvec2{0, 400}) <= 1e-12);
  // ASTRA's volume window: rows from the top.
  CHECK(v.volume_origin()[0] == Approx(-23.5).epsilon(1e-14));
  CHECK(v.volume_origin()[1] == Approx(-19.5).epsilon(1e-14));
}

TEST_CASE("ASTRA 2D: round trips through parallel_vec and fanflat_vec", "[astra]") {
  GeometryFan2D fan({30, 36}, {1.0, 0.9}, 50, 1.1, 20, 2 * pi, 420, 210);
  fan.set_volume_origin({-20.0, -10.0});
  auto vectors = fan.vectors();
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    vectors[i].source = vectors[i].source + dvec2{0.3 * double(i % 3), -0.2 * double(i % 5)};
    vectors[i].u = (1 + 0.01 * double(i % 4)) * vectors[i].u;
  }
  const GeometryFan2DVec v(static_cast<const Volume2D&>(fan), 50, vectors);
  const GeometryFan2DVec v2 = from_astra_fanflat_vec(to_astra_volume(v), to_astra_fanflat_vec(v));
  check_same_volume(v, v2);
  check_same_vectors_2d(v.vectors(), v2.vectors(), 0.0);

  const GeometryParallel2DVec p = to_vector_geometry(GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, 1.0, 9, pi));
  const GeometryParallel2DVec p2 = from_astra_parallel_vec(to_astra_volume(p), to_astra_parallel_vec(p));
  check_same_vectors_2d(p.vectors(), p2.vectors(), 0.0);
}

TEST_CASE("ASTRA 3D: round trips through parallel3d, cone and their vector forms", "[astra]") {
  GeometryParallel3D p({10, 12, 14}, {1.0, 0.9, 1.1}, {16, 20}, {1.2, 0.8}, 12, pi);
  p.set_volume_origin({-3.0, -8.0, -9.0});
  const GeometryParallel3D p2 = from_astra_parallel3d(to_astra_volume(p), to_astra_parallel3d(p));
  check_same_volume(p, p2);
  CHECK(p2.detector_spacing() == p.detector_spacing());
  check_same_vectors_2d(p.vectors(), p2.vectors(), 1e-12);

  GeometryCone3D c({10, 12, 14}, {1.0, 1.0, 1.0}, {16, 20}, {1.2, 1.3}, 15, 2 * pi, 300, 180);
  const GeometryCone3D c2 = from_astra_cone(to_astra_volume(c), to_astra_cone(c));
  check_same_volume(c, c2);
  CHECK(c2.source_detector_distance() == Approx(300).epsilon(1e-14));
  const auto a = to_vector_geometry(c).vectors(), b = to_vector_geometry(c2).vectors();
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(distance(a[i].source, b[i].source) <= 1e-10);
    CHECK(distance(a[i].detector, b[i].detector) <= 1e-10);
    CHECK(distance(a[i].u, b[i].u) <= 1e-12);
    CHECK(distance(a[i].v, b[i].v) <= 1e-12);
  }

  const GeometryCone3DVec cv = to_vector_geometry(c);
  const GeometryCone3DVec cv2 = from_astra_cone_vec(to_astra_volume(cv), to_astra_cone_vec(cv));
  check_same_vectors_2d(cv.vectors(), cv2.vectors(), 1e-10);
  const GeometryParallel3DVec pv = to_vector_geometry(p);
  const GeometryParallel3DVec pv2 = from_astra_parallel3d_vec(to_astra_volume(pv), to_astra_parallel3d_vec(pv));
  check_same_volume(pv, pv2);
  check_same_vectors_2d(pv.vectors(), pv2.vectors(), 0.0);

  // A helix is no 'cone'; tilted rays are no 'parallel3d'.
  GeometryCone3D helix = c;
  helix.set_projection_matrices(helical_trajectory_3d(c, 4.0));
  check_refused([&] { to_astra_cone(helix); }, "projection_matrices");
  GeometryParallel3D tilted = p;
  std::vector<dvec3> rays = p.ray_vectors();
  rays[3].z = 0.2;
  tilted.set_ray_vectors(rays);
  check_refused([&] { to_astra_parallel3d(tilted); }, "ray_vectors");
}

TEST_CASE("ASTRA 3D: cone is pyronn's circular scan with its detector columns reversed", "[astra]") {
  const AstraVolume3D volume{12, 14, 10, -7.0, 7.0, -6.0, 6.0, -5.0, 5.0};
  const AstraFlat3D cone{1.1, 1.3, 18, 22, {0.0, 0.3, 0.6, 0.9}, 350.0, 150.0};
  const GeometryCone3D g = from_astra_cone(volume, cone);
  const GeometryCone3DVec v = from_astra_cone_vec(volume, astra_cone_to_vec(cone));
  const auto a = to_vector_geometry(g).vectors(), b = v.vectors();
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(distance(a[i].source, b[i].source) <= 1e-9);
    CHECK(distance(a[i].detector, b[i].detector) <= 1e-9);
    CHECK(distance(a[i].u, -1.0 * b[i].u) <= 1e-12);  // the mirror: columns reversed
    CHECK(distance(a[i].v, b[i].v) <= 1e-12);
  }
  // parallel3d has no such mirror.
  const AstraFlat3D par{1.1, 1.3, 18, 22, {0.0, 0.3, 0.6, 0.9}};
  const auto pa = to_vector_geometry(from_astra_parallel3d(volume, par)).vectors();
  const auto pb = from_astra_parallel3d_vec(volume, astra_parallel3d_to_vec(par)).vectors();
  for (std::size_t i = 0; i < pa.size(); ++i) {
    CHECK(distance(pa[i].ray, pb[i].ray) <= 1e-12);
    CHECK(distance(pa[i].detector, pb[i].detector) <= 1e-12);
    CHECK(distance(pa[i].u, pb[i].u) <= 1e-12);
    CHECK(distance(pa[i].v, pb[i].v) <= 1e-12);
  }
}

TEST_CASE("tomosipo: (z, y, x) order and round trips", "[astra][tomosipo]") {
  GeometryCone3D c({10, 12, 14}, {1.0, 1.1, 0.9}, {16, 20}, {1.2, 1.3}, 8, 2 * pi, 300, 180);
  c.set_volume_origin({-3.0, -8.0, -5.0});
  const GeometryCone3DVec g = to_vector_geometry(c);
  const TomosipoVolume volume = to_tomosipo_volume(g);
  const TomosipoVec t = to_tomosipo_cone_vec(g);
  // View 0's source sits at -sid along x: (z, y, x) = (0, 0, -180); v runs along +z.
  CHECK(std::abs(t.first[0][2] + 180) <= 1e-10);
  CHECK(std::abs(t.first[0][0]) <= 1e-10);
  CHECK(t.det_v[0][0] == Approx(1.2).epsilon(1e-12));
  CHECK(volume.pos[0] == Approx(-3.0 + 4.5 * 1.0).epsilon(1e-12));
  CHECK(volume.size[2] == Approx(14 * 0.9).epsilon(1e-12));
  const GeometryCone3DVec back = from_tomosipo_cone_vec(volume, t);
  check_same_volume(g, back);
  check_same_vectors_2d(g.vectors(), back.vectors(), 1e-10);

  const GeometryParallel3DVec p = to_vector_geometry(GeometryParallel3D({6, 7, 8}, {1, 1, 1}, {9, 10}, {1, 1}, 5, pi));
  const GeometryParallel3DVec p2 = from_tomosipo_parallel_vec(to_tomosipo_volume(p), to_tomosipo_parallel_vec(p));
  check_same_vectors_2d(p.vectors(), p2.vectors(), 0.0);
}
