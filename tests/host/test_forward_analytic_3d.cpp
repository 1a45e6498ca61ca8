// 3D forward projections against mathematics: a supersampled 3D Shepp-Logan raster against the
// exact line integrals of its ellipsoids (the remaining error is the raster's pixelisation, so it
// must fall as voxels shrink); line integrals in millimetres; linearity; axis sums; shifts. And
// the phantom tools themselves: ellipsoid chords, raster volumes.

#include "../support/numerics.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/phantoms/analytic_projections_3d.hpp>
#include <pyronn/phantoms/raster_3d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/phantoms/shepp_logan_3d.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

using namespace pyronn;

namespace {

const double pi = 3.14159265358979323846;
const double field_mm = 128.0;  // the volume's width, whatever its voxel count
const int views = 16;
// Rays through voxel centres see less interpolation blur than others and would flatter the
// figure, so the detectors are shifted by a fraction of a pixel that lines up with no voxel grid.
const double detector_shift_mm = 0.37;

// 1 mm detector pixels at the isocentre, covering the whole phantom.
GeometryParallel3D parallel(int n) {
  GeometryParallel3D g({n, n, n}, {field_mm / n, field_mm / n, field_mm / n}, {128, 128}, {1.0, 1.0}, views, pi);
  g.set_detector_origin({g.detector_origin()[0] + detector_shift_mm, g.detector_origin()[1] + detector_shift_mm});
  return g;
}
GeometryCone3D cone(int n) {
  GeometryCone3D g({n, n, n}, {field_mm / n, field_mm / n, field_mm / n}, {144, 144}, {1.5, 1.5}, views, 2 * pi, 600,
                   400);
  g.set_detector_origin({g.detector_origin()[0] + detector_shift_mm, g.detector_origin()[1] + detector_shift_mm});
  return g;
}

template <class Geometry>
double forward_error(const Geometry& g, RayModel3D model) {
  const auto ellipsoids = shepp_logan_3d(field_mm / 2);
  const auto phantom = rasterize_3d(ellipsoids, g, 2);
  std::vector<float> projections(g.sinogram_size());
  host::Projector3D<Geometry>(g, model).forward(phantom.data(), projections.data());
  return pyronn_test::relative_l2(projections, analytic_projections_3d(ellipsoids, g));
}

// Both ray models, each against the analytic projections.
template <class Geometry>
void check_convergence(Geometry (*make)(int), const std::string& name) {
  for (RayModel3D model : {RayModel3D::joseph, RayModel3D::ray_march}) {
    const double coarse = forward_error(make(64), model), fine = forward_error(make(128), model);
    const std::string label = name + ", " + to_string(model);
    pyronn_test::print_figure(("forward vs analytic relative L2, " + label + " 64^3").c_str(), coarse);
    pyronn_test::print_figure(("forward vs analytic relative L2, " + label + " 128^3").c_str(), fine);
    pyronn_test::print_figure(("forward vs analytic error ratio 128^3 / 64^3, " + label).c_str(), fine / coarse);
    CHECK(fine <= 6e-2);
    CHECK(fine <= 0.6 * coarse);
  }
}

dvec3 rotated(const Matrix3& m, dvec3 x) {
  return {m[0][0] * x.x + m[0][1] * x.y + m[0][2] * x.z, m[1][0] * x.x + m[1][1] * x.y + m[1][2] * x.z,
          m[2][0] * x.x + m[2][1] * x.y + m[2][2] * x.z};
}

std::vector<float> project(const GeometryParallel3D& g, const std::vector<float>& volume, RayModel3D model) {
  std::vector<float> p(g.sinogram_size());
  host::Projector3D<GeometryParallel3D>(g, model).forward(volume.data(), p.data());
  return p;
}

const RayModel3D both_models[] = {RayModel3D::joseph, RayModel3D::ray_march};

}  // namespace

TEST_CASE("parallel 3D forward projection converges to the analytic projections", "[analytic3d][parallel]") {
  check_convergence(parallel, "parallel 3D");
}

TEST_CASE("cone forward projection converges to the analytic projections", "[analytic3d][cone]") {
  check_convergence(cone, "cone");
}

