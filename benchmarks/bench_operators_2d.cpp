// bench_operators_2d: throughput of the 2D operators.
//
//   bench_operators_2d [--quick] [--json PATH] [--simd plain|avx2|avx512] [--threads N]
//
// Host driver: each operator on 1 thread and on all hardware threads, or --threads N (the
// scaling the host driver should show). CUDA driver, when compiled by nvcc and a GPU is present:
// torch-radon's standard case (256x256 images, 256 views, 256 bins, batch 128) for both
// geometries, and 512x512 images to 720 views of 729 bins, batch 64 (parallel), for both
// interpolation policies, timed with CUDA events. Every figure is the median of the repeats, after
// a warm-up. --quick shrinks the host cases so the whole run takes seconds (CI runs it).
// work/s: rays per second for forward, pixel-view updates per second for the backprojections.
// tex %: the samples' share of the texture units' rate (forward: one fetch per major line a ray
// crosses; FBP backprojection: one per pixel and view); mem %: the share of the memory bandwidth
// that reading the input once and writing the output takes.

#include "bench_support.hpp"

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/kernels/joseph_2d.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/projector_2d.cuh>

#include <thrust/device_vector.h>
#endif

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

// The host cases live in a translation unit of their own, compiled by the C++ compiler even in a
// CUDA build (bench_operators_2d_host.cpp includes this file with PYRONN_BENCH_HOST_PART): host
// code that nvcc compiles runs the plain loops instead of the vector blocks (host/simd.hpp), so its
// figures would not be those of the library as a C++ compiler builds it.
void host_cases_2d(const bench::Options& options, std::vector<bench::Result>& out);

namespace {

const double pi = 3.14159265358979323846;

// Rays and pixel-view updates of one call.
template <class Geometry>
std::pair<double, double> work_of(const Geometry& g, int batch) {
  return {double(batch) * g.sinogram_size(), double(batch) * g.volume_size() * g.number_of_projections()};
}

inline std::string case_name(int n, int views, int bins) {
  return std::to_string(n) + "^2, " + std::to_string(views) + "x" + std::to_string(bins);
}

// Samples the forward projection of one image takes: the major lines each ray crosses.
template <class Geometry>
double forward_samples(const Geometry& g) {
  const pyronn::Grid2D grid = g.grid();
  double total = 0;
  for (const pyronn::View2D& view : g.views())
    for (int u = 0; u < g.detector_shape(); ++u) {
      const pyronn::IndexRay2D r = pyronn::to_index_space(Geometry::beam_type::ray(view, float(u)), grid);
      float minor;
      for (int k = 0; k < (r.x_major ? grid.nx : grid.ny); ++k) total += pyronn::cross_major_line(r, k, minor);
    }
  return total;
}

// One call's result; samples and bytes count the whole batch.
template <class Geometry>
bench::Result timed(const char* driver, const char* name, const char* interp, const char* op, const Geometry& g,
                    double work, int batch, int threads, double seconds, double extra_bytes, double samples) {
  bench::Result r{driver, name, interp, op, case_name(g.volume_shape()[0], g.number_of_projections(), g.detector_shape()),
                  work, batch, threads, seconds, extra_bytes};
  r.samples = samples;
  r.bytes = double(batch) * double(g.volume_size() + g.sinogram_size()) * sizeof(float);
  return r;
}

}  // namespace

#if PYRONN_BENCH_HOST_PART
namespace {

template <class Geometry>
void bench_host(const Geometry& g, const char* name, int batch, int repeats, const std::vector<int>& thread_counts,
                std::vector<bench::Result>& out) {
  const auto work = work_of(g, batch);
  std::vector<float> image(batch * g.volume_size(), 1.f), sino(batch * g.sinogram_size(), 1.f);
  for (int threads : thread_counts) {
    pyronn::host::Projector2D<Geometry> op(g, threads);
    out.push_back(timed("host", name, "software", "forward", g, work.first, batch, threads,
                        bench::time_host([&] { op.forward(image.data(), sino.data(), batch); }, repeats), 0, 0));
    out.push_back(timed("host", name, "software", "adjoint", g, work.second, batch, threads,
                        bench::time_host([&] { op.adjoint(sino.data(), image.data(), batch); }, repeats), 0, 0));
    out.push_back(timed("host", name, "software", "backproject_fbp", g, work.second, batch, threads,
                        bench::time_host([&] { op.backproject_fbp(sino.data(), image.data(), batch); }, repeats), 0, 0));
    out.push_back(timed("host", name, "software", "backproject_fbp_transpose", g, work.second, batch, threads,
                        bench::time_host([&] { op.backproject_fbp_transpose(image.data(), sino.data(), batch); }, repeats),
                        0, 0));
  }
}

}  // namespace

