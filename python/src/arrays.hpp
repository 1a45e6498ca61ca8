// Checks that an array passed from Python (any DLPack framework) can be used in place: float32,
// C-contiguous, on a device this build drives, with the operator's trailing dimensions. Every
// failure names the parameter. Arrays are taken untyped (nb::ndarray<>), so that nanobind never
// converts or copies them and the check here is the one that reports. They are taken read-only
// (nb::ro) so that read-only inputs pass; python/pyronn/operators.py refuses a read-only `out`.
#pragma once

#include "errors.hpp"

#include <nanobind/ndarray.h>

#include <cstddef>
#include <vector>

namespace pyronn_python {

using Array = nanobind::ndarray<nanobind::ro>;

// The operand's pointer and how many leading (batch) elements it has beyond the trailing shape.
struct Operand {
  float* data;
  std::size_t batch;
  std::vector<std::size_t> leading;  // the leading dimensions themselves
  int device;                        // -1: host memory; else the CUDA device ordinal
};

// Whether this build has the CUDA driver (cuda_driver.cu), which CUDA arrays need.
#ifdef PYRONN_WITH_CUDA
constexpr bool with_cuda = true;
#else
constexpr bool with_cuda = false;
#endif

// Refuses b (named b_name) unless it lies on a's device.
void require_same_device(const Operand& a, const char* a_name, const Operand& b, const char* b_name);

Operand checked_operand(const Array& a, const char* name, const std::vector<std::size_t>& trailing);

// The input and the output of one operator call: their batches and devices must agree and they
// must not overlap.
int checked_batch(const Operand& in, const char* in_name, std::size_t in_elements, const Operand& out,
                  const char* out_name, std::size_t out_elements);

// A new NumPy array that owns data (moved in), with the given shape.
template <class T>
nanobind::ndarray<nanobind::numpy, T> to_numpy(std::vector<T>&& data, std::vector<std::size_t> shape) {
  auto* owned = new std::vector<T>(std::move(data));
  nanobind::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<T>*>(p); });
  return nanobind::ndarray<nanobind::numpy, T>(owned->data(), shape.size(), shape.data(), owner);
}

}  // namespace pyronn_python
