#pragma once
// The voxel-driven, distance-weighted backprojection of FDK (cone) and FBP (parallel 3D): each
// voxel reads every view's filtered projection where it lands on the detector, weighted by the
// distance weight (1/w^2 scaled to the isocentre for cone beams). NOT the adjoint of the
// forward projection (that is ray_march_adjoint_voxel); it is what FDK integrates.

#include <pyronn/geometry/grid_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>

namespace pyronn {

// A view's 3x4 matrix applied along the z column of voxels (x, y, .): (u w, v w, w) of voxel
// (x, y, z) is base + z * step. Walking the column costs three multiply-adds a voxel instead of
// twelve, which is why the GPU kernel gives each thread several z voxels; the host
// uses the same arithmetic so that the two drivers agree.
struct ColumnProjection {
  vec3 base, step;
  PYRONN_HD vec3 at(int z) const { return base + float(z) * step; }
};

// matrix: 12 floats, row-major (View3D::matrix).
PYRONN_HD ColumnProjection project_column(const float* m, const Grid3D& g, int x, int y) {
  const vec3 p = g.world(float(x), float(y), 0.f);
  return {{m[0] * p.x + m[1] * p.y + m[2] * p.z + m[3], m[4] * p.x + m[5] * p.y + m[6] * p.z + m[7],
           m[8] * p.x + m[9] * p.y + m[10] * p.z + m[11]},
          {m[2] * g.spacing.z, m[6] * g.spacing.z, m[10] * g.spacing.z}};
}

// The extra per-view values a beam's fbp_sample reads besides the matrix (View3D::det_u's first
// two entries: the cylindrical detector's angular step and row offset; unused by flat detectors).
PYRONN_HD vec2 fbp_extra(const View3D& view) { return {view.det_u.x, view.det_u.y}; }

// One view's contribution at a point where the view reads s (Beam::fbp_sample). Sampler reads
// that view's projection [V][U]: bilinear(u, v).
template <class Sampler>
PYRONN_HD float fbp_backproject_sample(const FbpSample3D& s, const Sampler& projection) {
  return s.weight * projection.bilinear(s.u, s.v);
}

// One view's contribution to the voxel whose homogeneous detector point is h, for flat detectors.
// One body serves both flat beams: the cone matrix is scaled so that w is the depth in mm, making
// (D / w)^2 with D = matrix[11], the isocentre's depth, FDK's distance weight (Feldkamp et al.
// 1984); the parallel matrix has w = D = 1, so its weight is 1.
template <class Sampler>
PYRONN_HD float fbp_backproject_point(vec3 h, float isocentre_depth, const Sampler& projection) {
  return fbp_backproject_sample(flat_fbp_sample(h, isocentre_depth), projection);
}

// The same for voxel (x, y, z) of any beam: the matrix gives h, the beam how to read it.
template <class Beam, class Sampler>
PYRONN_HD float fbp_backproject_beam_voxel(const View3D& view, const Grid3D& g, int x, int y, int z,
                                           const Sampler& projection) {
  return fbp_backproject_sample(Beam::fbp_sample(project_column(view.matrix, g, x, y).at(z), view.matrix, fbp_extra(view)),
                                projection);
}

// The same for voxel (x, y, z) of a flat detector.
template <class Sampler>
PYRONN_HD float fbp_backproject_voxel(const View3D& view, const Grid3D& g, int x, int y, int z,
                                      const Sampler& projection) {
  return fbp_backproject_beam_voxel<ConeBeam3D>(view, g, x, y, z, projection);
}

}  // namespace pyronn
