// 3D geometry against hand-computed mathematics: the circular and helical projection matrices
// (principal point, source = null space, where known world points land, depth normalisation),
// the kernel views of cone and parallel geometries (rays and detector coordinates are inverse
// to each other, detector axes), user matrices that differ from the default only by a scale, and
// the cone geometry's source positions and central rays.

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/projection_matrix.hpp>
#include <pyronn/geometry/trajectory_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>
#include <pyronn/kernels/fbp_backprojection_3d.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace pyronn;

namespace {

const double pi = 3.14159265358979323846;

// (u, v, w) of world point x under p: pixel coordinates and the homogeneous depth.
dvec3 project(const ProjectionMatrix& p, dvec3 x) {
  const dvec3 h = project_homogeneous(p, x);
  return {h.x / h.z, h.y / h.z, h.z};
}

double distance(dvec3 a, dvec3 b) { return norm(a - b); }

// A projection sampler that is 1 everywhere and records where it was read.
struct ProbeSampler {
  float* last_u;
  float* last_v;
  float bilinear(float u, float v) const {
    *last_u = u;
    *last_v = v;
    return 1.f;
  }
};

// What fbp_backproject_voxel gives a voxel centred on world point p from a projection of ones:
// the distance weight; (u, v) receives where p was read.
float fbp_weight_at(const View3D& view, dvec3 p, float& u, float& v) {
  const Grid3D one_voxel{1, 1, 1, {1.f, 1.f, 1.f}, vec_cast<float>(p)};
  return fbp_backproject_voxel(view, one_voxel, 0, 0, 0, ProbeSampler{&u, &v});
}
float fbp_weight_at(const View3D& view, dvec3 p) {
  float u, v;
  return fbp_weight_at(view, p, u, v);
}
dvec3 to_double(vec3 a) { return vec_cast<double>(a); }

// Distance from point p to the line origin + t dir (dir need not be unit).
double distance_to_line(dvec3 p, dvec3 origin, dvec3 dir) {
  const dvec3 d = (1.0 / norm(dir)) * dir, q = p - origin;
  return norm(q - dot(q, d) * d);
}

struct Cone {
  std::string name;
  GeometryCone3D g;
};

// Awkward but valid cone geometries: anisotropic pixels, odd sizes, both directions, a shifted
// detector and a moved (but still reachable) volume.
std::vector<Cone> cone_cases() {
  std::vector<Cone> out;
  out.push_back({"full circle", GeometryCone3D({10, 12, 14}, {1, 1, 1}, {20, 30}, {0.8, 1.2}, 12, 2 * pi, 400, 250)});
  out.push_back(
      {"clockwise short scan", GeometryCone3D({7, 9, 5}, {1.3, 0.7, 1.1}, {11, 17}, {1.5, 0.9}, 9, -1.3 * pi, 300, 120)});
  GeometryCone3D shifted({8, 8, 8}, {1, 1, 1}, {16, 24}, {1.1, 0.7}, 10, 2 * pi, 500, 200);
  shifted.set_detector_origin({-3.0, -20.0});
  out.push_back({"shifted detector", shifted});
  GeometryCone3D moved({6, 10, 8}, {1, 1, 1}, {16, 24}, {1, 1}, 7, 1.7 * pi, 350, 150);
  moved.set_volume_origin({-4.0, 10.0, -12.0});
  moved.set_detector_origin({2.5, -9.0});
  out.push_back({"moved volume and detector", moved});
  return out;
}

// The source, central ray and detector axes the parameters give for source angle beta.
struct Frame {
  dvec3 source, r, eu, ev;
};
Frame frame(const GeometryCone3D& g, double beta, double source_z = 0.0) {
  const dvec3 r = {std::cos(beta), std::sin(beta), 0.0};
  return {dvec3{0, 0, source_z} - g.source_isocenter_distance() * r, r, {-std::sin(beta), std::cos(beta), 0.0},
          {0, 0, 1}};
}

// Principal point (u, v) = -detector_origin / detector_spacing.
double principal_u(const Geometry3D& g) { return -g.detector_origin()[1] / g.detector_spacing()[1]; }
double principal_v(const Geometry3D& g) { return -g.detector_origin()[0] / g.detector_spacing()[0]; }

// World position of the centre of pixel (u, v) (fractional allowed) on the flat detector of frame f.
dvec3 pixel_position(const GeometryCone3D& g, const Frame& f, double u, double v) {
  const double a = g.detector_origin()[1] + u * g.detector_spacing()[1];
  const double b = g.detector_origin()[0] + v * g.detector_spacing()[0];
  return f.source + g.source_detector_distance() * f.r + a * f.eu + b * f.ev;
}

}  // namespace

