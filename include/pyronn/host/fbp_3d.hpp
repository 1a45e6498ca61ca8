#pragma once
// FDK (cone) and FBP (parallel 3D) on the host: weight, filter the detector rows, backproject
// with the distance-weighted voxel-driven backprojection.

#include <pyronn/core/host_vector.hpp>
#include <pyronn/core/indexing.hpp>
#include <pyronn/core/operator_call.hpp>
#include <pyronn/host/filter_engine.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/recon/fbp_filter_taps.hpp>
#include <pyronn/recon/fbp_weights_3d.hpp>
#include <pyronn/recon/fbp_weights_cylindrical_3d.hpp>
#include <pyronn/recon/filters.hpp>

#include <vector>

namespace pyronn {
namespace host {

template <class Geometry, Interpolation I = Interpolation::software>
class FBP3D {
 public:
  explicit FBP3D(const Geometry& geometry, Filter filter = Filter::ram_lak, int threads = 0,
                 FilterMethod method = FilterMethod::automatic)
      : projector_(geometry, 0.5, threads),
        taps_(fbp_filter_taps(filter, geometry)),
        redundancy_(fbp_redundancy_weights(geometry)),
        cosine_(fbp_cosine_weights(geometry)),
        rows_(geometry.detector_shape()[1], method, threads) {}

  const Projector3D<Geometry, I>& projector() const { return projector_; }

  // How rows are filtered (direct or fft; see host/filter_engine.hpp for the automatic rule).
  FilterMethod filter_method() const { return rows_.method(); }

  // Weighted and row-filtered projections, same layout as the input. The FFT method uses a small
  // host scratch per call (RowFilter::workspace_bytes(), a few padded rows per thread).
  void filter(const float* projections, float* filtered, int batch = 1) const {
    const Geometry& g = projector_.geometry();
    detail::check_operator_call(projections, g.sinogram_size(), "projections", filtered, g.sinogram_size(), "filtered",
                                batch);
    const FilterRowsParams params{redundancy_.data(), cosine_.data(), taps_.data(), g.detector_shape()[1],
                                  g.detector_shape()[0], g.number_of_projections()};
    std::vector<unsigned char> workspace(rows_.workspace_bytes());
    rows_.filter(projections, filtered, std::size_t(batch) * g.sinogram_size() / std::size_t(g.detector_shape()[1]),
                 params, workspace.data(), workspace.size());
  }

  // volume = FDK(projections). Uses a host buffer the size of the projection batch.
  void reconstruct(const float* projections, float* volume, int batch = 1) const {
    const Geometry& g = projector_.geometry();
    detail::check_operator_call(projections, g.sinogram_size(), "projections", volume, g.volume_size(), "volume", batch);
    auto filtered = detail::host_batch_vector<float>(batch, g.sinogram_size(), "the filtered projections");
    filter(projections, filtered.data(), batch);
    projector_.backproject_fbp(filtered.data(), volume, batch);
  }

  void reconstruct(const float* projections, std::size_t projections_size, float* volume, std::size_t volume_size) const {
    reconstruct(projections, volume, projector_.projection_batch(projections_size, volume_size));
  }

 private:
  Projector3D<Geometry, I> projector_;
  std::vector<float> taps_;
  std::vector<float> redundancy_;  // [views][U]
  std::vector<float> cosine_;      // [V][U]
  RowFilter rows_;
};

// Feldkamp-Davis-Kress reconstruction for cone-beam geometries.
template <Interpolation I = Interpolation::software>
using FDK = FBP3D<GeometryCone3D, I>;

}  // namespace host
}  // namespace pyronn
