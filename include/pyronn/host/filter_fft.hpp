#pragma once
// FFT row filtering on the host with FFTW3 (single precision, libfftw3f), optional.
//
// Available only where PYRONN_HAS_FFTW is defined (the pyronn CMake target defines it, and links
// libfftw3f, when FFTW3 was found at configure time; a plain `g++ -Iinclude` build leaves it out
// and the direct convolution of host/filter_rows.hpp does the work). PYRONN_HAS_FFTW must be the
// same in every translation unit of a program. host::fftw_available says which case this is.
//
// host::FilterFFT computes the same thing as host::filter_rows (weights, then linear convolution
// with 2 nu - 1 taps) and its two gradients (host/filter_rows_gradient.hpp) by zero padding each row
// to P = filter_padded_length(nu) >= 2 nu - 1, so that circular convolution equals the linear one:
//   q = IDFT_P( DFT_P(w g) * H ),   H = filter_response(taps, P)  (the taps laid out circularly)
//   d loss / d g = w * IDFT_P( DFT_P(dq) * conj(H) )
//   d loss / d taps[l + nu - 1] = IDFT_P( sum_rows conj(DFT_P(w g)) * DFT_P(dq) )[l]
// H is recomputed from params.taps on every call (one transform), so trained taps are always used.
//
// Memory: the constructor makes the FFTW plans (FFTW_ESTIMATE, under a process-wide lock, since
// FFTW's planner is not thread-safe) and a twiddle table; every call works in a workspace the
// caller provides, of workspace_bytes() (any alignment; the engine aligns inside it). Calls are
// const: one FilterFFT may serve several threads at once, each with its own workspace.

#include <pyronn/core/errors.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/kernels/filter_row.hpp>
#include <pyronn/recon/filter_rows_gradient.hpp>
#include <pyronn/recon/filters.hpp>

#include <cstddef>

#ifdef PYRONN_HAS_FFTW
#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>
#endif

namespace pyronn {
namespace host {

#ifdef PYRONN_HAS_FFTW
constexpr bool fftw_available = true;
#else
constexpr bool fftw_available = false;
#endif

#ifdef PYRONN_HAS_FFTW

// Not host::detail: other host code names pyronn::detail unqualified from inside namespace host.
namespace fftw_detail {

// FFTW's planner (plan creation and destruction) must not run in two threads at once.
inline std::mutex& fftw_planner_mutex() {
  static std::mutex m;
  return m;
}

constexpr std::size_t fft_alignment = 64;  // covers every SIMD alignment FFTW may plan for

inline std::size_t align_up(std::size_t n) { return (n + fft_alignment - 1) / fft_alignment * fft_alignment; }

// Owns one fftwf_plan; destroyed under the planner lock.
class FftwPlan {
 public:
  FftwPlan() = default;
  explicit FftwPlan(fftwf_plan plan) : plan_(plan) {}
  FftwPlan(const FftwPlan&) = delete;
  FftwPlan& operator=(const FftwPlan&) = delete;
  FftwPlan(FftwPlan&& other) noexcept : plan_(std::exchange(other.plan_, nullptr)) {}
  FftwPlan& operator=(FftwPlan&& other) noexcept {
    std::swap(plan_, other.plan_);
    return *this;
  }
  ~FftwPlan() {
    if (plan_) {
      std::lock_guard<std::mutex> lock(fftw_planner_mutex());
      fftwf_destroy_plan(plan_);
    }
  }
  fftwf_plan get() const { return plan_; }

