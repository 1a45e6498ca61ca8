// bench_operators_2d: throughput of the 2D operators.
//
//   bench_operators_2d [--quick] [--json PATH]
//
// Host driver: each operator on 1 thread and on all hardware threads (the scaling the host
// driver should show). CUDA driver, when compiled by nvcc and a GPU is present: torch-radon's
// standard case (256x256 images, 256 views, 256 bins, batch 128) for both geometries and both
// interpolation policies, timed with CUDA events. Every figure is the median of the repeats,
// after a warm-up. --quick shrinks the host cases so the whole run takes seconds (CI runs it).

#include <pyronn/core/config.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/host/projector_2d.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/projector_2d.cuh>

#include <thrust/device_vector.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace {

const double pi = 3.14159265358979323846;

struct Result {
  std::string driver, geometry, interpolation, op;
  int size, views, bins, batch, threads;
  double seconds;  // median per call
};

double median(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

double time_host(const std::function<void()>& call, int repeats) {
  call();  // warm-up
  std::vector<double> t;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    call();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return median(t);
}

template <class Geometry>
void bench_host(const Geometry& g, const char* name, int batch, int repeats, std::vector<Result>& out) {
  const int n = g.volume_shape()[0], nv = g.number_of_projections(), nu = g.detector_shape();
  std::vector<float> image(batch * g.volume_size(), 1.f), sino(batch * g.sinogram_size(), 1.f);
  for (int threads : {1, pyronn::host::default_thread_count()}) {
    pyronn::host::Projector2D<Geometry> op(g, threads);
    const std::pair<const char*, std::function<void()>> ops[] = {
        {"forward", [&] { op.forward(image.data(), sino.data(), batch); }},
        {"adjoint", [&] { op.adjoint(sino.data(), image.data(), batch); }},
        {"backproject_fbp", [&] { op.backproject_fbp(sino.data(), image.data(), batch); }}};
    for (const auto& o : ops)
      out.push_back({"host", name, "software", o.first, n, nv, nu, batch, threads, time_host(o.second, repeats)});
    if (threads == 1 && pyronn::host::default_thread_count() == 1) break;
  }
}

#if PYRONN_HAS_CUDA
template <class Geometry, pyronn::Interpolation I>
void bench_cuda(const Geometry& g, const char* name, int batch, int repeats, std::vector<Result>& out) {
  const int n = g.volume_shape()[0], nv = g.number_of_projections(), nu = g.detector_shape();
  thrust::device_vector<float> image(batch * g.volume_size(), 1.f), sino(batch * g.sinogram_size(), 1.f);
  float* d_image = thrust::raw_pointer_cast(image.data());
  float* d_sino = thrust::raw_pointer_cast(sino.data());
  pyronn::cuda::Projector2D<Geometry, I> op(g);
  op.reserve_forward_texture(batch);
  op.reserve_backproject_texture(batch);
  cudaEvent_t start, stop;
  PYRONN_CUDA_CHECK(cudaEventCreate(&start));
  PYRONN_CUDA_CHECK(cudaEventCreate(&stop));
  const std::pair<const char*, std::function<void()>> ops[] = {
      {"forward", [&] { op.forward(d_image, d_sino, batch); }},
      {"adjoint", [&] { op.adjoint(d_sino, d_image, batch); }},
      {"backproject_fbp", [&] { op.backproject_fbp(d_sino, d_image, batch); }}};
  for (const auto& o : ops) {
    o.second();  // warm-up
    std::vector<double> t;
    for (int r = 0; r < repeats; ++r) {
      PYRONN_CUDA_CHECK(cudaEventRecord(start));
      o.second();
      PYRONN_CUDA_CHECK(cudaEventRecord(stop));
      PYRONN_CUDA_CHECK(cudaEventSynchronize(stop));
      float ms = 0;
      PYRONN_CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
      t.push_back(ms * 1e-3);
    }
    out.push_back({"cuda", name, pyronn::to_string(I), o.first, n, nv, nu, batch, 0, median(t)});
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
}
#endif

void print(const std::vector<Result>& results) {
  std::printf("%-6s %-9s %-9s %-16s %5s %5s %5s %6s %7s %12s %12s %14s\n", "driver", "geometry", "interp", "operator",
              "size", "views", "bins", "batch", "threads", "ms/call", "images/s", "samples/s");
  for (const Result& r : results) {
    const double samples = double(r.batch) * r.views * double(r.size) * r.size;  // voxel-view pairs
    std::printf("%-6s %-9s %-9s %-16s %5d %5d %5d %6d %7d %12.3f %12.1f %14.3e\n", r.driver.c_str(), r.geometry.c_str(),
                r.interpolation.c_str(), r.op.c_str(), r.size, r.views, r.bins, r.batch, r.threads, r.seconds * 1e3,
                r.batch / r.seconds, samples / r.seconds);
  }
}

void write_json(const std::string& path, const std::vector<Result>& results) {
  std::ofstream f(path);
  if (!f) throw pyronn::error("bench_operators_2d: cannot write " + path);
  f << "[\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    f << "  {\"driver\": \"" << r.driver << "\", \"geometry\": \"" << r.geometry << "\", \"interpolation\": \""
      << r.interpolation << "\", \"operator\": \"" << r.op << "\", \"size\": " << r.size << ", \"views\": " << r.views
      << ", \"bins\": " << r.bins << ", \"batch\": " << r.batch << ", \"threads\": " << r.threads
      << ", \"seconds_per_call\": " << r.seconds << ", \"images_per_second\": " << r.batch / r.seconds << "}"
      << (i + 1 < results.size() ? ",\n" : "\n");
  }
  f << "]\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    bool quick = false;
    std::string json;
    for (int i = 1; i < argc; ++i) {
      if (!std::strcmp(argv[i], "--quick")) quick = true;
      else if (!std::strcmp(argv[i], "--json") && i + 1 < argc) json = argv[++i];
      else throw pyronn::invalid_argument(argv[i], "unknown option; usage: bench_operators_2d [--quick] [--json PATH]");
    }
    std::vector<Result> results;
    const int n = quick ? 64 : 256, views = quick ? 64 : 256, repeats = quick ? 3 : 5;
    const pyronn::GeometryParallel2D parallel({n, n}, {1.0, 1.0}, n, 1.0, views, pi);
    const pyronn::GeometryFan2D fan({n, n}, {1.0, 1.0}, n, 1.5, views, 2 * pi, 4.0 * n, 2.0 * n);
    bench_host(parallel, "parallel", 1, repeats, results);
    bench_host(fan, "fan", 1, repeats, results);
#if PYRONN_HAS_CUDA
    if (pyronn::cuda::device_count() > 0) {
      const pyronn::GeometryParallel2D p256({256, 256}, {1.0, 1.0}, 256, 1.0, 256, pi);
      const pyronn::GeometryFan2D f256({256, 256}, {1.0, 1.0}, 256, 1.5, 256, 2 * pi, 1024, 512);
      const int batch = 128, gpu_repeats = quick ? 3 : 20;
      bench_cuda<pyronn::GeometryParallel2D, pyronn::Interpolation::software>(p256, "parallel", batch, gpu_repeats, results);
      bench_cuda<pyronn::GeometryParallel2D, pyronn::Interpolation::texture>(p256, "parallel", batch, gpu_repeats, results);
      bench_cuda<pyronn::GeometryFan2D, pyronn::Interpolation::software>(f256, "fan", batch, gpu_repeats, results);
      bench_cuda<pyronn::GeometryFan2D, pyronn::Interpolation::texture>(f256, "fan", batch, gpu_repeats, results);
    } else {
      std::printf("CUDA cases skipped: no usable CUDA device\n");
    }
#else
    std::printf("CUDA cases skipped: built without CUDA\n");
#endif
    print(results);
    if (!json.empty()) write_json(json, results);
    return 0;
  } catch (const pyronn::error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
