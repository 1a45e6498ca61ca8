// The CUDA driver: exact adjoints on the GPU, agreement with the host driver (same bodies),
// the texture path's figures, batches, streams and refused input.

#include "../support/device.cuh"
#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/cuda/fbp_2d.cuh>
#include <pyronn/cuda/projector_2d.cuh>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/projector_2d.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <string>

using namespace pyronn;
using pyronn_test::check_refused;
using pyronn_test::random_vector;

namespace {

using pyronn_test::raw;
using pyronn_test::to_host;

const double pi = 3.14159265358979323846;


GeometryParallel2D parallel() { return GeometryParallel2D({61, 70}, {1.0, 0.9}, 101, 1.0, 47, pi); }
GeometryFan2D fan() { return GeometryFan2D({64, 57}, {1.0, 1.1}, 120, 1.3, 53, 2 * pi, 500, 300); }

template <class Geometry, Interpolation I>
double cuda_adjoint_mismatch(const Geometry& g, int batch) {
  pyronn::cuda::Projector2D<Geometry, I> op(g);
  return pyronn_test::device_adjoint_mismatch(op, batch * g.volume_size(), batch * g.sinogram_size(), batch, 11);
}

template <class Geometry>
void check_adjoints(const Geometry& g, const std::string& name) {
  pyronn_test::check_device_adjoints(cuda_adjoint_mismatch<Geometry, Interpolation::software>(g, 2),
                                     cuda_adjoint_mismatch<Geometry, Interpolation::texture>(g, 2),
                                     "dot-product mismatch, " + name);
}

template <class Geometry>
void check_host_agreement(const Geometry& g, const std::string& name) {
  const int batch = 3;
  host::FBP2D<Geometry> host_fbp(g);
  pyronn::cuda::FBP2D<Geometry> cuda_fbp(g);
  const auto& host_op = host_fbp.projector();
  auto& cuda_op = cuda_fbp.projector();
  const auto image = random_vector(batch * g.volume_size(), 13), sino = random_vector(batch * g.sinogram_size(), 14);
  thrust::device_vector<float> d_image(image), d_sino(sino), d_out_sino(sino.size()), d_out_image(image.size());
  std::vector<float> out_sino(sino.size()), out_image(image.size());

  host_op.forward(image.data(), out_sino.data(), batch);
  cuda_op.forward(raw(d_image), raw(d_out_sino), batch);
  CHECK(pyronn_test::relative_max(to_host(d_out_sino), out_sino) <= 1e-5);

  host_op.adjoint(sino.data(), out_image.data(), batch);
  cuda_op.adjoint(raw(d_sino), raw(d_out_image), batch);
  CHECK(pyronn_test::relative_max(to_host(d_out_image), out_image) <= 1e-5);

  host_op.backproject_fbp(sino.data(), out_image.data(), batch);
  cuda_op.backproject_fbp(raw(d_sino), raw(d_out_image), batch);
  CHECK(pyronn_test::relative_max(to_host(d_out_image), out_image) <= 1e-5);

  host_fbp.reconstruct(sino.data(), out_image.data(), batch);
  thrust::device_vector<float> workspace(cuda_fbp.workspace_bytes(batch) / sizeof(float));
  cuda_fbp.reconstruct(raw(d_sino), raw(d_out_image), batch, raw(workspace), cuda_fbp.workspace_bytes(batch));
  const double fbp = pyronn_test::relative_max(to_host(d_out_image), out_image);
  pyronn_test::print_figure(("host vs cuda FBP relative max difference, " + name).c_str(), fbp);
  CHECK(fbp <= 1e-5);
}

template <class Geometry>
void report_texture_vs_software(const Geometry& g, const std::string& name) {
  pyronn::cuda::Projector2D<Geometry, Interpolation::software> software(g);
  pyronn::cuda::Projector2D<Geometry, Interpolation::texture> textured(g);
  const auto image = random_vector(g.volume_size(), 15), sino = random_vector(g.sinogram_size(), 16);
  thrust::device_vector<float> d_image(image), d_sino(sino), a(sino.size()), b(sino.size()), c(image.size()),
      d(image.size());
  software.forward(raw(d_image), raw(a));
  textured.forward(raw(d_image), raw(b));
  software.backproject_fbp(raw(d_sino), raw(c));
  textured.backproject_fbp(raw(d_sino), raw(d));
  const double forward = pyronn_test::relative_max(to_host(b), to_host(a));
  const double backprojection = pyronn_test::relative_max(to_host(d), to_host(c));
  pyronn_test::print_figure(("texture vs software forward, relative max difference, " + name).c_str(), forward);
  pyronn_test::print_figure(("texture vs software FBP backprojection, relative max difference, " + name).c_str(), backprojection);
  CHECK(forward <= 1e-2);
  CHECK(backprojection <= 1e-2);
  CHECK(textured.texture_bytes_forward(5) == std::size_t(5) * g.volume_size() * sizeof(float));
  CHECK(software.texture_bytes_forward(5) == 0);
}

}  // namespace

TEST_CASE("cuda: adjoints match forward projections", "[cuda][adjoint]") {
  check_adjoints(parallel(), "parallel 61x70");
  check_adjoints(fan(), "fan 64x57");
}

TEST_CASE("cuda: software interpolation agrees with the host driver", "[cuda][host]") {
  check_host_agreement(parallel(), "parallel");
  check_host_agreement(fan(), "fan");
}

