#pragma once
// cuda::RowFilter: weighting-then-filtering of detector rows and its two gradients on the GPU, by
// direct convolution (cuda/filter_rows.cuh, cuda/filter_rows_gradient.cuh) or by cuFFT
// (cuda/filter_fft.cuh), chosen once at construction.
//
//   cuda::RowFilter engine(nu);                          // FilterMethod::automatic
//   cuda::FilterWorkspace ws(engine.workspace_bytes());  // device scratch, made once, reused
//   engine.filter(d_input, d_output, rows, params, ws.data(), ws.size(), stream);
//   engine.adjoint(d_grad_output, d_grad_input, rows, params, ws.data(), ws.size(), stream);
//   engine.taps_gradient(d_input, d_grad_output, rows, params, d_grad_taps, ws.data(), ws.size(), stream);
//
// params (kernels/filter_row.hpp) points to device memory: weights and the 2 nu - 1 taps. The rule
// for FilterMethod::automatic: cuFFT when nu >= fft_threshold_cuda, direct otherwise. The direct
// method needs no workspace (workspace_bytes() is 0, null is accepted). Link CUDA::cufft.

#include <pyronn/core/indexing.hpp>
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/filter_fft.cuh>
#include <pyronn/cuda/filter_rows.cuh>
#include <pyronn/cuda/filter_rows_gradient.cuh>
#include <pyronn/recon/filter_rows_gradient.hpp>
#include <pyronn/recon/filters.hpp>

#include <climits>
#include <cstddef>
#include <memory>
#include <utility>

namespace pyronn {
namespace cuda {

// Rows of at least this many bins are filtered by cuFFT under FilterMethod::automatic. An
// estimate, not a measurement: the direct method does nu multiply-adds per output bin from cache,
// the FFT method moves about 40 P bytes per row through memory; on an H100 (about 3 TB/s, and
// on the order of 1e12 cached multiply-adds/s) they cross at a few tens of bins.
constexpr int fft_threshold_cuda = 64;

inline FilterMethod resolve_filter_method(FilterMethod requested, int nu) {
  ::pyronn::detail::require_bins(nu);
  switch (requested) {
    case FilterMethod::direct:
    case FilterMethod::fft: return requested;
    case FilterMethod::automatic: return nu >= fft_threshold_cuda ? FilterMethod::fft : FilterMethod::direct;
  }
  throw invalid_argument("method", "unknown FilterMethod value " + ::pyronn::detail::to_text(static_cast<int>(requested)));
}

// Device scratch owned by the caller: cudaMalloc once at construction, cudaFree at destruction.
class FilterWorkspace {
 public:
  FilterWorkspace() = default;
  explicit FilterWorkspace(std::size_t bytes) : size_(bytes) {
    if (bytes > 0) PYRONN_CUDA_CHECK(cudaMalloc(&data_, bytes));
  }
  FilterWorkspace(const FilterWorkspace&) = delete;
  FilterWorkspace& operator=(const FilterWorkspace&) = delete;
  FilterWorkspace(FilterWorkspace&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  FilterWorkspace& operator=(FilterWorkspace&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~FilterWorkspace() {
    if (data_) cudaFree(data_);
  }
  void* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

class RowFilter {
 public:
  // rows_per_pass: rows per cuFFT batch (0: FilterFFT::default_rows_per_pass(nu)); ignored by the
  // direct method.
  explicit RowFilter(int nu, FilterMethod method = FilterMethod::automatic, int rows_per_pass = 0)
      : nu_(nu), method_(resolve_filter_method(method, nu)) {
    if (method_ == FilterMethod::fft) fft_ = std::make_unique<FilterFFT>(nu_, rows_per_pass);
  }

  int nu() const { return nu_; }
  FilterMethod method() const { return method_; }  // direct or fft, never automatic
  std::size_t workspace_bytes() const { return fft_ ? fft_->workspace_bytes() : 0; }

  void filter(const float* input, float* output, std::size_t rows, const FilterRowsParams& params, void* workspace,
              std::size_t workspace_size, cudaStream_t stream = 0) {
    check_nu(params);
    if (fft_) return fft_->filter(input, output, rows, params, workspace, workspace_size, stream);
    ::pyronn::detail::check_filter_rows_call(input, "input", output, "output", rows, params);
    detail::check_filter_rows_device(input, "input", output, "output", params);
    if (fits_int(rows)) return filter_rows<int>(input, output, int(rows), params, stream);
    filter_rows<long long>(input, output, (long long)(rows), params, stream);
  }

  void adjoint(const float* grad_output, float* grad_input, std::size_t rows, const FilterRowsParams& params,
               void* workspace, std::size_t workspace_size, cudaStream_t stream = 0) {
    check_nu(params);
    if (fft_) return fft_->adjoint(grad_output, grad_input, rows, params, workspace, workspace_size, stream);
    if (fits_int(rows)) return filter_rows_adjoint<int>(grad_output, grad_input, int(rows), params, stream);
    filter_rows_adjoint<long long>(grad_output, grad_input, (long long)(rows), params, stream);
  }

  void taps_gradient(const float* input, const float* grad_output, std::size_t rows, const FilterRowsParams& params,
                     float* grad_taps, void* workspace, std::size_t workspace_size, cudaStream_t stream = 0) {
    check_nu(params);
    if (fft_) return fft_->taps_gradient(input, grad_output, rows, params, grad_taps, workspace, workspace_size, stream);
    if (fits_int(rows)) return filter_rows_taps_gradient<int>(input, grad_output, int(rows), params, grad_taps, stream);
    filter_rows_taps_gradient<long long>(input, grad_output, (long long)(rows), params, grad_taps, stream);
  }

 private:
  void check_nu(const FilterRowsParams& params) const {
    ::pyronn::detail::require(params.nu == nu_, "params.nu",
                              "must equal the engine's nu (" + ::pyronn::detail::to_text(nu_) + "), got " +
                                  ::pyronn::detail::to_text(params.nu));
  }
  bool fits_int(std::size_t rows) const { return rows * std::size_t(nu_) <= ::pyronn::detail::int_index_limit; }

  int nu_;
  FilterMethod method_;
  std::unique_ptr<FilterFFT> fft_;
};

}  // namespace cuda
}  // namespace pyronn
