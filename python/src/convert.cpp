// The conversions python/pyronn/convert.py calls: circular -> vector geometries, ASTRA's
// descriptions both ways (include/pyronn/convert/astra.hpp) and scikit-image's radon geometry
// (include/pyronn/convert/skimage.hpp). Geometries come and go as (params, vectors), the plain
// numbers of geometry_spec.hpp; ASTRA's descriptions as plain lists that convert.py packs into
// ASTRA's dictionaries.
#include "geometry_spec.hpp"

#include <pyronn/convert/astra.hpp>
#include <pyronn/convert/skimage.hpp>
#include <pyronn/convert/tomosipo.hpp>
#include <pyronn/geometry/vector_conversion.hpp>

#include <nanobind/nanobind.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace nb = nanobind;
using pyronn::detail::require;

namespace pyronn_python {
namespace {

using Spec = std::pair<Numbers, Numbers>;  // (params, vectors)

void append(Numbers& out, pyronn::dvec2 a) { out.insert(out.end(), {a.x, a.y}); }
void append(Numbers& out, pyronn::dvec3 a) { out.insert(out.end(), {a.x, a.y, a.z}); }

template <class V>
void append_volume(Numbers& params, const V& g) {
  for (int n : g.volume_shape()) params.push_back(n);
  for (double s : g.volume_spacing()) params.push_back(s);
}

// ----- (params, vectors) of a C++ geometry -----------------------------------------------------

template <class G>
Spec spec_2d(const G& g, Kind kind, Numbers distances) {
  Numbers p{double(int(kind))};
  append_volume(p, g);
  p.insert(p.end(), {double(g.detector_shape()), g.detector_spacing(), double(g.number_of_projections()),
                     g.angular_range()});
  p.insert(p.end(), distances.begin(), distances.end());
  for (double o : g.volume_origin()) p.push_back(o);
  p.push_back(g.detector_origin());
  Numbers v;
  for (const auto& r : g.central_ray_vectors()) append(v, r);
  return {p, v};
}

template <class G>
Spec spec_3d(const G& g, Kind kind, Numbers distances, Numbers vectors) {
  Numbers p{double(int(kind))};
  append_volume(p, g);
  for (int n : g.detector_shape()) p.push_back(n);
  for (double s : g.detector_spacing()) p.push_back(s);
  p.insert(p.end(), {double(g.number_of_projections()), g.angular_range()});
  p.insert(p.end(), distances.begin(), distances.end());
  for (double o : g.volume_origin()) p.push_back(o);
  for (double o : g.detector_origin()) p.push_back(o);
  return {p, vectors};
}

Spec spec(const pyronn::GeometryParallel2D& g) { return spec_2d(g, Kind::parallel_2d, {}); }
Spec spec(const pyronn::GeometryFan2D& g) {
  return spec_2d(g, Kind::fan_2d, {g.source_detector_distance(), g.source_isocenter_distance()});
}
Spec spec(const pyronn::GeometryFanArc2D& g) {
  return spec_2d(g, Kind::fan_arc_2d, {g.source_detector_distance(), g.source_isocenter_distance()});
}
Spec spec(const pyronn::GeometryConeCylindrical3D& g) {
  return spec_3d(g, Kind::cone_cylindrical_3d, {g.source_detector_distance(), g.source_isocenter_distance()}, {});
}
Spec spec(const pyronn::GeometryParallel3D& g) {
  Numbers v;
  for (const auto& r : g.ray_vectors()) append(v, r);
  return spec_3d(g, Kind::parallel_3d, {}, v);
}
Spec spec(const pyronn::GeometryCone3D& g) {
  Numbers v;
  for (const auto& m : g.projection_matrices())
    for (const auto& row : m) v.insert(v.end(), row.begin(), row.end());
  return spec_3d(g, Kind::cone_3d, {g.source_detector_distance(), g.source_isocenter_distance()}, v);
}

template <class G>
Spec spec_vector(const G& g, Kind kind) {
  Numbers p{double(int(kind))};
  append_volume(p, g);
  if constexpr (is_2d<G>) {
    p.push_back(g.detector_shape());
  } else {
    for (int n : g.detector_shape()) p.push_back(n);
  }
  p.push_back(g.number_of_projections());
  p.push_back(g.angular_increment());
  for (double o : g.volume_origin()) p.push_back(o);
  Numbers v;
  for (const auto& view : g.vectors()) {
    if constexpr (std::is_same<G, pyronn::GeometryParallel2DVec>::value || std::is_same<G, pyronn::GeometryParallel3DVec>::value)
      append(v, view.ray);
    else
      append(v, view.source);
    append(v, view.detector);
    append(v, view.u);
    if constexpr (!is_2d<G>) append(v, view.v);
  }
  return {p, v};
}

Spec spec(const pyronn::GeometryParallel2DVec& g) { return spec_vector(g, Kind::parallel_2d_vec); }
Spec spec(const pyronn::GeometryFan2DVec& g) { return spec_vector(g, Kind::fan_2d_vec); }
Spec spec(const pyronn::GeometryParallel3DVec& g) { return spec_vector(g, Kind::parallel_3d_vec); }
Spec spec(const pyronn::GeometryCone3DVec& g) { return spec_vector(g, Kind::cone_3d_vec); }

// ----- ASTRA -------------------------------------------------------------------------------------

// (volume, scalars, angles, rows): the lists convert.py packs into ASTRA's dictionaries.
using AstraLists = std::tuple<Numbers, Numbers, Numbers, Numbers>;

Numbers volume_list(const pyronn::AstraVolume2D& v) {
  return {double(v.rows), double(v.cols), v.min_x, v.max_x, v.min_y, v.max_y};
}
Numbers volume_list(const pyronn::AstraVolume3D& v) {
  return {double(v.rows), double(v.cols), double(v.slices), v.min_x, v.max_x, v.min_y, v.max_y, v.min_z, v.max_z};
}

template <std::size_t N>
Numbers rows_list(const std::vector<std::array<double, N>>& rows) {
  Numbers out;
  for (const auto& r : rows) out.insert(out.end(), r.begin(), r.end());
  return out;
}

template <class Want, class G, class F>
AstraLists require_kind(const G& g, const std::string& type, const char* what, F&& f) {
  if constexpr (std::is_same<G, Want>::value) {
    return f(g);
  } else {
    throw pyronn::invalid_argument("type", "ASTRA's '" + type + "' describes " + what + "; the geometry is another");
  }
}

AstraLists to_astra(const Numbers& params, const Numbers& vectors, const std::string& type) {
  return visit_geometry(params, vectors, [&](const auto& g) -> AstraLists {
    using G = std::decay_t<decltype(g)>;
    if constexpr (is_curved<G>) {
      throw pyronn::invalid_argument("geometry", "ASTRA has no curved detectors; this geometry's detector is curved");
    } else {
    if (type == "parallel")
      return require_kind<pyronn::GeometryParallel2D>(g, type, "a GeometryParallel2D", [](const auto& h) {
        const auto a = pyronn::to_astra_parallel(h);
        return AstraLists{volume_list(pyronn::to_astra_volume(h)), {a.detector_width, double(a.detector_count)},
                          a.angles, {}};
      });
    if (type == "fanflat")
      return require_kind<pyronn::GeometryFan2D>(g, type, "a GeometryFan2D", [](const auto& h) {
        const auto a = pyronn::to_astra_fanflat(h);
        return AstraLists{volume_list(pyronn::to_astra_volume(h)),
                          {a.detector_width, double(a.detector_count), a.origin_source, a.origin_detector}, a.angles,
                          {}};
      });
    if (type == "parallel3d")
      return require_kind<pyronn::GeometryParallel3D>(g, type, "a GeometryParallel3D", [](const auto& h) {
        const auto a = pyronn::to_astra_parallel3d(h);
        return AstraLists{volume_list(pyronn::to_astra_volume(h)),
                          {a.spacing_x, a.spacing_y, double(a.rows), double(a.cols)}, a.angles, {}};
      });
    if (type == "cone")
      return require_kind<pyronn::GeometryCone3D>(g, type, "a GeometryCone3D", [](const auto& h) {
        const auto a = pyronn::to_astra_cone(h);
        return AstraLists{volume_list(pyronn::to_astra_volume(h)),
                          {a.spacing_x, a.spacing_y, double(a.rows), double(a.cols), a.origin_source,
                           a.origin_detector},
                          a.angles, {}};
      });
    // The vector forms take circular geometries too (their views, exactly).
    auto as_vector = [](const auto& h) {
      if constexpr (is_vector<std::decay_t<decltype(h)>>) return h;
      else return pyronn::to_vector_geometry(h);
    };
    const auto v = as_vector(g);
    using V = std::decay_t<decltype(v)>;
    if (type == "parallel_vec")
      return require_kind<pyronn::GeometryParallel2DVec>(v, type, "a 2D parallel beam", [](const auto& h) {
        const auto a = pyronn::to_astra_parallel_vec(h);
        return AstraLists{volume_list(pyronn::to_astra_volume(h)), {double(a.detector_count)}, {}, rows_list(a.vectors)};
      });
    if (type == "fanflat_vec")
      return require_kind<pyronn::GeometryFan2DVec>(v, type, "a 2D fan beam", [](const auto& h) {
        const auto a = pyronn::to_astra_fanflat_vec(h);
        return AstraLists{volume_list(pyronn::to_astra_volume(h)), {double(a.detector_count)}, {}, rows_list(a.vectors)};
      });
    if (type == "parallel3d_vec")
      return require_kind<pyronn::GeometryParallel3DVec>(v, type, "a 3D parallel beam", [](const auto& h) {
        const auto a = pyronn::to_astra_parallel3d_vec(h);
        return AstraLists{volume_list(pyronn::to_astra_volume(h)), {double(a.rows), double(a.cols)}, {},
                          rows_list(a.vectors)};
      });
    if (type == "cone_vec")
      return require_kind<pyronn::GeometryCone3DVec>(v, type, "a cone beam", [](const auto& h) {
        const auto a = pyronn::to_astra_cone_vec(h);
        return AstraLists{volume_list(pyronn::to_astra_volume(h)), {double(a.rows), double(a.cols)}, {},
                          rows_list(a.vectors)};
      });
    (void)sizeof(V);
    throw pyronn::invalid_argument("type", "must be one of parallel, fanflat, parallel_vec, fanflat_vec, parallel3d, "
                                           "cone, parallel3d_vec, cone_vec; got '" + type + "'");
    }
  });
}

int count(double value, const char* name) {
  require(value == double(int(value)) && value > 0, name, "must be a positive integer");
  return int(value);
}

void require_size(const Numbers& v, std::size_t n, const char* name) {
  require(v.size() == n, name, "expected " + std::to_string(n) + " numbers, got " + std::to_string(v.size()));
}

pyronn::AstraVolume2D volume_2d(const Numbers& v) {
  require_size(v, 6, "vol_geom");
  return {count(v[0], "GridRowCount"), count(v[1], "GridColCount"), v[2], v[3], v[4], v[5]};
}
pyronn::AstraVolume3D volume_3d(const Numbers& v) {
  require_size(v, 9, "vol_geom");
  return {count(v[0], "GridRowCount"), count(v[1], "GridColCount"), count(v[2], "GridSliceCount"), v[3], v[4], v[5],
          v[6], v[7], v[8]};
}

template <std::size_t N>
std::vector<std::array<double, N>> rows_of(const Numbers& v) {
  require(!v.empty() && v.size() % N == 0, "Vectors", "must have " + std::to_string(N) + " columns and at least one row");
  std::vector<std::array<double, N>> out(v.size() / N);
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t k = 0; k < N; ++k) out[i][k] = v[i * N + k];
  return out;
}

Spec from_astra(const std::string& type, const Numbers& volume, const Numbers& s, const Numbers& angles,
                const Numbers& rows) {
  if (type == "parallel") {
    require_size(s, 2, "proj_geom");
    return spec(pyronn::from_astra_parallel(volume_2d(volume), {s[0], count(s[1], "DetectorCount"), angles}));
  }
  if (type == "fanflat") {
    require_size(s, 4, "proj_geom");
    return spec(pyronn::from_astra_fanflat(volume_2d(volume), {s[0], count(s[1], "DetectorCount"), angles, s[2], s[3]}));
  }
  if (type == "parallel_vec" || type == "fanflat_vec") {
    require_size(s, 1, "proj_geom");
    const pyronn::AstraVec2D a{count(s[0], "DetectorCount"), rows_of<6>(rows)};
    if (type == "parallel_vec") return spec(pyronn::from_astra_parallel_vec(volume_2d(volume), a));
    return spec(pyronn::from_astra_fanflat_vec(volume_2d(volume), a));
  }
  if (type == "parallel3d") {
    require_size(s, 4, "proj_geom");
    return spec(pyronn::from_astra_parallel3d(
        volume_3d(volume), {s[0], s[1], count(s[2], "DetectorRowCount"), count(s[3], "DetectorColCount"), angles}));
  }
  if (type == "cone") {
    require_size(s, 6, "proj_geom");
    return spec(pyronn::from_astra_cone(volume_3d(volume), {s[0], s[1], count(s[2], "DetectorRowCount"),
                                                            count(s[3], "DetectorColCount"), angles, s[4], s[5]}));
  }
  if (type == "parallel3d_vec" || type == "cone_vec") {
    require_size(s, 2, "proj_geom");
    const pyronn::AstraVec3D a{count(s[0], "DetectorRowCount"), count(s[1], "DetectorColCount"), rows_of<12>(rows)};
    if (type == "parallel3d_vec") return spec(pyronn::from_astra_parallel3d_vec(volume_3d(volume), a));
    return spec(pyronn::from_astra_cone_vec(volume_3d(volume), a));
  }
  throw pyronn::invalid_argument("type", "is not an ASTRA geometry pyronn converts: '" + type + "'");
}

// ----- tomosipo ----------------------------------------------------------------------------------

// (volume [shape, pos, size], is_cone, detector shape, first, det_pos, det_v, det_u): flat (z, y, x) rows.
using TomosipoLists = std::tuple<Numbers, bool, Numbers, Numbers, Numbers, Numbers, Numbers>;

Numbers flat(const std::vector<std::array<double, 3>>& rows) {
  Numbers out;
  for (const auto& r : rows) out.insert(out.end(), r.begin(), r.end());
  return out;
}

std::vector<std::array<double, 3>> triples(const Numbers& v, const char* name) {
  require(v.size() % 3 == 0, name, "must have 3 columns (z, y, x)");
  std::vector<std::array<double, 3>> out(v.size() / 3);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = {v[3 * i], v[3 * i + 1], v[3 * i + 2]};
  return out;
}

TomosipoLists to_tomosipo(const Numbers& params, const Numbers& vectors) {
  return visit_geometry(params, vectors, [](const auto& g) -> TomosipoLists {
    using G = std::decay_t<decltype(g)>;
    if constexpr (is_curved<G>) {
      throw pyronn::invalid_argument("geometry", "tomosipo has no curved detectors; this geometry's detector is curved");
    } else if constexpr (is_2d<G>) {
      throw pyronn::invalid_argument("geometry", "tomosipo describes 3D geometries; this one is 2D");
    } else {
      const auto v = [&] {
        if constexpr (is_vector<G>) return g;
        else return pyronn::to_vector_geometry(g);
      }();
      using V = std::decay_t<decltype(v)>;
      const pyronn::TomosipoVolume vol = pyronn::to_tomosipo_volume(v);
      Numbers volume;
      for (int n : vol.shape) volume.push_back(n);
      volume.insert(volume.end(), vol.pos.begin(), vol.pos.end());
      volume.insert(volume.end(), vol.size.begin(), vol.size.end());
      constexpr bool cone = std::is_same<V, pyronn::GeometryCone3DVec>::value;
      pyronn::TomosipoVec t;
      if constexpr (cone) t = pyronn::to_tomosipo_cone_vec(v);
      else t = pyronn::to_tomosipo_parallel_vec(v);
      return TomosipoLists{volume, cone, {double(t.shape[0]), double(t.shape[1])}, flat(t.first), flat(t.det_pos),
                           flat(t.det_v), flat(t.det_u)};
    }
  });
}

Spec from_tomosipo(bool cone, const Numbers& volume, const Numbers& shape, const Numbers& first,
                   const Numbers& det_pos, const Numbers& det_v, const Numbers& det_u) {
  require_size(volume, 9, "volume");
  require_size(shape, 2, "shape");
  const pyronn::TomosipoVolume vol{{count(volume[0], "shape"), count(volume[1], "shape"), count(volume[2], "shape")},
                                   {volume[3], volume[4], volume[5]},
                                   {volume[6], volume[7], volume[8]}};
  const pyronn::TomosipoVec t{{count(shape[0], "shape"), count(shape[1], "shape")},
                              triples(first, cone ? "src_pos" : "ray_dir"), triples(det_pos, "det_pos"),
                              triples(det_v, "det_v"), triples(det_u, "det_u")};
  if (cone) return spec(pyronn::from_tomosipo_cone_vec(vol, t));
  return spec(pyronn::from_tomosipo_parallel_vec(vol, t));
}

}  // namespace

