// Per-ray weight operators (cosine, Parker, Wesarg et al.) on the host: closed forms, the
// redundancy of the short-scan weights, smoothness, finite-difference gradient checks with
// respect to the input and to the weights, and refused input.

#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/host/weights.hpp>
#include <pyronn/recon/fan_weights.hpp>
#include <pyronn/recon/fbp_weights_2d.hpp>
#include <pyronn/recon/fbp_weights_3d.hpp>
#include <pyronn/recon/redundancy_weights.hpp>
#include <pyronn/recon/weight_operators.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;
using pyronn_test::random_vector;

namespace {

const double pi = 3.14159265358979323846;

// Short scans just over the minimum pi + 2 * fan angle (the fan angle depends on the detector
// and sdd only, so a full-turn twin gives it).
GeometryFan2D fan_short() {
  const double fan = GeometryFan2D({32, 32}, {1.0, 1.0}, 41, 1.0, 8, 2 * pi, 400, 250).fan_angle();
  return GeometryFan2D({32, 32}, {1.0, 1.0}, 41, 1.0, 60, pi + 2 * fan + 0.05, 400, 250);
}
GeometryCone3D cone_short() {
  const double fan = GeometryCone3D({16, 16, 16}, {1, 1, 1}, {9, 21}, {1.2, 1.0}, 8, 2 * pi, 400, 250).fan_angle();
  return GeometryCone3D({16, 16, 16}, {1, 1, 1}, {9, 21}, {1.2, 1.0}, 40, pi + 2 * fan + 0.05, 400, 250);
}

// Relative mismatch of a central difference of L(x) = 1/2 |W x - b|^2 along d against
// <W^T (W x - b), d>. L is quadratic, so the difference is exact up to rounding.
double input_gradient_mismatch(const host::WeightOperator& op, int batch) {
  const std::size_t n = std::size_t(batch) * op.shape().projection_size();
  const auto x = random_vector(n, 41, -1.f, 2.f), d = random_vector(n, 42, -1.f, 1.f), b = random_vector(n, 43, 0.f, 2.f);
  const auto loss = [&](double step) {
    std::vector<float> shifted(n), out(n);
    for (std::size_t i = 0; i < n; ++i) shifted[i] = float(x[i] + step * d[i]);
    op.forward(shifted.data(), out.data(), batch);
    double l = 0;
    for (std::size_t i = 0; i < n; ++i) l += 0.5 * (double(out[i]) - b[i]) * (double(out[i]) - b[i]);
    return l;
  };
  std::vector<float> residual(n), gradient(n);
  op.forward(x.data(), residual.data(), batch);
  for (std::size_t i = 0; i < n; ++i) residual[i] -= b[i];
  op.adjoint(residual.data(), gradient.data(), batch);
  const double step = 0.25, fd = (loss(step) - loss(-step)) / (2 * step), analytic = pyronn_test::inner(gradient, d);
  return std::abs(fd - analytic) / std::abs(analytic);
}

// The same for L(w) = 1/2 sum over the batch of |w * x - b|^2 along a direction dw of the weights.
double weight_gradient_mismatch(host::WeightOperator op, int batch) {
  const std::size_t n = std::size_t(batch) * op.shape().projection_size();
  const std::vector<float> w = op.weights();
  const auto x = random_vector(n, 44, -1.f, 2.f), b = random_vector(n, 45, 0.f, 2.f);
  const auto dw = random_vector(w.size(), 46, -1.f, 1.f);
  const auto loss = [&](double step) {
    std::vector<float> shifted(w.size()), out(n);
    for (std::size_t j = 0; j < w.size(); ++j) shifted[j] = float(w[j] + step * dw[j]);
    op.set_weights(shifted);
    op.forward(x.data(), out.data(), batch);
    double l = 0;
    for (std::size_t i = 0; i < n; ++i) l += 0.5 * (double(out[i]) - b[i]) * (double(out[i]) - b[i]);
    return l;
  };
  const double step = 0.25, fd = (loss(step) - loss(-step)) / (2 * step);
  op.set_weights(w);
  std::vector<float> residual(n), gradient(w.size());
  op.forward(x.data(), residual.data(), batch);
  for (std::size_t i = 0; i < n; ++i) residual[i] -= b[i];
  op.gradient_weights(residual.data(), x.data(), gradient.data(), batch);
  const double analytic = pyronn_test::inner(gradient, dw);
  return std::abs(fd - analytic) / std::abs(analytic);
}

// Brute force: every element's product added to the weight that multiplies it, in double.
std::vector<float> reference_weight_gradient(const WeightShape& s, const std::vector<float>& g,
                                             const std::vector<float>& x) {
  std::vector<double> sum(s.weight_size(), 0.0);
  for (std::size_t i = 0; i < x.size(); ++i) sum[weight_index(s, i)] += double(g[i]) * double(x[i]);
  return std::vector<float>(sum.begin(), sum.end());
}

// max over a grid of spacing h of |w(p - h) - 2 w(p) + w(p + h)| / h, and of |w(p + h) - w(p)| / h.
// For a C^1 function (piecewise C^2) the first tends to 0 like h; a kink of slope jump J anywhere
// on the grid keeps it at J / 2 or more.
struct Curvature {
  double second, slope;
};
Curvature scan(const std::function<double(double)>& w, double lo, double hi, double h) {
  Curvature c{0, 0};
  double previous = w(lo - h), current = w(lo);
  for (double p = lo; p <= hi; p += h) {
    const double next = w(p + h);
    c.second = std::max(c.second, std::abs(previous - 2 * current + next) / h);
    c.slope = std::max(c.slope, std::abs(next - current) / h);
    previous = current;
    current = next;
  }
  return c;
}

}  // namespace

