// AdjointMethod::scatter on the GPU: the atomic scatter is the exact transpose of the forward
// projection too (dot-product test), and equals the deterministic gather to float rounding, for
// 2D and both 3D ray models.

#include "../support/device.cuh"
#include "../support/numerics.hpp"

#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <string>

using namespace pyronn;
using pyronn_test::raw;
using pyronn_test::to_host;

namespace {

const double pi = 3.14159265358979323846;

template <class Projector>
void check_scatter(Projector& op, std::size_t x_size, std::size_t y_size, const std::string& name) {
  const int batch = 2;
  op.set_adjoint_method(pyronn::cuda::AdjointMethod::scatter);
  const double mismatch = pyronn_test::device_adjoint_mismatch(op, batch * x_size, batch * y_size, batch, 51);
  const auto y = pyronn_test::random_vector(batch * y_size, 52);
  thrust::device_vector<float> d_y(y), scattered(batch * x_size), gathered(batch * x_size);
  op.adjoint(raw(d_y), raw(scattered), batch);
  op.set_adjoint_method(pyronn::cuda::AdjointMethod::gather);
  op.adjoint(raw(d_y), raw(gathered), batch);
  const double difference = pyronn_test::relative_max(to_host(scattered), to_host(gathered));
  pyronn_test::print_figure(("cuda scatter adjoint dot-product mismatch, " + name).c_str(), mismatch);
  pyronn_test::print_figure(("cuda scatter vs gather adjoint relative max difference, " + name).c_str(), difference);
  CHECK(mismatch <= 1e-5);
  CHECK(difference <= 1e-5);
}

}  // namespace

TEST_CASE("cuda: the atomic scatter adjoint equals the gather and is the exact transpose", "[cuda][scatter]") {
  const GeometryParallel2D parallel({61, 70}, {1.0, 0.9}, 101, 1.0, 47, pi);
  const GeometryFan2D fan({64, 57}, {1.0, 1.1}, 120, 1.3, 53, 2 * pi, 500, 300);
  const GeometryCone3D cone({18, 20, 22}, {1.0, 1.0, 1.0}, {24, 32}, {1.5, 1.5}, 40, 2 * pi, 200, 100);
  pyronn::cuda::Projector2D<GeometryParallel2D> p(parallel);
  check_scatter(p, parallel.volume_size(), parallel.sinogram_size(), "parallel 2D");
  pyronn::cuda::Projector2D<GeometryFan2D> f(fan);
  check_scatter(f, fan.volume_size(), fan.sinogram_size(), "fan 2D");
  pyronn::cuda::Projector3D<GeometryCone3D> joseph(cone);
  check_scatter(joseph, cone.volume_size(), cone.sinogram_size(), "cone 3D, Joseph");
  pyronn::cuda::Projector3D<GeometryCone3D> marching(cone, 0.5);
  check_scatter(marching, cone.volume_size(), cone.sinogram_size(), "cone 3D, ray march");
}