TEST_CASE("3D geometry stores shapes slowest axis first and centres the volume and detector", "[geometry3d]") {
  GeometryCone3D g({5, 6, 7}, {1.5, 0.5, 2.0}, {9, 4}, {0.3, 0.6}, 3, pi, 300, 100);
  CHECK(g.volume_size() == 5u * 6u * 7u);
  CHECK(g.projection_size() == 9u * 4u);
  CHECK(g.sinogram_size() == 3u * 9u * 4u);
  CHECK(g.volume_origin()[0] == Approx(-3.0));   // z: -(5 - 1) / 2 * 1.5
  CHECK(g.volume_origin()[1] == Approx(-1.25));  // y: -(6 - 1) / 2 * 0.5
  CHECK(g.volume_origin()[2] == Approx(-6.0));   // x: -(7 - 1) / 2 * 2
  CHECK(g.detector_origin()[0] == Approx(-1.2));  // v: -(9 - 1) / 2 * 0.3
  CHECK(g.detector_origin()[1] == Approx(-0.9));  // u: -(4 - 1) / 2 * 0.6
  CHECK(g.angular_increment() == Approx(pi / 3));

  const Grid3D grid = g.grid();
  CHECK(grid.nx == 7);
  CHECK(grid.ny == 6);
  CHECK(grid.nz == 5);
  CHECK(grid.spacing.x == Approx(2.0));
  CHECK(grid.spacing.y == Approx(0.5));
  CHECK(grid.spacing.z == Approx(1.5));
  // The centre voxel of each axis sits on the isocentre.
  const vec3 centre = grid.world(3, 2.5f, 2);
  CHECK(centre.x == Approx(0.0).margin(1e-6));
  CHECK(centre.y == Approx(0.0).margin(1e-6));
  CHECK(centre.z == Approx(0.0).margin(1e-6));

  // Half the x-y diagonal of the box [-7, 7] x [-1.5, 1.5].
  CHECK(g.volume_radius_xy() == Approx(std::sqrt(49.0 + 2.25)));
  // Corners, one voxel beyond the faces, in (x, y, z).
  const auto corners = g.volume_corners(1.0);
  CHECK(corners[0].x == Approx(-9.0));
  CHECK(corners[0].y == Approx(-2.0));
  CHECK(corners[0].z == Approx(-5.25));
  CHECK(corners[7].x == Approx(9.0));
  CHECK(corners[7].y == Approx(2.0));
  CHECK(corners[7].z == Approx(5.25));

  // Fan angle: half-width of the detector rows to the outer pixel edges, 1.2 mm, at sdd 300.
  CHECK(g.fan_angle() == Approx(std::atan(1.2 / 300)));
}

