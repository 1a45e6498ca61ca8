#pragma once
// The CUDA driver for 3D operators (cone and parallel beam), on caller-owned device memory:
// volumes [batch][Z][Y][X], projections [batch][views][V][U], work queued on the caller's stream.
// The same bodies as host::Projector3D, so with software interpolation the two agree to float
// rounding.
//
// Memory: the constructor uploads the per-view geometry (sizeof(View3D) = 108 bytes a view). The
// software path allocates nothing else. The texture path keeps two workspaces that it reuses
// across calls (texture_bytes_* say how large; reserve_* allocates ahead), so one projector must
// not run texture-path calls on two streams at once:
//  - forward: the volumes, stacked along z in one 3D texture with a zero slice between them
//    (VolumeTexture3D): min(batch, max_items) volumes of X x Y x (Z + 1) floats, less one slice;
//    larger batches go through it in chunks.
//  - backproject_fbp: one batch item's projections in a layered 2D texture, a layer a view,
//    min(views, LayeredTexture2D::max_layers()) layers; the items go through it one after another,
//    and views beyond the layer limit in chunks that add to the output. Its size does not grow
//    with the batch: 3D projections are large (512 views of 512^2 pixels are 512 MiB an item),
//    and one item's launch already has a thread per voxel, so holding several items at once
//    would cost memory and buy no parallelism.

#include <pyronn/core/errors.hpp>
#include <pyronn/core/indexing.hpp>
#include <pyronn/core/operator_call.hpp>
#include <pyronn/cuda/adjoint_method.cuh>
#include <pyronn/cuda/device_array.cuh>
#include <pyronn/cuda/kernels_3d.cuh>
#include <pyronn/cuda/launch.cuh>
#include <pyronn/cuda/layered_texture_2d.cuh>
#include <pyronn/cuda/volume_texture_3d.cuh>
#include <pyronn/host/projector_3d.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace pyronn {
namespace cuda {

// Geometry: GeometryCone3D or GeometryParallel3D. step_size: the longest step between samples
// along a ray, in units of the finest voxel spacing (as host::Projector3D; ray_step_mm refuses a
// step that needs more than max_samples_per_ray samples on a ray, before anything is allocated).
template <class Geometry, Interpolation I = Interpolation::software, class Index = int>
class Projector3D {
 public:
  using beam = typename Geometry::beam_type;

  // Joseph's method (as host::Projector3D).
  explicit Projector3D(const Geometry& geometry) : Projector3D(geometry, RayModel3D::joseph) {}
  // The ray march with this step size.
  Projector3D(const Geometry& geometry, double step_size) : Projector3D(geometry, RayModel3D::ray_march, step_size) {}
  // Any model; step_size is used by the ray march only.
  Projector3D(const Geometry& geometry, RayModel3D model, double step_size = 0.5)
      : geometry_(geometry),
        step_(ray_step_mm(geometry, step_size)),
        model_(model),
        host_views_(geometry.views()),
        views_(host_views_),
        grid_(geometry.grid()) {}

  const Geometry& geometry() const { return geometry_; }
  float step_mm() const { return step_; }
  RayModel3D model() const { return model_; }

  // projections = A volume: line integrals (mm x value) by the projector's ray model.
  void forward(const float* volume, float* projections, int batch = 1, cudaStream_t stream = 0) {
    if (model_ == RayModel3D::joseph) forward_by<JosephRay>(volume, projections, batch, stream);
    else forward_by<RayMarchRay>(volume, projections, batch, stream);
  }

