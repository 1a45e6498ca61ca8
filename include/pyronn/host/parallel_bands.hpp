#pragma once
// Owner-computes work division for the host driver's scatters: the rows (image rows, volume z
// layers, sinogram views) of a batch are split into contiguous bands, one run of bands per thread,
// and each thread writes only its own rows. A band never spans two batch items.

#include <pyronn/host/parallel_for.hpp>

#include <algorithm>
#include <cstddef>

namespace pyronn {
namespace host {

// Calls body(b, begin, end) for bands [begin, end) of the rows_per_item rows of batch item b,
// covering every row of the batch once, on up to `threads` threads.
template <class Body>
void parallel_for_bands(int batch, int rows_per_item, int threads, const Body& body) {
  const std::size_t rows = std::size_t(rows_per_item);
  parallel_for(std::size_t(batch) * rows, threads, [&](std::size_t begin, std::size_t end) {
    while (begin < end) {
      const std::size_t b = begin / rows, first = begin % rows;
      const std::size_t last = std::min(rows, first + (end - begin));
      body(int(b), int(first), int(last));
      begin += last - first;
    }
  });
}

}  // namespace host
}  // namespace pyronn
