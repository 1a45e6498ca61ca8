#pragma once
// Launch arithmetic shared by the CUDA drivers: the batch goes along a grid dimension that holds
// at most 65535 blocks, so larger batches are launched in chunks.

#include <algorithm>
#include <cstddef>

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

}  // namespace detail
}  // namespace cuda
}  // namespace pyronn
