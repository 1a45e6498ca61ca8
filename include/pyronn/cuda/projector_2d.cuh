#pragma once
// The CUDA driver for 2D operators, on caller-owned device memory: images [batch][Y][X],
// sinograms [batch][views][U], work queued on the caller's stream.
//
// Memory: the constructor uploads the per-view geometry (32 bytes a view). The software path
// allocates nothing else. The texture path copies its input into a layered cudaArray that the
// projector keeps and reuses across calls (texture_bytes_* say how large; reserve_* allocates
// ahead), so one projector must not run texture-path calls on two streams at once.

#include <pyronn/core/indexing.hpp>
#include <pyronn/core/operator_call.hpp>
#include <pyronn/cuda/adjoint_method.cuh>
#include <pyronn/cuda/device_array.cuh>
#include <pyronn/cuda/kernels_2d.cuh>
#include <pyronn/cuda/launch.cuh>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace pyronn {
namespace cuda {

template <class Geometry, Interpolation I = Interpolation::software, class Index = int>
class Projector2D {
 public:
  using beam = typename Geometry::beam_type;

  explicit Projector2D(const Geometry& geometry)
      : geometry_(geometry), views_(geometry.views()), grid_(geometry.grid()) {}

  const Geometry& geometry() const { return geometry_; }

