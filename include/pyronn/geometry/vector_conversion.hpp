#pragma once
// Between the circular (and helical, and matrix) geometries and the vector geometries.
//
// to_vector_geometry(g): the same scan view by view. Exact: the vector geometry holds the very
// vectors (cone: matrices) the circular geometry builds its views from, so every operator gives
// bitwise the same result on both.
//
// to_circular_geometry(g): the circular geometry (with its central rays or matrices) that a vector
// geometry's scan is, for FBP / FDK, whose weights and filter need the scan's distances and
// angles. A scan is circular-like when, to a relative 1e-6 (of the distances and spacings):
//   - every view's detector is perpendicular to its central ray (the ray from the source through
//     the isocentre; parallel beams: the rays) and its u-axis points along pyronn's perp(r)
//     (3D: horizontal, e_u = z x r normalised; v along +z);
//   - the source-isocentre distance, the source-detector distance, the bin / pixel spacings and
//     the detector's offset from the central ray (detector_origin) are the same in every view;
//   - 3D: the rays (parallel) are horizontal, the sources (cone) all at one height: a circle
//     about the z-axis.
// The angles between views may be uneven (FBP's arc weights integrate them, as for
// set_central_ray_vectors); the angular range is N * angular_increment in the direction the
// views turn. Anything else is refused, naming the first view and quantity that breaks it.

#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/vector_2d.hpp>
#include <pyronn/geometry/vector_3d.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace pyronn {

// ----- circular -> vector ----------------------------------------------------------------------

inline GeometryParallel2DVec to_vector_geometry(const GeometryParallel2D& g) {
  GeometryParallel2DVec out(static_cast<const Volume2D&>(g), g.detector_shape(), g.vectors());
  out.set_angular_increment(g.angular_increment());
  return out;
}

inline GeometryFan2DVec to_vector_geometry(const GeometryFan2D& g) {
  GeometryFan2DVec out(static_cast<const Volume2D&>(g), g.detector_shape(), g.vectors());
  out.set_angular_increment(g.angular_increment());
  return out;
}

inline GeometryParallel3DVec to_vector_geometry(const GeometryParallel3D& g) {
  GeometryParallel3DVec out(static_cast<const Volume3D&>(g), g.detector_shape(), g.vectors());
  out.set_angular_increment(g.angular_increment());
  return out;
}

// The detector plane of every view is put at source_detector_distance from its source (the
// circular and helical trajectories' detector; a matrix alone does not fix it).
inline GeometryCone3DVec to_vector_geometry(const GeometryCone3D& g) {
  GeometryCone3DVec out(static_cast<const Volume3D&>(g), g.detector_shape(), g.projection_matrices(),
                        std::vector<double>(std::size_t(g.number_of_projections()), g.source_detector_distance()));
  out.set_angular_increment(g.angular_increment());
  return out;
}

// ----- vector -> circular ----------------------------------------------------------------------

namespace detail {

constexpr double circular_tolerance = 1e-6;

// Refuses unless value matches reference to circular_tolerance * scale.
inline void require_same(double value, double reference, double scale, std::size_t view, const char* field,
                         const std::string& quantity) {
  require(std::abs(value - reference) <= circular_tolerance * scale, "vectors[" + to_text(view) + "]" + field,
          "FBP needs a circular-like scan (docs/conventions.md, vector geometries): its " + quantity + " is " +
              to_text(value) + " where view 0's is " + to_text(reference));
}

inline void require_circular(bool condition, std::size_t view, const char* field, const std::string& problem) {
  require(condition, "vectors[" + to_text(view) + "]" + field,
          "FBP needs a circular-like scan (docs/conventions.md, vector geometries): " + problem);
}

// +1 when the views turn counter-clockwise (seen from +z) from the first to the last, else -1.
inline double turning_sense(const std::vector<dvec2>& rays) {
  double turned = 0;
  for (std::size_t i = 1; i < rays.size(); ++i)
    turned += std::atan2(cross(rays[i - 1], rays[i]), dot(rays[i - 1], rays[i]));
  return turned < 0 ? -1.0 : 1.0;
}

// The detector of a 2D view seen from its central ray r (unit): checks that u is perpendicular
// to r and points along perp(r); returns the spacing.
inline double circular_axis_2d(dvec2 u, dvec2 r, std::size_t view) {
  const double spacing = norm(u);
  require_circular(std::abs(dot(u, r)) <= circular_tolerance * spacing, view, ".u",
                   "the detector is not perpendicular to the central ray (tilted by " +
                       to_text(std::asin(std::min(1.0, std::abs(dot(u, r)) / spacing))) + " rad)");
  require_circular(dot(u, perp(r)) > 0, view, ".u",
                   "the detector's u-axis runs against pyronn's perp(central ray) (a mirrored detector)");
  return spacing;
}

}  // namespace detail

