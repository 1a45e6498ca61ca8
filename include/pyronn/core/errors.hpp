#pragma once
// Typed exceptions. pyronn never exits or aborts: every failure reaches the caller as one of
// these, with a message naming the parameter (or CUDA call) and what was expected.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>

namespace pyronn {

class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A parameter was out of range, inconsistent or missing.
class invalid_argument : public error {
 public:
  invalid_argument(const std::string& parameter, const std::string& problem)
      : error("pyronn: invalid argument '" + parameter + "': " + problem), parameter_(parameter) {}
  const std::string& parameter() const noexcept { return parameter_; }

 private:
  std::string parameter_;
};

// A CUDA runtime call or kernel launch failed. The status is kept as an int so that this header
// stays free of CUDA headers.
class cuda_error : public error {
 public:
  cuda_error(const std::string& call, int status, const std::string& status_text, const char* file, int line)
      : error(describe(call, status, status_text, file, line)), call_(call), status_(status) {}
  const std::string& call() const noexcept { return call_; }
  int status() const noexcept { return status_; }

 private:
  static std::string describe(const std::string& call, int status, const std::string& text, const char* file,
                              int line) {
    std::ostringstream s;
    s << "pyronn: CUDA call " << call << " failed with status " << status << " (" << text << ") at " << file
      << ":" << line;
    return s.str();
  }
  std::string call_;
  int status_;
};

namespace detail {

template <class T>
std::string to_text(const T& value) {
  std::ostringstream s;
  s << value;
  return s.str();
}

inline void require(bool condition, const std::string& parameter, const std::string& problem) {
  if (!condition) throw invalid_argument(parameter, problem);
}

template <class T>
void require_positive(T value, const std::string& parameter) {
  if (!std::isfinite(static_cast<double>(value)) || !(value > T(0)))
    throw invalid_argument(parameter, "must be finite and > 0, got " + to_text(value));
}

template <class T>
void require_finite(T value, const std::string& parameter) {
  if (!std::isfinite(static_cast<double>(value)))
    throw invalid_argument(parameter, "must be finite, got " + to_text(value));
}

inline void require_not_null(const void* pointer, const std::string& parameter) {
  if (pointer == nullptr) throw invalid_argument(parameter, "is a null pointer");
}

}  // namespace detail
}  // namespace pyronn

namespace pyronn {
namespace detail {

// Do [a, a + a_count) and [b, b + b_count) share a byte? Counts are in elements of each type.
template <class A, class B>
bool ranges_overlap(const A* a, std::size_t a_count, const B* b, std::size_t b_count) {
  const std::uintptr_t x = reinterpret_cast<std::uintptr_t>(a), y = reinterpret_cast<std::uintptr_t>(b);
  return x < y + b_count * sizeof(B) && y < x + a_count * sizeof(A);
}

// An output must not share a single element with an input of the same call: the drivers read the
// input while they write the output (and the CUDA kernels declare both __restrict__), so any
// overlap, not only the same pointer, gives wrong results. Names the output.
template <class A, class B>
void require_disjoint(const A* input, std::size_t input_count, const std::string& input_name, const B* output,
                      std::size_t output_count, const std::string& output_name) {
  if (ranges_overlap(input, input_count, output, output_count))
    throw invalid_argument(output_name, "overlaps the input '" + input_name + "'; they must be separate buffers");
}

}  // namespace detail
}  // namespace pyronn
