#pragma once
// The exact transpose of the FBP-weighted backprojection (fbp_backproject_pixel): each pixel gives
// its value, times the beam's distance weight, back to the two detector bins the backprojection
// read it from, with the interpolation weights it read them with. It is the gradient of
// backproject_fbp with respect to the sinogram, so an FBP pipeline (weights, filter, FBP
// backprojection) has an exact gradient end to end. It is NOT the forward projection (which is
// the transpose of the exact adjoint, not of this). The host driver gives each thread whole views
// (sinogram rows), so every bin sums its pixels in the same order whatever the thread count; the
// GPU scatters with atomics (the order of its float sums varies from run to run).

#include <pyronn/geometry/grid_2d.hpp>
#include <pyronn/kernels/add_to.hpp>
#include <pyronn/kernels/beam_2d.hpp>
#include <pyronn/kernels/interpolation.hpp>

#include <cmath>

namespace pyronn {

// Gives what pixel (x, y), holding value, gives back to one view's sinogram row (nu bins) to
// add(bin, amount): the same reads as ArraySampler2D::along_x at the pixel's detector coordinate.
// The host adds in place; the GPU adds atomically.
template <class Beam, Interpolation I, class Add>
PYRONN_HD void fbp_transpose_pixel(const View2D& view, const Grid2D& g, int x, int y, float value, int nu,
                                   const Add& add) {
  const vec2 p = g.world(float(x), float(y));
  const float u = Beam::detector_coordinate(view, p);
  if (!(u > -1.f && u < float(nu))) return;  // also rejects NaN before the int conversion
  const float u0 = floor_sample(u);
  const float w1 = upper_weight<I>(u - u0);
  const int i = int(u0);
  const float weighted = Beam::fbp_weight(view, p) * value;
  if (i >= 0) add(i, (1.f - w1) * weighted);
  if (i + 1 < nu) add(i + 1, w1 * weighted);
}

}  // namespace pyronn