  // sinogram = A image: line integrals (mm x value), Joseph's method.
  void forward(const float* image, float* sinogram, int batch = 1, cudaStream_t stream = 0) {
    check_call(image, geometry_.volume_size(), "image", sinogram, geometry_.sinogram_size(), "sinogram", batch);
    if (I == Interpolation::texture)
      LayeredTexture2D::require_fits(grid_.nx, grid_.ny, "volume_shape",
                                     "[" + ::pyronn::detail::to_text(grid_.ny) + ", " + ::pyronn::detail::to_text(grid_.nx) +
                                         "] ([Y, X])");
    const int nu = geometry_.detector_shape(), nv = int(views_.size());
    const unsigned threads = 128, blocks = detail::blocks_for(std::size_t(nu) * nv, threads);
    if (I == Interpolation::texture) {
      detail::for_each_batch_chunk(batch, texture_chunk(), [&](int first, int count) {
        reserve_forward_texture(count);
        image_texture_.load(image + std::size_t(first) * geometry_.volume_size(), count, stream);
        detail::for_each_batch_chunk(count, detail::max_batch_per_launch, [&](int f, int c) {
          joseph_forward_kernel<beam, TextureSource2D, Index><<<dim3(blocks, c), threads, 0, stream>>>(
              views_.data(), grid_, nu, nv, TextureSource2D{image_texture_.texture(), first}, sinogram, first + f);
          detail::check_launch("joseph_forward_kernel", first + f, c);
        });
      });
    } else {
      detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
        joseph_forward_kernel<beam, ArraySource2D<I, Index>, Index><<<dim3(blocks, count), threads, 0, stream>>>(
            views_.data(), grid_, nu, nv, ArraySource2D<I, Index>{image, grid_.nx, grid_.ny}, sinogram, first);
        detail::check_launch("joseph_forward_kernel", first, count);
      });
    }
  }

  // image = A^T sinogram, the exact transpose of forward (its gradient): a deterministic gather,
  // or with set_adjoint_method(AdjointMethod::scatter) an atomic scatter. Reads the sinogram in
  // place for both interpolation policies: only the weights differ.
  void adjoint(const float* sinogram, float* image, int batch = 1, cudaStream_t stream = 0) {
    check_call(sinogram, geometry_.sinogram_size(), "sinogram", image, geometry_.volume_size(), "image", batch);
    const int nu = geometry_.detector_shape(), nv = int(views_.size());
    if (adjoint_method_ == AdjointMethod::scatter) {
      PYRONN_CUDA_CHECK(cudaMemsetAsync(image, 0, std::size_t(batch) * geometry_.volume_size() * sizeof(float), stream));
      const unsigned blocks = detail::blocks_for(std::size_t(nu) * nv, 128);
      detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
        joseph_scatter_kernel<beam, I, Index><<<dim3(blocks, count), 128, 0, stream>>>(views_.data(), grid_, nu, nv,
                                                                                      sinogram, image, first);
        detail::check_launch("joseph_scatter_kernel", first, count);
      });
      return;
    }
    detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
      joseph_adjoint_kernel<beam, I, Index><<<pixel_grid(count), pixel_block(), 0, stream>>>(
          views_.data(), grid_, nu, nv, sinogram, image, first);
      detail::check_launch("joseph_adjoint_kernel", first, count);
    });
  }

  // How adjoint works (cuda/adjoint_method.cuh): a deterministic gather (the default) or an atomic
  // scatter.
  void set_adjoint_method(AdjointMethod method) { adjoint_method_ = method; }
  AdjointMethod adjoint_method() const { return adjoint_method_; }

  // The FBP-weighted voxel-driven backprojection times |angular_range| / views; not the adjoint.
  void backproject_fbp(const float* sinogram, float* image, int batch = 1, cudaStream_t stream = 0) {
    check_backproject_fbp(sinogram, image, batch);
    const int nu = geometry_.detector_shape(), nv = int(views_.size());
    const float scale = float(geometry_.angular_increment());
    if (I == Interpolation::texture) {
      detail::for_each_batch_chunk(batch, texture_chunk(), [&](int first, int count) {
        reserve_backproject_texture(count);
        sinogram_texture_.load(sinogram + std::size_t(first) * geometry_.sinogram_size(), count, stream);
        detail::for_each_batch_chunk(count, detail::max_batch_per_launch, [&](int f, int c) {
          fbp_backproject_kernel<beam, TextureSource2D, Index><<<pixel_grid(c), pixel_block(), 0, stream>>>(
              views_.data(), grid_, nv, TextureSource2D{sinogram_texture_.texture(), first}, scale, image, first + f);
          detail::check_launch("fbp_backproject_kernel", first + f, c);
        });
      });
    } else {
      detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
        fbp_backproject_kernel<beam, ArraySource2D<I, Index>, Index><<<pixel_grid(count), pixel_block(), 0, stream>>>(
            views_.data(), grid_, nv, ArraySource2D<I, Index>{sinogram, nu, nv}, scale, image, first);
        detail::check_launch("fbp_backproject_kernel", first, count);
      });
    }
  }

  // sinogram = B^T image, the exact transpose of backproject_fbp (its gradient with respect to the
  // sinogram); not the forward projection. Overwrites sinogram. A scatter with float atomics: the
  // last bits of the result vary from run to run (the host driver's is deterministic).
  void backproject_fbp_transpose(const float* image, float* sinogram, int batch = 1, cudaStream_t stream = 0) {
    check_call(image, geometry_.volume_size(), "image", sinogram, geometry_.sinogram_size(), "sinogram", batch);
    const int nu = geometry_.detector_shape(), nv = int(views_.size());
    const float scale = float(geometry_.angular_increment());
    PYRONN_CUDA_CHECK(cudaMemsetAsync(sinogram, 0, std::size_t(batch) * geometry_.sinogram_size() * sizeof(float), stream));
    detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
      fbp_transpose_kernel<beam, I, Index><<<pixel_grid(count), pixel_block(), 0, stream>>>(
          views_.data(), grid_, nu, nv, image, scale, sinogram, first);
      detail::check_launch("fbp_transpose_kernel", first, count);
    });
  }

  // Everything backproject_fbp checks before it queues work (FBP2D checks it before filtering).
  void check_backproject_fbp(const float* sinogram, const float* image, int batch) const {
    check_call(sinogram, geometry_.sinogram_size(), "sinogram", image, geometry_.volume_size(), "image", batch);
    if (I == Interpolation::texture)
      LayeredTexture2D::require_fits(geometry_.detector_shape(), int(views_.size()), "detector_shape",
                                     ::pyronn::detail::to_text(geometry_.detector_shape()) + " bins x " +
                                         ::pyronn::detail::to_text(views_.size()) + " views");
  }

  // Device memory the texture path holds for a forward / FBP backprojection of this batch size
  // (0 for software interpolation).
  std::size_t texture_bytes_forward(int batch) const {
    return I == Interpolation::texture ? LayeredTexture2D::bytes(grid_.nx, grid_.ny, std::min(batch, texture_chunk())) : 0;
  }
  std::size_t texture_bytes_backproject_fbp(int batch) const {
    return I == Interpolation::texture
               ? LayeredTexture2D::bytes(geometry_.detector_shape(), int(views_.size()), std::min(batch, texture_chunk()))
               : 0;
  }
  void reserve_forward_texture(int batch) {
    if (I == Interpolation::texture) image_texture_.reserve(grid_.nx, grid_.ny, std::min(batch, texture_chunk()));
  }
  void reserve_backproject_texture(int batch) {
    if (I == Interpolation::texture)
      sinogram_texture_.reserve(geometry_.detector_shape(), int(views_.size()), std::min(batch, texture_chunk()));
  }

  // Sized forms: the batch follows from the buffer sizes (elements), which must agree.
  void forward(const float* image, std::size_t image_size, float* sinogram, std::size_t sinogram_size,
               cudaStream_t stream = 0) {
    forward(image, sinogram, image_batch(image_size, sinogram_size), stream);
  }
  void adjoint(const float* sinogram, std::size_t sinogram_size, float* image, std::size_t image_size,
               cudaStream_t stream = 0) {
    adjoint(sinogram, image, sinogram_batch(sinogram_size, image_size), stream);
  }
  void backproject_fbp(const float* sinogram, std::size_t sinogram_size, float* image, std::size_t image_size,
                       cudaStream_t stream = 0) {
    backproject_fbp(sinogram, image, sinogram_batch(sinogram_size, image_size), stream);
  }
  void backproject_fbp_transpose(const float* image, std::size_t image_size, float* sinogram, std::size_t sinogram_size,
                                 cudaStream_t stream = 0) {
    backproject_fbp_transpose(image, sinogram, image_batch(image_size, sinogram_size), stream);
  }
  int image_batch(std::size_t image_size, std::size_t sinogram_size) const {
    return ::pyronn::detail::batch_of(image_size, geometry_.volume_size(), "image", sinogram_size,
                                      geometry_.sinogram_size(), "sinogram");
  }
  int sinogram_batch(std::size_t sinogram_size, std::size_t image_size) const {
    return ::pyronn::detail::batch_of(sinogram_size, geometry_.sinogram_size(), "sinogram", image_size,
                                      geometry_.volume_size(), "image");
  }

 private:
  void check_call(const float* input, std::size_t input_per_item, const char* input_name, const float* output,
                  std::size_t output_per_item, const char* output_name, int batch) const {
    ::pyronn::detail::check_operator_call(input, input_per_item, input_name, output, output_per_item, output_name, batch);
    detail::require_device_pointer(input, input_name);
    detail::require_device_pointer(output, output_name);
    ::pyronn::detail::require_indexable<Index>(std::size_t(batch) * geometry_.sinogram_size(), "the sinogram batch");
    ::pyronn::detail::require_indexable<Index>(std::size_t(batch) * geometry_.volume_size(), "the image batch");
  }
  int texture_chunk() const {
    if (texture_chunk_ == 0) texture_chunk_ = LayeredTexture2D::max_layers();
    return texture_chunk_;
  }
  dim3 pixel_block() const { return dim3(32, 8); }
  // Rows beyond gridDim.y's limit are walked by the kernels (pixel_row_stride).
  dim3 pixel_grid(int batch) const {
    return dim3(detail::blocks_for(std::size_t(grid_.nx), 32),
                std::min(detail::blocks_for(std::size_t(grid_.ny), 8), detail::max_grid_y), unsigned(batch));
  }

  Geometry geometry_;
  DeviceArray<View2D> views_;
  Grid2D grid_;
  LayeredTexture2D image_texture_, sinogram_texture_;
  mutable int texture_chunk_ = 0;
  AdjointMethod adjoint_method_ = AdjointMethod::gather;
};

}  // namespace cuda
}  // namespace pyronn
