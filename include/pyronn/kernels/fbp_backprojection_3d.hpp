#pragma once
// The voxel-driven, distance-weighted backprojection of FDK (cone) and FBP (parallel 3D): each
// voxel reads every view's filtered projection where it lands on the detector, weighted by the
// distance weight (1/w^2 scaled to the isocentre for cone beams). NOT the adjoint of the
// forward projection (that is ray_march_adjoint_voxel); it is what FDK integrates.

#include <pyronn/geometry/grid_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>

namespace pyronn {

// One view's contribution to voxel (x, y, z). Sampler reads that view's projection [V][U]:
// bilinear(u, v). One body serves both beams: the cone matrix is scaled so that w is the depth
// in mm, making (D / w)^2 with D = matrix[11], the isocentre's depth, FDK's distance weight
// (Feldkamp et al. 1984); the parallel matrix has w = D = 1, so its weight is 1.
template <class Sampler>
PYRONN_HD float fbp_backproject_voxel(const View3D& view, const Grid3D& g, int x, int y, int z,
                                      const Sampler& projection) {
  const vec3 h = apply_matrix(view, g.world(float(x), float(y), float(z)));
  const float inverse_depth = 1.f / h.z;
  const float ratio = view.matrix[11] * inverse_depth;
  return ratio * ratio * projection.bilinear(h.x * inverse_depth, h.y * inverse_depth);
}

}  // namespace pyronn
