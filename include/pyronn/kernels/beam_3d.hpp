#pragma once
// 3D ray models: how a view's detector pixel becomes a ray, and where a world point lands on the
// detector. Both read View3D; a new 3D geometry is a new way of filling View3D, not a new kernel.

#include <pyronn/core/vec.hpp>
#include <pyronn/core/vec3.hpp>
#include <pyronn/geometry/grid_3d.hpp>

#include <cfloat>

namespace pyronn {

// origin + t * dir with unit dir, t in mm, restricted to [t_min, t_max].
struct Ray3D {
  vec3 origin;
  vec3 dir;
  float t_min, t_max;
};

// (u w, v w, w) of world point p.
PYRONN_HD vec3 apply_matrix(const View3D& v, vec3 p) {
  const float* m = v.matrix;
  return {m[0] * p.x + m[1] * p.y + m[2] * p.z + m[3], m[4] * p.x + m[5] * p.y + m[6] * p.z + m[7],
          m[8] * p.x + m[9] * p.y + m[10] * p.z + m[11]};
}

// Detector pixel coordinates (u, v) of world point p.
PYRONN_HD vec2 detector_coordinates(const View3D& v, vec3 p) {
  const vec3 h = apply_matrix(v, p);
  return {h.x / h.z, h.y / h.z};
}

struct ConeBeam3D {
  // From the source through pixel (u, v), into the half-space in front of the source.
  PYRONN_HD static Ray3D ray(const View3D& view, float u, float v) {
    const vec3 d = view.det_origin + u * view.det_u + v * view.det_v;
    return {view.source, (1.f / norm(d)) * d, 0.f, FLT_MAX};
  }
  PYRONN_HD static vec2 detector_coordinate(const View3D& v, vec3 p) { return detector_coordinates(v, p); }
};

struct ParallelBeam3D {
  PYRONN_HD static Ray3D ray(const View3D& view, float u, float v) {
    return {view.det_origin + u * view.det_u + v * view.det_v, view.ray, -FLT_MAX, FLT_MAX};
  }
  PYRONN_HD static vec2 detector_coordinate(const View3D& v, vec3 p) { return detector_coordinates(v, p); }
};

}  // namespace pyronn
