#pragma once
// The host driver for 2D operators: std::thread over the same bodies the CUDA kernels run.
// Works on caller-owned host memory: images [batch][Y][X], sinograms [batch][views][U].

#include <pyronn/core/errors.hpp>
#include <pyronn/core/host_vector.hpp>
#include <pyronn/core/indexing.hpp>
#include <pyronn/core/operator_call.hpp>
#include <pyronn/host/parallel_bands.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/kernels/array_sampler_2d.hpp>
#include <pyronn/kernels/fbp_backprojection_2d.hpp>
#include <pyronn/kernels/fbp_backprojection_2d_rows.hpp>
#include <pyronn/kernels/fbp_transpose_2d.hpp>
#include <pyronn/kernels/fbp_transpose_2d_rows.hpp>
#include <pyronn/kernels/joseph_2d.hpp>
#include <pyronn/kernels/joseph_2d_rows.hpp>
#include <pyronn/kernels/joseph_2d_scatter.hpp>
#include <pyronn/kernels/joseph_2d_scatter_rows.hpp>
#include <pyronn/kernels/scatter_band_2d.hpp>

#include <algorithm>
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
  // Where the CPU has vector blocks, whole blocks of bins of a view at once
  // (kernels/joseph_2d_rows.hpp, int offsets, so images below 2^31 pixels), reading rays along x
  // from a transposed copy of the image, which the call holds (4 bytes per pixel) while it runs;
  // the rest ray by ray. Same numbers either way.
  void forward(const float* image, float* sinogram, int batch = 1) const {
    detail::check_operator_call(image, geometry_.volume_size(), "image", sinogram, geometry_.sinogram_size(), "sinogram", batch);
    const bool blocks = host::use_vector_blocks() && geometry_.volume_size() < std::size_t(1) << 31;
    auto transposed = detail::host_vector<float>(blocks ? geometry_.volume_size() : 0, "the transposed image");
    for (int b = 0; b < batch; ++b) {
      const float* item = image + std::size_t(b) * geometry_.volume_size();
      if (blocks) transpose_image(item, transposed.data());
      forward_item(item, blocks ? transposed.data() : nullptr, sinogram + std::size_t(b) * geometry_.sinogram_size());
    }
  }

  // The exact transpose of forward (its gradient): image = A^T sinogram. Overwrites image.
  // Ray-driven, at the forward's cost: each thread owns a band of image rows and scatters every
  // ray, clipped to its band, in (view, bin) order; each pixel sums the same terms in the same
  // order for any thread count, so the result does not depend on it (and needs no atomics).
  // Where the CPU has vector blocks (AVX-512 or AVX2), blocks of bins of a view
  // (kernels/joseph_2d_scatter_rows.hpp) add into a copy of the thread's band with a margin
  // (kernels/scatter_band_2d.hpp: the call holds about 4 bytes per pixel while it runs), copied
  // into the image at the end; the rest ray by ray into the image. Same numbers either way.
  void adjoint(const float* sinogram, float* image, int batch = 1) const {
    detail::check_operator_call(sinogram, geometry_.sinogram_size(), "sinogram", image, geometry_.volume_size(), "image", batch);
    const int nu = geometry_.detector_shape();
    const std::size_t nx = std::size_t(grid_.nx);
    const bool blocks = host::use_vector_blocks() && ScatterBand2D::fits(grid_);
    parallel_for_bands(batch, grid_.ny, threads_, [&](int b, int row_begin, int row_end) {
      float* out = image + std::size_t(b) * geometry_.volume_size();
      const float* sino = sinogram + std::size_t(b) * geometry_.sinogram_size();
      auto memory = detail::host_vector<float>(blocks ? ScatterBand2D::size(row_end - row_begin, grid_.nx) : 0,
                                               "the adjoint's band");
      const ScatterBand2D band(memory.data(), row_begin, row_end, grid_.nx);
      // Where the rays left to joseph_scatter_ray add: the band, or the image itself.
      const AddTo add{blocks ? band.data : out};
      const Layout2D layout = blocks ? band.layout() : image_layout(grid_);
      if (!blocks) std::fill(out + row_begin * nx, out + row_end * nx, 0.f);
      for (std::size_t v = 0; v < views_.size(); ++v) {
        const float* row = sino + v * nu;
        int u = 0;
        for (; blocks && u + host::simd_block <= nu; u += host::simd_block)
          joseph_scatter_block<beam, I>(views_[v], u, row + u, grid_, band);
        for (; u < nu; ++u)
          joseph_scatter_ray<beam, I>(views_[v], float(u), row[u], grid_, row_begin, row_end, add, layout);
      }
      if (blocks) band.copy_to(out);
    });
  }

  // The FBP-weighted voxel-driven backprojection of (filtered) projections, times the angular
  // increment |angular_range| / views. Not the adjoint of forward. Overwrites image.
  void backproject_fbp(const float* sinogram, float* image, int batch = 1) const {
    detail::check_operator_call(sinogram, geometry_.sinogram_size(), "sinogram", image, geometry_.volume_size(), "image", batch);
    const float scale = float(geometry_.angular_increment());
    const int nu = geometry_.detector_shape(), nv = int(views_.size());
    const std::size_t nx = std::size_t(grid_.nx);
    // Row by row, vectorised along the row (kernels/fbp_backprojection_2d_rows.hpp); each pixel
    // sums its views in view order, so rows can go to any thread.
    parallel_for_bands(batch, grid_.ny, threads_, [&](int b, int row_begin, int row_end) {
      const float* sino = sinogram + std::size_t(b) * geometry_.sinogram_size();
      std::vector<float> acc(simd_padded(nx));
      for (int y = row_begin; y < row_end; ++y) {
        std::fill(acc.begin(), acc.end(), 0.f);
        fbp_backproject_row<beam, I>(views_.data(), 0, nv, grid_, y, sino, nu, acc.data());
        float* out = image + std::size_t(b) * geometry_.volume_size() + std::size_t(y) * nx;
        for (std::size_t x = 0; x < nx; ++x) out[x] = acc[x] * scale;
      }
    });
  }

  // The exact transpose of backproject_fbp (its gradient with respect to the sinogram):
  // sinogram = B^T image. It is not the forward projection. Overwrites sinogram. Each thread owns
  // whole views, so the result does not depend on the thread count. Row by row, vectorised along
  // the row (kernels/fbp_transpose_2d_rows.hpp), into a copy of the view's sinogram row with a
  // margin; each bin sums its pixels in (y, x) order.
  void backproject_fbp_transpose(const float* image, float* sinogram, int batch = 1) const {
    detail::check_operator_call(image, geometry_.volume_size(), "image", sinogram, geometry_.sinogram_size(), "sinogram",
                                batch);
    const float scale = float(geometry_.angular_increment());
    const int nu = geometry_.detector_shape();
    const std::size_t nx = std::size_t(grid_.nx);
    parallel_for_bands(batch, int(views_.size()), threads_, [&](int b, int view_begin, int view_end) {
      const float* in = image + std::size_t(b) * geometry_.volume_size();
      auto memory = detail::host_vector<float>(ScatterBand2D::size(1, nu), "the FBP transpose's sinogram row");
      const ScatterBand2D sums(memory.data(), 0, 1, nu);
      for (int v = view_begin; v < view_end; ++v) {
        std::fill(memory.begin(), memory.end(), 0.f);
        for (int y = 0; y < grid_.ny; ++y) fbp_transpose_row<beam, I>(views_[v], grid_, y, in + y * nx, nu, sums);
        float* row = sinogram + std::size_t(b) * geometry_.sinogram_size() + std::size_t(v) * nu;
        sums.copy_to(row);
        for (int u = 0; u < nu; ++u) row[u] *= scale;
      }
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
  void backproject_fbp_transpose(const float* image, std::size_t image_size, float* sinogram,
                                 std::size_t sinogram_size) const {
    backproject_fbp_transpose(image, sinogram, image_batch(image_size, sinogram_size));
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
  // image [ny][nx] as [nx][ny], in bands of columns over the threads.
  void transpose_image(const float* image, float* transposed) const {
    const std::size_t nx = std::size_t(grid_.nx), ny = std::size_t(grid_.ny);
    parallel_for(nx, threads_, [&](std::size_t begin, std::size_t end) {
      constexpr std::size_t tile = 16;  // rows read together, so each column's writes fill cache lines
      for (std::size_t y0 = 0; y0 < ny; y0 += tile)
        for (std::size_t x = begin; x < end; ++x)
          for (std::size_t y = y0; y < std::min(y0 + tile, ny); ++y) transposed[x * ny + y] = image[y * nx + x];
    });
  }

  // forward for one image; transposed: the image as [nx][ny] for the vector blocks, or null for
  // ray by ray.
  void forward_item(const float* image, const float* transposed, float* sinogram) const {
    const std::size_t nu = std::size_t(geometry_.detector_shape()), nv = views_.size();
    const std::size_t block = host::simd_block;
    parallel_for(nv * nu, threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end;) {
        const std::size_t v = i / nu, u = i % nu;
        if (transposed && u + block <= nu && i + block <= end) {
          joseph_forward_block<beam, I>(views_[v], int(u), grid_, image, transposed, sinogram + i);
          i += block;
        } else {
          sinogram[i++] = joseph_forward_ray<beam>(views_[v], float(u), grid_, ArraySampler2D<I>{image, grid_.nx, grid_.ny});
        }
      }
    });
  }

  Geometry geometry_;
  std::vector<View2D> views_;
  Grid2D grid_;
  int threads_;
};

}  // namespace host
}  // namespace pyronn