TEST_CASE("ellipsoid chords match closed forms", "[analytic3d][phantom]") {
  SECTION("sphere: 2 sqrt(r^2 - d^2), clipped to [t_min, t_max]") {
    const double r = 10;
    const Ellipsoid sphere = make_ellipsoid({1, 2, 3}, {r, r, r}, 1.0, 0.3, 1.1, -0.7);
    const dvec3 dir = {2.0 / 3, -1.0 / 3, 2.0 / 3}, normal = {1.0 / 3, 2.0 / 3, 0}, start = {1, 2, 3};
    for (double d : {0.0, 4.0, 9.5, 10.5}) {
      const dvec3 through = start + (d / norm(normal)) * normal;  // normal is perpendicular to dir
      const double full = d < r ? 2 * std::sqrt(r * r - d * d) : 0.0;
      CHECK(sphere.chord(through, dir, -1e9, 1e9) == Approx(full).margin(1e-12));
      CHECK(sphere.chord(through, dir, 0, 1e9) == Approx(full / 2).margin(1e-12));  // from the middle
      CHECK(sphere.chord(through + (-100.0) * dir, dir, 0, 1e9) == Approx(full).margin(1e-12));
      CHECK(sphere.chord(through + (100.0) * dir, dir, 0, 1e9) == 0.0);  // behind the start
    }
  }
  SECTION("axis-aligned ellipsoid along x: 2 a sqrt(1 - y^2/b^2 - z^2/c^2)") {
    const double a = 30, b = 12, c = 7;
    const Ellipsoid e = make_ellipsoid({0, 0, 0}, {a, b, c}, 1.0);
    for (double y : {0.0, 5.0, 11.0})
      for (double z : {0.0, 3.0, 6.5}) {
        const double s = 1 - y * y / (b * b) - z * z / (c * c);
        CHECK(e.chord({-50, y, z}, {1, 0, 0}, -1e9, 1e9) == Approx(s > 0 ? 2 * a * std::sqrt(s) : 0.0).margin(1e-12));
      }
  }
  SECTION("turning the ellipsoid and the ray together changes nothing") {
    const Matrix3 r = euler_zxz(0.4, -0.9, 1.3);
    const Ellipsoid upright = make_ellipsoid({0, 0, 0}, {20, 11, 6}, 1.0);
    const Ellipsoid turned = {{0, 0, 0}, {20, 11, 6}, r, 1.0};
    for (double y : {0.0, 4.0, 9.0}) {
      const dvec3 origin = {-40, y, 2.5}, dir = {1, 0, 0};
      CHECK(turned.chord(rotated(r, origin), rotated(r, dir), -1e9, 1e9) ==
            Approx(upright.chord(origin, dir, -1e9, 1e9)).margin(1e-9));
    }
  }
  SECTION("the chord agrees with contains() sampled finely along the ray") {
    const Ellipsoid e = make_ellipsoid({3, -2, 1}, {25, 14, 9}, 1.0, 0.5, 0.8, -0.3);
    const dvec3 dir_raw = {1, 0.2, 0.1};
    const dvec3 dir = (1.0 / norm(dir_raw)) * dir_raw;
    const dvec3 origin = dvec3{3 + 2, -2 + 1, 1 - 1} + (-60.0) * dir;  // passes near the centre
    const int samples = 200000;
    const double dt = 120.0 / samples;
    double inside = 0;
    for (int k = 0; k < samples; ++k) inside += e.contains(origin + ((k + 0.5) * dt) * dir) ? dt : 0.0;
    CHECK(inside > 20);
    CHECK(e.chord(origin, dir, 0, 120) == Approx(inside).margin(2 * dt));
  }
  SECTION("euler_zxz is the transpose of the x-convention matrix of the phantom tables") {
    const double phi = 0.7, theta = -0.4, psi = 1.9;
    const double cf = std::cos(phi), sf = std::sin(phi), ct = std::cos(theta), st = std::sin(theta);
    const double cp = std::cos(psi), sp = std::sin(psi);
    const double x_convention[3][3] = {{cp * cf - ct * sf * sp, cp * sf + ct * cf * sp, sp * st},
                                       {-sp * cf - ct * sf * cp, -sp * sf + ct * cf * cp, cp * st},
                                       {st * sf, -st * cf, ct}};
    const Matrix3 r = euler_zxz(phi, theta, psi);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) CHECK(r[j][i] == Approx(x_convention[i][j]).margin(1e-15));
  }
  SECTION("half extents bound the ellipsoid tightly") {
    const Ellipsoid e = make_ellipsoid({0, 0, 0}, {25, 14, 9}, 1.0, 0.5, 0.8, -0.3);
    const dvec3 h = e.half_extent();
    for (int a = 0; a < 3; ++a) {
      // The extreme point along axis a is R D (D R^T e_a) / |D R^T e_a|: on the surface, at h_a.
      double g[3];
      for (int j = 0; j < 3; ++j) {
        const double s = j == 0 ? 25 : j == 1 ? 14 : 9;
        g[j] = e.rotation[a][j] * s;
      }
      const double length = std::sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
      const dvec3 local = {g[0] * 25 / length, g[1] * 14 / length, g[2] * 9 / length};
      const dvec3 p = rotated(e.rotation, local);
      const double coordinate[3] = {p.x, p.y, p.z}, extent[3] = {h.x, h.y, h.z};
      CHECK(coordinate[a] == Approx(extent[a]).epsilon(1e-12));
      CHECK(e.contains((1 - 1e-9) * p));
      CHECK_FALSE(e.contains((1 + 1e-9) * p));
    }
  }
}

