// The CUDA driver of the per-ray weight operators: agreement with the host driver (same bodies),
// in-place application, caller-held weights, streams and refused input.

#include "../support/device.cuh"
#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/cuda/weights.cuh>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/host/weights.hpp>
#include <pyronn/recon/weight_operators.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <string>
#include <utility>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;
using pyronn_test::random_vector;

namespace {

using pyronn_test::raw;
using pyronn_test::to_host;

const double pi = 3.14159265358979323846;


GeometryFan2D fan_short() {
  const double fan = GeometryFan2D({32, 32}, {1.0, 1.0}, 41, 1.0, 8, 2 * pi, 400, 250).fan_angle();
  return GeometryFan2D({32, 32}, {1.0, 1.0}, 41, 1.0, 60, pi + 2 * fan + 0.05, 400, 250);
}
GeometryCone3D cone_short() {
  const double fan = GeometryCone3D({16, 16, 16}, {1, 1, 1}, {9, 21}, {1.2, 1.0}, 8, 2 * pi, 400, 250).fan_angle();
  return GeometryCone3D({16, 16, 16}, {1, 1, 1}, {9, 21}, {1.2, 1.0}, 40, pi + 2 * fan + 0.05, 400, 250);
}

std::vector<std::pair<std::string, RayWeights>> operators() {
  const auto fan = fan_short();
  const auto cone = cone_short();
  return {{"cosine fan", cosine_ray_weights(fan)},
          {"cosine cone", cosine_ray_weights(cone)},
          {"Parker fan", parker_ray_weights(fan)},
          {"Parker cone", parker_ray_weights(cone)},
          {"Wesarg q=0.3 fan", wesarg_ray_weights(fan, 0.3)},
          {"Wesarg q=0.3 cone", wesarg_ray_weights(cone, 0.3)},
          {"cosine x Parker cone (full)", combined_ray_weights(cosine_ray_weights(cone), parker_ray_weights(cone))}};
}

}  // namespace

TEST_CASE("cuda weights: forward, adjoint and weight gradient agree with the host driver", "[cuda][weights]") {
  const int batch = 3;
  for (const auto& named : operators()) {
    INFO(named.first);
    const RayWeights& w = named.second;
    const host::WeightOperator host_op(w);
    const pyronn::cuda::WeightOperator<> cuda_op(w);
    const std::size_t n = std::size_t(batch) * w.shape.projection_size();
    const auto x = random_vector(n, 61, -1.f, 2.f), g = random_vector(n, 62, -1.f, 1.f);
    thrust::device_vector<float> dx(x), dg(g), dout(n), dgrad(w.values.size());
    std::vector<float> out(n), grad(w.values.size());

    host_op.forward(x.data(), out.data(), batch);
    cuda_op.forward(raw(dx), raw(dout), batch);
    CHECK(to_host(dout) == out);  // one float multiply: bit for bit

    host_op.adjoint(g.data(), out.data(), batch);
    cuda_op.adjoint(raw(dg), raw(dout), batch);
    CHECK(to_host(dout) == out);

    thrust::device_vector<float> in_place(x);
    cuda_op.forward(raw(in_place), raw(in_place), batch);
    host_op.forward(x.data(), out.data(), batch);
    CHECK(to_host(in_place) == out);

    host_op.gradient_weights(g.data(), x.data(), grad.data(), batch);
    cuda_op.gradient_weights(raw(dg), raw(dx), raw(dgrad), batch);
    const double mismatch = pyronn_test::relative_max(to_host(dgrad), grad);
    pyronn_test::print_figure(("host vs cuda weight gradient, relative max difference, " + named.first).c_str(), mismatch);
    CHECK(mismatch <= 1e-6);
  }
}