inline GeometryParallel2D to_circular_geometry(const GeometryParallel2DVec& g) {
  const auto& v = g.vectors();
  std::vector<dvec2> rays(v.size());
  double spacing = 0, offset = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    // A parallel view is the same whichever way its rays are said to run: pick the direction
    // whose perp is u.
    const dvec2 r = (1.0 / norm(v[i].ray)) * v[i].ray;
    rays[i] = dot(v[i].u, perp(r)) < 0 ? -1.0 * r : r;
    const double du = detail::circular_axis_2d(v[i].u, rays[i], i);
    const double o = dot(first_bin_centre(v[i].detector, v[i].u, g.detector_shape()), perp(rays[i]));
    if (i == 0) spacing = du, offset = o;
    detail::require_same(du, spacing, spacing, i, ".u", "bin spacing");
    detail::require_same(o, offset, spacing, i, ".detector", "detector offset from the central ray");
  }
  const double range = detail::turning_sense(rays) * g.angular_increment() * g.number_of_projections();
  GeometryParallel2D out(g.volume_shape(), g.volume_spacing(), g.detector_shape(), spacing, g.number_of_projections(),
                         range);
  out.set_volume_origin(g.volume_origin());
  out.set_detector_origin(offset);
  out.set_central_ray_vectors(rays);
  return out;
}

inline GeometryFan2D to_circular_geometry(const GeometryFan2DVec& g) {
  const auto& v = g.vectors();
  std::vector<dvec2> rays(v.size());
  double sid = 0, sdd = 0, spacing = 0, offset = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double d = norm(v[i].source);
    detail::require_circular(d > 0, i, ".source", "the source lies on the isocentre");
    rays[i] = (-1.0 / d) * v[i].source;
    const double du = detail::circular_axis_2d(v[i].u, rays[i], i);
    const double dd = dot(v[i].detector - v[i].source, rays[i]);
    const double o = dot(first_bin_centre(v[i].detector, v[i].u, g.detector_shape()), perp(rays[i]));
    if (i == 0) sid = d, sdd = dd, spacing = du, offset = o;
    detail::require_same(d, sid, sid, i, ".source", "source-isocentre distance");
    detail::require_same(dd, sdd, sdd, i, ".detector", "source-detector distance");
    detail::require_same(du, spacing, spacing, i, ".u", "bin spacing");
    detail::require_same(o, offset, spacing, i, ".detector", "detector offset from the central ray");
  }
  const double range = detail::turning_sense(rays) * g.angular_increment() * g.number_of_projections();
  GeometryFan2D out(g.volume_shape(), g.volume_spacing(), g.detector_shape(), spacing, g.number_of_projections(),
                    range, sdd, sid);
  out.set_volume_origin(g.volume_origin());
  out.set_detector_origin(offset);
  out.set_central_ray_vectors(rays);
  return out;
}

namespace detail {

// A 3D detector seen from the horizontal central ray r (unit): u horizontal along z x r, v along
// +z. Returns {dv, du} and checks the sizes against view 0's.
inline std::array<double, 2> circular_axes_3d(dvec3 u, dvec3 v, dvec3 r, std::size_t view) {
  const dvec3 eu = {-r.y, r.x, 0.0};
  const double du = norm(u), dv = norm(v);
  require_circular(std::abs(dot(u, r)) <= circular_tolerance * du && std::abs(u.z) <= circular_tolerance * du, view,
                   ".u", "the detector's u-axis is not horizontal and perpendicular to the central ray");
  require_circular(dot(u, eu) > 0, view, ".u",
                   "the detector's u-axis runs against pyronn's z x (central ray) (a mirrored detector)");
  require_circular(std::abs(v.x) <= circular_tolerance * dv && std::abs(v.y) <= circular_tolerance * dv && v.z > 0,
                   view, ".v", "the detector's v-axis must run along +z, the rotation axis");
  return {dv, du};
}

}  // namespace detail

