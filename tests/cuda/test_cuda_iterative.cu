// Iterative solvers on the GPU: the same solver templates over cuda::VectorSpace agree with the
// host runs (same operator bodies, same vector functors; only the order of double additions in
// the reductions differs), on the caller's stream, and refuse host memory.

#include "../support/device.cuh"
#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/cuda/iterative.cuh>
#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/recon/iterative.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;
using pyronn_test::print_figure;
using pyronn_test::random_vector;
using pyronn_test::relative_l2;

namespace {

using pyronn_test::raw;
using pyronn_test::to_host;

const double pi = 3.14159265358979323846;


double max_relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
    worst = std::max(worst, std::abs(a[i] - b[i]) / std::max(std::abs(b[i]), 1e-30));
  return worst;
}

// PYRO-NN's iterative example at 64^2: 30 views over 200 degrees of Shepp-Logan.
GeometryParallel2D example() { return GeometryParallel2D({64, 64}, {1.0, 1.0}, 92, 1.0, 30, 200 * pi / 180); }

struct Run {
  std::vector<float> x;
  SolveReport report;
};

// The same solver type on both sides: Solver<Operator, Space>.
template <template <class, class> class Solver, class Options, class HostOp, class CudaOp>
std::pair<Run, Run> both(HostOp& host_op, CudaOp& cuda_op, const Options& options, const std::vector<float>& b,
                         int iterations, cudaStream_t stream) {
  const std::size_t n = host_op.geometry().volume_size();
  Run h, c;
  h.x.assign(n, 0.f);
  Solver<HostOp, host::VectorSpace> host_solver(host_op, options);
  h.report = host_solver.solve(b.data(), h.x.data(), iterations);

  Solver<CudaOp, pyronn::cuda::VectorSpace> cuda_solver(cuda_op, options, pyronn::cuda::VectorSpace(stream));
  thrust::device_vector<float> d_b(b), d_x(n, 0.f), workspace(cuda_solver.workspace_bytes() / sizeof(float));
  c.report = cuda_solver.solve(raw(d_b), raw(d_x), iterations, raw(workspace), cuda_solver.workspace_bytes());
  REQUIRE(cudaStreamSynchronize(stream) == cudaSuccess);
  c.x = to_host(d_x);
  return {h, c};
}

void compare(const std::pair<Run, Run>& runs, const std::string& name, double x_tolerance) {
  const double x = relative_l2(runs.second.x, runs.first.x);
  const double residual = max_relative_difference(runs.second.report.residual_norms, runs.first.report.residual_norms);
  print_figure(("host vs cuda " + name + ": relative L2 difference of x").c_str(), x);
  print_figure(("host vs cuda " + name + ": worst relative difference of the residual norms").c_str(), residual);
  CHECK(runs.first.report.iterations == runs.second.report.iterations);
  CHECK(x <= x_tolerance);
  CHECK(residual <= x_tolerance);
}

}  // namespace

TEST_CASE("cuda: the vector space sums and maps like the host one", "[cuda][iterative]") {
  const auto a = random_vector(100003, 91, -1.f, 1.f), b = random_vector(100003, 92, -1.f, 1.f);
  thrust::device_vector<float> da(a), db(b);
  pyronn::cuda::VectorSpace device;
  host::VectorSpace host_space;
  const double on_device = device.sum(a.size(), vector_ops::DotTerm{raw(da), raw(db)});
  const double on_host = host_space.sum(a.size(), vector_ops::DotTerm{a.data(), b.data()});
  print_figure("cuda vs host double-accumulated dot product, relative difference", std::abs(on_device - on_host) / std::abs(on_host));
  CHECK(std::abs(on_device - on_host) <= 1e-12 * std::abs(on_host));
  CHECK(device.sum(a.size(), vector_ops::DotTerm{raw(da), raw(db)}) == on_device);  // deterministic
  CHECK(device.sum(0, vector_ops::SquaredTerm{raw(da)}) == 0.0);

  device.for_each(a.size(), vector_ops::Axpy{2.f, raw(db), raw(da)});
  std::vector<float> expected = a;
  host_space.for_each(a.size(), vector_ops::Axpy{2.f, b.data(), expected.data()});
  CHECK(to_host(da) == expected);

  // The TV gradient: one body, both spaces.
  const TVShape shape{37, 29, 3};
  const auto v = random_vector(shape.size(), 93);
  thrust::device_vector<float> dv(v), dg(v.size());
  std::vector<float> g(v.size());
  total_variation_gradient(device, raw(dv), raw(dg), shape, 0.05f);
  total_variation_gradient(host_space, v.data(), g.data(), shape, 0.05f);
  const double tv_gradient = pyronn_test::relative_max(to_host(dg), g);
  print_figure("cuda vs host TV gradient, relative max difference", tv_gradient);
  CHECK(tv_gradient <= 1e-5);
  CHECK(std::abs(total_variation(device, raw(dv), shape, 0.05f) - total_variation(host_space, v.data(), shape, 0.05f)) <=
        1e-10 * total_variation(host_space, v.data(), shape, 0.05f));
}

