#pragma once
// What the benchmarks share: median timing on the host and with CUDA events, the result record,
// the device's limits, the table and the JSON file.

#include <pyronn/core/config.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/host/simd.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/check.cuh>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
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
  // For the fractions of the device's limits (0: not meaningful for this operator):
  double samples = 0;  // interpolated samples per call: ray samples (forward), voxel-view updates (FBP)
  double bytes = 0;    // memory traffic no implementation can avoid: read the input once, write the output
  bool trilinear = false;  // samples are 3D (trilinear) texture fetches
};

// What a GPU can do at most, from its properties. Texture units filter one bilinear sample per
// clock each, 4 units per SM (Volta to Hopper); a trilinear (3D) sample is counted as two, the
// usual half rate (an assumption: NVIDIA does not publish per-filter rates). Memory moves 2
// words per memory clock (DDR) across the bus.
struct DeviceLimits {
  std::string name;
  double bilinear_per_second = 0, bytes_per_second = 0;
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

inline DeviceLimits device_limits() {
  int device = 0, sms = 0, clock_khz = 0, memory_khz = 0, bus_bits = 0;
  PYRONN_CUDA_CHECK(cudaGetDevice(&device));
  cudaDeviceProp properties{};
  PYRONN_CUDA_CHECK(cudaGetDeviceProperties(&properties, device));
  PYRONN_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  PYRONN_CUDA_CHECK(cudaDeviceGetAttribute(&clock_khz, cudaDevAttrClockRate, device));
  PYRONN_CUDA_CHECK(cudaDeviceGetAttribute(&memory_khz, cudaDevAttrMemoryClockRate, device));
  PYRONN_CUDA_CHECK(cudaDeviceGetAttribute(&bus_bits, cudaDevAttrGlobalMemoryBusWidth, device));
  DeviceLimits limits;
  limits.name = properties.name;
  limits.bilinear_per_second = 4.0 * sms * clock_khz * 1e3;
  limits.bytes_per_second = 2.0 * memory_khz * 1e3 * bus_bits / 8;
  return limits;
}
#endif

// The samples' share of the texture units' rate (texture interpolation only; trilinear samples
// count double), and the compulsory traffic's share of the memory bandwidth; NaN where not
// meaningful. The clock attribute is the boost clock, so both are lower bounds.
inline double texture_fraction(const Result& r, const DeviceLimits& d) {
  if (r.driver != "cuda" || r.interpolation != "texture" || r.samples <= 0 || d.bilinear_per_second <= 0) return NAN;
  return r.samples * (r.trilinear ? 2 : 1) / r.seconds / d.bilinear_per_second;
}
inline double memory_fraction(const Result& r, const DeviceLimits& d) {
  if (r.driver != "cuda" || r.bytes <= 0 || d.bytes_per_second <= 0) return NAN;
  return r.bytes / r.seconds / d.bytes_per_second;
}
// "12.3", or "-" where not meaningful.
inline std::string percent(double fraction) {
  if (!std::isfinite(fraction)) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", 100 * fraction);
  return text;
}

inline void print(const std::vector<Result>& results, const DeviceLimits& device, const char* work_unit) {
  if (!device.name.empty())
    std::printf("device: %s, texture units %.3g bilinear samples/s, memory %.3g bytes/s\n", device.name.c_str(),
                device.bilinear_per_second, device.bytes_per_second);
  std::printf("%-6s %-9s %-9s %-26s %-28s %6s %7s %11s %11s %12s %10s %6s %6s\n", "driver", "geometry", "interp",
              "operator", "case", "batch", "threads", "ms/call", "items/s", work_unit, "extra MiB", "tex %", "mem %");
  for (const Result& r : results) {
    const double tex = texture_fraction(r, device), mem = memory_fraction(r, device);
    std::printf("%-6s %-9s %-9s %-26s %-28s %6d %7d %11.3f %11.1f %12.4e %10.1f %6s %6s\n", r.driver.c_str(),
                r.geometry.c_str(), r.interpolation.c_str(), r.op.c_str(), r.case_name.c_str(), r.batch, r.threads,
                r.seconds * 1e3, r.batch / r.seconds, r.work / r.seconds, r.extra_bytes / (1 << 20),
                percent(tex).c_str(), percent(mem).c_str());
  }
}

// JSON has no NaN or infinity: those become null.
inline std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

inline std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out + "\"";
}