  // volume = A^T projections, the exact transpose of forward (its gradient): a deterministic
  // gather, or with set_adjoint_method(AdjointMethod::scatter) an atomic scatter. Reads the
  // projections in place for both interpolation policies: only the weights differ (texture: the
  // texture unit's 8-bit weights, emulated).
  void adjoint(const float* projections, float* volume, int batch = 1, cudaStream_t stream = 0) {
    check_call(projections, geometry_.sinogram_size(), "projections", volume, geometry_.volume_size(), "volume", batch);
    if (adjoint_method_ == AdjointMethod::scatter) {
      PYRONN_CUDA_CHECK(cudaMemsetAsync(volume, 0, std::size_t(batch) * geometry_.volume_size() * sizeof(float), stream));
      if (model_ == RayModel3D::joseph) scatter_adjoint<JosephScatter>(projections, volume, batch, stream);
      else scatter_adjoint<RayMarchScatter>(projections, volume, batch, stream);
      return;
    }
    if (model_ == RayModel3D::joseph) {
      const unsigned blocks = detail::blocks_for(geometry_.volume_size(), threads);
      detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
        joseph_adjoint_3d_kernel<beam, I, Index><<<dim3(blocks, count), threads, 0, stream>>>(
            views_.data(), grid_, nu(), nv(), nviews(), projections, volume, first);
        detail::check_launch("joseph_adjoint_3d_kernel", first, count);
      });
      return;
    }
    const unsigned tiles = unsigned(std::size_t((grid_.nx + AdjointTile::nx - 1) / AdjointTile::nx) *
                                    std::size_t((grid_.ny + AdjointTile::ny - 1) / AdjointTile::ny) *
                                    std::size_t((grid_.nz + AdjointTile::nz - 1) / AdjointTile::nz));
    detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
      ray_march_adjoint_kernel<beam, I, Index><<<dim3(tiles, count), AdjointTile::threads, 0, stream>>>(
          views_.data(), grid_, step_, nu(), nv(), nviews(), projections, volume, first);
      detail::check_launch("ray_march_adjoint_kernel", first, count);
    });
  }

  // The FDK/FBP-weighted voxel-driven backprojection of (filtered) projections, times the angular
  // increment |angular_range| / views. Not the adjoint of forward. Overwrites volume.
  void backproject_fbp(const float* projections, float* volume, int batch = 1, cudaStream_t stream = 0) {
    check_backproject_fbp(projections, volume, batch);
    const float scale = float(geometry_.angular_increment());
    if (I == Interpolation::texture) {
      const int layers = backproject_layers();
      projection_texture_.reserve(nu(), nv(), layers);
      for (int b = 0; b < batch; ++b)
        for (int first_view = 0; first_view < nviews(); first_view += layers) {
          const int count = std::min(layers, nviews() - first_view);
          projection_texture_.load(
              projections + (std::size_t(b) * std::size_t(nviews()) + std::size_t(first_view)) * geometry_.projection_size(),
              count, stream);
          launch_fbp_backprojection(TextureProjectionSource3D{projection_texture_.texture(), first_view}, first_view, count,
                                    scale, volume, b, 1, stream);
        }
    } else {
      detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
        launch_fbp_backprojection(ArrayProjectionSource3D<I, Index>{projections, nu(), nv(), nviews()}, 0, nviews(), scale,
                                  volume, first, count, stream);
      });
    }
  }

  // projections = B^T volume, the exact transpose of backproject_fbp (its gradient with respect to
  // the projections); not the forward projection. Overwrites projections. A scatter with float
  // atomics: the last bits of the result vary from run to run (the host driver's is deterministic).
  void backproject_fbp_transpose(const float* volume, float* projections, int batch = 1, cudaStream_t stream = 0) {
    check_call(volume, geometry_.volume_size(), "volume", projections, geometry_.sinogram_size(), "projections", batch);
    const float scale = float(geometry_.angular_increment());
    const unsigned blocks = detail::blocks_for(geometry_.volume_size(), threads);
    PYRONN_CUDA_CHECK(
        cudaMemsetAsync(projections, 0, std::size_t(batch) * geometry_.sinogram_size() * sizeof(float), stream));
    detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
      fbp_transpose_3d_kernel<beam, I, Index><<<dim3(blocks, count), threads, 0, stream>>>(
          views_.data(), grid_, nu(), nv(), nviews(), volume, scale, projections, first);
      detail::check_launch("fbp_transpose_3d_kernel", first, count);
    });
  }

  // Everything backproject_fbp checks before it queues work (FBP3D checks it before filtering).
  void check_backproject_fbp(const float* projections, const float* volume, int batch) const {
    check_call(projections, geometry_.sinogram_size(), "projections", volume, geometry_.volume_size(), "volume", batch);
    if (I == Interpolation::texture) backproject_layers();
  }

  // Device memory the texture path holds for a forward / FBP backprojection of this batch size
  // (0 for software interpolation). Both refuse shapes beyond the device's texture limits.
  std::size_t texture_bytes_forward(int batch) const {
    require_batch(batch);
    return I == Interpolation::texture ? VolumeTexture3D::bytes(grid_.nx, grid_.ny, grid_.nz, batch) : 0;
  }
  std::size_t texture_bytes_backproject_fbp(int batch) const {
    require_batch(batch);
    return I == Interpolation::texture ? LayeredTexture2D::bytes(nu(), nv(), backproject_layers()) : 0;
  }
  // Allocate ahead what a call of this batch size will hold. A new volume texture is cleared on
  // `stream`, which is then synchronised.
  void reserve_forward_texture(int batch, cudaStream_t stream = 0) {
    require_batch(batch);
    if (I == Interpolation::texture) volume_texture_.reserve(grid_.nx, grid_.ny, grid_.nz, batch, stream);
  }
  void reserve_backproject_texture(int batch) {
    require_batch(batch);
    if (I == Interpolation::texture) projection_texture_.reserve(nu(), nv(), backproject_layers());
  }

  // Sized forms: the batch follows from the buffer sizes (elements), which must agree.
  void forward(const float* volume, std::size_t volume_size, float* projections, std::size_t projections_size,
               cudaStream_t stream = 0) {
    forward(volume, projections, volume_batch(volume_size, projections_size), stream);
  }
  void adjoint(const float* projections, std::size_t projections_size, float* volume, std::size_t volume_size,
               cudaStream_t stream = 0) {
    adjoint(projections, volume, projection_batch(projections_size, volume_size), stream);
  }
  void backproject_fbp(const float* projections, std::size_t projections_size, float* volume, std::size_t volume_size,
                       cudaStream_t stream = 0) {
    backproject_fbp(projections, volume, projection_batch(projections_size, volume_size), stream);
  }
  void backproject_fbp_transpose(const float* volume, std::size_t volume_size, float* projections,
                                 std::size_t projections_size, cudaStream_t stream = 0) {
    backproject_fbp_transpose(volume, projections, volume_batch(volume_size, projections_size), stream);
  }
  int volume_batch(std::size_t volume_size, std::size_t projections_size) const {
    return ::pyronn::detail::batch_of(volume_size, geometry_.volume_size(), "volume", projections_size,
                                      geometry_.sinogram_size(), "projections");
  }
  int projection_batch(std::size_t projections_size, std::size_t volume_size) const {
    return ::pyronn::detail::batch_of(projections_size, geometry_.sinogram_size(), "projections", volume_size,
                                      geometry_.volume_size(), "volume");
  }

  // How adjoint works (cuda/adjoint_method.cuh): a deterministic gather (the default) or an atomic
  // scatter.
  void set_adjoint_method(AdjointMethod method) { adjoint_method_ = method; }
  AdjointMethod adjoint_method() const { return adjoint_method_; }

 private:
  static constexpr unsigned threads = 128;

  template <class Model>
  void scatter_adjoint(const float* projections, float* volume, int batch, cudaStream_t stream) {
    const unsigned blocks = detail::blocks_for(geometry_.sinogram_size(), threads);
    detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
      scatter_adjoint_3d_kernel<beam, I, Model, Index><<<dim3(blocks, count), threads, 0, stream>>>(
          views_.data(), grid_, step_, nu(), nv(), nviews(), projections, volume, first);
      detail::check_launch("scatter_adjoint_3d_kernel", first, count);
    });
  }

  template <class Model>
  void forward_by(const float* volume, float* projections, int batch, cudaStream_t stream) {
    check_call(volume, geometry_.volume_size(), "volume", projections, geometry_.sinogram_size(), "projections", batch);
    const unsigned blocks = detail::blocks_for(geometry_.sinogram_size(), threads);
    if (I == Interpolation::texture) {
      detail::for_each_batch_chunk(batch, volume_chunk(), [&](int first, int count) {
        volume_texture_.reserve(grid_.nx, grid_.ny, grid_.nz, count, stream);
        volume_texture_.load(volume + std::size_t(first) * geometry_.volume_size(), count, stream);
        detail::for_each_batch_chunk(count, detail::max_batch_per_launch, [&](int f, int c) {
          forward_3d_kernel<beam, Model, TextureSource3D, Index><<<dim3(blocks, c), threads, 0, stream>>>(
              views_.data(), grid_, step_, nu(), nv(), nviews(), TextureSource3D{volume_texture_.texture(), first, grid_.nz},
              projections, first + f);
          detail::check_launch("forward_3d_kernel", first + f, c);
        });
      });
    } else {
      detail::for_each_batch_chunk(batch, detail::max_batch_per_launch, [&](int first, int count) {
        forward_3d_kernel<beam, Model, ArraySource3D<I, Index>, Index><<<dim3(blocks, count), threads, 0, stream>>>(
            views_.data(), grid_, step_, nu(), nv(), nviews(), ArraySource3D<I, Index>{volume, grid_.nx, grid_.ny, grid_.nz},
            projections, first);
        detail::check_launch("forward_3d_kernel", first, count);
      });
    }
  }

  void check_call(const float* input, std::size_t input_per_item, const char* input_name, const float* output,
                  std::size_t output_per_item, const char* output_name, int batch) const {
    ::pyronn::detail::check_operator_call(input, input_per_item, input_name, output, output_per_item, output_name, batch);
    detail::require_device_pointer(input, input_name);
    detail::require_device_pointer(output, output_name);
    ::pyronn::detail::require_indexable<Index>(std::size_t(batch) * geometry_.sinogram_size(), "the projections batch");
    ::pyronn::detail::require_indexable<Index>(std::size_t(batch) * geometry_.volume_size(), "the volume batch");
  }
  static void require_batch(int batch) {
    ::pyronn::detail::require(batch > 0, "batch", "must be > 0, got " + ::pyronn::detail::to_text(batch));
  }

  // Backprojects views [first_view, first_view + count) of batch items [first_batch, + batch)
  // into the volume, FbpViewChunk::capacity views a launch; the first launch writes the output
  // when first_view is 0, every other launch adds to it.
  template <class Source>
  void launch_fbp_backprojection(const Source& projections, int first_view, int count, float scale, float* volume,
                                 int first_batch, int batch, cudaStream_t stream) const {
    const unsigned column_blocks = detail::blocks_for(std::size_t(grid_.nx) * std::size_t(grid_.ny), threads);
    const unsigned z_blocks = unsigned((grid_.nz + fbp_z_per_thread - 1) / fbp_z_per_thread);
    for (int chunk_first = first_view; chunk_first < first_view + count; chunk_first += FbpViewChunk::capacity) {
      FbpViewChunk chunk{};
      chunk.first_view = chunk_first;
      chunk.count = std::min(FbpViewChunk::capacity, first_view + count - chunk_first);
      for (int i = 0; i < chunk.count; ++i) {
        const View3D& view = host_views_[chunk_first + i];
        std::copy(view.matrix, view.matrix + 12, chunk.matrix[i]);
        const vec2 extra = fbp_extra(view);
        chunk.extra[i][0] = extra.x;
        chunk.extra[i][1] = extra.y;
      }
      fbp_backproject_3d_kernel<beam, Source, Index><<<dim3(column_blocks * z_blocks, batch), threads, 0, stream>>>(
          chunk, grid_, column_blocks, projections, scale, chunk_first > 0, volume, first_batch);
      detail::check_launch("fbp_backproject_3d_kernel", first_batch, batch);
    }
  }

  int nu() const { return geometry_.detector_shape()[1]; }
  int nv() const { return geometry_.detector_shape()[0]; }
  int nviews() const { return int(views_.size()); }

  // Volumes per stacked texture; the first call checks the volume against the texture limits.
  int volume_chunk() const {
    if (volume_chunk_ == 0) volume_chunk_ = VolumeTexture3D::max_items(grid_.nx, grid_.ny, grid_.nz);
    return volume_chunk_;
  }
  // Views per layered texture; the first call checks the detector against the texture limits.
  int backproject_layers() const {
    if (backproject_layers_ == 0) {
      LayeredTexture2D::require_fits(nu(), nv(), "detector_shape",
                                     "[" + ::pyronn::detail::to_text(nv()) + ", " + ::pyronn::detail::to_text(nu()) +
                                         "] ([V, U])");
      backproject_layers_ = std::min(nviews(), LayeredTexture2D::max_layers());
    }
    return backproject_layers_;
  }

  Geometry geometry_;
  float step_;
  RayModel3D model_;
  AdjointMethod adjoint_method_ = AdjointMethod::gather;
  std::vector<View3D> host_views_;  // the FDK/FBP backprojection passes their matrices as kernel parameters
  DeviceArray<View3D> views_;
  Grid3D grid_;
  VolumeTexture3D volume_texture_;
  LayeredTexture2D projection_texture_;
  mutable int volume_chunk_ = 0, backproject_layers_ = 0;
};

}  // namespace cuda
}  // namespace pyronn
