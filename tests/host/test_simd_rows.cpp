// The host driver's vectorised row loops (kernels/fbp_backprojection_*_rows.hpp) against the
// per-pixel kernels they replace: bitwise the same sums, in every form this CPU has (AVX-512,
// AVX2, the plain loop: simd_forms.hpp), for both interpolation policies, with pixels that
// land outside the detector, on either edge and inside, and rows whose length is not a multiple of
// the block.

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/cone_cylindrical_3d.hpp>
#include <pyronn/geometry/fan_arc_2d.hpp>
#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/kernels/array_sampler_2d.hpp>
#include <pyronn/kernels/fbp_backprojection_2d.hpp>
#include <pyronn/kernels/fbp_backprojection_2d_rows.hpp>
#include <pyronn/kernels/fbp_backprojection_3d_rows.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/kernels/joseph_2d_rows.hpp>
#include <pyronn/kernels/joseph_3d_rows.hpp>

#include "bit_exact.hpp"
#include "simd_forms.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

using namespace pyronn;

namespace {

const double pi = 3.14159265358979323846;

using pyronn_test::same_bits;

// Row y of the image, per pixel, as the driver summed it before the row loops.
template <class Beam, Interpolation I>
std::vector<float> per_pixel_row(const std::vector<View2D>& views, const Grid2D& g, int y, const std::vector<float>& sino,
                                 int nu) {
  const ArraySampler2D<I> sampler{sino.data(), nu, int(views.size())};
  std::vector<float> row(g.nx);
  for (int x = 0; x < g.nx; ++x) {
    float sum = 0.f;
    for (int v = 0; v < int(views.size()); ++v) sum += fbp_backproject_pixel<Beam>(views[v], v, g, x, y, sampler);
    row[x] = sum;
  }
  return row;
}

template <class Geometry, Interpolation I>
void check_2d(const Geometry& geometry) {
  using Beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const Grid2D g = geometry.grid();
  const int nu = geometry.detector_shape();
  const auto sino = pyronn_test::values_with_zeros(geometry.sinogram_size());
  int mismatches = 0;
  for (int y = 0; y < g.ny; ++y) {
    const auto expected = per_pixel_row<Beam, I>(views, g, y, sino, nu);
    std::vector<float> plain(host::simd_padded(g.nx)), dispatched(host::simd_padded(g.nx));
    detail::fbp_backproject_row_blocks<Beam, I, float>(views.data(), 0, int(views.size()), g, y, sino.data(), nu,
                                                       plain.data());
    fbp_backproject_row<Beam, I>(views.data(), 0, int(views.size()), g, y, sino.data(), nu, dispatched.data());
    for (int x = 0; x < g.nx; ++x)
      mismatches += !same_bits(plain[x], expected[x]) + !same_bits(dispatched[x], expected[x]);
  }
  CHECK(mismatches == 0);
}

template <Interpolation I>
void check_3d(const GeometryCone3D& geometry) {
  const auto views = geometry.views();
  const Grid3D g = geometry.grid();
  const int nu = geometry.detector_shape()[1], nv = geometry.detector_shape()[0];
  const auto projections = pyronn_test::values_with_zeros(geometry.sinogram_size());
  int mismatches = 0;
  for (int z = 0; z < g.nz; ++z)
    for (int y = 0; y < g.ny; ++y) {
      std::vector<float> expected(g.nx, 0.f);
      for (int v = 0; v < int(views.size()); ++v) {
        const ArraySampler2D<I> sampler{projections.data() + std::size_t(v) * geometry.projection_size(), nu, nv};
        for (int x = 0; x < g.nx; ++x) expected[x] += fbp_backproject_voxel(views[v], g, x, y, z, sampler);
      }
      std::vector<float> plain(host::simd_padded(g.nx)), dispatched(host::simd_padded(g.nx));
      detail::fbp_backproject_row_3d_blocks<I, float>(views.data(), 0, int(views.size()), g, y, z, projections.data(), nu,
                                                      nv, plain.data());
      fbp_backproject_row_3d<I>(views.data(), 0, int(views.size()), g, y, z, projections.data(), nu, nv,
                                dispatched.data());
      for (int x = 0; x < g.nx; ++x)
        mismatches += !same_bits(plain[x], expected[x]) + !same_bits(dispatched[x], expected[x]);
    }
  CHECK(mismatches == 0);
}

template <class Geometry, Interpolation I>
void check_joseph(const Geometry& geometry) {
  using Beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const Grid2D g = geometry.grid();
  const int nu = geometry.detector_shape();
  const auto image = pyronn_test::values_with_zeros(geometry.volume_size());
  const ArraySampler2D<I> sampler{image.data(), g.nx, g.ny};
  // The image as [nx][ny]: rays along x read it where they are given it.
  std::vector<float> transposed(image.size());
  for (int y = 0; y < g.ny; ++y)
    for (int x = 0; x < g.nx; ++x) transposed[std::size_t(x) * g.ny + y] = image[std::size_t(y) * g.nx + x];
  int mismatches = 0, blocks = 0;
  for (const View2D& view : views)
    for (int u0 = 0; u0 + host::simd_block <= nu; u0 += host::simd_block, ++blocks) {
      float plain[host::simd_block], dispatched[host::simd_block], from_transposed[host::simd_block];
      detail::joseph_forward_block<Beam, I, float>(view, u0, g, image.data(), nullptr, plain);
      joseph_forward_block<Beam, I>(view, u0, g, image.data(), nullptr, dispatched);
      joseph_forward_block<Beam, I>(view, u0, g, image.data(), transposed.data(), from_transposed);
      for (int k = 0; k < host::simd_block; ++k) {
        const float expected = joseph_forward_ray<Beam>(view, float(u0 + k), g, sampler);
        mismatches += !same_bits(plain[k], expected) + !same_bits(dispatched[k], expected) +
                      !same_bits(from_transposed[k], expected);
      }
    }
  CHECK(blocks > 0);
  CHECK(mismatches == 0);
}

// The driver's forward (blocks reading a transposed copy of each image, the rest ray by ray)
// against joseph_forward_ray, for a batch of 3 and 1, 2 and 3 threads.
template <class Geometry>
void check_forward_driver(const Geometry& geometry) {
  using Beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const Grid2D g = geometry.grid();
  const int nu = geometry.detector_shape(), batch = 3;
  const auto images = pyronn_test::values_with_zeros(batch * geometry.volume_size());
  std::vector<float> expected(batch * geometry.sinogram_size());
  for (int b = 0; b < batch; ++b) {
    const ArraySampler2D<Interpolation::software> sampler{images.data() + b * geometry.volume_size(), g.nx, g.ny};
    for (std::size_t v = 0; v < views.size(); ++v)
      for (int u = 0; u < nu; ++u)
        expected[(b * views.size() + v) * nu + u] = joseph_forward_ray<Beam>(views[v], float(u), g, sampler);
  }
  for (int threads = 1; threads <= 3; ++threads) {
    std::vector<float> out(expected.size());
    host::Projector2D<Geometry>(geometry, threads).forward(images.data(), out.data(), batch);
    INFO("threads " << threads);
    CHECK(pyronn_test::bit_mismatches(out, expected) == 0);
  }
}

template <class Geometry, Interpolation I>
void check_joseph_3d(const Geometry& geometry) {
  using Beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const Grid3D g = geometry.grid();
  const int nu = geometry.detector_shape()[1], nv = geometry.detector_shape()[0];
  const auto volume = pyronn_test::values_with_zeros(geometry.volume_size());
  const ArraySampler3D<I> sampler{volume.data(), g.nx, g.ny, g.nz};
  int mismatches = 0, blocks = 0;
  for (const View3D& view : views)
    for (int v = 0; v < nv; ++v)
      for (int u0 = 0; u0 + host::simd_block <= nu; u0 += host::simd_block, ++blocks) {
        float plain[host::simd_block], dispatched[host::simd_block];
        detail::joseph_forward_block_3d<Beam, I, float>(view, u0, v, g, volume.data(), plain);
        joseph_forward_block_3d<Beam, I>(view, u0, v, g, volume.data(), dispatched);
        for (int k = 0; k < host::simd_block; ++k) {
          const float expected = joseph_forward_ray_3d<Beam>(view, float(u0 + k), float(v), g, sampler);
          mismatches += !same_bits(plain[k], expected) + !same_bits(dispatched[k], expected);
        }
      }
  CHECK(blocks > 0);
  CHECK(mismatches == 0);
}

}  // namespace

