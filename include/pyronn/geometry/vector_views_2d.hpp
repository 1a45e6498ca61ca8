#pragma once
// One view of a 2D scan described by vectors, as ASTRA's parallel_vec / fanflat_vec rows do, and
// the one function per beam that turns it into the kernels' View2D. The circular geometries
// build their views through the same functions, so a vector geometry made from a circular one
// (to_vector_geometry) gives bitwise the same views.
//
//   ParallelVector2D { ray, detector, u }      FanVector2D { source, detector, u }
//
//   ray       direction of every ray of the view (any length; normalised)
//   source    the source position (mm)
//   detector  the detector's centre (mm): the middle of its U bins, so bin k's centre is
//             detector + (k - (U - 1) / 2) * u
//   u         the vector from one bin's centre to the next (mm): direction and spacing in one

#include <pyronn/core/errors.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/core/vec.hpp>
#include <pyronn/geometry/grid_2d.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace pyronn {

struct ParallelVector2D {
  dvec2 ray, detector, u;
};

struct FanVector2D {
  dvec2 source, detector, u;
};

// Bin 0's centre: the detector centre less (U - 1) / 2 bins.
inline dvec2 first_bin_centre(dvec2 detector, dvec2 u, int detector_shape) {
  return detector - ((detector_shape - 1) / 2.0) * u;
}

// The unit normal of the detector line, on the side `towards` points to.
inline dvec2 detector_normal(dvec2 u, dvec2 towards) {
  const dvec2 n = (1.0 / norm(u)) * perp(u);
  return dot(n, towards) < 0 ? -1.0 * n : n;
}

// The kernel form (geometry/grid_2d.hpp): every ray along `ray`, through bin k's centre.
inline View2D parallel_view_2d(const ParallelVector2D& p, int detector_shape) {
  return {{0.f, 0.f}, vec_cast<float>((1.0 / norm(p.ray)) * p.ray),
          vec_cast<float>(first_bin_centre(p.detector, p.u, detector_shape)), vec_cast<float>(p.u)};
}

// The kernel form: rays from the source to each bin's centre; `ray` is the detector's normal
// (from the source towards the detector), along which the FBP distance weight measures depth.
inline View2D fan_view_2d(const FanVector2D& f, int detector_shape) {
  return {vec_cast<float>(f.source), vec_cast<float>(detector_normal(f.u, f.detector - f.source)),
          vec_cast<float>(first_bin_centre(f.detector, f.u, detector_shape)), vec_cast<float>(f.u)};
}

namespace detail {

inline std::string vector_name(std::size_t view, const char* field = nullptr) {
  return "vectors[" + to_text(view) + "]" + (field ? std::string(".") + field : std::string());
}

// A detector axis's length (the spacing of its bins or pixels): a usable length.
inline void require_axis_length(double length, const std::string& parameter) {
  require(length >= limits::min_length_mm && length <= limits::max_length_mm, parameter,
          "its length, the bin (pixel) spacing, must lie in [" + to_text(limits::min_length_mm) + ", " +
              to_text(limits::max_length_mm) + "] mm, got " + to_text(length));
}

inline void require_finite_vector(dvec2 a, std::size_t view, const char* field) {
  require(std::isfinite(a.x) && std::isfinite(a.y), vector_name(view, field),
          "has a non-finite entry (" + to_text(a.x) + ", " + to_text(a.y) + ")");
}

// The detector axis: finite, its length (the bin spacing) a usable length, its bins within
// float's reach of the world origin.
inline void require_detector_axis(dvec2 detector, dvec2 u, std::size_t view) {
  require_finite_vector(detector, view, "detector");
  require_finite_vector(u, view, "u");
  require_axis_length(norm(u), vector_name(view, "u"));
  require_resolved(norm(detector), norm(u), vector_name(view, "detector"));
}

// |sin| of the angle between a and b: 0 when parallel.
inline double sine_between(dvec2 a, dvec2 b) { return std::abs(cross(a, b)) / (norm(a) * norm(b)); }

// Below this |sin| two directions count as parallel (float resolves angles to about 1e-7).
constexpr double min_axis_sine = 1e-6;

inline void check_parallel_vector(const ParallelVector2D& p, std::size_t view) {
  require_finite_vector(p.ray, view, "ray");
  require_detector_axis(p.detector, p.u, view);
  require(norm(p.ray) > 0, vector_name(view, "ray"), "must be non-zero");
  require(sine_between(p.ray, p.u) > min_axis_sine, vector_name(view, "ray"),
          "is parallel to the detector axis u: the rays would run along the detector");
}

// corners: the image's box grown by one pixel (the interpolation's reach). The source must see
// all of it in front, on the detector's side, so it lies outside the image and the rays cross
// the image between the source and the detector's side.
template <std::size_t N>
void check_fan_vector(const FanVector2D& f, std::size_t view, const std::array<dvec2, N>& corners) {
  require_finite_vector(f.source, view, "source");
  require_detector_axis(f.detector, f.u, view);
  const double distance = std::abs(cross((1.0 / norm(f.u)) * f.u, f.source - f.detector));
  require(distance >= limits::min_length_mm, vector_name(view, "source"),
          "lies on the detector line (" + to_text(distance) + " mm from it)");
  const dvec2 n = detector_normal(f.u, f.detector - f.source);
  for (const dvec2& c : corners)
    require(dot(c - f.source, n) > 0, vector_name(view, "source"),
            "must lie outside the image, with the whole image (grown by one pixel) in front of it on the "
            "detector's side; the corner (" + to_text(c.x) + ", " + to_text(c.y) + ") is not");
}

}  // namespace detail
}  // namespace pyronn
