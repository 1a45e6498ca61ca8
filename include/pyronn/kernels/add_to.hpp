#pragma once
// How the scatter bodies in kernels/ add into their output: they take an add(index, amount)
// functor. The host driver, whose threads own disjoint parts of the output, adds in place with
// this one; the CUDA driver adds atomically (cuda/atomic_add.cuh).

#include <pyronn/core/config.hpp>

#include <cstddef>

namespace pyronn {

struct AddTo {
  float* data;
  PYRONN_HD void operator()(std::ptrdiff_t i, float amount) const { data[i] += amount; }
};

}  // namespace pyronn
