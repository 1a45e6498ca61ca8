#pragma once
// FFT row filtering on the GPU with cuFFT: the same operation as cuda::filter_rows (weights, then
// linear convolution with 2 nu - 1 taps) and its two gradients, by zero padding each row to
// P = transform_length(nu) >= 2 nu - 1 (then circular convolution equals the linear one):
//   q = IDFT_P( DFT_P(w g) * H ),   H = DFT_P(taps laid out circularly)  (= filter_response)
//   d loss / d g = w * IDFT_P( DFT_P(dq) * conj(H) )
//   d loss / d taps[l + nu - 1] = IDFT_P( sum_rows conj(DFT_P(w g)) * DFT_P(dq) )[l]
// H is recomputed from params.taps (device memory) on every call, so trained taps are used as
// they are.
//
// Memory: the constructor makes three cuFFT plans (batched R2C and C2R for rows_per_pass rows, and
// a single R2C for the taps) with cuFFT's own work-area allocation switched off. Every call works
// in a device workspace the caller provides, of workspace_bytes(): rows_per_pass padded rows, two
// sets of their spectra, the taps spectrum, a double accumulator and cuFFT's work area. Rows are
// processed rows_per_pass at a time (the last pass transforms a full batch and uses what it needs),
// so the workspace does not grow with the data; pick rows_per_pass near the number of rows of a
// typical call. Calls set the plans' stream and work area, so one FilterFFT must not run on two
// streams at once.
//
// Link CUDA::cufft (find_package(CUDAToolkit)) in targets that include this header.

#include <pyronn/core/indexing.hpp>
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/filter_rows_gradient.cuh>
#include <pyronn/cuda/launch.cuh>
#include <pyronn/recon/filter_rows_gradient.hpp>
#include <pyronn/recon/filters.hpp>

#include <cufft.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <string>
#include <utility>

namespace pyronn {
namespace cuda {
namespace detail {

inline const char* cufft_result_text(cufftResult r) {
  switch (r) {
    case CUFFT_SUCCESS: return "CUFFT_SUCCESS";
    case CUFFT_INVALID_PLAN: return "CUFFT_INVALID_PLAN";
    case CUFFT_ALLOC_FAILED: return "CUFFT_ALLOC_FAILED";
    case CUFFT_INVALID_TYPE: return "CUFFT_INVALID_TYPE";
    case CUFFT_INVALID_VALUE: return "CUFFT_INVALID_VALUE";
    case CUFFT_INTERNAL_ERROR: return "CUFFT_INTERNAL_ERROR";
    case CUFFT_EXEC_FAILED: return "CUFFT_EXEC_FAILED";
    case CUFFT_SETUP_FAILED: return "CUFFT_SETUP_FAILED";
    case CUFFT_INVALID_SIZE: return "CUFFT_INVALID_SIZE";
    case CUFFT_INVALID_DEVICE: return "CUFFT_INVALID_DEVICE";
    case CUFFT_NO_WORKSPACE: return "CUFFT_NO_WORKSPACE";
    case CUFFT_NOT_IMPLEMENTED: return "CUFFT_NOT_IMPLEMENTED";
    case CUFFT_NOT_SUPPORTED: return "CUFFT_NOT_SUPPORTED";
    default: return "unknown cufftResult";
  }
}

}  // namespace detail
}  // namespace cuda
}  // namespace pyronn

// A failed cuFFT call becomes a pyronn::cuda_error naming the call and its cufftResult.
#define PYRONN_CUFFT_CHECK(call)                                                                             \
  do {                                                                                                       \
    const cufftResult pyronn_cufft_status_ = (call);                                                         \
    if (pyronn_cufft_status_ != CUFFT_SUCCESS)                                                               \
      throw ::pyronn::cuda_error(#call, int(pyronn_cufft_status_),                                           \
                                 ::pyronn::cuda::detail::cufft_result_text(pyronn_cufft_status_), __FILE__, __LINE__); \
  } while (0)

