// Parker's (and Wesarg's) short-scan weights and the FDK / fan FBP that use them, whichever way the
// detector's u-axis turns from the central ray relative to the scan: a column's fan angle must be
// signed by the u-axis's hand (GeometryCone3D::detector_u_sense) and the scan's direction.
// Projection matrices whose detector is turned by pi in its plane (PYRO-NN's circular matrices:
// u clockwise from the central ray, v along -z) or mirrored along u see the same rays as pyronn's
// circular ones, with the columns in the opposite order: their weights must be the standard ones
// mirrored along u, and their FDK the standard FDK.

#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/phantoms/analytic_projections_3d.hpp>
#include <pyronn/phantoms/shepp_logan_3d.hpp>
#include <pyronn/recon/weight_operators.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace pyronn;

namespace {

const double pi = 3.14159265358979323846;
const int nz = 24, nxy = 48, det_rows = 32, det_columns = 80, full_views = 180;

GeometryCone3D cone(double range, int views) {
  return GeometryCone3D({nz, nxy, nxy}, {1, 1, 1}, {det_rows, det_columns}, {2, 2}, views, range, 1000, 500);
}

double short_scan() { return pi + 2 * cone(2 * pi, full_views).fan_angle(); }
int short_views() { return int(std::lround(full_views * short_scan() / (2 * pi))); }

// The detector's pixel indices remapped about the principal point (cu, cv): u -> 2 cu - u, and
// v -> 2 cv - v too for PYRO-NN's turn; the rays stay, the columns (and rows) run backwards.
enum class Detector { standard, mirrored_u, turned };

const char* name(Detector d) {
  return d == Detector::standard ? "standard" : (d == Detector::mirrored_u ? "mirrored along u" : "turned by pi");
}

GeometryCone3D with_detector(GeometryCone3D g, Detector d) {
  if (d == Detector::standard) return g;
  const double cu = -g.detector_origin()[1] / g.detector_spacing()[1];
  const double cv = -g.detector_origin()[0] / g.detector_spacing()[0];
  const double flip_v = d == Detector::turned ? -1.0 : 1.0;
  std::vector<ProjectionMatrix> p = g.projection_matrices();
  for (ProjectionMatrix& m : p)
    for (int j = 0; j < 4; ++j) {
      m[0][j] = -m[0][j] + 2 * cu * m[2][j];
      if (flip_v < 0) m[1][j] = -m[1][j] + 2 * cv * m[2][j];
    }
  g.set_projection_matrices(p);
  return g;
}

// w[v][U - 1 - u] of a [views][U] array.
template <class T>
std::vector<T> mirrored_columns(const std::vector<T>& w, int nu) {
  std::vector<T> out(w.size());
  const std::size_t n = std::size_t(nu);
  for (std::size_t i = 0; i < w.size(); ++i) out[i] = w[i - i % n + (n - 1 - i % n)];
  return out;
}

void check_equal(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, double(std::abs(a[i] - b[i])));
  CHECK(worst <= 1e-6);
}

std::vector<float> fdk(const GeometryCone3D& g) {
  const std::vector<float> projections = analytic_projections_3d(shepp_logan_3d(22.0), g, 2);
  std::vector<float> volume(g.volume_size());
  host::FDK<>(g).reconstruct(projections.data(), volume.data());
  return volume;
}

// The middle third of the slices, where the cone's rows see the whole slice.
std::vector<float> central_slab(const std::vector<float>& v) {
  const std::size_t per_slice = std::size_t(nxy) * nxy;
  return std::vector<float>(v.begin() + (nz / 3) * per_slice, v.begin() + (2 * nz / 3) * per_slice);
}

}  // namespace

TEST_CASE("cone matrices of either detector hand: Parker, Wesarg and FDK weights are mirrored along u",
          "[parker][cone][weights]") {
  for (double sense : {1.0, -1.0})
    for (Detector d : {Detector::mirrored_u, Detector::turned}) {
      INFO(name(d) << ", scan " << (sense > 0 ? "counter-clockwise" : "clockwise"));
      const GeometryCone3D standard = cone(sense * short_scan(), short_views());
      const GeometryCone3D other = with_detector(standard, d);
      CHECK(standard.detector_u_sense() == 1.0);
      CHECK(other.detector_u_sense() == -1.0);
      check_equal(parker_ray_weights(other).values, mirrored_columns(parker_ray_weights(standard).values, det_columns));
      check_equal(wesarg_ray_weights(other, 0.5).values,
                  mirrored_columns(wesarg_ray_weights(standard, 0.5).values, det_columns));
      check_equal(fbp_redundancy_weights(other), mirrored_columns(fbp_redundancy_weights(standard), det_columns));
    }
}

