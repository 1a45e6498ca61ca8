#pragma once
// pyronn geometries to and from the ASTRA Toolbox's descriptions, as plain values (the fields of
// ASTRA's vol_geom and proj_geom). docs/conventions.md (section 22) draws the mappings.
//
// 2D (parallel, fanflat, parallel_vec, fanflat_vec). ASTRA's image row 0 lies at its window's
//   top (largest y), pyronn's at the smallest y, so with the same [Y][X] array ASTRA's world is
//   pyronn's mirrored in y: (x, y) -> (x, -y). Its angle theta is pyronn's a = -theta - pi/2
//   (checked numerically by benchmarks/peers and tests/python/test_astra.py), its detector runs
//   the same way, and sinograms are [views][U] in both.
// 3D (parallel3d, cone, parallel3d_vec, cone_vec). ASTRA's 3D volume (its CUDA code) indexes
//   [slice][row][col] = [Z][Y][X] with x, y, z increasing with col, row, slice, as pyronn's does:
//   world coordinates are the same. Its projections are [V][views][U] (pyronn: [views][V][U]).
//   parallel3d's theta is pyronn's a = theta - pi/2. ASTRA's `cone` detector, seen from the
//   source, is pyronn's mirrored: its u-axis is -e_u, so its projections are pyronn's flipped
//   along U (columns in reverse order); its theta is pyronn's a = theta + pi/2 (the source at
//   -sid r). The vector forms carry no such caveat: rows are pyronn's vectors as they are.
//
// ASTRA's detector centre is the middle of the detector, as pyronn's vector geometries' is.
// Round trips pyronn -> ASTRA -> pyronn give back the geometry to double rounding.

#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/vector_2d.hpp>
#include <pyronn/geometry/vector_3d.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace pyronn {

// astra.create_vol_geom(rows, cols, min_x, max_x, min_y, max_y)
struct AstraVolume2D {
  int rows, cols;
  double min_x, max_x, min_y, max_y;
};
// astra.create_vol_geom(rows, cols, slices, min_x, max_x, min_y, max_y, min_z, max_z)
struct AstraVolume3D {
  int rows, cols, slices;
  double min_x, max_x, min_y, max_y, min_z, max_z;
};
// 'parallel' (origin_source = origin_detector = 0) and 'fanflat'.
struct AstraFlat2D {
  double detector_width;
  int detector_count;
  std::vector<double> angles;
  double origin_source = 0, origin_detector = 0;
};
// 'parallel_vec' (ray, d, u) and 'fanflat_vec' (src, d, u): one row of 6 numbers per view.
struct AstraVec2D {
  int detector_count;
  std::vector<std::array<double, 6>> vectors;
};
// 'parallel3d' (distances 0) and 'cone'.
struct AstraFlat3D {
  double spacing_x, spacing_y;  // ASTRA's DetectorSpacingX (along u) and DetectorSpacingY (along v)
  int rows, cols;
  std::vector<double> angles;
  double origin_source = 0, origin_detector = 0;
};
// 'parallel3d_vec' (ray, d, u, v) and 'cone_vec' (src, d, u, v): one row of 12 numbers per view.
struct AstraVec3D {
  int rows, cols;
  std::vector<std::array<double, 12>> vectors;
};

namespace detail {

constexpr double astra_pi = 3.14159265358979323846;

// The mean step between the angles, times their count, signed: the angular_range pyronn gives
// a scan whose views lie at these angles (`single` for one view).
inline double range_of_angles(const std::vector<double>& a, double single) {
  if (a.size() < 2) return single;
  const double step = (a.back() - a.front()) / double(a.size() - 1);
  return step != 0 ? step * double(a.size()) : single;
}

inline std::vector<dvec2> rays_at(const std::vector<double>& angles) {
  std::vector<dvec2> rays(angles.size());
  for (std::size_t i = 0; i < angles.size(); ++i) rays[i] = {std::cos(angles[i]), std::sin(angles[i])};
  return rays;
}

inline std::vector<double> angles_of(const std::vector<dvec2>& rays, double sign, double offset) {
  std::vector<double> a(rays.size());
  for (std::size_t i = 0; i < rays.size(); ++i) a[i] = sign * std::atan2(rays[i].y, rays[i].x) + offset;
  return a;
}

// Unwraps consecutive angles to differ by less than pi, so that ranges come out right.
inline std::vector<double> unwrapped(std::vector<double> a) {
  for (std::size_t i = 1; i < a.size(); ++i) {
    while (a[i] - a[i - 1] > astra_pi) a[i] -= 2 * astra_pi;
    while (a[i] - a[i - 1] < -astra_pi) a[i] += 2 * astra_pi;
  }
  return a;
}

// ASTRA's parametrised geometries put the detector's centre on the central ray.
inline void require_centred(double offset, double spacing, const char* kind) {
  require(std::abs(offset) <= 1e-9 * spacing, "detector_origin",
          std::string("ASTRA's '") + kind + "' geometry has its detector centred on the central ray; this one is " +
              to_text(offset) + " mm off (use the vector form)");
}

inline void require_astra_count(std::size_t count, const char* parameter) {
  require(count > 0, parameter, "must hold at least one view");
}

inline dvec2 mirror_y(dvec2 a) { return {a.x, -a.y}; }

}  // namespace detail

