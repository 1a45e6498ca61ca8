// fbp_2d_demo: filtered backprojection of the Shepp-Logan phantom, end to end.
//
//   1. Rasterise the modified Shepp-Logan phantom on a 256 x 256 grid of 1 mm pixels.
//   2. Compute its exact sinogram (closed-form line integrals of the ellipses, averaged over each
//      detector bin) for a parallel-beam and a fan-beam scan of 360 views over a full turn.
//   3. Reconstruct each sinogram by filtered backprojection (Ram-Lak filter) and compare the
//      result with the phantom; forward project the raster phantom and compare that with the
//      exact sinogram.
//   4. When this file is compiled by nvcc and a GPU is present, do the same on the GPU and compare
//      the GPU's results with the host's.
//
// Usage: fbp_2d_demo [output directory, default demo_output]
// Writes phantom.png, <geometry>_sinogram.png and <geometry>_fbp.png (and <geometry>_fbp_cuda.png)
// there.
//
// The same source builds with g++ alone (host driver only) and as CUDA.

#include "demo_support.hpp"

#include <pyronn/core/config.hpp>
#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/io/png.hpp>
#include <pyronn/phantoms/analytic_sinogram_2d.hpp>
#include <pyronn/phantoms/ellipse.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/recon/filters.hpp>

#if PYRONN_HAS_CUDA
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/fbp_2d.cuh>
#include <pyronn/cuda/projector_2d.cuh>

#include <cuda_runtime.h>
#include <thrust/copy.h>
#include <thrust/device_vector.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

