// The vector geometries on the CUDA driver: exact adjoints of randomly perturbed scans, bitwise
// agreement of a circular geometry's vector form with it, agreement with the host driver, and
// FBP / FDK of circular-like vector scans.

#include "../support/device.cuh"
#include "../support/numerics.hpp"

#include <pyronn/cuda/fbp_2d.cuh>
#include <pyronn/cuda/fbp_3d.cuh>
#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/geometry/vector_conversion.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::random_vector;
using pyronn_test::raw;
using pyronn_test::to_host;

namespace {

const double pi = 3.14159265358979323846;
const Interpolation software_policy = Interpolation::software, texture_policy = Interpolation::texture;

template <class R>
dvec2 jitter(dvec2 a, double mm, R& unit) { return {a.x + mm * unit(), a.y + mm * unit()}; }
template <class R>
dvec3 jitter(dvec3 a, double mm, R& unit) { return {a.x + mm * unit(), a.y + mm * unit(), a.z + mm * unit()}; }

// Detectors moved by up to `mm` and their bins rescaled by up to 2 %: every view different.
template <class V>
std::vector<V> wobble(std::vector<V> views, double mm, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  auto unit = [&] { return dist(rng); };
  for (V& v : views) {
    v.detector = jitter(v.detector, mm, unit);
    v.u = (1 + 0.02 * unit()) * v.u;
  }
  return views;
}

template <class Vec>
Vec perturbed(Vec g, double mm, unsigned seed) {
  g.set_vectors(wobble(g.vectors(), mm, seed));
  return g;
}

template <class G, Interpolation I>
double adjoint_mismatch_2d(const G& g) {
  pyronn::cuda::Projector2D<G, I> op(g);
  return pyronn_test::device_adjoint_mismatch(op, 2 * g.volume_size(), 2 * g.sinogram_size(), 2, 31);
}

template <class G, Interpolation I>
double adjoint_mismatch_3d(const G& g) {
  pyronn::cuda::Projector3D<G, I> op(g);
  return pyronn_test::device_adjoint_mismatch(op, 2 * g.volume_size(), 2 * g.sinogram_size(), 2, 32);
}

// forward, adjoint and backproject_fbp of a device projector on fixed random data.
template <class Op>
std::vector<std::vector<float>> device_results(Op& op, std::size_t volume, std::size_t sinogram) {
  const auto x = random_vector(volume, 41), y = random_vector(sinogram, 42);
  thrust::device_vector<float> dx(x), dy(y), dax(sinogram), daty(volume), dby(volume);
  op.forward(raw(dx), raw(dax));
  op.adjoint(raw(dy), raw(daty));
  op.backproject_fbp(raw(dy), raw(dby));
  return {to_host(dax), to_host(daty), to_host(dby)};
}

template <class Op>
std::vector<std::vector<float>> host_results(const Op& op, std::size_t volume, std::size_t sinogram) {
  const auto x = random_vector(volume, 41), y = random_vector(sinogram, 42);
  std::vector<float> ax(sinogram), aty(volume), by(volume);
  op.forward(x.data(), ax.data());
  op.adjoint(y.data(), aty.data());
  op.backproject_fbp(y.data(), by.data());
  return {ax, aty, by};
}

}  // namespace

