// Filters and redundancy weights against their closed forms.

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/recon/fan_weights.hpp>
#include <pyronn/recon/fbp_weights_2d.hpp>
#include <pyronn/recon/filters.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace pyronn;

namespace {
const double pi = 3.14159265358979323846;
}

TEST_CASE("Ram-Lak taps are Kak and Slaney's discrete kernel times the spacing", "[filter]") {
  const double tau = 0.8;
  const auto taps = filter_taps(Filter::ram_lak, 9, tau);
  REQUIRE(taps.size() == 17);
  CHECK(taps[8] == Approx(1 / (4 * tau)));
  for (int k = 1; k <= 8; ++k) {
    const double expected = k % 2 ? -1 / (k * k * pi * pi * tau) : 0.0;
    CHECK(taps[8 + k] == Approx(expected).margin(1e-9));
    CHECK(taps[8 - k] == taps[8 + k]);
  }
}

TEST_CASE("the ramp taps filter exactly as |f| applied to a zero-padded DFT", "[filter]") {
  // FFT-based FBP: pad the row to P >= 2 nu - 1, multiply its DFT by |f_k| = |k| / (P tau) for
  // k in [-P/2, P/2), transform back. Done here by a direct DFT in double.
  const int nu = 20, p = 64;
  const double tau = 1.3;
  const auto taps = filter_taps(Filter::ramp, nu, tau);
  std::vector<double> row(nu);
  for (int m = 0; m < nu; ++m) row[m] = std::sin(0.7 * m) + 0.1 * m;
  for (int n = 0; n < nu; ++n) {
    double expected = 0;
    for (int k = -p / 2; k < p / 2; ++k) {
      double re = 0, im = 0;  // DFT of the padded row at k, times e^{2 pi i k n / P}
      for (int m = 0; m < nu; ++m) {
        const double phase = 2 * pi * k * double(n - m) / p;
        re += row[m] * std::cos(phase);
        im += row[m] * std::sin(phase);
      }
      expected += std::abs(k) / (p * tau) * re / p;
    }
    double filtered = 0;
    for (int m = 0; m < nu; ++m) filtered += row[m] * taps[n - m + nu - 1];
    CHECK(filtered == Approx(expected).margin(1e-6));
  }
}

TEST_CASE("Parker weights of the two measurements of a line sum to one", "[parker]") {
  const double delta = 0.2;
  for (double gamma : {-0.19, -0.1, 0.0, 0.05, 0.18})
    for (double beta = 0; beta <= pi + 2 * delta; beta += 0.01) {
      const double conjugate = beta + pi + 2 * gamma;
      const double other = conjugate <= pi + 2 * delta ? conjugate : beta - pi + 2 * gamma;
      if (other < 0 || other > pi + 2 * delta) continue;
      CHECK(parker_weight(beta, gamma, delta) + parker_weight(other, -gamma, delta) == Approx(1.0).margin(1e-9));
    }
}

TEST_CASE("fan FBP weights: cosine times one half for a full turn", "[weights]") {
  GeometryFan2D g({32, 32}, {1.0, 1.0}, 11, 2.0, 8, 2 * pi, 500, 300);
  const auto w = fbp_ray_weights(g);
  for (int u = 0; u < 11; ++u) {
    const double s = (u - 5) * 2.0;
    CHECK(w[3 * 11 + u] == Approx(0.5 * 500 / std::sqrt(500.0 * 500 + s * s)));
  }
}

TEST_CASE("scan angles unwrap and follow the scan direction", "[weights]") {
  std::vector<dvec2> rays;
  for (int i = 0; i < 8; ++i) rays.push_back({std::cos(3.0 - 0.5 * i), std::sin(3.0 - 0.5 * i)});
  const auto beta = scan_angles(rays, -4.0);
  for (int i = 0; i < 8; ++i) CHECK(beta[i] == Approx(0.5 * i).margin(1e-12));
}
