// The curved detectors on the CUDA driver: dot-product tests of the exact adjoints (gather and
// scatter) and of the FBP backprojection's transpose for both interpolation policies, and the
// host driver's numbers for forward projection and FBP / FDK.

#include "../support/device.cuh"
#include "../support/numerics.hpp"

#include <pyronn/cuda/fbp_2d.cuh>
#include <pyronn/cuda/fbp_3d.cuh>
#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/geometry/cone_cylindrical_3d.hpp>
#include <pyronn/geometry/fan_arc_2d.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::random_vector;
using pyronn_test::raw;
using pyronn_test::to_host;

namespace {

const double pi = 3.14159265358979323846;

GeometryFanArc2D arc() {
  GeometryFanArc2D g({64, 57}, {1.0, 1.1}, 120, 1.3, 53, -1.4 * pi, 500, 300);
  g.set_detector_origin(-70.0);
  return g;
}
// More views than one FDK launch takes and a Z that is not a multiple of a thread's z voxels.
GeometryConeCylindrical3D cylinder() {
  return GeometryConeCylindrical3D({18, 20, 22}, {1.0, 1.0, 1.0}, {24, 32}, {1.5, 1.5}, 40, 2 * pi, 200, 100);
}

// |<Bx, y> - <x, B^T y>| / (|Bx| |y|) for B = backproject_fbp on the device, signed data.
template <class Projector>
double device_fbp_transpose_mismatch(Projector& op, int batch) {
  const auto& g = op.geometry();
  const auto x = random_vector(batch * g.sinogram_size(), 31, -1.f, 1.f);
  const auto y = random_vector(batch * g.volume_size(), 32, -1.f, 1.f);
  thrust::device_vector<float> dx(x), dy(y), dbx(y.size()), dbty(x.size());
  op.backproject_fbp(raw(dx), raw(dbx), batch);
  op.backproject_fbp_transpose(raw(dy), raw(dbty), batch);
  return pyronn_test::normalized_adjoint_mismatch(to_host(dbx), y, x, to_host(dbty));
}

template <Interpolation I, class Projector>
void check_device_transposes(Projector& op, const std::string& name) {
  const auto& g = op.geometry();
  const double gather = pyronn_test::device_adjoint_mismatch(op, 2 * g.volume_size(), 2 * g.sinogram_size(), 2, 41);
  op.set_adjoint_method(pyronn::cuda::AdjointMethod::scatter);
  const double scatter = pyronn_test::device_adjoint_mismatch(op, 2 * g.volume_size(), 2 * g.sinogram_size(), 2, 41);
  const double fbp = device_fbp_transpose_mismatch(op, 2);
  const std::string label = name + ", " + to_string(I);
  pyronn_test::print_figure(("cuda curved adjoint (gather) mismatch, " + label).c_str(), gather);
  pyronn_test::print_figure(("cuda curved adjoint (scatter) mismatch, " + label).c_str(), scatter);
  pyronn_test::print_figure(("cuda curved FBP transpose mismatch, " + label).c_str(), fbp);
  // The texture unit's forward weights are the hardware's (the adjoint emulates them): bounded
  // only against a gross error, as for the flat detectors.
  const double bound = I == Interpolation::software ? 1e-6 : 1e-2;
  CHECK(gather <= bound);
  CHECK(scatter <= bound);
  CHECK(fbp <= bound);
}

// The device's forward projection and FBP / FDK against the host driver's (same bodies).
template <class DeviceFbp, class HostFbp, class Geometry>
void check_host_agreement(const Geometry& g, const std::string& name) {
  const auto volume = random_vector(g.volume_size(), 51);
  const auto data = random_vector(g.sinogram_size(), 52);
  DeviceFbp device_fbp(g);
  const HostFbp host_fbp(g);
  thrust::device_vector<float> d_volume(volume), d_data(data), d_projected(data.size()), d_image(volume.size()),
      d_workspace(g.sinogram_size());
  device_fbp.projector().forward(raw(d_volume), raw(d_projected), 1);
  device_fbp.reconstruct(raw(d_data), raw(d_image), 1, raw(d_workspace), g.sinogram_size() * sizeof(float));
  std::vector<float> projected(data.size()), image(volume.size());
  host_fbp.projector().forward(volume.data(), projected.data());
  host_fbp.reconstruct(data.data(), image.data());
  const double forward = pyronn_test::relative_max(to_host(d_projected), projected);
  const double recon = pyronn_test::relative_max(to_host(d_image), image);
  pyronn_test::print_figure(("host vs cuda forward, relative max difference, " + name).c_str(), forward);
  pyronn_test::print_figure(("host vs cuda FBP, relative max difference, " + name).c_str(), recon);
  CHECK(forward <= 1e-5);
  CHECK(recon <= 1e-4);
}

}  // namespace

TEST_CASE("cuda: arc fan adjoints and FBP transpose are exact transposes", "[cuda][arc]") {
  pyronn::cuda::Projector2D<GeometryFanArc2D, Interpolation::software> software(arc());
  check_device_transposes<Interpolation::software>(software, "arc fan 2D");
  pyronn::cuda::Projector2D<GeometryFanArc2D, Interpolation::texture> texture(arc());
  check_device_transposes<Interpolation::texture>(texture, "arc fan 2D");
  check_host_agreement<pyronn::cuda::FBP2D<GeometryFanArc2D>, host::FBP2D<GeometryFanArc2D>>(arc(), "arc fan 2D");
}

TEST_CASE("cuda: cylindrical cone adjoints and FBP transpose are exact transposes", "[cuda][cylinder]") {
  for (RayModel3D model : {RayModel3D::joseph, RayModel3D::ray_march}) {
    pyronn::cuda::Projector3D<GeometryConeCylindrical3D, Interpolation::software> software(cylinder(), model);
    check_device_transposes<Interpolation::software>(software, std::string("cylinder, ") + to_string(model));
    pyronn::cuda::Projector3D<GeometryConeCylindrical3D, Interpolation::texture> texture(cylinder(), model);
    check_device_transposes<Interpolation::texture>(texture, std::string("cylinder, ") + to_string(model));
  }
  check_host_agreement<pyronn::cuda::FBP3D<GeometryConeCylindrical3D>, host::FBP3D<GeometryConeCylindrical3D>>(
      cylinder(), "cylinder 3D");
}
