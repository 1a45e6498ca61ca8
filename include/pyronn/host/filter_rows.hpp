#pragma once
// Weighting and filtering every detector row of a projection stack on the host threads.

#include <pyronn/host/parallel_for.hpp>
#include <pyronn/kernels/filter_row.hpp>

#include <cstddef>

namespace pyronn {
namespace host {

inline void filter_rows(const float* input, float* output, std::size_t rows, const FilterRowsParams& p, int threads) {
  const std::size_t nu = std::size_t(p.nu);
  parallel_for(rows * nu, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) output[i] = filter_bin(input, p, i / nu, int(i % nu));
  });
}

}  // namespace host
}  // namespace pyronn
