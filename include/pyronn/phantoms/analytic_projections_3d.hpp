#pragma once
// Exact line integrals of an ellipsoid phantom along every ray of a 3D geometry, [views][V][U]:
// the oracle that 3D forward projections are checked against. The rays are the projector's own
// (Beam::ray on geometry.views()), the integration is closed-form. detector_supersampling > 1
// averages detector_supersampling^2 rays spread evenly over each pixel's area, as a detector
// element integrates over its aperture.

#include <pyronn/core/errors.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/kernels/beam_3d.hpp>
#include <pyronn/phantoms/ellipsoid.hpp>

#include <cstddef>
#include <vector>

namespace pyronn {

// Geometry: GeometryCone3D or GeometryParallel3D. threads = 0: one per hardware thread.
template <class Geometry>
std::vector<float> analytic_projections_3d(const std::vector<Ellipsoid>& ellipsoids, const Geometry& geometry,
                                           int detector_supersampling = 1, int threads = 0) {
  detail::require(detector_supersampling > 0, "detector_supersampling",
                  "must be > 0, got " + detail::to_text(detector_supersampling));
  const int workers = host::resolve_thread_count(threads);
  using beam = typename Geometry::beam_type;
  const std::vector<View3D> views = geometry.views();
  const int nu = geometry.detector_shape()[1], nv = geometry.detector_shape()[0], n = detector_supersampling;
  std::vector<float> projections(geometry.sinogram_size());
  // One task per detector row of one view.
  host::parallel_for(views.size() * std::size_t(nv), workers,
                     [&](std::size_t begin, std::size_t end) {
    for (std::size_t row = begin; row < end; ++row) {
      const View3D& view = views[row / std::size_t(nv)];
      const int v = int(row % std::size_t(nv));
      for (int u = 0; u < nu; ++u) {
        double sum = 0;
        for (int kv = 0; kv < n; ++kv)
          for (int ku = 0; ku < n; ++ku) {
            const Ray3D r = beam::ray(view, float(u - 0.5 + (ku + 0.5) / n), float(v - 0.5 + (kv + 0.5) / n));
            const dvec3 origin = vec_cast<double>(r.origin);
            dvec3 dir = vec_cast<double>(r.dir);
            dir = (1.0 / norm(dir)) * dir;
            for (const Ellipsoid& e : ellipsoids) sum += e.density * e.chord(origin, dir, r.t_min, r.t_max);
          }
        projections[row * std::size_t(nu) + std::size_t(u)] = float(sum / (double(n) * n));
      }
    }
  });
  return projections;
}

}  // namespace pyronn
