// The C++ side of tests/python/test_reference.py: the same geometries and operators as the test
// computes through the Python binding, run through the headers directly, written as raw float32
// files <case>_<result>.f32 into the directory given as argument. The test requires the two to
// agree bit for bit. Keep the cases in step with CASES in test_reference.py.
#include <pyronn/pyronn.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

const double pi = 3.14159265358979323846;
std::string directory;
const int threads = 2;

void write(const std::string& name, const std::vector<float>& data) {
  const std::string path = directory + "/" + name + ".f32";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(data.data(), sizeof(float), data.size(), f) != data.size()) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
  std::fclose(f);
}

template <pyronn::Interpolation I, class G, class Projector, class FBP>
void run_case(const std::string& name, const G& g, const std::vector<float>& phantom, const Projector& projector,
              const FBP& fbp) {
  const std::string suffix = I == pyronn::Interpolation::texture ? "_texture" : "";
  std::vector<float> sinogram(g.sinogram_size()), image(g.volume_size());
  projector.forward(phantom.data(), sinogram.data());
  write(name + "_forward" + suffix, sinogram);
  projector.adjoint(sinogram.data(), image.data());
  write(name + "_adjoint" + suffix, image);
  projector.backproject_fbp(sinogram.data(), image.data());
  write(name + "_backproject_fbp" + suffix, image);
  projector.backproject_fbp_transpose(phantom.data(), sinogram.data());
  write(name + "_backproject_fbp_transpose" + suffix, sinogram);
  projector.forward(phantom.data(), sinogram.data());
  fbp.reconstruct(sinogram.data(), image.data());
  write(name + "_fbp" + suffix, image);
}

template <class G>
void run_2d(const std::string& name, const G& g) {
  const std::vector<float> phantom = pyronn::rasterize_2d(pyronn::shepp_logan_2d(18.0), g);
  write(name + "_phantom", phantom);
  using namespace pyronn;
  run_case<Interpolation::software>(name, g, phantom, host::Projector2D<G>(g, threads),
                                    host::FBP2D<G>(g, Filter::ram_lak, threads));
  run_case<Interpolation::texture>(name, g, phantom, host::Projector2D<G, Interpolation::texture>(g, threads),
                                   host::FBP2D<G, Interpolation::texture>(g, Filter::hann, threads));
}

template <class G>
void run_3d(const std::string& name, const G& g) {
  const std::vector<float> phantom = pyronn::rasterize_3d(pyronn::shepp_logan_3d(9.0), g, 2, threads);
  write(name + "_phantom", phantom);
  using namespace pyronn;
  // Joseph's method in software, the ray march through the texture policy.
  run_case<Interpolation::software>(name, g, phantom, host::Projector3D<G>(g, RayModel3D::joseph, 0.5, threads),
                                    host::FBP3D<G>(g, Filter::ram_lak, threads));
  run_case<Interpolation::texture>(name, g, phantom, host::Projector3D<G, Interpolation::texture>(g, 0.25, threads),
                                   host::FBP3D<G, Interpolation::texture>(g, Filter::shepp_logan, threads));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIRECTORY\n", argv[0]);
    return 2;
  }
  directory = argv[1];
  using namespace pyronn;
  run_2d("parallel_2d", GeometryParallel2D({40, 48}, {1.0, 0.8}, 64, 1.0, 36, pi));

  GeometryFan2D fan({40, 48}, {1.0, 1.0}, 72, 1.2, 45, 2 * pi, 600.0, 350.0);
  fan.set_volume_origin({-20.0, -23.0});
  fan.set_detector_origin(-40.0);
  std::vector<dvec2> rays(45);
  for (int i = 0; i < 45; ++i) rays[i] = {2.0 * std::cos(0.1 * i * i / 7.0), 2.0 * std::sin(0.1 * i * i / 7.0)};
  fan.set_central_ray_vectors(rays);
  run_2d("fan_2d", fan);

  run_3d("parallel_3d", GeometryParallel3D({12, 14, 16}, {1, 1, 1}, {16, 20}, {1.2, 1.2}, 20, pi));

  GeometryCone3D cone({12, 14, 16}, {1.5, 1.5, 1.5}, {18, 24}, {2, 2}, 24, 2 * pi, 500, 300);
  cone.set_projection_matrices(helical_trajectory_3d(cone, 8.0, -4.0));
  run_3d("cone_3d", cone);
  return 0;
}
