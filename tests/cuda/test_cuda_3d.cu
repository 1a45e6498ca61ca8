// The 3D CUDA driver: exact adjoints on the GPU, agreement with the host driver (same bodies),
// the texture path's figures and chunking, batches, streams, memory as reported, refused input. The
// projectors here ray-march (step 0.5); Joseph's method has its own file, test_cuda_joseph_3d.cu.

#include "../support/device.cuh"
#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/cuda/fbp_3d.cuh>
#include <pyronn/cuda/projector_3d.cuh>
#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;
using pyronn_test::random_vector;

namespace {

using pyronn_test::raw;
using pyronn_test::to_host;

const double pi = 3.14159265358979323846;
// Not named `texture`: CUDA 11's headers declare a global template of that name (texture<>), and
// a file-scope constant beside it makes every use ambiguous.
const Interpolation software_policy = Interpolation::software, texture_policy = Interpolation::texture;

// Not cubes, so that a swapped axis or a wrong stride shows. The cone scan has more views than
// one FDK/FBP backprojection launch takes (FbpViewChunk::capacity) and a Z that is not a
// multiple of the z voxels a thread sums, so that chunks and partial columns are compared too.
GeometryCone3D cone() { return GeometryCone3D({18, 20, 22}, {1.0, 1.0, 1.0}, {24, 32}, {1.5, 1.5}, 40, 2 * pi, 200, 100); }
static_assert(40 > pyronn::cuda::FbpViewChunk::capacity && 18 % pyronn::cuda::fbp_z_per_thread != 0,
              "cone() should cover several view chunks and a partial z column");
// Pixels of 0.1 mm at magnification 2: one adjoint tile's shadow spans thousands of rays, more
// than AdjointTile::max_rays, so the adjoint sets its rays up per voxel (its other path).
GeometryCone3D fine_cone() { return GeometryCone3D({9, 10, 11}, {1.0, 1.0, 1.0}, {60, 80}, {0.1, 0.1}, 5, 2 * pi, 200, 100); }
GeometryParallel3D parallel() { return GeometryParallel3D({19, 20, 21}, {1.1, 1.0, 0.9}, {23, 31}, {1.0, 1.1}, 24, pi); }

std::size_t free_device_memory() {
  std::size_t free = 0, total = 0;
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
  REQUIRE(cudaMemGetInfo(&free, &total) == cudaSuccess);
  return free;
}

template <class Geometry, Interpolation I>
double cuda_adjoint_mismatch(const Geometry& g, int batch) {
  pyronn::cuda::Projector3D<Geometry, I> op(g, 0.5);
  return pyronn_test::device_adjoint_mismatch(op, batch * g.volume_size(), batch * g.sinogram_size(), batch, 21);
}

template <class Geometry>
void check_adjoints(const Geometry& g, const std::string& name) {
  pyronn_test::check_device_adjoints(cuda_adjoint_mismatch<Geometry, software_policy>(g, 2),
                                     cuda_adjoint_mismatch<Geometry, texture_policy>(g, 2), "3D dot-product mismatch, " + name);
}

template <class Geometry>
void check_host_agreement(const Geometry& g, const std::string& name) {
  const int batch = 3;
  host::Projector3D<Geometry> host_op(g, 0.5);
  pyronn::cuda::Projector3D<Geometry> cuda_op(g, 0.5);
  const auto volume = random_vector(batch * g.volume_size(), 23, -1.f, 1.f);
  const auto projections = random_vector(batch * g.sinogram_size(), 24, -1.f, 1.f);
  thrust::device_vector<float> d_volume(volume), d_projections(projections), d_out_projections(projections.size()),
      d_out_volume(volume.size());
  std::vector<float> out_projections(projections.size()), out_volume(volume.size());

  host_op.forward(volume.data(), out_projections.data(), batch);
  cuda_op.forward(raw(d_volume), raw(d_out_projections), batch);
  const double forward = pyronn_test::relative_max(to_host(d_out_projections), out_projections);

  host_op.adjoint(projections.data(), out_volume.data(), batch);
  cuda_op.adjoint(raw(d_projections), raw(d_out_volume), batch);
  const double adjoint = pyronn_test::relative_max(to_host(d_out_volume), out_volume);

  host_op.backproject_fbp(projections.data(), out_volume.data(), batch);
  cuda_op.backproject_fbp(raw(d_projections), raw(d_out_volume), batch);
  const double fbp = pyronn_test::relative_max(to_host(d_out_volume), out_volume);

  pyronn_test::print_figure(("host vs cuda 3D forward, relative max difference, " + name).c_str(), forward);
  pyronn_test::print_figure(("host vs cuda 3D adjoint, relative max difference, " + name).c_str(), adjoint);
  pyronn_test::print_figure(("host vs cuda 3D FBP backprojection, relative max difference, " + name).c_str(), fbp);
  CHECK(forward <= 1e-5);
  CHECK(adjoint <= 1e-5);
  CHECK(fbp <= 1e-5);
}

template <class Geometry>
void report_texture_vs_software(const Geometry& g, const std::string& name) {
  pyronn::cuda::Projector3D<Geometry, software_policy> soft(g, 0.5);
  pyronn::cuda::Projector3D<Geometry, texture_policy> tex(g, 0.5);
  host::Projector3D<Geometry, texture_policy> emulated(g, 0.5);
  const auto volume = random_vector(g.volume_size(), 25), projections = random_vector(g.sinogram_size(), 26);
  thrust::device_vector<float> d_volume(volume), d_projections(projections), a(projections.size()),
      b(projections.size()), c(volume.size()), d(volume.size());
  std::vector<float> e(projections.size()), f(volume.size());

  soft.forward(raw(d_volume), raw(a));
  tex.forward(raw(d_volume), raw(b));
  emulated.forward(volume.data(), e.data());
  const double forward = pyronn_test::relative_max(to_host(b), to_host(a));
  const double forward_emulation = pyronn_test::relative_max(to_host(b), e);

  soft.backproject_fbp(raw(d_projections), raw(c));
  tex.backproject_fbp(raw(d_projections), raw(d));
  const double backprojection = pyronn_test::relative_max(to_host(d), to_host(c));

  // The texture adjoint is software arithmetic with the emulated 8-bit weights: the host's.
  tex.adjoint(raw(d_projections), raw(c));
  emulated.adjoint(projections.data(), f.data());
  const double adjoint = pyronn_test::relative_max(to_host(c), f);

  pyronn_test::print_figure(("texture vs software 3D forward, relative max difference, " + name).c_str(), forward);
  pyronn_test::print_figure(("texture 3D forward vs host 8-bit emulation, relative max difference, " + name).c_str(),
                            forward_emulation);
  pyronn_test::print_figure(("texture vs software 3D FBP backprojection, relative max difference, " + name).c_str(),
                            backprojection);
  pyronn_test::print_figure(("cuda vs host texture-policy 3D adjoint, relative max difference, " + name).c_str(), adjoint);
  CHECK(forward <= 1e-2);
  CHECK(forward_emulation <= 1e-2);
  CHECK(backprojection <= 1e-2);
  CHECK(adjoint <= 1e-5);
}

// A batch of 3 in one call on a caller's stream equals the items one by one, exactly: in the
// texture forward a batch item lies deeper in the stacked texture than a single item, and
// texture_coordinate keeps its z weights the same there.
template <class Geometry, Interpolation I>
void check_batch_on_stream(const Geometry& g, const std::string& name) {
  const int batch = 3;
  pyronn::cuda::Projector3D<Geometry, I> op(g, 0.5);
  const std::size_t nvol = g.volume_size(), nproj = g.sinogram_size();
  const auto volumes = random_vector(batch * nvol, 27), projections = random_vector(batch * nproj, 28);
  thrust::device_vector<float> d_volumes(volumes), d_projections(projections), forward(batch * nproj),
      adjoint(batch * nvol), fbp(batch * nvol), single_projections(nproj), single_volume(nvol);
  // The stream does not wait for the default stream: let thrust's fills finish first.
  REQUIRE(cudaDeviceSynchronize() == cudaSuccess);
  cudaStream_t stream;
  REQUIRE(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking) == cudaSuccess);
  op.forward(raw(d_volumes), raw(forward), batch, stream);
  op.adjoint(raw(d_projections), raw(adjoint), batch, stream);
  op.backproject_fbp(raw(d_projections), raw(fbp), batch, stream);
  REQUIRE(cudaStreamSynchronize(stream) == cudaSuccess);
  const auto all_forward = to_host(forward), all_adjoint = to_host(adjoint), all_fbp = to_host(fbp);
  double forward_difference = 0;
  for (int b = 0; b < batch; ++b) {
    op.forward(raw(d_volumes) + b * nvol, raw(single_projections), 1, stream);
    REQUIRE(cudaStreamSynchronize(stream) == cudaSuccess);
    const auto p = to_host(single_projections);
    const std::vector<float> batched(all_forward.begin() + b * nproj, all_forward.begin() + (b + 1) * nproj);
    CHECK(p == batched);
    forward_difference = std::max(forward_difference, pyronn_test::relative_max(batched, p));

    op.adjoint(raw(d_projections) + b * nproj, raw(single_volume), 1, stream);
    REQUIRE(cudaStreamSynchronize(stream) == cudaSuccess);
    auto v = to_host(single_volume);
    CHECK(std::equal(v.begin(), v.end(), all_adjoint.begin() + b * nvol));

    op.backproject_fbp(raw(d_projections) + b * nproj, raw(single_volume), 1, stream);
    REQUIRE(cudaStreamSynchronize(stream) == cudaSuccess);
    v = to_host(single_volume);
    CHECK(std::equal(v.begin(), v.end(), all_fbp.begin() + b * nvol));
  }
  pyronn_test::print_figure(("batched vs single 3D forward, " + std::string(to_string(I)) + ", " + name).c_str(),
                            forward_difference);
  REQUIRE(cudaStreamDestroy(stream) == cudaSuccess);
}

}  // namespace

