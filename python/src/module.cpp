// pyronn._core: the compiled part of the Python package. It includes the headers and links no
// framework; python/pyronn/ gives it its Python API.
#include "errors.hpp"

#include <pyronn/core/config.hpp>

#include <nanobind/nanobind.h>

namespace nb = nanobind;

namespace pyronn_python {
void bind_convert(nb::module_& m);
void bind_filters(nb::module_& m);
void bind_geometry(nb::module_& m);
#ifdef PYRONN_WITH_JAX_FFI
void bind_jax(nb::module_& m);
#endif
void bind_operators(nb::module_& m);
void bind_phantoms(nb::module_& m);
void bind_solvers(nb::module_& m);
void bind_weights(nb::module_& m);
}  // namespace pyronn_python

NB_MODULE(_core, m) {
  pyronn_python::register_error_translator();
  pyronn_python::bind_convert(m);
  pyronn_python::bind_filters(m);
  pyronn_python::bind_geometry(m);
  pyronn_python::bind_operators(m);
  pyronn_python::bind_phantoms(m);
  pyronn_python::bind_solvers(m);
  pyronn_python::bind_weights(m);
#ifdef PYRONN_HAS_FFTW
  m.attr("has_fftw") = true;
#else
  m.attr("has_fftw") = false;
#endif
#ifdef PYRONN_WITH_CUDA
  m.attr("has_cuda") = true;  // the CUDA driver is compiled in (cuda_driver.cu); a GPU may still be absent
#else
  m.attr("has_cuda") = false;
#endif
#ifdef PYRONN_WITH_JAX_FFI
  pyronn_python::bind_jax(m);
  m.attr("has_jax") = true;
#else
  m.attr("has_jax") = false;
#endif
  m.attr("version") = pyronn::version_string();
}