TEST_CASE("cuda weights: caller-held weights, set_weights and a caller's stream", "[cuda][weights]") {
  const auto cone = cone_short();
  const RayWeights w = wesarg_ray_weights(cone, 0.5);
  const std::size_t n = 2 * cone.sinogram_size();
  const auto x = random_vector(n, 63), learned = random_vector(w.values.size(), 64);
  thrust::device_vector<float> dx(x), dw(learned), a(n), b(n);
  cudaStream_t stream;
  REQUIRE(cudaStreamCreate(&stream) == cudaSuccess);

  pyronn::cuda::WeightOperator<> op(w);
  op.set_weights(raw(dw), learned.size(), stream);
  op.forward(raw(dx), raw(a), 2, stream);
  pyronn::cuda::apply_weights(w.shape, raw(dw), learned.size(), raw(dx), raw(b), 2, stream);
  REQUIRE(cudaStreamSynchronize(stream) == cudaSuccess);
  CHECK(to_host(a) == to_host(b));

  host::WeightOperator host_op(RayWeights{w.shape, learned});
  std::vector<float> expected(n);
  host_op.forward(x.data(), expected.data(), 2);
  CHECK(to_host(a) == expected);

  op.set_weights(w.values);  // back to the generator's, from the host
  op.forward(raw(dx), raw(a), 2);
  host::WeightOperator(w).forward(x.data(), expected.data(), 2);
  CHECK(to_host(a) == expected);
  cudaStreamDestroy(stream);
}

TEST_CASE("cuda weights: bad input is refused", "[cuda][weights][errors]") {
  const auto fan = fan_short();
  const RayWeights w = parker_ray_weights(fan);
  const pyronn::cuda::WeightOperator<> op(w);
  const std::size_t n = fan.sinogram_size();
  thrust::device_vector<float> da(2 * n), db(2 * n), dgrad(w.values.size());
  std::vector<float> ha(2 * n), hb(2 * n), hgrad(w.values.size());

  check_refused([&] { op.forward(ha.data(), raw(db)); }, "input");
  check_refused([&] { op.forward(raw(da), hb.data()); }, "output");
  check_refused([&] { op.forward(nullptr, raw(db)); }, "input");
  check_refused([&] { op.forward(raw(da), raw(db), 0); }, "batch");
  check_refused([&] { op.forward(raw(da), raw(da) + 1); }, "output");
  check_refused([&] { op.forward(raw(da), n + 1, raw(db), n + 1); }, "input");
  check_refused([&] { op.gradient_weights(raw(da), raw(db), hgrad.data()); }, "grad_weights");
  check_refused([&] { op.gradient_weights(ha.data(), raw(db), raw(dgrad)); }, "grad_output");
  check_refused([&] { op.gradient_weights(raw(da), raw(da), raw(da) + 1); }, "grad_weights");
  check_refused([&] { pyronn::cuda::apply_weights(w.shape, w.values.data(), w.values.size(), raw(da), raw(db)); },
                "weights");
  check_refused([&] { pyronn::cuda::apply_weights(w.shape, raw(dgrad), 7, raw(da), raw(db)); }, "weights");
  pyronn::cuda::WeightOperator<> mutable_op(w);
  check_refused([&] { mutable_op.set_weights(hgrad.data(), hgrad.size()); }, "weights");
  check_refused([&] { mutable_op.set_weights(raw(dgrad), hgrad.size() - 1); }, "weights");
  // 2^31 elements would need 64-bit indexing.
  check_refused([&] { op.forward(raw(da), raw(db), int((std::size_t(1) << 31) / n + 1)); }, "batch");
}

TEST_CASE("cuda weights: 64-bit indexing instantiates and agrees", "[cuda][weights][index]") {
  const auto cone = cone_short();
  const RayWeights w = parker_ray_weights(cone);
  const pyronn::cuda::WeightOperator<long long> wide(w);
  const pyronn::cuda::WeightOperator<int> narrow(w);
  const auto x = random_vector(cone.sinogram_size(), 65);
  thrust::device_vector<float> dx(x), a(x.size()), b(x.size()), ga(w.values.size()), gb(w.values.size());
  wide.forward(raw(dx), raw(a));
  narrow.forward(raw(dx), raw(b));
  CHECK(to_host(a) == to_host(b));
  wide.gradient_weights(raw(dx), raw(dx), raw(ga));
  narrow.gradient_weights(raw(dx), raw(dx), raw(gb));
  CHECK(to_host(ga) == to_host(gb));
}