TEST_CASE("rasterised ellipsoids keep their analytic volume", "[analytic3d][phantom]") {
  SECTION("3D Shepp-Logan, 64^3") {
    const auto ellipsoids = shepp_logan_3d(field_mm / 2);
    const GeometryParallel3D g = parallel(64);
    const auto raster = rasterize_3d(ellipsoids, g, 3);
    double exact = 0;
    for (const Ellipsoid& e : ellipsoids) exact += e.density * e.volume();
    const double voxel = std::pow(field_mm / 64, 3);
    const double error = std::abs(pyronn_test::sum(raster) * voxel - exact) / exact;
    pyronn_test::print_figure("raster 3D Shepp-Logan 64^3 integral, relative error", error);
    CHECK(error <= 1e-3);
  }
  SECTION("one turned ellipsoid on an anisotropic, off-centre grid") {
    const Ellipsoid e = make_ellipsoid({3, -2, 1}, {25, 14, 9}, 1.7, 0.5, 0.8, -0.3);
    const Grid3D grid = {70, 50, 48, {0.9f, 0.7f, 0.6f}, {-30.f, -19.f, -14.f}};  // holds it whole
    const auto raster = rasterize_3d({e}, grid, 4);
    const double voxel = double(grid.spacing.x) * grid.spacing.y * grid.spacing.z;
    const double error = std::abs(pyronn_test::sum(raster) * voxel - e.density * e.volume()) / (e.density * e.volume());
    pyronn_test::print_figure("raster turned ellipsoid integral, relative error", error);
    CHECK(error <= 1e-3);
  }
  SECTION("the result depends on neither the thread count nor on rasterising slice by slice") {
    const auto ellipsoids = shepp_logan_3d(field_mm / 2);
    const Grid3D grid = parallel(40).grid();
    const auto one = rasterize_3d(ellipsoids, grid, 2, 1), three = rasterize_3d(ellipsoids, grid, 2, 3);
    CHECK(one == three);
    const std::size_t per_slice = std::size_t(grid.nx) * grid.ny;
    for (int z : {0, 13, 20, 31}) {
      const auto slice = rasterize_3d(ellipsoids, slice_grid(grid, z), 2);
      const std::vector<float> expected(one.begin() + z * per_slice, one.begin() + (z + 1) * per_slice);
      double difference = 0;
      for (std::size_t i = 0; i < per_slice; ++i) difference = std::max(difference, double(std::abs(slice[i] - expected[i])));
      CHECK(difference <= 1e-6);
    }
  }
}

