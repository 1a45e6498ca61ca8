#pragma once
// The voxel-driven, FBP-weighted backprojection PYRO-NN used for analytic reconstruction: each
// pixel reads every view's filtered projection at the point where it lands on the detector,
// weighted by the beam's distance weight. It is NOT the adjoint of the forward projection (that
// is joseph_adjoint_pixel); it is what filtered backprojection integrates.

#include <pyronn/geometry/grid_2d.hpp>
#include <pyronn/kernels/beam_2d.hpp>

namespace pyronn {

// One view's contribution to pixel (x, y). Sampler reads the sinogram [view][u]: along_x(u, view).
template <class Beam, class Sampler>
PYRONN_HD float fbp_backproject_pixel(const View2D& view, int view_index, const Grid2D& g, int x, int y,
                                      const Sampler& sinogram) {
  const vec2 p = g.world(float(x), float(y));
  return Beam::fbp_weight(view, p) * sinogram.along_x(Beam::detector_coordinate(view, p), view_index);
}

}  // namespace pyronn
