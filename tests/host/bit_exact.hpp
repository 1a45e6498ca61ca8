#pragma once
// What the tests of the host's vector forms (test_simd_*.cpp) compare with: inputs with signed
// zeros among them, and comparisons of the bits, so that -0 and +0 differ.

#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

namespace pyronn_test {

// Values with signed zeros among them: a -0 term is what a masked lane must not turn into +0.
inline std::vector<float> values_with_zeros(std::size_t n) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = i % 7 == 3 ? -0.f : (i % 11 == 5 ? 0.f : std::sin(0.37f * float(i)) + 0.01f * float(i % 17));
  return v;
}

inline bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// How many elements of two equally long vectors differ in their bits.
inline int bit_mismatches(const std::vector<float>& a, const std::vector<float>& b) {
  int n = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) n += !same_bits(a[i], b[i]);
  return n;
}

}  // namespace pyronn_test
