// The host threads: counts beyond host::max_threads are refused, a thread that cannot be started
// and a body that throws on any thread both reach the caller as a pyronn::error after the
// started threads are joined (never std::terminate), and results do not depend on the count.

#include "../support/refused.hpp"

#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/host/weights.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/recon/iterative.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#if defined(__GLIBC__)
#include <pthread.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>
#endif

// Address-space limits and the sanitizers' shadow memory do not mix.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PYRONN_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define PYRONN_TEST_SANITIZED 1
#endif
#endif

using namespace pyronn;
using pyronn_test::check_refused;

namespace {

const double pi = 3.14159265358979323846;

GeometryParallel2D small_parallel() { return GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, pi); }
GeometryFan2D small_fan() { return GeometryFan2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, 2 * pi, 200, 100); }

}  // namespace

TEST_CASE("thread counts above host::max_threads are refused where they are given", "[threads]") {
  const auto g = small_parallel();
  REQUIRE(host::max_threads == 1024);
  check_refused([&] { host::Projector2D<GeometryParallel2D>(g, 100000); }, "threads");
  check_refused([&] { host::Projector2D<GeometryParallel2D>(g, host::max_threads + 1); }, "threads");
  check_refused([&] { host::Projector2D<GeometryParallel2D>(g, -1); }, "threads");
  check_refused([&] { host::FBP2D<GeometryParallel2D>(g, Filter::ram_lak, 5000); }, "threads");
  check_refused([&] { host::RowFilter(16, FilterMethod::direct, 5000); }, "threads");
  check_refused([&] { host::VectorSpace(5000); }, "threads");
  check_refused([&] { host::WeightOperator(cosine_ray_weights(small_fan()), 5000); }, "threads");
  CHECK(host::Projector2D<GeometryParallel2D>(g, host::max_threads).threads() == host::max_threads);
  const int automatic = host::Projector2D<GeometryParallel2D>(g, 0).threads();
  CHECK(automatic >= 1);
  CHECK(automatic <= host::max_threads);
}

TEST_CASE("a body that throws on a worker thread is rethrown after the join", "[threads]") {
  std::atomic<std::size_t> visited{0};
  // Index 90 lies in the last of 4 chunks of 100: a worker thread, not the calling one.
  check_refused(
      [&] {
        host::parallel_for(100, 4, [&](std::size_t begin, std::size_t end) {
          for (std::size_t i = begin; i < end; ++i) {
            if (i == 90) throw invalid_argument("body", "threw on a worker");
            ++visited;
          }
        });
      },
      "body");
  // Every other chunk ran to its end: the threads were joined, not abandoned.
  CHECK(visited.load() >= 75);

  // Anything that is not a pyronn::error arrives as one, with its message.
  try {
    host::parallel_for(100, 4, [](std::size_t begin, std::size_t) {
      if (begin > 0) throw std::bad_alloc();
    });
    FAIL("no exception");
  } catch (const pyronn::error& e) {
    CHECK(std::string(e.what()).find("bad_alloc") != std::string::npos);
  }
  // On the calling thread (and with one thread) too.
  CHECK_THROWS_AS(host::parallel_for(100, 4, [](std::size_t begin, std::size_t) {
                    if (begin == 0) throw std::runtime_error("first chunk");
                  }),
                  pyronn::error);
  CHECK_THROWS_AS(host::parallel_for(100, 1, [](std::size_t, std::size_t) { throw std::runtime_error("one"); }),
                  pyronn::error);
}

#if defined(__GLIBC__)
TEST_CASE("a thread that cannot be started is a pyronn::error, not std::terminate", "[threads]") {
  // A default stack no mmap can provide makes every std::thread construction fail with
  // std::system_error, as running out of threads or memory would.
  pthread_attr_t saved;
  REQUIRE(pthread_getattr_default_np(&saved) == 0);
  std::size_t saved_stack = 0;
  REQUIRE(pthread_attr_getstacksize(&saved, &saved_stack) == 0);
  pthread_attr_t huge;
  REQUIRE(pthread_attr_init(&huge) == 0);
  REQUIRE(pthread_attr_setstacksize(&huge, std::size_t(1) << 60) == 0);
  REQUIRE(pthread_setattr_default_np(&huge) == 0);

  const auto g = small_parallel();
  const host::Projector2D<GeometryParallel2D> op(g, 8);
  const std::vector<float> image(g.volume_size(), 1.f);
  std::vector<float> sinogram(g.sinogram_size());
  bool refused = false;
  std::string message;
  try {
    op.forward(image.data(), sinogram.data());
  } catch (const pyronn::error& e) {
    refused = true;
    message = e.what();
  }
  pthread_setattr_default_np(&saved);
  pthread_attr_destroy(&huge);
  pthread_attr_destroy(&saved);
  INFO(message);
  CHECK(refused);
  CHECK(message.find("host thread failed") != std::string::npos);

  // With the default restored the same operator works again.
  op.forward(image.data(), sinogram.data());
}

#if !defined(PYRONN_TEST_SANITIZED)
namespace {

// Bytes of address space this process has mapped (/proc/self/statm counts pages).
std::size_t mapped_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0;
  statm >> pages;
  return pages * std::size_t(sysconf(_SC_PAGESIZE));
}

// In a child process whose address space holds only about two more thread stacks: a parallel_for
// over 8 threads starts some, fails to start the rest, and must join those it started and throw.
// Exit status 0: a pyronn::error arrived; 1: something else or nothing; a signal: it aborted.
[[noreturn]] void run_out_of_threads() {
  const std::size_t stack = std::size_t(256) << 20;
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, stack) != 0 ||
      pthread_setattr_default_np(&attr) != 0)
    _exit(2);
  const rlimit limit{mapped_bytes() + 2 * stack + (std::size_t(64) << 20), RLIM_INFINITY};
  if (setrlimit(RLIMIT_AS, &limit) != 0) _exit(2);
  std::atomic<int> finished{0};
  try {
    host::parallel_for(8, 8, [&](std::size_t, std::size_t) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      ++finished;
    });
  } catch (const pyronn::error&) {
    _exit(finished.load() >= 1 ? 0 : 3);  // the started workers ran to their end
  } catch (...) {
    _exit(1);
  }
  _exit(1);
}

}  // namespace

TEST_CASE("threads that did start are joined when a later one cannot be", "[threads]") {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) run_out_of_threads();
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  INFO("child status " << status);
  REQUIRE(WIFEXITED(status));  // not killed by std::terminate's SIGABRT
  CHECK(WEXITSTATUS(status) == 0);
}
#endif
#endif

TEST_CASE("host results do not depend on the thread count", "[threads]") {
  const auto g = small_parallel();
  const std::vector<float> image = rasterize_2d(shepp_logan_2d(7.0), g, 2);
  std::vector<float> one(g.sinogram_size()), many(g.sinogram_size());
  host::Projector2D<GeometryParallel2D>(g, 1).forward(image.data(), one.data());
  host::Projector2D<GeometryParallel2D>(g, 7).forward(image.data(), many.data());
  CHECK(one == many);
  std::vector<float> back_one(g.volume_size()), back_many(g.volume_size());
  host::Projector2D<GeometryParallel2D>(g, 1).adjoint(one.data(), back_one.data());
  host::Projector2D<GeometryParallel2D>(g, 13).adjoint(one.data(), back_many.data());
  CHECK(back_one == back_many);
}
