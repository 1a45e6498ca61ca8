#pragma once
// A small owning device array for what an operator uploads once (views, filter taps, weights).

#include <pyronn/cuda/check.cuh>

#include <cstddef>
#include <utility>
#include <vector>

namespace pyronn {
namespace cuda {

template <class T>
class DeviceArray {
 public:
  DeviceArray() = default;
  explicit DeviceArray(const std::vector<T>& host) : size_(host.size()) {
    if (size_ == 0) return;
    PYRONN_CUDA_CHECK(cudaMalloc(&data_, size_ * sizeof(T)));
    // A copy from pageable memory may return before its DMA has landed, and only the legacy
    // default stream is ordered after it: wait, so that any stream may read the array at once.
    cudaError_t status = cudaMemcpy(data_, host.data(), size_ * sizeof(T), cudaMemcpyHostToDevice);
    if (status == cudaSuccess) status = cudaDeviceSynchronize();
    if (status != cudaSuccess) {
      cudaFree(data_);
      data_ = nullptr;
      PYRONN_CUDA_CHECK(status);
    }
  }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  DeviceArray(DeviceArray&& other) noexcept { swap(other); }
  DeviceArray& operator=(DeviceArray&& other) noexcept {
    swap(other);
    return *this;
  }
  ~DeviceArray() {
    if (data_) cudaFree(data_);
  }

  const T* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  void swap(DeviceArray& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
  }
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace cuda
}  // namespace pyronn