// ----- volumes ---------------------------------------------------------------------------------

inline AstraVolume2D to_astra_volume(const Volume2D& v) {
  const auto& n = v.volume_shape();
  const auto& s = v.volume_spacing();
  const auto& o = v.volume_origin();
  const double min_x = o[1] - s[1] / 2, max_y = -(o[0] - s[0] / 2);
  return {n[0], n[1], min_x, min_x + n[1] * s[1], max_y - n[0] * s[0], max_y};
}

inline Volume2D volume_from_astra(const AstraVolume2D& a) {
  Volume2D v({a.rows, a.cols}, {(a.max_y - a.min_y) / a.rows, (a.max_x - a.min_x) / a.cols});
  const double sy = v.volume_spacing()[0], sx = v.volume_spacing()[1];
  v.set_volume_origin({-(a.max_y - sy / 2), a.min_x + sx / 2});
  return v;
}

inline AstraVolume3D to_astra_volume(const Volume3D& v) {
  const auto& n = v.volume_shape();
  const auto& s = v.volume_spacing();
  const auto& o = v.volume_origin();
  double lo[3];
  for (int a = 0; a < 3; ++a) lo[a] = o[a] - s[a] / 2;
  return {n[1], n[2], n[0], lo[2], lo[2] + n[2] * s[2], lo[1], lo[1] + n[1] * s[1], lo[0], lo[0] + n[0] * s[0]};
}

inline Volume3D volume_from_astra(const AstraVolume3D& a) {
  Volume3D v({a.slices, a.rows, a.cols},
             {(a.max_z - a.min_z) / a.slices, (a.max_y - a.min_y) / a.rows, (a.max_x - a.min_x) / a.cols});
  const auto& s = v.volume_spacing();
  v.set_volume_origin({a.min_z + s[0] / 2, a.min_y + s[1] / 2, a.min_x + s[2] / 2});
  return v;
}

// ----- 2D: parallel, fanflat --------------------------------------------------------------------

// Any central rays (the angles list them); the detector must be centred.
inline AstraFlat2D to_astra_parallel(const GeometryParallel2D& g) {
  detail::require_centred(g.detector_origin() + (g.detector_shape() - 1) / 2.0 * g.detector_spacing(),
                          g.detector_spacing(), "parallel");
  return {g.detector_spacing(), g.detector_shape(),
          detail::unwrapped(detail::angles_of(g.central_ray_vectors(), -1.0, -detail::astra_pi / 2))};
}

inline AstraFlat2D to_astra_fanflat(const GeometryFan2D& g) {
  detail::require_centred(g.detector_origin() + (g.detector_shape() - 1) / 2.0 * g.detector_spacing(),
                          g.detector_spacing(), "fanflat");
  return {g.detector_spacing(), g.detector_shape(),
          detail::unwrapped(detail::angles_of(g.central_ray_vectors(), -1.0, -detail::astra_pi / 2)),
          g.source_isocenter_distance(), g.source_detector_distance() - g.source_isocenter_distance()};
}

namespace detail {

// pyronn's central-ray angles of ASTRA's 2D angles, and the angular range they span.
inline std::vector<double> pyronn_angles_2d(const std::vector<double>& theta) {
  std::vector<double> a(theta.size());
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = -theta[i] - astra_pi / 2;
  return a;
}

}  // namespace detail

// angular_range: N times the mean step between the angles, turning their way (one view: pi).
inline GeometryParallel2D from_astra_parallel(const AstraVolume2D& volume, const AstraFlat2D& p) {
  detail::require_astra_count(p.angles.size(), "angles");
  const Volume2D v = volume_from_astra(volume);
  const std::vector<double> a = detail::pyronn_angles_2d(p.angles);
  GeometryParallel2D g(v.volume_shape(), v.volume_spacing(), p.detector_count, p.detector_width, int(a.size()),
                       detail::range_of_angles(a, detail::astra_pi));
  g.set_volume_origin(v.volume_origin());
  g.set_central_ray_vectors(detail::rays_at(a));
  return g;
}

