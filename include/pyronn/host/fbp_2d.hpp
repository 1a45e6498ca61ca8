#pragma once
// Filtered backprojection on the host: weight, filter, FBP-weighted backprojection.

#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/filter_rows.hpp>
#include <pyronn/recon/fbp_weights_2d.hpp>
#include <pyronn/recon/filters.hpp>

#include <vector>

namespace pyronn {
namespace host {

template <class Geometry, Interpolation I = Interpolation::software>
class FBP2D {
 public:
  explicit FBP2D(const Geometry& geometry, Filter filter = Filter::ram_lak, int threads = 0)
      : projector_(geometry, threads),
        taps_(filter_taps(filter, geometry.detector_shape(), fbp_filter_spacing(geometry))),
        weights_(fbp_ray_weights(geometry)) {}

  const Projector2D<Geometry, I>& projector() const { return projector_; }

  // Weighted and filtered projections, same layout as the input.
  void filter(const float* sinogram, float* filtered, int batch = 1) const {
    detail::check_operator_call(sinogram, "sinogram", filtered, "filtered", batch);
    const Geometry& g = projector_.geometry();
    const FilterRowsParams params{weights_.data(), nullptr, taps_.data(), g.detector_shape(), 1, g.number_of_projections()};
    filter_rows(sinogram, filtered, std::size_t(batch) * std::size_t(g.number_of_projections()), params,
                projector_.threads());
  }

  // image = FBP(sinogram). Uses a host buffer the size of the sinogram batch for the filtered data.
  void reconstruct(const float* sinogram, float* image, int batch = 1) const {
    detail::check_operator_call(sinogram, "sinogram", image, "image", batch);
    std::vector<float> filtered(std::size_t(batch) * projector_.geometry().sinogram_size());
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
};

}  // namespace host
}  // namespace pyronn
