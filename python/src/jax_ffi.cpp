// XLA FFI handlers for pyronn.jax: the projector's four operators on XLA's CPU buffers, with the
// geometry and options as attributes. Built only when JAX's FFI headers are found at build time
// (python/CMakeLists.txt); each handler runs the same code as the NumPy-level call.
#include "operators.hpp"

#include <nanobind/nanobind.h>

#include "xla/ffi/api/ffi.h"

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace nb = nanobind;
namespace ffi = xla::ffi;

namespace pyronn_python {
namespace {

template <Op op>
ffi::Error call(ffi::Buffer<ffi::F32> input, ffi::ResultBuffer<ffi::F32> output, ffi::Span<const double> params,
                ffi::Span<const double> vectors, std::string_view interpolation, int64_t threads,
                std::string_view model, double step_size) {
  try {
    const Options o{interpolation_from_string(std::string(interpolation)), pyronn::Filter::ram_lak, int(threads),
                    model_from_string(std::string(model)), step_size};
    run_on_buffers(op, Numbers(params.begin(), params.end()), Numbers(vectors.begin(), vectors.end()),
                   input.typed_data(), input.element_count(), output->typed_data(), output->element_count(), o);
    return ffi::Error::Success();
  } catch (const std::exception& e) {
    return ffi::Error(ffi::ErrorCode::kInvalidArgument, e.what());
  }
}

auto binding() {
  return ffi::Ffi::Bind()
      .Arg<ffi::Buffer<ffi::F32>>()
      .Ret<ffi::Buffer<ffi::F32>>()
      .Attr<ffi::Span<const double>>("params")
      .Attr<ffi::Span<const double>>("vectors")
      .Attr<std::string_view>("interpolation")
      .Attr<int64_t>("threads")
      .Attr<std::string_view>("model")
      .Attr<double>("step_size");
}

XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_forward, call<Op::forward>, binding());
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_adjoint, call<Op::adjoint>, binding());
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_backproject_fbp, call<Op::backproject_fbp>, binding());
XLA_FFI_DEFINE_HANDLER_SYMBOL(jax_backproject_fbp_transpose, call<Op::backproject_fbp_transpose>, binding());

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
}

}  // namespace pyronn_python
