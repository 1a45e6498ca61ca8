// fdk_3d_demo: cone-beam CT of the 3D Shepp-Logan phantom, end to end.
//
//   1. Rasterise the modified 3D Shepp-Logan phantom on a 128^3 grid of 1 mm voxels.
//   2. Project it with the cone-beam projector (Joseph's method): 180 views of 128 x 240 pixels of
//      2 mm over a full turn, source-isocentre 500 mm, source-detector 1000 mm (the detector's
//      rows span the whole slice, so every voxel sees complete filtered projections). Compare
//      the projections with the phantom's exact (closed-form) projections.
//   3. Reconstruct by FDK (cosine weights, Ram-Lak row filter, 1/U^2-weighted backprojection)
//      and compare the central slice with the phantom.
//   4. When this file is compiled by nvcc and a GPU is present, do the same on the GPU and compare
//      its results with the host's.
//
// Usage: fdk_3d_demo [output directory, default demo_output]
// Writes the phantom's and the reconstructions' central axial, coronal and sagittal slices and
// the first projection there, as PNG images.

#include "demo_support.hpp"

#include <pyronn/core/config.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/io/png.hpp>
#include <pyronn/phantoms/analytic_projections_3d.hpp>
#include <pyronn/phantoms/raster_3d.hpp>
#include <pyronn/phantoms/shepp_logan_3d.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/fbp_3d.cuh>
#include <pyronn/cuda/projector_3d.cuh>

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#endif

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr int n = 128;              // voxels per axis, 1 mm each
constexpr double phantom_radius_mm = 60;
constexpr int views = 180, rows = 128, columns = 240;
constexpr double pixel_mm = 2.0, source_isocentre_mm = 500, source_detector_mm = 1000;
constexpr float display_lo = 0.f, display_hi = 0.5f;  // soft tissue visible, the skull saturates

struct Result {
  std::vector<float> projections, volume;
  double forward_ms, fdk_ms;
};

// The volume's three central slices, each [rows][columns] with rows growing downwards.
void write_slices(const std::filesystem::path& dir, const std::string& name, const std::vector<float>& volume) {
  std::vector<float> axial(volume.begin() + std::size_t(n / 2) * n * n, volume.begin() + std::size_t(n / 2 + 1) * n * n);
  std::vector<float> coronal(std::size_t(n) * n), sagittal(std::size_t(n) * n);
  for (int z = 0; z < n; ++z)
    for (int i = 0; i < n; ++i) {
      // Top of the image is +z, so row (n - 1 - z).
      coronal[std::size_t(n - 1 - z) * n + i] = volume[(std::size_t(z) * n + n / 2) * n + i];   // x across
      sagittal[std::size_t(n - 1 - z) * n + i] = volume[(std::size_t(z) * n + i) * n + n / 2];  // y across
    }
  pyronn::write_png((dir / (name + "_axial.png")).string(), axial.data(), n, n, display_lo, display_hi);
  pyronn::write_png((dir / (name + "_coronal.png")).string(), coronal.data(), n, n, display_lo, display_hi);
  pyronn::write_png((dir / (name + "_sagittal.png")).string(), sagittal.data(), n, n, display_lo, display_hi);
}

// Central axial slice: mean |reconstruction - phantom| over voxels whose 7^3 neighbourhood in the
// phantom is constant (at least 3 voxels from any edge), and the slice's integral ratio.
void central_slice_errors(const std::vector<float>& phantom, const std::vector<float>& volume, double& flat_error,
                          double& integral_ratio) {
  const int z = n / 2, r = 3;
  double error = 0, count = 0, sum_volume = 0, sum_phantom = 0;
  const auto at = [&](int x, int y, int k) { return phantom[(std::size_t(k) * n + y) * n + x]; };
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const std::size_t i = (std::size_t(z) * n + y) * n + x;
      sum_volume += volume[i];
      sum_phantom += phantom[i];
      if (x < r || y < r || x >= n - r || y >= n - r) continue;
      bool flat = true;
      for (int dz = -r; dz <= r && flat; ++dz)
        for (int dy = -r; dy <= r && flat; ++dy)
          for (int dx = -r; dx <= r && flat; ++dx) flat = at(x + dx, y + dy, z + dz) == phantom[i];
      if (flat) error += std::abs(double(volume[i]) - phantom[i]), count += 1;
    }
  flat_error = error / count;
  integral_ratio = sum_volume / sum_phantom;
}

void report(const char* driver, const std::vector<float>& phantom, const std::vector<float>& exact, const Result& r,
            const std::string& versus_host) {
  double flat_error = 0, integral_ratio = 0;
  central_slice_errors(phantom, r.volume, flat_error, integral_ratio);
  std::printf("%-6s %11.3e %12.5f %12.5f %10.1f %10.1f  %s\n", driver, demo::relative_l2(r.projections, exact),
              flat_error, integral_ratio, r.forward_ms, r.fdk_ms, versus_host.c_str());
}