// ----- closed forms ------------------------------------------------------------------------------

TEST_CASE("fan cosine weights: sdd / sqrt(sdd^2 + s^2), one per column, broadcast over views", "[weights]") {
  const GeometryFan2D g({32, 32}, {1.0, 1.0}, 11, 2.0, 8, 2 * pi, 500, 300);
  const RayWeights w = cosine_ray_weights(g);
  CHECK(w.shape.layout == WeightLayout::row_column);
  CHECK(w.shape.views == 8);
  CHECK(w.shape.rows == 1);
  REQUIRE(w.values.size() == 11);
  for (int u = 0; u < 11; ++u) {
    const double s = (u - 5) * 2.0;
    CHECK(w.values[std::size_t(u)] == Approx(500 / std::sqrt(500.0 * 500 + s * s)).epsilon(1e-7));
  }
  const host::WeightOperator op(w);
  const std::vector<float> ones(g.sinogram_size(), 1.f);
  std::vector<float> out(ones.size());
  op.forward(ones.data(), out.data());
  for (int view = 0; view < 8; ++view)
    for (int u = 0; u < 11; ++u) CHECK(out[std::size_t(view) * 11 + std::size_t(u)] == w.values[std::size_t(u)]);
}

TEST_CASE("cone cosine weights: sdd / sqrt(sdd^2 + s^2 + t^2) per pixel, broadcast over views", "[weights]") {
  const GeometryCone3D g({16, 16, 16}, {1, 1, 1}, {5, 7}, {1.5, 2.0}, 6, 2 * pi, 300, 200);
  const RayWeights w = cosine_ray_weights(g);
  CHECK(w.shape.layout == WeightLayout::row_column);
  REQUIRE(w.values.size() == 35);
  for (int v = 0; v < 5; ++v)
    for (int u = 0; u < 7; ++u) {
      const double s = (u - 3) * 2.0, t = (v - 2) * 1.5;
      CHECK(w.values[std::size_t(v) * 7 + std::size_t(u)] == Approx(300 / std::sqrt(300.0 * 300 + s * s + t * t)).epsilon(1e-7));
    }
  CHECK(w.values[2 * 7 + 3] == 1.f);  // the central ray
}

