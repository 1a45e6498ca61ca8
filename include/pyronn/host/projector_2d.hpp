#pragma once
// The host driver for 2D operators: std::thread over the same bodies the CUDA kernels run.
// Works on caller-owned host memory: images [batch][Y][X], sinograms [batch][views][U].

#include <pyronn/core/errors.hpp>
#include <pyronn/core/indexing.hpp>
#include <pyronn/core/operator_call.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/kernels/array_sampler_2d.hpp>
#include <pyronn/kernels/fbp_backprojection_2d.hpp>
#include <pyronn/kernels/joseph_2d.hpp>

#include <cstddef>
#include <vector>

namespace pyronn {
namespace host {

// Geometry: GeometryParallel2D or GeometryFan2D (anything with beam_type, views(), grid(), ...).
// Interpolation::texture reproduces the texture units' 8-bit weights in software.
template <class Geometry, Interpolation I = Interpolation::software>
class Projector2D {
 public:
  using beam = typename Geometry::beam_type;

  // threads = 0: one per hardware thread.
  explicit Projector2D(const Geometry& geometry, int threads = 0)
      : geometry_(geometry), views_(geometry.views()), grid_(geometry.grid()) {
    threads_ = resolve_thread_count(threads);
  }

  const Geometry& geometry() const { return geometry_; }
  int threads() const { return threads_; }

  // Line integrals (mm x image value) along every ray: sinogram = A image.
  void forward(const float* image, float* sinogram, int batch = 1) const {
    detail::check_operator_call(image, geometry_.volume_size(), "image", sinogram, geometry_.sinogram_size(), "sinogram", batch);
    const std::size_t nu = std::size_t(geometry_.detector_shape()), nv = views_.size();
    parallel_for(std::size_t(batch) * nv * nu, threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const std::size_t b = i / (nv * nu), v = (i / nu) % nv, u = i % nu;
        const ArraySampler2D<I> sampler{image + b * geometry_.volume_size(), grid_.nx, grid_.ny};
        sinogram[i] = joseph_forward_ray<beam>(views_[v], float(u), grid_, sampler);
      }
    });
  }

  // The exact transpose of forward (its gradient): image = A^T sinogram. Overwrites image.
  void adjoint(const float* sinogram, float* image, int batch = 1) const {
    detail::check_operator_call(sinogram, geometry_.sinogram_size(), "sinogram", image, geometry_.volume_size(), "image", batch);
    const int nu = geometry_.detector_shape();
    for_each_pixel(batch, image, [&](std::size_t b, int x, int y) {
      const float* sino = sinogram + b * geometry_.sinogram_size();
      float sum = 0.f;
      for (std::size_t v = 0; v < views_.size(); ++v)
        sum += joseph_adjoint_pixel<beam, I>(views_[v], sino + v * std::size_t(nu), nu, grid_, x, y);
      return sum;
    });
  }

  // The FBP-weighted voxel-driven backprojection of (filtered) projections, times the angular
  // increment |angular_range| / views. Not the adjoint of forward. Overwrites image.
  void backproject_fbp(const float* sinogram, float* image, int batch = 1) const {
    detail::check_operator_call(sinogram, geometry_.sinogram_size(), "sinogram", image, geometry_.volume_size(), "image", batch);
    const float scale = float(geometry_.angular_increment());
    const int nu = geometry_.detector_shape(), nv = int(views_.size());
    for_each_pixel(batch, image, [&](std::size_t b, int x, int y) {
      const ArraySampler2D<I> sampler{sinogram + b * geometry_.sinogram_size(), nu, nv};
      float sum = 0.f;
      for (int v = 0; v < nv; ++v) sum += fbp_backproject_pixel<beam>(views_[v], v, grid_, x, y, sampler);
      return sum * scale;
    });
  }

  // Sized forms: the batch follows from the buffer sizes (elements), which must agree.
  void forward(const float* image, std::size_t image_size, float* sinogram, std::size_t sinogram_size) const {
    forward(image, sinogram, image_batch(image_size, sinogram_size));
  }
  void adjoint(const float* sinogram, std::size_t sinogram_size, float* image, std::size_t image_size) const {
    adjoint(sinogram, image, sinogram_batch(sinogram_size, image_size));
  }
  void backproject_fbp(const float* sinogram, std::size_t sinogram_size, float* image, std::size_t image_size) const {
    backproject_fbp(sinogram, image, sinogram_batch(sinogram_size, image_size));
  }
  int image_batch(std::size_t image_size, std::size_t sinogram_size) const {
    return detail::batch_of(image_size, geometry_.volume_size(), "image", sinogram_size, geometry_.sinogram_size(),
                            "sinogram");
  }
  int sinogram_batch(std::size_t sinogram_size, std::size_t image_size) const {
    return detail::batch_of(sinogram_size, geometry_.sinogram_size(), "sinogram", image_size, geometry_.volume_size(),
                            "image");
  }

 private:
  template <class PixelValue>
  void for_each_pixel(int batch, float* image, const PixelValue& value) const {
    const std::size_t nx = std::size_t(grid_.nx), per_image = geometry_.volume_size();
    parallel_for(std::size_t(batch) * per_image, threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i)
        image[i] = value(i / per_image, int((i % per_image) % nx), int((i % per_image) / nx));
    });
  }

  Geometry geometry_;
  std::vector<View2D> views_;
  Grid2D grid_;
  int threads_;
};

}  // namespace host
}  // namespace pyronn
