#pragma once
// The rays of a block of host::simd_block neighbouring bins (2D) or detector pixels of a row (3D)
// of one view, as the host's vector forms of Joseph's method take them: set up by the scalar
// kernels' own functions (to_index_space), then one lane per ray, so that every lane computes a
// crossing with the scalar's arithmetic (cross_major_line, cross_major_plane). The forward blocks
// (joseph_2d_rows.hpp, joseph_3d_rows.hpp) and the scatter blocks (joseph_2d_scatter_rows.hpp,
// joseph_3d_scatter_rows.hpp) share them. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/joseph_2d.hpp>
#include <pyronn/kernels/joseph_3d.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace lanes {

// Lanes [at, at + lanes of F) of a block's field, as an F.
template <class F, class T>
PYRONN_LANE void load(const T* field, int at, F& out) {
  std::memcpy(&out, field + at, sizeof out);
}

// The 2D rays of bins u0 .. u0 + simd_block - 1, one array per field.
struct JosephRays2D {
  static constexpr int block = host::simd_block;
  IndexRay2D ray[block];
  float o_major[block], o_minor[block], d_minor[block], inverse[block], t_min[block], t_max[block], step[block];
  bool x_major;
};

// Sets rays up for bins u0 .. u0 + simd_block - 1; false where they do not share a major axis (fan
// beams near 45 degrees): the caller then goes ray by ray. (A free function: nvcc's front end takes
// a member call on the not yet set struct for a read of it.)
template <class Beam>
PYRONN_LANE bool set_up_rays(const View2D& view, int u0, const Grid2D& g, JosephRays2D& rays) {
  for (int k = 0; k < JosephRays2D::block; ++k) {
    const IndexRay2D& r = rays.ray[k] = to_index_space(Beam::ray(view, float(u0 + k)), g);
    if (r.x_major != rays.ray[0].x_major) return false;
    rays.o_major[k] = r.x_major ? r.origin.x : r.origin.y;
    rays.o_minor[k] = r.x_major ? r.origin.y : r.origin.x;
    rays.d_minor[k] = r.x_major ? r.dir.y : r.dir.x;
    rays.inverse[k] = r.inverse_major;
    rays.t_min[k] = r.t_min;
    rays.t_max[k] = r.t_max;
    rays.step[k] = r.step;
  }
  rays.x_major = rays.ray[0].x_major;
  return true;
}

// Lanes of JosephRays2D as F's.
template <class F>
struct JosephLanes2D {
  F o_major, o_minor, d_minor, inverse, t_min, t_max;

  PYRONN_LANE void load(const JosephRays2D& rays, int at) {
    lanes::load(rays.o_major, at, o_major);
    lanes::load(rays.o_minor, at, o_minor);
    lanes::load(rays.d_minor, at, d_minor);
    lanes::load(rays.inverse, at, inverse);
    lanes::load(rays.t_min, at, t_min);
    lanes::load(rays.t_max, at, t_max);
  }

  // cross_major_line's arithmetic: the minor coordinate at line, and the ray parameter t there.
  PYRONN_LANE void cross(int line, F& t, F& minor) const {
    t = (float(line) - o_major) * inverse;
    minor = o_minor + t * d_minor;
  }
};

// The 3D rays of pixels (u0 + k, v), k < simd_block, one array per field.
struct JosephRays3D {
  static constexpr int block = host::simd_block;
  IndexRay3D ray[block];
  float o_major[block], o_a[block], o_b[block], d_a[block], d_b[block], inverse[block], t_min[block], t_max[block],
      step[block];
  int major;
};

// Sets rays up for pixels (u0 + k, v), k < simd_block; false where they do not share a major axis:
// the caller then goes ray by ray.
template <class Beam>
PYRONN_LANE bool set_up_rays(const View3D& view, int u0, int v, const Grid3D& g, JosephRays3D& rays) {
  for (int k = 0; k < JosephRays3D::block; ++k) {
    const IndexRay3D& r = rays.ray[k] = to_index_space(Beam::ray(view, float(u0 + k), float(v)), g);
    if (r.major != rays.ray[0].major) return false;
    rays.o_major[k] = r.o_major;
    rays.o_a[k] = r.o_a;
    rays.o_b[k] = r.o_b;
    rays.d_a[k] = r.d_a;
    rays.d_b[k] = r.d_b;
    rays.inverse[k] = r.inverse_major;
    rays.t_min[k] = r.t_min;
    rays.t_max[k] = r.t_max;
    rays.step[k] = r.step;
  }
  rays.major = rays.ray[0].major;
  return true;
}

// Lanes of JosephRays3D as F's.
template <class F>
struct JosephLanes3D {
  F o_major, o_a, o_b, d_a, d_b, inverse, t_min, t_max;

  PYRONN_LANE void load(const JosephRays3D& rays, int at) {
    lanes::load(rays.o_major, at, o_major);
    lanes::load(rays.o_a, at, o_a);
    lanes::load(rays.o_b, at, o_b);
    lanes::load(rays.d_a, at, d_a);
    lanes::load(rays.d_b, at, d_b);
    lanes::load(rays.inverse, at, inverse);
    lanes::load(rays.t_min, at, t_min);
    lanes::load(rays.t_max, at, t_max);
  }

  // cross_major_plane's arithmetic: the in-plane coordinates at plane, and the ray parameter t there.
  PYRONN_LANE void cross(int plane, F& t, F& a, F& b) const {
    t = (float(plane) - o_major) * inverse;
    a = o_a + t * d_a;
    b = o_b + t * d_b;
  }
};

}  // namespace lanes
}  // namespace pyronn

PYRONN_SIMD_CODE_END
