#pragma once
// Ellipse phantoms rasterised on a geometry's pixel grid, each pixel the mean of
// supersampling x supersampling point samples spread evenly over its area.

#include <pyronn/core/errors.hpp>
#include <pyronn/phantoms/ellipse.hpp>

#include <vector>

namespace pyronn {

template <class Geometry>
std::vector<float> rasterize_2d(const std::vector<Ellipse>& ellipses, const Geometry& geometry, int supersampling = 4) {
  detail::require(supersampling > 0, "supersampling", "must be > 0, got " + detail::to_text(supersampling));
  const auto shape = geometry.volume_shape();
  const auto spacing = geometry.volume_spacing();
  const auto origin = geometry.volume_origin();
  std::vector<float> image(geometry.volume_size());
  const double n = supersampling;
  for (int y = 0; y < shape[0]; ++y)
    for (int x = 0; x < shape[1]; ++x) {
      double sum = 0;
      for (int sy = 0; sy < supersampling; ++sy)
        for (int sx = 0; sx < supersampling; ++sx) {
          const dvec2 p = {origin[1] + (x - 0.5 + (sx + 0.5) / n) * spacing[1],
                           origin[0] + (y - 0.5 + (sy + 0.5) / n) * spacing[0]};
          for (const Ellipse& e : ellipses)
            if (e.contains(p)) sum += e.density;
        }
      image[std::size_t(y) * shape[1] + x] = float(sum / (n * n));
    }
  return image;
}

}  // namespace pyronn
