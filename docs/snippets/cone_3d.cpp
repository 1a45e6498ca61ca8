// Cone-beam projection along a helix, its exact adjoint, and FDK of a circular scan.
#include <pyronn/pyronn.hpp>

#include <cstdio>
#include <vector>

int main() {
  const double pi = 3.14159265358979323846;
  // volume [Z, Y, X] and spacing, detector [V, U] and spacing, views, range, distances (mm)
  pyronn::GeometryCone3D circle({32, 32, 32}, {3, 3, 3}, {48, 64}, {4.5, 4.5}, 90, 2 * pi, 800, 400);
  const std::vector<float> phantom = pyronn::rasterize_3d(pyronn::shepp_logan_3d(45.0), circle);

  std::vector<float> projections(circle.sinogram_size()), volume(circle.volume_size());
  pyronn::host::Projector3D<pyronn::GeometryCone3D>(circle).forward(phantom.data(), projections.data());
  pyronn::host::FDK<>(circle).reconstruct(projections.data(), volume.data());

  pyronn::GeometryCone3D helix = circle;  // the same scanner, the source rising 20 mm a turn
  helix.set_projection_matrices(pyronn::helical_trajectory_3d(helix, 20.0, -20.0));
  const pyronn::host::Projector3D<pyronn::GeometryCone3D> projector(helix, /*step_size=*/0.5);
  projector.forward(phantom.data(), projections.data());
  projector.adjoint(projections.data(), volume.data());  // the gradient, exactly

  const std::size_t centre = (16 * 32 + 16) * 32 + 16;
  std::printf("centre voxel: phantom %.3f\n", phantom[centre]);
  return 0;
}