TEST_CASE("cuda 3D: adjoints match forward projections", "[cuda][cuda3d][adjoint]") {
  check_adjoints(cone(), "cone 22x20x18");
  check_adjoints(parallel(), "parallel 21x20x19");
  check_adjoints(fine_cone(), "cone 11x10x9, 0.1 mm pixels");
}

TEST_CASE("cuda 3D: software interpolation agrees with the host driver", "[cuda][cuda3d][host]") {
  check_host_agreement(cone(), "cone");
  check_host_agreement(parallel(), "parallel");
  check_host_agreement(fine_cone(), "cone, 0.1 mm pixels");
}

TEST_CASE("cuda 3D: texture interpolation is close to software", "[cuda][cuda3d][texture]") {
  report_texture_vs_software(cone(), "cone");
  report_texture_vs_software(parallel(), "parallel");
}

TEST_CASE("cuda 3D: a batch in one call equals item by item, on a caller's stream", "[cuda][cuda3d][batch]") {
  check_batch_on_stream<GeometryCone3D, software_policy>(cone(), "cone");
  check_batch_on_stream<GeometryCone3D, texture_policy>(cone(), "cone");
  check_batch_on_stream<GeometryParallel3D, software_policy>(parallel(), "parallel");
  check_batch_on_stream<GeometryParallel3D, texture_policy>(parallel(), "parallel");
}