namespace pyronn {
namespace cuda {
namespace detail {

// Owns one cufftHandle.
class CufftPlan {
 public:
  CufftPlan() = default;
  CufftPlan(const CufftPlan&) = delete;
  CufftPlan& operator=(const CufftPlan&) = delete;
  CufftPlan(CufftPlan&& other) noexcept : handle_(other.handle_), valid_(std::exchange(other.valid_, false)) {}
  CufftPlan& operator=(CufftPlan&& other) noexcept {
    std::swap(handle_, other.handle_);
    std::swap(valid_, other.valid_);
    return *this;
  }
  ~CufftPlan() {
    if (valid_) cufftDestroy(handle_);
  }

  // A 1D transform of length n over `batch` contiguous rows, without cuFFT's own work area;
  // returns the work-area bytes it needs.
  std::size_t make(int n, cufftType type, int batch) {
    PYRONN_CUFFT_CHECK(cufftCreate(&handle_));
    valid_ = true;
    PYRONN_CUFFT_CHECK(cufftSetAutoAllocation(handle_, 0));
    std::size_t work = 0;
    int dims[1] = {n};
    PYRONN_CUFFT_CHECK(cufftMakePlanMany(handle_, 1, dims, nullptr, 1, 0, nullptr, 1, 0, type, batch, &work));
    return work;
  }
  cufftHandle get() const { return handle_; }

 private:
  cufftHandle handle_ = 0;
  bool valid_ = false;
};

constexpr std::size_t fft_device_alignment = 256;

inline std::size_t align_device(std::size_t n) {
  return (n + fft_device_alignment - 1) / fft_device_alignment * fft_device_alignment;
}

}  // namespace detail

// Kernels are templates (instantiated with Index = long long) so that a header included by
// several translation units defines each of them once.

// Rows [first_row, first_row + count) into `padded` ([slots][P]): bins [0, nu) hold the
// (optionally weighted) row, the rest, and the slots beyond count, zeros.
template <class Index>
PYRONN_KERNEL void fft_load_rows_kernel(const float* __restrict__ input, FilterRowsParams params, Index first_row,
                                        int count, int slots, int p, bool weighted, float* __restrict__ padded) {
  const Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  if (i >= Index(slots) * Index(p)) return;
  const int r = int(i / Index(p)), m = int(i % Index(p));
  float value = 0.f;
  if (m < params.nu && r < count) {
    const Index row = first_row + Index(r);
    value = input[row * Index(params.nu) + Index(m)];
    if (weighted) value *= filter_row_weight(params, row, m);
  }
  padded[i] = value;
}

// Bins [0, nu) of `padded` back into rows [first_row, first_row + count), optionally weighted.
template <class Index>
PYRONN_KERNEL void fft_store_rows_kernel(const float* __restrict__ padded, FilterRowsParams params, Index first_row,
                                         int count, int p, bool weighted, float* __restrict__ output) {
  const Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  if (i >= Index(count) * Index(params.nu)) return;
  const int r = int(i / Index(params.nu)), n = int(i % Index(params.nu));
  const Index row = first_row + Index(r);
  float value = padded[Index(r) * Index(p) + Index(n)];
  if (weighted) value *= filter_row_weight(params, row, n);
  output[row * Index(params.nu) + Index(n)] = value;
}

// The taps laid out circularly on P points: lag l at index l mod P.
template <class Index>
PYRONN_KERNEL void fft_circular_taps_kernel(const float* __restrict__ taps, int nu, int p, float* __restrict__ circular) {
  const int j = int(blockIdx.x * blockDim.x + threadIdx.x);
  if (j >= p) return;
  const int lag = j <= nu - 1 ? j : j - p;
  circular[j] = lag >= -(nu - 1) && lag <= nu - 1 ? taps[lag + nu - 1] : 0.f;
}

// spectra[r][k] *= H[k] / P (or conj(H[k]) / P) for `count` rows of `bins` bins.
template <class Index>
PYRONN_KERNEL void fft_multiply_kernel(cufftComplex* __restrict__ spectra, const cufftComplex* __restrict__ h, int bins,
                                       int count, float scale, bool conjugate) {
  const Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  if (i >= Index(count) * Index(bins)) return;
  const cufftComplex x = spectra[i], f = h[i % bins];
  const float hr = f.x * scale, hi = (conjugate ? -f.y : f.y) * scale;
  spectra[i] = make_float2(x.x * hr - x.y * hi, x.x * hi + x.y * hr);
}

// sum[k] += sum_{r < count} conj(x[r][k]) d[r][k], in double, rows in order.
template <class Index>
PYRONN_KERNEL void fft_accumulate_kernel(const cufftComplex* __restrict__ x, const cufftComplex* __restrict__ d, int bins,
                                         int count, double2* __restrict__ sum) {
  const int k = int(blockIdx.x * blockDim.x + threadIdx.x);
  if (k >= bins) return;
  double re = 0.0, im = 0.0;
  for (int r = 0; r < count; ++r) {
    const cufftComplex a = x[Index(r) * Index(bins) + Index(k)], b = d[Index(r) * Index(bins) + Index(k)];
    re += double(a.x) * b.x + double(a.y) * b.y;
    im += double(a.x) * b.y - double(a.y) * b.x;
  }
  sum[k] = make_double2(sum[k].x + re, sum[k].y + im);
}

// grad_taps[j] = 1/P sum_k G_k e^{2 pi i k l / P}, l = j - (nu - 1), for Hermitian G given on
// bins [0, P/2].
template <class Index>
PYRONN_KERNEL void fft_taps_from_spectrum_kernel(const double2* __restrict__ sum, int bins, int p, int nu,
                                                 float* __restrict__ grad_taps) {
  const int j = int(blockIdx.x * blockDim.x + threadIdx.x);
  if (j >= 2 * nu - 1) return;
  const Index lag = Index(j - (nu - 1));
  double c = sum[0].x;
  for (int k = 1; k < bins; ++k) {
    Index phase = (Index(k) * lag) % Index(p);
    if (phase < 0) phase += p;
    double s, co;
    sincospi(2.0 * double(phase) / double(p), &s, &co);
    c += (2 * k == p ? 1.0 : 2.0) * (sum[k].x * co - sum[k].y * s);
  }
  grad_taps[j] = float(c / p);
}

class FilterFFT {
 public:
  // P: filter_padded_length(nu), but at least 2 (for nu = 1 it is 1, shorter than cuFFT's
  // smallest real transform); any P >= 2 nu - 1 gives the same convolution.
  static int transform_length(int nu) { return std::max(2, filter_padded_length(nu)); }