namespace {

constexpr double pi = 3.14159265358979323846;

// The scene: 256 x 256 pixels of 1 mm; the phantom's published unit square fills the image.
constexpr int image_size = 256;
constexpr double pixel_mm = 1.0;
constexpr double phantom_radius_mm = image_size * pixel_mm / 2;

// The scans: 360 views over a full turn, 512 detector bins.
constexpr int views = 360;
constexpr int bins = 512;
constexpr double parallel_bin_mm = 1.0;
constexpr double fan_bin_mm = 1.5;
constexpr double source_detector_mm = 1200.0;
constexpr double source_isocentre_mm = 750.0;  // the fan covers 480 mm at the isocentre

// Grey levels for phantom and reconstructions: the soft-tissue ellipses (0 to 0.4) are visible,
// the skull (1.0) saturates to white.
constexpr float display_lo = 0.f, display_hi = 0.5f;

struct Scene {
  std::vector<pyronn::Ellipse> ellipses;
  std::vector<float> phantom;       // [Y][X], rasterised with 4 x 4 samples per pixel
  std::vector<unsigned char> flat;  // 1 where the phantom's 7 x 7 neighbourhood is constant
  std::filesystem::path output_dir;
  bool use_gpu = false;
};

// What the table reports for one geometry and driver.
struct Metrics {
  double forward_error;   // ||A phantom - exact sinogram|| / ||exact sinogram||
  double mae_all;         // mean |reconstruction - phantom| over the whole image
  double mae_flat;        // the same over the flat pixels: at least 3 pixels from any edge
  double integral_ratio;  // sum(reconstruction) / sum(phantom): 1 when FBP is scaled right
};

// ---------------------------------------------------------------------------------------------
// Measuring

// Pixels at least 3 pixels from any edge of the phantom: their 7 x 7 neighbourhood is constant.
std::vector<unsigned char> flat_pixels(const std::vector<float>& phantom, int nx, int ny) {
  const int r = 3;
  std::vector<unsigned char> flat(phantom.size(), 0);
  for (int y = r; y < ny - r; ++y)
    for (int x = r; x < nx - r; ++x) {
      const float centre = phantom[std::size_t(y) * nx + x];
      bool constant = true;
      for (int dy = -r; dy <= r && constant; ++dy)
        for (int dx = -r; dx <= r && constant; ++dx) constant = phantom[std::size_t(y + dy) * nx + x + dx] == centre;
      flat[std::size_t(y) * nx + x] = constant;
    }
  return flat;
}

Metrics evaluate(const Scene& scene, const std::vector<float>& projected, const std::vector<float>& exact,
                 const std::vector<float>& reconstruction) {
  double error_all = 0, error_flat = 0, flat_count = 0, sum_reconstruction = 0, sum_phantom = 0;
  for (std::size_t i = 0; i < scene.phantom.size(); ++i) {
    const double error = std::abs(double(reconstruction[i]) - scene.phantom[i]);
    error_all += error;
    if (scene.flat[i]) {
      error_flat += error;
      flat_count += 1;
    }
    sum_reconstruction += reconstruction[i];
    sum_phantom += scene.phantom[i];
  }
  return {demo::relative_l2(projected, exact), error_all / scene.phantom.size(), error_flat / flat_count,
          sum_reconstruction / sum_phantom};
}

// ---------------------------------------------------------------------------------------------
// Reporting

void print_table_header() {
  std::printf("%-9s %-6s %11s %9s %9s %9s %9s %9s  %s\n", "geometry", "driver", "fwd rel L2", "MAE all", "MAE flat",
              "integral", "fwd ms", "FBP ms", "max rel diff vs host (fwd / FBP)");
}

void print_table_row(const std::string& geometry, const char* driver, const Metrics& m, double forward_ms,
                     double fbp_ms, const std::string& versus_host) {
  std::printf("%-9s %-6s %11.3e %9.5f %9.5f %9.5f %9.1f %9.1f  %s\n", geometry.c_str(), driver, m.forward_error,
              m.mae_all, m.mae_flat, m.integral_ratio, forward_ms, fbp_ms, versus_host.c_str());
}

void write_image(const Scene& scene, const std::string& file, const std::vector<float>& image, int width, int height,
                 bool display_window) {
  const std::string path = (scene.output_dir / file).string();
  if (display_window)
    pyronn::write_png(path, image.data(), width, height, display_lo, display_hi);
  else
    pyronn::write_png(path, image.data(), width, height);  // from the image's min to its max
}

// ---------------------------------------------------------------------------------------------
// The GPU: the same operators on device memory

#if PYRONN_HAS_CUDA
template <class Geometry>
void run_cuda(const std::string& name, const Geometry& geometry, const Scene& scene, const std::vector<float>& exact,
              const std::vector<float>& host_projected, const std::vector<float>& host_reconstruction) {
  // Device buffers that the caller owns; the operators allocate nothing per call.
  const thrust::device_vector<float> phantom(scene.phantom.begin(), scene.phantom.end());
  const thrust::device_vector<float> sinogram(exact.begin(), exact.end());
  thrust::device_vector<float> projected(geometry.sinogram_size()), reconstruction(geometry.volume_size());

  pyronn::cuda::Projector2D<Geometry> projector(geometry);
  pyronn::cuda::FBP2D<Geometry> fbp(geometry, pyronn::Filter::ram_lak);
  const int batch = 1;
  thrust::device_vector<unsigned char> workspace(fbp.workspace_bytes(batch));  // the filtered sinogram

  const auto forward = [&] {
    projector.forward(thrust::raw_pointer_cast(phantom.data()), thrust::raw_pointer_cast(projected.data()), batch);
    PYRONN_CUDA_CHECK(cudaDeviceSynchronize());
  };
  const auto reconstruct = [&] {
    fbp.reconstruct(thrust::raw_pointer_cast(sinogram.data()), thrust::raw_pointer_cast(reconstruction.data()), batch,
                    thrust::raw_pointer_cast(workspace.data()), workspace.size());
    PYRONN_CUDA_CHECK(cudaDeviceSynchronize());
  };
  // The first launches load (and may JIT-compile) the kernels: time the second.
  forward();
  reconstruct();
  const double forward_ms = demo::time_ms(forward);
  const double fbp_ms = demo::time_ms(reconstruct);

  std::vector<float> cuda_projected(projected.size()), cuda_reconstruction(reconstruction.size());
  thrust::copy(projected.begin(), projected.end(), cuda_projected.begin());
  thrust::copy(reconstruction.begin(), reconstruction.end(), cuda_reconstruction.begin());

  char versus_host[64];
  std::snprintf(versus_host, sizeof versus_host, "%.1e / %.1e", demo::max_relative_difference(cuda_projected, host_projected),
                demo::max_relative_difference(cuda_reconstruction, host_reconstruction));
  print_table_row(name, "cuda", evaluate(scene, cuda_projected, exact, cuda_reconstruction), forward_ms, fbp_ms,
                  versus_host);
  write_image(scene, name + "_fbp_cuda.png", cuda_reconstruction, image_size, image_size, true);
}
#endif

// ---------------------------------------------------------------------------------------------
// One geometry: exact sinogram, forward projection, reconstruction, on the host and the GPU

template <class Geometry>
void run_geometry(const std::string& name, const Geometry& geometry, const Scene& scene) {
  const std::vector<float> exact = pyronn::analytic_sinogram_2d(scene.ellipses, geometry, 4);

  pyronn::host::Projector2D<Geometry> projector(geometry);
  pyronn::host::FBP2D<Geometry> fbp(geometry, pyronn::Filter::ram_lak);
  std::vector<float> projected(geometry.sinogram_size()), reconstruction(geometry.volume_size());
  const double forward_ms = demo::time_ms([&] { projector.forward(scene.phantom.data(), projected.data()); });
  const double fbp_ms = demo::time_ms([&] { fbp.reconstruct(exact.data(), reconstruction.data()); });
  print_table_row(name, "host", evaluate(scene, projected, exact, reconstruction), forward_ms, fbp_ms, "-");

  write_image(scene, name + "_sinogram.png", exact, geometry.detector_shape(), geometry.number_of_projections(), false);
  write_image(scene, name + "_fbp.png", reconstruction, image_size, image_size, true);

#if PYRONN_HAS_CUDA
  if (scene.use_gpu) run_cuda(name, geometry, scene, exact, projected, reconstruction);
#endif
}

}  // namespace