TEST_CASE("cosine x Parker operators are exactly the FBP/FDK ray weights", "[weights]") {
  const auto fan = fan_short();
  const RayWeights fan_product = combined_ray_weights(cosine_ray_weights(fan), parker_ray_weights(fan));
  const std::vector<float> fbp = fbp_ray_weights(fan);
  REQUIRE(fan_product.values.size() == fbp.size());
  for (std::size_t i = 0; i < fbp.size(); ++i) CHECK(fan_product.values[i] == Approx(fbp[i]).epsilon(1e-6).margin(1e-7));

  const auto cone = cone_short();
  const RayWeights cone_product = combined_ray_weights(cosine_ray_weights(cone), parker_ray_weights(cone));
  const std::vector<float> redundancy = fbp_redundancy_weights(cone), cosine = fbp_cosine_weights(cone);
  const std::size_t nu = 21, nv = 9;
  for (std::size_t i = 0; i < cone_product.values.size(); ++i) {
    const std::size_t u = i % nu, v = (i / nu) % nv, view = i / (nu * nv);
    CHECK(cone_product.values[i] == redundancy[view * nu + u] * cosine[v * nu + u]);
  }

  // Chaining the two operators equals the one combined operator.
  const host::WeightOperator cosine_op(cosine_ray_weights(fan)), parker_op(parker_ray_weights(fan)),
      both(fan_product);
  const auto x = random_vector(2 * fan.sinogram_size(), 51);
  std::vector<float> a(x.size()), b(x.size());
  cosine_op.forward(x.data(), a.data(), 2);
  parker_op.forward(a.data(), a.data(), 2);  // in place
  both.forward(x.data(), b.data(), 2);
  CHECK(pyronn_test::relative_max(a, b) <= 1e-6);
}

// ----- Wesarg et al. ------------------------------------------------------------------------------

TEST_CASE("Wesarg weights with q = 1 are Parker's", "[weights][parker]") {
  double worst = 0;
  for (double delta : {0.1, 0.3, 0.6})
    for (double gamma = -0.95 * delta; gamma <= 0.95 * delta; gamma += 0.19 * delta)
      for (double beta = -0.05; beta <= pi + 2 * delta + 0.05; beta += 0.003)
        worst = std::max(worst, std::abs(wesarg_weight(beta, gamma, delta, 1.0) - parker_weight(beta, gamma, delta)));
  CHECK(worst <= 1e-12);

  const auto fan = fan_short();
  const RayWeights wesarg = wesarg_ray_weights(fan, 1.0), parker = parker_ray_weights(fan);
  REQUIRE(wesarg.values.size() == parker.values.size());
  for (std::size_t i = 0; i < parker.values.size(); ++i) CHECK(wesarg.values[i] == Approx(parker.values[i]).margin(1e-6));
}

TEST_CASE("Wesarg weights of the two measurements of every line sum to one", "[weights][parker]") {
  const double delta = 0.2;
  for (double q : {0.05, 0.1, 0.3, 0.5, 0.75, 1.0}) {
    double worst = 0;  // lines measured once have weight 1; the others' two weights sum to 1
    for (double gamma = -0.195; gamma <= 0.195; gamma += 0.013)
      for (double beta = 0; beta <= pi + 2 * delta; beta += 0.002) {
        const double conjugate = beta + pi + 2 * gamma;
        const double other = conjugate <= pi + 2 * delta ? conjugate : beta - pi + 2 * gamma;
        const bool once = other < 0 || other > pi + 2 * delta;
        const double sum = wesarg_weight(beta, gamma, delta, q) + (once ? 0.0 : wesarg_weight(other, -gamma, delta, q));
        worst = std::max(worst, std::abs(sum - 1));
      }
    pyronn_test::print_figure(("Wesarg redundancy, max |w + w_conjugate - 1|, q = " + std::to_string(q)).c_str(), worst);
    CHECK(worst <= 1e-12);
  }
}

