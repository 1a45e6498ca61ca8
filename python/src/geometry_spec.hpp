// A geometry as plain numbers, the form in which it crosses into the operators so that PyTorch
// and JAX can trace it (python/pyronn/geometry.py builds it):
//
//   params  = [kind, constructor arguments..., origins...]
//     2D: ny, nx, sy, sx, nu, du, views, range, [sdd, sid],                  then oy, ox, ou
//     3D: nz, ny, nx, sz, sy, sx, nv, nu, dv, du, views, range, [sdd, sid],  then oz, oy, ox, ov, ou
//   (the curved detectors, kinds 8 and 9, as the fan and cone beams: sdd and sid included)
//   vectors = the caller's per-view vectors as given to the setter, flattened, or empty for the
//             default circular scan: central rays [views][2] (2D), ray vectors [views][3]
//             (parallel 3D), projection matrices [views][3][4] (cone).
//
//   Vector geometries (geometry/vector_2d.hpp, vector_3d.hpp):
//     2D: ny, nx, sy, sx, nu, views, angular_increment,              then oy, ox
//     3D: nz, ny, nx, sz, sy, sx, nv, nu, views, angular_increment,  then oz, oy, ox
//   with angular_increment 0 for the default (derived from the views), and
//   vectors = the views, [views][6] (2D: ray or source, detector centre, u) or [views][12] (3D:
//             ray or source, detector centre, u, v), in pyronn's world frame.
//
// params without the origins describe the geometry as its constructor leaves it.
// The C++ geometry is rebuilt by the same constructor and setter calls the caller made, so it is
// the object a C++ program would have built from the same arguments.
#pragma once

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/cone_cylindrical_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/fan_arc_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/vector_2d.hpp>
#include <pyronn/geometry/vector_3d.hpp>

#include <cstddef>
#include <type_traits>
#include <vector>

namespace pyronn_python {

enum class Kind {
  parallel_2d = 0,
  fan_2d = 1,
  parallel_3d = 2,
  cone_3d = 3,
  parallel_2d_vec = 4,
  fan_2d_vec = 5,
  parallel_3d_vec = 6,
  cone_3d_vec = 7,
  fan_arc_2d = 8,
  cone_cylindrical_3d = 9
};

using Numbers = std::vector<double>;

// The number of constructor arguments (after kind) and of origins of each kind.
std::size_t constructor_count(Kind kind);
std::size_t origin_count(Kind kind);
Kind kind_of(const Numbers& params);

pyronn::GeometryParallel2D make_parallel_2d(const Numbers& params, const Numbers& vectors);
pyronn::GeometryFan2D make_fan_2d(const Numbers& params, const Numbers& vectors);
pyronn::GeometryParallel3D make_parallel_3d(const Numbers& params, const Numbers& vectors);
pyronn::GeometryCone3D make_cone_3d(const Numbers& params, const Numbers& vectors);
pyronn::GeometryParallel2DVec make_parallel_2d_vec(const Numbers& params, const Numbers& vectors);
pyronn::GeometryFan2DVec make_fan_2d_vec(const Numbers& params, const Numbers& vectors);
pyronn::GeometryParallel3DVec make_parallel_3d_vec(const Numbers& params, const Numbers& vectors);
pyronn::GeometryCone3DVec make_cone_3d_vec(const Numbers& params, const Numbers& vectors);
pyronn::GeometryFanArc2D make_fan_arc_2d(const Numbers& params, const Numbers& vectors);
pyronn::GeometryConeCylindrical3D make_cone_cylindrical_3d(const Numbers& params, const Numbers& vectors);

template <class G>
constexpr bool is_2d = std::is_base_of<pyronn::Volume2D, G>::value;
template <class G>
constexpr bool is_vector = std::is_same<G, pyronn::GeometryParallel2DVec>::value ||
                           std::is_same<G, pyronn::GeometryFan2DVec>::value ||
                           std::is_same<G, pyronn::GeometryParallel3DVec>::value ||
                           std::is_same<G, pyronn::GeometryCone3DVec>::value;
// Curved detectors: no vector form, no conversions to other toolboxes.
template <class G>
constexpr bool is_curved = std::is_same<G, pyronn::GeometryFanArc2D>::value ||
                           std::is_same<G, pyronn::GeometryConeCylindrical3D>::value;

// Calls f with the C++ geometry that params and vectors describe.
template <class F>
decltype(auto) visit_geometry(const Numbers& params, const Numbers& vectors, F&& f) {
  switch (kind_of(params)) {
    case Kind::parallel_2d: return f(make_parallel_2d(params, vectors));
    case Kind::fan_2d: return f(make_fan_2d(params, vectors));
    case Kind::parallel_3d: return f(make_parallel_3d(params, vectors));
    case Kind::parallel_2d_vec: return f(make_parallel_2d_vec(params, vectors));
    case Kind::fan_2d_vec: return f(make_fan_2d_vec(params, vectors));
    case Kind::parallel_3d_vec: return f(make_parallel_3d_vec(params, vectors));
    case Kind::cone_3d_vec: return f(make_cone_3d_vec(params, vectors));
    case Kind::fan_arc_2d: return f(make_fan_arc_2d(params, vectors));
    case Kind::cone_cylindrical_3d: return f(make_cone_cylindrical_3d(params, vectors));
    case Kind::cone_3d: break;
  }
  return f(make_cone_3d(params, vectors));
}

// Trailing shapes of the operands: the image/volume [Y][X] / [Z][Y][X] and the sinogram
// [views][U] / projections [views][V][U].
template <class G>
std::vector<std::size_t> volume_dims(const G& g) {
  std::vector<std::size_t> d(g.volume_shape().begin(), g.volume_shape().end());
  return d;
}
template <class G>
std::vector<std::size_t> sinogram_dims(const G& g) {
  if constexpr (is_2d<G>) {
    return {std::size_t(g.number_of_projections()), std::size_t(g.detector_shape())};
  } else {
    return {std::size_t(g.number_of_projections()), std::size_t(g.detector_shape()[0]),
            std::size_t(g.detector_shape()[1])};
  }
}

}  // namespace pyronn_python