TEST_CASE("3D Joseph forward blocks give the per-ray sums bitwise", "[simd][joseph]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  // A detector wider and taller than the volume's shadow (rays that miss it), views all round.
  const GeometryCone3D cone({19, 17, 13}, {1.0, 1.0, 1.0}, {14, 32}, {1.5, 1.5}, 11, 2 * pi, 120.0, 60.0);
  const GeometryParallel3D parallel({19, 17, 13}, {1.0, 1.0, 1.0}, {14, 32}, {1.0, 1.0}, 11, pi);
  check_joseph_3d<GeometryCone3D, Interpolation::software>(cone);
  check_joseph_3d<GeometryCone3D, Interpolation::texture>(cone);
  check_joseph_3d<GeometryParallel3D, Interpolation::software>(parallel);
  check_joseph_3d<GeometryParallel3D, Interpolation::texture>(parallel);
  const GeometryConeCylindrical3D cylinder({19, 17, 13}, {1.0, 1.0, 1.0}, {14, 32}, {1.5, 1.5}, 11, 2 * pi, 120.0, 60.0);
  check_joseph_3d<GeometryConeCylindrical3D, Interpolation::software>(cylinder);
  check_joseph_3d<GeometryConeCylindrical3D, Interpolation::texture>(cylinder);
}

