#pragma once
// Weighting and filtering every detector row of a projection stack on the GPU: one thread per
// output bin.

#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/launch.cuh>
#include <pyronn/kernels/filter_row.hpp>

#include <cstddef>

namespace pyronn {
namespace cuda {

template <class Index>
PYRONN_KERNEL void filter_rows_kernel(const float* __restrict__ input, FilterRowsParams params, Index rows,
                                      float* __restrict__ output) {
  const Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  if (i >= rows * Index(params.nu)) return;
  output[i] = filter_bin(input, params, i / Index(params.nu), int(i % Index(params.nu)));
}

template <class Index>
void filter_rows(const float* input, float* output, Index rows, const FilterRowsParams& params, cudaStream_t stream) {
  const unsigned threads = 128;
  filter_rows_kernel<Index><<<detail::blocks_for(std::size_t(rows) * std::size_t(params.nu), threads), threads, 0, stream>>>(
      input, params, rows, output);
  detail::check_launch("filter_rows_kernel");
}

}  // namespace cuda
}  // namespace pyronn
