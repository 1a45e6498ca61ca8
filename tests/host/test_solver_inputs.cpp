// The iterative solvers and TV refuse what they cannot solve: non-finite data or initial guesses,
// an operator of norm 0, TV shapes that are not positive, overflow, or disagree with the buffers.
// A solve whose values overflow float on the way says so instead of claiming convergence.

#include "../support/refused.hpp"

#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/recon/iterative.hpp>

#include <catch2/catch.hpp>

#include <climits>
#include <cmath>
#include <limits>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;

namespace {

const double pi = 3.14159265358979323846;
using Op = host::Projector2D<GeometryParallel2D>;

GeometryParallel2D parallel() { return GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, pi); }

}  // namespace

TEST_CASE("solvers refuse non-finite data and initial guesses", "[solver_inputs]") {
  const auto g = parallel();
  Op op(g, 2);
  std::vector<float> b(g.sinogram_size(), 1.f), x(g.volume_size(), 0.f);
  CGLS<Op> cgls(op);
  SIRT<Op> sirt(op);
  TVGradientDescent<Op> tv(op);

  b[17] = std::numeric_limits<float>::quiet_NaN();
  check_refused([&] { cgls.solve(b.data(), x.data(), 5); }, "b");
  check_refused([&] { sirt.solve(b.data(), x.data(), 5); }, "b");
  check_refused([&] { tv.solve(b.data(), x.data(), 5); }, "b");
  b[17] = 1.f;
  x[3] = -std::numeric_limits<float>::infinity();
  check_refused([&] { cgls.solve(b.data(), x.data(), 5); }, "x");
  check_refused([&] { sirt.solve(b.data(), x.data(), 5); }, "x");
  check_refused([&] { tv.solve(b.data(), x.data(), 0); }, "x");
  x[3] = 0.f;
  // Refused before any work: x is untouched.
  for (float v : x) CHECK(v == 0.f);
  CHECK(cgls.solve(b.data(), x.data(), 3).iterations == 3);
}

TEST_CASE("a solve that overflows float reports non_finite, not convergence", "[solver_inputs]") {
  const auto g = parallel();
  Op op(g, 2);
  // Finite data whose backprojection (a sum over 8 views) exceeds the float range.
  std::vector<float> b(g.sinogram_size(), 3e38f), x(g.volume_size(), 0.f);
  CGLS<Op> cgls(op, CGLSOptions{1e-3});
  const SolveReport report = cgls.solve(b.data(), x.data(), 10);
  CHECK(report.non_finite);
  CHECK_FALSE(report.converged);
  CHECK(report.iterations == 0);

  SolveReport fine = cgls.solve(std::vector<float>(g.sinogram_size(), 1.f).data(), x.data(), 4);
  CHECK_FALSE(fine.non_finite);
}

TEST_CASE("TV gradient descent refuses an operator of norm zero", "[solver_inputs]") {
  auto g = parallel();
  // Every ray passes 1000 mm beside the 16 mm image: A = 0.
  g.set_detector_origin(1000.0);
  Op op(g, 2);
  std::vector<float> b(g.sinogram_size(), 1.f), x(g.volume_size(), 0.f);
  TVGradientDescentOptions no_tv;
  no_tv.lambda = 0.f;
  TVGradientDescent<Op> plain(op, no_tv);
  check_refused([&] { plain.solve(b.data(), x.data(), 3); }, "op");
  TVGradientDescent<Op> with_tv(op);
  check_refused([&] { with_tv.solve(b.data(), x.data(), 3); }, "op");
  for (float v : x) CHECK(std::isfinite(v));
}

TEST_CASE("TV shapes are checked", "[solver_inputs]") {
  host::VectorSpace space(2);
  std::vector<float> v(64, 1.f), gradient(64);
  check_refused([&] { total_variation(space, v.data(), TVShape{0, 8, 8}, 0.1f); }, "shape");
  check_refused([&] { total_variation(space, v.data(), TVShape{8, -8, 1}, 0.1f); }, "shape");
  check_refused([&] { total_variation_gradient(space, v.data(), gradient.data(), TVShape{8, 8, 0}, 0.1f); }, "shape");
  check_refused([&] { total_variation(space, v.data(), TVShape{INT_MAX, INT_MAX, INT_MAX}, 0.1f); }, "shape");
  // Sized forms: the buffers must hold exactly one image of the shape.
  check_refused([&] { total_variation(space, v.data(), v.size(), TVShape{8, 8, 2}, 0.1f); }, "v");
  check_refused(
      [&] { total_variation_gradient(space, v.data(), v.size(), gradient.data(), 63, TVShape{8, 8, 1}, 0.1f); },
      "gradient");
  CHECK(total_variation(space, v.data(), v.size(), TVShape{8, 4, 2}, 0.1f) == 0.0);
  total_variation_gradient(space, v.data(), v.size(), gradient.data(), gradient.size(), TVShape{4, 4, 4}, 0.1f);
  for (float d : gradient) CHECK(d == 0.f);
}

TEST_CASE("TV refuses an epsilon whose square is 0 in float (a flat image gave 0 / 0)", "[solver_inputs]") {
  const auto g = parallel();
  Op op(g, 2);
  std::vector<float> b(g.sinogram_size(), 1.f), x(g.volume_size(), 0.f), gradient(x.size());
  host::VectorSpace space(2);
  const TVShape shape{16, 16, 1};
  for (float eps : {1.4e-45f, 1e-30f, 1e-20f, 0.f, -1.f, std::numeric_limits<float>::infinity()}) {
    TVGradientDescentOptions options;
    options.epsilon = eps;
    INFO("epsilon " << eps);
    check_refused([&] { TVGradientDescent<Op> tv(op, options); }, "epsilon");
    check_refused([&] { total_variation(space, x.data(), x.size(), shape, eps); }, "eps");
    check_refused([&] { total_variation_gradient(space, x.data(), x.size(), gradient.data(), gradient.size(), shape, eps); },
                  "eps");
  }
  // The smallest epsilon allowed gives a finite result on a flat start (the fuzzer's finding).
  TVGradientDescentOptions smallest;
  smallest.epsilon = 1.1e-19f;
  smallest.step = 1e-3f;
  TVGradientDescent<Op> tv(op, smallest);
  tv.solve(b.data(), x.data(), 3);
  for (float v : x) CHECK(std::isfinite(v));
}

TEST_CASE("TV with a step far beyond the stable one stops at the last finite iterate", "[solver_inputs]") {
  const auto g = parallel();
  Op op(g, 2);
  std::vector<float> b(g.sinogram_size(), 1.f), x(g.volume_size(), 0.f);
  TVGradientDescentOptions options;
  options.step = 1e38f;  // finite, so allowed; its first step overflows float (the fuzzer's finding)
  TVGradientDescent<Op> tv(op, options);
  const SolveReport report = tv.solve(b.data(), x.data(), 5);
  CHECK(report.non_finite);
  CHECK_FALSE(report.converged);
  CHECK(report.iterations == 0);
  for (float v : x) CHECK(v == 0.f);  // the start, the last finite iterate
}