TEST_CASE("circular_trajectory_3d: principal point, source as null space", "[geometry3d]") {
  for (const Cone& c : cone_cases()) {
    INFO(c.name);
    const GeometryCone3D& g = c.g;
    const auto p = circular_trajectory_3d(g);
    REQUIRE(p.size() == std::size_t(g.number_of_projections()));
    const double cu = principal_u(g), cv = principal_v(g), sid = g.source_isocenter_distance();
    const auto sources = g.source_positions();
    for (std::size_t i = 0; i < p.size(); ++i) {
      INFO("view " << i);
      const double beta = double(i) * g.angular_range() / g.number_of_projections();
      const Frame f = frame(g, beta);
      // The isocentre lands on the principal point, at depth sid.
      const dvec3 iso = project(p[i], {0, 0, 0});
      CHECK(iso.x == Approx(cu).margin(1e-9));
      CHECK(iso.y == Approx(cv).margin(1e-9));
      CHECK(iso.z == Approx(sid));
      // The null space is the source -sid (cos b, sin b, 0).
      const dvec3 s = source_position(p[i]);
      CHECK(distance(s, f.source) < 1e-9 * sid);
      CHECK(distance(sources[i], f.source) < 1e-9 * sid);
      const dvec3 ps = project_homogeneous(p[i], f.source);
      CHECK(std::abs(ps.x) < 1e-9 * sid);
      CHECK(std::abs(ps.y) < 1e-9 * sid);
      CHECK(std::abs(ps.z) < 1e-9 * sid);
      // The third row is the unit central ray: w is already a depth in mm.
      CHECK(p[i][2][0] == Approx(f.r.x).margin(1e-12));
      CHECK(p[i][2][1] == Approx(f.r.y).margin(1e-12));
      CHECK(p[i][2][2] == Approx(0.0).margin(1e-12));
    }
  }
}

TEST_CASE("circular_trajectory_3d: known points land where the geometry says", "[geometry3d]") {
  for (const Cone& c : cone_cases()) {
    INFO(c.name);
    const GeometryCone3D& g = c.g;
    const auto p = circular_trajectory_3d(g);
    const double cu = principal_u(g), cv = principal_v(g), sid = g.source_isocenter_distance(),
                 sdd = g.source_detector_distance(), du = g.detector_spacing()[1], dv = g.detector_spacing()[0];
    for (std::size_t i = 0; i < p.size(); ++i) {
      INFO("view " << i);
      const Frame f = frame(g, double(i) * g.angular_range() / g.number_of_projections());
      // Any point on the central ray, at any depth in front of the source, lands on the principal point.
      for (double t : {1.0, 0.3 * sid, sid, sdd, 5 * sdd}) {
        const dvec3 q = project(p[i], f.source + t * f.r);
        CHECK(q.x == Approx(cu).margin(1e-9));
        CHECK(q.y == Approx(cv).margin(1e-9));
        CHECK(q.z == Approx(t));
      }
      // h mm up the z-axis from the isocentre: magnified by sdd / sid, along +v.
      for (double h : {-7.5, 2.0, 11.0}) {
        const dvec3 q = project(p[i], {0, 0, h});
        CHECK(q.x == Approx(cu).margin(1e-9));
        CHECK(q.y == Approx(cv + h * sdd / sid / dv));
      }
      // a mm along the u-axis from the isocentre: along +u.
      for (double a : {-9.0, 0.5, 13.0}) {
        const dvec3 q = project(p[i], a * f.eu);
        CHECK(q.x == Approx(cu + a * sdd / sid / du));
        CHECK(q.y == Approx(cv).margin(1e-9));
      }
      // A general point: depth t, offsets a (along u) and h (along z) scale with sdd / t.
      const double t = 0.8 * sid, a = 6.0, h = -4.0;
      const dvec3 q = project(p[i], f.source + t * f.r + a * f.eu + h * f.ev);
      CHECK(q.x == Approx(cu + a * sdd / t / du));
      CHECK(q.y == Approx(cv + h * sdd / t / dv));
      CHECK(q.z == Approx(t));
      // Each pixel's centre on the detector lands on that pixel.
      for (double u : {0.0, 3.25, double(g.detector_shape()[1] - 1)})
        for (double v : {0.0, 5.5, double(g.detector_shape()[0] - 1)}) {
          const dvec3 d = project(p[i], pixel_position(g, f, u, v));
          CHECK(d.x == Approx(u).margin(1e-9));
          CHECK(d.y == Approx(v).margin(1e-9));
          CHECK(d.z == Approx(sdd));
        }
    }
  }
}

