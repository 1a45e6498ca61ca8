#pragma once
// Filtered backprojection on the GPU: weight and filter into caller-provided scratch, then the
// FBP-weighted backprojection. The constructor uploads the filter taps and per-ray weights.

#include <pyronn/core/operator_call.hpp>
#include <pyronn/cuda/fbp_workspace.cuh>
#include <pyronn/cuda/filter_rows.cuh>
#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/recon/fbp_filter_taps.hpp>
#include <pyronn/recon/fbp_weights_2d.hpp>
#include <pyronn/recon/fbp_weights_arc_2d.hpp>
#include <pyronn/recon/filters.hpp>

namespace pyronn {
namespace cuda {

template <class Geometry, Interpolation I = Interpolation::software, class Index = int>
class FBP2D {
 public:
  explicit FBP2D(const Geometry& geometry, Filter filter = Filter::ram_lak)
      : projector_(geometry),
        taps_(fbp_filter_taps(filter, geometry)),
        weights_(fbp_ray_weights(geometry)) {}

  Projector2D<Geometry, I, Index>& projector() { return projector_; }
  const Projector2D<Geometry, I, Index>& projector() const { return projector_; }

  // Scratch reconstruct() needs: one filtered sinogram batch.
  std::size_t workspace_bytes(int batch) const {
    return std::size_t(batch) * projector_.geometry().sinogram_size() * sizeof(float);
  }

  // Weighted, filtered projections, same layout as the input.
  void filter(const float* sinogram, float* filtered, int batch = 1, cudaStream_t stream = 0) {
    const Geometry& g = projector_.geometry();
    ::pyronn::detail::check_operator_call(sinogram, g.sinogram_size(), "sinogram", filtered, g.sinogram_size(), "filtered",
                                          batch);
    detail::require_device_pointer(sinogram, "sinogram");
    detail::require_device_pointer(filtered, "filtered");
    ::pyronn::detail::require_indexable<Index>(std::size_t(batch) * g.sinogram_size(), "the sinogram batch");
    const FilterRowsParams params{weights_.data(), nullptr, taps_.data(), g.detector_shape(), 1, g.number_of_projections()};
    filter_rows(sinogram, filtered, Index(batch) * Index(g.number_of_projections()), params, stream);
  }

  // Everything is checked before any work is queued.
  void reconstruct(const float* sinogram, float* image, int batch, void* workspace, std::size_t workspace_size,
                   cudaStream_t stream = 0) {
    const Geometry& g = projector_.geometry();
    ::pyronn::detail::check_operator_call(sinogram, g.sinogram_size(), "sinogram", image, g.volume_size(), "image", batch);
    detail::require_device_pointer(image, "image");
    float* filtered = detail::fbp_workspace(workspace, workspace_size, workspace_bytes(batch), sinogram, "sinogram",
                                            std::size_t(batch) * g.sinogram_size(), image, "image",
                                            std::size_t(batch) * g.volume_size());
    projector_.check_backproject_fbp(filtered, image, batch);
    filter(sinogram, filtered, batch, stream);
    projector_.backproject_fbp(filtered, image, batch, stream);
  }

 private:
  Projector2D<Geometry, I, Index> projector_;
  DeviceArray<float> taps_;
  DeviceArray<float> weights_;
};

}  // namespace cuda
}  // namespace pyronn
