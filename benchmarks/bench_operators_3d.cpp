// bench_operators_3d: throughput of the 3D operators.
//
//   bench_operators_3d [--quick] [--json PATH] [--simd plain|avx2|avx512] [--threads N]
//
// CUDA driver, when compiled by nvcc and a GPU is present, the standard cases:
//   d. cone forward projection, 512^3 to 360 views of 768 x 768;
//   e. FDK backprojection, 360 views of 768 x 768 to 512^3 (and the exact adjoint, same sizes);
//   f. RabbitCT-like backprojection, 496 views of 1248 x 960 to 512^3;
// each for software and texture interpolation, timed with CUDA events (median after a warm-up).
// Host driver: the same operators scaled down to run in seconds, on 1 thread and on all threads
// (or --threads N).
// --quick: host cases only at a smaller size, and the GPU cases with fewer repeats.
// work/s: rays per second for forward, voxel-view updates per second (GUPS x 1e9) for the
// backprojections. tex %: the samples' share of the texture units' rate (forward: every ray
// sample, a trilinear fetch; FDK backprojection: one bilinear fetch per voxel and view); mem %:
// the share of the memory bandwidth that reading the input once and writing the output takes.

#include "bench_support.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/host/projector_3d.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/projector_3d.cuh>

#include <thrust/device_vector.h>
#endif

#include <cstdio>
#include <string>
#include <vector>

// The host cases live in a translation unit of their own, compiled by the C++ compiler even in a
// CUDA build (bench_operators_3d_host.cpp includes this file with PYRONN_BENCH_HOST_PART): host
// code that nvcc compiles runs the plain loops instead of the vector blocks (host/simd.hpp).
void host_cases_3d(const bench::Options& options, std::vector<bench::Result>& out);

namespace {

const double pi = 3.14159265358979323846;

// A cone scan of n^3 voxels of 1 mm seen with magnification 2 on rows x columns pixels.
inline pyronn::GeometryCone3D cone(int n, int views, int rows, int columns) {
  const double pixel = 2.0 * (1.5 * n) / columns;  // the detector spans 1.5 volume widths at the isocentre
  return pyronn::GeometryCone3D({n, n, n}, {1, 1, 1}, {rows, columns}, {pixel, pixel}, views, 2 * pi, 8.0 * n, 4.0 * n);
}

inline std::string case_name(const pyronn::GeometryCone3D& g) {
  return std::to_string(g.volume_shape()[0]) + "^3, " + std::to_string(g.number_of_projections()) + "x" +
         std::to_string(g.detector_shape()[0]) + "x" + std::to_string(g.detector_shape()[1]);
}

inline double rays(const pyronn::GeometryCone3D& g) { return double(g.sinogram_size()); }
inline double updates(const pyronn::GeometryCone3D& g) { return double(g.volume_size()) * g.number_of_projections(); }
inline double io_bytes(const pyronn::GeometryCone3D& g) { return double(g.volume_size() + g.sinogram_size()) * sizeof(float); }

// Samples the forward projection takes: every ray's count, as the kernels compute it.
inline double forward_samples(const pyronn::GeometryCone3D& g, float step_mm) {
  const std::vector<pyronn::View3D> views = g.views();
  const pyronn::Grid3D grid = g.grid();
  const int nu = g.detector_shape()[1], nv = g.detector_shape()[0];
  std::vector<double> per_row(views.size() * std::size_t(nv), 0.0);
  pyronn::host::parallel_for(per_row.size(), pyronn::host::default_thread_count(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t row = begin; row < end; ++row)
      for (int u = 0; u < nu; ++u)
        per_row[row] += pyronn::sample_ray(pyronn::ConeBeam3D::ray(views[row / nv], float(u), float(row % nv)), grid, step_mm).count;
  });
  double total = 0;
  for (double t : per_row) total += t;
  return total;
}

inline bench::Result timed(const char* driver, const char* interp, const char* op, const pyronn::GeometryCone3D& g,
                    double work, int threads, double seconds, double extra_bytes, double samples, bool trilinear) {
  bench::Result r{driver, "cone", interp, op, case_name(g), work, 1, threads, seconds, extra_bytes};
  r.samples = samples;
  r.bytes = io_bytes(g);
  r.trilinear = trilinear;
  return r;
}

}  // namespace