  // Rows processed per pass; the default keeps the workspace near 64 MiB.
  static int default_rows_per_pass(int nu) {
    const std::size_t p = std::size_t(transform_length(nu));
    const std::size_t per_row = p * sizeof(float) + 2 * (p / 2 + 1) * sizeof(cufftComplex);
    return int(std::max<std::size_t>(1, std::min<std::size_t>(65536, (std::size_t(64) << 20) / per_row)));
  }

  // Plans for rows of nu bins, rows_per_pass at a time (0: default_rows_per_pass(nu)).
  explicit FilterFFT(int nu, int rows_per_pass = 0)
      : nu_((::pyronn::detail::require_bins(nu), nu)),
        p_(transform_length(nu)),
        bins_(p_ / 2 + 1),
        rows_per_pass_(rows_per_pass > 0 ? rows_per_pass : default_rows_per_pass(nu)) {
    ::pyronn::detail::require(rows_per_pass >= 0, "rows_per_pass",
                              "must be >= 0 (0 for the default), got " + ::pyronn::detail::to_text(rows_per_pass));
    ::pyronn::detail::require((long long)(rows_per_pass_) * p_ <= INT_MAX, "rows_per_pass",
                              "times the padded length " + ::pyronn::detail::to_text(p_) + " must fit in int");
    work_bytes_ = std::max({forward_.make(p_, CUFFT_R2C, rows_per_pass_), inverse_.make(p_, CUFFT_C2R, rows_per_pass_),
                            taps_.make(p_, CUFFT_R2C, 1)});
  }

  int nu() const { return nu_; }
  int padded_length() const { return p_; }
  int rows_per_pass() const { return rows_per_pass_; }

  // Device scratch every call needs (see the header comment), 256-byte aligned parts.
  std::size_t workspace_bytes() const {
    return real_bytes() + 2 * spectra_bytes() + spectrum_bytes() + sum_bytes() + detail::align_device(work_bytes_) +
           detail::fft_device_alignment;
  }

  // output = cuda::filter_rows(input) (weights, then convolution with params.taps).
  void filter(const float* input, float* output, std::size_t rows, const FilterRowsParams& params, void* workspace,
              std::size_t workspace_size, cudaStream_t stream = 0) {
    check_call(input, "input", output, "output", rows, params, workspace, workspace_size);
    run_rows(input, output, rows, params, workspace, stream, false);
  }