Result run_host(const pyronn::GeometryCone3D& g, const std::vector<float>& phantom) {
  Result r{std::vector<float>(g.sinogram_size()), std::vector<float>(g.volume_size()), 0, 0};
  const pyronn::host::Projector3D<pyronn::GeometryCone3D> projector(g);
  const pyronn::host::FDK<> fdk(g);
  r.forward_ms = demo::time_ms([&] { projector.forward(phantom.data(), r.projections.data()); });
  r.fdk_ms = demo::time_ms([&] { fdk.reconstruct(r.projections.data(), r.volume.data()); });
  return r;
}

#if PYRONN_HAS_CUDA
Result run_cuda(const pyronn::GeometryCone3D& g, const std::vector<float>& phantom) {
  // Device buffers that the caller owns; the operators allocate nothing per call.
  const thrust::device_vector<float> volume_in(phantom.begin(), phantom.end());
  thrust::device_vector<float> projections(g.sinogram_size()), volume_out(g.volume_size());
  pyronn::cuda::Projector3D<pyronn::GeometryCone3D> projector(g);
  pyronn::cuda::FDK<> fdk(g);
  thrust::device_vector<unsigned char> workspace(fdk.workspace_bytes(1));  // the filtered projections
  const auto forward = [&] {
    projector.forward(thrust::raw_pointer_cast(volume_in.data()), thrust::raw_pointer_cast(projections.data()));
    PYRONN_CUDA_CHECK(cudaDeviceSynchronize());
  };
  const auto reconstruct = [&] {
    fdk.reconstruct(thrust::raw_pointer_cast(projections.data()), thrust::raw_pointer_cast(volume_out.data()), 1,
                    thrust::raw_pointer_cast(workspace.data()), workspace.size());
    PYRONN_CUDA_CHECK(cudaDeviceSynchronize());
  };
  forward();  // the first launches load the kernels: time the second
  reconstruct();
  Result r{std::vector<float>(g.sinogram_size()), std::vector<float>(g.volume_size()), demo::time_ms(forward),
           demo::time_ms(reconstruct)};
  thrust::copy(projections.begin(), projections.end(), r.projections.begin());
  thrust::copy(volume_out.begin(), volume_out.end(), r.volume.begin());
  return r;
}
#endif

}  // namespace

int main(int argc, char* argv[]) {
  try {
    const std::filesystem::path dir = argc > 1 ? argv[1] : "demo_output";
    std::filesystem::create_directories(dir);
    // Shapes and spacings: volume [Z, Y, X], detector [V, U]; angles in radians, lengths in mm.
    const pyronn::GeometryCone3D g({n, n, n}, {1, 1, 1}, {rows, columns}, {pixel_mm, pixel_mm}, views, 2 * pi,
                                   source_detector_mm, source_isocentre_mm);
    const auto ellipsoids = pyronn::shepp_logan_3d(phantom_radius_mm, pyronn::SheppLoganContrast::modified);
    const std::vector<float> phantom = pyronn::rasterize_3d(ellipsoids, g, 2);
    const std::vector<float> exact = pyronn::analytic_projections_3d(ellipsoids, g, 2);
    write_slices(dir, "phantom", phantom);
    pyronn::write_png((dir / "cone_projection_000.png").string(), exact.data(), columns, rows);

    std::printf("pyronn %s: FDK of the modified 3D Shepp-Logan phantom, %d^3 voxels of 1 mm\n",
                pyronn::version_string(), n);
    std::printf("  cone beam: %d views over 2 pi of %d x %d pixels (rows x columns) of %g mm, source-isocentre %g mm, "
                "source-detector %g mm\n  host driver: %d threads\n\n",
                views, rows, columns, pixel_mm, source_isocentre_mm, source_detector_mm,
                pyronn::host::default_thread_count());
    std::printf("%-6s %11s %12s %12s %10s %10s  %s\n", "driver", "fwd rel L2", "slice MAE*", "slice sum", "fwd ms",
                "FDK ms", "max rel diff vs host (fwd / FDK)");

    const Result host = run_host(g, phantom);
    report("host", phantom, exact, host, "-");
    write_slices(dir, "fdk", host.volume);

    const std::string gpu_reason = demo::gpu_unavailable_reason();
#if PYRONN_HAS_CUDA
    if (gpu_reason.empty()) {
      const Result gpu = run_cuda(g, phantom);
      char versus_host[64];
      std::snprintf(versus_host, sizeof versus_host, "%.1e / %.1e",
                    demo::max_relative_difference(gpu.projections, host.projections),
                    demo::max_relative_difference(gpu.volume, host.volume));
      report("cuda", phantom, exact, gpu, versus_host);
      write_slices(dir, "fdk_cuda", gpu.volume);
    }
#endif
    std::printf("\n* central axial slice, mean absolute error over voxels at least 3 voxels from any edge "
                "(phantom maximum 1); slice sum = reconstruction / phantom\n");
    if (!gpu_reason.empty()) std::printf("GPU part skipped: %s\n", gpu_reason.c_str());
    std::printf("Images written to %s\n", dir.string().c_str());
    return 0;
  } catch (const pyronn::error& e) {
    std::fprintf(stderr, "fdk_3d_demo: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {  // file system and thrust errors
    std::fprintf(stderr, "fdk_3d_demo: %s\n", e.what());
    return 1;
  }
}
