#pragma once
// The exact transpose of the FDK/FBP-weighted 3D backprojection (fbp_backproject_point): each
// voxel gives its value, times the distance weight, back to the four detector pixels the
// backprojection read it from, with the bilinear weights it read them with. It is the gradient of
// backproject_fbp with respect to the projections, NOT the forward projection. The host driver
// gives each thread whole views, so every pixel sums its voxels in the same order whatever the
// thread count; the GPU scatters with atomics (the order of its float sums varies from run to run).

#include <pyronn/kernels/add_to.hpp>
#include <pyronn/kernels/fbp_backprojection_3d.hpp>
#include <pyronn/kernels/interpolation.hpp>

#include <cmath>

namespace pyronn {

// Gives what a voxel holding value, whose homogeneous detector point is h, gives back to one
// view's projection ([nv][nu]) to add(v * nu + u, amount): the same reads as
// ArraySampler2D::bilinear at (h.x / h.z, h.y / h.z). The host adds in place; the GPU atomically.
template <Interpolation I, class Add>
PYRONN_HD void fbp_transpose_point(vec3 h, float isocentre_depth, float value, int nu, int nv, const Add& add) {
  const float inverse_depth = 1.f / h.z;
  const float ratio = isocentre_depth * inverse_depth;
  const float u = h.x * inverse_depth, v = h.y * inverse_depth;
  if (!(u > -1.f && u < float(nu) && v > -1.f && v < float(nv))) return;  // also rejects NaN
  const float u0 = floor_sample(u), v0 = floor_sample(v);
  const float wu = upper_weight<I>(u - u0), wv = upper_weight<I>(v - v0);
  const int i = int(u0), j = int(v0);
  const float weighted = ratio * ratio * value;
  const float wus[2] = {1.f - wu, wu}, wvs[2] = {1.f - wv, wv};
  for (int dv = 0; dv < 2; ++dv) {
    if (j + dv < 0 || j + dv >= nv) continue;
    const int row = (j + dv) * nu;
    const float vv = wvs[dv] * weighted;
    if (i >= 0) add(row + i, wus[0] * vv);
    if (i + 1 < nu) add(row + i + 1, wus[1] * vv);
  }
}

}  // namespace pyronn
