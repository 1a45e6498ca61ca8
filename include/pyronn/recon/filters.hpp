#pragma once
// Reconstruction filters as plain arrays of spatial-domain taps, and their frequency responses.
//
// Canonical form. Filtering one detector row of nu bins is the linear convolution
//   q[n] = sum_m g[m] * taps[n - m + nu - 1],   n, m in [0, nu),
// so a filter is 2 nu - 1 floats (lags -(nu - 1) .. nu - 1). The taps already carry the detector
// spacing tau (they are tau * h(n tau)), and they are what FilterRowsParams consumes, what the FFT
// engines transform, and what a learning loop trains (host/filter_rows_gradient.hpp gives the
// gradient with respect to them).
//
// Two kinds of filter:
//  * Ram-Lak: defined in space. Kak & Slaney, "Principles of Computerized Tomographic Imaging",
//    eq. (3.61): the band-limited ramp |f|, |f| <= 1 / (2 tau), sampled at n tau:
//      h(0) = 1 / (4 tau^2),  h(n tau) = 0 (n even),  h(n tau) = -1 / (n pi tau)^2 (n odd).
//  * ramp, Shepp-Logan, cosine, Hamming, Hann: defined in frequency. The closed form
//      R(f) = |f| * W(f / f_N),   f_N = 1 / (2 tau),  |f| <= f_N,
//    with the window W(x) of filter_window() (standard definitions, e.g. Kak & Slaney ch. 3 and
//    the smoothing windows of Shepp & Logan 1974, Hamming and Hann), is sampled on a zero-padded
//    DFT grid of D >= 2 nu - 1 points, f_k = k / (D tau), k in [-floor(D/2), ceil(D/2) - 1], and the
//    taps are its inverse DFT,  taps[n] = 1/D sum_k R(f_k) exp(2 pi i k n / D),  kept for the 2 nu - 1
//    lags that a row of nu bins can reach. Filtering with these taps therefore gives, on the nu
//    output bins, exactly what FFT-based FBP gives when it multiplies the padded row's DFT by R(f_k)
//    (the other D - (2 nu - 1) lags only ever meet the zero padding).
//
// Two padded lengths, on purpose:
//  * the design length D, on which the frequency-defined filters are sampled: by default the
//    smallest power of two >= 2 nu - 1 (filter_design_length), the classic FFT-FBP choice and the
//    one 0.1.0's Filter::ramp used, so that its taps are unchanged (up to float rounding; except
//    nu = 1, where 0.1.0 added a spurious half-bin term and the one-point grid now gives tap 0);
//  * the transform length P that the FFT engines use, the smallest 2^a 3^b 5^c >= 2 nu - 1
//    (filter_padded_length). Any P >= 2 nu - 1 makes circular convolution with the taps equal to
//    the linear one, so the FFT path gives the direct convolution's numbers whatever D was.

#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <complex>
#include <cstddef>
#include <string>
#include <vector>

