#pragma once
// Every CUDA call goes through PYRONN_CUDA_CHECK: a failure becomes a pyronn::cuda_error naming
// the call, never an exit.

#include <pyronn/core/errors.hpp>

#include <cuda_runtime.h>

#include <string>

// The oldest CUDA toolkit pyronn supports (README, "Requirements"; CMakeLists.txt checks it too).
#if CUDART_VERSION < 11080
#error "pyronn's CUDA driver needs CUDA 11.8 or newer"
#endif

#define PYRONN_CUDA_CHECK(call)                                                                        \
  do {                                                                                                 \
    const cudaError_t pyronn_status_ = (call);                                                         \
    if (pyronn_status_ != cudaSuccess)                                                                 \
      throw ::pyronn::cuda_error(#call, int(pyronn_status_), cudaGetErrorString(pyronn_status_), __FILE__, \
                                 __LINE__);                                                            \
  } while (0)

// Kernels get hidden visibility: two shared libraries that both include pyronn must not end up
// sharing one kernel symbol (NVIDIA/cccl#166).
#define PYRONN_KERNEL __global__ __attribute__((visibility("hidden")))

namespace pyronn {
namespace cuda {

// Number of usable CUDA devices; 0 where there is no driver or no device. Never throws.
inline int device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky-free error so later calls start clean
    return 0;
  }
  return n;
}

namespace detail {

// The CUDA driver works on device (or managed) memory only.
inline void require_device_pointer(const void* pointer, const std::string& parameter) {
  ::pyronn::detail::require_not_null(pointer, parameter);
  cudaPointerAttributes attributes{};
  const cudaError_t status = cudaPointerGetAttributes(&attributes, pointer);
  if (status != cudaSuccess) {
    cudaGetLastError();
    throw invalid_argument(parameter, std::string("is not a pointer CUDA knows (") + cudaGetErrorString(status) + ")");
  }
  if (attributes.type != cudaMemoryTypeDevice && attributes.type != cudaMemoryTypeManaged)
    throw invalid_argument(parameter, "is a host pointer; the CUDA driver needs device memory (cudaMalloc)");
}

inline void check_launch(const char* kernel) {
  const cudaError_t status = cudaGetLastError();
  if (status != cudaSuccess) throw cuda_error(std::string("launch of ") + kernel, int(status), cudaGetErrorString(status), __FILE__, __LINE__);
}

// After each launch of a chunked batch, so that a failure names the chunk and stops the call
// before the next chunk is queued.
inline void check_launch(const char* kernel, int first_item, int items) {
  const cudaError_t status = cudaGetLastError();
  if (status != cudaSuccess)
    throw cuda_error(std::string("launch of ") + kernel + " for batch items [" + std::to_string(first_item) + ", " +
                         std::to_string(first_item + items) + ")",
                     int(status), cudaGetErrorString(status), __FILE__, __LINE__);
}

}  // namespace detail
}  // namespace cuda
}  // namespace pyronn
