// The host driver's vectorised 2D scatters (kernels/joseph_2d_scatter_rows.hpp,
// fbp_transpose_2d_rows.hpp) against the scalar bodies they replace: bitwise the same sums, in both
// of the forms this CPU has (AVX-512, AVX2, the plain loop), for both
// interpolation policies, with rays and pixels that miss, graze and cross, bands cut at odd rows,
// and rows whose length is not a multiple of the block. The outputs start at -0, so an addition
// of a zero where the scalar adds nothing would show as a +0.

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/fan_arc_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/kernels/fbp_transpose_2d.hpp>
#include <pyronn/kernels/fbp_transpose_2d_rows.hpp>
#include <pyronn/kernels/joseph_2d_scatter.hpp>
#include <pyronn/kernels/joseph_2d_scatter_rows.hpp>

#include "bit_exact.hpp"
#include "simd_forms.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

using namespace pyronn;

namespace {

const double pi = 3.14159265358979323846;

using pyronn_test::bit_mismatches;

template <class Geometry, Interpolation I>
void check_joseph_scatter(const Geometry& geometry) {
  using Beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const Grid2D g = geometry.grid();
  const int nu = geometry.detector_shape();
  const auto sino = pyronn_test::values_with_zeros(geometry.sinogram_size());
  const int cuts[][2] = {{0, g.ny}, {0, 1}, {3, 11}, {g.ny - 2, g.ny}, {5, 6}};
  int blocks = 0;
  for (const auto& cut : cuts) {
    const int row_begin = cut[0], row_end = cut[1];
    std::vector<float> expected(geometry.volume_size(), -0.f), plain = expected, dispatched = expected;
    // The bands start at -0 too, so that a zero added where the scalar adds nothing shows.
    std::vector<float> plain_memory(ScatterBand2D::size(row_end - row_begin, g.nx), -0.f),
        dispatched_memory = plain_memory;
    const ScatterBand2D plain_band(plain_memory.data(), row_begin, row_end, g.nx),
        dispatched_band(dispatched_memory.data(), row_begin, row_end, g.nx);
    for (std::size_t v = 0; v < views.size(); ++v) {
      const float* row = sino.data() + v * nu;
      for (int u = 0; u < nu; ++u)
        joseph_scatter_ray<Beam, I>(views[v], float(u), row[u], g, row_begin, row_end, AddTo{expected.data()});
      for (int u0 = 0; u0 + host::simd_block <= nu; u0 += host::simd_block, ++blocks) {
        detail::joseph_scatter_block<Beam, I, float>(views[v], u0, row + u0, g, plain_band);
        joseph_scatter_block<Beam, I>(views[v], u0, row + u0, g, dispatched_band);
      }
      for (int u = nu / host::simd_block * host::simd_block; u < nu; ++u) {
        joseph_scatter_ray<Beam, I>(views[v], float(u), row[u], g, row_begin, row_end, AddTo{plain_band.data},
                                    plain_band.layout());
        joseph_scatter_ray<Beam, I>(views[v], float(u), row[u], g, row_begin, row_end, AddTo{dispatched_band.data},
                                    dispatched_band.layout());
      }
    }
    plain_band.copy_to(plain.data());
    dispatched_band.copy_to(dispatched.data());
    INFO("rows " << row_begin << " to " << row_end);
    CHECK(bit_mismatches(plain, expected) == 0);
    CHECK(bit_mismatches(dispatched, expected) == 0);
  }
  CHECK(blocks > 0);
}

template <class Geometry, Interpolation I>
void check_fbp_transpose(const Geometry& geometry) {
  using Beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const Grid2D g = geometry.grid();
  const int nu = geometry.detector_shape();
  const auto image = pyronn_test::values_with_zeros(geometry.volume_size());
  std::vector<float> expected(geometry.sinogram_size(), -0.f), plain = expected, dispatched = expected;
  for (std::size_t v = 0; v < views.size(); ++v) {
    float* e = expected.data() + v * nu;
    // The rows add into a view's row with a margin; it starts at -0 too, so that a zero added
    // where the scalar adds nothing shows.
    std::vector<float> plain_memory(ScatterBand2D::size(1, nu), -0.f), dispatched_memory = plain_memory;
    const ScatterBand2D plain_row(plain_memory.data(), 0, 1, nu), dispatched_row(dispatched_memory.data(), 0, 1, nu);
    for (int y = 0; y < g.ny; ++y) {
      const float* row = image.data() + std::size_t(y) * g.nx;
      for (int x = 0; x < g.nx; ++x) fbp_transpose_pixel<Beam, I>(views[v], g, x, y, row[x], nu, AddTo{e});
      detail::fbp_transpose_row_blocks<Beam, I, float>(views[v], g, y, row, nu, plain_row);
      fbp_transpose_row<Beam, I>(views[v], g, y, row, nu, dispatched_row);
    }
    plain_row.copy_to(plain.data() + v * nu);
    dispatched_row.copy_to(dispatched.data() + v * nu);
  }
  CHECK(bit_mismatches(plain, expected) == 0);
  CHECK(bit_mismatches(dispatched, expected) == 0);
}

}  // namespace

TEST_CASE("2D Joseph scatter blocks give the per-ray scatters bitwise", "[simd][joseph][adjoint]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  // Rays that miss the image, graze it and cross it; fan views whose blocks mix major axes; a
  // detector of 52 bins: six blocks and a remainder.
  const GeometryParallel2D parallel({37, 29}, {1.0, 1.0}, 52, 1.1, 23, pi);
  const GeometryFan2D fan({37, 29}, {1.0, 1.0}, 52, 1.6, 36, 2 * pi, 120.0, 60.0);
  const GeometryFanArc2D arc({37, 29}, {1.0, 1.0}, 52, 1.6, 36, 2 * pi, 120.0, 60.0);
  check_joseph_scatter<GeometryParallel2D, Interpolation::software>(parallel);
  check_joseph_scatter<GeometryParallel2D, Interpolation::texture>(parallel);
  check_joseph_scatter<GeometryFan2D, Interpolation::software>(fan);
  check_joseph_scatter<GeometryFan2D, Interpolation::texture>(fan);
  check_joseph_scatter<GeometryFanArc2D, Interpolation::software>(arc);
  check_joseph_scatter<GeometryFanArc2D, Interpolation::texture>(arc);
}

TEST_CASE("2D FBP transpose rows give the per-pixel scatters bitwise", "[simd][fbp][transpose]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  // 37 columns: four blocks and a partial one; a detector (30 bins of 1.1 mm) narrower than the
  // image, so pixels land outside it, on its edges and inside.
  const GeometryParallel2D parallel({37, 29}, {1.0, 1.0}, 30, 1.1, 23, pi);
  const GeometryFan2D fan({37, 29}, {1.0, 1.0}, 30, 1.6, 23, 2 * pi, 120.0, 60.0);
  const GeometryFanArc2D arc({37, 29}, {1.0, 1.0}, 30, 1.6, 23, 2 * pi, 120.0, 60.0);
  check_fbp_transpose<GeometryParallel2D, Interpolation::software>(parallel);
  check_fbp_transpose<GeometryParallel2D, Interpolation::texture>(parallel);
  check_fbp_transpose<GeometryFan2D, Interpolation::software>(fan);
  check_fbp_transpose<GeometryFan2D, Interpolation::texture>(fan);
  check_fbp_transpose<GeometryFanArc2D, Interpolation::software>(arc);
  check_fbp_transpose<GeometryFanArc2D, Interpolation::texture>(arc);
}
