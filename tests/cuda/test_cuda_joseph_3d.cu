// Joseph's method in 3D on the GPU: the adjoint (a per-voxel gather) is the exact transpose of the
// forward projection, and both equal the host driver's (a scatter) to float rounding.

#include "../support/device.cuh"
#include "../support/numerics.hpp"

#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <string>

using namespace pyronn;
using pyronn_test::random_vector;
using pyronn_test::raw;
using pyronn_test::to_host;

namespace {

const double pi = 3.14159265358979323846;

template <Interpolation I, class Geometry>
double device_mismatch(const Geometry& g) {
  pyronn::cuda::Projector3D<Geometry, I> op(g, RayModel3D::joseph);
  return pyronn_test::device_adjoint_mismatch(op, 2 * g.volume_size(), 2 * g.sinogram_size(), 2, 41);
}

template <class Geometry>
void check_geometry(const Geometry& g, const std::string& name) {
  pyronn_test::check_device_adjoints(device_mismatch<Interpolation::software>(g), device_mismatch<Interpolation::texture>(g),
                                     "Joseph 3D dot-product mismatch, " + name);
  const int batch = 2;
  const auto volume = random_vector(batch * g.volume_size(), 43), data = random_vector(batch * g.sinogram_size(), 44);
  thrust::device_vector<float> d_volume(volume), d_data(data), d_projections(data.size()), d_adjoint(volume.size());
  pyronn::cuda::Projector3D<Geometry> op(g, RayModel3D::joseph);
  const host::Projector3D<Geometry> host_op(g, RayModel3D::joseph);
  std::vector<float> projections(data.size()), adjoint(volume.size());
  op.forward(raw(d_volume), raw(d_projections), batch);
  op.adjoint(raw(d_data), raw(d_adjoint), batch);
  host_op.forward(volume.data(), projections.data(), batch);
  host_op.adjoint(data.data(), adjoint.data(), batch);
  const double forward = pyronn_test::relative_max(to_host(d_projections), projections);
  const double transpose = pyronn_test::relative_max(to_host(d_adjoint), adjoint);
  pyronn_test::print_figure(("host vs cuda Joseph 3D forward relative max difference, " + name).c_str(), forward);
  pyronn_test::print_figure(("host vs cuda Joseph 3D adjoint relative max difference, " + name).c_str(), transpose);
  CHECK(forward <= 1e-5);
  CHECK(transpose <= 1e-5);
}

}  // namespace

TEST_CASE("cuda: Joseph 3D projector, exact adjoint and host agreement", "[cuda][cuda3d][joseph3d]") {
  check_geometry(GeometryCone3D({18, 20, 22}, {1.0, 1.0, 1.0}, {24, 32}, {1.5, 1.5}, 40, 2 * pi, 200, 100), "cone");
  check_geometry(GeometryCone3D({16, 10, 12}, {1, 1, 1}, {40, 20}, {2.0, 1.0}, 7, 2 * pi, 40, 20), "steep cone");
  check_geometry(GeometryParallel3D({19, 20, 21}, {1.1, 1.0, 0.9}, {23, 31}, {1.0, 1.1}, 24, pi), "parallel");
}