TEST_CASE("circular_trajectory_3d: the axes turn the documented way", "[geometry3d]") {
  // beta = 0: r = +x, u-axis +y; beta = pi/2: r = +y, u-axis -x. v is +z throughout.
  GeometryCone3D g({4, 4, 4}, {1, 1, 1}, {9, 9}, {1, 1}, 4, 2 * pi, 200, 100);
  const auto p = circular_trajectory_3d(g);
  const dvec3 view0 = project(p[0], {0, 10, 0}), view1 = project(p[1], {-10, 0, 0}), up = project(p[1], {0, 0, 10});
  CHECK(view0.x == Approx(4 + 20.0));  // cu = 4, magnification 2
  CHECK(view0.y == Approx(4.0));
  CHECK(view1.x == Approx(4 + 20.0));
  CHECK(view1.y == Approx(4.0));
  CHECK(up.y == Approx(4 + 20.0));
  CHECK(distance(source_position(p[1]), {0, -100, 0}) < 1e-9);
  CHECK(distance(source_position(p[2]), {100, 0, 0}) < 1e-9);
}

TEST_CASE("normalised views: w is the depth in mm in front of the source", "[geometry3d]") {
  for (const Cone& c : cone_cases()) {
    INFO(c.name);
    const GeometryCone3D& g = c.g;
    // Scale each view's matrix by a different positive factor: w must still come out as mm.
    auto p = circular_trajectory_3d(g);
    for (std::size_t i = 0; i < p.size(); ++i)
      for (auto& row : p[i])
        for (double& x : row) x *= 0.01 + 3.7 * double(i);
    GeometryCone3D scaled = g;
    scaled.set_projection_matrices(p);
    const GeometryCone3D* geometries[] = {&g, &scaled};
    for (const GeometryCone3D* geometry : geometries) {
      const auto views = geometry->views();
      for (std::size_t i = 0; i < views.size(); ++i) {
        INFO("view " << i);
        const Frame f = frame(g, double(i) * g.angular_range() / g.number_of_projections());
        for (dvec3 x : {dvec3{0, 0, 0}, dvec3{3, -2, 5}, dvec3{-6, 4, -1}}) {
          const double depth = dot(x - f.source, f.r);
          CHECK(apply_matrix(views[i], vec_cast<float>(x)).z == Approx(depth).epsilon(1e-5));
        }
        // FDK's distance weight (D / U)^2: 1 at the isocentre, (sid / t)^2 at depth t, read where
        // the point lands.
        CHECK(fbp_weight_at(views[i], {0, 0, 0}) == Approx(1.0).epsilon(1e-5));
        const double t = 0.75 * g.source_isocenter_distance();
        const dvec3 q = f.source + t * f.r + 3.0 * f.ev;
        float u = 0, v = 0;
        CHECK(fbp_weight_at(views[i], q, u, v) == Approx(1 / (0.75 * 0.75)).epsilon(1e-5));
        const vec2 expected = detector_coordinates(views[i], vec_cast<float>(q));
        CHECK(u == Approx(expected.x).margin(1e-4));
        CHECK(v == Approx(expected.y).margin(1e-4));
      }
    }
    // The normaliser: third row unit, the map unchanged.
    for (std::size_t i = 0; i < p.size(); ++i) {
      const ProjectionMatrix n = normalized_projection_matrix(p[i], i, g.volume_corners(1.0));
      CHECK(norm(dvec3{n[2][0], n[2][1], n[2][2]}) == Approx(1.0));
      const dvec3 x = {1.5, -2.5, 3.0}, a = project(p[i], x), b = project(n, x);
      CHECK(a.x == Approx(b.x));
      CHECK(a.y == Approx(b.y));
    }
  }
}

