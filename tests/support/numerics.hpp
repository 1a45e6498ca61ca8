#pragma once
// Test helpers: random data, double-accumulated inner products and error norms, and the
// "flat region" mask that FBP accuracy is judged on.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

namespace pyronn_test {

inline std::vector<float> random_vector(std::size_t n, unsigned seed, float lo = 0.f, float hi = 1.f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

inline double inner(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += double(a[i]) * double(b[i]);
  return s;
}

// |<Ax, y> - <x, A^T y>| / |<Ax, y>|
inline double adjoint_mismatch(const std::vector<float>& ax, const std::vector<float>& y, const std::vector<float>& x,
                               const std::vector<float>& aty) {
  const double lhs = inner(ax, y), rhs = inner(x, aty);
  return std::abs(lhs - rhs) / std::abs(lhs);
}

// |<Ax, y> - <x, A^T y>| / (|Ax| |y|): the mismatch relative to the largest <Ax, y> could be,
// for data whose inner product may cancel (signed data, or a transposed pair's y).
inline double normalized_adjoint_mismatch(const std::vector<float>& ax, const std::vector<float>& y,
                                          const std::vector<float>& x, const std::vector<float>& aty) {
  return std::abs(inner(ax, y) - inner(x, aty)) / std::sqrt(inner(ax, ax) * inner(y, y));
}

// Same values to the last bit (results that must not depend on the thread count).
inline bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

inline double relative_l2(const std::vector<float>& value, const std::vector<float>& reference) {
  double e = 0, n = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const double d = double(value[i]) - double(reference[i]);
    e += d * d;
    n += double(reference[i]) * double(reference[i]);
  }
  return std::sqrt(e / n);
}

// max |value - reference| / max |reference|
inline double relative_max(const std::vector<float>& value, const std::vector<float>& reference) {
  double e = 0, n = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    e = std::max(e, std::abs(double(value[i]) - double(reference[i])));
    n = std::max(n, std::abs(double(reference[i])));
  }
  return e / n;
}

// Pixels whose (2 margin + 1)^2 neighbourhood in the phantom is constant: at least `margin`
// pixels from any edge.
inline std::vector<bool> flat_mask(const std::vector<float>& phantom, int nx, int ny, int margin) {
  std::vector<bool> mask(phantom.size(), false);
  for (int y = margin; y < ny - margin; ++y)
    for (int x = margin; x < nx - margin; ++x) {
      const float v = phantom[std::size_t(y) * nx + x];
      bool flat = true;
      for (int dy = -margin; dy <= margin && flat; ++dy)
        for (int dx = -margin; dx <= margin && flat; ++dx) flat = phantom[std::size_t(y + dy) * nx + x + dx] == v;
      mask[std::size_t(y) * nx + x] = flat;
    }
  return mask;
}

inline double masked_mean_abs_error(const std::vector<float>& value, const std::vector<float>& reference,
                                    const std::vector<bool>& mask) {
  double e = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < value.size(); ++i)
    if (mask[i]) e += std::abs(double(value[i]) - double(reference[i])), ++n;
  return e / double(n);
}

inline double sum(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += x;
  return s;
}

// Figures the acceptance criteria ask to see: one greppable line each.
inline void print_figure(const char* name, double value) { std::printf("[figure] %s = %.3e\n", name, value); }

}  // namespace pyronn_test