  // grad_input = d loss / d input, as cuda::filter_rows_adjoint.
  void adjoint(const float* grad_output, float* grad_input, std::size_t rows, const FilterRowsParams& params,
               void* workspace, std::size_t workspace_size, cudaStream_t stream = 0) {
    check_call(grad_output, "grad_output", grad_input, "grad_input", rows, params, workspace, workspace_size);
    run_rows(grad_output, grad_input, rows, params, workspace, stream, true);
  }

  // grad_taps (2 nu - 1 floats, device, overwritten) = d loss / d params.taps, summed over rows.
  // Deterministic: per frequency, rows in order, in double.
  void taps_gradient(const float* input, const float* grad_output, std::size_t rows, const FilterRowsParams& params,
                     float* grad_taps, void* workspace, std::size_t workspace_size, cudaStream_t stream = 0) {
    ::pyronn::detail::check_filter_taps_gradient_call(input, grad_output, rows, params, grad_taps);
    check_plan_and_device(input, "input", grad_output, "grad_output", params, workspace, workspace_size);
    detail::require_device_pointer(grad_taps, "grad_taps");
    const Parts w = parts(workspace);
    prepare(stream, w);
    PYRONN_CUDA_CHECK(cudaMemsetAsync(w.sum, 0, sizeof(double2) * std::size_t(bins_), stream));
    const unsigned threads = 256;
    for (std::size_t first = 0; first < rows; first += std::size_t(rows_per_pass_)) {
      const int count = int(std::min<std::size_t>(std::size_t(rows_per_pass_), rows - first));
      load(input, params, first, count, true, w.real, stream);
      PYRONN_CUFFT_CHECK(cufftExecR2C(forward_.get(), w.real, w.spectra));
      load(grad_output, params, first, count, false, w.real, stream);
      PYRONN_CUFFT_CHECK(cufftExecR2C(forward_.get(), w.real, w.other));
      fft_accumulate_kernel<long long><<<detail::blocks_for(std::size_t(bins_), threads), threads, 0, stream>>>(w.spectra, w.other, bins_,
                                                                                                  count, w.sum);
      detail::check_launch("fft_accumulate_kernel");
    }
    fft_taps_from_spectrum_kernel<long long><<<detail::blocks_for(std::size_t(2 * nu_ - 1), threads), threads, 0, stream>>>(
        w.sum, bins_, p_, nu_, grad_taps);
    detail::check_launch("fft_taps_from_spectrum_kernel");
  }

 private:
  struct Parts {
    float* real;             // [rows_per_pass][P]
    cufftComplex* spectra;   // [rows_per_pass][P/2 + 1]
    cufftComplex* other;     // [rows_per_pass][P/2 + 1]
    cufftComplex* spectrum;  // [P/2 + 1], the taps'
    double2* sum;            // [P/2 + 1]
    void* work;              // cuFFT's work area
  };

  std::size_t real_bytes() const { return detail::align_device(sizeof(float) * std::size_t(rows_per_pass_) * std::size_t(p_)); }
  std::size_t spectra_bytes() const {
    return detail::align_device(sizeof(cufftComplex) * std::size_t(rows_per_pass_) * std::size_t(bins_));
  }
  std::size_t spectrum_bytes() const { return detail::align_device(sizeof(cufftComplex) * std::size_t(bins_)); }
  std::size_t sum_bytes() const { return detail::align_device(sizeof(double2) * std::size_t(bins_)); }

  Parts parts(void* workspace) const {
    const std::size_t a = reinterpret_cast<std::size_t>(workspace);
    unsigned char* at = static_cast<unsigned char*>(workspace) +
                        (detail::fft_device_alignment - a % detail::fft_device_alignment) % detail::fft_device_alignment;
    Parts w;
    w.real = reinterpret_cast<float*>(at);
    at += real_bytes();
    w.spectra = reinterpret_cast<cufftComplex*>(at);
    at += spectra_bytes();
    w.other = reinterpret_cast<cufftComplex*>(at);
    at += spectra_bytes();
    w.spectrum = reinterpret_cast<cufftComplex*>(at);
    at += spectrum_bytes();
    w.sum = reinterpret_cast<double2*>(at);
    at += sum_bytes();
    w.work = at;
    return w;
  }