inline void write_json(const std::string& path, const std::vector<Result>& results, const DeviceLimits& device) {
  std::ofstream f(path);
  if (!f) throw pyronn::error("benchmark: cannot write " + path);
  f << "{\n  \"device\": {\"name\": " << (device.name.empty() ? "null" : json_string(device.name))
    << ", \"bilinear_samples_per_second\": " << json_number(device.name.empty() ? NAN : device.bilinear_per_second)
    << ", \"bytes_per_second\": " << json_number(device.name.empty() ? NAN : device.bytes_per_second)
    << "},\n  \"results\": [\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    f << "    {\"driver\": " << json_string(r.driver) << ", \"geometry\": " << json_string(r.geometry)
      << ", \"interpolation\": " << json_string(r.interpolation) << ", \"operator\": " << json_string(r.op)
      << ", \"case\": " << json_string(r.case_name) << ", \"batch\": " << r.batch << ", \"threads\": " << r.threads
      << ", \"seconds_per_call\": " << json_number(r.seconds) << ", \"items_per_second\": " << json_number(r.batch / r.seconds)
      << ", \"work_per_second\": " << json_number(r.work / r.seconds)
      << ", \"samples_per_second\": " << json_number(r.samples > 0 ? r.samples / r.seconds : NAN)
      << ", \"extra_device_bytes\": " << json_number(r.extra_bytes)
      << ", \"texture_limit_fraction\": " << json_number(texture_fraction(r, device))
      << ", \"memory_limit_fraction\": " << json_number(memory_fraction(r, device)) << "}"
      << (i + 1 < results.size() ? ",\n" : "\n");
  }
  f << "  ]\n}\n";
}

// --quick, --json PATH, --simd FORM and --threads N; anything else is refused.
struct Options {
  bool quick = false;
  std::string json;
  std::string simd;  // the most capable form of the host row loops to run ("": this CPU's best)
  // The host cases' second thread count, after 1 (0: one per hardware thread). More threads than
  // cores show the work that each thread repeats, which many cores would pay.
  int threads = 0;
};
inline int parse_thread_count(const std::string& text, const std::string& usage) {
  std::size_t used = 0;
  int n = 0;
  try {
    n = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || n < 1 || n > pyronn::host::max_threads)
    throw pyronn::invalid_argument("--threads", "must be a whole number from 1 to " +
                                                    std::to_string(pyronn::host::max_threads) + ", not '" + text +
                                                    "'; " + usage);
  return n;
}

// The thread counts the host cases run: 1, then --threads or one per hardware thread.
inline std::vector<int> thread_counts(const Options& o) {
  const int many = o.threads ? o.threads : pyronn::host::default_thread_count();
  return many == 1 ? std::vector<int>{1} : std::vector<int>{1, many};
}

inline Options parse_options(int argc, char** argv, const char* program) {
  Options o;
  const std::string usage =
      std::string("usage: ") + program + " [--quick] [--json PATH] [--simd plain|avx2|avx512] [--threads N]";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") o.quick = true;
    else if (a == "--json" && i + 1 < argc) o.json = argv[++i];
    else if (a == "--simd" && i + 1 < argc) o.simd = argv[++i];
    else if (a == "--threads" && i + 1 < argc) o.threads = parse_thread_count(argv[++i], usage);
    else throw pyronn::invalid_argument(a, "unknown option; " + usage);
  }
  if (!o.simd.empty() && o.simd != "plain" && o.simd != "avx2" && o.simd != "avx512")
    throw pyronn::invalid_argument("--simd", "must be plain, avx2 or avx512, not '" + o.simd + "'; " + usage);
  return o;
}

// Applies --simd (a cap: a CPU without the form runs its best one below it) and prints the form
// the host cases run. Called by the host part, which the C++ compiler builds (host/simd.hpp).
inline void use_simd_option(const Options& o) {
  using pyronn::host::SimdForm;
  if (o.simd == "plain") pyronn::host::limit_simd_form(SimdForm::plain);
  if (o.simd == "avx2") pyronn::host::limit_simd_form(SimdForm::avx2);
  std::printf("host row loops: %s\n", pyronn::host::simd_form_name(pyronn::host::simd_form()));
}

// The cases a benchmark runs, adding to the results.
using Cases = std::function<void(const Options&, std::vector<Result>&)>;

// A benchmark's main: the options, the host cases, the CUDA cases where this is a CUDA build and
// a GPU is present (cuda_cases may be empty otherwise), the table and the JSON file.
inline int run(int argc, char** argv, const char* program, const Cases& host_cases, const Cases& cuda_cases) {
  try {
    const Options options = parse_options(argc, argv, program);
    std::vector<Result> results;
    DeviceLimits device;
    host_cases(options, results);
#if PYRONN_HAS_CUDA
    if (pyronn::cuda::device_count() > 0) {
      device = device_limits();
      cuda_cases(options, results);
    } else {
      std::printf("CUDA cases skipped: no usable CUDA device\n");
    }
#else
    (void)cuda_cases;
    std::printf("CUDA cases skipped: built without CUDA\n");
#endif
    print(results, device, "work/s");
    if (!options.json.empty()) write_json(options.json, results, device);
    return 0;
  } catch (const pyronn::error& e) {
    std::fprintf(stderr, "%s: %s\n", program, e.what());
    return 1;
  }
}

}  // namespace bench
