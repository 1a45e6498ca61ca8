#pragma once
// The kernel-side description of a 3D voxel grid and of one view of a 3D scan: plain values,
// passed to kernels by value or read from device memory.

#include <pyronn/core/vec3.hpp>

namespace pyronn {

// A row-major [nz][ny][nx] volume; voxel (x, y, z) has its centre at origin + (x, y, z) * spacing.
struct Grid3D {
  int nx, ny, nz;
  vec3 spacing;  // mm
  vec3 origin;   // mm, centre of voxel (0, 0, 0)

  PYRONN_HD vec3 world(float x, float y, float z) const {
    return {origin.x + x * spacing.x, origin.y + y * spacing.y, origin.z + z * spacing.z};
  }
  PYRONN_HD vec3 to_index(vec3 p) const {
    return {(p.x - origin.x) / spacing.x, (p.y - origin.y) / spacing.y, (p.z - origin.z) / spacing.z};
  }
};

// One view in the canonical form every 3D kernel reads.
//  - matrix: the 3x4 projection matrix, row-major, mapping world mm (x, y, z, 1) to (u w, v w, w)
//    with (u, v) the detector pixel; w is the depth in mm in front of the source for cone beams
//    (the matrix is scaled so), and 1 for parallel beams.
//  - cone beams: rays start at `source`; the ray of pixel (u, v) runs along the direction
//    det_origin + u * det_u + v * det_v (directions, relative to the source).
//  - parallel beams: the ray of pixel (u, v) passes through the point det_origin + u * det_u +
//    v * det_v and runs along `ray`; `source` is unused.
struct View3D {
  float matrix[12];
  vec3 source;
  vec3 ray;
  vec3 det_origin, det_u, det_v;
};

}  // namespace pyronn
