#pragma once
// Ray-driven 3D forward projection by ray marching: the line integral of the volume's trilinear
// interpolant (zero outside the volume), by the midpoint rule. A ray is clipped to the box where
// the interpolant can be non-zero, that chord is cut into the fewest equal steps no longer than
// the step size, and the interpolant is sampled at each step's midpoint. Sample positions depend
// only on the ray, so the exact adjoint (one voxel, gathering from every ray that sampled it)
// recomputes them with the same functions: the two are each other's transpose by construction,
// and the adjoint needs no atomics, so it is deterministic.

#include <pyronn/geometry/grid_3d.hpp>
#include <pyronn/kernels/array_sampler_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>
#include <pyronn/kernels/interpolation.hpp>

#include <cmath>

namespace pyronn {

// The most samples one ray may take: float counts integers exactly up to 2^24, and a ray's work
// stays bounded (a GPU thread finishes in well under a second).
constexpr int max_samples_per_ray = 1 << 24;

// A ray's samples in voxel-index coordinates: sample k lies at origin + (t0 + (k + 0.5) dt) dir,
// k in [0, count); t and dt in mm.
struct RaySamples3D {
  vec3 origin, dir;
  float t0, dt;
  int count;

  PYRONN_HD vec3 position(int k) const { return origin + (t0 + (float(k) + 0.5f) * dt) * dir; }
};

// The part of origin + t dir inside the open box (lo, hi), as [t_enter, t_leave]; false if none.
PYRONN_HD bool clip_to_box(vec3 origin, vec3 dir, vec3 lo, vec3 hi, float& t_enter, float& t_leave) {
  const float o[3] = {origin.x, origin.y, origin.z}, d[3] = {dir.x, dir.y, dir.z};
  const float l[3] = {lo.x, lo.y, lo.z}, h[3] = {hi.x, hi.y, hi.z};
  for (int a = 0; a < 3; ++a) {
    if (d[a] == 0.f) {
      if (!(o[a] > l[a] && o[a] < h[a])) return false;
      continue;
    }
    const float t1 = (l[a] - o[a]) / d[a], t2 = (h[a] - o[a]) / d[a];
    t_enter = fmaxf(t_enter, fminf(t1, t2));
    t_leave = fminf(t_leave, fmaxf(t1, t2));
  }
  return t_enter < t_leave;
}

// step: the longest step in mm.
PYRONN_HD RaySamples3D sample_ray(const Ray3D& ray, const Grid3D& g, float step) {
  RaySamples3D s;
  s.origin = g.to_index(ray.origin);
  s.dir = {ray.dir.x / g.spacing.x, ray.dir.y / g.spacing.y, ray.dir.z / g.spacing.z};
  float t_enter = ray.t_min, t_leave = ray.t_max;
  if (!clip_to_box(s.origin, s.dir, vec3{-1.f, -1.f, -1.f}, vec3{float(g.nx), float(g.ny), float(g.nz)}, t_enter,
                   t_leave)) {
    s.t0 = s.dt = 0.f;
    s.count = 0;
    return s;
  }
  // Clamped in float before the conversion, which is undefined for counts beyond int (and NaN
  // becomes 1): projectors refuse steps that need more (ray_step_mm), so only rounding reaches it.
  s.count = int(fminf(fmaxf(ceilf((t_leave - t_enter) / step), 1.f), float(max_samples_per_ray)));
  s.t0 = t_enter;
  s.dt = (t_leave - t_enter) / float(s.count);
  return s;
}

// Line integral (mm x value) along the ray of pixel (u, v). Sampler: trilinear(x, y, z) in voxel
// indices, as ArraySampler3D or the CUDA texture sampler.
template <class Beam, class Sampler>
PYRONN_HD float ray_march_forward(const View3D& view, float u, float v, const Grid3D& g, float step,
                                  const Sampler& volume) {
  const RaySamples3D s = sample_ray(Beam::ray(view, u, v), g, step);
  float sum = 0.f;
  for (int k = 0; k < s.count; ++k) {
    const vec3 p = s.position(k);
    sum += volume.trilinear(p.x, p.y, p.z);
  }
  return sum * s.dt;
}

// Where the gather adjoint gets the samples of a view's ray (u, v): computed on the spot, or read
// from any table of the view's rays made by the same sample_ray (the GPU's tiles keep one in
// shared memory, SharedRays). Both give the same numbers.
template <class Beam>
struct ComputedRays {
  const View3D* view;
  Grid3D grid;
  float step;
  PYRONN_HD RaySamples3D operator()(int u, int v) const { return sample_ray(Beam::ray(*view, float(u), float(v)), grid, step); }
};

// The detector-coordinate bounds (u_lo, u_hi, v_lo, v_hi) of the shadow of the box whose corners
// are the voxel centres lo and hi: the bounding rectangle of its eight projected corners (the box
// lies in front of the source, so a flat detector's shadow is their convex hull; a curved
// detector widens it, Beam::widen_shadow). All NaN if a corner has no
// detector coordinate (fminf and fmaxf would silently drop it).
struct Shadow {
  float u_lo, u_hi, v_lo, v_hi;
};
template <class Beam>
PYRONN_HD Shadow shadow_of_box(const View3D& view, const Grid3D& g, int x_lo, int y_lo, int z_lo, int x_hi, int y_hi,
                               int z_hi) {
  Shadow s{FLT_MAX, -FLT_MAX, FLT_MAX, -FLT_MAX};
  for (int corner = 0; corner < 8; ++corner) {
    const vec3 p = g.world(float(corner & 1 ? x_hi : x_lo), float(corner & 2 ? y_hi : y_lo), float(corner & 4 ? z_hi : z_lo));
    const vec2 d = Beam::detector_coordinate(view, p);
    if (d.x != d.x || d.y != d.y) return {NAN, NAN, NAN, NAN};
    s.u_lo = fminf(s.u_lo, d.x), s.u_hi = fmaxf(s.u_hi, d.x), s.v_lo = fminf(s.v_lo, d.y), s.v_hi = fmaxf(s.v_hi, d.y);
  }
  // Curved detectors: where the corners alone do not bound the shadow (a no-op for flat ones).
  Beam::widen_shadow(view, g.world(float(x_lo), float(y_lo), float(z_lo)), g.world(float(x_hi), float(y_hi), float(z_hi)),
                     s.v_lo, s.v_hi);
  return s;
}

// The GPU adjoint's tiles: blocks of 8 x 8 x 4 voxels that set up, once per view, the rays their
// voxels can have been sampled by (those in the tile's shadow), for every voxel to read.
struct AdjointTile {
  static constexpr int nx = 8, ny = 8, nz = 4, threads = nx * ny * nz;
  static constexpr int max_rays = 1024;  // 36 KiB of shared memory; larger shadows set rays up per voxel
};

// Detector pixels [u_first, u_last] x [v_first, v_last]; finite is false where the shadow it came
// from had no coordinates (NaN), and then the rectangle means nothing.
struct PixelRect {
  int u_first, u_last, v_first, v_last;
  bool finite;
  PYRONN_HD bool empty() const { return u_first > u_last || v_first > v_last; }
  PYRONN_HD int width() const { return u_last - u_first + 1; }
  PYRONN_HD int count() const { return empty() ? 0 : width() * (v_last - v_first + 1); }
};

// A detector coordinate clamped to [-2, n + 1]: the same pixels once clamped to [0, n - 1] with a
// pixel of slack, and safe to convert to int.
PYRONN_HD float near_detector(float coordinate, int n) { return fminf(fmaxf(coordinate, -2.f), float(n + 1)); }

// Every ray that ray_march_adjoint_voxel reads for a voxel of the tile [x0, x1] x [y0, y1] x
// [z0, z1] (inclusive): the shadow of the tile's neighbour box holds each voxel's, and one pixel
// more on each side covers rounding in corners that lie on its edge; clamped to the detector.
// Empty when no voxel of the tile reads any ray of this view.
template <class Beam>
PYRONN_HD PixelRect tile_rays(const View3D& view, const Grid3D& g, int nu, int nv, int x0, int y0, int z0, int x1,
                              int y1, int z1) {
  const Shadow s = shadow_of_box<Beam>(view, g, x0 - 1, y0 - 1, z0 - 1, x1 + 1, y1 + 1, z1 + 1);
  const int u_first = int(floorf(near_detector(s.u_lo, nu))) - 1, u_last = int(ceilf(near_detector(s.u_hi, nu))) + 1;
  const int v_first = int(floorf(near_detector(s.v_lo, nv))) - 1, v_last = int(ceilf(near_detector(s.v_hi, nv))) + 1;
  return {u_first > 0 ? u_first : 0, u_last < nu - 1 ? u_last : nu - 1, v_first > 0 ? v_first : 0,
          v_last < nv - 1 ? v_last : nv - 1, s.u_lo == s.u_lo};
}

// The detector pixels whose rays can have sampled voxel (x, y, z), by either 3D model (ray march
// or Joseph): a sample reads the voxel only from strictly inside the open box of its neighbours'
// centres, so the rays hit the detector inside that box's shadow. Widened by a margin against rounding in the corners'
// coordinates (rays it lets in get weight 0 from the exact tests) and clipped to the detector;
// empty where the shadow misses it or has no coordinates (NaN).
template <class Beam>
PYRONN_HD PixelRect voxel_rays(const View3D& view, const Grid3D& g, int nu, int nv, int x, int y, int z) {
  const Shadow s = shadow_of_box<Beam>(view, g, x - 1, y - 1, z - 1, x + 1, y + 1, z + 1);
  if (!(s.u_hi >= -1.f && s.u_lo <= float(nu) && s.v_hi >= -1.f && s.v_lo <= float(nv))) return {0, -1, 0, -1, true};
  const float margin = 1e-3f;
  return {int(ceilf(fmaxf(s.u_lo - margin, 0.f))), int(floorf(fminf(s.u_hi + margin, float(nu - 1)))),
          int(ceilf(fmaxf(s.v_lo - margin, 0.f))), int(floorf(fminf(s.v_hi + margin, float(nv - 1)))), true};
}

// The transpose of ray_march_forward for one voxel and one view: the sum over the view's pixels
// of projection(u, v) times the weight with which ray (u, v) sampled voxel (x, y, z). Only rays
// through the open box of the voxel's neighbours' centres, (x +- 1, y +- 1, z +- 1), can have
// sampled it; they hit the detector inside the box's shadow (voxel_rays). Rays: ComputedRays,
// SharedRays (cuda/kernels_3d.cuh) or any other table of this view's rays made by sample_ray.
template <class Beam, Interpolation I, class Rays>
PYRONN_HD float ray_march_adjoint_voxel(const View3D& view, const Rays& rays, const float* projection, int nu, int nv,
                                        const Grid3D& g, int x, int y, int z) {
  const PixelRect candidates = voxel_rays<Beam>(view, g, nu, nv, x, y, z);
  const float margin = 1e-3f;  // against rounding in the sample range; samples it lets in get weight 0
  const vec3 lo = {float(x - 1), float(y - 1), float(z - 1)}, hi = {float(x + 1), float(y + 1), float(z + 1)};
  float sum = 0.f;
  for (int v = candidates.v_first; v <= candidates.v_last; ++v)
    for (int u = candidates.u_first; u <= candidates.u_last; ++u) {
      const RaySamples3D& s = rays(u, v);
      if (s.count == 0) continue;
      float t_enter = s.t0, t_leave = s.t0 + float(s.count) * s.dt;
      if (!clip_to_box(s.origin, s.dir, lo, hi, t_enter, t_leave)) continue;
      const int k_first = int(ceilf(fmaxf((t_enter - s.t0) / s.dt - 0.5f - margin, 0.f)));
      const int k_last = int(floorf(fminf((t_leave - s.t0) / s.dt - 0.5f + margin, float(s.count - 1))));
      float weight = 0.f;
      for (int k = k_first; k <= k_last; ++k) {
        const vec3 p = s.position(k);
        weight += axis_weight<I>(p.x, x) * axis_weight<I>(p.y, y) * axis_weight<I>(p.z, z);
      }
      sum += weight * s.dt * projection[v * nu + u];
    }
  return sum;
}

// The same with each candidate ray set up on the spot.
template <class Beam, Interpolation I>
PYRONN_HD float ray_march_adjoint_voxel(const View3D& view, const float* projection, int nu, int nv, const Grid3D& g,
                                        float step, int x, int y, int z) {
  return ray_march_adjoint_voxel<Beam, I>(view, ComputedRays<Beam>{&view, g, step}, projection, nu, nv, g, x, y, z);
}

}  // namespace pyronn
