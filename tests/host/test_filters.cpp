// Reconstruction filters: closed forms, Kak & Slaney's Ram-Lak kernel, padded lengths, FFT
// filtering against the direct convolution, gradients (dot product and finite differences) and
// refused input.

#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/filter_engine.hpp>
#include <pyronn/host/filter_rows.hpp>
#include <pyronn/host/filter_rows_gradient.hpp>
#include <pyronn/recon/filters.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <random>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;
using pyronn_test::print_figure;
using pyronn_test::random_vector;

namespace {

const double pi = 3.14159265358979323846;

const Filter all_filters[] = {Filter::ram_lak, Filter::ramp, Filter::shepp_logan, Filter::cosine, Filter::hamming, Filter::hann};
const Filter frequency_filters[] = {Filter::ramp, Filter::shepp_logan, Filter::cosine, Filter::hamming, Filter::hann};

// The standard definitions, written out independently of the library, at f cycles/mm with
// spacing tau (f_N = 1 / (2 tau), |f| <= f_N).
double expected_response(Filter filter, double f, double tau) {
  const double fn = 0.5 / tau, a = std::abs(f);
  switch (filter) {
    case Filter::ram_lak:
    case Filter::ramp: return a;
    case Filter::shepp_logan: return f == 0 ? 0.0 : (2 * fn / pi) * std::abs(std::sin(pi * f / (2 * fn)));
    case Filter::cosine: return a * std::cos(pi * f / (2 * fn));
    case Filter::hamming: return a * (0.54 + 0.46 * std::cos(pi * f / fn));
    case Filter::hann: return a * std::cos(pi * f / (2 * fn)) * std::cos(pi * f / (2 * fn));
  }
  return 0;
}

// max |a - b| / max |b|
double relative_max(const std::vector<double>& a, const std::vector<double>& b) {
  double e = 0, n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) e = std::max(e, std::abs(a[i] - b[i])), n = std::max(n, std::abs(b[i]));
  return e / n;
}

// A stack of rows with weights: [batch][views][nv][nu] (nv = 1 and no cosine: the 2D layout).
struct Stack {
  int nu, nv, views, batch;
  std::vector<float> redundancy, cosine, input;
  std::size_t rows() const { return std::size_t(batch) * views * nv; }
  FilterRowsParams params(const float* taps) const {
    return {redundancy.data(), cosine.empty() ? nullptr : cosine.data(), taps, nu, nv, views};
  }
};

Stack make_stack(int nu, int nv, int views, int batch, bool with_cosine, unsigned seed) {
  Stack s{nu, nv, views, batch, random_vector(std::size_t(views) * nu, seed, 0.2f, 1.f), {}, {}};
  if (with_cosine) s.cosine = random_vector(std::size_t(nv) * nu, seed + 1, 0.5f, 1.f);
  s.input = random_vector(s.rows() * nu, seed + 2, -1.f, 1.f);
  return s;
}

// The weighted convolution in double, as the reference for both methods.
std::vector<double> reference_filter(const Stack& s, const std::vector<float>& taps) {
  std::vector<double> out(s.rows() * s.nu, 0.0);
  for (std::size_t r = 0; r < s.rows(); ++r) {
    const int v = int(r % s.nv), view = int((r / s.nv) % s.views);
    for (int n = 0; n < s.nu; ++n) {
      double sum = 0;
      for (int m = 0; m < s.nu; ++m) {
        double w = s.redundancy[std::size_t(view) * s.nu + m];
        if (!s.cosine.empty()) w *= s.cosine[std::size_t(v) * s.nu + m];
        sum += w * s.input[r * s.nu + m] * taps[n - m + s.nu - 1];
      }
      out[r * s.nu + n] = sum;
    }
  }
  return out;
}

std::vector<double> to_double(const std::vector<float>& v) { return std::vector<double>(v.begin(), v.end()); }

bool five_smooth(int n) {
  for (int p : {2, 3, 5})
    while (n % p == 0) n /= p;
  return n == 1;
}