TEST_CASE("Wesarg weights share a redundant line equally between their half-steps (q <= 1/2)", "[weights]") {
  const double delta = 0.25;
  for (double q : {0.1, 0.25, 0.5})
    for (double gamma : {-0.2, 0.0, 0.15}) {
      const double rise = 2 * (delta - gamma), fall = 2 * (delta + gamma);
      for (double t = 0; t <= 1; t += 0.05) {
        CHECK(wesarg_weight(q * rise + t * (1 - 2 * q) * rise, gamma, delta, q) == Approx(0.5).margin(1e-12));
        CHECK(wesarg_weight(pi - 2 * gamma + q * fall + t * (1 - 2 * q) * fall, gamma, delta, q) ==
              Approx(0.5).margin(1e-12));
      }
      CHECK(wesarg_weight(rise + 0.01, gamma, delta, q) == 1.0);
      CHECK(wesarg_weight(0.0, gamma, delta, q) == 0.0);
    }
}

TEST_CASE("Wesarg and Parker weights have a continuous first derivative in beta and gamma", "[weights][parker]") {
  // The control: Parker's band with a linear rise instead of sin^2 has kinks of slope 1 / B.
  const double delta = 0.3;
  const auto linear = [delta](double beta, double gamma) {
    const double rise = 2 * (delta - gamma);
    return beta < 0 ? 0.0 : std::min(1.0, beta / rise);
  };
  const Curvature kinked = scan([&](double b) { return linear(b, 0.1); }, -0.1, 1.0, 1e-5);
  CHECK(kinked.second >= 0.4 * kinked.slope);

  for (double q : {0.2, 0.5, 0.8, 1.0}) {
    double worst_beta = 0, worst_beta_fine = 0, worst_gamma = 0;
    for (double gamma : {-0.25, -0.1, 0.0, 0.12, 0.25}) {
      const auto along_beta = [&](double b) { return wesarg_weight(b, gamma, delta, q); };
      const Curvature c = scan(along_beta, -0.1, pi + 2 * delta + 0.1, 2e-5);
      const Curvature fine = scan(along_beta, -0.1, pi + 2 * delta + 0.1, 1e-5);
      worst_beta = std::max(worst_beta, c.second / c.slope);
      worst_beta_fine = std::max(worst_beta_fine, fine.second / fine.slope);
    }
    for (double beta : {0.05, 0.3, 1.5, pi - 0.1, pi + 0.4}) {
      const Curvature c = scan([&](double g) { return wesarg_weight(beta, g, delta, q); }, -0.28, 0.28, 5e-6);
      if (c.slope > 0) worst_gamma = std::max(worst_gamma, c.second / c.slope);
    }
    const std::string tag = "q = " + std::to_string(q);
    pyronn_test::print_figure(("Wesarg max |second difference| / h / max slope along beta, h = 2e-5, " + tag).c_str(),
                              worst_beta);
    pyronn_test::print_figure(("Wesarg max |second difference| / h / max slope along gamma, h = 5e-6, " + tag).c_str(),
                              worst_gamma);
    CHECK(worst_beta <= 1e-2);
    CHECK(worst_beta_fine <= 0.6 * worst_beta);  // falls like h: no kink
    CHECK(worst_gamma <= 2e-2);
  }
}

TEST_CASE("Wesarg weights' steepest slope is pi / (4 q B) for q <= 1/2, Parker's pi / (2 B)", "[weights]") {
  const double delta = 0.3;
  for (double gamma : {-0.2, 0.1}) {
    const double rise = 2 * (delta - gamma);
    for (double q : {0.2, 0.5}) {
      const Curvature c = scan([&](double b) { return wesarg_weight(b, gamma, delta, q); }, 0, rise, 1e-6);
      CHECK(c.slope == Approx(pi / (4 * q * rise)).epsilon(1e-3));
    }
    const Curvature parker = scan([&](double b) { return parker_weight(b, gamma, delta); }, 0, rise, 1e-6);
    CHECK(parker.slope == Approx(pi / (2 * rise)).epsilon(1e-3));
  }
}