// angular_range as for parallel (one view: 2 pi).
inline GeometryFan2D from_astra_fanflat(const AstraVolume2D& volume, const AstraFlat2D& f) {
  detail::require_astra_count(f.angles.size(), "angles");
  const Volume2D v = volume_from_astra(volume);
  const std::vector<double> a = detail::pyronn_angles_2d(f.angles);
  GeometryFan2D g(v.volume_shape(), v.volume_spacing(), f.detector_count, f.detector_width, int(a.size()),
                  detail::range_of_angles(a, 2 * detail::astra_pi), f.origin_source + f.origin_detector,
                  f.origin_source);
  g.set_volume_origin(v.volume_origin());
  g.set_central_ray_vectors(detail::rays_at(a));
  return g;
}

// ----- 2D: parallel_vec, fanflat_vec -------------------------------------------------------------

inline AstraVec2D to_astra_parallel_vec(const GeometryParallel2DVec& g) {
  AstraVec2D out{g.detector_shape(), {}};
  for (const ParallelVector2D& p : g.vectors()) {
    const dvec2 r = detail::mirror_y(p.ray), d = detail::mirror_y(p.detector), u = detail::mirror_y(p.u);
    out.vectors.push_back({r.x, r.y, d.x, d.y, u.x, u.y});
  }
  return out;
}

inline AstraVec2D to_astra_fanflat_vec(const GeometryFan2DVec& g) {
  AstraVec2D out{g.detector_shape(), {}};
  for (const FanVector2D& f : g.vectors()) {
    const dvec2 s = detail::mirror_y(f.source), d = detail::mirror_y(f.detector), u = detail::mirror_y(f.u);
    out.vectors.push_back({s.x, s.y, d.x, d.y, u.x, u.y});
  }
  return out;
}

inline GeometryParallel2DVec from_astra_parallel_vec(const AstraVolume2D& volume, const AstraVec2D& p) {
  std::vector<ParallelVector2D> v;
  for (const auto& r : p.vectors) v.push_back({{r[0], -r[1]}, {r[2], -r[3]}, {r[4], -r[5]}});
  return GeometryParallel2DVec(volume_from_astra(volume), p.detector_count, v);
}

inline GeometryFan2DVec from_astra_fanflat_vec(const AstraVolume2D& volume, const AstraVec2D& f) {
  std::vector<FanVector2D> v;
  for (const auto& r : f.vectors) v.push_back({{r[0], -r[1]}, {r[2], -r[3]}, {r[4], -r[5]}});
  return GeometryFan2DVec(volume_from_astra(volume), f.detector_count, v);
}

// ----- 3D: parallel3d, cone ----------------------------------------------------------------------

// Rays in the x-y plane (a circular scan) and a centred detector.
inline AstraFlat3D to_astra_parallel3d(const GeometryParallel3D& g) {
  const auto& s = g.detector_spacing();
  const auto& o = g.detector_origin();
  detail::require_centred(o[1] + (g.detector_shape()[1] - 1) / 2.0 * s[1], s[1], "parallel3d");
  detail::require_centred(o[0] + (g.detector_shape()[0] - 1) / 2.0 * s[0], s[0], "parallel3d");
  for (std::size_t i = 0; i < g.ray_vectors().size(); ++i)
    detail::require(std::abs(g.ray_vectors()[i].z) <= 1e-12, "ray_vectors",
                    "ASTRA's 'parallel3d' rays lie in the x-y plane; ray " + detail::to_text(i) +
                        " does not (use the vector form)");
  return {s[1], s[0], g.detector_shape()[0], g.detector_shape()[1],
          detail::unwrapped(detail::angles_of(g.central_ray_vectors(), 1.0, detail::astra_pi / 2))};
}

// pyronn's circular cone scans (the default trajectory) with a centred detector. ASTRA's
// projections are pyronn's flipped along U (see the header's comment).
inline AstraFlat3D to_astra_cone(const GeometryCone3D& g) {
  const auto& s = g.detector_spacing();
  const auto& o = g.detector_origin();
  detail::require_centred(o[1] + (g.detector_shape()[1] - 1) / 2.0 * s[1], s[1], "cone");
  detail::require_centred(o[0] + (g.detector_shape()[0] - 1) / 2.0 * s[0], s[0], "cone");
  const std::vector<dvec2> rays = g.central_ray_vectors();
  const std::vector<ProjectionMatrix> p = g.projection_matrices(), circular = circular_trajectory_3d(g);
  for (std::size_t i = 0; i < p.size(); ++i)
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 4; ++c)
        detail::require(std::abs(p[i][r][c] - circular[i][r][c]) <=
                            1e-9 * (std::abs(circular[i][r][c]) + std::abs(circular[i][2][3])),
                        "projection_matrices",
                        "ASTRA's 'cone' geometry is a circular scan; view " + detail::to_text(i) +
                            " is not pyronn's circular trajectory (use the vector form)");
  return {s[1], s[0], g.detector_shape()[0], g.detector_shape()[1],
          detail::unwrapped(detail::angles_of(rays, 1.0, -detail::astra_pi / 2)), g.source_isocenter_distance(),
          g.source_detector_distance() - g.source_isocenter_distance()};
}

