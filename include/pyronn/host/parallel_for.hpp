#pragma once
// The host driver's threads: a range split into contiguous chunks, one per thread.
//
// Failures stay pyronn errors: a thread that cannot be started, or a body that throws on any
// thread, ends the call with the first exception after every started thread has been joined
// (a std::thread destroyed unjoined would call std::terminate). A pyronn::error passes through
// as it is; anything else (std::system_error from thread creation, std::bad_alloc in a body)
// becomes a pyronn::error carrying its message.

#include <pyronn/core/errors.hpp>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pyronn {
namespace detail {

// The first exception any thread of one parallel_for raised.
class FirstFailure {
 public:
  template <class F>
  void run(const F& f) noexcept {
    try {
      f();
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!first_) first_ = std::current_exception();
    }
  }

  // Rethrows what was captured, as a pyronn::error.
  void rethrow_if_any() const {
    if (!first_) return;
    try {
      std::rethrow_exception(first_);
    } catch (const error&) {
      throw;
    } catch (const std::exception& e) {
      throw error(std::string("pyronn: host thread failed: ") + e.what());
    } catch (...) {
      throw error("pyronn: host thread failed with an unknown exception");
    }
  }

 private:
  std::mutex mutex_;
  std::exception_ptr first_;
};

}  // namespace detail

namespace host {

// The most threads one host call uses. More than this gains nothing on any machine pyronn targets
// and risks running out of threads (each one reserves a stack), so asking for more is refused.
constexpr int max_threads = 1024;

// Threads to use when the caller asks for 0: one per hardware thread, at most max_threads.
inline int default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : int(std::min<unsigned>(n, unsigned(max_threads)));
}

// The thread count a host object uses for a `threads` argument: 0 means default_thread_count();
// otherwise 1..max_threads.
inline int resolve_thread_count(int threads) {
  ::pyronn::detail::require(threads >= 0 && threads <= max_threads, "threads",
                            "must be 0 (one per hardware thread) or 1.." + ::pyronn::detail::to_text(max_threads) +
                                ", got " + ::pyronn::detail::to_text(threads));
  return threads == 0 ? default_thread_count() : threads;
}

// Calls body(begin, end) on disjoint chunks covering [0, count), on at most `threads` threads
// (clamped to 1..max_threads and to count). The chunks depend on the thread count, so a body's
// result must not depend on how the range is split.
template <class Body>
void parallel_for(std::size_t count, int threads, const Body& body) {
  const std::size_t workers = std::min<std::size_t>(std::size_t(std::clamp(threads, 1, max_threads)), count);
  ::pyronn::detail::FirstFailure failure;
  if (workers <= 1) {
    if (count > 0) failure.run([&] { body(std::size_t(0), count); });
    failure.rethrow_if_any();
    return;
  }
  const std::size_t chunk = (count + workers - 1) / workers;
  std::vector<std::thread> pool;
  bool all_started = false;
  failure.run([&] {
    pool.reserve(workers - 1);
    for (std::size_t w = 1; w < workers; ++w) {
      const std::size_t begin = w * chunk, end = std::min(count, begin + chunk);
      if (begin < end) pool.emplace_back([&failure, &body, begin, end] { failure.run([&] { body(begin, end); }); });
    }
    all_started = true;
  });
  // Where a thread could not be started the call fails anyway: the calling thread only joins.
  if (all_started) failure.run([&] { body(std::size_t(0), std::min(count, chunk)); });
  for (auto& t : pool) t.join();
  failure.rethrow_if_any();
}

}  // namespace host
}  // namespace pyronn
