// bench_operators_3d: throughput of the 3D operators.
//
//   bench_operators_3d [--quick] [--json PATH]
//
// CUDA driver, when compiled by nvcc and a GPU is present, the standard cases:
//   d. cone forward projection, 512^3 to 360 views of 768 x 768;
//   e. FDK backprojection, 360 views of 768 x 768 to 512^3 (and the exact adjoint, same sizes);
//   f. RabbitCT-like backprojection, 496 views of 1248 x 960 to 512^3;
// each for software and texture interpolation, timed with CUDA events (median after a warm-up).
// Host driver: the same operators scaled down to run in seconds, on 1 thread and on all threads.
// --quick: host cases only at a smaller size, and the GPU cases with fewer repeats.
// work/s: rays per second for forward, voxel-view updates per second (GUPS x 1e9) for the
// backprojections.

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

namespace {

const double pi = 3.14159265358979323846;

// A cone scan of n^3 voxels of 1 mm seen with magnification 2 on rows x columns pixels.
pyronn::GeometryCone3D cone(int n, int views, int rows, int columns) {
  const double pixel = 2.0 * (1.5 * n) / columns;  // the detector spans 1.5 volume widths at the isocentre
  return pyronn::GeometryCone3D({n, n, n}, {1, 1, 1}, {rows, columns}, {pixel, pixel}, views, 2 * pi, 8.0 * n, 4.0 * n);
}

std::string case_name(const pyronn::GeometryCone3D& g) {
  return std::to_string(g.volume_shape()[0]) + "^3, " + std::to_string(g.number_of_projections()) + "x" +
         std::to_string(g.detector_shape()[0]) + "x" + std::to_string(g.detector_shape()[1]);
}

double rays(const pyronn::GeometryCone3D& g) { return double(g.sinogram_size()); }
double updates(const pyronn::GeometryCone3D& g) { return double(g.volume_size()) * g.number_of_projections(); }

void bench_host(const pyronn::GeometryCone3D& g, int repeats, std::vector<bench::Result>& out) {
  std::vector<float> volume(g.volume_size(), 1.f), projections(g.sinogram_size(), 1.f);
  for (int threads : {1, pyronn::host::default_thread_count()}) {
    const pyronn::host::Projector3D<pyronn::GeometryCone3D> op(g, 0.5, threads);
    out.push_back({"host", "cone", "software", "forward", case_name(g), rays(g), 1, threads,
                   bench::time_host([&] { op.forward(volume.data(), projections.data()); }, repeats), 0});
    out.push_back({"host", "cone", "software", "adjoint", case_name(g), updates(g), 1, threads,
                   bench::time_host([&] { op.adjoint(projections.data(), volume.data()); }, repeats), 0});
    out.push_back({"host", "cone", "software", "backproject_fbp", case_name(g), updates(g), 1, threads,
                   bench::time_host([&] { op.backproject_fbp(projections.data(), volume.data()); }, repeats), 0});
    if (pyronn::host::default_thread_count() == 1) break;
  }
}

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
    out.push_back({"cuda", "cone", interp, "forward", case_name(g), rays(g), 1, 0,
                   bench::time_cuda([&] { op.forward(d_volume, d_projections); }, repeats),
                   double(op.texture_bytes_forward(1))});
  if (which.adjoint)
    out.push_back({"cuda", "cone", interp, "adjoint", case_name(g), updates(g), 1, 0,
                   bench::time_cuda([&] { op.adjoint(d_projections, d_volume); }, repeats), 0});
  if (which.backproject_fbp)
    out.push_back({"cuda", "cone", interp, "backproject_fbp", case_name(g), updates(g), 1, 0,
                   bench::time_cuda([&] { op.backproject_fbp(d_projections, d_volume); }, repeats),
                   double(op.texture_bytes_backproject_fbp(1))});
}

void bench_cuda_cases(bool quick, std::vector<bench::Result>& out) {
  const int repeats = quick ? 3 : 10;
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
  try {
    const bench::Options options = bench::parse_options(argc, argv, "bench_operators_3d");
    std::vector<bench::Result> results;
    bench_host(options.quick ? cone(24, 24, 24, 32) : cone(64, 90, 64, 96), options.quick ? 2 : 3, results);
#if PYRONN_HAS_CUDA
    if (pyronn::cuda::device_count() > 0)
      bench_cuda_cases(options.quick, results);
    else
      std::printf("CUDA cases skipped: no usable CUDA device\n");
#else
    std::printf("CUDA cases skipped: built without CUDA\n");
#endif
    bench::print(results, "work/s");
    if (!options.json.empty()) bench::write_json(options.json, results);
    return 0;
  } catch (const pyronn::error& e) {
    std::fprintf(stderr, "bench_operators_3d: %s\n", e.what());
    return 1;
  }
}