TEST_CASE("3D Shepp-Logan z-slices are oriented like the 2D phantom", "[analytic3d][phantom]") {
  // Published (x, y) points inside one small ellipse(oid) each: the 2D and 3D phantoms must both put
  // them at world (x, -y), with the same value. z = 0 is inside all of those ellipsoids.
  const double r = 100;
  const auto e3 = shepp_logan_3d(r);
  const auto e2 = shepp_logan_2d(r);
  auto value_3d = [&](dvec3 p) {
    double v = 0;
    for (const Ellipsoid& e : e3) v += e.contains(p) ? e.density : 0.0;
    return v;
  };
  auto value_2d = [&](dvec2 p) {
    double v = 0;
    for (const Ellipse& e : e2) v += e.contains(p) ? e.density : 0.0;
    return v;
  };
  for (dvec2 published : {dvec2{0, 0.35}, dvec2{-0.08, -0.605}, dvec2{0.06, -0.605}, dvec2{0, 0.75}}) {
    const dvec2 world = {published.x * r, -published.y * r};
    CHECK(value_3d({world.x, world.y, 0}) == Approx(value_2d(world)));
    CHECK(value_3d({world.x, -world.y, 0}) == Approx(value_2d({world.x, -world.y})));
  }
  CHECK(value_3d({0, -0.35 * r, 0}) == Approx(0.3));  // ellipsoid 5: skull 1, brain -0.8, +0.1
  CHECK(value_3d({0, 0.35 * r, 0}) == Approx(0.2));
  // The original contrast: skull 2, brain 2 - 0.98.
  const auto original = shepp_logan_3d(r, SheppLoganContrast::original);
  double v = 0;
  for (const Ellipsoid& e : original) v += e.contains({0, 0.75 * r, 0}) ? e.density : 0.0;
  CHECK(v == Approx(1.02));
}

TEST_CASE("analytic projections of a sphere are its chords", "[analytic3d][phantom]") {
  const double radius = 30;
  const std::vector<Ellipsoid> sphere = {make_ellipsoid({0, 0, 0}, {radius, radius, radius}, 2.0)};
  auto chord = [&](double d2) { return d2 < radius * radius ? 2 * 2.0 * std::sqrt(radius * radius - d2) : 0.0; };
  // The rays are the projector's, in float: their distance from the centre is known to about
  // 1e-4 mm, which moves the chord by 2 d / sqrt(r^2 - d^2) times that, a lot near the rim.
  auto tolerance = [&](double d2) {
    return 1e-4 + 2 * 2.0 * std::sqrt(d2) * 1e-4 / std::sqrt(std::max(radius * radius - d2, 1e-12));
  };
  SECTION("parallel: distance from the centre is the pixel's offset") {
    GeometryParallel3D g({8, 8, 8}, {10, 10, 10}, {21, 23}, {3.0, 3.1}, 5, pi);
    g.set_detector_origin({-29.0, -35.0});
    const auto p = analytic_projections_3d(sphere, g);
    for (int view = 0; view < 5; ++view)
      for (int v = 0; v < 21; ++v)
        for (int u = 0; u < 23; ++u) {
          const double du = -35.0 + 3.1 * u, dv = -29.0 + 3.0 * v;
          CHECK(p[(view * 21 + v) * 23 + u] == Approx(chord(du * du + dv * dv)).margin(tolerance(du * du + dv * dv)));
        }
  }
  SECTION("cone: distance from the centre is sid sin(angle off the central ray)") {
    const double sdd = 500, sid = 300;
    GeometryCone3D g({8, 8, 8}, {10, 10, 10}, {21, 23}, {4.0, 4.5}, 5, 2 * pi, sdd, sid);
    const auto p = analytic_projections_3d(sphere, g);
    for (int view = 0; view < 5; ++view)
      for (int v = 0; v < 21; ++v)
        for (int u = 0; u < 23; ++u) {
          const double du = g.detector_origin()[1] + 4.5 * u, dv = g.detector_origin()[0] + 4.0 * v;
          const double off2 = du * du + dv * dv, d2 = sid * sid * off2 / (sdd * sdd + off2);
          CHECK(p[(view * 21 + v) * 23 + u] == Approx(chord(d2)).margin(tolerance(d2)));
        }
  }
  SECTION("detector supersampling averages rays spread over the pixel") {
    GeometryParallel3D g({8, 8, 8}, {10, 10, 10}, {9, 11}, {5.0, 6.0}, 1, pi);
    const auto p = analytic_projections_3d(sphere, g, 3);
    for (int v = 0; v < 9; ++v)
      for (int u = 0; u < 11; ++u) {
        double mean = 0, margin = 0;
        for (int kv = -1; kv <= 1; ++kv)
          for (int ku = -1; ku <= 1; ++ku) {
            const double du = g.detector_origin()[1] + 6.0 * (u + ku / 3.0), dv = g.detector_origin()[0] + 5.0 * (v + kv / 3.0);
            mean += chord(du * du + dv * dv) / 9;
            margin += tolerance(du * du + dv * dv) / 9;
          }
        CHECK(p[v * 11 + u] == Approx(mean).margin(margin));
      }
  }
}

