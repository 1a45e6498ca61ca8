#pragma once
// One output bin of weighting-then-filtering a detector row (see recon/filters.hpp for the taps).
// FBP weights are separable: a redundancy factor per (view, u) times, for 3D, a cosine factor
// per (v, u).

#include <pyronn/core/config.hpp>

#include <cstddef>

namespace pyronn {

template <class Weights>
PYRONN_HD float filter_weighted_bin(const float* row, const Weights& weight, const float* taps, int nu, int n) {
  float sum = 0.f;
  for (int m = 0; m < nu; ++m) sum += weight(m) * row[m] * taps[n - m + nu - 1];
  return sum;
}

struct RowWeights {
  const float* w;
  PYRONN_HD float operator()(int m) const { return w[m]; }
};

struct SeparableRowWeights {
  const float* a;
  const float* b;
  PYRONN_HD float operator()(int m) const { return a[m] * b[m]; }
};

// Where the rows of a stack of projections [batch][views][nv][nu] get their weights.
struct FilterRowsParams {
  const float* redundancy;  // [views][nu]
  const float* cosine;      // [nv][nu], or null for none (2D: nv = 1)
  const float* taps;        // 2 nu - 1
  int nu, nv, views;
};

// Bin n of row `row` (counting rows of nu bins through the whole stack).
template <class Index>
PYRONN_HD float filter_bin(const float* input, const FilterRowsParams& p, Index row, int n) {
  const int v = int(row % Index(p.nv)), view = int((row / Index(p.nv)) % Index(p.views));
  const float* in = input + row * Index(p.nu);
  const float* redundancy = p.redundancy + std::ptrdiff_t(view) * p.nu;
  if (p.cosine) return filter_weighted_bin(in, SeparableRowWeights{redundancy, p.cosine + std::ptrdiff_t(v) * p.nu}, p.taps, p.nu, n);
  return filter_weighted_bin(in, RowWeights{redundancy}, p.taps, p.nu, n);
}

}  // namespace pyronn
