// The 3D adjoints' threads set up only the detector rows whose rays reach their slab of z layers
// (Projector3D's slab_rows, from tile_rays). A ray it leaves out must add nothing to the slab, so
// with one layer per thread, where it leaves out the most, both ray models must give bitwise the
// numbers of one thread, whose slab is the whole volume: for cone, parallel and cylindrical
// detectors, rays steep in z, a helix, tilted parallel rays and a volume moved off the axis.

#include "../support/numerics.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/cone_cylindrical_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/trajectory_3d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::random_vector;

namespace {

const double pi = 3.14159265358979323846;

template <Interpolation I, class Geometry>
void check_one_layer_per_thread(const Geometry& g, const std::string& name) {
  const int batch = 2, layers = g.volume_shape()[0];
  const auto data = random_vector(g.sinogram_size() * batch, 11, -1.f, 1.f);
  for (RayModel3D model : {RayModel3D::joseph, RayModel3D::ray_march}) {
    std::vector<float> one(g.volume_size() * batch), per_layer(one.size(), 7.f);
    host::Projector3D<Geometry, I>(g, model, 0.6, 1).adjoint(data.data(), one.data(), batch);
    host::Projector3D<Geometry, I>(g, model, 0.6, layers).adjoint(data.data(), per_layer.data(), batch);
    INFO(name << (model == RayModel3D::joseph ? ", Joseph" : ", ray march")
              << (I == Interpolation::texture ? ", texture" : ", software"));
    CHECK(pyronn_test::bitwise_equal(per_layer, one));
  }
}

template <class Geometry>
void check_both_policies(const Geometry& g, const std::string& name) {
  check_one_layer_per_thread<Interpolation::software>(g, name);
  check_one_layer_per_thread<Interpolation::texture>(g, name);
}

}  // namespace

TEST_CASE("3D adjoints: one z layer per thread gives bitwise the numbers of one thread", "[transpose][threads]") {
  SECTION("cone, odd, anisotropic, shifted detector, clockwise short scan") {
    GeometryCone3D g({9, 17, 13}, {1.5, 0.7, 1.1}, {15, 27}, {1.3, 0.9}, 13, -1.2 * pi, 150, 60);
    g.set_detector_origin({-8.0, -14.0});
    check_both_policies(g, "cone shifted");
  }
  SECTION("cone with rays steep in z (every major axis)") {
    check_both_policies(GeometryCone3D({16, 10, 12}, {1, 1, 1}, {40, 20}, {2.0, 1.0}, 7, 2 * pi, 40, 20), "cone steep");
  }
  SECTION("cone helix, volume moved off the axis") {
    GeometryCone3D g({12, 14, 10}, {1, 1, 1}, {20, 24}, {1.2, 1.2}, 15, 4 * pi, 180, 90);
    g.set_volume_origin({-9.0, -2.0, -4.5});
    g.set_projection_matrices(helical_trajectory_3d(g, 6.0, -4.0));
    check_both_policies(g, "cone helix");
  }
  SECTION("parallel, tilted rays") {
    GeometryParallel3D g({11, 14, 9}, {1.0, 0.9, 1.2}, {13, 19}, {1.1, 1.0}, 17, pi);
    std::vector<dvec3> rays;
    for (int i = 0; i < 17; ++i) rays.push_back({std::cos(0.3 * i), std::sin(0.3 * i), 0.9 * std::sin(0.7 * i)});
    g.set_ray_vectors(rays);
    check_both_policies(g, "parallel tilted");
  }
  SECTION("cylindrical detector") {
    GeometryConeCylindrical3D g({9, 17, 13}, {1.5, 0.7, 1.1}, {15, 27}, {1.3, 0.9}, 13, -1.2 * pi, 150, 60);
    g.set_detector_origin({-8.0, -14.0});
    check_both_policies(g, "cylindrical");
  }
}
