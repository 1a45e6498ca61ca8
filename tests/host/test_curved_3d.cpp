// The cylindrical cone detector, GeometryConeCylindrical3D: where its pixels lie, dot-product
// tests of the exact adjoints (both ray models) and of the FBP backprojection's transpose for
// both interpolation policies, forward projections against the exact line integrals, and FDK of
// the 3D Shepp-Logan phantom.

#include "../support/numerics.hpp"

#include <pyronn/geometry/cone_cylindrical_3d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/phantoms/analytic_projections_3d.hpp>
#include <pyronn/phantoms/raster_3d.hpp>
#include <pyronn/phantoms/shepp_logan_3d.hpp>
#include <pyronn/recon/weight_operators_curved.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::random_vector;

namespace {

const double pi = 3.14159265358979323846;

// Awkward: odd, non-cubic, anisotropic, shifted detector, clockwise partial scan.
GeometryConeCylindrical3D awkward_cylinder() {
  GeometryConeCylindrical3D g({9, 17, 13}, {1.5, 0.7, 1.1}, {15, 27}, {1.3, 0.9}, 13, -1.2 * pi, 150, 60);
  g.set_detector_origin({-8.0, -14.0});
  return g;
}

template <Interpolation I>
void check_transposes(const GeometryConeCylindrical3D& g, const std::string& name, int batch) {
  const std::string policy = I == Interpolation::software ? "software" : "texture";
  for (RayModel3D model : {RayModel3D::joseph, RayModel3D::ray_march}) {
    host::Projector3D<GeometryConeCylindrical3D, I> op(g, model);
    const auto x = random_vector(g.volume_size() * batch, 1), y = random_vector(g.sinogram_size() * batch, 2);
    std::vector<float> ax(y.size()), aty(x.size());
    op.forward(x.data(), ax.data(), batch);
    op.adjoint(y.data(), aty.data(), batch);
    const double adjoint = pyronn_test::normalized_adjoint_mismatch(ax, y, x, aty);
    pyronn_test::print_figure(
        ("cylinder dot-product mismatch, adjoint, " + std::string(to_string(model)) + ", " + policy + ", " + name).c_str(),
        adjoint);
    CHECK(adjoint <= 1e-6);
  }
  host::Projector3D<GeometryConeCylindrical3D, I> op(g);
  const auto s = random_vector(g.sinogram_size() * batch, 3, -1.f, 1.f);
  const auto v = random_vector(g.volume_size() * batch, 4, -1.f, 1.f);
  std::vector<float> bs(v.size()), btv(s.size());
  op.backproject_fbp(s.data(), bs.data(), batch);
  op.backproject_fbp_transpose(v.data(), btv.data(), batch);
  const double fbp = pyronn_test::normalized_adjoint_mismatch(bs, v, s, btv);
  pyronn_test::print_figure(("cylinder dot-product mismatch, FBP transpose, " + policy + ", " + name).c_str(), fbp);
  CHECK(fbp <= 1e-6);
}

}  // namespace

TEST_CASE("cylindrical detector pixels lie on a cylinder about the source's axis", "[cylinder][geometry]") {
  const GeometryConeCylindrical3D g({32, 32, 32}, {1.0, 1.0, 1.0}, {21, 41}, {1.5, 2.0}, 5, 2 * pi, 400, 250);
  const auto views = g.views();
  for (std::size_t i = 0; i < views.size(); ++i) {
    const View3D& view = views[i];
    const dvec3 central = vec_cast<double>(view.ray), source = vec_cast<double>(view.source);
    const dvec3 lateral = cross(dvec3{0, 0, 1}, central);  // the flat detector's u-axis
    for (int u : {0, 13, 40})
      for (int v : {0, 7, 20}) {
        const Ray3D r = CylindricalConeBeam3D::ray(view, float(u), float(v));
        const dvec3 dir = vec_cast<double>(r.dir);
        // Where the ray meets the cylinder of radius sdd about the vertical axis through the source.
        const double horizontal = std::hypot(dir.x, dir.y), t = 400 / horizontal;
        const dvec3 hit = source + t * dir;
        CHECK(hit.z == Approx(g.detector_origin()[0] + v * 1.5).margin(1e-3));
        const double gamma = std::atan2(dot(dir, lateral), dot(dir, central));
        CHECK(gamma == Approx(g.column_angle(u)).margin(1e-6));
        const vec2 back = CylindricalConeBeam3D::detector_coordinate(view, vec_cast<float>(hit));
        CHECK(double(back.x) == Approx(u).margin(2e-3));
        CHECK(double(back.y) == Approx(v).margin(2e-3));
      }
    CHECK(norm(source) == Approx(250).epsilon(1e-6));  // float views
  }
  CHECK(g.fan_angle() == Approx(41 * 2.0 / 2 / 400));
}

