#pragma once
// The host driver's threads: a range split into contiguous chunks, one per thread.

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace pyronn {
namespace host {

// Threads to use when the caller asks for 0: one per hardware thread.
inline int default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : int(n);
}

// Calls body(begin, end) on disjoint chunks covering [0, count). The body must not throw.
template <class Body>
void parallel_for(std::size_t count, int threads, const Body& body) {
  const std::size_t workers = std::min<std::size_t>(std::size_t(std::max(threads, 1)), count);
  if (workers <= 1) {
    if (count > 0) body(std::size_t(0), count);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  const std::size_t chunk = (count + workers - 1) / workers;
  for (std::size_t w = 1; w < workers; ++w) {
    const std::size_t begin = w * chunk, end = std::min(count, begin + chunk);
    if (begin < end) pool.emplace_back([&body, begin, end] { body(begin, end); });
  }
  body(std::size_t(0), std::min(count, chunk));
  for (auto& t : pool) t.join();
}

}  // namespace host
}  // namespace pyronn