TEST_CASE("cuda 3D: the texture path chunks batches and views beyond the texture limits", "[cuda][cuda3d][texture]") {
  SECTION("more volumes than one stacked 3D texture holds") {
    GeometryParallel3D g({8, 6, 5}, {1, 1, 1}, {8, 9}, {1, 1}, 2, pi);
    const int per_texture = pyronn::cuda::VolumeTexture3D::max_items(5, 6, 8);
    const int batch = per_texture + 2;
    pyronn::cuda::Projector3D<GeometryParallel3D, software_policy> soft(g, 0.5);
    pyronn::cuda::Projector3D<GeometryParallel3D, texture_policy> tex(g, 0.5);
    const auto volumes = random_vector(std::size_t(batch) * g.volume_size(), 29);
    thrust::device_vector<float> d_volumes(volumes), a(std::size_t(batch) * g.sinogram_size()), b(a.size()),
        single(g.sinogram_size());
    soft.forward(raw(d_volumes), raw(a), batch);
    tex.forward(raw(d_volumes), raw(b), batch);
    const auto all = to_host(b);
    const double difference = pyronn_test::relative_max(all, to_host(a));
    pyronn_test::print_figure("texture vs software 3D forward, batch beyond one stacked texture", difference);
    CHECK(difference <= 1e-2);
    // The second chunk's first item sits at z offset 0, as a single volume does: same arithmetic.
    tex.forward(raw(d_volumes) + std::size_t(per_texture) * g.volume_size(), raw(single), 1);
    const auto one = to_host(single);
    CHECK(std::equal(one.begin(), one.end(), all.begin() + std::size_t(per_texture) * g.sinogram_size()));
    CHECK(tex.texture_bytes_forward(batch) == pyronn::cuda::VolumeTexture3D::bytes(5, 6, 8, per_texture));
  }
  SECTION("more views than one layered texture holds") {
    const int views = pyronn::cuda::LayeredTexture2D::max_layers() + 7;
    GeometryCone3D g({6, 7, 8}, {1, 1, 1}, {8, 10}, {1.5, 1.5}, views, 2 * pi, 200, 100);
    pyronn::cuda::Projector3D<GeometryCone3D, software_policy> soft(g, 0.5);
    pyronn::cuda::Projector3D<GeometryCone3D, texture_policy> tex(g, 0.5);
    const auto projections = random_vector(2 * g.sinogram_size(), 30);
    thrust::device_vector<float> d_projections(projections), a(2 * g.volume_size()), b(a.size());
    soft.backproject_fbp(raw(d_projections), raw(a), 2);
    tex.backproject_fbp(raw(d_projections), raw(b), 2);
    const double difference = pyronn_test::relative_max(to_host(b), to_host(a));
    pyronn_test::print_figure("texture vs software 3D FBP backprojection, views beyond one layered texture", difference);
    CHECK(difference <= 1e-2);
    CHECK(tex.texture_bytes_backproject_fbp(2) ==
          pyronn::cuda::LayeredTexture2D::bytes(10, 8, pyronn::cuda::LayeredTexture2D::max_layers()));
  }
}

