#pragma once
// The GPU's way of adding into an output that several threads write: the scatter bodies in
// kernels/ take an add(index, amount) functor, which the host driver makes a plain += on memory a
// thread owns (kernels/add_to.hpp), and the CUDA driver this. Float atomics make the order of each
// sum, and so its last bits, vary from run to run.

#include <cstddef>

namespace pyronn {
namespace cuda {

struct AtomicAddTo {
  float* data;
  __device__ void operator()(std::ptrdiff_t i, float amount) const { atomicAdd(data + i, amount); }
};

}  // namespace cuda
}  // namespace pyronn