inline GeometryParallel3D to_circular_geometry(const GeometryParallel3DVec& g) {
  const auto& v = g.vectors();
  std::vector<dvec3> rays(v.size());
  std::vector<dvec2> flat(v.size());
  std::array<double, 2> spacing{}, offset{};
  for (std::size_t i = 0; i < v.size(); ++i) {
    dvec3 r = (1.0 / norm(v[i].ray)) * v[i].ray;
    detail::require_circular(std::abs(r.z) <= detail::circular_tolerance, i, ".ray",
                             "the rays are not horizontal (perpendicular to the rotation axis z)");
    r.z = 0;
    r = (1.0 / norm(r)) * r;
    if (dot(v[i].u, dvec3{-r.y, r.x, 0.0}) < 0) r = -1.0 * r;  // either direction is the same view
    rays[i] = r;
    flat[i] = {r.x, r.y};
    const std::array<double, 2> d = detail::circular_axes_3d(v[i].u, v[i].v, r, i);
    const dvec3 p0 = first_pixel_centre(v[i].detector, v[i].u, v[i].v, g.detector_shape());
    const std::array<double, 2> o = {p0.z, dot(p0, dvec3{-r.y, r.x, 0.0})};
    if (i == 0) spacing = d, offset = o;
    detail::require_same(d[1], spacing[1], spacing[1], i, ".u", "pixel spacing along u");
    detail::require_same(d[0], spacing[0], spacing[0], i, ".v", "pixel spacing along v");
    detail::require_same(o[1], offset[1], spacing[1], i, ".detector", "detector offset along u");
    detail::require_same(o[0], offset[0], spacing[0], i, ".detector", "detector offset along v");
  }
  const double range = detail::turning_sense(flat) * g.angular_increment() * g.number_of_projections();
  GeometryParallel3D out(g.volume_shape(), g.volume_spacing(), g.detector_shape(), spacing, g.number_of_projections(),
                         range);
  out.set_volume_origin(g.volume_origin());
  out.set_detector_origin(offset);
  out.set_ray_vectors(rays);
  return out;
}

// The circular geometry keeps the vector geometry's own matrices (set_projection_matrices), so
// its projector is the same; its distances and detector origin are what FDK's weights read.
inline GeometryCone3D to_circular_geometry(const GeometryCone3DVec& g) {
  const std::vector<ConeVector3D> v = g.vectors();
  std::vector<dvec2> flat(v.size());
  double sid = 0, sdd = 0, height = 0;
  std::array<double, 2> spacing{}, offset{};
  for (std::size_t i = 0; i < v.size(); ++i) {
    const dvec3 s = v[i].source;
    const double d = std::sqrt(s.x * s.x + s.y * s.y);
    detail::require_circular(d > 0, i, ".source", "the source lies on the rotation axis z");
    const dvec3 r = {-s.x / d, -s.y / d, 0.0};
    flat[i] = {r.x, r.y};
    const std::array<double, 2> a = detail::circular_axes_3d(v[i].u, v[i].v, r, i);
    const dvec3 p0 = first_pixel_centre(v[i].detector, v[i].u, v[i].v, g.detector_shape()) - s;
    const double dd = dot(p0, r);
    const std::array<double, 2> o = {p0.z, dot(p0, dvec3{-r.y, r.x, 0.0})};
    if (i == 0) sid = d, sdd = dd, height = s.z, spacing = a, offset = o;
    detail::require_same(d, sid, sid, i, ".source", "source-isocentre distance (from the z-axis)");
    detail::require_same(s.z, height, sid, i, ".source", "source height (a circular orbit stays in one plane)");
    detail::require_same(dd, sdd, sdd, i, ".detector", "source-detector distance");
    detail::require_same(a[1], spacing[1], spacing[1], i, ".u", "pixel spacing along u");
    detail::require_same(a[0], spacing[0], spacing[0], i, ".v", "pixel spacing along v");
    detail::require_same(o[1], offset[1], spacing[1], i, ".detector", "detector offset along u");
    detail::require_same(o[0], offset[0], spacing[0], i, ".detector", "detector offset along v");
  }
  const double range = detail::turning_sense(flat) * g.angular_increment() * g.number_of_projections();
  GeometryCone3D out(g.volume_shape(), g.volume_spacing(), g.detector_shape(), spacing, g.number_of_projections(),
                     range, sdd, sid);
  out.set_volume_origin(g.volume_origin());
  out.set_detector_origin(offset);
  out.set_projection_matrices(g.projection_matrices());
  return out;
}

}  // namespace pyronn