TEST_CASE("3D: a 1 mm path through value 1 integrates to 1 whatever the spacing", "[analytic3d][units]") {
  // A slab of value 1, 1 mm thick across x, crossed at right angles by the rays of view 0 (along
  // +x). The trilinear interpolant ramps up over the voxel before the slab and down over the one
  // after it; its integral is still the number of ones times the spacing.
  for (double spacing : {0.25, 0.5, 1.0}) {
    const int nx = 24, ny = 9, nz = 7, thick = int(std::lround(1.0 / spacing));
    const double sy = 1.3, sz = 1.7;  // the other axes do not matter
    GeometryParallel3D g({nz, ny, nx}, {sz, sy, spacing}, {nz, ny}, {sz, sy}, 1, pi);
    std::vector<float> volume(g.volume_size(), 0.f);
    for (int z = 0; z < nz; ++z)
      for (int y = 0; y < ny; ++y)
        for (int x = 9; x < 9 + thick; ++x) volume[(std::size_t(z) * ny + y) * nx + x] = 1.f;
    for (RayModel3D model : both_models)
      for (float value : project(g, volume, model)) CHECK(value == Approx(1.0).epsilon(1e-5));
  }
}

TEST_CASE("3D: oblique rays through a uniform volume integrate to the chord length", "[analytic3d][units]") {
  // A box of ones; the ray through its centre leaves through the x faces, so it crosses nx voxels'
  // worth of x (ramps included) and collects nx sx |dir| / |dir.x|. The midpoint rule is exact on
  // the flat part and on the ramps, except in the two steps (dt <= spacing / 2) that hold a ramp's
  // inner kink, where the slope changes by |dir.x| / (sx |dir|) per mm: each may be off by that
  // times dt^2 / 8. Joseph's method samples each x plane once, at its full weight: exact.
  for (double spacing : {0.4, 1.0, 2.5})
    for (dvec3 dir : {dvec3{1, 0.2, 0}, dvec3{0.9, -0.3, 0.25}, dvec3{0.8, 0.4, -0.3}}) {
      const int n = 41;
      GeometryParallel3D g({n, n, n}, {spacing, spacing, spacing}, {1, 1}, {1.0, 1.0}, 1, pi);
      g.set_ray_vectors({dir});
      const std::vector<float> ones(g.volume_size(), 1.f);
      const double expected = n * spacing * norm(dir) / std::abs(dir.x);
      const double kinks = 2 * std::abs(dir.x) / (spacing * norm(dir)) * (spacing / 2) * (spacing / 2) / 8;
      CHECK(std::abs(project(g, ones, RayModel3D::ray_march)[0] - expected) <= kinks + 1e-5 * expected);
      CHECK(std::abs(project(g, ones, RayModel3D::joseph)[0] - expected) <= 1e-5 * expected);
    }
}

TEST_CASE("3D forward projection is linear for signed input", "[analytic3d][linearity]") {
  GeometryCone3D g({17, 22, 19}, {1.1, 0.9, 1.0}, {21, 30}, {1.2, 1.1}, 9, 2 * pi, 250, 120);
  for (RayModel3D model : both_models) {
    host::Projector3D<GeometryCone3D> op(g, model);
    const auto x = pyronn_test::random_vector(g.volume_size(), 15, -1.f, 1.f);
    const auto y = pyronn_test::random_vector(g.volume_size(), 16, -1.f, 1.f);
    std::vector<float> diff(x.size()), ax(g.sinogram_size()), ay(ax.size()), adiff(ax.size()), expected(ax.size());
    for (std::size_t i = 0; i < x.size(); ++i) diff[i] = x[i] - y[i];
    op.forward(x.data(), ax.data());
    op.forward(y.data(), ay.data());
    op.forward(diff.data(), adiff.data());
    for (std::size_t i = 0; i < ax.size(); ++i) expected[i] = ax[i] - ay[i];
    const double error = pyronn_test::relative_max(adiff, expected);
    pyronn_test::print_figure((std::string("3D linearity A(x - y) vs Ax - Ay, relative max, ") + to_string(model)).c_str(),
                              error);
    CHECK(error <= 1e-5);
  }
}