TEST_CASE("user matrices scaled by a positive factor give the default views", "[geometry3d]") {
  for (const Cone& c : cone_cases()) {
    INFO(c.name);
    const GeometryCone3D& g = c.g;
    auto p = circular_trajectory_3d(g);
    for (auto& m : p)
      for (auto& row : m)
        for (double& x : row) x *= 123.456;
    GeometryCone3D user = g;
    user.set_projection_matrices(p);
    // projection_matrices() gives back what the caller set, not normalised.
    CHECK(user.projection_matrices()[0][2][0] == Approx(123.456 * circular_trajectory_3d(g)[0][2][0]));
    const auto a = g.views(), b = user.views();
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      INFO("view " << i);
      for (int k = 0; k < 12; ++k) CHECK(b[i].matrix[k] == Approx(a[i].matrix[k]).epsilon(1e-6).margin(1e-4));
      CHECK(distance(to_double(a[i].source), to_double(b[i].source)) < 1e-4);
      CHECK(distance(to_double(a[i].ray), to_double(b[i].ray)) < 1e-6);
      CHECK(distance(to_double(a[i].det_origin), to_double(b[i].det_origin)) < 1e-6);
      CHECK(distance(to_double(a[i].det_u), to_double(b[i].det_u)) < 1e-6);
      CHECK(distance(to_double(a[i].det_v), to_double(b[i].det_v)) < 1e-6);
    }
    const auto sa = g.source_positions(), sb = user.source_positions();
    for (std::size_t i = 0; i < sa.size(); ++i) CHECK(distance(sa[i], sb[i]) < 1e-9 * g.source_isocenter_distance());
  }
}

TEST_CASE("cone views: rays and detector coordinates are each other's inverse", "[geometry3d]") {
  for (const Cone& c : cone_cases()) {
    INFO(c.name);
    const GeometryCone3D& g = c.g;
    const auto views = g.views();
    const double cu = principal_u(g), cv = principal_v(g), sid = g.source_isocenter_distance();
    for (std::size_t i = 0; i < views.size(); ++i) {
      INFO("view " << i);
      const Frame f = frame(g, double(i) * g.angular_range() / g.number_of_projections());
      CHECK(distance(to_double(views[i].source), f.source) < 1e-4);
      CHECK(distance(to_double(views[i].ray), f.r) < 1e-6);
      // The ray of the principal point starts at the source and passes through the isocentre,
      // along the central ray.
      const Ray3D central = ConeBeam3D::ray(views[i], float(cu), float(cv));
      CHECK(distance(to_double(central.origin), f.source) < 1e-4);
      CHECK(distance(to_double(central.dir), f.r) < 1e-5);
      CHECK(distance_to_line({0, 0, 0}, to_double(central.origin), to_double(central.dir)) < 1e-3);
      CHECK(central.t_min == 0.f);
      // Every pixel's ray: unit, forwards, through the pixel's centre on the detector, and its
      // points map back to the pixel.
      for (float u : {0.f, 2.5f, float(g.detector_shape()[1] - 1)})
        for (float v : {0.f, 1.75f, float(g.detector_shape()[0] - 1)}) {
          INFO("pixel " << u << ", " << v);
          const Ray3D ray = ConeBeam3D::ray(views[i], u, v);
          CHECK(norm(ray.dir) == Approx(1.0).epsilon(1e-6));
          CHECK(dot(to_double(ray.dir), f.r) > 0);
          CHECK(distance_to_line(pixel_position(g, f, u, v), to_double(ray.origin), to_double(ray.dir)) < 1e-3);
          for (float t : {float(0.5 * sid), float(sid), float(1.3 * sid)}) {
            const vec2 d = ConeBeam3D::detector_coordinate(views[i], ray.origin + t * ray.dir);
            CHECK(d.x == Approx(u).margin(2e-3));
            CHECK(d.y == Approx(v).margin(2e-3));
          }
        }
    }
  }
}