TEST_CASE("cylindrical cone adjoints and FBP transpose are exact transposes (host)", "[cylinder][adjoint]") {
  check_transposes<Interpolation::software>(awkward_cylinder(), "9x17x13 shifted clockwise", 1);
  check_transposes<Interpolation::texture>(awkward_cylinder(), "9x17x13 shifted clockwise", 1);
  const GeometryConeCylindrical3D g({18, 20, 22}, {1.0, 1.0, 1.0}, {24, 32}, {1.5, 1.5}, 20, 2 * pi, 200, 100);
  check_transposes<Interpolation::software>(g, "18x20x22 batch 2", 2);
  check_transposes<Interpolation::texture>(g, "18x20x22 batch 2", 2);
}

namespace {

const double field_mm = 128.0;
const int views = 16;
const double detector_shift_mm = 0.37;  // rays that line up with no voxel grid (as the flat test)

GeometryConeCylindrical3D cylinder(int n) {
  GeometryConeCylindrical3D g({n, n, n}, {field_mm / n, field_mm / n, field_mm / n}, {144, 144}, {1.5, 1.5}, views,
                              2 * pi, 600, 400);
  g.set_detector_origin({g.detector_origin()[0] + detector_shift_mm, g.detector_origin()[1] + detector_shift_mm});
  return g;
}

double forward_error(const GeometryConeCylindrical3D& g, RayModel3D model) {
  const auto ellipsoids = shepp_logan_3d(field_mm / 2);
  const auto phantom = rasterize_3d(ellipsoids, g, 2);
  std::vector<float> projections(g.sinogram_size());
  host::Projector3D<GeometryConeCylindrical3D>(g, model).forward(phantom.data(), projections.data());
  return pyronn_test::relative_l2(projections, analytic_projections_3d(ellipsoids, g));
}

}  // namespace

TEST_CASE("cylindrical cone forward projection converges to the analytic projections", "[cylinder][analytic3d]") {
  for (RayModel3D model : {RayModel3D::joseph, RayModel3D::ray_march}) {
    const double coarse = forward_error(cylinder(64), model), fine = forward_error(cylinder(128), model);
    const std::string label = std::string("cylinder, ") + to_string(model);
    pyronn_test::print_figure(("forward vs analytic relative L2, " + label + " 64^3").c_str(), coarse);
    pyronn_test::print_figure(("forward vs analytic relative L2, " + label + " 128^3").c_str(), fine);
    CHECK(fine <= 6e-2);  // the flat cone's bound (tests/host/test_forward_analytic_3d.cpp)
    CHECK(fine <= 0.6 * coarse);
  }
}

