#pragma once
// Launch arithmetic shared by the CUDA drivers: the batch goes along a grid dimension that holds
// at most 65535 blocks, so larger batches are launched in chunks.

#include <pyronn/core/errors.hpp>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <string>
#include <type_traits>

namespace pyronn {
namespace cuda {
namespace detail {

constexpr int max_batch_per_launch = 65535;

inline unsigned blocks_for(std::size_t work, unsigned threads) { return unsigned((work + threads - 1) / threads); }

// Calls launch(first, count) on consecutive chunks of at most `chunk` batch items.
template <class Launch>
void for_each_batch_chunk(int batch, int chunk, const Launch& launch) {
  for (int first = 0; first < batch; first += chunk) launch(first, std::min(chunk, batch - first));
}

// 32-bit kernels index whole batches with int: refuse sizes past that instead of overflowing.
template <class Index>
void require_indexable(std::size_t elements, const char* what) {
  if (std::is_same<Index, int>::value && elements > std::size_t(INT_MAX))
    throw invalid_argument("batch", std::string(what) + " of " + ::pyronn::detail::to_text(elements) +
                                        " elements exceeds 32-bit indexing; use Index = long long");
}

}  // namespace detail
}  // namespace cuda
}  // namespace pyronn
