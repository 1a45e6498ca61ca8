#pragma once
// What the demos share: timing, error measures and why the GPU part cannot run.

#include <pyronn/core/config.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/check.cuh>

#include <cuda_runtime.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace demo {

template <class Work>
double time_ms(const Work& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// ||a - reference|| / ||reference||
inline double relative_l2(const std::vector<float>& a, const std::vector<float>& reference) {
  double difference = 0, norm = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference += (double(a[i]) - reference[i]) * (double(a[i]) - reference[i]);
    norm += double(reference[i]) * reference[i];
  }
  return std::sqrt(difference / norm);
}

// max |a - reference| / max |reference|
inline double max_relative_difference(const std::vector<float>& a, const std::vector<float>& reference) {
  double difference = 0, scale = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference = std::max(difference, std::abs(double(a[i]) - reference[i]));
    scale = std::max(scale, std::abs(double(reference[i])));
  }
  return difference / scale;
}

// Why the GPU part does not run, or "" when it does.
inline std::string gpu_unavailable_reason() {
#if PYRONN_HAS_CUDA
  if (pyronn::cuda::device_count() > 0) return "";
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  return status == cudaSuccess ? "no CUDA device found"
                               : std::string("no usable CUDA device (") + cudaGetErrorString(status) + ")";
#else
  return "this program was compiled without CUDA (build it with nvcc to enable the GPU part)";
#endif
}

}  // namespace demo