void bind_convert(nb::module_& m) {
  m.def("to_tomosipo", &to_tomosipo, nb::arg("params"), nb::arg("vectors"));
  m.def("from_tomosipo", &from_tomosipo, nb::arg("cone"), nb::arg("volume"), nb::arg("shape"), nb::arg("first"),
        nb::arg("det_pos"), nb::arg("det_v"), nb::arg("det_u"));
  m.def(
      "to_vector_geometry",
      [](const Numbers& params, const Numbers& vectors) {
        return visit_geometry(params, vectors, [](const auto& g) -> Spec {
          if constexpr (is_curved<std::decay_t<decltype(g)>>)
            throw pyronn::invalid_argument("geometry", "a curved detector has no vector form (its views are flat detectors' only)");
          else if constexpr (is_vector<std::decay_t<decltype(g)>>) return spec(g);
          else return spec(pyronn::to_vector_geometry(g));
        });
      },
      nb::arg("params"), nb::arg("vectors"));
  m.def(
      "to_circular_geometry",
      [](const Numbers& params, const Numbers& vectors) {
        return visit_geometry(params, vectors, [](const auto& g) -> Spec {
          if constexpr (is_vector<std::decay_t<decltype(g)>>) return spec(pyronn::to_circular_geometry(g));
          else return spec(g);
        });
      },
      nb::arg("params"), nb::arg("vectors"));
  m.def("to_astra", &to_astra, nb::arg("params"), nb::arg("vectors"), nb::arg("type"));
  m.def("from_astra", &from_astra, nb::arg("type"), nb::arg("volume"), nb::arg("scalars"), nb::arg("angles"),
        nb::arg("rows"));
  m.def(
      "radon_geometry",
      [](int size, const Numbers& theta_degrees) { return spec(pyronn::radon_geometry(size, theta_degrees)); },
      nb::arg("size"), nb::arg("theta_degrees"));
}

}  // namespace pyronn_python
