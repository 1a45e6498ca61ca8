#include "geometry_spec.hpp"

#include <cmath>
#include <string>

namespace pyronn_python {
namespace {

using pyronn::detail::require;

bool is_fan_or_cone(Kind k) { return k == Kind::fan_2d || k == Kind::cone_3d; }
bool is_3d(Kind k) { return k == Kind::parallel_3d || k == Kind::cone_3d; }

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
    if constexpr (std::is_same<G, pyronn::GeometryFan2D>::value) {
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
    if constexpr (std::is_same<G, pyronn::GeometryCone3D>::value) {
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
    if constexpr (std::is_same<G, pyronn::GeometryCone3D>::value) {
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

}  // namespace

std::size_t constructor_count(Kind kind) { return (is_3d(kind) ? 12 : 8) + (is_fan_or_cone(kind) ? 2 : 0); }
std::size_t origin_count(Kind kind) { return is_3d(kind) ? 5 : 3; }

Kind kind_of(const Numbers& params) {
  require(!params.empty() && (params[0] == 0 || params[0] == 1 || params[0] == 2 || params[0] == 3), "geometry",
          "the first number must be the geometry kind 0..3");
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

}  // namespace pyronn_python