TEST_CASE("source positions and central rays of the cone geometry", "[geometry3d]") {
  for (const Cone& c : cone_cases()) {
    INFO(c.name);
    const GeometryCone3D& g = c.g;
    const auto s = g.source_positions();
    const auto r = g.central_ray_vectors();
    REQUIRE(s.size() == std::size_t(g.number_of_projections()));
    REQUIRE(r.size() == s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
      const double beta = double(i) * g.angular_range() / g.number_of_projections();
      CHECK(s[i].x == Approx(-g.source_isocenter_distance() * std::cos(beta)).margin(1e-9));
      CHECK(s[i].y == Approx(-g.source_isocenter_distance() * std::sin(beta)).margin(1e-9));
      CHECK(s[i].z == Approx(0.0).margin(1e-9));
      CHECK(r[i].x == Approx(std::cos(beta)).margin(1e-12));
      CHECK(r[i].y == Approx(std::sin(beta)).margin(1e-12));
    }
  }
}

TEST_CASE("helical_trajectory_3d: the source rises by the pitch per turn", "[geometry3d]") {
  for (double range : {4 * pi, -3 * pi}) {
    for (double pitch : {6.0, -2.5}) {
      INFO("range " << range << ", pitch " << pitch);
      GeometryCone3D g({12, 14, 10}, {1, 1, 1}, {20, 24}, {1.2, 1.2}, 12, range, 180, 90);
      const double start = -4.0;
      const auto p = helical_trajectory_3d(g, pitch, start);
      g.set_projection_matrices(p);
      const auto s = g.source_positions();
      const auto r = g.central_ray_vectors();
      const auto views = g.views();
      const double cu = principal_u(g), cv = principal_v(g);
      for (std::size_t i = 0; i < p.size(); ++i) {
        INFO("view " << i);
        const double beta = double(i) * range / g.number_of_projections();
        const double z = start + pitch * std::abs(beta) / (2 * pi);
        const Frame f = frame(g, beta, z);
        CHECK(distance(source_position(p[i]), f.source) < 1e-9 * 90);
        CHECK(distance(s[i], f.source) < 1e-9 * 90);
        const dvec3 ps = project_homogeneous(p[i], f.source);
        CHECK(norm(ps) < 1e-9 * 90);
        CHECK(r[i].x == Approx(std::cos(beta)).margin(1e-12));
        CHECK(r[i].y == Approx(std::sin(beta)).margin(1e-12));
        // The detector rises with the source: the axis point at the source's height lands on the
        // principal point, and the isocentre below it by z * sdd / sid / dv.
        const dvec3 axis = project(p[i], {0, 0, z});
        CHECK(axis.x == Approx(cu).margin(1e-9));
        CHECK(axis.y == Approx(cv).margin(1e-9));
        const dvec3 iso = project(p[i], {0, 0, 0});
        CHECK(iso.y == Approx(cv - z * 180 / 90 / 1.2).margin(1e-9));
        // The rays of the views still pass through their pixels.
        const Ray3D central = ConeBeam3D::ray(views[i], float(cu), float(cv));
        CHECK(distance_to_line({0, 0, z}, to_double(central.origin), to_double(central.dir)) < 1e-3);
      }
      // One full turn later the source is one pitch higher, at the same place seen from above.
      const std::size_t per_turn = std::size_t(std::round(g.number_of_projections() * 2 * pi / std::abs(range)));
      REQUIRE(per_turn < s.size());
      CHECK(s[per_turn].z - s[0].z == Approx(pitch));
      CHECK(distance(dvec3{s[per_turn].x, s[per_turn].y, 0}, dvec3{s[0].x, s[0].y, 0}) < 1e-9 * 90);
    }
  }
}

