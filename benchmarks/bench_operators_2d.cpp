// bench_operators_2d: throughput of the 2D operators.
//
//   bench_operators_2d [--quick] [--json PATH]
//
// Host driver: each operator on 1 thread and on all hardware threads (the scaling the host
// driver should show). CUDA driver, when compiled by nvcc and a GPU is present: torch-radon's
// standard case (256x256 images, 256 views, 256 bins, batch 128) for both geometries and both
// interpolation policies, timed with CUDA events. Every figure is the median of the repeats,
// after a warm-up. --quick shrinks the host cases so the whole run takes seconds (CI runs it).
// work/s: rays per second for forward, pixel-view updates per second for the backprojections.

#include "bench_support.hpp"

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/host/projector_2d.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/projector_2d.cuh>

#include <thrust/device_vector.h>
#endif

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace {

const double pi = 3.14159265358979323846;

// Rays and pixel-view updates of one call.
template <class Geometry>
std::pair<double, double> work_of(const Geometry& g, int batch) {
  return {double(batch) * g.sinogram_size(), double(batch) * g.volume_size() * g.number_of_projections()};
}

std::string case_name(int n, int views, int bins) {
  return std::to_string(n) + "^2, " + std::to_string(views) + "x" + std::to_string(bins);
}

template <class Geometry>
void bench_host(const Geometry& g, const char* name, int batch, int repeats, std::vector<bench::Result>& out) {
  const auto work = work_of(g, batch);
  const std::string c = case_name(g.volume_shape()[0], g.number_of_projections(), g.detector_shape());
  std::vector<float> image(batch * g.volume_size(), 1.f), sino(batch * g.sinogram_size(), 1.f);
  for (int threads : {1, pyronn::host::default_thread_count()}) {
    pyronn::host::Projector2D<Geometry> op(g, threads);
    out.push_back({"host", name, "software", "forward", c, work.first, batch, threads,
                   bench::time_host([&] { op.forward(image.data(), sino.data(), batch); }, repeats), 0});
    out.push_back({"host", name, "software", "adjoint", c, work.second, batch, threads,
                   bench::time_host([&] { op.adjoint(sino.data(), image.data(), batch); }, repeats), 0});
    out.push_back({"host", name, "software", "backproject_fbp", c, work.second, batch, threads,
                   bench::time_host([&] { op.backproject_fbp(sino.data(), image.data(), batch); }, repeats), 0});
    if (pyronn::host::default_thread_count() == 1) break;
  }
}

#if PYRONN_HAS_CUDA
template <class Geometry, pyronn::Interpolation I>
void bench_cuda(const Geometry& g, const char* name, int batch, int repeats, std::vector<bench::Result>& out) {
  const auto work = work_of(g, batch);
  const std::string c = case_name(g.volume_shape()[0], g.number_of_projections(), g.detector_shape());
  thrust::device_vector<float> image(batch * g.volume_size(), 1.f), sino(batch * g.sinogram_size(), 1.f);
  float* d_image = thrust::raw_pointer_cast(image.data());
  float* d_sino = thrust::raw_pointer_cast(sino.data());
  pyronn::cuda::Projector2D<Geometry, I> op(g);
  op.reserve_forward_texture(batch);
  op.reserve_backproject_texture(batch);
  const char* interp = pyronn::to_string(I);
  out.push_back({"cuda", name, interp, "forward", c, work.first, batch, 0,
                 bench::time_cuda([&] { op.forward(d_image, d_sino, batch); }, repeats),
                 double(op.texture_bytes_forward(batch))});
  out.push_back({"cuda", name, interp, "adjoint", c, work.second, batch, 0,
                 bench::time_cuda([&] { op.adjoint(d_sino, d_image, batch); }, repeats), 0});
  out.push_back({"cuda", name, interp, "backproject_fbp", c, work.second, batch, 0,
                 bench::time_cuda([&] { op.backproject_fbp(d_sino, d_image, batch); }, repeats),
                 double(op.texture_bytes_backproject_fbp(batch))});
}
#endif

}  // namespace

int main(int argc, char** argv) {
  try {
    const bench::Options options = bench::parse_options(argc, argv, "bench_operators_2d");
    std::vector<bench::Result> results;
    const int n = options.quick ? 64 : 256, views = options.quick ? 64 : 256, repeats = options.quick ? 3 : 5;
    const pyronn::GeometryParallel2D parallel({n, n}, {1.0, 1.0}, n, 1.0, views, pi);
    const pyronn::GeometryFan2D fan({n, n}, {1.0, 1.0}, n, 1.5, views, 2 * pi, 4.0 * n, 2.0 * n);
    bench_host(parallel, "parallel", 1, repeats, results);
    bench_host(fan, "fan", 1, repeats, results);
#if PYRONN_HAS_CUDA
    if (pyronn::cuda::device_count() > 0) {
      const pyronn::GeometryParallel2D p256({256, 256}, {1.0, 1.0}, 256, 1.0, 256, pi);
      const pyronn::GeometryFan2D f256({256, 256}, {1.0, 1.0}, 256, 1.5, 256, 2 * pi, 1024, 512);
      const int batch = 128, gpu_repeats = options.quick ? 3 : 20;
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
    bench::print(results, "work/s");
    if (!options.json.empty()) bench::write_json(options.json, results);
    return 0;
  } catch (const pyronn::error& e) {
    std::fprintf(stderr, "bench_operators_2d: %s\n", e.what());
    return 1;
  }
}