// ----- operators and gradients ------------------------------------------------------------------

TEST_CASE("weight operators multiply every element by its broadcast weight, in place or not", "[weights]") {
  const auto cone = cone_short();
  for (const RayWeights& w : {cosine_ray_weights(cone), parker_ray_weights(cone), wesarg_ray_weights(cone, 0.3),
                              full_ray_weights(wesarg_ray_weights(cone, 0.3))}) {
    INFO(to_string(w.shape.layout));
    const host::WeightOperator op(w, 2);
    const int batch = 3;
    const auto x = random_vector(std::size_t(batch) * cone.sinogram_size(), 52, -1.f, 1.f);
    const RayWeights full = full_ray_weights(w);
    std::vector<float> out(x.size()), in_place = x;
    op.forward(x.data(), out.data(), batch);
    op.adjoint(in_place.data(), in_place.data(), batch);
    bool exact = true;
    for (std::size_t i = 0; i < x.size(); ++i)
      exact = exact && out[i] == full.values[i % cone.sinogram_size()] * x[i] && in_place[i] == out[i];
    CHECK(exact);
  }
}

TEST_CASE("the weight gradient sums grad_output * input over the batch and the broadcast axes", "[weights]") {
  const auto cone = cone_short();
  for (const RayWeights& w : {cosine_ray_weights(cone), parker_ray_weights(cone), full_ray_weights(cosine_ray_weights(cone))}) {
    const host::WeightOperator op(w);
    const int batch = 2;
    const auto g = random_vector(std::size_t(batch) * cone.sinogram_size(), 53, -1.f, 1.f);
    const auto x = random_vector(g.size(), 54, -1.f, 1.f);
    std::vector<float> gradient(w.values.size());
    op.gradient_weights(g.data(), x.data(), gradient.data(), batch);
    CHECK(pyronn_test::relative_max(gradient, reference_weight_gradient(w.shape, g, x)) <= 1e-6);
    op.gradient_weights(x.data(), x.data(), gradient.data(), batch);  // grad_output and input may alias
    CHECK(pyronn_test::relative_max(gradient, reference_weight_gradient(w.shape, x, x)) <= 1e-6);
  }
}

TEST_CASE("every weight operator passes finite-difference gradient checks (input and weights)", "[weights][gradient]") {
  const auto fan = fan_short();
  const auto cone = cone_short();
  const std::vector<std::pair<std::string, RayWeights>> operators = {
      {"cosine fan", cosine_ray_weights(fan)},
      {"cosine cone", cosine_ray_weights(cone)},
      {"Parker fan", parker_ray_weights(fan)},
      {"Parker cone", parker_ray_weights(cone)},
      {"Wesarg q=0.3 fan", wesarg_ray_weights(fan, 0.3)},
      {"Wesarg q=0.3 cone", wesarg_ray_weights(cone, 0.3)},
      {"cosine x Parker cone (full)", combined_ray_weights(cosine_ray_weights(cone), parker_ray_weights(cone))},
  };
  for (const auto& named : operators) {
    const host::WeightOperator op(named.second);
    const double input = input_gradient_mismatch(op, 3), weights = weight_gradient_mismatch(op, 3);
    pyronn_test::print_figure(("weight operator input gradient vs finite difference, " + named.first).c_str(), input);
    pyronn_test::print_figure(("weight operator weight gradient vs finite difference, " + named.first).c_str(), weights);
    CHECK(input <= 1e-4);
    CHECK(weights <= 1e-4);
  }
}

TEST_CASE("weight operators: batch items are independent and the sized forms find the batch", "[weights]") {
  const auto fan = fan_short();
  const host::WeightOperator op(wesarg_ray_weights(fan, 0.5));
  const std::size_t n = fan.sinogram_size();
  const auto x = random_vector(4 * n, 55);
  std::vector<float> all(4 * n), one(n), sized(4 * n);
  op.forward(x.data(), all.data(), 4);
  op.forward(x.data(), x.size(), sized.data(), sized.size());
  CHECK(sized == all);
  for (int b = 0; b < 4; ++b) {
    op.forward(x.data() + b * n, one.data());
    CHECK(std::equal(one.begin(), one.end(), all.begin() + b * n));
  }
}