TEST_CASE("2D Joseph forward blocks give the per-ray sums bitwise", "[simd][joseph]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  // Rays that miss the image, graze it and cross it; fan views whose blocks mix major axes.
  const GeometryParallel2D parallel({37, 29}, {1.0, 1.0}, 48, 1.1, 23, pi);
  const GeometryFan2D fan({37, 29}, {1.0, 1.0}, 48, 1.6, 36, 2 * pi, 120.0, 60.0);
  check_joseph<GeometryParallel2D, Interpolation::software>(parallel);
  check_joseph<GeometryParallel2D, Interpolation::texture>(parallel);
  check_joseph<GeometryFan2D, Interpolation::software>(fan);
  check_joseph<GeometryFan2D, Interpolation::texture>(fan);
  const GeometryFanArc2D arc({37, 29}, {1.0, 1.0}, 48, 1.6, 36, 2 * pi, 120.0, 60.0);
  check_joseph<GeometryFanArc2D, Interpolation::software>(arc);
  check_joseph<GeometryFanArc2D, Interpolation::texture>(arc);
}

TEST_CASE("the 2D forward driver gives the per-ray sums bitwise", "[simd][joseph]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  // Not square, so that a transposition that swapped the axes' lengths would show; 52 bins: six
  // blocks and a remainder.
  check_forward_driver(GeometryParallel2D({37, 29}, {1.0, 1.0}, 52, 1.1, 23, pi));
  check_forward_driver(GeometryFan2D({37, 29}, {1.0, 0.8}, 52, 1.6, 36, 2 * pi, 120.0, 60.0));
}

TEST_CASE("2D FBP row loops give the per-pixel sums bitwise", "[simd][fbp]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  // 37 columns: four blocks and a partial one. The detector (30 bins of 1.1 mm) is narrower than
  // the image, so pixels land outside it, on its edges and inside.
  const GeometryParallel2D parallel({37, 29}, {1.0, 1.0}, 30, 1.1, 23, pi);
  const GeometryFan2D fan({37, 29}, {1.0, 1.0}, 30, 1.6, 23, 2 * pi, 120.0, 60.0);
  check_2d<GeometryParallel2D, Interpolation::software>(parallel);
  check_2d<GeometryParallel2D, Interpolation::texture>(parallel);
  check_2d<GeometryFan2D, Interpolation::software>(fan);
  check_2d<GeometryFan2D, Interpolation::texture>(fan);
  // The arc detector: the rows read its bins through the same Beam::detector_coordinate.
  const GeometryFanArc2D arc({37, 29}, {1.0, 1.0}, 30, 1.6, 23, 2 * pi, 120.0, 60.0);
  check_2d<GeometryFanArc2D, Interpolation::software>(arc);
  check_2d<GeometryFanArc2D, Interpolation::texture>(arc);
}

TEST_CASE("3D FDK row loops give the per-voxel sums bitwise", "[simd][fbp]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  const GeometryCone3D cone({19, 17, 13}, {1.0, 1.0, 1.0}, {10, 14}, {1.5, 1.5}, 11, 2 * pi, 120.0, 60.0);
  check_3d<Interpolation::software>(cone);
  check_3d<Interpolation::texture>(cone);
}
