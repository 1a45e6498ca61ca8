#pragma once
// The voxel-driven, distance-weighted backprojection of FDK (cone) and FBP (parallel 3D): each
// voxel reads every view's filtered projection where it lands on the detector, weighted by the
// beam's distance weight (1/w^2 scaled to the isocentre for cone beams). NOT the adjoint of the
// forward projection (that is ray_march_adjoint_voxel); it is what FDK integrates.

#include <pyronn/geometry/grid_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>

namespace pyronn {

// One view's contribution to voxel (x, y, z). Sampler reads that view's projection [V][U]:
// bilinear(u, v).
template <class Beam, class Sampler>
PYRONN_HD float fbp_backproject_voxel(const View3D& view, const Grid3D& g, int x, int y, int z,
                                      const Sampler& projection) {
  const vec3 p = g.world(float(x), float(y), float(z));
  const vec2 d = Beam::detector_coordinate(view, p);
  return Beam::fbp_weight(view, p) * projection.bilinear(d.x, d.y);
}

}  // namespace pyronn
