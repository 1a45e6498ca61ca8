// XLA FFI handlers for pyronn.jax: the projector's four operators on XLA's CPU buffers and, in a
// build with the CUDA driver, on its CUDA buffers (on XLA's stream for the call), with the
// geometry and options as attributes. Built only when JAX's FFI headers are found at build time
// (python/CMakeLists.txt); each handler runs the same code as the NumPy-level call.
#include "operators.hpp"
#ifdef PYRONN_WITH_CUDA
#include "cuda_driver.hpp"
#endif

#include <nanobind/nanobind.h>

#include "xla/ffi/api/ffi.h"

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace nb = nanobind;
namespace ffi = xla::ffi;

namespace pyronn_python {
namespace {

Options options(std::string_view interpolation, int64_t threads, std::string_view model, double step_size) {
  return {interpolation_from_string(std::string(interpolation)), pyronn::Filter::ram_lak, int(threads),
          model_from_string(std::string(model)), step_size};
}

template <Op op>
ffi::Error call(ffi::Buffer<ffi::F32> input, ffi::ResultBuffer<ffi::F32> output, ffi::Span<const double> params,
                ffi::Span<const double> vectors, std::string_view interpolation, int64_t threads,
                std::string_view model, double step_size) {
  try {
    run_on_buffers(op, Numbers(params.begin(), params.end()), Numbers(vectors.begin(), vectors.end()),
                   input.typed_data(), input.element_count(), output->typed_data(), output->element_count(),
                   options(interpolation, threads, model, step_size));
    return ffi::Error::Success();
  } catch (const std::exception& e) {
    return ffi::Error(ffi::ErrorCode::kInvalidArgument, e.what());
  }
}

#ifdef PYRONN_WITH_CUDA
// stream: XLA's cudaStream_t for this call (an opaque pointer here: this file includes no CUDA header).
template <Op op>
ffi::Error call_cuda(void* stream, int32_t device, ffi::Buffer<ffi::F32> input, ffi::ResultBuffer<ffi::F32> output,
                     ffi::Span<const double> params, ffi::Span<const double> vectors, std::string_view interpolation,
                     int64_t threads, std::string_view model, double step_size) {
  try {
    run_cuda_on_buffers(op, Numbers(params.begin(), params.end()), Numbers(vectors.begin(), vectors.end()),
                        input.typed_data(), input.element_count(), output->typed_data(), output->element_count(),
                        options(interpolation, threads, model, step_size),
                        {int(device), reinterpret_cast<std::uintptr_t>(stream)});
    return ffi::Error::Success();
  } catch (const std::exception& e) {
    return ffi::Error(ffi::ErrorCode::kInvalidArgument, e.what());
  }
}
#endif

// The arguments and attributes every handler takes, after what the binding already has (the CUDA
// handlers' stream and device).
template <class Binding>
auto with_arguments(Binding&& binding) {
  return std::move(binding)
      .template Arg<ffi::Buffer<ffi::F32>>()
      .template Ret<ffi::Buffer<ffi::F32>>()
      .template Attr<ffi::Span<const double>>("params")
      .template Attr<ffi::Span<const double>>("vectors")
      .template Attr<std::string_view>("interpolation")
      .template Attr<int64_t>("threads")
      .template Attr<std::string_view>("model")
      .template Attr<double>("step_size");
}

auto binding() { return with_arguments(ffi::Ffi::Bind()); }
#ifdef PYRONN_WITH_CUDA
auto cuda_binding() {
  return with_arguments(ffi::Ffi::Bind().Ctx<ffi::PlatformStream<void*>>().Ctx<ffi::DeviceOrdinal>());
}
#endif

XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_forward, call<Op::forward>, binding());
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_adjoint, call<Op::adjoint>, binding());
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_backproject_fbp, call<Op::backproject_fbp>, binding());
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_backproject_fbp_transpose, call<Op::backproject_fbp_transpose>, binding());
#ifdef PYRONN_WITH_CUDA
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_cuda_forward, call_cuda<Op::forward>, cuda_binding());
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_cuda_adjoint, call_cuda<Op::adjoint>, cuda_binding());
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_cuda_backproject_fbp, call_cuda<Op::backproject_fbp>, cuda_binding());
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_cuda_backproject_fbp_transpose, call_cuda<Op::backproject_fbp_transpose>,
                              cuda_binding());
#endif

nb::capsule handler(XLA_FFI_Handler* f) { return nb::capsule(reinterpret_cast<void*>(f)); }

}  // namespace

void bind_jax(nb::module_& m) {
  m.def("jax_handlers", [] {
    nb::dict d;
    d["forward"] = handler(jax_forward);
    d["adjoint"] = handler(jax_adjoint);
    d["backproject_fbp"] = handler(jax_backproject_fbp);
    d["backproject_fbp_transpose"] = handler(jax_backproject_fbp_transpose);
    return d;
  });
  // The CUDA handlers (platform "CUDA"): empty in a build without the CUDA driver.
  m.def("jax_cuda_handlers", [] {
    nb::dict d;
#ifdef PYRONN_WITH_CUDA
    d["forward"] = handler(jax_cuda_forward);
    d["adjoint"] = handler(jax_cuda_adjoint);
    d["backproject_fbp"] = handler(jax_cuda_backproject_fbp);
    d["backproject_fbp_transpose"] = handler(jax_cuda_backproject_fbp_transpose);
#endif
    return d;
  });
}

}  // namespace pyronn_python
