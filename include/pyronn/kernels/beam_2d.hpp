#pragma once
// Ray models: how a view's detector bin becomes a ray, and where a world point lands on the
// detector. Kernels are templated on these, so a new 2D geometry is a new model, not a new kernel.

#include <pyronn/core/vec.hpp>
#include <pyronn/geometry/grid_2d.hpp>

#include <cfloat>
#include <cmath>

namespace pyronn {

// A ray origin + t * dir with unit dir, t in mm, restricted to [t_min, t_max].
struct Ray2D {
  vec2 origin;
  vec2 dir;
  float t_min, t_max;
};

struct ParallelBeam2D {
  PYRONN_HD static Ray2D ray(const View2D& v, float u) {
    return {v.det_origin + u * v.det_u, v.ray, -FLT_MAX, FLT_MAX};
  }
  // Orthogonal projection of p onto the detector line, in bins.
  PYRONN_HD static float detector_coordinate(const View2D& v, vec2 p) {
    return dot(p - v.det_origin, v.det_u) / dot(v.det_u, v.det_u);
  }
  // Distance weight of the FBP backprojection: none for parallel beams.
  PYRONN_HD static float fbp_weight(const View2D&, vec2) { return 1.f; }
};

struct FanBeam2D {
  // From the source to bin u's centre, and no further.
  PYRONN_HD static Ray2D ray(const View2D& v, float u) {
    const vec2 w = v.det_origin + u * v.det_u - v.source;
    const float length = norm(w);
    return {v.source, (1.f / length) * w, 0.f, length};
  }
  // Central projection of p from the source onto the detector line, in bins: solves
  // source + s * (p - source) = det_origin + u * det_u.
  PYRONN_HD static float detector_coordinate(const View2D& v, vec2 p) {
    const vec2 w = p - v.source;
    return cross(w, v.det_origin - v.source) / cross(v.det_u, w);
  }
  // (D / U)^2, D the source-isocentre distance and U the distance of p from the source along the
  // central ray: the fan-beam FBP weight (Kak & Slaney, eq. 3.90).
  PYRONN_HD static float fbp_weight(const View2D& v, vec2 p) {
    const float d = -dot(v.source, v.ray);
    const float u = dot(p - v.source, v.ray);
    const float ratio = d / u;
    return ratio * ratio;
  }
};

// A fan beam onto an equiangular (arc) detector: the bins lie on a circle about the source, at
// equal angles. View2D reads: `source`; `ray` the central ray; `det_origin` bin 0's centre (as
// for the flat detector), so the arc's radius is |det_origin - source|; det_u.x the angle (rad)
// from one bin to the next as seen from the source, positive turning from det_origin - source
// towards perp(det_origin - source); det_u.y unused (0).
struct ArcFanBeam2D {
  // From the source to bin u's centre, at angle u * det_u.x from bin 0, and no further.
  PYRONN_HD static Ray2D ray(const View2D& v, float u) {
    const vec2 d0 = v.det_origin - v.source;
    const float length = norm(d0), angle = u * v.det_u.x;
    const float c = cosf(angle), s = sinf(angle);
    const vec2 w = c * d0 + s * perp(d0);
    return {v.source, (1.f / length) * w, 0.f, length};
  }
  // The angle of p seen from the source, from bin 0, in bins: the bin whose ray passes through p.
  PYRONN_HD static float detector_coordinate(const View2D& v, vec2 p) {
    const vec2 d0 = v.det_origin - v.source, w = p - v.source;
    return atan2f(cross(d0, w), dot(d0, w)) / v.det_u.x;
  }
  // (D / L)^2, D the source-isocentre distance along the central ray and L the distance from the
  // source to p: the equiangular fan-beam FBP weight 1 / L^2 (Kak & Slaney, eq. 3.67), scaled by
  // D^2 as the flat detector's is, because the filter runs at the isocentre's arc spacing.
  PYRONN_HD static float fbp_weight(const View2D& v, vec2 p) {
    const float d = -dot(v.source, v.ray);
    const vec2 w = p - v.source;
    return d * d / dot(w, w);
  }
};

}  // namespace pyronn
