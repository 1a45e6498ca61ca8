#pragma once
// The gradients of weighting-then-filtering detector rows (kernels/filter_row.hpp), as
// __host__ __device__ bodies shared by the host and CUDA drivers.
//
// Forward, per row:  x[m] = w(m) g[m],  q[n] = sum_m x[m] taps[n - m + nu - 1],  n, m in [0, nu).
// The map is linear in g and linear in the taps, so with dq = d loss / d q:
//   d loss / d g[m]     = w(m) sum_n dq[n] taps[n - m + nu - 1]           (transposed convolution)
//   d loss / d taps[j]  = sum_rows sum_n dq[n] x[n - l],  l = j - (nu - 1)  (a correlation of dq with x)
// (The gradient with respect to the weights is g[m] times the first sum without w(m); it belongs to
// the weight operators.)

#include <pyronn/core/config.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/kernels/filter_row.hpp>

#include <cstddef>
#include <string>

namespace pyronn {

// w(m) of row `row` (counting rows of nu bins through the whole stack), as filter_bin applies it.
template <class Index>
PYRONN_HD float filter_row_weight(const FilterRowsParams& p, Index row, int m) {
  const int view = int((row / Index(p.nv)) % Index(p.views));
  const float r = p.redundancy[std::ptrdiff_t(view) * p.nu + m];
  if (!p.cosine) return r;
  const int v = int(row % Index(p.nv));
  return r * p.cosine[std::ptrdiff_t(v) * p.nu + m];
}

// d loss / d input for bin m of row `row`, given d loss / d output (same layout as the output).
template <class Index>
PYRONN_HD float filter_adjoint_bin(const float* grad_output, const FilterRowsParams& p, Index row, int m) {
  const float* d = grad_output + row * Index(p.nu);
  float sum = 0.f;
  for (int n = 0; n < p.nu; ++n) sum += d[n] * p.taps[n - m + p.nu - 1];
  return filter_row_weight(p, row, m) * sum;
}

// One row's share of d loss / d taps[j]: sum_n dq[n] x[n - l], l = j - (nu - 1), accumulated in
// double (the sum over all rows is what the drivers return).
template <class Index>
PYRONN_HD double filter_taps_gradient_row(const float* input, const float* grad_output, const FilterRowsParams& p,
                                          Index row, int j) {
  const int lag = j - (p.nu - 1);
  const float* g = input + row * Index(p.nu);
  const float* d = grad_output + row * Index(p.nu);
  const int first = lag > 0 ? lag : 0, last = lag < 0 ? p.nu + lag : p.nu;  // n - lag in [0, nu)
  double sum = 0.0;
  for (int n = first; n < last; ++n) {
    const int m = n - lag;
    sum += double(d[n]) * double(filter_row_weight(p, row, m) * g[m]);
  }
  return sum;
}

namespace detail {

// What every row-filtering driver checks before any work (host code, not a device body).
inline void check_filter_rows_params(const FilterRowsParams& p) {
  require(p.nu > 0, "params.nu", "must be > 0, got " + to_text(p.nu));
  require(p.nv > 0, "params.nv", "must be > 0, got " + to_text(p.nv));
  require(p.views > 0, "params.views", "must be > 0, got " + to_text(p.views));
  require_not_null(p.redundancy, "params.redundancy");
  require_not_null(p.taps, "params.taps");
}

// input -> output, both `rows` rows of nu bins: neither null, not overlapping.
inline void check_filter_rows_call(const float* input, const char* input_name, const float* output,
                                   const char* output_name, std::size_t rows, const FilterRowsParams& p) {
  check_filter_rows_params(p);
  require(rows > 0, "rows", "must be > 0, got 0");
  require_not_null(input, input_name);
  require_not_null(output, output_name);
  require_disjoint(input, rows * std::size_t(p.nu), input_name, output, rows * std::size_t(p.nu), output_name);
}

// (input, grad_output) -> grad_taps: the two inputs may share memory, grad_taps (2 nu - 1 values)
// overlaps neither.
inline void check_filter_taps_gradient_call(const float* input, const float* grad_output, std::size_t rows,
                                            const FilterRowsParams& p, const float* grad_taps) {
  check_filter_rows_params(p);
  require(rows > 0, "rows", "must be > 0, got 0");
  require_not_null(input, "input");
  require_not_null(grad_output, "grad_output");
  require_not_null(grad_taps, "grad_taps");
  const std::size_t n = rows * std::size_t(p.nu), taps = 2 * std::size_t(p.nu) - 1;
  require_disjoint(input, n, "input", grad_taps, taps, "grad_taps");
  require_disjoint(grad_output, n, "grad_output", grad_taps, taps, "grad_taps");
}

}  // namespace detail
}  // namespace pyronn