 private:
  fftwf_plan plan_ = nullptr;
};

}  // namespace fftw_detail

class FilterFFT {
 public:
  // Plans for rows of nu bins, to be processed by `threads` threads (0: one per hardware thread).
  explicit FilterFFT(int nu, int threads = 0)
      : nu_((::pyronn::detail::require_bins(nu), nu)),
        p_(filter_padded_length(nu)),
        bins_(p_ / 2 + 1),
        threads_(resolve_thread_count(threads)) {
    const double pi = 3.14159265358979323846;
    cos_.resize(std::size_t(p_));
    sin_.resize(std::size_t(p_));
    for (int i = 0; i < p_; ++i) {
      cos_[std::size_t(i)] = std::cos(2.0 * pi * i / p_);
      sin_[std::size_t(i)] = std::sin(2.0 * pi * i / p_);
    }
    std::lock_guard<std::mutex> lock(fftw_detail::fftw_planner_mutex());
    // FFTW_ESTIMATE neither reads nor writes the arrays, and the new-array execute functions only
    // need arrays with the same alignment (64 bytes here, as fftwf_malloc gives at least the SIMD
    // alignment and the workspace is carved at multiples of 64).
    float* real = static_cast<float*>(fftwf_malloc(sizeof(float) * std::size_t(p_)));
    fftwf_complex* spectrum = static_cast<fftwf_complex*>(fftwf_malloc(sizeof(fftwf_complex) * std::size_t(bins_)));
    if (real && spectrum) {
      forward_ = fftw_detail::FftwPlan(fftwf_plan_dft_r2c_1d(p_, real, spectrum, FFTW_ESTIMATE));
      inverse_ = fftw_detail::FftwPlan(fftwf_plan_dft_c2r_1d(p_, spectrum, real, FFTW_ESTIMATE));
    }
    fftwf_free(real);
    fftwf_free(spectrum);
    if (!forward_.get() || !inverse_.get())
      throw error("pyronn: FFTW could not plan a real transform of length " + ::pyronn::detail::to_text(p_));
  }

  int nu() const { return nu_; }
  int padded_length() const { return p_; }
  int threads() const { return threads_; }

  // Scratch every call needs: the spectrum of the taps, and per thread one padded row, two spectra
  // and a double accumulator, each 64-byte aligned, plus slack to align the start.
  std::size_t workspace_bytes() const { return fftw_detail::fft_alignment + spectrum_bytes() + std::size_t(threads_) * slot_bytes(); }

  // output = filter_rows(input) (weights, then convolution with params.taps).
  void filter(const float* input, float* output, std::size_t rows, const FilterRowsParams& params, void* workspace,
              std::size_t workspace_size) const {
    ::pyronn::detail::check_filter_rows_call(input, "input", output, "output", rows, params);
    check_call(params, workspace, workspace_size);
    run_rows(params, workspace, rows, false, [&](std::size_t row, float* buffer) {
      const float* g = input + row * std::size_t(nu_);
      for (int m = 0; m < nu_; ++m) buffer[m] = filter_row_weight(params, row, m) * g[m];
    }, [&](std::size_t row, const float* buffer) {
      float* q = output + row * std::size_t(nu_);
      for (int n = 0; n < nu_; ++n) q[n] = buffer[n];
    });
  }

  // grad_input = d loss / d input, as host::filter_rows_adjoint.
  void adjoint(const float* grad_output, float* grad_input, std::size_t rows, const FilterRowsParams& params,
               void* workspace, std::size_t workspace_size) const {
    ::pyronn::detail::check_filter_rows_call(grad_output, "grad_output", grad_input, "grad_input", rows, params);
    check_call(params, workspace, workspace_size);
    run_rows(params, workspace, rows, true, [&](std::size_t row, float* buffer) {
      const float* d = grad_output + row * std::size_t(nu_);
      for (int n = 0; n < nu_; ++n) buffer[n] = d[n];
    }, [&](std::size_t row, const float* buffer) {
      float* g = grad_input + row * std::size_t(nu_);
      for (int m = 0; m < nu_; ++m) g[m] = filter_row_weight(params, row, m) * buffer[m];
    });
  }

