// A wobbling fan-beam scan described view by view, projected, and a circular scan's vector form
// handed to ASTRA.
#include <pyronn/convert/astra.hpp>
#include <pyronn/geometry/vector_conversion.hpp>
#include <pyronn/pyronn.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  const double pi = 3.14159265358979323846;
  const pyronn::GeometryFan2D circle({128, 128}, {1.0, 1.0}, 256, 1.5, 180, 2 * pi, 800.0, 500.0);

  // The same scan, view by view: source, detector centre and the vector from one bin to the next.
  std::vector<pyronn::FanVector2D> views = pyronn::to_vector_geometry(circle).vectors();
  for (std::size_t i = 0; i < views.size(); ++i) {
    views[i].source = (1.0 + 0.02 * std::sin(0.3 * double(i))) * views[i].source;  // the distance wobbles
    views[i].detector = views[i].detector + (0.5 * std::cos(0.1 * double(i))) * views[i].u;  // the detector shifts
  }
  const pyronn::GeometryFan2DVec wobble({128, 128}, {1.0, 1.0}, 256, views);

  const std::vector<float> phantom = pyronn::rasterize_2d(pyronn::shepp_logan_2d(64.0), wobble);
  std::vector<float> sinogram(wobble.sinogram_size());
  pyronn::host::Projector2D<pyronn::GeometryFan2DVec>(wobble).forward(phantom.data(), sinogram.data());

  // ASTRA's fanflat_vec rows of the circular scan (y mirrored: ASTRA's image rows run downwards).
  const pyronn::AstraVec2D astra = pyronn::to_astra_fanflat_vec(pyronn::to_vector_geometry(circle));
  std::printf("view 0: ASTRA source (%.1f, %.1f); wobbly sinogram centre %.3f\n", astra.vectors[0][0],
              astra.vectors[0][1], sinogram[90 * 256 + 128]);
  return 0;
}
