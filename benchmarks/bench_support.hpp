#pragma once
// What the benchmarks share: median timing on the host and with CUDA events, the result record,
// the table and the JSON file.

#include <pyronn/core/config.hpp>
#include <pyronn/core/errors.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/check.cuh>
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace bench {

struct Result {
  std::string driver, geometry, interpolation, op, case_name;
  double work;        // rays (forward) or voxel-view updates (backprojections) per call
  int batch, threads;
  double seconds;     // median per call
  double extra_bytes; // device memory the call's texture path holds
};

inline double median(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// Median wall time of `repeats` calls after one warm-up.
inline double time_host(const std::function<void()>& call, int repeats) {
  call();
  std::vector<double> t;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    call();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return median(t);
}

#if PYRONN_HAS_CUDA
// Median GPU time of `repeats` calls after one warm-up, measured with events on the default stream.
inline double time_cuda(const std::function<void()>& call, int repeats) {
  cudaEvent_t start, stop;
  PYRONN_CUDA_CHECK(cudaEventCreate(&start));
  PYRONN_CUDA_CHECK(cudaEventCreate(&stop));
  call();
  std::vector<double> t;
  for (int r = 0; r < repeats; ++r) {
    PYRONN_CUDA_CHECK(cudaEventRecord(start));
    call();
    PYRONN_CUDA_CHECK(cudaEventRecord(stop));
    PYRONN_CUDA_CHECK(cudaEventSynchronize(stop));
    float ms = 0;
    PYRONN_CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
    t.push_back(ms * 1e-3);
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  return median(t);
}
#endif

inline void print(const std::vector<Result>& results, const char* work_unit) {
  std::printf("%-6s %-9s %-9s %-16s %-28s %6s %7s %11s %11s %12s %10s\n", "driver", "geometry", "interp", "operator",
              "case", "batch", "threads", "ms/call", "items/s", work_unit, "extra MiB");
  for (const Result& r : results)
    std::printf("%-6s %-9s %-9s %-16s %-28s %6d %7d %11.3f %11.1f %12.4e %10.1f\n", r.driver.c_str(),
                r.geometry.c_str(), r.interpolation.c_str(), r.op.c_str(), r.case_name.c_str(), r.batch, r.threads,
                r.seconds * 1e3, r.batch / r.seconds, r.work / r.seconds, r.extra_bytes / (1 << 20));
}

inline void write_json(const std::string& path, const std::vector<Result>& results) {
  std::ofstream f(path);
  if (!f) throw pyronn::error("benchmark: cannot write " + path);
  f << "[\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    f << "  {\"driver\": \"" << r.driver << "\", \"geometry\": \"" << r.geometry << "\", \"interpolation\": \""
      << r.interpolation << "\", \"operator\": \"" << r.op << "\", \"case\": \"" << r.case_name
      << "\", \"batch\": " << r.batch << ", \"threads\": " << r.threads << ", \"seconds_per_call\": " << r.seconds
      << ", \"items_per_second\": " << r.batch / r.seconds << ", \"work_per_second\": " << r.work / r.seconds
      << ", \"extra_device_bytes\": " << r.extra_bytes << "}" << (i + 1 < results.size() ? ",\n" : "\n");
  }
  f << "]\n";
}

// --quick and --json PATH; anything else is refused.
struct Options {
  bool quick = false;
  std::string json;
};
inline Options parse_options(int argc, char** argv, const char* program) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") o.quick = true;
    else if (a == "--json" && i + 1 < argc) o.json = argv[++i];
    else throw pyronn::invalid_argument(a, std::string("unknown option; usage: ") + program + " [--quick] [--json PATH]");
  }
  return o;
}

}  // namespace bench
