#pragma once
// The host driver for per-ray weight operators (recon/weights_layout.hpp): std::thread over the
// same bodies the CUDA kernels run, on caller-owned host memory.
//
// Free functions take the weights as a pointer, so that weights being learned can live wherever
// the caller keeps its parameters; WeightOperator owns a copy (from recon/weight_operators.hpp's
// generators or the caller) and offers the projector-style forward / adjoint pair.
//
// Aliasing: forward and adjoint may run in place (output == input); any other overlap between
// input, output and weights is refused. weight_gradient's grad_output and input may be the same
// array; grad_weights must overlap neither.

#include <pyronn/core/errors.hpp>
#include <pyronn/core/indexing.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/recon/weights_layout.hpp>
#include <pyronn/recon/weight_operators.hpp>

#include <cstddef>
#include <utility>
#include <vector>

namespace pyronn {
namespace host {

// output = weights * input over a batch of stacks [batch][views][rows][columns].
inline void apply_weights(const WeightShape& shape, const float* weights, std::size_t weights_size, const float* input,
                          float* output, int batch = 1, int threads = 0) {
  ::pyronn::detail::check_weight_shape(shape);
  ::pyronn::detail::check_weighting_call(shape, weights, weights_size, input, output, batch);
  const int workers = resolve_thread_count(threads);
  parallel_for(std::size_t(batch) * shape.projection_size(), workers, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) output[i] = weighted_element(weights, input, shape, i);
  });
}

// grad_weights[j] = sum of grad_output * input over the elements weight j multiplies (overwritten).
inline void weight_gradient(const WeightShape& shape, const float* grad_output, const float* input, float* grad_weights,
                            std::size_t grad_weights_size, int batch = 1, int threads = 0) {
  ::pyronn::detail::check_weight_shape(shape);
  ::pyronn::detail::check_weight_gradient_call(shape, grad_output, input, grad_weights, grad_weights_size, batch);
  const int workers = resolve_thread_count(threads);
  parallel_for(shape.weight_size(), workers, [&](std::size_t begin, std::size_t end) {
    for (std::size_t j = begin; j < end; ++j) grad_weights[j] = weight_gradient_element(grad_output, input, shape, batch, j);
  });
}

class WeightOperator {
 public:
  // threads = 0: one per hardware thread.
  explicit WeightOperator(RayWeights weights, int threads = 0)
      : weights_(std::move(weights)), threads_(resolve_thread_count(threads)) {
    ::pyronn::detail::check_ray_weights(weights_);
  }

  const WeightShape& shape() const { return weights_.shape; }
  const std::vector<float>& weights() const { return weights_.values; }
  int threads() const { return threads_; }

  // Replace the weights (e.g. after an optimiser step); the count must stay shape().weight_size().
  void set_weights(const float* values, std::size_t count) {
    ::pyronn::detail::require_not_null(values, "weights");
    ::pyronn::detail::require(count == weights_.values.size(), "weights",
                              "holds " + ::pyronn::detail::to_text(count) + " values, expected " +
                                  ::pyronn::detail::to_text(weights_.values.size()));
    weights_.values.assign(values, values + count);
  }
  void set_weights(const std::vector<float>& values) { set_weights(values.data(), values.size()); }

  // output = w * input. May run in place.
  void forward(const float* input, float* output, int batch = 1) const {
    apply_weights(weights_.shape, weights_.values.data(), weights_.values.size(), input, output, batch, threads_);
  }
  // The operator is diagonal, so its adjoint (the gradient w.r.t. the input) is the same product:
  // grad_input = w * grad_output. May run in place.
  void adjoint(const float* grad_output, float* grad_input, int batch = 1) const { forward(grad_output, grad_input, batch); }
  // The gradient w.r.t. the weights: sum over the batch and broadcast axes of grad_output * input.
  void gradient_weights(const float* grad_output, const float* input, float* grad_weights, int batch = 1) const {
    weight_gradient(weights_.shape, grad_output, input, grad_weights, weights_.values.size(), batch, threads_);
  }

  // Sized forms: the batch follows from the buffer sizes (elements), which must agree.
  void forward(const float* input, std::size_t input_size, float* output, std::size_t output_size) const {
    forward(input, output, batch_of(input_size, output_size));
  }
  void adjoint(const float* grad_output, std::size_t grad_output_size, float* grad_input, std::size_t grad_input_size) const {
    adjoint(grad_output, grad_input, batch_of(grad_output_size, grad_input_size, "grad_output", "grad_input"));
  }
  void gradient_weights(const float* grad_output, std::size_t grad_output_size, const float* input,
                        std::size_t input_size, float* grad_weights, std::size_t grad_weights_size) const {
    const int batch = batch_of(grad_output_size, input_size, "grad_output", "input");
    weight_gradient(weights_.shape, grad_output, input, grad_weights, grad_weights_size, batch, threads_);
  }

  int batch_of(std::size_t input_size, std::size_t output_size, const char* input_name = "input",
               const char* output_name = "output") const {
    const std::size_t per_item = weights_.shape.projection_size();
    return ::pyronn::detail::batch_of(input_size, per_item, input_name, output_size, per_item, output_name);
  }

 private:
  RayWeights weights_;
  int threads_;
};

}  // namespace host
}  // namespace pyronn
