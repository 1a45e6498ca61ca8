// PYRO-NN's iterative example: 30 views over 200 degrees, reconstructed by CGLS and by FBP.
#include <pyronn/pyronn.hpp>

#include <cstdio>
#include <vector>

int main() {
  const double pi = 3.14159265358979323846;
  const pyronn::GeometryParallel2D geometry({64, 64}, {1, 1}, 96, 1.0, 30, 200 * pi / 180);
  const std::vector<float> phantom = pyronn::rasterize_2d(pyronn::shepp_logan_2d(32.0), geometry);

  const pyronn::host::Projector2D<pyronn::GeometryParallel2D> projector(geometry);
  const std::vector<float> sinogram = pyronn::generate_sinogram(phantom, projector);

  pyronn::CGLS cgls(projector);  // any operator with forward and adjoint: the exact pair
  std::vector<float> x(geometry.volume_size(), 0.f);
  const pyronn::SolveReport report = cgls.solve(sinogram.data(), x.data(), 30);
  const std::vector<float> fbp =
      pyronn::generate_reco(sinogram, pyronn::host::FBP2D<pyronn::GeometryParallel2D>(geometry));

  std::printf("CGLS residual %.3g -> %.3g after 30 iterations\n", report.residual_norms.front(),
              report.residual_norms.back());
  return report.residual_norms.back() < report.residual_norms.front() && fbp.size() == x.size() ? 0 : 1;
}