int main(int argc, char* argv[]) {
  try {
    Scene scene;
    scene.output_dir = argc > 1 ? argv[1] : "demo_output";
    std::filesystem::create_directories(scene.output_dir);

    // Volume shape and spacing are [Y, X]; angles in radians, lengths in mm.
    const pyronn::GeometryParallel2D parallel({image_size, image_size}, {pixel_mm, pixel_mm}, bins, parallel_bin_mm,
                                              views, 2 * pi);
    const pyronn::GeometryFan2D fan({image_size, image_size}, {pixel_mm, pixel_mm}, bins, fan_bin_mm, views, 2 * pi,
                                    source_detector_mm, source_isocentre_mm);

    scene.ellipses = pyronn::shepp_logan_2d(phantom_radius_mm, pyronn::SheppLoganContrast::modified);
    scene.phantom = pyronn::rasterize_2d(scene.ellipses, parallel, 4);
    scene.flat = flat_pixels(scene.phantom, image_size, image_size);
    const std::string gpu_reason = demo::gpu_unavailable_reason();
    scene.use_gpu = gpu_reason.empty();
    write_image(scene, "phantom.png", scene.phantom, image_size, image_size, true);

    std::printf("pyronn %s: FBP of the modified Shepp-Logan phantom, %d x %d pixels of %g mm\n",
                pyronn::version_string(), image_size, image_size, pixel_mm);
    std::printf("  parallel: %d bins of %g mm, %d views over 2 pi\n", bins, parallel_bin_mm, views);
    std::printf("  fan:      %d bins of %g mm, source-detector %g mm, source-isocentre %g mm, %d views over 2 pi\n",
                bins, fan_bin_mm, source_detector_mm, source_isocentre_mm, views);
    std::printf("  flat region: %zu of %zu pixels; host driver: %d threads\n\n",
                std::size_t(std::count(scene.flat.begin(), scene.flat.end(), 1)), scene.flat.size(),
                pyronn::host::default_thread_count());

    print_table_header();
    run_geometry("parallel", parallel, scene);
    run_geometry("fan", fan, scene);

    if (!scene.use_gpu) std::printf("\nGPU part skipped: %s\n", gpu_reason.c_str());
    std::printf("\nImages written to %s\n", scene.output_dir.string().c_str());
    return 0;
  } catch (const pyronn::error& e) {
    std::fprintf(stderr, "fbp_2d_demo: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {  // file system and thrust errors
    std::fprintf(stderr, "fbp_2d_demo: %s\n", e.what());
    return 1;
  }
}
