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

// Gives what a voxel holding value, read by a view at s (Beam::fbp_sample), gives back to that
// view's projection ([nv][nu]) to add(v * nu + u, amount): the same reads as
// ArraySampler2D::bilinear at (s.u, s.v), times s.weight. The host adds in place; the GPU atomically.
template <Interpolation I, class Add>
PYRONN_HD void fbp_transpose_sample(const FbpSample3D& s, float value, int nu, int nv, const Add& add) {
  const float u = s.u, v = s.v;
  if (!(u > -1.f && u < float(nu) && v > -1.f && v < float(nv))) return;  // also rejects NaN
  const float u0 = floor_sample(u), v0 = floor_sample(v);
  const float wu = upper_weight<I>(u - u0), wv = upper_weight<I>(v - v0);
  const int i = int(u0), j = int(v0);
  const float weighted = s.weight * value;
  const float wus[2] = {1.f - wu, wu}, wvs[2] = {1.f - wv, wv};
  for (int dv = 0; dv < 2; ++dv) {
    if (j + dv < 0 || j + dv >= nv) continue;
    const int row = (j + dv) * nu;
    const float vv = wvs[dv] * weighted;
    if (i >= 0) add(row + i, wus[0] * vv);
    if (i + 1 < nu) add(row + i + 1, wus[1] * vv);
  }
}

// The same for a flat detector's voxel whose homogeneous detector point is h
// (fbp_backproject_point's reads).
template <Interpolation I, class Add>
PYRONN_HD void fbp_transpose_point(vec3 h, float isocentre_depth, float value, int nu, int nv, const Add& add) {
  fbp_transpose_sample<I>(flat_fbp_sample(h, isocentre_depth), value, nu, nv, add);
}

// The same for voxel (x, y, z) of any beam (fbp_backproject_beam_voxel's reads).
template <class Beam, Interpolation I, class Add>
PYRONN_HD void fbp_transpose_beam_voxel(const View3D& view, const Grid3D& g, int x, int y, int z, float value, int nu,
                                        int nv, const Add& add) {
  fbp_transpose_sample<I>(Beam::fbp_sample(project_column(view.matrix, g, x, y).at(z), view.matrix, fbp_extra(view)),
                          value, nu, nv, add);
}

}  // namespace pyronn
