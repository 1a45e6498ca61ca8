#pragma once
// Filtered backprojection on the host: weight, filter, FBP-weighted backprojection.

#include <pyronn/core/host_vector.hpp>
#include <pyronn/core/indexing.hpp>
#include <pyronn/core/operator_call.hpp>
#include <pyronn/host/filter_engine.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/recon/fbp_filter_taps.hpp>
#include <pyronn/recon/fbp_weights_2d.hpp>
#include <pyronn/recon/fbp_weights_arc_2d.hpp>
#include <pyronn/recon/filters.hpp>

#include <vector>

namespace pyronn {
namespace host {

template <class Geometry, Interpolation I = Interpolation::software>
class FBP2D {
 public:
  explicit FBP2D(const Geometry& geometry, Filter filter = Filter::ram_lak, int threads = 0,
                 FilterMethod method = FilterMethod::automatic)
      : projector_(geometry, threads),
        taps_(fbp_filter_taps(filter, geometry)),
        weights_(fbp_ray_weights(geometry)),
        rows_(geometry.detector_shape(), method, threads) {}

  const Projector2D<Geometry, I>& projector() const { return projector_; }

  // How rows are filtered (direct or fft; see host/filter_engine.hpp for the automatic rule).
  FilterMethod filter_method() const { return rows_.method(); }

  // Weighted and filtered projections, same layout as the input. The FFT method uses a small
  // host scratch per call (RowFilter::workspace_bytes(), a few padded rows per thread).
  void filter(const float* sinogram, float* filtered, int batch = 1) const {
    const Geometry& g = projector_.geometry();
    detail::check_operator_call(sinogram, g.sinogram_size(), "sinogram", filtered, g.sinogram_size(), "filtered", batch);
    const FilterRowsParams params{weights_.data(), nullptr, taps_.data(), g.detector_shape(), 1, g.number_of_projections()};
    std::vector<unsigned char> workspace(rows_.workspace_bytes());
    rows_.filter(sinogram, filtered, std::size_t(batch) * std::size_t(g.number_of_projections()), params,
                 workspace.data(), workspace.size());
  }

  // image = FBP(sinogram). Uses a host buffer the size of the sinogram batch for the filtered data.
  void reconstruct(const float* sinogram, float* image, int batch = 1) const {
    const Geometry& g = projector_.geometry();
    detail::check_operator_call(sinogram, g.sinogram_size(), "sinogram", image, g.volume_size(), "image", batch);
    auto filtered = detail::host_batch_vector<float>(batch, g.sinogram_size(), "the filtered sinograms");
    filter(sinogram, filtered.data(), batch);
    projector_.backproject_fbp(filtered.data(), image, batch);
  }

  void reconstruct(const float* sinogram, std::size_t sinogram_size, float* image, std::size_t image_size) const {
    reconstruct(sinogram, image, projector_.sinogram_batch(sinogram_size, image_size));
  }

 private:
  Projector2D<Geometry, I> projector_;
  std::vector<float> taps_;
  std::vector<float> weights_;
  RowFilter rows_;
};

}  // namespace host
}  // namespace pyronn