TEST_CASE("an arbitrary user matrix: views follow its source and rays", "[geometry3d]") {
  // A tilted, off-centre source and a detector with skewed axes: P = K [R | -R S].
  GeometryCone3D g({8, 10, 12}, {1, 1, 1}, {30, 40}, {1, 1}, 1, 1.0, 300, 150);
  const dvec3 S = {-140, 30, 25};
  // R's rows: u-axis, v-axis, principal axis (towards the volume).
  dvec3 r = (-1.0 / norm(S)) * S;
  dvec3 u = cross(dvec3{0.1, 0.2, 1}, r);
  u = (1.0 / norm(u)) * u;
  const dvec3 v = cross(r, u);
  const double K[3][3] = {{250, 3, 19.5}, {0, 240, 14.5}, {0, 0, 1}};
  const dvec3 axes[3] = {u, v, r};
  ProjectionMatrix p;
  for (int i = 0; i < 3; ++i) {
    dvec3 row = {0, 0, 0};
    for (int k = 0; k < 3; ++k) row = row + K[i][k] * axes[k];
    p[i] = {2.5 * row.x, 2.5 * row.y, 2.5 * row.z, -2.5 * dot(row, S)};
  }
  g.set_projection_matrices({p});
  CHECK(distance(g.source_positions()[0], S) < 1e-9 * norm(S));
  const View3D view = g.views()[0];
  CHECK(distance(to_double(view.source), S) < 1e-4);
  CHECK(distance(to_double(view.ray), r) < 1e-6);
  // The isocentre lands where K says: (K R (0 - S)) projected.
  const dvec3 iso = project(p, {0, 0, 0});
  const Ray3D through = ConeBeam3D::ray(view, float(iso.x), float(iso.y));
  CHECK(distance_to_line({0, 0, 0}, to_double(through.origin), to_double(through.dir)) < 1e-3);
  // The point at depth t along the principal axis lands on K's principal point (19.5, 14.5).
  const dvec3 axis_point = project(p, S + 100.0 * r);
  CHECK(axis_point.x == Approx(19.5));
  CHECK(axis_point.y == Approx(14.5));
  CHECK(apply_matrix(view, vec_cast<float>(S + 100.0 * r)).z == Approx(100.0).epsilon(1e-5));
  for (float pu : {0.f, 17.f, 39.f})
    for (float pv : {0.f, 8.5f, 29.f}) {
      const Ray3D ray = ConeBeam3D::ray(view, pu, pv);
      const vec2 d = ConeBeam3D::detector_coordinate(view, ray.origin + 150.f * ray.dir);
      CHECK(d.x == Approx(pu).margin(2e-3));
      CHECK(d.y == Approx(pv).margin(2e-3));
    }
  // A source straight below the volume lies on the rotation axis: no central ray seen from above.
  ProjectionMatrix below = {{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 500}}};
  g.set_projection_matrices({below});
  CHECK(distance(g.source_positions()[0], {0, 0, -500}) < 1e-9);
  CHECK_THROWS_AS(g.central_ray_vectors(), invalid_argument);
}

