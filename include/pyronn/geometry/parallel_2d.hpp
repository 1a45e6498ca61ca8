#pragma once
// 2D parallel-beam geometry (PYRO-NN's GeometryParallel2D).

#include <pyronn/geometry/geometry_2d.hpp>
#include <pyronn/geometry/vector_views_2d.hpp>
#include <pyronn/kernels/beam_2d.hpp>

#include <vector>

namespace pyronn {

class GeometryParallel2D : public Geometry2D {
 public:
  using beam_type = ParallelBeam2D;
  using Geometry2D::Geometry2D;

  // View i as vectors: rays along central ray r_i, the detector's centre on the line through the
  // isocentre along perp(r_i), detector_centre_offset() mm from it, bins detector_spacing apart.
  std::vector<ParallelVector2D> vectors() const {
    std::vector<ParallelVector2D> out(central_ray_vectors().size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const dvec2 axis = detector_axis(i);
      out[i] = {central_ray_vectors()[i], detector_centre_offset() * axis, detector_spacing() * axis};
    }
    return out;
  }

  // So detector bin u sits at (detector_origin + u * detector_spacing) * perp(r_i), on a line
  // through the isocentre.
  std::vector<View2D> views() const {
    const std::vector<ParallelVector2D> v = vectors();
    std::vector<View2D> out(v.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = parallel_view_2d(v[i], detector_shape());
    return out;
  }
};

}  // namespace pyronn