TEST_CASE("short-scan FDK reconstructs as well with either detector hand and scan direction", "[parker][cone][fdk]") {
  const std::vector<float> full = central_slab(fdk(cone(2 * pi, full_views)));
  for (double sense : {1.0, -1.0}) {
    const GeometryCone3D standard = cone(sense * short_scan(), short_views());
    const std::vector<float> reference = central_slab(fdk(standard));
    for (Detector d : {Detector::standard, Detector::mirrored_u, Detector::turned}) {
      const std::string label = std::string(name(d)) + (sense > 0 ? ", counter-clockwise" : ", clockwise");
      INFO(label);
      const std::vector<float> slab = central_slab(fdk(with_detector(standard, d)));
      const double to_full = pyronn_test::relative_l2(slab, full);
      pyronn_test::print_figure(("short-scan FDK vs full scan, central slab, " + label).c_str(), to_full);
      CHECK(to_full <= 0.04);  // 0.02 here; Parker's weights mirrored along u give 0.12
      // The same rays, read in the opposite column order: the same reconstruction.
      CHECK(pyronn_test::relative_l2(slab, reference) <= 1e-4);
    }
  }
}

TEST_CASE("a scan whose detector changes hand is refused by FDK's weights", "[parker][cone][errors]") {
  GeometryCone3D g = cone(short_scan(), short_views());
  std::vector<ProjectionMatrix> p = g.projection_matrices();
  p[7] = with_detector(g, Detector::mirrored_u).projection_matrices()[7];
  g.set_projection_matrices(p);
  pyronn_test::check_refused([&] { g.detector_u_sense(); }, "projection_matrices[7]");
  pyronn_test::check_refused([&] { fbp_redundancy_weights(g); }, "projection_matrices[7]");
}

TEST_CASE("a clockwise fan scan gets the counter-clockwise scan's weights mirrored along u", "[parker][fan][weights]") {
  // A fan's u-axis is always perp(central ray): a clockwise scan sees each line from the mirror
  // image of where a counter-clockwise one does.
  const int nu = 96;
  const auto fan = [&](double range) { return GeometryFan2D({64, 64}, {1, 1}, nu, 1.5, 200, range, 1200, 750); };
  const double range = pi + 2 * fan(2 * pi).fan_angle() + 0.1;
  GeometryFan2D ccw = fan(range), cw = fan(-range);
  CHECK(cw.detector_u_sense() == 1.0);
  check_equal(fbp_ray_weights(cw), mirrored_columns(fbp_ray_weights(ccw), nu));
  check_equal(parker_ray_weights(cw).values, mirrored_columns(parker_ray_weights(ccw).values, nu));
  check_equal(wesarg_ray_weights(cw, 0.3).values, mirrored_columns(wesarg_ray_weights(ccw, 0.3).values, nu));
  // Set with set_central_ray_vectors, starting elsewhere: the same weights.
  std::vector<dvec2> rays;
  for (int i = 0; i < 200; ++i) rays.push_back({std::cos(2.0 - i * range / 200), std::sin(2.0 - i * range / 200)});
  cw.set_central_ray_vectors(rays);
  check_equal(fbp_ray_weights(cw), mirrored_columns(fbp_ray_weights(ccw), nu));
}

TEST_CASE("a cone vector geometry of the other hand is refused by FDK, not given mirrored weights",
          "[parker][cone][vector3d]") {
  // to_circular_geometry measures the detector offset along z x r and needs v along +z; a detector
  // of the other hand is named rather than reconstructed with the wrong weights.
  const GeometryCone3DVec turned = to_vector_geometry(with_detector(cone(short_scan(), short_views()), Detector::turned));
  pyronn_test::check_refused([&] { host::FBP3D<GeometryCone3DVec> f(turned); }, "vectors[0].u");
}

TEST_CASE("FBP refuses views that turn against angular_range's sign", "[parker][fan][errors]") {
  // Clockwise central rays with a positive angular_range would get negative arc weights and Parker
  // weights of 0 past the first view.
  GeometryFan2D g({32, 32}, {1, 1}, 64, 1.5, 100, pi + 1.0, 1200, 750);
  std::vector<dvec2> rays;
  for (int i = 0; i < 100; ++i) rays.push_back({std::cos(-i * 0.04), std::sin(-i * 0.04)});
  g.set_central_ray_vectors(rays);
  pyronn_test::check_refused([&] { fbp_ray_weights(g); }, "angular_range");
  GeometryCone3D c = cone(2 * pi, full_views);
  c.set_projection_matrices(cone(-2 * pi, full_views).projection_matrices());
  pyronn_test::check_refused([&] { fbp_redundancy_weights(c); }, "angular_range");
}
