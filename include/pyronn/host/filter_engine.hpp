#pragma once
// host::RowFilter: weighting-then-filtering of detector rows and its two gradients, by direct
// convolution or by FFT (FFTW), chosen once at construction.
//
//   host::RowFilter engine(nu);                       // FilterMethod::automatic
//   std::vector<unsigned char> ws(engine.workspace_bytes());   // 0 bytes for the direct method
//   engine.filter(input, output, rows, params, ws.data(), ws.size());
//   engine.adjoint(grad_output, grad_input, rows, params, ws.data(), ws.size());
//   engine.taps_gradient(input, grad_output, rows, params, grad_taps, ws.data(), ws.size());
//
// The rule for FilterMethod::automatic: FFT where FFTW is available (PYRONN_HAS_FFTW) and
// nu >= fft_threshold_host, direct otherwise. Asking for FilterMethod::fft without FFTW throws.
// Both methods give the same numbers up to float rounding (tests/host/test_filters.cpp measures it).
// Calls are const; one engine may serve several threads at once, each with its own workspace.

#include <pyronn/host/filter_fft.hpp>
#include <pyronn/host/filter_rows.hpp>
#include <pyronn/host/filter_rows_gradient.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/recon/filter_rows_gradient.hpp>
#include <pyronn/recon/filters.hpp>

#include <cstddef>
#include <memory>

namespace pyronn {
namespace host {

// Rows of at least this many bins are filtered by FFT under FilterMethod::automatic. Measured on
// one core of the x86-64 build machine (g++ -O2, FFTW 3.3.10, FFTW_ESTIMATE plans), per row:
//   nu        4      8     16     64     256    1024    2048
//   direct   41 ns  85 ns 0.27 us 2.8 us  43 us  640 us  2.6 ms   (about 0.6-1 ns nu^2)
//   FFT      48 ns  79 ns 0.19 us 0.5 us 2.1 us  8.6 us   17 us   (about 0.35-1.2 ns P log2 P)
// They cross near nu = 8; 16 leaves a margin. The FFT path is also the more accurate one for
// long rows (relative max error against a double reference, nu = 2048: 3.5e-7 vs 3.9e-6).
constexpr int fft_threshold_host = 16;

// The method a RowFilter of nu bins uses when asked for `requested` on this build.
inline FilterMethod resolve_filter_method(FilterMethod requested, int nu) {
  ::pyronn::detail::require_bins(nu);
  switch (requested) {
    case FilterMethod::direct: return FilterMethod::direct;
    case FilterMethod::fft:
      ::pyronn::detail::require(fftw_available, "method",
                                "FilterMethod::fft on the host needs FFTW3: build with PYRONN_HAS_FFTW defined and libfftw3f "
                                "linked (the pyronn CMake target does this when libfftw3-dev is installed), or use "
                                "FilterMethod::direct / automatic");
      return FilterMethod::fft;
    case FilterMethod::automatic: return fftw_available && nu >= fft_threshold_host ? FilterMethod::fft : FilterMethod::direct;
  }
  throw invalid_argument("method", "unknown FilterMethod value " + ::pyronn::detail::to_text(static_cast<int>(requested)));
}

class RowFilter {
 public:
  explicit RowFilter(int nu, FilterMethod method = FilterMethod::automatic, int threads = 0)
      : nu_(nu), method_(resolve_filter_method(method, nu)), threads_(resolve_thread_count(threads)) {
#ifdef PYRONN_HAS_FFTW
    if (method_ == FilterMethod::fft) fft_ = std::make_shared<const FilterFFT>(nu_, threads_);
#endif
  }

  int nu() const { return nu_; }
  FilterMethod method() const { return method_; }  // direct or fft, never automatic
  int threads() const { return threads_; }

  // Scratch for every call: 0 for the direct method.
  std::size_t workspace_bytes() const {
#ifdef PYRONN_HAS_FFTW
    if (fft_) return fft_->workspace_bytes();
#endif
    return 0;
  }

  // output = weights, then convolution with params.taps, for `rows` rows of nu bins.
  void filter(const float* input, float* output, std::size_t rows, const FilterRowsParams& params,
              void* workspace = nullptr, std::size_t workspace_size = 0) const {
    ::pyronn::detail::check_filter_rows_call(input, "input", output, "output", rows, params);
    check_nu(params);
#ifdef PYRONN_HAS_FFTW
    if (fft_) return fft_->filter(input, output, rows, params, workspace, workspace_size);
#endif
    (void)workspace, (void)workspace_size;
    filter_rows(input, output, rows, params, threads_);
  }

  // grad_input = d loss / d input given grad_output = d loss / d output.
  void adjoint(const float* grad_output, float* grad_input, std::size_t rows, const FilterRowsParams& params,
               void* workspace = nullptr, std::size_t workspace_size = 0) const {
    check_nu(params);
#ifdef PYRONN_HAS_FFTW
    if (fft_) return fft_->adjoint(grad_output, grad_input, rows, params, workspace, workspace_size);
#endif
    (void)workspace, (void)workspace_size;
    filter_rows_adjoint(grad_output, grad_input, rows, params, threads_);
  }

  // grad_taps (2 nu - 1 values, overwritten) = d loss / d params.taps.
  void taps_gradient(const float* input, const float* grad_output, std::size_t rows, const FilterRowsParams& params,
                     float* grad_taps, void* workspace = nullptr, std::size_t workspace_size = 0) const {
    check_nu(params);
#ifdef PYRONN_HAS_FFTW
    if (fft_) return fft_->taps_gradient(input, grad_output, rows, params, grad_taps, workspace, workspace_size);
#endif
    (void)workspace, (void)workspace_size;
    filter_rows_taps_gradient(input, grad_output, rows, params, grad_taps, threads_);
  }

 private:
  void check_nu(const FilterRowsParams& params) const {
    ::pyronn::detail::require(params.nu == nu_, "params.nu",
                              "must equal the engine's nu (" + ::pyronn::detail::to_text(nu_) + "), got " +
                                  ::pyronn::detail::to_text(params.nu));
  }

  int nu_;
  FilterMethod method_;
  int threads_;
#ifdef PYRONN_HAS_FFTW
  std::shared_ptr<const FilterFFT> fft_;  // shared: copies of a RowFilter share the immutable plans
#endif
};

}  // namespace host
}  // namespace pyronn
