#pragma once
// Reconstruction filters as spatial-domain taps. Filtering one detector row of nu bins is the
// linear convolution q[n] = sum_m g[m] * taps[n - m + nu - 1], n, m in [0, nu): the taps already
// carry the sample spacing, and zero padding to any transform length >= 2 nu - 1 would give the
// same numbers, so no FFT is needed for exactness.

#include <pyronn/core/errors.hpp>

#include <cmath>
#include <vector>

namespace pyronn {

enum class Filter {
  ram_lak,  // the discrete band-limited ramp, sampled in space (Kak & Slaney eq. 3.61)
  ramp      // |f| sampled in frequency on a zero-padded grid, as FFT-based FBP does
};

inline const char* to_string(Filter f) { return f == Filter::ramp ? "ramp" : "ram_lak"; }

// Taps for lags -(nu - 1) .. nu - 1 (index lag + nu - 1) for detector spacing tau (mm).
inline std::vector<float> filter_taps(Filter filter, int nu, double tau) {
  detail::require(nu > 0, "detector_shape", "must be > 0, got " + detail::to_text(nu));
  detail::require_positive(tau, "filter spacing");
  const double pi = 3.14159265358979323846;
  std::vector<float> taps(std::size_t(2 * nu - 1));
  if (filter == Filter::ram_lak) {
    // h[0] = 1 / (4 tau^2), h[odd n] = -1 / (n pi tau)^2, h[even n] = 0; times tau.
    for (int n = -(nu - 1); n <= nu - 1; ++n)
      taps[n + nu - 1] = n == 0 ? float(1.0 / (4.0 * tau)) : (n % 2 ? float(-1.0 / (double(n) * n * pi * pi * tau)) : 0.f);
    return taps;
  }
  // Padded length P: the smallest power of two >= 2 nu - 1, so circular = linear convolution.
  int p = 1;
  while (p < 2 * nu - 1) p *= 2;
  // h[n] = 1/(P tau) sum_{k=-P/2}^{P/2-1} |k| / (P tau) cos(2 pi k n / P); times tau.
  for (int n = 0; n <= nu - 1; ++n) {
    double sum = 0.5 * p * std::cos(pi * n);  // k = -P/2
    for (int k = 1; k < p / 2; ++k) sum += 2.0 * k * std::cos(2.0 * pi * k * n / p);
    taps[nu - 1 + n] = taps[nu - 1 - n] = float(sum / (double(p) * p * tau));
  }
  return taps;
}

}  // namespace pyronn