// ----- errors -------------------------------------------------------------------------------------

TEST_CASE("weight operators refuse bad input", "[weights][errors]") {
  const auto fan = fan_short();
  const RayWeights parker = parker_ray_weights(fan);
  const host::WeightOperator op(parker);
  const std::size_t n = fan.sinogram_size();
  std::vector<float> a(2 * n), b(2 * n), grad(parker.values.size());

  // Construction and weights.
  check_refused([&] { host::WeightOperator(RayWeights{parker.shape, std::vector<float>(3)}); }, "weights");
  check_refused([&] { host::WeightOperator(RayWeights{{0, 1, 4, WeightLayout::full}, {}}); }, "weight_shape");
  check_refused([&] { host::WeightOperator(parker, -1); }, "threads");
  host::WeightOperator mutable_op(parker);
  check_refused([&] { mutable_op.set_weights(std::vector<float>(parker.values.size() + 1)); }, "weights");
  check_refused([&] { mutable_op.set_weights(nullptr, parker.values.size()); }, "weights");

  // Pointers, batch, aliasing.
  check_refused([&] { op.forward(nullptr, b.data()); }, "input");
  check_refused([&] { op.forward(a.data(), nullptr); }, "output");
  check_refused([&] { op.forward(a.data(), b.data(), 0); }, "batch");
  check_refused([&] { op.adjoint(a.data(), b.data(), -2); }, "batch");
  check_refused([&] { op.forward(a.data(), a.data() + 1); }, "output");  // partial overlap
  check_refused([&] { op.gradient_weights(a.data(), b.data(), nullptr); }, "grad_weights");
  check_refused([&] { op.gradient_weights(nullptr, b.data(), grad.data()); }, "grad_output");
  check_refused([&] { op.gradient_weights(a.data(), b.data(), grad.data(), 0); }, "batch");
  check_refused([&] { op.gradient_weights(a.data(), a.data(), a.data() + n / 2); }, "grad_weights");

  // Sizes.
  check_refused([&] { op.forward(a.data(), n + 1, b.data(), n + 1); }, "input");
  check_refused([&] { op.forward(a.data(), 2 * n, b.data(), n); }, "output");
  check_refused([&] { op.adjoint(a.data(), 2 * n, b.data(), 3 * n); }, "grad_input");
  check_refused([&] { op.gradient_weights(a.data(), 2 * n, b.data(), n, grad.data(), grad.size()); }, "input");
  check_refused([&] { op.gradient_weights(a.data(), n, b.data(), n, grad.data(), grad.size() - 1); }, "grad_weights");

  // The free functions: weights of the wrong size or overlapping the output.
  check_refused([&] { host::apply_weights(parker.shape, parker.values.data(), 5, a.data(), b.data()); }, "weights");
  check_refused([&] { host::apply_weights(parker.shape, b.data(), parker.values.size(), a.data(), b.data()); }, "output");
  check_refused([&] { host::apply_weights(parker.shape, nullptr, parker.values.size(), a.data(), b.data()); }, "weights");

  // Generators.
  check_refused([&] { wesarg_ray_weights(fan, 0.0); }, "q");
  check_refused([&] { wesarg_ray_weights(fan, 1.5); }, "q");
  check_refused([&] { wesarg_ray_weights(fan, std::nan("")); }, "q");
  const GeometryFan2D too_short({32, 32}, {1.0, 1.0}, 41, 1.0, 60, pi + 0.01, 400, 250);
  check_refused([&] { parker_ray_weights(too_short); }, "angular_range");
  check_refused([&] { wesarg_ray_weights(too_short, 0.5); }, "angular_range");
  check_refused([&] { combined_ray_weights(parker, cosine_ray_weights(cone_short())); }, "weights");
}
