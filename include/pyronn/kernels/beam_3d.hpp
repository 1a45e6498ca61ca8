#pragma once
// 3D ray models: how a view's detector pixel becomes a ray, and where a world point lands on the
// detector. Both read View3D; a new 3D geometry is a new way of filling View3D, not a new kernel.

#include <pyronn/core/vec.hpp>
#include <pyronn/core/vec3.hpp>
#include <pyronn/geometry/grid_3d.hpp>

#include <cfloat>
#include <cmath>

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

// Where the FDK/FBP backprojection reads a view for a world point whose matrix image is h, and
// with what distance weight.
struct FbpSample3D {
  float u, v, weight;
};

// Flat detectors: (u, v) = (h.x / h.z, h.y / h.z) and weight (D / w)^2, D the isocentre's depth
// (matrix[11]; 1 for parallel beams, whose w is 1).
PYRONN_HD FbpSample3D flat_fbp_sample(vec3 h, float isocentre_depth) {
  const float inverse_depth = 1.f / h.z;
  const float ratio = isocentre_depth * inverse_depth;
  return {h.x * inverse_depth, h.y * inverse_depth, ratio * ratio};
}

// 1 / sqrt(x), the same on the host and the device.
PYRONN_HD float rsqrt_hd(float x) { return 1.f / sqrtf(x); }

struct ConeBeam3D {
  // From the source through pixel (u, v), into the half-space in front of the source.
  PYRONN_HD static Ray3D ray(const View3D& view, float u, float v) {
    const vec3 d = view.det_origin + u * view.det_u + v * view.det_v;
    return {view.source, (1.f / norm(d)) * d, 0.f, FLT_MAX};
  }
  PYRONN_HD static vec2 detector_coordinate(const View3D& v, vec3 p) { return detector_coordinates(v, p); }
  PYRONN_HD static FbpSample3D fbp_sample(vec3 h, const float* matrix, vec2) { return flat_fbp_sample(h, matrix[11]); }
  // The corners' shadow already bounds a box's (a flat detector's mapping is projective).
  PYRONN_HD static void widen_shadow(const View3D&, vec3, vec3, float&, float&) {}
};

struct ParallelBeam3D {
  PYRONN_HD static Ray3D ray(const View3D& view, float u, float v) {
    return {view.det_origin + u * view.det_u + v * view.det_v, view.ray, -FLT_MAX, FLT_MAX};
  }
  PYRONN_HD static vec2 detector_coordinate(const View3D& v, vec3 p) { return detector_coordinates(v, p); }
  PYRONN_HD static FbpSample3D fbp_sample(vec3 h, const float* matrix, vec2) { return flat_fbp_sample(h, matrix[11]); }
  PYRONN_HD static void widen_shadow(const View3D&, vec3, vec3, float&, float&) {}
};

// A cone beam onto a cylindrical detector, as clinical CT scanners have: the cylinder's axis runs
// through the source along the rotation axis (world z), its columns lie at equal angles about
// that axis and its rows at equal heights along it. View3D reads:
//  - source; ray the central ray (unit, perpendicular to the axis);
//  - det_origin: the vector from the source to pixel (0, 0)'s centre, so the cylinder's radius
//    is its part perpendicular to the axis, h0;
//  - det_v: the step from one row to the next (mm, along the axis, e = det_v / |det_v|);
//  - det_u.x: the angle (rad) from one column to the next about e, positive turning h0 towards
//    e x h0; det_u.y: v0, the row of the axis-height 0 (-(e . det_origin) / |det_v|);
//  - matrix: rows (e x h0, (R / |det_v|) e, h0) / (|h0| D) applied to X - source (R = |h0|, D the
//    source-isocentre distance), so for a world point (a, b, c) = matrix (X, 1): column
//    atan2(a, c) / det_u.x, row b / r + v0 with r = sqrt(a^2 + c^2) = the point's distance from
//    the axis over D.
struct CylindricalConeBeam3D {
  // From the source through pixel (u, v): column u's direction about the axis, at row v's height.
  PYRONN_HD static Ray3D ray(const View3D& view, float u, float v) {
    const vec3 e = (1.f / norm(view.det_v)) * view.det_v;
    const float height = dot(view.det_origin, e);
    const vec3 h0 = view.det_origin - height * e;
    const float angle = u * view.det_u.x;
    const vec3 d = cosf(angle) * h0 + sinf(angle) * cross(e, h0) + height * e + v * view.det_v;
    return {view.source, (1.f / norm(d)) * d, 0.f, FLT_MAX};
  }
  PYRONN_HD static vec2 detector_coordinate(const View3D& v, vec3 p) {
    const FbpSample3D s = fbp_sample(apply_matrix(v, p), v.matrix, vec2{v.det_u.x, v.det_u.y});
    return {s.u, s.v};
  }
  // extra: (det_u.x, det_u.y), the angular step and v0. The weight is (D / r)^2 with r the
  // point's distance from the axis: the fan-beam 1 / L^2 of each row's fan (Kak & Slaney eq.
  // 3.67), scaled by D^2 as the flat detector's is.
  PYRONN_HD static FbpSample3D fbp_sample(vec3 h, const float*, vec2 extra) {
    const float r2 = h.x * h.x + h.z * h.z;
    return {atan2f(h.x, h.z) / extra.x, h.y * rsqrt_hd(r2) + extra.y, 1.f / r2};
  }
  // A box's rows reach their extremes where it comes closest to the axis, which may lie inside a
  // face rather than at a corner: widen [v_lo, v_hi] by every corner's height read at that
  // distance. lo, hi: the box's world corners. Rows 0 and 2 of the matrix are perpendicular to
  // the axis (world z), so the closest point is the source clamped to the box in x and y.
  PYRONN_HD static void widen_shadow(const View3D& view, vec3 lo, vec3 hi, float& v_lo, float& v_hi) {
    const vec3 closest = {fminf(fmaxf(view.source.x, lo.x), hi.x), fminf(fmaxf(view.source.y, lo.y), hi.y), lo.z};
    const vec3 hc = apply_matrix(view, closest);
    const float inverse_r = rsqrt_hd(hc.x * hc.x + hc.z * hc.z);
    for (int corner = 0; corner < 8; ++corner) {
      const vec3 p = {corner & 1 ? hi.x : lo.x, corner & 2 ? hi.y : lo.y, corner & 4 ? hi.z : lo.z};
      const float v = apply_matrix(view, p).y * inverse_r + view.det_u.y;
      v_lo = fminf(v_lo, v), v_hi = fmaxf(v_hi, v);
    }
  }
};

}  // namespace pyronn