inline GeometryParallel3D from_astra_parallel3d(const AstraVolume3D& volume, const AstraFlat3D& p) {
  detail::require_astra_count(p.angles.size(), "angles");
  const Volume3D v = volume_from_astra(volume);
  std::vector<double> a(p.angles.size());
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = p.angles[i] - detail::astra_pi / 2;
  GeometryParallel3D g(v.volume_shape(), v.volume_spacing(), {p.rows, p.cols}, {p.spacing_y, p.spacing_x},
                       int(a.size()), detail::range_of_angles(a, detail::astra_pi));
  g.set_volume_origin(v.volume_origin());
  std::vector<dvec3> rays(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) rays[i] = {std::cos(a[i]), std::sin(a[i]), 0.0};
  g.set_ray_vectors(rays);
  return g;
}

// A circular cone scan whose views lie at ASTRA's angles. Its projections are ASTRA's flipped
// along U. angular_range as for the 2D conversions (one view: 2 pi); the views must be evenly
// spaced (pyronn's circular trajectory), else use cone_vec.
inline GeometryCone3D from_astra_cone(const AstraVolume3D& volume, const AstraFlat3D& c) {
  detail::require_astra_count(c.angles.size(), "angles");
  const Volume3D v = volume_from_astra(volume);
  std::vector<double> a(c.angles.size());
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = c.angles[i] + detail::astra_pi / 2;
  const double range = detail::range_of_angles(a, 2 * detail::astra_pi);
  GeometryCone3D g(v.volume_shape(), v.volume_spacing(), {c.rows, c.cols}, {c.spacing_y, c.spacing_x}, int(a.size()),
                   range, c.origin_source + c.origin_detector, c.origin_source);
  g.set_volume_origin(v.volume_origin());
  // The views at ASTRA's own angles (which may start anywhere): the circular matrices turned.
  std::vector<ProjectionMatrix> m(a.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    m[i] = cone_projection_matrix(a[i], 0.0, g.source_detector_distance(), g.source_isocenter_distance(),
                                  g.detector_spacing(), g.detector_origin());
  for (std::size_t i = 0; i < a.size(); ++i)
    detail::require(std::abs((a[i] - a[0]) - double(i) * range / double(a.size())) <= 1e-9 * (1 + std::abs(range)),
                    "angles", "must be evenly spaced for a circular GeometryCone3D (use cone_vec)");
  if (a[0] != 0.0) g.set_projection_matrices(m);
  return g;
}

// ----- 3D: parallel3d_vec, cone_vec --------------------------------------------------------------

namespace detail {

inline std::array<double, 12> astra_row(dvec3 a, dvec3 b, dvec3 c, dvec3 d) {
  return {a.x, a.y, a.z, b.x, b.y, b.z, c.x, c.y, c.z, d.x, d.y, d.z};
}

inline dvec3 row_part(const std::array<double, 12>& r, int k) { return {r[3 * k], r[3 * k + 1], r[3 * k + 2]}; }

}  // namespace detail

inline AstraVec3D to_astra_parallel3d_vec(const GeometryParallel3DVec& g) {
  AstraVec3D out{g.detector_shape()[0], g.detector_shape()[1], {}};
  for (const ParallelVector3D& p : g.vectors()) out.vectors.push_back(detail::astra_row(p.ray, p.detector, p.u, p.v));
  return out;
}

inline AstraVec3D to_astra_cone_vec(const GeometryCone3DVec& g) {
  AstraVec3D out{g.detector_shape()[0], g.detector_shape()[1], {}};
  for (const ConeVector3D& c : g.vectors()) out.vectors.push_back(detail::astra_row(c.source, c.detector, c.u, c.v));
  return out;
}

inline GeometryParallel3DVec from_astra_parallel3d_vec(const AstraVolume3D& volume, const AstraVec3D& p) {
  std::vector<ParallelVector3D> v;
  for (const auto& r : p.vectors)
    v.push_back({detail::row_part(r, 0), detail::row_part(r, 1), detail::row_part(r, 2), detail::row_part(r, 3)});
  return GeometryParallel3DVec(volume_from_astra(volume), {p.rows, p.cols}, v);
}

inline GeometryCone3DVec from_astra_cone_vec(const AstraVolume3D& volume, const AstraVec3D& c) {
  std::vector<ConeVector3D> v;
  for (const auto& r : c.vectors)
    v.push_back({detail::row_part(r, 0), detail::row_part(r, 1), detail::row_part(r, 2), detail::row_part(r, 3)});
  return GeometryCone3DVec(volume_from_astra(volume), {c.rows, c.cols}, v);
}

}  // namespace pyronn