TEST_CASE("cuda 3D: the texture path holds what texture_bytes_* report, software nothing", "[cuda][cuda3d][memory]") {
  // Warm-up: the first launch of a kernel may load its code into device memory (lazy loading),
  // which is not the projector's to count.
  {
    const auto g = cone();
    pyronn::cuda::Projector3D<GeometryCone3D, texture_policy> warm(g, 0.5);
    thrust::device_vector<float> v(g.volume_size(), 1.f), p(g.sinogram_size(), 1.f);
    warm.forward(raw(v), raw(p));
    warm.backproject_fbp(raw(p), raw(v));
  }
  // Sizes that tile the arrays' memory layout evenly, large next to the 2 MiB page.
  GeometryCone3D g({63, 64, 64}, {1, 1, 1}, {64, 64}, {1.5, 1.5}, 256, 2 * pi, 300, 150);
  const int batch = 8;
  const long long granularity = 2 << 20;
  pyronn::cuda::Projector3D<GeometryCone3D, texture_policy> tex(g, 0.5);
  const std::size_t forward_bytes = tex.texture_bytes_forward(batch);
  const std::size_t backproject_bytes = tex.texture_bytes_backproject_fbp(batch);
  CHECK(forward_bytes == std::size_t(64) * 64 * (batch * 64 - 1) * sizeof(float));
  CHECK(backproject_bytes == std::size_t(64) * 64 * 256 * sizeof(float));

  const std::size_t free0 = free_device_memory();
  tex.reserve_forward_texture(batch);
  const std::size_t free1 = free_device_memory();
  tex.reserve_backproject_texture(batch);
  const std::size_t free2 = free_device_memory();
  tex.reserve_forward_texture(batch - 3);  // fits: nothing new
  tex.reserve_backproject_texture(batch + 5);
  const std::size_t free3 = free_device_memory();
  const long long forward_growth = (long long)free0 - (long long)free1;
  const long long backproject_growth = (long long)free1 - (long long)free2;
  pyronn_test::print_figure("3D texture forward: device memory taken by reserve minus texture_bytes_forward (bytes)",
                            double(forward_growth - (long long)forward_bytes));
  pyronn_test::print_figure("3D texture backprojection: device memory taken by reserve minus texture_bytes (bytes)",
                            double(backproject_growth - (long long)backproject_bytes));
  CHECK(std::llabs(forward_growth - (long long)forward_bytes) <= granularity);
  CHECK(std::llabs(backproject_growth - (long long)backproject_bytes) <= granularity);
  CHECK(free3 == free2);

  // The software path: nothing beyond the views uploaded by the constructor.
  const auto small = cone();
  pyronn::cuda::Projector3D<GeometryCone3D, software_policy> soft(small, 0.5);
  CHECK(soft.texture_bytes_forward(batch) == 0);
  CHECK(soft.texture_bytes_backproject_fbp(batch) == 0);
  thrust::device_vector<float> v(2 * small.volume_size(), 1.f), p(2 * small.sinogram_size(), 1.f);
  const auto run = [&] {
    soft.forward(raw(v), raw(p), 2);
    soft.adjoint(raw(p), raw(v), 2);
    soft.backproject_fbp(raw(p), raw(v), 2);
  };
  run();  // warm-up, as above
  const std::size_t before = free_device_memory();
  run();
  CHECK(free_device_memory() == before);
}

