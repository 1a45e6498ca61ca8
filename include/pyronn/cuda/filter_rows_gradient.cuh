#pragma once
// Gradients of cuda::filter_rows by direct summation, on the GPU (the same bodies as the host:
// recon/filter_rows_gradient.hpp). Deterministic: no atomics; the taps gradient is one block per
// lag with a fixed-shape reduction in double.

#include <pyronn/core/indexing.hpp>
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/launch.cuh>
#include <pyronn/recon/filter_rows_gradient.hpp>

#include <cstddef>

namespace pyronn {
namespace cuda {

template <class Index>
PYRONN_KERNEL void filter_rows_adjoint_kernel(const float* __restrict__ grad_output, FilterRowsParams params, Index rows,
                                              float* __restrict__ grad_input) {
  const Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  if (i >= rows * Index(params.nu)) return;
  grad_input[i] = filter_adjoint_bin(grad_output, params, i / Index(params.nu), int(i % Index(params.nu)));
}

constexpr unsigned filter_taps_gradient_threads = 256;

// Block j sums d[r][n] * x[r][n - lag_j] over the (r, n) pairs with both bins on the row (nu - |lag|
// of them a row), threads striding over the flattened (row, n) index so that neighbouring
// threads read neighbouring bins.
template <class Index>
PYRONN_KERNEL void filter_rows_taps_gradient_kernel(const float* __restrict__ input, const float* __restrict__ grad_output,
                                                    FilterRowsParams params, Index rows, float* __restrict__ grad_taps) {
  __shared__ double partial[filter_taps_gradient_threads];
  const int j = int(blockIdx.x), nu = params.nu, lag = j - (nu - 1);
  const int n_first = lag > 0 ? lag : 0, pairs = nu - (lag > 0 ? lag : -lag);
  const Index total = rows * Index(pairs);
  double sum = 0.0;
  for (Index i = Index(threadIdx.x); i < total; i += Index(blockDim.x)) {
    const Index row = i / Index(pairs);
    const int n = n_first + int(i % Index(pairs)), m = n - lag;
    sum += double(grad_output[row * Index(nu) + n]) * double(filter_row_weight(params, row, m) * input[row * Index(nu) + m]);
  }
  partial[threadIdx.x] = sum;
  __syncthreads();
  for (unsigned s = blockDim.x / 2; s > 0; s /= 2) {
    if (threadIdx.x < s) partial[threadIdx.x] += partial[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) grad_taps[j] = float(partial[0]);
}

namespace detail {

// Device pointers for the data and for what params points to.
inline void check_filter_rows_device(const void* input, const char* input_name, const void* output,
                                     const char* output_name, const FilterRowsParams& params) {
  require_device_pointer(input, input_name);
  require_device_pointer(output, output_name);
  require_device_pointer(params.redundancy, "params.redundancy");
  require_device_pointer(params.taps, "params.taps");
  if (params.cosine) require_device_pointer(params.cosine, "params.cosine");
}

}  // namespace detail

// grad_input = d loss / d input of cuda::filter_rows(input, output, rows, params), given
// grad_output = d loss / d output. All pointers (and those in params) are device pointers.
template <class Index>
void filter_rows_adjoint(const float* grad_output, float* grad_input, Index rows, const FilterRowsParams& params,
                         cudaStream_t stream) {
  ::pyronn::detail::check_filter_rows_call(grad_output, "grad_output", grad_input, "grad_input", std::size_t(rows), params);
  ::pyronn::detail::require_indexable<Index>(std::size_t(rows) * std::size_t(params.nu), "the rows");
  detail::check_filter_rows_device(grad_output, "grad_output", grad_input, "grad_input", params);
  const unsigned threads = 128;
  filter_rows_adjoint_kernel<Index><<<detail::blocks_for(std::size_t(rows) * std::size_t(params.nu), threads), threads, 0,
                                      stream>>>(grad_output, params, rows, grad_input);
  detail::check_launch("filter_rows_adjoint_kernel");
}

// grad_taps[j] (2 nu - 1 floats, device, overwritten) = d loss / d params.taps[j], summed over rows.
template <class Index>
void filter_rows_taps_gradient(const float* input, const float* grad_output, Index rows, const FilterRowsParams& params,
                               float* grad_taps, cudaStream_t stream) {
  ::pyronn::detail::check_filter_taps_gradient_call(input, grad_output, std::size_t(rows), params, grad_taps);
  ::pyronn::detail::require_indexable<Index>(std::size_t(rows) * std::size_t(params.nu), "the rows");
  detail::check_filter_rows_device(input, "input", grad_output, "grad_output", params);
  detail::require_device_pointer(grad_taps, "grad_taps");
  filter_rows_taps_gradient_kernel<Index><<<unsigned(2 * params.nu - 1), filter_taps_gradient_threads, 0, stream>>>(
      input, grad_output, params, rows, grad_taps);
  detail::check_launch("filter_rows_taps_gradient_kernel");
}

}  // namespace cuda
}  // namespace pyronn
