// The geometry functions python/pyronn/geometry.py calls: validation (by building the C++
// geometry), the default origins, the per-view vectors in effect, and the 3D trajectories.
#include "arrays.hpp"
#include "geometry_spec.hpp"

#include <pyronn/geometry/trajectory_3d.hpp>

#include <nanobind/stl/vector.h>

namespace nb = nanobind;

namespace pyronn_python {
namespace {

// params without origins -> params with the constructor's default origins appended (vector
// geometries: the views are needed to build it, and have no detector origin).
Numbers with_default_origins(const Numbers& constructor, const Numbers& vectors) {
  return visit_geometry(constructor, vectors, [&](const auto& g) {
    using G = std::decay_t<decltype(g)>;
    Numbers out(constructor.begin(), constructor.end());
    for (double o : g.volume_origin()) out.push_back(o);
    if constexpr (is_vector<G>) {
    } else if constexpr (is_2d<G>) {
      out.push_back(g.detector_origin());
    } else {
      for (double o : g.detector_origin()) out.push_back(o);
    }
    return out;
  });
}

nb::ndarray<nb::numpy, double> matrices_array(const std::vector<pyronn::ProjectionMatrix>& m) {
  std::vector<double> flat;
  for (const auto& p : m)
    for (const auto& row : p) flat.insert(flat.end(), row.begin(), row.end());
  return to_numpy(std::move(flat), {m.size(), 3, 4});
}

// The per-view vectors the geometry uses: normalised central rays, ray vectors, or matrices.
nb::ndarray<nb::numpy, double> per_view_vectors(const Numbers& params, const Numbers& vectors) {
  return visit_geometry(params, vectors, [&](const auto& g) {
    using G = std::decay_t<decltype(g)>;
    std::vector<double> flat;
    if constexpr (is_vector<G>) {
      // The views as given (geometry_spec.hpp's rows); the caller holds them already.
      return to_numpy(Numbers(vectors), {std::size_t(g.number_of_projections()), is_2d<G> ? std::size_t(6) : std::size_t(12)});
    } else if constexpr (is_2d<G>) {
      for (const auto& r : g.central_ray_vectors()) flat.insert(flat.end(), {r.x, r.y});
      return to_numpy(std::move(flat), {g.central_ray_vectors().size(), 2});
    } else if constexpr (std::is_same<G, pyronn::GeometryParallel3D>::value) {
      for (const auto& r : g.ray_vectors()) flat.insert(flat.end(), {r.x, r.y, r.z});
      return to_numpy(std::move(flat), {g.ray_vectors().size(), 3});
    } else if constexpr (std::is_same<G, pyronn::GeometryConeCylindrical3D>::value) {
      // Its circular scan's source positions (it takes no per-view vectors).
      for (const auto& p : g.source_positions()) flat.insert(flat.end(), {p.x, p.y, p.z});
      return to_numpy(std::move(flat), {std::size_t(g.number_of_projections()), 3});
    } else {
      return matrices_array(g.projection_matrices());
    }
  });
}

}  // namespace

void bind_geometry(nb::module_& m) {
  m.def("geometry_params", &with_default_origins, nb::arg("constructor"), nb::arg("vectors") = Numbers{},
        "[kind, constructor arguments] (and the views of a vector geometry) -> the full params with the default "
        "origins (checks them).");
  m.def(
      "check_geometry", [](const Numbers& p, const Numbers& v) { visit_geometry(p, v, [](const auto&) {}); },
      nb::arg("params"), nb::arg("vectors"));
  m.def("per_view_vectors", &per_view_vectors, nb::arg("params"), nb::arg("vectors"));
  m.def(
      "fan_angle",
      [](const Numbers& p, const Numbers& v) {
        if (kind_of(p) == Kind::fan_2d) return make_fan_2d(p, v).fan_angle();
        if (kind_of(p) == Kind::fan_arc_2d) return make_fan_arc_2d(p, v).fan_angle();
        if (kind_of(p) == Kind::cone_cylindrical_3d) return make_cone_cylindrical_3d(p, v).fan_angle();
        pyronn::detail::require(kind_of(p) == Kind::cone_3d, "geometry", "has no fan angle (fan and cone beams only)");
        return make_cone_3d(p, v).fan_angle();
      },
      nb::arg("params"), nb::arg("vectors"));
  m.def(
      "circular_trajectory_3d",
      [](const Numbers& p, const Numbers& v) { return matrices_array(pyronn::circular_trajectory_3d(make_cone_3d(p, v))); },
      nb::arg("params"), nb::arg("vectors"));
  m.def(
      "helical_trajectory_3d",
      [](const Numbers& p, const Numbers& v, double pitch, double start_z) {
        return matrices_array(pyronn::helical_trajectory_3d(make_cone_3d(p, v), pitch, start_z));
      },
      nb::arg("params"), nb::arg("vectors"), nb::arg("pitch_per_turn"), nb::arg("start_z"));
}

}  // namespace pyronn_python