void host_cases_2d(const bench::Options& options, std::vector<bench::Result>& out) {
  bench::use_simd_option(options);
  const int n = options.quick ? 64 : 256, views = options.quick ? 64 : 256, repeats = options.quick ? 3 : 5;
  const auto threads = bench::thread_counts(options);
  bench_host(pyronn::GeometryParallel2D({n, n}, {1.0, 1.0}, n, 1.0, views, pi), "parallel", 1, repeats, threads, out);
  bench_host(pyronn::GeometryFan2D({n, n}, {1.0, 1.0}, n, 1.5, views, 2 * pi, 4.0 * n, 2.0 * n), "fan", 1, repeats,
             threads, out);
  // Case a at batch 8: the C++ side of the Python binding's overhead (bench_python_overhead.py).
  bench_host(pyronn::GeometryParallel2D({n, n}, {1.0, 1.0}, n, 1.0, views, pi), "parallel", 8, repeats, threads, out);
}
#else
namespace {

#if PYRONN_HAS_CUDA
template <class Geometry, pyronn::Interpolation I>
void bench_cuda(const Geometry& g, const char* name, int batch, int repeats, std::vector<bench::Result>& out) {
  const auto work = work_of(g, batch);
  thrust::device_vector<float> image(batch * g.volume_size(), 1.f), sino(batch * g.sinogram_size(), 1.f);
  float* d_image = thrust::raw_pointer_cast(image.data());
  float* d_sino = thrust::raw_pointer_cast(sino.data());
  pyronn::cuda::Projector2D<Geometry, I> op(g);
  op.reserve_forward_texture(batch);
  op.reserve_backproject_texture(batch);
  const char* interp = pyronn::to_string(I);
  out.push_back(timed("cuda", name, interp, "forward", g, work.first, batch, 0,
                      bench::time_cuda([&] { op.forward(d_image, d_sino, batch); }, repeats),
                      double(op.texture_bytes_forward(batch)), batch * forward_samples(g)));
  out.push_back(timed("cuda", name, interp, "adjoint", g, work.second, batch, 0,
                      bench::time_cuda([&] { op.adjoint(d_sino, d_image, batch); }, repeats), 0, 0));
  out.push_back(timed("cuda", name, interp, "backproject_fbp", g, work.second, batch, 0,
                      bench::time_cuda([&] { op.backproject_fbp(d_sino, d_image, batch); }, repeats),
                      double(op.texture_bytes_backproject_fbp(batch)), work.second));
}

void cuda_cases(const bench::Options& options, std::vector<bench::Result>& out) {
  const int repeats = options.quick ? 3 : 20;
  // Cases a and b: torch-radon's, batch 128.
  const pyronn::GeometryParallel2D p256({256, 256}, {1.0, 1.0}, 256, 1.0, 256, pi);
  const pyronn::GeometryFan2D f256({256, 256}, {1.0, 1.0}, 256, 1.5, 256, 2 * pi, 1024, 512);
  bench_cuda<pyronn::GeometryParallel2D, pyronn::Interpolation::software>(p256, "parallel", 128, repeats, out);
  bench_cuda<pyronn::GeometryParallel2D, pyronn::Interpolation::texture>(p256, "parallel", 128, repeats, out);
  bench_cuda<pyronn::GeometryFan2D, pyronn::Interpolation::software>(f256, "fan", 128, repeats, out);
  bench_cuda<pyronn::GeometryFan2D, pyronn::Interpolation::texture>(f256, "fan", 128, repeats, out);
  // Case c: a clinical-size sinogram, batch 64.
  const pyronn::GeometryParallel2D p512({512, 512}, {1.0, 1.0}, 729, 1.0, 720, pi);
  bench_cuda<pyronn::GeometryParallel2D, pyronn::Interpolation::software>(p512, "parallel", 64, repeats, out);
  bench_cuda<pyronn::GeometryParallel2D, pyronn::Interpolation::texture>(p512, "parallel", 64, repeats, out);
}
#endif

}  // namespace

int main(int argc, char** argv) {
#if PYRONN_HAS_CUDA
  return bench::run(argc, argv, "bench_operators_2d", host_cases_2d, cuda_cases);
#else
  return bench::run(argc, argv, "bench_operators_2d", host_cases_2d, nullptr);
#endif
}
#endif