TEST_CASE("cuda 3D: bad input is refused", "[cuda][cuda3d][errors]") {
  const auto g = cone();
  pyronn::cuda::Projector3D<GeometryCone3D> op(g, 0.5);
  thrust::device_vector<float> d_volume(g.volume_size()), d_projections(g.sinogram_size());
  std::vector<float> h_volume(g.volume_size()), h_projections(g.sinogram_size());
  check_refused([&] { op.forward(h_volume.data(), raw(d_projections)); }, "volume");
  check_refused([&] { op.forward(raw(d_volume), h_projections.data()); }, "projections");
  check_refused([&] { op.adjoint(h_projections.data(), raw(d_volume)); }, "projections");
  check_refused([&] { op.backproject_fbp(raw(d_projections), h_volume.data()); }, "volume");
  check_refused([&] { op.adjoint(nullptr, raw(d_volume)); }, "projections");
  check_refused([&] { op.forward(raw(d_volume), nullptr); }, "projections");
  check_refused([&] { op.forward(raw(d_volume), raw(d_projections), 0); }, "batch");
  check_refused([&] { op.forward(raw(d_volume), raw(d_volume)); }, "projections");  // aliasing
  check_refused([&] { op.forward(raw(d_volume), raw(d_volume) + 8); }, "projections");  // partial overlap
  check_refused([&] { op.adjoint(raw(d_projections) + 3, raw(d_projections)); }, "volume");
  // 300000 volumes of 22 x 20 x 18 voxels are 2.4e9 > 2^31 elements: 32-bit indexing cannot
  // address the batch. Refused before the (unallocated) memory is touched.
  check_refused([&] { op.forward(raw(d_volume), raw(d_projections), 300000); }, "batch");
  check_refused([&] { op.backproject_fbp(raw(d_projections), raw(d_volume), 300000); }, "batch");
  check_refused([&] { op.forward(raw(d_volume), d_volume.size(), raw(d_projections), d_projections.size() - 1); },
                "projections");
  check_refused([&] { op.adjoint(raw(d_projections), d_projections.size() + 1, raw(d_volume), d_volume.size()); },
                "projections");
  check_refused([&] { pyronn::cuda::Projector3D<GeometryCone3D> bad(g, 0.0); }, "step_size");
  check_refused([&] { op.texture_bytes_forward(0); }, "batch");

  // The texture path refuses volumes and detectors beyond the device's texture limits, before
  // any work.
  int device = 0, width_3d = 0, width_layered = 0;
  REQUIRE(cudaGetDevice(&device) == cudaSuccess);
  REQUIRE(cudaDeviceGetAttribute(&width_3d, cudaDevAttrMaxTexture3DWidth, device) == cudaSuccess);
  REQUIRE(cudaDeviceGetAttribute(&width_layered, cudaDevAttrMaxTexture2DLayeredWidth, device) == cudaSuccess);
  GeometryParallel3D wide_volume({1, 1, width_3d + 1}, {1, 1, 1}, {1, 4}, {1, 1}, 1, pi);
  pyronn::cuda::Projector3D<GeometryParallel3D, texture_policy> wide(wide_volume, 0.5);
  thrust::device_vector<float> w_volume(wide_volume.volume_size()), w_projections(wide_volume.sinogram_size());
  check_refused([&] { wide.texture_bytes_forward(1); }, "volume_shape");
  check_refused([&] { wide.forward(raw(w_volume), raw(w_projections)); }, "volume_shape");
  GeometryParallel3D wide_detector({2, 2, 2}, {1, 1, 1}, {1, width_layered + 1}, {1, 1}, 1, pi);
  pyronn::cuda::Projector3D<GeometryParallel3D, texture_policy> wide_fbp(wide_detector, 0.5);
  thrust::device_vector<float> d_volume2(wide_detector.volume_size()), d_projections2(wide_detector.sinogram_size());
  check_refused([&] { wide_fbp.backproject_fbp(raw(d_projections2), raw(d_volume2)); }, "detector_shape");
}

