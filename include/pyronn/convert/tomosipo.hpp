#pragma once
// pyronn's 3D geometries to and from tomosipo's descriptions, as plain values. tomosipo describes
// scans with ASTRA's 3D vector forms (convert/astra.hpp) but lists every vector (z, y, x):
//   ts.volume(shape, pos, size)                          shape [Z, Y, X]; pos, size (z, y, x), mm
//   ts.cone_vec(shape, src_pos, det_pos, det_v, det_u)   shape [V, U]; one (z, y, x) row per view
//   ts.parallel_vec(shape, ray_dir, det_pos, det_v, det_u)
// det_pos is the detector's centre, det_u / det_v the steps from one pixel to the next, as in
// pyronn's vector geometries: the conversion only reorders. tomosipo's projection arrays are
// ASTRA's [V][views][U] (pyronn: [views][V][U]); its parametrised ts.cone and ts.parallel are
// ASTRA's 'cone' and 'parallel3d' (convert/astra.hpp), so convert them through their to_vec().

#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/vector_3d.hpp>
#include <pyronn/geometry/volume_3d.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace pyronn {

struct TomosipoVolume {
  std::array<int, 3> shape;      // [Z, Y, X]
  std::array<double, 3> pos;     // the volume's centre, (z, y, x)
  std::array<double, 3> size;    // its extent, (z, y, x)
};

// ts.cone_vec (first = src_pos) or ts.parallel_vec (first = ray_dir).
struct TomosipoVec {
  std::array<int, 2> shape;  // [V, U]
  std::vector<std::array<double, 3>> first, det_pos, det_v, det_u;
};

namespace detail {

inline std::array<double, 3> zyx(dvec3 a) { return {a.z, a.y, a.x}; }
inline dvec3 xyz(const std::array<double, 3>& a) { return {a[2], a[1], a[0]}; }

template <class G>
TomosipoVec tomosipo_vec(const G& g) {
  TomosipoVec out{g.detector_shape(), {}, {}, {}, {}};
  for (const auto& v : g.vectors()) {
    if constexpr (std::is_same<G, GeometryCone3DVec>::value) out.first.push_back(zyx(v.source));
    else out.first.push_back(zyx(v.ray));
    out.det_pos.push_back(zyx(v.detector));
    out.det_v.push_back(zyx(v.v));
    out.det_u.push_back(zyx(v.u));
  }
  return out;
}

template <class Vector>
std::vector<Vector> vectors_of(const TomosipoVec& t) {
  const std::size_t n = t.first.size();
  require(n > 0 && t.det_pos.size() == n && t.det_v.size() == n && t.det_u.size() == n, "vectors",
          "tomosipo's four vector lists must hold one row each per view, and at least one view");
  std::vector<Vector> out(n);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = {xyz(t.first[i]), xyz(t.det_pos[i]), xyz(t.det_u[i]), xyz(t.det_v[i])};
  return out;
}

}  // namespace detail

inline TomosipoVolume to_tomosipo_volume(const Volume3D& v) {
  TomosipoVolume out{v.volume_shape(), {}, {}};
  for (int a = 0; a < 3; ++a) {
    out.size[a] = v.volume_shape()[a] * v.volume_spacing()[a];
    out.pos[a] = v.volume_origin()[a] + (v.volume_shape()[a] - 1) / 2.0 * v.volume_spacing()[a];
  }
  return out;
}

inline Volume3D volume_from_tomosipo(const TomosipoVolume& t) {
  std::array<double, 3> spacing, origin;
  for (int a = 0; a < 3; ++a) {
    detail::require(t.shape[a] > 0, "shape", "every entry must be > 0");
    spacing[a] = t.size[a] / t.shape[a];
    origin[a] = t.pos[a] - (t.shape[a] - 1) / 2.0 * spacing[a];
  }
  Volume3D v(t.shape, spacing);
  v.set_volume_origin(origin);
  return v;
}

inline TomosipoVec to_tomosipo_cone_vec(const GeometryCone3DVec& g) { return detail::tomosipo_vec(g); }
inline TomosipoVec to_tomosipo_parallel_vec(const GeometryParallel3DVec& g) { return detail::tomosipo_vec(g); }

inline GeometryCone3DVec from_tomosipo_cone_vec(const TomosipoVolume& volume, const TomosipoVec& t) {
  return GeometryCone3DVec(volume_from_tomosipo(volume), t.shape, detail::vectors_of<ConeVector3D>(t));
}
inline GeometryParallel3DVec from_tomosipo_parallel_vec(const TomosipoVolume& volume, const TomosipoVec& t) {
  return GeometryParallel3DVec(volume_from_tomosipo(volume), t.shape, detail::vectors_of<ParallelVector3D>(t));
}

}  // namespace pyronn
