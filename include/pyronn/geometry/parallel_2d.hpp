#pragma once
// 2D parallel-beam geometry (PYRO-NN's GeometryParallel2D).

#include <pyronn/geometry/geometry_2d.hpp>
#include <pyronn/kernels/beam_2d.hpp>

#include <vector>

namespace pyronn {

class GeometryParallel2D : public Geometry2D {
 public:
  using beam_type = ParallelBeam2D;
  using Geometry2D::Geometry2D;

  // Rays of view i run along central ray r_i; detector bin u sits at
  // (detector_origin + u * detector_spacing) * perp(r_i), so bins lie on a line through the isocentre.
  std::vector<View2D> views() const {
    std::vector<View2D> out(central_ray_vectors().size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      const dvec2 axis = detector_axis(i);
      out[i] = {{0.f, 0.f}, vec_cast<float>(central_ray_vectors()[i]), vec_cast<float>(detector_origin() * axis),
                vec_cast<float>(detector_spacing() * axis)};
    }
    return out;
  }
};

}  // namespace pyronn
