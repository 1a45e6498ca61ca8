#pragma once
// The checks every operator call makes before any work: both buffers given, a positive batch,
// batch sizes whose element counts fit std::size_t, and an output that shares no element with the
// input.

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>

#include <cstddef>

namespace pyronn {
namespace detail {

// An input and an output of `batch` items of the given sizes (elements).
inline void check_operator_call(const float* input, std::size_t input_per_item, const char* input_name,
                                const float* output, std::size_t output_per_item, const char* output_name, int batch) {
  require_not_null(input, input_name);
  require_not_null(output, output_name);
  require(batch > 0, "batch", "must be > 0, got " + to_text(batch));
  const std::size_t input_count = checked_product({std::size_t(batch), input_per_item}, "batch");
  const std::size_t output_count = checked_product({std::size_t(batch), output_per_item}, "batch");
  require_disjoint(input, input_count, input_name, output, output_count, output_name);
}

}  // namespace detail
}  // namespace pyronn
