#pragma once
// What counts as a finding, and the helpers every driver uses to call the library.
//
// The contract under test (README, "Errors"): a call either succeeds, with finite output for
// finite input, or throws an exception derived from pyronn::error. Anything else (another
// exception type, a crash, a sanitizer report, non-finite output, a size that wrapped) is a
// finding: we print what happened and abort(), so that libFuzzer stops and saves the input.

#include <pyronn/core/errors.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <string>
#include <typeinfo>
#include <vector>

namespace pyronn_fuzz {

// Largest buffer (floats) the drivers hand to an operator: keeps each input to milliseconds.
constexpr std::size_t max_buffer = 4096;

[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "\n==pyronn_fuzz== FINDING: %s\n", what.c_str());
  std::abort();
}

// Runs call(); true if it returned, false if it threw a pyronn::error (a proper refusal).
template <class Call>
bool attempt(const char* name, const Call& call) {
  try {
    call();
    return true;
  } catch (const pyronn::error&) {
    return false;
  } catch (const std::exception& e) {
    finding(std::string(name) + " threw " + typeid(e).name() + " (not a pyronn::error): " + e.what());
  } catch (...) {
    finding(std::string(name) + " threw something that is not a std::exception");
  }
}

// For calls whose arguments the library must refuse (an overlap, a wrong size).
template <class Call>
void expect_refused(const char* name, const Call& call) {
  if (attempt(name, call)) finding(std::string(name) + " accepted arguments it must refuse");
}

inline void require_finite(const char* name, const float* values, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(values[i]))
      finding(std::string(name) + " gave a non-finite value (" + std::to_string(values[i]) + ") at index " +
              std::to_string(i) + " of " + std::to_string(count) + " for finite input");
}
inline void require_finite(const char* name, const std::vector<float>& values) {
  require_finite(name, values.data(), values.size());
}

// The exact product of positive ints (a geometry's shape), or 0 if it exceeds 64 bits.
inline std::size_t exact_product(std::initializer_list<int> factors) {
  unsigned __int128 product = 1;
  for (int f : factors) {
    product *= unsigned(f);
    if (product > SIZE_MAX) return 0;
  }
  return std::size_t(product);
}

// A size the library reports for an accepted geometry must be the true product of its shape:
// a wrapped product would make every later size check meaningless.
inline void require_size(const char* name, std::size_t reported, std::initializer_list<int> factors) {
  const std::size_t exact = exact_product(factors);
  if (exact == 0 || reported != exact)
    finding(std::string(name) + " is " + std::to_string(reported) + " but the shape's product is " +
            (exact ? std::to_string(exact) : std::string("beyond 64 bits")) + ": the size wrapped");
}

// Deterministic values in [-1, 1]: finite input whose output must be finite.
inline std::vector<float> finite_data(std::size_t count, unsigned seed) {
  std::vector<float> v(count);
  std::uint32_t state = 2463534242u ^ seed;
  for (auto& x : v) {
    state ^= state << 13, state ^= state >> 17, state ^= state << 5;  // xorshift32
    x = float(state % 2001u) / 1000.f - 1.f;
  }
  return v;
}

}  // namespace pyronn_fuzz