TEST_CASE("parallel 3D views: pixels, rays and detector axes", "[geometry3d]") {
  GeometryParallel3D g({7, 9, 11}, {1.2, 0.8, 1.0}, {13, 17}, {0.9, 1.1}, 10, pi);
  GeometryParallel3D shifted = g;
  shifted.set_detector_origin({-2.0, -11.5});
  GeometryParallel3D tilted = g;
  std::vector<dvec3> rays;
  for (int i = 0; i < 10; ++i) rays.push_back({2 * std::cos(0.4 * i), 2 * std::sin(0.4 * i), 0.8 - 0.15 * i});
  tilted.set_ray_vectors(rays);

  for (const GeometryParallel3D* geometry : {&g, &shifted, &tilted}) {
    const GeometryParallel3D& p = *geometry;
    const auto views = p.views();
    const auto directions = p.ray_vectors();
    const auto central = p.central_ray_vectors();
    REQUIRE(views.size() == 10u);
    const double du = p.detector_spacing()[1], dv = p.detector_spacing()[0];
    const double ou = p.detector_origin()[1], ov = p.detector_origin()[0];
    for (std::size_t i = 0; i < views.size(); ++i) {
      INFO("view " << i);
      const dvec3 r = directions[i];
      CHECK(norm(r) == Approx(1.0));
      // u-axis = z x ray, normalised; v-axis = ray x u.
      dvec3 eu = cross(dvec3{0, 0, 1}, r);
      eu = (1.0 / norm(eu)) * eu;
      const dvec3 ev = cross(r, eu);
      CHECK(distance(to_double(views[i].ray), r) < 1e-6);
      CHECK(distance(to_double(views[i].det_u), du * eu) < 1e-6);
      CHECK(distance(to_double(views[i].det_v), dv * ev) < 1e-6);
      CHECK(std::abs(dot(to_double(views[i].det_u), r)) < 1e-6);
      CHECK(std::abs(dot(to_double(views[i].det_v), r)) < 1e-6);
      CHECK(std::abs(views[i].det_u.z) < 1e-6);  // u stays horizontal
      CHECK(views[i].det_v.z > 0);               // v points up
      const double length = std::sqrt(r.x * r.x + r.y * r.y);
      CHECK(central[i].x == Approx(r.x / length));
      CHECK(central[i].y == Approx(r.y / length));
      if (&p != &tilted) {
        const double beta = 0.1 * pi * double(i);
        CHECK(distance(r, {std::cos(beta), std::sin(beta), 0}) < 1e-12);
        // Rays in the x-y plane: v along +z, u along (-sin b, cos b, 0).
        CHECK(distance(to_double(views[i].det_v), {0, 0, dv}) < 1e-6);
        CHECK(distance(to_double(views[i].det_u), du * dvec3{-std::sin(beta), std::cos(beta), 0}) < 1e-6);
      }
      // The world origin lands on -origin / spacing; w = 1.
      const vec2 o = ParallelBeam3D::detector_coordinate(views[i], {0.f, 0.f, 0.f});
      CHECK(o.x == Approx(-ou / du).margin(1e-5));
      CHECK(o.y == Approx(-ov / dv).margin(1e-5));
      CHECK(apply_matrix(views[i], {3.f, -4.f, 5.f}).z == 1.f);
      CHECK(fbp_weight_at(views[i], {3, -4, 5}) == Approx(1.0).epsilon(1e-6));
      // A world point lands at its orthogonal coordinates along u and v.
      const dvec3 x = {4.0, -3.0, 2.5};
      const vec2 d = ParallelBeam3D::detector_coordinate(views[i], vec_cast<float>(x));
      CHECK(d.x == Approx((dot(x, eu) - ou) / du).margin(1e-4));
      CHECK(d.y == Approx((dot(x, ev) - ov) / dv).margin(1e-4));
      // Every point of a pixel's ray, on both sides of the detector, maps back to the pixel.
      for (float u : {0.f, 4.5f, 16.f})
        for (float v : {0.f, 6.25f, 12.f}) {
          const Ray3D ray = ParallelBeam3D::ray(views[i], u, v);
          CHECK(distance(to_double(ray.dir), r) < 1e-6);
          CHECK(ray.t_min < -1e30f);
          CHECK(ray.t_max > 1e30f);
          for (float t : {-50.f, 0.f, 37.f}) {
            const vec2 q = ParallelBeam3D::detector_coordinate(views[i], ray.origin + t * ray.dir);
            CHECK(q.x == Approx(u).margin(1e-4));
            CHECK(q.y == Approx(v).margin(1e-4));
          }
        }
    }
  }
}