TEST_CASE("cuda: CGLS, SIRT and TV gradient descent agree with the host", "[cuda][iterative]") {
  const auto g = example();
  const host::Projector2D<GeometryParallel2D> host_op(g);
  pyronn::cuda::Projector2D<GeometryParallel2D> cuda_op(g);
  const auto phantom = rasterize_2d(shepp_logan_2d(32.0), g, 4);
  std::vector<float> b(g.sinogram_size());
  host_op.forward(phantom.data(), b.data());
  cudaStream_t stream;
  REQUIRE(cudaStreamCreate(&stream) == cudaSuccess);

  const auto cgls = both<CGLS>(host_op, cuda_op, CGLSOptions{}, b, 5, stream);
  compare(cgls, "CGLS, 5 iterations", 1e-4);
  CHECK(cgls.second.report.residual_norms.back() < cgls.second.report.residual_norms.front());

  const auto sirt = both<SIRT>(host_op, cuda_op, SIRTOptions{}, b, 5, stream);
  compare(sirt, "SIRT, 5 iterations", 1e-4);

  TVGradientDescentOptions tv_options;
  tv_options.lambda = 3.f;
  tv_options.epsilon = 0.03f;
  tv_options.power_iterations = 10;
  const auto tv = both<TVGradientDescent>(host_op, cuda_op, tv_options, b, 5, stream);
  compare(tv, "TV gradient descent, 5 iterations", 1e-4);
  CHECK(std::abs(tv.second.report.step_size - tv.first.report.step_size) <= 1e-4 * tv.first.report.step_size);

  cudaStreamDestroy(stream);
}

TEST_CASE("cuda: CGLS on PYRO-NN's example: residual falls every iteration on the GPU", "[cuda][iterative]") {
  const auto g = example();
  pyronn::cuda::Projector2D<GeometryParallel2D> op(g);
  const auto phantom = rasterize_2d(shepp_logan_2d(32.0), g, 4);
  thrust::device_vector<float> d_phantom(phantom), d_b(g.sinogram_size()), d_x(g.volume_size(), 0.f);
  op.forward(raw(d_phantom), raw(d_b));
  pyronn::cuda::CGLS<decltype(op)> cgls(op);
  thrust::device_vector<float> workspace(cgls.workspace_bytes() / sizeof(float));
  const SolveReport r = cgls.solve(raw(d_b), raw(d_x), 50, raw(workspace), cgls.workspace_bytes());
  bool falls = true;
  for (std::size_t i = 1; i < r.residual_norms.size(); ++i) falls = falls && r.residual_norms[i] < r.residual_norms[i - 1];
  CHECK(falls);
  print_figure("cuda CGLS relative L2 error vs phantom, 64^2, 30 views / 200 deg, 50 iterations",
               relative_l2(to_host(d_x), phantom));
}

TEST_CASE("cuda: CGLS on a 3D cone-beam operator agrees with the host", "[cuda][iterative][3d]") {
  const GeometryCone3D g({12, 12, 12}, {1, 1, 1}, {18, 24}, {1.5, 1.5}, 12, 2 * pi, 200, 100);
  const host::Projector3D<GeometryCone3D> host_op(g);
  pyronn::cuda::Projector3D<GeometryCone3D> cuda_op(g);
  const auto volume = random_vector(g.volume_size(), 94);
  std::vector<float> b(g.sinogram_size());
  host_op.forward(volume.data(), b.data());
  compare(both<CGLS>(host_op, cuda_op, CGLSOptions{}, b, 4, 0), "3D cone CGLS, 4 iterations", 1e-4);
}

TEST_CASE("cuda: iterative solvers refuse host memory", "[cuda][iterative][errors]") {
  const auto g = example();
  pyronn::cuda::Projector2D<GeometryParallel2D> op(g);
  pyronn::cuda::CGLS<decltype(op)> cgls(op);
  thrust::device_vector<float> d_b(g.sinogram_size()), d_x(g.volume_size()), workspace(cgls.workspace_bytes() / sizeof(float));
  std::vector<float> h_b(g.sinogram_size()), h_x(g.volume_size()), h_workspace(workspace.size());
  const std::size_t bytes = cgls.workspace_bytes();
  check_refused([&] { cgls.solve(h_b.data(), raw(d_x), 1, raw(workspace), bytes); }, "b");
  check_refused([&] { cgls.solve(raw(d_b), h_x.data(), 1, raw(workspace), bytes); }, "x");
  check_refused([&] { cgls.solve(raw(d_b), raw(d_x), 1, h_workspace.data(), bytes); }, "workspace");
  check_refused([&] { cgls.solve(raw(d_b), raw(d_x), 1, raw(workspace), bytes - 4); }, "workspace_bytes");
}
