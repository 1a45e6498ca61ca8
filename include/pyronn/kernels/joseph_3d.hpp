#pragma once
// Joseph's method in 3D, the model of RTK's and ASTRA's ray-driven cone-beam projectors: a ray
// crosses each voxel plane of its major axis once; the volume is interpolated bilinearly within
// that plane at the crossing, and each sample stands for the ray's length between two planes.
// One sample per plane crossed, where the ray march takes two trilinear samples per voxel. The
// forward projection (one ray, gathering), the per-voxel adjoint (joseph_adjoint_voxel, below) and
// the ray-driven scatter (joseph_3d_scatter.hpp) are written against the same crossing and weight
// functions, so they are each other's transposes by construction.

#include <pyronn/geometry/grid_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>
#include <pyronn/kernels/interpolation.hpp>
#include <pyronn/kernels/ray_march_3d.hpp>
#include <pyronn/kernels/support_range.hpp>

#include <cmath>

namespace pyronn {

// A ray in voxel-index coordinates, split into its major axis (the one it is steepest along, the
// planes it steps over) and the two others, a and b, in x, y, z order; t still in mm.
struct IndexRay3D {
  float o_major, o_a, o_b;  // origin
  float d_a, d_b;           // direction along a and b
  float inverse_major;      // 1 / direction along the major axis
  float step;               // mm of ray between two consecutive planes
  float t_min, t_max;
  int major;                // 0: x (a = y, b = z), 1: y (a = x, b = z), 2: z (a = x, b = y)
};

PYRONN_HD IndexRay3D to_index_space(const Ray3D& r, const Grid3D& g) {
  const vec3 o = g.to_index(r.origin);
  const vec3 d = {r.dir.x / g.spacing.x, r.dir.y / g.spacing.y, r.dir.z / g.spacing.z};
  const float ax = fabsf(d.x), ay = fabsf(d.y), az = fabsf(d.z);
  IndexRay3D out;
  if (ax >= ay && ax >= az) {
    out = {o.x, o.y, o.z, d.y, d.z, 1.f / d.x, 0.f, r.t_min, r.t_max, 0};
  } else if (ay >= az) {
    out = {o.y, o.x, o.z, d.x, d.z, 1.f / d.y, 0.f, r.t_min, r.t_max, 1};
  } else {
    out = {o.z, o.x, o.y, d.x, d.y, 1.f / d.z, 0.f, r.t_min, r.t_max, 2};
  }
  out.step = fabsf(out.inverse_major);
  return out;
}

// The grid's size along the major axis and along a and b of a ray with that major axis.
struct PlaneAxes {
  int n_major, n_a, n_b;
};
PYRONN_HD PlaneAxes plane_axes(int major, const Grid3D& g) {
  return major == 0 ? PlaneAxes{g.nx, g.ny, g.nz} : (major == 1 ? PlaneAxes{g.ny, g.nx, g.nz} : PlaneAxes{g.nz, g.nx, g.ny});
}

// Where the ray crosses plane k of its major axis, as coordinates (a, b) within it; false where
// that crossing lies outside the ray's [t_min, t_max].
PYRONN_HD bool cross_major_plane(const IndexRay3D& r, int k, float& a, float& b) {
  const float t = (float(k) - r.o_major) * r.inverse_major;
  a = r.o_a + t * r.d_a;
  b = r.o_b + t * r.d_b;
  return t >= r.t_min && t <= r.t_max;
}

// Is (a, b) where bilinear interpolation within a plane reads anything (the open square of the
// samplers' support, as ArraySampler3D::in_plane)? Also false for NaN.
PYRONN_HD bool in_plane_support(float a, float b, const PlaneAxes& n) {
  return a > -1.f && a < float(n.n_a) && b > -1.f && b < float(n.n_b);
}

// The planes [first, last] whose crossing can lie in the support (support_range.hpp); empty
// (first > last) when the ray misses the volume.
PYRONN_HD void planes_in_support(const IndexRay3D& r, const PlaneAxes& n, int& first, int& last) {
  LineRange range = all_lines(n.n_major);
  range.narrow(r.o_major, r.o_a, r.d_a * r.inverse_major, float(n.n_a));
  range.narrow(r.o_major, r.o_b, r.d_b * r.inverse_major, float(n.n_b));
  range.lines(n.n_major, first, last);
}

// Line integral (mm x value) along the ray of pixel (u, v). Sampler: in_plane(major, k, a, b) as
// ArraySampler3D or the CUDA texture sampler.
template <class Beam, class Sampler>
PYRONN_HD float joseph_forward_ray_3d(const View3D& view, float u, float v, const Grid3D& g, const Sampler& volume) {
  const IndexRay3D r = to_index_space(Beam::ray(view, u, v), g);
  const PlaneAxes n = plane_axes(r.major, g);
  int first, last;
  planes_in_support(r, n, first, last);
  float sum = 0.f;
  for (int k = first; k <= last; ++k) {
    float a, b;
    if (cross_major_plane(r, k, a, b) && in_plane_support(a, b, n)) sum += volume.in_plane(r.major, k, a, b);
  }
  return sum * r.step;
}

// The transpose of joseph_forward_ray_3d for one voxel and one view: the sum over the view's
// pixels of projection(u, v) times the weight with which ray (u, v) sampled voxel (x, y, z). A
// ray reads the voxel only in the voxel's own plane of the ray's major axis: one crossing per
// candidate ray.
template <class Beam, Interpolation I>
PYRONN_HD float joseph_adjoint_voxel(const View3D& view, const float* projection, int nu, int nv, const Grid3D& g, int x,
                                     int y, int z) {
  const PixelRect rays = voxel_rays<Beam>(view, g, nu, nv, x, y, z);
  float sum = 0.f;
  for (int v = rays.v_first; v <= rays.v_last; ++v)
    for (int u = rays.u_first; u <= rays.u_last; ++u) {
      const IndexRay3D r = to_index_space(Beam::ray(view, float(u), float(v)), g);
      const int k = r.major == 0 ? x : (r.major == 1 ? y : z);
      const int i_a = r.major == 0 ? y : x, i_b = r.major == 2 ? y : z;
      float a, b;
      if (!cross_major_plane(r, k, a, b) || !in_plane_support(a, b, plane_axes(r.major, g))) continue;
      sum += axis_weight<I>(a, i_a) * axis_weight<I>(b, i_b) * r.step * projection[v * nu + u];
    }
  return sum;
}

}  // namespace pyronn
