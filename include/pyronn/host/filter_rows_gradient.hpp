#pragma once
// Gradients of host::filter_rows by direct summation (recon/filter_rows_gradient.hpp has the
// formulas): with respect to the input (the transposed convolution, then the weights) and with
// respect to the taps (a correlation of d loss / d output with the weighted input). Exact, no
// scratch memory, deterministic for any thread count.

#include <pyronn/host/parallel_for.hpp>
#include <pyronn/recon/filter_rows_gradient.hpp>

#include <cstddef>

namespace pyronn {
namespace host {

// grad_input = d loss / d input, for the `rows` rows of nu bins that filter_rows(input, output,
// rows, p) filters, given grad_output = d loss / d output (same layout).
inline void filter_rows_adjoint(const float* grad_output, float* grad_input, std::size_t rows,
                                const FilterRowsParams& p, int threads) {
  ::pyronn::detail::check_filter_rows_call(grad_output, "grad_output", grad_input, "grad_input", rows, p);
  const std::size_t nu = std::size_t(p.nu);
  parallel_for(rows * nu, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) grad_input[i] = filter_adjoint_bin(grad_output, p, i / nu, int(i % nu));
  });
}

// grad_taps[j] = d loss / d taps[j], j in [0, 2 nu - 1), summed over all rows (overwritten, not
// accumulated). Each lag is one double sum over the rows in order.
inline void filter_rows_taps_gradient(const float* input, const float* grad_output, std::size_t rows,
                                      const FilterRowsParams& p, float* grad_taps, int threads) {
  ::pyronn::detail::check_filter_taps_gradient_call(input, grad_output, rows, p, grad_taps);
  const std::size_t lags = std::size_t(2 * p.nu - 1);
  parallel_for(lags, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j) {
      double sum = 0.0;
      for (std::size_t r = 0; r < rows; ++r) sum += filter_taps_gradient_row(input, grad_output, p, r, int(j));
      grad_taps[j] = float(sum);
    }
  });
}

}  // namespace host
}  // namespace pyronn