TEST_CASE("cuda 3D: FDK agrees with the host FDK; bad workspaces are refused before any work", "[cuda][cuda3d][fdk]") {
  const auto g = cone();
  const int batch = 2;
  host::FDK<> host_fdk(g, Filter::ram_lak, 0, FilterMethod::direct);
  pyronn::cuda::FDK<> cuda_fdk(g);
  const auto projections = random_vector(batch * g.sinogram_size(), 31, 0.f, 1.f);
  std::vector<float> volume(batch * g.volume_size());
  host_fdk.reconstruct(projections.data(), volume.data(), batch);
  thrust::device_vector<float> d_projections(projections), d_volume(volume.size()),
      workspace(cuda_fdk.workspace_bytes(batch) / sizeof(float));
  cuda_fdk.reconstruct(raw(d_projections), raw(d_volume), batch, raw(workspace), cuda_fdk.workspace_bytes(batch));
  const double difference = pyronn_test::relative_max(to_host(d_volume), volume);
  pyronn_test::print_figure("host vs cuda FDK, relative max difference, cone", difference);
  CHECK(difference <= 1e-5);

  // A workspace over the input or the output would be overwritten while it is read.
  const std::size_t bytes = cuda_fdk.workspace_bytes(batch);
  check_refused([&] { cuda_fdk.reconstruct(raw(d_projections), raw(d_volume), batch, raw(d_projections), bytes); },
                "workspace");
  thrust::device_vector<float> big_volume(bytes / sizeof(float) + d_volume.size());
  check_refused([&] { cuda_fdk.reconstruct(raw(d_projections), raw(big_volume), batch, raw(big_volume) + 1, bytes); },
                "workspace");
}

TEST_CASE("cuda 3D: 64-bit indexing instantiates and agrees", "[cuda][cuda3d][index]") {
  const auto g = parallel();
  pyronn::cuda::Projector3D<GeometryParallel3D, software_policy, long long> wide(g, 0.5);
  pyronn::cuda::Projector3D<GeometryParallel3D, software_policy, int> narrow(g, 0.5);
  const auto volume = random_vector(2 * g.volume_size(), 31), projections = random_vector(2 * g.sinogram_size(), 32);
  thrust::device_vector<float> d_volume(volume), d_projections(projections), a(projections.size()), b(a.size()),
      c(volume.size()), d(volume.size());
  wide.forward(raw(d_volume), raw(a), 2);
  narrow.forward(raw(d_volume), raw(b), 2);
  CHECK(to_host(a) == to_host(b));
  narrow.forward(raw(d_volume), d_volume.size(), raw(b), b.size());  // the sized form finds batch 2
  CHECK(to_host(a) == to_host(b));
  wide.adjoint(raw(d_projections), raw(c), 2);
  narrow.adjoint(raw(d_projections), raw(d), 2);
  CHECK(to_host(c) == to_host(d));
  wide.backproject_fbp(raw(d_projections), raw(c), 2);
  narrow.backproject_fbp(raw(d_projections), raw(d), 2);
  CHECK(to_host(c) == to_host(d));
  // And the texture path with 64-bit indexing.
  pyronn::cuda::Projector3D<GeometryParallel3D, texture_policy, long long> wide_texture(g, 0.5);
  pyronn::cuda::Projector3D<GeometryParallel3D, texture_policy, int> narrow_texture(g, 0.5);
  wide_texture.forward(raw(d_volume), raw(a), 2);
  narrow_texture.forward(raw(d_volume), raw(b), 2);
  CHECK(to_host(a) == to_host(b));
}
