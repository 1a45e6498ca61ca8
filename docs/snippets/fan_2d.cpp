// Project an image, take the gradient of a loss through the projector, and reconstruct by FBP.
#include <pyronn/pyronn.hpp>

#include <cstdio>
#include <vector>

int main() {
  const double pi = 3.14159265358979323846;
  // volume [Y, X] and its spacing (mm), detector bins and spacing (mm), views, angular range (rad),
  // source-detector and source-isocentre distances (mm)
  const pyronn::GeometryFan2D geometry({128, 128}, {1.0, 1.0}, 256, 1.5, 180, 2 * pi, 800.0, 500.0);
  const std::vector<float> phantom = pyronn::rasterize_2d(pyronn::shepp_logan_2d(64.0), geometry);

  const pyronn::host::Projector2D<pyronn::GeometryFan2D> projector(geometry);
  std::vector<float> sinogram(geometry.sinogram_size()), gradient(geometry.volume_size());
  projector.forward(phantom.data(), sinogram.data());   // sinogram = A phantom
  projector.adjoint(sinogram.data(), gradient.data());  // gradient of 1/2 |A x|^2 at the phantom

  std::vector<float> image(geometry.volume_size());
  pyronn::host::FBP2D<pyronn::GeometryFan2D>(geometry, pyronn::Filter::ram_lak).reconstruct(sinogram.data(), image.data());
  std::printf("centre pixel: phantom %.3f, FBP %.3f\n", phantom[64 * 128 + 64], image[64 * 128 + 64]);
  return 0;
}
