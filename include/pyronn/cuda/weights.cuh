#pragma once
// The CUDA driver for per-ray weight operators (recon/weights_layout.hpp): elementwise kernels
// over caller-owned device memory, on the caller's stream, with no allocation per call.
//
// Free functions take the weights as a device pointer (weights being learned live in the
// caller's parameter memory); WeightOperator uploads a RayWeights once and owns that copy.
//
// Aliasing, as on the host: forward and adjoint may run in place (output == input); any other
// overlap between input, output and weights is refused. weight_gradient's grad_output and input
// may be the same array; grad_weights must overlap neither. Every pointer must be device (or
// managed) memory.

#include <pyronn/core/indexing.hpp>
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/device_array.cuh>
#include <pyronn/cuda/launch.cuh>
#include <pyronn/recon/weight_operators.hpp>
#include <pyronn/recon/weights_layout.hpp>

#include <climits>
#include <cstddef>
#include <vector>

namespace pyronn {
namespace cuda {

// One thread per element. Input and output may be the same array, so neither is __restrict__.
template <class Index>
PYRONN_KERNEL void apply_weights_kernel(const float* weights, const float* input, WeightShape shape, Index count,
                                        float* output) {
  const Index i = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  if (i >= count) return;
  output[i] = weighted_element(weights, input, shape, i);
}

// One thread per weight: a fixed-order sum over the batch and the broadcast axis (deterministic,
// no atomics).
template <class Index>
PYRONN_KERNEL void weight_gradient_kernel(const float* __restrict__ grad_output, const float* __restrict__ input,
                                          WeightShape shape, int batch, Index count, float* __restrict__ grad_weights) {
  const Index j = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  if (j >= count) return;
  grad_weights[j] = weight_gradient_element(grad_output, input, shape, batch, j);
}

namespace detail {

constexpr unsigned weight_threads_per_block = 256;

inline unsigned weight_blocks(std::size_t work) {
  const std::size_t blocks = (work + weight_threads_per_block - 1) / weight_threads_per_block;
  ::pyronn::detail::require(blocks <= std::size_t(INT_MAX), "batch",
                            "needs " + ::pyronn::detail::to_text(blocks) + " blocks, more than a grid holds");
  return unsigned(blocks);
}

}  // namespace detail

// output = weights * input over a batch of stacks [batch][views][rows][columns].
template <class Index = int>
void apply_weights(const WeightShape& shape, const float* weights, std::size_t weights_size, const float* input,
                   float* output, int batch = 1, cudaStream_t stream = 0) {
  ::pyronn::detail::check_weight_shape(shape);
  if (batch > 0)
    ::pyronn::detail::require_indexable<Index>(std::size_t(batch) * shape.projection_size(), "the projection batch");
  ::pyronn::detail::check_weighting_call(shape, weights, weights_size, input, output, batch);
  detail::require_device_pointer(weights, "weights");
  detail::require_device_pointer(input, "input");
  detail::require_device_pointer(output, "output");
  const std::size_t count = std::size_t(batch) * shape.projection_size();
  apply_weights_kernel<Index><<<detail::weight_blocks(count), detail::weight_threads_per_block, 0, stream>>>(
      weights, input, shape, Index(count), output);
  detail::check_launch("apply_weights_kernel");
}

// grad_weights[j] = sum of grad_output * input over the elements weight j multiplies (overwritten).
template <class Index = int>
void weight_gradient(const WeightShape& shape, const float* grad_output, const float* input, float* grad_weights,
                     std::size_t grad_weights_size, int batch = 1, cudaStream_t stream = 0) {
  ::pyronn::detail::check_weight_shape(shape);
  if (batch > 0)
    ::pyronn::detail::require_indexable<Index>(std::size_t(batch) * shape.projection_size(), "the projection batch");
  ::pyronn::detail::check_weight_gradient_call(shape, grad_output, input, grad_weights, grad_weights_size, batch);
  detail::require_device_pointer(grad_output, "grad_output");
  detail::require_device_pointer(input, "input");
  detail::require_device_pointer(grad_weights, "grad_weights");
  const std::size_t count = shape.weight_size();
  weight_gradient_kernel<Index><<<detail::weight_blocks(count), detail::weight_threads_per_block, 0, stream>>>(
      grad_output, input, shape, batch, Index(count), grad_weights);
  detail::check_launch("weight_gradient_kernel");
}

template <class Index = int>
class WeightOperator {
 public:
  // Uploads the weights once.
  explicit WeightOperator(const RayWeights& weights)
      : shape_((::pyronn::detail::check_ray_weights(weights), weights.shape)), weights_(weights.values) {}