TEST_CASE("cuda: 2D vector geometries", "[cuda][vector]") {
  const GeometryFan2D fan({48, 40}, {1.0, 1.1}, 96, 1.2, 45, 2 * pi, 400, 220);
  const GeometryParallel2D parallel({41, 53}, {1.0, 0.9}, 77, 0.8, 37, pi);
  const auto fan_vec = perturbed(to_vector_geometry(fan), 4.0, 1);
  const auto parallel_vec = perturbed(to_vector_geometry(parallel), 3.0, 2);
  pyronn_test::check_device_adjoints(adjoint_mismatch_2d<GeometryFan2DVec, software_policy>(fan_vec),
                                     adjoint_mismatch_2d<GeometryFan2DVec, texture_policy>(fan_vec),
                                     "dot-product mismatch, perturbed fan vec");
  pyronn_test::check_device_adjoints(adjoint_mismatch_2d<GeometryParallel2DVec, software_policy>(parallel_vec),
                                     adjoint_mismatch_2d<GeometryParallel2DVec, texture_policy>(parallel_vec),
                                     "dot-product mismatch, perturbed parallel vec");

  // The vector form of a circular scan: bitwise the circular scan's results on the device too.
  pyronn::cuda::Projector2D<GeometryFan2D> circular(fan);
  pyronn::cuda::Projector2D<GeometryFan2DVec> vector(to_vector_geometry(fan));
  const auto a = device_results(circular, fan.volume_size(), fan.sinogram_size());
  const auto b = device_results(vector, fan.volume_size(), fan.sinogram_size());
  for (std::size_t k = 0; k < a.size(); ++k) CHECK(pyronn_test::bitwise_equal(a[k], b[k]));

  // The host driver runs the same bodies.
  pyronn::cuda::Projector2D<GeometryFan2DVec> device_op(fan_vec);
  const host::Projector2D<GeometryFan2DVec> host_op(fan_vec);
  const auto d = device_results(device_op, fan_vec.volume_size(), fan_vec.sinogram_size());
  const auto h = host_results(host_op, fan_vec.volume_size(), fan_vec.sinogram_size());
  for (std::size_t k = 0; k < d.size(); ++k) CHECK(pyronn_test::relative_max(d[k], h[k]) <= 1e-5);

  // FBP of the circular scan's vector form.
  const auto sino = random_vector(fan.sinogram_size(), 43);
  thrust::device_vector<float> d_sino(sino), d_a(fan.volume_size()), d_b(fan.volume_size());
  pyronn::cuda::FBP2D<GeometryFan2D> fbp_a(fan);
  pyronn::cuda::FBP2D<GeometryFan2DVec> fbp_b(to_vector_geometry(fan));
  thrust::device_vector<float> workspace(fbp_a.workspace_bytes(1) / sizeof(float) + 1);
  fbp_a.reconstruct(raw(d_sino), raw(d_a), 1, raw(workspace), fbp_a.workspace_bytes(1));
  fbp_b.reconstruct(raw(d_sino), raw(d_b), 1, raw(workspace), fbp_b.workspace_bytes(1));
  CHECK(pyronn_test::relative_max(to_host(d_b), to_host(d_a)) <= 1e-6);
}

TEST_CASE("cuda: 3D vector geometries", "[cuda][vector]") {
  const GeometryCone3D cone({12, 11, 13}, {1.0, 1.0, 1.0}, {17, 21}, {1.4, 1.3}, 9, 2 * pi, 220, 130);
  const GeometryParallel3D parallel({11, 13, 12}, {1.0, 0.9, 1.1}, {15, 19}, {1.0, 0.9}, 9, pi);
  const auto cone_vec = perturbed(to_vector_geometry(cone), 4.0, 3);
  const auto parallel_vec = perturbed(to_vector_geometry(parallel), 2.0, 4);
  pyronn_test::check_device_adjoints(adjoint_mismatch_3d<GeometryCone3DVec, software_policy>(cone_vec),
                                     adjoint_mismatch_3d<GeometryCone3DVec, texture_policy>(cone_vec),
                                     "3D dot-product mismatch, perturbed cone vec");
  pyronn_test::check_device_adjoints(adjoint_mismatch_3d<GeometryParallel3DVec, software_policy>(parallel_vec),
                                     adjoint_mismatch_3d<GeometryParallel3DVec, texture_policy>(parallel_vec),
                                     "3D dot-product mismatch, perturbed parallel 3D vec");

  pyronn::cuda::Projector3D<GeometryCone3D> circular(cone);
  pyronn::cuda::Projector3D<GeometryCone3DVec> vector(to_vector_geometry(cone));
  const auto a = device_results(circular, cone.volume_size(), cone.sinogram_size());
  const auto b = device_results(vector, cone.volume_size(), cone.sinogram_size());
  for (std::size_t k = 0; k < a.size(); ++k) CHECK(pyronn_test::bitwise_equal(a[k], b[k]));

  pyronn::cuda::Projector3D<GeometryCone3DVec> device_op(cone_vec);
  const host::Projector3D<GeometryCone3DVec> host_op(cone_vec);
  const auto d = device_results(device_op, cone_vec.volume_size(), cone_vec.sinogram_size());
  const auto h = host_results(host_op, cone_vec.volume_size(), cone_vec.sinogram_size());
  for (std::size_t k = 0; k < d.size(); ++k) CHECK(pyronn_test::relative_max(d[k], h[k]) <= 1e-5);

  const auto p = random_vector(cone.sinogram_size(), 44);
  thrust::device_vector<float> d_p(p), d_a(cone.volume_size()), d_b(cone.volume_size());
  pyronn::cuda::FBP3D<GeometryCone3D> fdk_a(cone);
  pyronn::cuda::FBP3D<GeometryCone3DVec> fdk_b(to_vector_geometry(cone));
  thrust::device_vector<float> workspace(fdk_a.workspace_bytes(1) / sizeof(float) + 1);
  fdk_a.reconstruct(raw(d_p), raw(d_a), 1, raw(workspace), fdk_a.workspace_bytes(1));
  fdk_b.reconstruct(raw(d_p), raw(d_b), 1, raw(workspace), fdk_b.workspace_bytes(1));
  CHECK(pyronn_test::relative_max(to_host(d_b), to_host(d_a)) <= 1e-6);
}