TEST_CASE("parallel 3D views at 0, 90, 180 and 270 degrees are axis sums", "[analytic3d][axes]") {
  // x and y share one spacing so that the detector's pixels sit on voxel centres in every view;
  // z (the detector's v) has its own. The volume is random: nothing in it is symmetric.
  const int n = 13, nz = 6;
  const double s = 0.8, sz = 1.1;
  GeometryParallel3D g({nz, n, n}, {sz, s, s}, {nz, n}, {sz, s}, 4, 2 * pi);
  const auto volume = pyronn_test::random_vector(g.volume_size(), 17);
  for (RayModel3D model : both_models) {
    INFO(to_string(model));
    const auto p = project(g, volume, model);
    auto at = [&](int x, int y, int z) { return double(volume[(std::size_t(z) * n + y) * n + x]); };
    for (int v = 0; v < nz; ++v)
      for (int u = 0; u < n; ++u) {
        double along_x = 0, along_x_flipped = 0, along_y = 0, along_y_flipped = 0;
        for (int k = 0; k < n; ++k) {
          along_x += at(k, u, v) * s, along_x_flipped += at(k, n - 1 - u, v) * s;
          along_y += at(u, k, v) * s, along_y_flipped += at(n - 1 - u, k, v) * s;
        }
        // 0 deg: rays along +x, u along +y. 90: rays along +y, u along -x. 180: u along -y. 270: u along +x.
        // v runs along +z in every view.
        const std::size_t pixel = std::size_t(v) * n + u, per_view = std::size_t(nz) * n;
        CHECK(p[0 * per_view + pixel] == Approx(along_x).epsilon(1e-5));
        CHECK(p[1 * per_view + pixel] == Approx(along_y_flipped).epsilon(1e-5));
        CHECK(p[2 * per_view + pixel] == Approx(along_x_flipped).epsilon(1e-5));
        CHECK(p[3 * per_view + pixel] == Approx(along_y).epsilon(1e-5));
      }
  }
}

TEST_CASE("3D: shifting the volume equals shifting the detector", "[analytic3d][axes]") {
  const int nz = 14, ny = 18, nx = 16;
  const auto volume = pyronn_test::random_vector(std::size_t(nz) * ny * nx, 18);
  SECTION("parallel: the detector moves the other way in its own plane") {
    const double dy = 2.3, dz = -1.6;  // mm; view 0's u runs along +y, v along +z
    for (RayModel3D model : both_models) {
      auto run = [&](double volume_y, double volume_z, double detector_u, double detector_v) {
        GeometryParallel3D g({nz, ny, nx}, {1.0, 1.0, 1.0}, {20, 24}, {0.9, 1.0}, 1, pi);
        const auto o = g.volume_origin();
        g.set_volume_origin({o[0] + volume_z, o[1] + volume_y, o[2]});
        g.set_detector_origin({g.detector_origin()[0] + detector_v, g.detector_origin()[1] + detector_u});
        return project(g, volume, model);
      };
      CHECK(pyronn_test::relative_max(run(dy, dz, 0, 0), run(0, 0, -dy, -dz)) <= 1e-5);
    }
  }
  SECTION("cone: lifting the volume equals lowering source and detector together") {
    const double dz = 3.4;
    auto run = [&](double volume_z, double trajectory_z) {
      GeometryCone3D g({nz, ny, nx}, {1.0, 1.0, 1.0}, {26, 30}, {1.3, 1.3}, 6, 2 * pi, 200, 90);
      const auto o = g.volume_origin();
      g.set_volume_origin({o[0] + volume_z, o[1], o[2]});
      g.set_projection_matrices(helical_trajectory_3d(g, 0.0, trajectory_z));
      std::vector<float> p(g.sinogram_size());
      host::Projector3D<GeometryCone3D>(g).forward(volume.data(), p.data());
      return p;
    };
    CHECK(pyronn_test::relative_max(run(dz, 0), run(0, -dz)) <= 1e-5);
  }
}
