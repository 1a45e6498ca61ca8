// The CUDA driver's backproject_fbp_transpose: the exact transpose of its FBP backprojection on
// the device (dot-product test, both interpolation policies), and the host driver's numbers.

#include "../support/device.cuh"
#include "../support/numerics.hpp"

#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <string>

using namespace pyronn;
using pyronn_test::random_vector;
using pyronn_test::raw;
using pyronn_test::to_host;

namespace {

const double pi = 3.14159265358979323846;

// B = backproject_fbp on the device: |<Bx, y> - <x, B^T y>| / (|Bx| |y|) with signed data, and
// the largest difference of B^T y from the host driver's, relative to its largest value.
// With texture interpolation the device's backprojection reads through the texture unit and its
// transpose uses the emulated 8-bit weights: the mismatch is reported, and bounded only to catch a
// gross error (as for the adjoints).
template <Interpolation I, class DeviceProjector, class HostProjector>
void check_transpose(DeviceProjector& op, const HostProjector& host_op, const std::string& name) {
  const auto& g = op.geometry();
  const int batch = 2;
  const auto x = random_vector(batch * g.sinogram_size(), 31, -1.f, 1.f);
  const auto y = random_vector(batch * g.volume_size(), 32, -1.f, 1.f);
  thrust::device_vector<float> dx(x), dy(y), dbx(y.size()), dbty(x.size());
  op.backproject_fbp(raw(dx), raw(dbx), batch);
  op.backproject_fbp_transpose(raw(dy), raw(dbty), batch);
  const auto bty = to_host(dbty);
  const double mismatch = pyronn_test::normalized_adjoint_mismatch(to_host(dbx), y, x, bty);
  std::vector<float> host_bty(x.size());
  host_op.backproject_fbp_transpose(y.data(), host_bty.data(), batch);
  const double host = pyronn_test::relative_max(bty, host_bty);
  pyronn_test::print_figure(("cuda FBP-transpose dot-product mismatch, " + name).c_str(), mismatch);
  pyronn_test::print_figure(("host vs cuda FBP transpose relative max difference, " + name).c_str(), host);
  CHECK(mismatch <= (I == Interpolation::software ? 1e-6 : 1e-2));
  CHECK(host <= 1e-5);
}

template <Interpolation I, class Geometry>
void check_2d(const Geometry& g, const std::string& name) {
  pyronn::cuda::Projector2D<Geometry, I> op(g);
  check_transpose<I>(op, host::Projector2D<Geometry, I>(g), name + ", " + to_string(I));
}

template <Interpolation I, class Geometry>
void check_3d(const Geometry& g, const std::string& name) {
  pyronn::cuda::Projector3D<Geometry, I> op(g);
  check_transpose<I>(op, host::Projector3D<Geometry, I>(g), name + ", " + to_string(I));
}

}  // namespace

TEST_CASE("cuda: backproject_fbp_transpose is the exact transpose of backproject_fbp", "[cuda][transpose]") {
  const GeometryParallel2D parallel({61, 70}, {1.0, 0.9}, 101, 1.0, 47, pi);
  const GeometryFan2D fan({64, 57}, {1.0, 1.1}, 120, 1.3, 53, 2 * pi, 500, 300);
  const GeometryCone3D cone({18, 20, 22}, {1.0, 1.0, 1.0}, {24, 32}, {1.5, 1.5}, 40, 2 * pi, 200, 100);
  const GeometryParallel3D parallel_3d({19, 20, 21}, {1.1, 1.0, 0.9}, {23, 31}, {1.0, 1.1}, 24, pi);
  check_2d<Interpolation::software>(parallel, "parallel 2D");
  check_2d<Interpolation::texture>(parallel, "parallel 2D");
  check_2d<Interpolation::software>(fan, "fan 2D");
  check_2d<Interpolation::texture>(fan, "fan 2D");
  check_3d<Interpolation::software>(cone, "cone 3D");
  check_3d<Interpolation::texture>(cone, "cone 3D");
  check_3d<Interpolation::software>(parallel_3d, "parallel 3D");
  check_3d<Interpolation::texture>(parallel_3d, "parallel 3D");
}