namespace pyronn {

enum class Filter {
  ram_lak,      // the discrete band-limited ramp, sampled in space (Kak & Slaney eq. 3.61)
  ramp,         // |f| sampled in frequency on a zero-padded grid, as FFT-based FBP does
  shepp_logan,  // |f| sinc(f / (2 f_N)): |f| sin(pi x / 2) / (pi x / 2), x = f / f_N
  cosine,       // |f| cos(pi x / 2)
  hamming,      // |f| (0.54 + 0.46 cos(pi x))
  hann          // |f| (0.5 + 0.5 cos(pi x)) = |f| cos^2(pi x / 2)
};

namespace detail {

inline bool is_known_filter(Filter f) {
  switch (f) {
    case Filter::ram_lak:
    case Filter::ramp:
    case Filter::shepp_logan:
    case Filter::cosine:
    case Filter::hamming:
    case Filter::hann:
      return true;
  }
  return false;
}

inline void require_filter(Filter f) {
  require(is_known_filter(f), "filter",
          "unknown filter value " + to_text(static_cast<int>(f)) +
              "; expected ram_lak, ramp, shepp_logan, cosine, hamming or hann");
}

// Rows of up to 2^29 bins: their 2 nu - 1 taps and padded lengths (< 2^30, fast_transform_length's
// limit) then fit int, the filters' index type.
constexpr int max_filter_bins = 1 << 29;
inline void require_bins(int nu) {
  require(nu > 0 && nu <= max_filter_bins, "detector_shape",
          "must lie in [1, 2^29] (2 nu - 1 taps must fit int), got " + to_text(nu));
}

inline void require_padded_length(int length, int nu, const char* parameter) {
  require(length >= 2 * nu - 1, parameter,
          "must be >= 2 * nu - 1 = " + to_text(2 * nu - 1) + " (nu = " + to_text(nu) + "), got " + to_text(length));
}

constexpr double filter_pi = 3.14159265358979323846;

}  // namespace detail

inline const char* to_string(Filter f) {
  switch (f) {
    case Filter::ram_lak: return "ram_lak";
    case Filter::ramp: return "ramp";
    case Filter::shepp_logan: return "shepp_logan";
    case Filter::cosine: return "cosine";
    case Filter::hamming: return "hamming";
    case Filter::hann: return "hann";
  }
  return "unknown";
}

// The inverse of to_string; throws pyronn::invalid_argument("filter") for any other name.
inline Filter filter_from_string(const std::string& name) {
  for (Filter f : {Filter::ram_lak, Filter::ramp, Filter::shepp_logan, Filter::cosine, Filter::hamming, Filter::hann})
    if (name == to_string(f)) return f;
  throw invalid_argument("filter", "unknown filter '" + name + "'; expected ram_lak, ramp, shepp_logan, cosine, hamming or hann");
}

// Ram-Lak is the only filter defined in space; the others are inverse DFTs of sampled responses.
inline bool is_frequency_defined(Filter f) {
  detail::require_filter(f);
  return f != Filter::ram_lak;
}

// ---------------------------------------------------------------------------------------------
// Padded lengths
// ---------------------------------------------------------------------------------------------

// The smallest n >= minimum of the form 2^a 3^b 5^c (fast for FFTW and cuFFT alike).
inline int fast_transform_length(int minimum) {
  detail::require(minimum > 0, "minimum", "must be > 0, got " + detail::to_text(minimum));
  detail::require(minimum <= (1 << 30), "minimum", "must be <= 2^30, got " + detail::to_text(minimum));
  for (int n = minimum;; ++n) {
    int m = n;
    for (int p : {2, 3, 5})
      while (m % p == 0) m /= p;
    if (m == 1) return n;
  }
}

// Transform length of the FFT engines for rows of nu bins: fast_transform_length(2 nu - 1).
inline int filter_padded_length(int nu) {
  detail::require_bins(nu);
  return fast_transform_length(2 * nu - 1);
}

// Default design grid of the frequency-defined filters: the smallest power of two >= 2 nu - 1.
inline int filter_design_length(int nu) {
  detail::require_bins(nu);
  int d = 1;
  while (d < 2 * nu - 1) d *= 2;
  return d;
}

// Signed DFT index of bin k of a length-n grid: k for k < ceil(n / 2), k - n above. For even n the
// Nyquist bin n / 2 maps to -n / 2 (its response is even, so the sign does not matter).
inline int dft_signed_index(int k, int n) { return 2 * k < n ? k : k - n; }

// ---------------------------------------------------------------------------------------------
// Closed forms
// ---------------------------------------------------------------------------------------------

// The window W(x) at normalised frequency x = f / f_N, |x| <= 1 (f_N = 1 / (2 tau), Nyquist).
inline double filter_window(Filter filter, double x) {
  detail::require_filter(filter);
  detail::require_finite(x, "x");
  const double pi = detail::filter_pi;
  switch (filter) {
    case Filter::ram_lak:
    case Filter::ramp: return 1.0;
    case Filter::shepp_logan: {
      const double a = 0.5 * pi * x;  // sinc(x / 2) with sinc(t) = sin(pi t) / (pi t)
      return a == 0.0 ? 1.0 : std::sin(a) / a;
    }
    case Filter::cosine: return std::cos(0.5 * pi * x);
    case Filter::hamming: return 0.54 + 0.46 * std::cos(pi * x);
    case Filter::hann: return 0.5 + 0.5 * std::cos(pi * x);
  }
  return 0.0;
}

// The closed-form frequency response R(f) = |f| W(f / f_N) at f cycles/mm for detector spacing
// tau mm; 0 beyond Nyquist. For Ram-Lak this is the band-limited ramp whose inverse Fourier
// transform eq. (3.61) samples (its truncated taps approach it as nu grows, see filter_response).
inline double filter_closed_form(Filter filter, double frequency, double tau) {
  detail::require_filter(filter);
  detail::require_length(tau, "filter spacing");
  detail::require_finite(frequency, "frequency");
  const double x = 2.0 * tau * frequency;  // f / f_N
  if (std::abs(x) > 1.0 + 1e-12) return 0.0;
  return std::abs(frequency) * filter_window(filter, std::max(-1.0, std::min(1.0, x)));
}

// R(f_k) on a grid of `length` points, in DFT order (k = 0 .. length - 1, f_k = signed(k) / (length tau)).
inline std::vector<double> filter_sampled_response(Filter filter, int length, double tau) {
  detail::require_filter(filter);
  detail::require(length > 0, "padded_length", "must be > 0, got " + detail::to_text(length));
  detail::require_length(tau, "filter spacing");
  std::vector<double> response(std::size_t(length), 0.0);
  for (int k = 0; k < length; ++k) {
    const double x = 2.0 * dft_signed_index(k, length) / length;  // f_k / f_N, exactly -1 at Nyquist
    response[std::size_t(k)] = std::abs(x) * (0.5 / tau) * filter_window(filter, x);
  }
  return response;
}

// ---------------------------------------------------------------------------------------------
// Taps
// ---------------------------------------------------------------------------------------------

namespace detail {

// cos(2 pi i / d) for i in [0, d): the inverse DFT's cosines, indexed by k n mod d, so that the
// index is exact and only d trig calls are made.
inline std::vector<double> dft_cosines(int d) {
  std::vector<double> c(static_cast<std::size_t>(d));
  for (int i = 0; i < d; ++i) c[std::size_t(i)] = std::cos(2.0 * filter_pi * i / d);
  return c;
}

}  // namespace detail

// The taps (lags -(nu - 1) .. nu - 1) of a real, even response sampled in DFT order on D >= 2 nu - 1
// points: taps[n] = 1/D sum_k R_k cos(2 pi k n / D). Any such response is a filter, e.g. a learned one.
inline std::vector<float> taps_from_response(const std::vector<double>& response, int nu) {
  detail::require_bins(nu);
  detail::require(response.size() <= std::size_t(INT_MAX), "response",
                  "holds " + detail::to_text(response.size()) + " values; at most 2^31 - 1 fit the filters' int index");
  const int d = int(response.size());
  detail::require_padded_length(d, nu, "response");
  const std::vector<double> cosines = detail::dft_cosines(d);
  std::vector<float> taps(std::size_t(2 * nu - 1));
  for (int n = 0; n <= nu - 1; ++n) {
    double sum = 0.0;
    long long phase = 0;  // k n mod d
    for (int k = 0; k < d; ++k) {
      sum += response[std::size_t(k)] * cosines[std::size_t(phase)];
      phase += n;
      if (phase >= d) phase -= d;
    }
    taps[std::size_t(nu - 1 + n)] = taps[std::size_t(nu - 1 - n)] = float(sum / d);
  }
  return taps;
}

// The transpose of taps_from_response: d loss / d R_k (DFT order, `length` points) from
// d loss / d taps (2 nu - 1 values).
inline std::vector<double> response_gradient(const std::vector<double>& taps_gradient, int nu, int length) {
  detail::require_bins(nu);
  detail::require(taps_gradient.size() == std::size_t(2 * nu - 1), "taps_gradient",
                  "must hold 2 nu - 1 = " + detail::to_text(2 * nu - 1) + " values, got " +
                      detail::to_text(taps_gradient.size()));
  detail::require_padded_length(length, nu, "length");
  const std::vector<double> cosines = detail::dft_cosines(length);
  std::vector<double> g(std::size_t(length), 0.0);
  for (int k = 0; k < length; ++k)
    for (int n = -(nu - 1); n <= nu - 1; ++n) {
      const long long phase = ((long long)k * (n < 0 ? length + n : n)) % length;
      g[std::size_t(k)] += taps_gradient[std::size_t(n + nu - 1)] * cosines[std::size_t(phase)] / length;
    }
  return g;
}

// Taps for lags -(nu - 1) .. nu - 1 (index lag + nu - 1) for detector spacing tau (mm), with the
// frequency-defined filters sampled on a design grid of design_length >= 2 nu - 1 points (Ram-Lak
// ignores it but still checks it).
inline std::vector<float> filter_taps(Filter filter, int nu, double tau, int design_length) {
  detail::require_filter(filter);
  detail::require_bins(nu);
  detail::require_length(tau, "filter spacing");
  detail::require_padded_length(design_length, nu, "design_length");
  const double pi = detail::filter_pi;
  std::vector<float> taps(std::size_t(2 * nu - 1));
  if (filter == Filter::ram_lak) {
    // tau * h(n tau): h[0] = 1 / (4 tau^2), h[odd n] = -1 / (n pi tau)^2, h[even n] = 0.
    for (int n = -(nu - 1); n <= nu - 1; ++n)
      taps[n + nu - 1] = n == 0 ? float(1.0 / (4.0 * tau)) : (n % 2 ? float(-1.0 / (double(n) * n * pi * pi * tau)) : 0.f);
    return taps;
  }
  return taps_from_response(filter_sampled_response(filter, design_length, tau), nu);
}

// The 0.1.0 signature: the default design grid (smallest power of two >= 2 nu - 1).
inline std::vector<float> filter_taps(Filter filter, int nu, double tau) {
  detail::require_filter(filter);
  detail::require_bins(nu);
  return filter_taps(filter, nu, tau, filter_design_length(nu));
}

// The frequency response of 2 nu - 1 taps on a padded grid of length >= 2 nu - 1, in DFT order:
//   H_k = sum_{l = -(nu-1)}^{nu-1} taps[l + nu - 1] exp(-2 pi i k l / length),
// i.e. the DFT of the taps laid out circularly (lag l at index l mod length). This is what the FFT
// engines multiply a padded row's DFT by. For symmetric taps H is real; trained taps need not be.
// For the frequency-defined filters with length = design length = 2 nu - 1 (nothing truncated)
// H_k equals filter_sampled_response; for Ram-Lak it approaches |f_k| with an error of at most
// 2 / (pi^2 tau) sum_{odd n >= nu} 1 / n^2 (the truncated tail of eq. 3.61).
inline std::vector<std::complex<double>> filter_response(const float* taps, int nu, int length) {
  detail::require_not_null(taps, "taps");
  detail::require_bins(nu);
  detail::require_padded_length(length, nu, "padded_length");
  const double pi = detail::filter_pi;
  std::vector<double> cosines(static_cast<std::size_t>(length)), sines(static_cast<std::size_t>(length));
  for (int i = 0; i < length; ++i) {
    cosines[std::size_t(i)] = std::cos(2.0 * pi * i / length);
    sines[std::size_t(i)] = std::sin(2.0 * pi * i / length);
  }
  std::vector<std::complex<double>> response(static_cast<std::size_t>(length));
  for (int k = 0; k < length; ++k) {
    double re = 0.0, im = 0.0;
    for (int l = -(nu - 1); l <= nu - 1; ++l) {
      long long phase = (static_cast<long long>(k) * l) % length;
      if (phase < 0) phase += length;
      const double t = taps[l + nu - 1];
      re += t * cosines[std::size_t(phase)];
      im -= t * sines[std::size_t(phase)];
    }
    response[std::size_t(k)] = {re, im};
  }
  return response;
}

inline std::vector<std::complex<double>> filter_response(const std::vector<float>& taps, int length) {
  detail::require(taps.size() % 2 == 1, "taps", "must hold 2 nu - 1 values, got " + detail::to_text(taps.size()));
  return filter_response(taps.data(), int((taps.size() + 1) / 2), length);
}

// ---------------------------------------------------------------------------------------------
// How rows are filtered
// ---------------------------------------------------------------------------------------------

// direct: the exact O(nu^2) per-row convolution (kernels/filter_row.hpp), always available.
// fft: zero padding to filter_padded_length(nu), FFT, multiply by filter_response, inverse FFT
//      (FFTW on the host where PYRONN_HAS_FFTW is defined, cuFFT on the GPU); the same numbers
//      up to float rounding, O(nu log nu) per row.
// automatic: fft when it is available and nu >= the driver's threshold (host: fft_threshold_host,
//      CUDA: fft_threshold_cuda), direct otherwise.
enum class FilterMethod { automatic, direct, fft };

inline const char* to_string(FilterMethod m) {
  switch (m) {
    case FilterMethod::automatic: return "automatic";
    case FilterMethod::direct: return "direct";
    case FilterMethod::fft: return "fft";
  }
  return "unknown";
}

}  // namespace pyronn