// The methods this build can test.
std::vector<FilterMethod> methods() {
  std::vector<FilterMethod> m{FilterMethod::direct};
  if (host::fftw_available) m.push_back(FilterMethod::fft);
  return m;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Closed forms
// ---------------------------------------------------------------------------------------------

TEST_CASE("filter names round-trip and the windows take their textbook values", "[filters]") {
  for (Filter f : all_filters) CHECK(filter_from_string(to_string(f)) == f);
  for (Filter f : all_filters) CHECK(filter_window(f, 0.0) == Approx(1.0));
  CHECK(filter_window(Filter::ramp, 1.0) == 1.0);
  CHECK(filter_window(Filter::shepp_logan, 1.0) == Approx(2 / pi));
  CHECK(filter_window(Filter::cosine, 1.0) == Approx(0.0).margin(1e-15));
  CHECK(filter_window(Filter::hamming, 1.0) == Approx(0.08));
  CHECK(filter_window(Filter::hann, 1.0) == Approx(0.0).margin(1e-15));
  CHECK(filter_window(Filter::hann, 0.5) == Approx(0.5));
  CHECK(filter_closed_form(Filter::ramp, 0.7, 1.0) == 0.0);  // beyond Nyquist (0.5 / mm)
  CHECK(filter_closed_form(Filter::ramp, -0.5, 1.0) == 0.5);  // at Nyquist
  CHECK(is_frequency_defined(Filter::hann));
  CHECK_FALSE(is_frequency_defined(Filter::ram_lak));
}

TEST_CASE("each filter's sampled frequency response matches its closed form", "[filters]") {
  for (Filter f : all_filters)
    for (int length : {15, 64, 100, 1024}) {
      const double tau = 0.37;
      const auto response = filter_sampled_response(f, length, tau);
      std::vector<double> expected(response.size());
      for (int k = 0; k < length; ++k) {
        const int signed_k = 2 * k < length ? k : k - length;
        expected[std::size_t(k)] = expected_response(f, signed_k / (length * tau), tau);
      }
      const double e = relative_max(response, expected);
      INFO(to_string(f) << ", length " << length);
      CHECK(e <= 1e-6);
      if (length == 1024) print_figure(("sampled response vs closed form, " + std::string(to_string(f))).c_str(), e);
    }
}

TEST_CASE("frequency-defined taps are the inverse DFT of the closed form: their response equals it", "[filters]") {
  // With the design grid 2 nu - 1 every lag of the inverse DFT is kept, so the response of the
  // taps on that grid is the sampled closed form itself (float taps: rounding only).
  for (Filter f : frequency_filters)
    for (int nu : {1, 2, 7, 64, 257}) {
      const double tau = 1.3;
      const int d = 2 * nu - 1;
      const auto taps = filter_taps(f, nu, tau, d);
      const auto response = filter_response(taps, d);
      std::vector<double> re(response.size()), im(response.size()), expected(response.size());
      for (int k = 0; k < d; ++k) {
        re[std::size_t(k)] = response[std::size_t(k)].real();
        im[std::size_t(k)] = response[std::size_t(k)].imag();
        expected[std::size_t(k)] = expected_response(f, (2 * k < d ? k : k - d) / (d * tau), tau);
      }
      if (nu == 1) {  // one tap: the response is the mean of the one sample, 0
        CHECK(std::abs(re[0]) <= 1e-7);
        continue;
      }
      const double e = relative_max(re, expected);
      double imag = 0;
      for (double x : im) imag = std::max(imag, std::abs(x));
      INFO(to_string(f) << ", nu " << nu);
      CHECK(e <= 1e-6);
      CHECK(imag <= 1e-6 * (0.5 / tau));
      if (nu == 257) print_figure(("taps' response on the 2 nu - 1 grid vs closed form, " + std::string(to_string(f))).c_str(), e);
    }
}

TEST_CASE("frequency-defined taps filter exactly as multiplying the zero-padded DFT by the closed form", "[filters]") {
  // FFT-based FBP on the default design grid D (power of two >= 2 nu - 1): pad the row to D,
  // multiply its DFT by R(f_k), transform back; done here by a direct DFT in double.
  for (Filter f : frequency_filters)
    for (int nu : {5, 20, 33}) {
      const double tau = 0.9;
      const int d = filter_design_length(nu);
      const auto taps = filter_taps(f, nu, tau);
      std::vector<double> row(static_cast<std::size_t>(nu)), expected(static_cast<std::size_t>(nu)), filtered(static_cast<std::size_t>(nu));
      for (int m = 0; m < nu; ++m) row[std::size_t(m)] = std::sin(0.7 * m) + 0.1 * m;
      for (int n = 0; n < nu; ++n) {
        double sum = 0;
        for (int k = -d / 2; k < (d + 1) / 2; ++k) {
          double re = 0;  // real part of DFT(row)_k e^{2 pi i k n / D}
          for (int m = 0; m < nu; ++m) re += row[std::size_t(m)] * std::cos(2 * pi * k * double(n - m) / d);
          sum += expected_response(f, k / (d * tau), tau) * re / d;
        }
        expected[std::size_t(n)] = sum;
        double q = 0;
        for (int m = 0; m < nu; ++m) q += row[std::size_t(m)] * taps[std::size_t(n - m + nu - 1)];
        filtered[std::size_t(n)] = q;
      }
      INFO(to_string(f) << ", nu " << nu << ", D " << d);
      CHECK(relative_max(filtered, expected) <= 1e-6);
    }
}

TEST_CASE("Ram-Lak reproduces Kak and Slaney's discrete kernel and approaches the band-limited ramp", "[filters]") {
  for (int nu : {1, 2, 9, 64, 513})
    for (double tau : {0.25, 0.8, 1.5}) {
      const auto taps = filter_taps(Filter::ram_lak, nu, tau);
      REQUIRE(taps.size() == std::size_t(2 * nu - 1));
      // Eq. (3.61): h(0) = 1/(4 tau^2), h(n tau) = 0 for even n, -1/(n pi tau)^2 for odd n; taps = tau h.
      double e = 0;
      for (int n = -(nu - 1); n <= nu - 1; ++n) {
        const double h = n == 0 ? 1 / (4 * tau * tau) : (n % 2 == 0 ? 0.0 : -1 / (double(n) * n * pi * pi * tau * tau));
        e = std::max(e, std::abs(taps[std::size_t(n + nu - 1)] - tau * h) / (1 / (4 * tau)));
        CHECK(taps[std::size_t(n + nu - 1)] == taps[std::size_t(nu - 1 - n)]);
      }
      CHECK(e <= 1e-7);
      // Its response on a padded grid is the band-limited ramp |f| up to the dropped tail:
      // |H - |f|| <= 2 / (pi^2 tau) sum_{odd n >= nu} 1 / n^2.
      if (nu >= 2) {
        const int p = filter_padded_length(nu);
        const auto response = filter_response(taps, p);
        double tail = 0;
        for (long long n = (nu % 2 ? nu : nu + 1); n < 20000000; n += 2) tail += 1.0 / (double(n) * n);
        const double bound = 2 / (pi * pi * tau) * tail;
        double worst = 0;
        for (int k = 0; k < p; ++k) {
          const double f = (2 * k < p ? k : k - p) / (p * tau);
          worst = std::max(worst, std::abs(response[std::size_t(k)].real() - std::abs(f)) - bound);
          CHECK(std::abs(response[std::size_t(k)].imag()) <= 1e-6 / tau);
        }
        CHECK(worst <= 1e-6 / tau);
        if (nu == 513 && tau == 0.8) print_figure("Ram-Lak response minus |f| beyond the truncation bound (nu 513)", worst);
      }
    }
}

TEST_CASE("ramp taps keep their 0.1.0 values", "[filters]") {
  // 0.1.0's formula: h[n] = 1/(P tau) sum_{k=-P/2}^{P/2-1} |k| / (P tau) cos(2 pi k n / P), times tau,
  // P the smallest power of two >= 2 nu - 1. (Not nu = 1: there P = 1 and 0.1.0 added a spurious
  // half-bin "Nyquist" term of 1 / (2 tau); the one-point grid holds only f = 0, so the tap is 0.)
  for (int nu : {2, 6, 20, 100}) {
    const double tau = 1.1;
    int p = 1;
    while (p < 2 * nu - 1) p *= 2;
    const auto taps = filter_taps(Filter::ramp, nu, tau);
    CHECK(filter_design_length(nu) == p);
    for (int n = 0; n <= nu - 1; ++n) {
      double sum = 0.5 * p * std::cos(pi * n);
      for (int k = 1; k < p / 2; ++k) sum += 2.0 * k * std::cos(2.0 * pi * k * n / p);
      const double legacy = sum / (double(p) * p * tau);
      CHECK(taps[std::size_t(nu - 1 + n)] == Approx(legacy).margin(1e-7 / tau));
    }
  }
  CHECK(filter_taps(Filter::ramp, 1, 1.1)[0] == 0.f);
}

TEST_CASE("padded lengths: smallest 2^a 3^b 5^c at or above 2 nu - 1", "[filters]") {
  for (int minimum = 1; minimum <= 5000; ++minimum) {
    const int n = fast_transform_length(minimum);
    REQUIRE(n >= minimum);
    REQUIRE(five_smooth(n));
    for (int m = minimum; m < n; ++m) REQUIRE_FALSE(five_smooth(m));
  }
  CHECK(filter_padded_length(1) == 1);
  CHECK(filter_padded_length(8) == 15);
  CHECK(filter_padded_length(512) == 1024);
  CHECK(filter_padded_length(513) == 1080);
  CHECK(filter_padded_length(1025) == 2160);
  CHECK(filter_design_length(513) == 2048);
}

// ---------------------------------------------------------------------------------------------
// FFT against direct convolution
// ---------------------------------------------------------------------------------------------

TEST_CASE("FFT filtering gives the direct convolution's numbers", "[filters][fft]") {
  if (!host::fftw_available) {
    WARN("built without FFTW (PYRONN_HAS_FFTW undefined): only the direct method is tested");
    return;
  }
  struct Case {
    int nu, nv, views, batch;
    bool cosine;
    Filter filter;
  };
  // Odd padded lengths (nu 8 -> 15, 23 -> 45), nu = 1, 2D and 3D weight layouts, batches.
  const Case cases[] = {{1, 1, 3, 2, false, Filter::ram_lak},  {2, 1, 4, 1, false, Filter::hann},
                        {8, 3, 5, 2, true, Filter::ramp},      {23, 1, 17, 3, false, Filter::shepp_logan},
                        {64, 4, 9, 2, true, Filter::hamming},  {101, 1, 47, 2, false, Filter::ram_lak},
                        {257, 2, 12, 1, true, Filter::cosine}, {600, 1, 20, 1, false, Filter::ram_lak}};
  double worst_fft = 0, worst_direct = 0, worst_between = 0;
  for (const Case& c : cases) {
    const Stack s = make_stack(c.nu, c.nv, c.views, c.batch, c.cosine, 7u + unsigned(c.nu));
    const auto taps = filter_taps(c.filter, c.nu, 0.75);
    const auto params = s.params(taps.data());
    const auto reference = reference_filter(s, taps);
    std::vector<float> direct(s.input.size()), fft(s.input.size());
    for (int threads : {1, 3}) {
      host::RowFilter d(c.nu, FilterMethod::direct, threads), f(c.nu, FilterMethod::fft, threads);
      REQUIRE(f.method() == FilterMethod::fft);
      REQUIRE(f.workspace_bytes() > 0);
      std::vector<unsigned char> workspace(f.workspace_bytes());
      d.filter(s.input.data(), direct.data(), s.rows(), params);
      f.filter(s.input.data(), fft.data(), s.rows(), params, workspace.data(), workspace.size());
      const double e_fft = relative_max(to_double(fft), reference), e_direct = relative_max(to_double(direct), reference),
                   between = pyronn_test::relative_max(fft, direct);
      INFO("nu " << c.nu << ", threads " << threads << ", " << to_string(c.filter));
      CHECK(e_fft <= 1e-6);
      CHECK(e_direct <= 2e-6);
      CHECK(between <= 2e-6);
      worst_fft = std::max(worst_fft, e_fft);
      worst_direct = std::max(worst_direct, e_direct);
      worst_between = std::max(worst_between, between);
    }
  }
  print_figure("FFT row filter vs double reference, relative max error (worst case)", worst_fft);
  print_figure("direct row filter vs double reference, relative max error (worst case)", worst_direct);
  print_figure("FFT vs direct row filter, relative max difference (worst case)", worst_between);
}

TEST_CASE("FFT filtering uses the taps of each call and any workspace alignment", "[filters][fft]") {
  if (!host::fftw_available) return;
  const Stack s = make_stack(40, 1, 6, 1, false, 3);
  host::RowFilter f(40, FilterMethod::fft, 2), d(40, FilterMethod::direct, 2);
  std::vector<unsigned char> workspace(f.workspace_bytes() + 3);
  std::vector<float> a(s.input.size()), b(s.input.size());
  for (Filter filter : {Filter::ram_lak, Filter::hann}) {  // new taps, same engine
    const auto taps = filter_taps(filter, 40, 1.0);
    f.filter(s.input.data(), a.data(), s.rows(), s.params(taps.data()), workspace.data() + 3, workspace.size() - 3);
    d.filter(s.input.data(), b.data(), s.rows(), s.params(taps.data()));
    CHECK(pyronn_test::relative_max(a, b) <= 2e-6);
  }
}

TEST_CASE("the automatic method follows the documented rule", "[filters][fft]") {
  const FilterMethod big = host::resolve_filter_method(FilterMethod::automatic, host::fft_threshold_host);
  const FilterMethod small = host::resolve_filter_method(FilterMethod::automatic, host::fft_threshold_host - 1);
  CHECK(small == FilterMethod::direct);
  CHECK(big == (host::fftw_available ? FilterMethod::fft : FilterMethod::direct));
  CHECK(host::resolve_filter_method(FilterMethod::direct, 4096) == FilterMethod::direct);
  CHECK(host::RowFilter(10, FilterMethod::direct).workspace_bytes() == 0);
}

// ---------------------------------------------------------------------------------------------
// Gradients
// ---------------------------------------------------------------------------------------------

TEST_CASE("row filter adjoint passes the dot-product test", "[filters][gradient]") {
  for (FilterMethod method : methods())
    for (bool cosine : {false, true}) {
      const Stack s = make_stack(37, cosine ? 3 : 1, 5, 2, cosine, 11);
      const auto taps = filter_taps(Filter::shepp_logan, 37, 0.6);
      const auto params = s.params(taps.data());
      host::RowFilter engine(37, method, 2);
      std::vector<unsigned char> workspace(engine.workspace_bytes());
      const auto y = random_vector(s.input.size(), 12, -1.f, 1.f);
      std::vector<float> fx(s.input.size()), fty(s.input.size());
      engine.filter(s.input.data(), fx.data(), s.rows(), params, workspace.data(), workspace.size());
      engine.adjoint(y.data(), fty.data(), s.rows(), params, workspace.data(), workspace.size());
      const double mismatch = pyronn_test::adjoint_mismatch(fx, y, s.input, fty);
      INFO(to_string(method) << (cosine ? ", 3D weights" : ", 2D weights"));
      CHECK(mismatch <= 1e-6);
      print_figure(("row filter dot-product mismatch, " + std::string(to_string(method)) + (cosine ? ", 3D" : ", 2D")).c_str(),
                   mismatch);
    }
}

TEST_CASE("every filter passes a finite-difference gradient check in input and taps", "[filters][gradient]") {
  // L = 1/2 |filter(g; taps) - b|^2 is quadratic in g and in the taps, so the central difference
  // along any direction equals the directional derivative up to rounding, for any step.
  const int nu = 29;
  const Stack s = make_stack(nu, 2, 4, 2, true, 21);
  const auto b = random_vector(s.input.size(), 22, -0.5f, 0.5f);
  double worst_input = 0, worst_taps = 0;
  for (FilterMethod method : methods())
    for (Filter filter : all_filters) {
      const auto taps = filter_taps(filter, nu, 0.8);
      host::RowFilter engine(nu, method, 2);
      std::vector<unsigned char> workspace(engine.workspace_bytes());
      auto loss = [&](const std::vector<float>& g, const std::vector<float>& t) {
        std::vector<float> q(g.size());
        engine.filter(g.data(), q.data(), s.rows(), s.params(t.data()), workspace.data(), workspace.size());
        double l = 0;
        for (std::size_t i = 0; i < q.size(); ++i) l += 0.5 * (double(q[i]) - b[i]) * (double(q[i]) - b[i]);
        return l;
      };
      std::vector<float> q(s.input.size()), residual(s.input.size()), grad_input(s.input.size()), grad_taps(taps.size());
      engine.filter(s.input.data(), q.data(), s.rows(), s.params(taps.data()), workspace.data(), workspace.size());
      for (std::size_t i = 0; i < q.size(); ++i) residual[i] = q[i] - b[i];
      engine.adjoint(residual.data(), grad_input.data(), s.rows(), s.params(taps.data()), workspace.data(), workspace.size());
      engine.taps_gradient(s.input.data(), residual.data(), s.rows(), s.params(taps.data()), grad_taps.data(),
                           workspace.data(), workspace.size());

      const auto dg = random_vector(s.input.size(), 23, -1.f, 1.f);
      const auto dt = random_vector(taps.size(), 24, -0.1f, 0.1f);
      const double step = 0.5;
      std::vector<float> plus(s.input), minus(s.input), tplus(taps), tminus(taps);
      for (std::size_t i = 0; i < plus.size(); ++i) plus[i] += float(step * dg[i]), minus[i] -= float(step * dg[i]);
      for (std::size_t i = 0; i < taps.size(); ++i) tplus[i] += float(step * dt[i]), tminus[i] -= float(step * dt[i]);
      const double fd_input = (loss(plus, taps) - loss(minus, taps)) / (2 * step);
      const double fd_taps = (loss(s.input, tplus) - loss(s.input, tminus)) / (2 * step);
      // The perturbed vectors were rounded to float: take the directions they really moved along.
      std::vector<float> real_dg(dg.size()), real_dt(dt.size());
      for (std::size_t i = 0; i < dg.size(); ++i) real_dg[i] = float((double(plus[i]) - minus[i]) / (2 * step));
      for (std::size_t i = 0; i < dt.size(); ++i) real_dt[i] = float((double(tplus[i]) - tminus[i]) / (2 * step));
      const double e_input = std::abs(fd_input - pyronn_test::inner(grad_input, real_dg)) / std::abs(fd_input);
      const double e_taps = std::abs(fd_taps - pyronn_test::inner(grad_taps, real_dt)) / std::abs(fd_taps);
      INFO(to_string(filter) << ", " << to_string(method));
      CHECK(e_input <= 1e-4);
      CHECK(e_taps <= 1e-4);
      worst_input = std::max(worst_input, e_input);
      worst_taps = std::max(worst_taps, e_taps);
    }
  print_figure("row filter finite-difference gradient mismatch, input (worst filter/method)", worst_input);
  print_figure("row filter finite-difference gradient mismatch, taps (worst filter/method)", worst_taps);
}

TEST_CASE("taps gradient: FFT and direct agree with a double reference", "[filters][gradient][fft]") {
  if (!host::fftw_available) return;
  for (int nu : {1, 8, 100}) {
    const Stack s = make_stack(nu, 3, 7, 2, true, 31);
    const auto taps = filter_taps(Filter::hamming, nu, 1.0);
    const auto dq = random_vector(s.input.size(), 32, -1.f, 1.f);
    std::vector<double> reference(taps.size(), 0.0);
    for (std::size_t r = 0; r < s.rows(); ++r) {
      const int v = int(r % s.nv), view = int((r / s.nv) % s.views);
      for (int j = 0; j < 2 * nu - 1; ++j)
        for (int n = 0; n < nu; ++n) {
          const int m = n - (j - (nu - 1));
          if (m < 0 || m >= nu) continue;
          const double w = double(s.redundancy[std::size_t(view) * nu + m]) * s.cosine[std::size_t(v) * nu + m];
          reference[std::size_t(j)] += double(dq[r * nu + n]) * w * s.input[r * nu + m];
        }
    }
    for (FilterMethod method : {FilterMethod::direct, FilterMethod::fft})
      for (int threads : {1, 2, 5}) {
        host::RowFilter engine(nu, method, threads);
        std::vector<unsigned char> workspace(engine.workspace_bytes());
        std::vector<float> grad(taps.size(), 123.f);
        engine.taps_gradient(s.input.data(), dq.data(), s.rows(), s.params(taps.data()), grad.data(), workspace.data(),
                             workspace.size());
        const double e = relative_max(to_double(grad), reference);
        INFO("nu " << nu << ", " << to_string(method) << ", threads " << threads);
        CHECK(e <= 1e-6);
      }
  }
}

// ---------------------------------------------------------------------------------------------
// FBP uses the engine
// ---------------------------------------------------------------------------------------------

TEST_CASE("FBP and FDK give the same reconstruction with FFT and direct filtering", "[filters][fbp][fdk]") {
  if (!host::fftw_available) return;
  {
    const GeometryFan2D g({64, 57}, {1.0, 1.1}, 120, 1.3, 53, 2 * pi, 500, 300);
    host::FBP2D<GeometryFan2D> direct(g, Filter::ram_lak, 0, FilterMethod::direct), fft(g, Filter::ram_lak, 0, FilterMethod::fft);
    CHECK(direct.filter_method() == FilterMethod::direct);
    CHECK(fft.filter_method() == FilterMethod::fft);
    CHECK(host::FBP2D<GeometryFan2D>(g).filter_method() == host::resolve_filter_method(FilterMethod::automatic, 120));
    const auto sino = random_vector(2 * g.sinogram_size(), 41);
    std::vector<float> a(2 * g.volume_size()), b(a.size());
    direct.reconstruct(sino.data(), a.data(), 2);
    fft.reconstruct(sino.data(), b.data(), 2);
    const double e = pyronn_test::relative_max(b, a);
    print_figure("FBP 2D fan, FFT vs direct filtering, relative max difference", e);
    CHECK(e <= 1e-5);
  }
  {
    const GeometryCone3D g({24, 20, 16}, {1.0, 1.0, 1.0}, {12, 40}, {1.5, 1.5}, 30, 2 * pi, 400, 250);
    host::FDK<> direct(g, Filter::hann, 0, FilterMethod::direct), fft(g, Filter::hann, 0, FilterMethod::fft);
    const auto projections = random_vector(g.sinogram_size(), 42);
    std::vector<float> a(g.volume_size()), b(a.size());
    direct.reconstruct(projections.data(), a.data());
    fft.reconstruct(projections.data(), b.data());
    const double e = pyronn_test::relative_max(b, a);
    print_figure("FDK, FFT vs direct filtering, relative max difference", e);
    CHECK(e <= 1e-5);
  }
}

// ---------------------------------------------------------------------------------------------
// Refused input
// ---------------------------------------------------------------------------------------------

TEST_CASE("filters refuse bad input", "[filters][errors]") {
  check_refused([] { filter_taps(Filter::ram_lak, 0, 1.0); }, "detector_shape");
  check_refused([] { filter_taps(Filter::hann, -3, 1.0); }, "detector_shape");
  check_refused([] { filter_taps(Filter::ramp, 8, 0.0); }, "filter spacing");
  check_refused([] { filter_taps(Filter::ramp, 8, -1.0); }, "filter spacing");
  check_refused([] { filter_taps(Filter::cosine, 8, std::nan("")); }, "filter spacing");
  check_refused([] { filter_taps(static_cast<Filter>(42), 8, 1.0); }, "filter");
  check_refused([] { filter_taps(Filter::hann, 8, 1.0, 14); }, "design_length");
  check_refused([] { filter_window(static_cast<Filter>(-1), 0.5); }, "filter");
  check_refused([] { filter_closed_form(Filter::hann, 0.1, 0.0); }, "filter spacing");
  check_refused([] { filter_sampled_response(Filter::hann, 0, 1.0); }, "padded_length");
  check_refused([] { filter_from_string("butterworth"); }, "filter");
  check_refused([] { fast_transform_length(0); }, "minimum");
  check_refused([] { filter_padded_length(0); }, "detector_shape");
  const std::vector<float> taps = filter_taps(Filter::ram_lak, 8, 1.0);
  check_refused([&] { filter_response(taps, 14); }, "padded_length");
  check_refused([&] { filter_response(std::vector<float>(4), 16); }, "taps");
  check_refused([&] { filter_response(nullptr, 8, 16); }, "taps");

  check_refused([] { host::RowFilter(0); }, "detector_shape");
  check_refused([] { host::RowFilter(8, static_cast<FilterMethod>(9)); }, "method");
  if (!host::fftw_available) check_refused([] { host::RowFilter(8, FilterMethod::fft); }, "method");

  const Stack s = make_stack(8, 1, 2, 1, false, 51);
  std::vector<float> out(s.input.size()), grad(taps.size());
  for (FilterMethod method : methods()) {
    host::RowFilter engine(8, method, 1);
    std::vector<unsigned char> workspace(engine.workspace_bytes());
    void* ws = workspace.data();
    const std::size_t wn = workspace.size();
    const FilterRowsParams good = s.params(taps.data());
    FilterRowsParams p = good;
    p.nu = 9;
    check_refused([&] { engine.filter(s.input.data(), out.data(), s.rows(), p, ws, wn); }, "params.nu");
    p = good;
    p.views = 0;
    check_refused([&] { engine.filter(s.input.data(), out.data(), s.rows(), p, ws, wn); }, "params.views");
    p = good;
    p.taps = nullptr;
    check_refused([&] { engine.adjoint(s.input.data(), out.data(), s.rows(), p, ws, wn); }, "params.taps");
    check_refused([&] { engine.filter(nullptr, out.data(), s.rows(), good, ws, wn); }, "input");
    check_refused([&] { engine.filter(s.input.data(), out.data(), 0, good, ws, wn); }, "rows");
    check_refused([&] { engine.filter(out.data(), out.data(), s.rows(), good, ws, wn); }, "output");
    check_refused([&] { engine.taps_gradient(s.input.data(), out.data(), s.rows(), good, nullptr, ws, wn); }, "grad_taps");
    if (method == FilterMethod::fft) {
      check_refused([&] { engine.filter(s.input.data(), out.data(), s.rows(), good, ws, wn - 1); }, "workspace_size");
      check_refused([&] { engine.filter(s.input.data(), out.data(), s.rows(), good, nullptr, wn); }, "workspace");
    }
  }
  check_refused([&] { host::filter_rows_adjoint(s.input.data(), nullptr, s.rows(), s.params(taps.data()), 1); }, "grad_input");
  check_refused([&] { host::filter_rows_taps_gradient(s.input.data(), out.data(), s.rows(), s.params(taps.data()), nullptr, 1); },
                "grad_taps");
}

TEST_CASE("a learned response becomes taps, and the gradient goes back through the transpose", "[filters][gradient]") {
  const int nu = 21, length = 64;
  // Any sampled response is a filter: the ramp's gives the ramp's taps.
  const std::vector<float> ramp = filter_taps(Filter::ramp, nu, 0.7, length);
  const std::vector<float> from_response = taps_from_response(filter_sampled_response(Filter::ramp, length, 0.7), nu);
  for (std::size_t i = 0; i < ramp.size(); ++i) CHECK(from_response[i] == Approx(ramp[i]).margin(1e-7));
  // response_gradient is the transpose: <T r, g> = <r, T^T g> for an even r.
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::vector<double> half(length / 2 + 1), r(length), g(2 * nu - 1);
  for (double& h : half) h = unit(rng);
  for (int k = 0; k < length; ++k) r[k] = half[k <= length / 2 ? k : length - k];
  for (double& v : g) v = unit(rng);
  const std::vector<float> taps = taps_from_response(r, nu);
  const std::vector<double> back = response_gradient(g, nu, length);
  double lhs = 0, rhs = 0;
  for (std::size_t i = 0; i < g.size(); ++i) lhs += double(taps[i]) * g[i];
  for (int k = 0; k < length; ++k) rhs += r[k] * back[k];
  CHECK(std::abs(lhs - rhs) <= 1e-6 * std::abs(lhs));
}
