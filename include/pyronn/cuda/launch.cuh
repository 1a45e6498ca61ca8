#pragma once
// Launch arithmetic shared by the CUDA drivers. A grid holds at most 2^31 - 1 blocks along x and
// 65535 along y and z: the batch goes along y or z, so larger batches are launched in chunks, and
// whatever else runs along y or z is capped there and walked by the kernel (see kernels_2d.cuh).

#include <pyronn/core/errors.hpp>

#include <algorithm>
#include <climits>
#include <cstddef>

namespace pyronn {
namespace cuda {
namespace detail {

constexpr int max_batch_per_launch = 65535;  // gridDim.y and gridDim.z
constexpr unsigned max_grid_y = 65535;

// Blocks of `threads` covering `work` items along gridDim.x; refused (before any launch, since
// callers compute it first) where they exceed what gridDim.x holds.
inline unsigned blocks_for(std::size_t work, unsigned threads) {
  const std::size_t blocks = (work + threads - 1) / threads;
  ::pyronn::detail::require(blocks <= std::size_t(INT_MAX), "shape",
                            "needs " + ::pyronn::detail::to_text(blocks) + " blocks of " +
                                ::pyronn::detail::to_text(threads) + " threads in one launch, more than a grid holds");
  return unsigned(blocks);
}

// Calls launch(first, count) on consecutive chunks of at most `chunk` batch items.
template <class Launch>
void for_each_batch_chunk(int batch, int chunk, const Launch& launch) {
  for (int first = 0; first < batch; first += chunk) launch(first, std::min(chunk, batch - first));
}

}  // namespace detail
}  // namespace cuda
}  // namespace pyronn
