#pragma once
// FDK (cone) and FBP (parallel 3D) on the GPU: weight and filter the detector rows into
// caller-provided scratch, then the distance-weighted voxel-driven backprojection. The
// constructor uploads the filter taps and the separable weights ([views][U] and [V][U]).

#include <pyronn/core/operator_call.hpp>
#include <pyronn/cuda/fbp_workspace.cuh>
#include <pyronn/cuda/filter_rows.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/recon/fbp_filter_taps.hpp>
#include <pyronn/recon/fbp_weights_3d.hpp>
#include <pyronn/recon/fbp_weights_cylindrical_3d.hpp>
#include <pyronn/recon/filters.hpp>

namespace pyronn {
namespace cuda {

template <class Geometry, Interpolation I = Interpolation::software, class Index = int>
class FBP3D {
 public:
  explicit FBP3D(const Geometry& geometry, Filter filter = Filter::ram_lak)
      : projector_(geometry),
        taps_(fbp_filter_taps(filter, geometry)),
        redundancy_(fbp_redundancy_weights(geometry)),
        cosine_(fbp_cosine_weights(geometry)) {}

  Projector3D<Geometry, I, Index>& projector() { return projector_; }
  const Projector3D<Geometry, I, Index>& projector() const { return projector_; }

  // Scratch reconstruct() needs: one filtered projection batch.
  std::size_t workspace_bytes(int batch) const {
    return std::size_t(batch) * projector_.geometry().sinogram_size() * sizeof(float);
  }

  // Weighted, row-filtered projections, same layout as the input.
  void filter(const float* projections, float* filtered, int batch = 1, cudaStream_t stream = 0) {
    const Geometry& g = projector_.geometry();
    ::pyronn::detail::check_operator_call(projections, g.sinogram_size(), "projections", filtered, g.sinogram_size(),
                                          "filtered", batch);
    detail::require_device_pointer(projections, "projections");
    detail::require_device_pointer(filtered, "filtered");
    ::pyronn::detail::require_indexable<Index>(std::size_t(batch) * g.sinogram_size(), "the projection batch");
    const FilterRowsParams params{redundancy_.data(), cosine_.data(), taps_.data(), g.detector_shape()[1],
                                  g.detector_shape()[0], g.number_of_projections()};
    filter_rows(projections, filtered, Index(batch) * Index(g.number_of_projections()) * Index(g.detector_shape()[0]),
                params, stream);
  }

  // Everything is checked before any work is queued.
  void reconstruct(const float* projections, float* volume, int batch, void* workspace, std::size_t workspace_size,
                   cudaStream_t stream = 0) {
    const Geometry& g = projector_.geometry();
    ::pyronn::detail::check_operator_call(projections, g.sinogram_size(), "projections", volume, g.volume_size(), "volume",
                                          batch);
    detail::require_device_pointer(volume, "volume");
    float* filtered = detail::fbp_workspace(workspace, workspace_size, workspace_bytes(batch), projections, "projections",
                                            std::size_t(batch) * g.sinogram_size(), volume, "volume",
                                            std::size_t(batch) * g.volume_size());
    projector_.check_backproject_fbp(filtered, volume, batch);
    filter(projections, filtered, batch, stream);
    projector_.backproject_fbp(filtered, volume, batch, stream);
  }

 private:
  Projector3D<Geometry, I, Index> projector_;
  DeviceArray<float> taps_;
  DeviceArray<float> redundancy_;
  DeviceArray<float> cosine_;
};

// Feldkamp-Davis-Kress reconstruction for cone-beam geometries.
template <Interpolation I = Interpolation::software, class Index = int>
using FDK = FBP3D<GeometryCone3D, I, Index>;

}  // namespace cuda
}  // namespace pyronn
