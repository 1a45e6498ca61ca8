#pragma once
// Exact line integrals of an ellipse phantom along every ray of a 2D geometry: the oracle that
// forward projections are checked against. The rays are the projector's own (Beam::ray), the
// integration is closed-form. detector_supersampling > 1 averages that many rays spread evenly
// over each bin's width, as a detector element integrates over its aperture: such data carry less
// aliasing into a reconstruction than point samples do.

#include <pyronn/core/errors.hpp>
#include <pyronn/kernels/beam_2d.hpp>
#include <pyronn/phantoms/ellipse.hpp>

#include <vector>

namespace pyronn {

template <class Geometry>
std::vector<float> analytic_sinogram_2d(const std::vector<Ellipse>& ellipses, const Geometry& geometry,
                                        int detector_supersampling = 1) {
  detail::require(detector_supersampling > 0, "detector_supersampling",
                  "must be > 0, got " + detail::to_text(detector_supersampling));
  using beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const int nu = geometry.detector_shape();
  std::vector<float> sinogram(geometry.sinogram_size());
  for (std::size_t v = 0; v < views.size(); ++v)
    for (int u = 0; u < nu; ++u) {
      double sum = 0;
      for (int k = 0; k < detector_supersampling; ++k) {
        const Ray2D r = beam::ray(views[v], float(u - 0.5 + (k + 0.5) / detector_supersampling));
        const dvec2 origin = vec_cast<double>(r.origin);
        dvec2 dir = vec_cast<double>(r.dir);
        dir = (1.0 / norm(dir)) * dir;
        for (const Ellipse& e : ellipses) sum += e.density * e.chord(origin, dir, r.t_min, r.t_max);
      }
      sinogram[v * std::size_t(nu) + u] = float(sum / detector_supersampling);
    }
  return sinogram;
}

}  // namespace pyronn