  void check_call(const float* input, const char* input_name, const float* output, const char* output_name, std::size_t rows,
                  const FilterRowsParams& params, void* workspace, std::size_t workspace_size) const {
    ::pyronn::detail::check_filter_rows_call(input, input_name, output, output_name, rows, params);
    check_plan_and_device(input, input_name, output, output_name, params, workspace, workspace_size);
  }

  // This plan's nu, a large enough workspace, and device memory for every array.
  void check_plan_and_device(const float* a, const char* a_name, const float* b, const char* b_name,
                             const FilterRowsParams& params, void* workspace, std::size_t workspace_size) const {
    ::pyronn::detail::require(params.nu == nu_, "params.nu",
                              "must equal the nu the FFT plan was made for (" + ::pyronn::detail::to_text(nu_) + "), got " +
                                  ::pyronn::detail::to_text(params.nu));
    ::pyronn::detail::require(workspace_size >= workspace_bytes(), "workspace_size",
                              "needs at least " + ::pyronn::detail::to_text(workspace_bytes()) +
                                  " bytes (workspace_bytes()), got " + ::pyronn::detail::to_text(workspace_size));
    detail::check_filter_rows_device(a, a_name, b, b_name, params);
    detail::require_device_pointer(workspace, "workspace");
  }

  void prepare(cudaStream_t stream, const Parts& w) {
    for (cufftHandle h : {forward_.get(), inverse_.get(), taps_.get()}) {
      PYRONN_CUFFT_CHECK(cufftSetStream(h, stream));
      PYRONN_CUFFT_CHECK(cufftSetWorkArea(h, w.work));
    }
  }

  void load(const float* data, const FilterRowsParams& params, std::size_t first, int count, bool weighted, float* real,
            cudaStream_t stream) const {
    const unsigned threads = 256;
    fft_load_rows_kernel<long long>
        <<<detail::blocks_for(std::size_t(rows_per_pass_) * std::size_t(p_), threads), threads, 0, stream>>>(
            data, params, (long long)(first), count, rows_per_pass_, p_, weighted, real);
    detail::check_launch("fft_load_rows_kernel");
  }

  // Forward (conjugate = false): weighted load, multiply by H. Adjoint: plain load, multiply by
  // conj(H), weighted store.
  void run_rows(const float* input, float* output, std::size_t rows, const FilterRowsParams& params, void* workspace,
                cudaStream_t stream, bool adjoint) {
    const Parts w = parts(workspace);
    prepare(stream, w);
    const unsigned threads = 256;
    fft_circular_taps_kernel<long long><<<detail::blocks_for(std::size_t(p_), threads), threads, 0, stream>>>(params.taps, nu_, p_, w.real);
    detail::check_launch("fft_circular_taps_kernel");
    PYRONN_CUFFT_CHECK(cufftExecR2C(taps_.get(), w.real, w.spectrum));
    for (std::size_t first = 0; first < rows; first += std::size_t(rows_per_pass_)) {
      const int count = int(std::min<std::size_t>(std::size_t(rows_per_pass_), rows - first));
      load(input, params, first, count, !adjoint, w.real, stream);
      PYRONN_CUFFT_CHECK(cufftExecR2C(forward_.get(), w.real, w.spectra));
      fft_multiply_kernel<long long><<<detail::blocks_for(std::size_t(count) * std::size_t(bins_), threads), threads, 0, stream>>>(
          w.spectra, w.spectrum, bins_, count, 1.f / float(p_), adjoint);
      detail::check_launch("fft_multiply_kernel");
      PYRONN_CUFFT_CHECK(cufftExecC2R(inverse_.get(), w.spectra, w.real));
      fft_store_rows_kernel<long long><<<detail::blocks_for(std::size_t(count) * std::size_t(nu_), threads), threads, 0, stream>>>(
          w.real, params, (long long)(first), count, p_, adjoint, output);
      detail::check_launch("fft_store_rows_kernel");
    }
  }

  int nu_, p_, bins_, rows_per_pass_;
  std::size_t work_bytes_ = 0;
  detail::CufftPlan forward_, inverse_, taps_;
};

}  // namespace cuda
}  // namespace pyronn
