#include "geometry_spec.hpp"

#include <cmath>
#include <string>

namespace pyronn_python {
namespace {

using pyronn::detail::require;

bool is_fan_or_cone(Kind k) {
  return k == Kind::fan_2d || k == Kind::cone_3d || k == Kind::fan_arc_2d || k == Kind::cone_cylindrical_3d;
}
bool is_3d(Kind k) {
  return k == Kind::parallel_3d || k == Kind::cone_3d || k == Kind::parallel_3d_vec || k == Kind::cone_3d_vec ||
         k == Kind::cone_cylindrical_3d;
}
bool is_vector_kind(Kind k) { return int(k) >= 4 && int(k) <= 7; }

// Reads params in order; integers must be whole numbers that fit an int.
struct Reader {
  const Numbers& p;
  std::size_t next = 1;
  double number() { return p[next++]; }
  int integer(const char* name) {
    const double v = p[next++];
    require(std::isfinite(v) && v == std::floor(v) && std::abs(v) < 2147483648.0, name,
            "must be an integer, got " + pyronn::detail::to_text(v));
    return int(v);
  }
};

// Returns whether params carry the origins (without them, the constructor's defaults stay).
bool require_count(const Numbers& params, Kind kind) {
  const std::size_t bare = 1 + constructor_count(kind), full = bare + origin_count(kind);
  require(params.size() == bare || params.size() == full, "geometry",
          "expected " + std::to_string(full) + " numbers, got " + std::to_string(params.size()));
  return params.size() == full;
}

std::vector<pyronn::dvec2> vectors_2d(const Numbers& v) {
  require(v.size() % 2 == 0, "central_ray_vectors", "must hold 2 numbers per view");
  std::vector<pyronn::dvec2> out(v.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = {v[2 * i], v[2 * i + 1]};
  return out;
}

std::vector<pyronn::dvec3> vectors_3d(const Numbers& v) {
  require(v.size() % 3 == 0, "ray_vectors", "must hold 3 numbers per view");
  std::vector<pyronn::dvec3> out(v.size() / 3);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = {v[3 * i], v[3 * i + 1], v[3 * i + 2]};
  return out;
}

template <class G>
G make_2d(const Numbers& params, const Numbers& vectors, Kind kind) {
  const bool has_origins = require_count(params, kind);
  Reader r{params};
  const int ny = r.integer("volume_shape"), nx = r.integer("volume_shape");
  const double sy = r.number(), sx = r.number();
  const int nu = r.integer("detector_shape");
  const double du = r.number();
  const int views = r.integer("number_of_projections");
  const double range = r.number();
  G g = [&] {
    if constexpr (std::is_same<G, pyronn::GeometryFan2D>::value || std::is_same<G, pyronn::GeometryFanArc2D>::value) {
      const double sdd = r.number(), sid = r.number();
      return G({ny, nx}, {sy, sx}, nu, du, views, range, sdd, sid);
    } else {
      return G({ny, nx}, {sy, sx}, nu, du, views, range);
    }
  }();
  if (has_origins) {
    const double oy = r.number(), ox = r.number(), ou = r.number();
    g.set_volume_origin({oy, ox});
    g.set_detector_origin(ou);
  }
  if (!vectors.empty()) g.set_central_ray_vectors(vectors_2d(vectors));
  return g;
}

template <class G>
G make_3d(const Numbers& params, const Numbers& vectors, Kind kind) {
  const bool has_origins = require_count(params, kind);
  Reader r{params};
  const int nz = r.integer("volume_shape"), ny = r.integer("volume_shape"), nx = r.integer("volume_shape");
  const double sz = r.number(), sy = r.number(), sx = r.number();
  const int nv = r.integer("detector_shape"), nu = r.integer("detector_shape");
  const double dv = r.number(), du = r.number();
  const int views = r.integer("number_of_projections");
  const double range = r.number();
  G g = [&] {
    if constexpr (std::is_same<G, pyronn::GeometryCone3D>::value ||
                  std::is_same<G, pyronn::GeometryConeCylindrical3D>::value) {
      const double sdd = r.number(), sid = r.number();
      return G({nz, ny, nx}, {sz, sy, sx}, {nv, nu}, {dv, du}, views, range, sdd, sid);
    } else {
      return G({nz, ny, nx}, {sz, sy, sx}, {nv, nu}, {dv, du}, views, range);
    }
  }();
  if (has_origins) {
    const double oz = r.number(), oy = r.number(), ox = r.number(), ov = r.number(), ou = r.number();
    g.set_volume_origin({oz, oy, ox});
    g.set_detector_origin({ov, ou});
  }
  if (!vectors.empty()) {
    if constexpr (std::is_same<G, pyronn::GeometryConeCylindrical3D>::value) {
      throw pyronn::invalid_argument("vectors", "the cylindrical detector's scan is circular; it takes no per-view vectors");
    } else if constexpr (std::is_same<G, pyronn::GeometryCone3D>::value) {
      require(vectors.size() % 12 == 0, "projection_matrices", "must hold 12 numbers (3 x 4) per view");
      std::vector<pyronn::ProjectionMatrix> m(vectors.size() / 12);
      for (std::size_t i = 0; i < m.size(); ++i)
        for (int row = 0; row < 3; ++row)
          for (int col = 0; col < 4; ++col) m[i][row][col] = vectors[i * 12 + std::size_t(row) * 4 + std::size_t(col)];
      g.set_projection_matrices(std::move(m));
    } else {
      g.set_ray_vectors(vectors_3d(vectors));
    }
  }
  return g;
}

// A vector geometry: its volume (origin set first, so the views are checked against it), its
// views as rows of 6 (2D) or 12 (3D) numbers, and its angular increment (0: the default).
pyronn::dvec2 pair_at(const double* r) { return {r[0], r[1]}; }
pyronn::dvec3 triple_at(const double* r) { return {r[0], r[1], r[2]}; }

// One view from its row: 2D (ray or source, detector, u), 3D (ray or source, detector, u, v).
template <class Vector>
Vector view_from_row(const double* r) {
  if constexpr (std::is_same<Vector, pyronn::ParallelVector2D>::value || std::is_same<Vector, pyronn::FanVector2D>::value)
    return {pair_at(r), pair_at(r + 2), pair_at(r + 4)};
  else
    return {triple_at(r), triple_at(r + 3), triple_at(r + 6), triple_at(r + 9)};
}

template <class Vector>
std::vector<Vector> vector_rows(const Numbers& v, std::size_t per_view) {
  require(!v.empty() && v.size() % per_view == 0, "vectors",
          "must hold " + std::to_string(per_view) + " numbers per view, got " + std::to_string(v.size()) + " numbers");
  std::vector<Vector> out(v.size() / per_view);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = view_from_row<Vector>(v.data() + i * per_view);
  return out;
}

// The view count in params (it fixes the sinogram's shape) must match the views given.
void require_views(int views, const Numbers& vectors, std::size_t per_view) {
  require(vectors.size() == std::size_t(views) * per_view, "vectors",
          "expected " + std::to_string(views) + " views (number_of_projections) of " + std::to_string(per_view) +
              " numbers, got " + std::to_string(vectors.size()) + " numbers");
}

template <class G, class Vector>
G make_vector(const Numbers& params, const Numbers& vectors, Kind kind) {
  const bool has_origins = require_count(params, kind);
  Reader r{params};
  constexpr bool three = is_2d<G> ? false : true;
  if constexpr (three) {
    const int nz = r.integer("volume_shape"), ny = r.integer("volume_shape"), nx = r.integer("volume_shape");
    const double sz = r.number(), sy = r.number(), sx = r.number();
    const int nv = r.integer("detector_shape"), nu = r.integer("detector_shape");
    const int views = r.integer("number_of_projections");
    const double increment = r.number();
    require_views(views, vectors, 12);
    pyronn::Volume3D volume({nz, ny, nx}, {sz, sy, sx});
    if (has_origins) {
      const double oz = r.number(), oy = r.number(), ox = r.number();
      volume.set_volume_origin({oz, oy, ox});
    }
    G g(volume, {nv, nu}, vector_rows<Vector>(vectors, three ? 12 : 6));
    if (increment != 0) g.set_angular_increment(increment);
    return g;
  } else {
    const int ny = r.integer("volume_shape"), nx = r.integer("volume_shape");
    const double sy = r.number(), sx = r.number();
    const int nu = r.integer("detector_shape");
    const int views = r.integer("number_of_projections");
    const double increment = r.number();
    require_views(views, vectors, 6);
    pyronn::Volume2D volume({ny, nx}, {sy, sx});
    if (has_origins) {
      const double oy = r.number(), ox = r.number();
      volume.set_volume_origin({oy, ox});
    }
    G g(volume, nu, vector_rows<Vector>(vectors, three ? 12 : 6));
    if (increment != 0) g.set_angular_increment(increment);
    return g;
  }
}

}  // namespace

std::size_t constructor_count(Kind kind) {
  if (is_vector_kind(kind)) return is_3d(kind) ? 10 : 7;
  return (is_3d(kind) ? 12 : 8) + (is_fan_or_cone(kind) ? 2 : 0);
}
std::size_t origin_count(Kind kind) {
  if (is_vector_kind(kind)) return is_3d(kind) ? 3 : 2;
  return is_3d(kind) ? 5 : 3;
}

Kind kind_of(const Numbers& params) {
  require(!params.empty() && params[0] >= 0 && params[0] <= 9 && params[0] == std::floor(params[0]), "geometry",
          "the first number must be the geometry kind 0..9");
  return Kind(int(params[0]));
}

pyronn::GeometryParallel2D make_parallel_2d(const Numbers& p, const Numbers& v) {
  return make_2d<pyronn::GeometryParallel2D>(p, v, Kind::parallel_2d);
}
pyronn::GeometryFan2D make_fan_2d(const Numbers& p, const Numbers& v) {
  return make_2d<pyronn::GeometryFan2D>(p, v, Kind::fan_2d);
}
pyronn::GeometryParallel3D make_parallel_3d(const Numbers& p, const Numbers& v) {
  return make_3d<pyronn::GeometryParallel3D>(p, v, Kind::parallel_3d);
}
pyronn::GeometryCone3D make_cone_3d(const Numbers& p, const Numbers& v) {
  return make_3d<pyronn::GeometryCone3D>(p, v, Kind::cone_3d);
}
pyronn::GeometryParallel2DVec make_parallel_2d_vec(const Numbers& p, const Numbers& v) {
  return make_vector<pyronn::GeometryParallel2DVec, pyronn::ParallelVector2D>(p, v, Kind::parallel_2d_vec);
}
pyronn::GeometryFan2DVec make_fan_2d_vec(const Numbers& p, const Numbers& v) {
  return make_vector<pyronn::GeometryFan2DVec, pyronn::FanVector2D>(p, v, Kind::fan_2d_vec);
}
pyronn::GeometryParallel3DVec make_parallel_3d_vec(const Numbers& p, const Numbers& v) {
  return make_vector<pyronn::GeometryParallel3DVec, pyronn::ParallelVector3D>(p, v, Kind::parallel_3d_vec);
}
pyronn::GeometryCone3DVec make_cone_3d_vec(const Numbers& p, const Numbers& v) {
  return make_vector<pyronn::GeometryCone3DVec, pyronn::ConeVector3D>(p, v, Kind::cone_3d_vec);
}

pyronn::GeometryFanArc2D make_fan_arc_2d(const Numbers& p, const Numbers& v) {
  return make_2d<pyronn::GeometryFanArc2D>(p, v, Kind::fan_arc_2d);
}
pyronn::GeometryConeCylindrical3D make_cone_cylindrical_3d(const Numbers& p, const Numbers& v) {
  return make_3d<pyronn::GeometryConeCylindrical3D>(p, v, Kind::cone_cylindrical_3d);
}

}  // namespace pyronn_python
