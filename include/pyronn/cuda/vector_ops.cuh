#pragma once
// cuda::VectorSpace: the iterative solvers' vector space on the GPU (see
// recon/iterative_host_space.hpp for the interface). Vectors are caller-owned device arrays; the
// same functors the host runs (recon/iterative_ops.hpp, recon/tv.hpp) run here in kernels, and
// the CUDA operators are applied on the space's stream.
//
// Memory: the constructor allocates one block of reduce_blocks doubles (2 KiB) on the device for
// the partial sums of sum(), reused by every call and freed by the destructor; nothing else.
// sum() copies the partials back and synchronises the stream (the solvers need the scalar on the
// host to choose their next step); the last additions happen on the host in a fixed order, so
// sums are deterministic. One space must not be used from two host threads at once.

#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/launch.cuh>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <utility>

namespace pyronn {
namespace cuda {

template <class F>
PYRONN_KERNEL void vector_for_each_kernel(std::size_t n, F f) {
  const std::size_t stride = std::size_t(blockDim.x) * gridDim.x;
  for (std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) f(i);
}

// Each block adds its grid-strided terms in double, then reduces them in shared memory by a
// fixed tree: one partial sum per block. blockDim.x must be VectorSpace::threads (a power of 2).
template <unsigned Threads, class Term>
PYRONN_KERNEL void vector_sum_kernel(std::size_t n, Term term, double* partials) {
  __shared__ double cache[Threads];
  const std::size_t stride = std::size_t(Threads) * gridDim.x;
  double s = 0;
  for (std::size_t i = std::size_t(blockIdx.x) * Threads + threadIdx.x; i < n; i += stride) s += term(i);
  cache[threadIdx.x] = s;
  __syncthreads();
  for (unsigned half = Threads / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) cache[threadIdx.x] += cache[threadIdx.x + half];
    __syncthreads();
  }
  if (threadIdx.x == 0) partials[blockIdx.x] = cache[0];
}

class VectorSpace {
 public:
  static constexpr bool host_memory = false;
  static constexpr unsigned threads = 256;
  static constexpr unsigned reduce_blocks = 256;
  static constexpr unsigned max_blocks = 4096;  // for_each: grid-stride beyond this

  explicit VectorSpace(cudaStream_t stream = 0) : stream_(stream) {
    PYRONN_CUDA_CHECK(cudaMalloc(&partials_, reduce_blocks * sizeof(double)));
  }
  VectorSpace(const VectorSpace&) = delete;
  VectorSpace& operator=(const VectorSpace&) = delete;
  VectorSpace(VectorSpace&& other) noexcept { swap(other); }
  VectorSpace& operator=(VectorSpace&& other) noexcept {
    swap(other);
    return *this;
  }
  ~VectorSpace() {
    if (partials_) cudaFree(partials_);
  }

  cudaStream_t stream() const { return stream_; }

  template <class F>
  void for_each(std::size_t n, const F& f) {
    if (n == 0) return;
    const unsigned blocks = std::min(detail::blocks_for(n, threads), max_blocks);
    vector_for_each_kernel<F><<<blocks, threads, 0, stream_>>>(n, f);
    detail::check_launch("vector_for_each_kernel");
  }

  template <class Term>
  double sum(std::size_t n, const Term& term) {
    if (n == 0) return 0;
    const unsigned blocks = std::min(detail::blocks_for(n, threads), reduce_blocks);
    vector_sum_kernel<threads, Term><<<blocks, threads, 0, stream_>>>(n, term, partials_);
    detail::check_launch("vector_sum_kernel");
    PYRONN_CUDA_CHECK(
        cudaMemcpyAsync(host_partials_.data(), partials_, blocks * sizeof(double), cudaMemcpyDeviceToHost, stream_));
    PYRONN_CUDA_CHECK(cudaStreamSynchronize(stream_));
    double total = 0;
    for (unsigned b = 0; b < blocks; ++b) total += host_partials_[b];
    return total;
  }

  template <class Operator>
  void forward(Operator& op, const float* in, float* out) {
    op.forward(in, out, 1, stream_);
  }
  template <class Operator>
  void adjoint(Operator& op, const float* in, float* out) {
    op.adjoint(in, out, 1, stream_);
  }

  void require_vector(const void* pointer, const std::string& parameter) const {
    detail::require_device_pointer(pointer, parameter);
  }

 private:
  void swap(VectorSpace& other) noexcept {
    std::swap(stream_, other.stream_);
    std::swap(partials_, other.partials_);
  }

  cudaStream_t stream_ = 0;
  double* partials_ = nullptr;
  std::array<double, reduce_blocks> host_partials_{};
};

}  // namespace cuda
}  // namespace pyronn