TEST_CASE("cuda: images taller than a grid's y dimension holds agree with the host", "[cuda][host][grid]") {
  // 530,000 rows are 66,250 blocks of 8 rows, more than gridDim.y's 65,535: the adjoint and the
  // FBP backprojection walk the rows beyond it (and FBP filters only once the launch can work).
  check_host_agreement(GeometryParallel2D({530000, 3}, {1.0, 1.0}, 5, 1.0, 4, pi), "parallel 3 x 530000");
}

TEST_CASE("cuda: texture interpolation is close to software, and its memory is as reported", "[cuda][texture]") {
  report_texture_vs_software(parallel(), "parallel");
  report_texture_vs_software(fan(), "fan");
}

TEST_CASE("cuda: a batch in one launch equals item by item, on a caller's stream", "[cuda][batch]") {
  const auto g = fan();
  pyronn::cuda::Projector2D<GeometryFan2D, Interpolation::texture> op(g);
  const auto images = random_vector(4 * g.volume_size(), 17);
  thrust::device_vector<float> d_images(images), batched(4 * g.sinogram_size()), single(g.sinogram_size());
  cudaStream_t stream;
  REQUIRE(cudaStreamCreate(&stream) == cudaSuccess);
  op.forward(raw(d_images), raw(batched), 4, stream);
  const auto all = [&] {
    cudaStreamSynchronize(stream);
    return to_host(batched);
  }();
  for (int b = 0; b < 4; ++b) {
    op.forward(raw(d_images) + b * g.volume_size(), raw(single), 1, stream);
    cudaStreamSynchronize(stream);
    const auto one = to_host(single);
    CHECK(std::equal(one.begin(), one.end(), all.begin() + b * g.sinogram_size()));
  }
  cudaStreamDestroy(stream);
}

TEST_CASE("cuda: bad input is refused", "[cuda][errors]") {
  const auto g = parallel();
  pyronn::cuda::Projector2D<GeometryParallel2D> op(g);
  thrust::device_vector<float> d_image(g.volume_size()), d_sino(g.sinogram_size());
  std::vector<float> h_image(g.volume_size()), h_sino(g.sinogram_size());
  check_refused([&] { op.forward(h_image.data(), raw(d_sino)); }, "image");
  check_refused([&] { op.forward(raw(d_image), h_sino.data()); }, "sinogram");
  check_refused([&] { op.adjoint(nullptr, raw(d_image)); }, "sinogram");
  check_refused([&] { op.forward(raw(d_image), raw(d_sino), 0); }, "batch");
  check_refused([&] { op.forward(raw(d_image), raw(d_image) + 8); }, "sinogram");  // partial overlap
  // 2^31 / (61 * 70) images would need 64-bit indexing.
  check_refused([&] { op.forward(raw(d_image), raw(d_sino), 600000); }, "batch");
  check_refused([&] { op.forward(raw(d_image), d_image.size(), raw(d_sino), d_sino.size() - 1); }, "sinogram");
  pyronn::cuda::FBP2D<GeometryParallel2D> fbp(g);
  thrust::device_vector<float> small(10);
  check_refused([&] { fbp.reconstruct(raw(d_sino), raw(d_image), 1, raw(small), 40); }, "workspace_bytes");
  // A workspace over the sinogram would be overwritten while it is read.
  check_refused([&] { fbp.reconstruct(raw(d_sino), raw(d_image), 1, raw(d_sino), fbp.workspace_bytes(1)); }, "workspace");

  // The texture path refuses images and sinograms beyond the device's layered textures, before
  // any work (FBP2D: before it filters).
  int device = 0, width = 0;
  REQUIRE(cudaGetDevice(&device) == cudaSuccess);
  REQUIRE(cudaDeviceGetAttribute(&width, cudaDevAttrMaxTexture2DLayeredWidth, device) == cudaSuccess);
  const GeometryParallel2D wide_image({1, width + 1}, {1.0, 1.0}, 4, 1.0, 1, pi);
  pyronn::cuda::Projector2D<GeometryParallel2D, Interpolation::texture> wide(wide_image);
  thrust::device_vector<float> w_image(wide_image.volume_size()), w_sino(wide_image.sinogram_size());
  check_refused([&] { wide.forward(raw(w_image), raw(w_sino)); }, "volume_shape");
  const GeometryParallel2D wide_detector({2, 2}, {1.0, 1.0}, width + 1, 1.0, 1, pi);
  pyronn::cuda::FBP2D<GeometryParallel2D, Interpolation::texture> wide_fbp(wide_detector);
  thrust::device_vector<float> d_sino2(wide_detector.sinogram_size()), d_image2(wide_detector.volume_size()),
      d_workspace2(wide_fbp.workspace_bytes(1) / sizeof(float));
  check_refused([&] { wide_fbp.reconstruct(raw(d_sino2), raw(d_image2), 1, raw(d_workspace2), wide_fbp.workspace_bytes(1)); },
                "detector_shape");
}

TEST_CASE("cuda: 64-bit indexing instantiates and agrees", "[cuda][index]") {
  const auto g = fan();
  pyronn::cuda::Projector2D<GeometryFan2D, Interpolation::software, long long> wide(g);
  pyronn::cuda::Projector2D<GeometryFan2D, Interpolation::software, int> narrow(g);
  const auto image = random_vector(g.volume_size(), 18);
  thrust::device_vector<float> d_image(image), a(g.sinogram_size()), b(g.sinogram_size());
  wide.forward(raw(d_image), raw(a));
  narrow.forward(raw(d_image), raw(b));
  CHECK(to_host(a) == to_host(b));
}