  // grad_taps[j] = d loss / d taps[j], 2 nu - 1 values, overwritten (as host::filter_rows_taps_gradient).
  // The sum over rows is taken per frequency in double, per thread and then over threads in order:
  // deterministic for a given thread count.
  void taps_gradient(const float* input, const float* grad_output, std::size_t rows, const FilterRowsParams& params,
                     float* grad_taps, void* workspace, std::size_t workspace_size) const {
    ::pyronn::detail::check_filter_taps_gradient_call(input, grad_output, rows, params, grad_taps);
    check_call(params, workspace, workspace_size);
    unsigned char* base = aligned(workspace);
    const std::size_t slots = std::min<std::size_t>(std::size_t(threads_), rows);
    parallel_for(slots, int(slots), [&](std::size_t first_slot, std::size_t last_slot) {
      for (std::size_t s = first_slot; s < last_slot; ++s) {
        Slot slot = this->slot(base, s);
        std::fill(slot.sum, slot.sum + 2 * bins_, 0.0);
        for (std::size_t row = rows * s / slots; row < rows * (s + 1) / slots; ++row) {
          const float* g = input + row * std::size_t(nu_);
          const float* d = grad_output + row * std::size_t(nu_);
          std::fill(slot.real + nu_, slot.real + p_, 0.f);
          for (int m = 0; m < nu_; ++m) slot.real[m] = filter_row_weight(params, row, m) * g[m];
          fftwf_execute_dft_r2c(forward_.get(), slot.real, slot.spectrum);
          for (int n = 0; n < nu_; ++n) slot.real[n] = d[n];
          fftwf_execute_dft_r2c(forward_.get(), slot.real, slot.other);
          for (int k = 0; k < bins_; ++k) {  // conj(X_k) D_k
            const double xr = slot.spectrum[k][0], xi = slot.spectrum[k][1], dr = slot.other[k][0], di = slot.other[k][1];
            slot.sum[2 * k] += xr * dr + xi * di;
            slot.sum[2 * k + 1] += xr * di - xi * dr;
          }
        }
      }
    });
    double* total = slot(base, 0).sum;
    for (std::size_t s = 1; s < slots; ++s) {
      const double* part = slot(base, s).sum;
      for (int i = 0; i < 2 * bins_; ++i) total[i] += part[i];
    }
    // c[l] = 1/P sum_k G_k e^{2 pi i k l / P}, G Hermitian: the bins above P/2 are conjugates.
    const int lags = 2 * nu_ - 1;
    parallel_for(std::size_t(lags), threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t j = begin; j < end; ++j) {
        const long long lag = (long long)(j) - (nu_ - 1);
        double c = total[0];
        for (int k = 1; k < bins_; ++k) {
          long long phase = (k * lag) % p_;
          if (phase < 0) phase += p_;
          const double term = total[2 * k] * cos_[std::size_t(phase)] - total[2 * k + 1] * sin_[std::size_t(phase)];
          c += (2 * k == p_ ? 1.0 : 2.0) * term;
        }
        grad_taps[j] = float(c / p_);
      }
    });
  }

 private:
  struct Slot {
    float* real;              // P floats
    fftwf_complex* spectrum;  // P / 2 + 1
    fftwf_complex* other;     // P / 2 + 1
    double* sum;              // 2 (P / 2 + 1)
  };

  std::size_t spectrum_bytes() const { return fftw_detail::align_up(sizeof(fftwf_complex) * std::size_t(bins_)); }
  std::size_t slot_bytes() const {
    return fftw_detail::align_up(sizeof(float) * std::size_t(p_)) + 2 * spectrum_bytes() +
           fftw_detail::align_up(2 * sizeof(double) * std::size_t(bins_));
  }
  static unsigned char* aligned(void* workspace) {
    const std::uintptr_t a = reinterpret_cast<std::uintptr_t>(workspace);
    return static_cast<unsigned char*>(workspace) + (fftw_detail::fft_alignment - a % fftw_detail::fft_alignment) % fftw_detail::fft_alignment;
  }
  fftwf_complex* taps_spectrum(unsigned char* base) const { return reinterpret_cast<fftwf_complex*>(base); }
  Slot slot(unsigned char* base, std::size_t s) const {
    unsigned char* at = base + spectrum_bytes() + s * slot_bytes();
    Slot slot;
    slot.real = reinterpret_cast<float*>(at);
    at += fftw_detail::align_up(sizeof(float) * std::size_t(p_));
    slot.spectrum = reinterpret_cast<fftwf_complex*>(at);
    slot.other = reinterpret_cast<fftwf_complex*>(at + spectrum_bytes());
    slot.sum = reinterpret_cast<double*>(at + 2 * spectrum_bytes());
    return slot;
  }