  const WeightShape& shape() const { return shape_; }
  // The operator's own device copy of the weights: shape().weight_size() floats.
  const float* weights() const { return weights_.data(); }
  std::size_t weight_count() const { return weights_.size(); }

  // Replace the weights from device memory (e.g. after an optimiser step), queued on `stream`.
  void set_weights(const float* device_values, std::size_t count, cudaStream_t stream = 0) {
    check_count(count);
    detail::require_device_pointer(device_values, "weights");
    if (device_values == weights_.data()) return;
    ::pyronn::detail::require(!::pyronn::detail::ranges_overlap(device_values, count, weights_.data(), count), "weights",
                              "must not overlap the operator's own copy");
    PYRONN_CUDA_CHECK(cudaMemcpyAsync(own(), device_values, count * sizeof(float), cudaMemcpyDeviceToDevice, stream));
  }
  // Replace the weights from host memory. Synchronous with the whole device: work queued on any
  // stream finishes reading the old weights first, and any stream may read the new ones after.
  void set_weights(const std::vector<float>& host_values) {
    check_count(host_values.size());
    PYRONN_CUDA_CHECK(cudaDeviceSynchronize());
    PYRONN_CUDA_CHECK(cudaMemcpy(own(), host_values.data(), host_values.size() * sizeof(float), cudaMemcpyHostToDevice));
    PYRONN_CUDA_CHECK(cudaDeviceSynchronize());
  }

  // output = w * input. May run in place.
  void forward(const float* input, float* output, int batch = 1, cudaStream_t stream = 0) const {
    apply_weights<Index>(shape_, weights_.data(), weights_.size(), input, output, batch, stream);
  }
  // The operator is diagonal, so its adjoint (the gradient w.r.t. the input) is the same product.
  void adjoint(const float* grad_output, float* grad_input, int batch = 1, cudaStream_t stream = 0) const {
    forward(grad_output, grad_input, batch, stream);
  }
  // The gradient w.r.t. the weights: sum over the batch and broadcast axes of grad_output * input.
  void gradient_weights(const float* grad_output, const float* input, float* grad_weights, int batch = 1,
                        cudaStream_t stream = 0) const {
    weight_gradient<Index>(shape_, grad_output, input, grad_weights, weights_.size(), batch, stream);
  }

  // Sized forms: the batch follows from the buffer sizes (elements), which must agree.
  void forward(const float* input, std::size_t input_size, float* output, std::size_t output_size,
               cudaStream_t stream = 0) const {
    forward(input, output, batch_of(input_size, output_size), stream);
  }
  void adjoint(const float* grad_output, std::size_t grad_output_size, float* grad_input, std::size_t grad_input_size,
               cudaStream_t stream = 0) const {
    adjoint(grad_output, grad_input, batch_of(grad_output_size, grad_input_size, "grad_output", "grad_input"), stream);
  }
  void gradient_weights(const float* grad_output, std::size_t grad_output_size, const float* input,
                        std::size_t input_size, float* grad_weights, std::size_t grad_weights_size,
                        cudaStream_t stream = 0) const {
    const int batch = batch_of(grad_output_size, input_size, "grad_output", "input");
    weight_gradient<Index>(shape_, grad_output, input, grad_weights, grad_weights_size, batch, stream);
  }

  int batch_of(std::size_t input_size, std::size_t output_size, const char* input_name = "input",
               const char* output_name = "output") const {
    const std::size_t per_item = shape_.projection_size();
    return ::pyronn::detail::batch_of(input_size, per_item, input_name, output_size, per_item, output_name);
  }

 private:
  void check_count(std::size_t count) const {
    ::pyronn::detail::require(count == weights_.size(), "weights",
                              "holds " + ::pyronn::detail::to_text(count) + " values, expected " +
                                  ::pyronn::detail::to_text(weights_.size()));
  }
  // DeviceArray hands out const pointers; the buffer itself is ours and writable (cudaMalloc).
  float* own() { return const_cast<float*>(weights_.data()); }

  WeightShape shape_;
  DeviceArray<float> weights_;
};

}  // namespace cuda
}  // namespace pyronn
