#pragma once
// Host memory pyronn allocates for itself (scratch, weights, the convenience functions' outputs):
// a failed allocation reaches the caller as pyronn::error saying how much and what for, never
// as a bare std::bad_alloc.

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>

#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace pyronn {
namespace detail {

template <class T>
std::vector<T> host_vector(std::size_t count, const char* what, const T& value = T()) {
  try {
    return std::vector<T>(count, value);
  } catch (const std::bad_alloc&) {
  } catch (const std::length_error&) {
  }
  throw error("pyronn: cannot allocate " + to_text(count) + " x " + to_text(sizeof(T)) + " bytes of host memory for " +
              what);
}

// A batch of items of per_item elements each; a count that wraps is refused naming "batch".
template <class T>
std::vector<T> host_batch_vector(int batch, std::size_t per_item, const char* what) {
  return host_vector<T>(checked_product({std::size_t(batch), per_item}, "batch"), what);
}

}  // namespace detail
}  // namespace pyronn
