#pragma once
// One output bin of weighting-then-filtering a detector row (see recon/filters.hpp for the taps).

#include <pyronn/core/config.hpp>

namespace pyronn {

PYRONN_HD float filter_bin(const float* row, const float* row_weights, const float* taps, int nu, int n) {
  float sum = 0.f;
  for (int m = 0; m < nu; ++m) sum += row_weights[m] * row[m] * taps[n - m + nu - 1];
  return sum;
}

}  // namespace pyronn