namespace {

const int n = 128, margin = 3;

struct Outcome {
  double integral_ratio, flat_error;
};

// FDK judged on the central slice, as tests/host/test_fdk_3d.cpp does for the flat detector:
// its integral against the phantom's, and the mean error where the phantom is constant within
// `margin` voxels in x, y and z.
Outcome reconstruct(const GeometryConeCylindrical3D& g, const std::string& name) {
  const auto phantom = shepp_logan_3d(60.0);
  const auto projections = analytic_projections_3d(phantom, g, 2);
  std::vector<float> volume(g.volume_size());
  host::FBP3D<GeometryConeCylindrical3D>(g).reconstruct(projections.data(), volume.data());
  const int z = n / 2;
  Grid3D slab = g.grid();
  slab.nz = 2 * margin + 1;
  slab.origin.z = g.grid().origin.z + float(z - margin) * g.grid().spacing.z;
  const std::vector<float> raster = rasterize_3d(phantom, slab, 4);
  const std::size_t per_slice = std::size_t(n) * n;
  const std::vector<float> reference(raster.begin() + margin * per_slice, raster.begin() + (margin + 1) * per_slice);
  std::vector<bool> flat = pyronn_test::flat_mask(reference, n, n, margin);
  for (std::size_t i = 0; i < per_slice; ++i)
    for (int dz = 0; dz < 2 * margin + 1 && flat[i]; ++dz) flat[i] = raster[dz * per_slice + i] == reference[i];
  const std::vector<float> slice(volume.begin() + z * per_slice, volume.begin() + (z + 1) * per_slice);
  const Outcome o{pyronn_test::sum(slice) / pyronn_test::sum(reference),
                  pyronn_test::masked_mean_abs_error(slice, reference, flat)};
  pyronn_test::print_figure(("cylinder FDK central-slice integral ratio, " + name).c_str(), o.integral_ratio);
  pyronn_test::print_figure(("cylinder FDK central-slice flat-region mean abs error / max, " + name).c_str(),
                            o.flat_error);
  return o;
}

// As the flat detector's FDK test: 1 mm voxels, magnification 2, the rows covering the slice's
// diagonal (240 columns of 2 mm on the cylinder of radius 1000 mm).
GeometryConeCylindrical3D fdk_cylinder(double range) {
  return GeometryConeCylindrical3D({n, n, n}, {1, 1, 1}, {128, 240}, {2, 2}, 360, range, 1000, 500);
}

}  // namespace

TEST_CASE("cylindrical FDK reconstructs the 3D Shepp-Logan phantom from a full turn", "[cylinder][fdk]") {
  const Outcome o = reconstruct(fdk_cylinder(2 * pi), "128^3, 360 views / 2 pi");
  CHECK(std::abs(o.integral_ratio - 1) <= 0.01);
  CHECK(o.flat_error <= 0.01);  // the modified phantom's maximum is 1
}

TEST_CASE("cylindrical FDK with Parker weights in fan angle reconstructs a short scan", "[cylinder][fdk][parker]") {
  const Outcome o = reconstruct(fdk_cylinder(pi + 2 * fdk_cylinder(2 * pi).fan_angle()), "128^3, short scan");
  CHECK(std::abs(o.integral_ratio - 1) <= 0.01);
  CHECK(o.flat_error <= 0.02);
}

TEST_CASE("cylindrical cosine x Parker operators are exactly the FDK weights", "[cylinder][weights]") {
  const GeometryConeCylindrical3D g({16, 16, 16}, {1, 1, 1}, {9, 21}, {1.5, 2.0}, 40, pi + 0.3, 300, 150);
  const RayWeights product = combined_ray_weights(cosine_ray_weights(g), parker_ray_weights(g));
  const std::vector<float> redundancy = fbp_redundancy_weights(g), cosine = fbp_cosine_weights(g);
  const std::size_t nu = 21, nv = 9;
  REQUIRE(product.values.size() == 40 * nu * nv);
  for (std::size_t i = 0; i < product.values.size(); ++i) {
    const std::size_t u = i % nu, v = (i / nu) % nv, view = i / (nu * nv);
    CHECK(product.values[i] == redundancy[view * nu + u] * cosine[v * nu + u]);
  }
  // The central pixel's ray is the central ray; a corner pixel's cosine is cos(gamma) cos(kappa).
  const double z = -4 * 1.5, gamma = g.column_angle(0);
  CHECK(cosine[0] == Approx(std::cos(gamma) * 300 / std::hypot(300.0, z)).epsilon(1e-6));
  CHECK(cosine[4 * nu + 10] == 1.f);
}
