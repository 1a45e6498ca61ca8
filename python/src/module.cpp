// pyronn._core: the compiled part of the Python package. It includes the headers and links no
// framework; python/pyronn/ gives it its Python API.
#include "errors.hpp"

#include <pyronn/core/config.hpp>

#include <nanobind/nanobind.h>

namespace nb = nanobind;

namespace pyronn_python {
void bind_filters(nb::module_& m);
void bind_geometry(nb::module_& m);
void bind_operators(nb::module_& m);
void bind_phantoms(nb::module_& m);
}  // namespace pyronn_python

NB_MODULE(_core, m) {
  pyronn_python::register_error_translator();
  pyronn_python::bind_filters(m);
  pyronn_python::bind_geometry(m);
  pyronn_python::bind_operators(m);
  pyronn_python::bind_phantoms(m);
#ifdef PYRONN_HAS_FFTW
  m.attr("has_fftw") = true;
#else
  m.attr("has_fftw") = false;
#endif
  m.attr("has_cuda") = false;
  m.attr("version") = pyronn::version_string();
}
