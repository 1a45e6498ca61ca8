// Phantoms as plain arrays: ellipses [n][6] = (cx, cy, ax, ay, angle, density), ellipsoids
// [n][16] = (centre xyz, semi-axes xyz, rotation 3 x 3 row-major, density); their rasters on a
// geometry's grid and their exact analytic projections.
#include "arrays.hpp"
#include "geometry_spec.hpp"

#include <pyronn/phantoms/analytic_projections_3d.hpp>
#include <pyronn/phantoms/analytic_sinogram_2d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/raster_3d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/phantoms/shepp_logan_3d.hpp>

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <string>

namespace nb = nanobind;

namespace pyronn_python {
namespace {

using pyronn::detail::require;

pyronn::SheppLoganContrast contrast_from_string(const std::string& name) {
  if (name == "modified") return pyronn::SheppLoganContrast::modified;
  if (name == "original") return pyronn::SheppLoganContrast::original;
  throw pyronn::invalid_argument("contrast", "must be 'modified' or 'original', got '" + name + "'");
}

std::vector<pyronn::Ellipse> ellipses_from(const Numbers& v) {
  require(v.size() % 6 == 0, "ellipses", "must have shape (n, 6)");
  std::vector<pyronn::Ellipse> out(v.size() / 6);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double* e = &v[6 * i];
    out[i] = {{e[0], e[1]}, {e[2], e[3]}, e[4], e[5]};
  }
  return out;
}

nb::ndarray<nb::numpy, double> ellipses_array(const std::vector<pyronn::Ellipse>& ellipses) {
  std::vector<double> flat;
  for (const auto& e : ellipses)
    flat.insert(flat.end(), {e.centre.x, e.centre.y, e.semi_axes.x, e.semi_axes.y, e.angle, e.density});
  return to_numpy(std::move(flat), {ellipses.size(), 6});
}

std::vector<pyronn::Ellipsoid> ellipsoids_from(const Numbers& v) {
  require(v.size() % 16 == 0, "ellipsoids", "must have shape (n, 16)");
  std::vector<pyronn::Ellipsoid> out(v.size() / 16);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double* e = &v[16 * i];
    out[i].centre = {e[0], e[1], e[2]};
    out[i].semi_axes = {e[3], e[4], e[5]};
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) out[i].rotation[r][c] = e[6 + 3 * r + c];
    out[i].density = e[15];
  }
  return out;
}

nb::ndarray<nb::numpy, double> ellipsoids_array(const std::vector<pyronn::Ellipsoid>& ellipsoids) {
  std::vector<double> flat;
  for (const auto& e : ellipsoids) {
    flat.insert(flat.end(), {e.centre.x, e.centre.y, e.centre.z, e.semi_axes.x, e.semi_axes.y, e.semi_axes.z});
    for (const auto& row : e.rotation) flat.insert(flat.end(), row.begin(), row.end());
    flat.push_back(e.density);
  }
  return to_numpy(std::move(flat), {ellipsoids.size(), 16});
}

// Calls f with a 2D (or 3D) geometry, refusing the other dimension with a named error.
template <bool want_2d, class F>
nb::ndarray<nb::numpy, float> with_geometry(const Numbers& params, const Numbers& vectors, F&& f) {
  return visit_geometry(params, vectors, [&](const auto& g) -> nb::ndarray<nb::numpy, float> {
    if constexpr (is_2d<std::decay_t<decltype(g)>> == want_2d) {
      return f(g);
    } else {
      throw pyronn::invalid_argument("geometry", want_2d ? "must be a 2D geometry" : "must be a 3D geometry");
    }
  });
}

template <class G>
nb::ndarray<nb::numpy, float> volume_array(std::vector<float>&& v, const G& g) {
  return to_numpy(std::move(v), volume_dims(g));
}
template <class G>
nb::ndarray<nb::numpy, float> sinogram_array(std::vector<float>&& v, const G& g) {
  return to_numpy(std::move(v), sinogram_dims(g));
}

}  // namespace

void bind_phantoms(nb::module_& m) {
  m.def(
      "shepp_logan_2d",
      [](double radius, const std::string& contrast) {
        return ellipses_array(pyronn::shepp_logan_2d(radius, contrast_from_string(contrast)));
      },
      nb::arg("radius"), nb::arg("contrast"));
  m.def(
      "shepp_logan_3d",
      [](double radius, const std::string& contrast) {
        return ellipsoids_array(pyronn::shepp_logan_3d(radius, contrast_from_string(contrast)));
      },
      nb::arg("radius"), nb::arg("contrast"));
  m.def(
      "ellipsoid",
      [](const Numbers& centre, const Numbers& semi_axes, double density, double phi, double theta, double psi) {
        require(centre.size() == 3, "centre", "must hold 3 numbers");
        require(semi_axes.size() == 3, "semi_axes", "must hold 3 numbers");
        return ellipsoids_array({pyronn::make_ellipsoid({centre[0], centre[1], centre[2]},
                                                        {semi_axes[0], semi_axes[1], semi_axes[2]}, density, phi,
                                                        theta, psi)});
      },
      nb::arg("centre"), nb::arg("semi_axes"), nb::arg("density"), nb::arg("phi"), nb::arg("theta"), nb::arg("psi"));
  m.def(
      "rasterize_2d",
      [](const Numbers& ellipses, const Numbers& params, const Numbers& vectors, int supersampling) {
        return with_geometry<true>(params, vectors, [&](const auto& g) {
          return volume_array(pyronn::rasterize_2d(ellipses_from(ellipses), g, supersampling), g);
        });
      },
      nb::arg("ellipses"), nb::arg("params"), nb::arg("vectors"), nb::arg("supersampling"));
  m.def(
      "analytic_sinogram_2d",
      [](const Numbers& ellipses, const Numbers& params, const Numbers& vectors, int detector_supersampling) {
        return with_geometry<true>(params, vectors, [&](const auto& g) {
          return sinogram_array(pyronn::analytic_sinogram_2d(ellipses_from(ellipses), g, detector_supersampling), g);
        });
      },
      nb::arg("ellipses"), nb::arg("params"), nb::arg("vectors"), nb::arg("detector_supersampling"));
  m.def(
      "rasterize_3d",
      [](const Numbers& ellipsoids, const Numbers& params, const Numbers& vectors, int supersampling, int threads) {
        return with_geometry<false>(params, vectors, [&](const auto& g) {
          std::vector<float> v;
          {
            nb::gil_scoped_release release;
            v = pyronn::rasterize_3d(ellipsoids_from(ellipsoids), g, supersampling, threads);
          }
          return volume_array(std::move(v), g);
        });
      },
      nb::arg("ellipsoids"), nb::arg("params"), nb::arg("vectors"), nb::arg("supersampling"), nb::arg("threads"));
  m.def(
      "analytic_projections_3d",
      [](const Numbers& ellipsoids, const Numbers& params, const Numbers& vectors, int detector_supersampling,
         int threads) {
        return with_geometry<false>(params, vectors, [&](const auto& g) {
          std::vector<float> v;
          {
            nb::gil_scoped_release release;
            v = pyronn::analytic_projections_3d(ellipsoids_from(ellipsoids), g, detector_supersampling, threads);
          }
          return sinogram_array(std::move(v), g);
        });
      },
      nb::arg("ellipsoids"), nb::arg("params"), nb::arg("vectors"), nb::arg("detector_supersampling"),
      nb::arg("threads"));
}

}  // namespace pyronn_python