  void check_call(const FilterRowsParams& params, const void* workspace, std::size_t workspace_size) const {
    ::pyronn::detail::require(params.nu == nu_, "params.nu",
                              "must equal the nu the FFT plan was made for (" + ::pyronn::detail::to_text(nu_) +
                                  "), got " + ::pyronn::detail::to_text(params.nu));
    ::pyronn::detail::require_not_null(workspace, "workspace");
    ::pyronn::detail::require(workspace_size >= workspace_bytes(), "workspace_size",
                              "needs at least " + ::pyronn::detail::to_text(workspace_bytes()) + " bytes (workspace_bytes()), got " +
                                  ::pyronn::detail::to_text(workspace_size));
  }

  // H / P from params.taps into the workspace's taps spectrum (the 1 / P of the inverse folded in).
  void transform_taps(const float* taps, unsigned char* base) const {
    Slot scratch = slot(base, 0);
    std::fill(scratch.real, scratch.real + p_, 0.f);
    for (int l = -(nu_ - 1); l <= nu_ - 1; ++l) scratch.real[l < 0 ? l + p_ : l] = taps[l + nu_ - 1];
    fftwf_complex* h = taps_spectrum(base);
    fftwf_execute_dft_r2c(forward_.get(), scratch.real, h);
    const float scale = 1.f / float(p_);
    for (int k = 0; k < bins_; ++k) h[k][0] *= scale, h[k][1] *= scale;
  }

  // For each row: load(row, padded) fills bins [0, nu) of the padded row, the spectrum is
  // multiplied by H / P (or its conjugate), and store(row, result) reads bins [0, nu) back.
  template <class Load, class Store>
  void run_rows(const FilterRowsParams& params, void* workspace, std::size_t rows, bool conjugate, const Load& load,
                const Store& store) const {
    unsigned char* base = aligned(workspace);
    transform_taps(params.taps, base);
    const fftwf_complex* h = taps_spectrum(base);
    const std::size_t slots = std::min<std::size_t>(std::size_t(threads_), rows);
    const float sign = conjugate ? -1.f : 1.f;
    parallel_for(slots, int(slots), [&](std::size_t first_slot, std::size_t last_slot) {
      for (std::size_t s = first_slot; s < last_slot; ++s) {
        Slot slot = this->slot(base, s);
        for (std::size_t row = rows * s / slots; row < rows * (s + 1) / slots; ++row) {
          std::fill(slot.real + nu_, slot.real + p_, 0.f);
          load(row, slot.real);
          fftwf_execute_dft_r2c(forward_.get(), slot.real, slot.spectrum);
          for (int k = 0; k < bins_; ++k) {
            const float xr = slot.spectrum[k][0], xi = slot.spectrum[k][1], hr = h[k][0], hi = sign * h[k][1];
            slot.spectrum[k][0] = xr * hr - xi * hi;
            slot.spectrum[k][1] = xr * hi + xi * hr;
          }
          fftwf_execute_dft_c2r(inverse_.get(), slot.spectrum, slot.real);
          store(row, slot.real);
        }
      }
    });
  }

  int nu_, p_, bins_, threads_;
  std::vector<double> cos_, sin_;
  fftw_detail::FftwPlan forward_, inverse_;
};

#endif  // PYRONN_HAS_FFTW

}  // namespace host
}  // namespace pyronn
