// How C++ errors reach Python: pyronn::invalid_argument becomes pyronn.InvalidArgumentError (a
// ValueError), a wrong dtype pyronn.ArgumentTypeError (a TypeError), pyronn::cuda_error
// pyronn.CudaError; each Python class derives from pyronn.Error and keeps the parameter's name.
#pragma once

#include <pyronn/core/errors.hpp>

#include <nanobind/nanobind.h>

#include <string>

namespace pyronn_python {

// A wrong element type: the caller passed the wrong kind of object, hence a TypeError in Python.
class argument_type_error : public pyronn::invalid_argument {
 public:
  using pyronn::invalid_argument::invalid_argument;
};

void register_error_translator();

}  // namespace pyronn_python
