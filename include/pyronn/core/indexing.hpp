#pragma once
// Batch bookkeeping shared by the drivers: the batch size implied by a sized buffer, and the
// 32-bit indexing limit of kernels instantiated with Index = int.

#include <pyronn/core/checked_size.hpp>
#include <pyronn/core/errors.hpp>

#include <climits>
#include <cstddef>
#include <string>
#include <type_traits>

namespace pyronn {
namespace detail {

// The batch an input of input_size elements holds, checked against the output's size.
inline int batch_of(std::size_t input_size, std::size_t per_input, const char* input_name, std::size_t output_size,
                    std::size_t per_output, const char* output_name) {
  require(input_size > 0 && input_size % per_input == 0, input_name,
          "holds " + to_text(input_size) + " elements, not a positive multiple of " + to_text(per_input));
  const std::size_t batch = input_size / per_input;
  require(batch <= std::size_t(INT_MAX), input_name, "holds a batch larger than INT_MAX");
  const std::size_t needed = checked_product({batch, per_output}, output_name);
  require(output_size == needed, output_name,
          "holds " + to_text(output_size) + " elements, but " + std::string(input_name) + " is a batch of " +
              to_text(batch) + ", which needs " + to_text(needed));
  return int(batch);
}

// Kernels instantiated with Index = int address whole batches with int. The limit keeps room for
// one block of threads (at most 1024) past the last element: their indices must not wrap either.
constexpr std::size_t int_index_limit = std::size_t(INT_MAX) - 1024;

template <class Index>
void require_indexable(std::size_t elements, const char* what) {
  if (std::is_same<Index, int>::value && elements > int_index_limit)
    throw invalid_argument("batch", std::string(what) + " of " + to_text(elements) +
                                        " elements exceeds 32-bit indexing; use Index = long long");
}

}  // namespace detail
}  // namespace pyronn