#if PYRONN_BENCH_HOST_PART
namespace {

void bench_host(const pyronn::GeometryCone3D& g, int repeats, const std::vector<int>& thread_counts,
                std::vector<bench::Result>& out) {
  std::vector<float> volume(g.volume_size(), 1.f), projections(g.sinogram_size(), 1.f);
  for (int threads : thread_counts) {
    const pyronn::host::Projector3D<pyronn::GeometryCone3D> op(g, 0.5, threads);
    const pyronn::host::Projector3D<pyronn::GeometryCone3D> joseph(g, pyronn::RayModel3D::joseph, 0.5, threads);
    out.push_back(timed("host", "software", "forward (ray march)", g, rays(g), threads,
                        bench::time_host([&] { op.forward(volume.data(), projections.data()); }, repeats), 0, 0, false));
    out.push_back(timed("host", "software", "adjoint (ray march)", g, updates(g), threads,
                        bench::time_host([&] { op.adjoint(projections.data(), volume.data()); }, repeats), 0, 0, false));
    out.push_back(timed("host", "software", "forward (Joseph)", g, rays(g), threads,
                        bench::time_host([&] { joseph.forward(volume.data(), projections.data()); }, repeats), 0, 0, false));
    out.push_back(timed("host", "software", "adjoint (Joseph)", g, updates(g), threads,
                        bench::time_host([&] { joseph.adjoint(projections.data(), volume.data()); }, repeats), 0, 0, false));
    out.push_back(timed("host", "software", "backproject_fbp", g, updates(g), threads,
                        bench::time_host([&] { op.backproject_fbp(projections.data(), volume.data()); }, repeats), 0, 0,
                        false));
    out.push_back(timed("host", "software", "backproject_fbp_transpose", g, updates(g), threads,
                        bench::time_host([&] { op.backproject_fbp_transpose(volume.data(), projections.data()); }, repeats),
                        0, 0, false));
  }
}

}  // namespace

void host_cases_3d(const bench::Options& options, std::vector<bench::Result>& out) {
  bench::use_simd_option(options);
  bench_host(options.quick ? cone(24, 24, 24, 32) : cone(64, 90, 64, 96), options.quick ? 2 : 3,
             bench::thread_counts(options), out);
}
#else
namespace {

#if PYRONN_HAS_CUDA
// Which operators a case times.
struct Operators {
  bool forward, adjoint, backproject_fbp;
};

template <pyronn::Interpolation I>
void bench_cuda(const pyronn::GeometryCone3D& g, Operators which, int repeats, std::vector<bench::Result>& out) {
  thrust::device_vector<float> volume(g.volume_size(), 1.f), projections(g.sinogram_size(), 1.f);
  float* d_volume = thrust::raw_pointer_cast(volume.data());
  float* d_projections = thrust::raw_pointer_cast(projections.data());
  pyronn::cuda::Projector3D<pyronn::GeometryCone3D, I> op(g);
  const char* interp = pyronn::to_string(I);
  if (which.forward)
    out.push_back(timed("cuda", interp, "forward", g, rays(g), 0,
                        bench::time_cuda([&] { op.forward(d_volume, d_projections); }, repeats),
                        double(op.texture_bytes_forward(1)), forward_samples(g, op.step_mm()), true));
  if (which.adjoint)
    out.push_back(timed("cuda", interp, "adjoint", g, updates(g), 0,
                        bench::time_cuda([&] { op.adjoint(d_projections, d_volume); }, repeats), 0, 0, false));
  if (which.backproject_fbp)
    out.push_back(timed("cuda", interp, "backproject_fbp", g, updates(g), 0,
                        bench::time_cuda([&] { op.backproject_fbp(d_projections, d_volume); }, repeats),
                        double(op.texture_bytes_backproject_fbp(1)), updates(g), false));
}

void cuda_cases(const bench::Options& options, std::vector<bench::Result>& out) {
  const int repeats = options.quick ? 3 : 10;
  const pyronn::GeometryCone3D standard = cone(512, 360, 768, 768);  // cases d and e
  const pyronn::GeometryCone3D rabbit = cone(512, 496, 960, 1248);   // case f
  for (const auto& run : {bench_cuda<pyronn::Interpolation::software>, bench_cuda<pyronn::Interpolation::texture>}) {
    run(standard, {true, true, true}, repeats, out);
    run(rabbit, {false, false, true}, repeats, out);
  }
}
#endif

}  // namespace

int main(int argc, char** argv) {
#if PYRONN_HAS_CUDA
  return bench::run(argc, argv, "bench_operators_3d", host_cases_3d, cuda_cases);
#else
  return bench::run(argc, argv, "bench_operators_3d", host_cases_3d, nullptr);
#endif
}
#endif
