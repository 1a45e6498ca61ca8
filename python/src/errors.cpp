#include "errors.hpp"

#include <nanobind/stl/string.h>

namespace nb = nanobind;

namespace pyronn_python {
namespace {

// The exception classes are plain Python (pyronn/_errors.py), so that they read like any other
// Python exception; they are looked up when an error is raised, after the package is imported.
void raise(const char* class_name, const char* message, const std::string& parameter) {
  nb::object type = nb::module_::import_("pyronn._errors").attr(class_name);
  nb::object instance = type(message, parameter);
  PyErr_SetObject(type.ptr(), instance.ptr());
}

}  // namespace

void register_error_translator() {
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const argument_type_error& e) {
      raise("ArgumentTypeError", e.what(), e.parameter());
    } catch (const pyronn::invalid_argument& e) {
      raise("InvalidArgumentError", e.what(), e.parameter());
    } catch (const pyronn::cuda_error& e) {
      raise("CudaError", e.what(), e.call());
    } catch (const pyronn::error& e) {
      raise("Error", e.what(), "");
    }
  });
}

}  // namespace pyronn_python
