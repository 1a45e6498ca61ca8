// The extension's CUDA driver (cuda_driver.cu, compiled only when CMake enables CUDA): the
// operators on device memory, queued on the caller's stream. This header has no CUDA types, so
// the host-compiled bindings (operators.cpp, filters.cpp, jax_ffi.cpp) call it as plain C++.
//
// No call synchronises or allocates behind the caller's back, with three documented exceptions
// (docs/python.md, "CUDA"): the first call with a geometry and options on a device uploads the
// per-view geometry (and FBP's taps and weights), which waits for the device, and keeps it in a
// small cache; the texture path keeps its texture arrays with the cached operator; fbp without a
// workspace takes its scratch from the stream-ordered allocator (cudaMallocAsync / cudaFreeAsync
// on the call's stream).
#pragma once

#include "operators.hpp"

#include <pyronn/kernels/filter_row.hpp>
#include <pyronn/recon/weights_layout.hpp>

#include <cstddef>
#include <cstdint>

namespace pyronn_python {

// Where a CUDA call runs: the device ordinal and the stream (a cudaStream_t as an integer; 0 is
// the legacy default stream).
struct CudaCall {
  int device;
  std::uintptr_t stream;
};

// The operator op on a batch of device arrays (as run_on_buffers on the host). workspace (device
// memory of workspace_bytes, may be null) is fbp's scratch for the filtered projections.
void run_cuda(Op op, const Numbers& params, const Numbers& vectors, const float* in, float* out, int batch,
              const Options& o, CudaCall call, float* workspace, std::size_t workspace_bytes);

// As run_cuda, with the batch from the element counts (the JAX FFI handlers' form).
void run_cuda_on_buffers(Op op, const Numbers& params, const Numbers& vectors, const float* in, std::size_t in_elements,
                         float* out, std::size_t out_elements, const Options& o, CudaCall call);

// FBP's weighted row filter and its gradients (filters.cpp) on device arrays, by direct
// summation (no cuFFT, hence no plan or workspace): rows rows of params.nu bins.
void filter_rows_cuda(RowOp op, const float* input, const float* grad_output, float* out, std::size_t rows,
                      const pyronn::FilterRowsParams& params, CudaCall call);

// The per-ray weight operator out = weights * input (weights.cpp) and its gradient with respect to
// the weights (grad_weights overwritten; zeros for an empty batch).
void apply_weights_cuda(const pyronn::WeightShape& shape, const float* weights, std::size_t weights_size,
                        const float* input, float* out, int batch, CudaCall call);
void weight_gradient_cuda(const pyronn::WeightShape& shape, const float* grad_output, const float* input,
                          float* grad_weights, std::size_t grad_weights_size, int batch, CudaCall call);

// Waits until every stream on the device is idle (cudaDeviceSynchronize). For a framework that
// gives its callbacks no handle of its stream (TensorFlow's py_function): waiting before a call
// orders it after the framework's queued work, waiting after orders the framework's next work
// after it, whatever kind of streams the framework made.
void synchronize_device(int device);

}  // namespace pyronn_python
