// The host driver's vectorised 3D scatters (kernels/joseph_3d_scatter_rows.hpp,
// kernels/fbp_transpose_3d_rows.hpp) against the scalar bodies they replace: bitwise the same
// volumes and projections, in every form this CPU has (AVX-512, AVX2, the plain
// loop), for both interpolation policies, with rays that miss the volume, blocks whose rays mix
// major axes, thread slabs cut at odd layers, and rows that are not whole blocks. Outputs start at
// -0, so a masked lane that added a zero (+0) would show.

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/cone_cylindrical_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/kernels/fbp_transpose_3d.hpp>
#include <pyronn/kernels/fbp_transpose_3d_rows.hpp>
#include <pyronn/kernels/joseph_3d_scatter.hpp>
#include <pyronn/kernels/joseph_3d_scatter_rows.hpp>

#include "bit_exact.hpp"
#include "simd_forms.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

using namespace pyronn;

namespace {

const double pi = 3.14159265358979323846;

using pyronn_test::same_bits;

// The plain form, the dispatched form and the scalar scatter, walked as the driver walks a slab:
// views, rows, whole blocks of pixels, then the row's last pixels ray by ray.
enum class Form { plain, dispatched, scalar };

template <class Beam, Interpolation I>
void scatter_slab(Form form, const std::vector<View3D>& views, const Grid3D& g, int nu, int nv,
                  const std::vector<float>& projections, int z_begin, int z_end, std::vector<float>& volume) {
  const int block = host::simd_block;
  // The block forms add into a slab with a margin, as the driver's; it starts at -0 too, so that a
  // zero added where the scalar adds nothing shows.
  std::vector<float> memory(ScatterSlab3D::size(z_end - z_begin, g.nx, g.ny), -0.f);
  const ScatterSlab3D slab(memory.data(), z_begin, z_end, g.nx, g.ny);
  for (std::size_t view = 0; view < views.size(); ++view)
    for (int v = 0; v < nv; ++v) {
      const float* row = projections.data() + (view * nv + v) * std::size_t(nu);
      int u = 0;
      for (; form != Form::scalar && u + block <= nu; u += block) {
        if (form == Form::plain)
          detail::joseph_scatter_block_3d<Beam, I, float>(views[view], u, v, row + u, g, slab);
        else
          joseph_scatter_block_3d<Beam, I>(views[view], u, v, row + u, g, slab);
      }
      for (; u < nu; ++u) {
        if (form == Form::scalar)
          joseph_scatter_ray_3d<Beam, I>(views[view], float(u), float(v), row[u], g, z_begin, z_end,
                                         AddTo{volume.data()});
        else
          joseph_scatter_ray_3d<Beam, I>(views[view], float(u), float(v), row[u], g, z_begin, z_end, AddTo{slab.data},
                                         slab.layout());
      }
    }
  if (form != Form::scalar) slab.copy_to(volume.data());
}

template <class Geometry, Interpolation I>
void check_joseph_scatter(const Geometry& geometry) {
  using Beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const Grid3D g = geometry.grid();
  const int nu = geometry.detector_shape()[1], nv = geometry.detector_shape()[0];
  REQUIRE(nu % host::simd_block != 0);  // some rays left after the whole blocks
  const auto projections = pyronn_test::values_with_zeros(geometry.sinogram_size());
  // The whole volume, and slabs cut at odd layers (one layer, the first, the last, inner ones).
  const std::pair<int, int> slabs[] = {{0, g.nz}, {0, 1}, {1, 6}, {6, 7}, {7, g.nz}, {4, 9}, {g.nz - 1, g.nz}};
  int mismatches = 0, fed = 0;
  for (const auto& slab : slabs) {
    std::vector<float> expected(geometry.volume_size(), -0.f), plain(geometry.volume_size(), -0.f), dispatched(geometry.volume_size(), -0.f);
    scatter_slab<Beam, I>(Form::scalar, views, g, nu, nv, projections, slab.first, slab.second, expected);
    scatter_slab<Beam, I>(Form::plain, views, g, nu, nv, projections, slab.first, slab.second, plain);
    scatter_slab<Beam, I>(Form::dispatched, views, g, nu, nv, projections, slab.first, slab.second, dispatched);
    mismatches += !same_bits(plain, expected) + !same_bits(dispatched, expected);
    for (float x : expected) fed += !std::signbit(x);  // the check is not vacuous: voxels got terms
  }
  CHECK(fed > 0);
  CHECK(mismatches == 0);
}

template <class Geometry, Interpolation I>
void check_fbp_transpose_rows(const Geometry& geometry) {
  using Beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const Grid3D g = geometry.grid();
  const int nu = geometry.detector_shape()[1], nv = geometry.detector_shape()[0];
  REQUIRE(g.nx % host::simd_block != 0);  // a partial block at the end of every row
  const auto volume = pyronn_test::values_with_zeros(geometry.volume_size());
  int mismatches = 0, fed = 0;
  for (const View3D& view : views) {
    const std::size_t pixels = std::size_t(nu) * nv;
    std::vector<float> expected(pixels, -0.f), plain(pixels, -0.f), dispatched(pixels, -0.f);
    // The rows add into the projection with a margin; it starts at -0 too, so that a zero added
    // where the scalar adds nothing shows.
    std::vector<float> plain_memory(ScatterBand2D::size(nv, nu), -0.f), dispatched_memory = plain_memory;
    const ScatterBand2D plain_sums(plain_memory.data(), 0, nv, nu),
        dispatched_sums(dispatched_memory.data(), 0, nv, nu);
    std::size_t i = 0;
    for (int z = 0; z < g.nz; ++z)
      for (int y = 0; y < g.ny; ++y, i += std::size_t(g.nx)) {
        for (int x = 0; x < g.nx; ++x)
          fbp_transpose_beam_voxel<Beam, I>(view, g, x, y, z, volume[i + x], nu, nv, AddTo{expected.data()});
        detail::fbp_transpose_row_3d_blocks<I, float>(view, g, y, z, volume.data() + i, nu, nv, plain_sums);
        fbp_transpose_row_3d<I>(view, g, y, z, volume.data() + i, nu, nv, dispatched_sums);
      }
    plain_sums.copy_to(plain.data());
    dispatched_sums.copy_to(dispatched.data());
    mismatches += !same_bits(plain, expected) + !same_bits(dispatched, expected);
    for (float x : expected) fed += !std::signbit(x);
  }
  CHECK(fed > 0);
  CHECK(mismatches == 0);
}

// The driver (which takes the blocks where this CPU has vector forms) against the scalar scatters, walked
// voxel by voxel and ray by ray, on 1 and 3 threads.
template <class Geometry, Interpolation I>
void check_driver(const Geometry& geometry) {
  using Beam = typename Geometry::beam_type;
  const auto views = geometry.views();
  const Grid3D g = geometry.grid();
  const int nu = geometry.detector_shape()[1], nv = geometry.detector_shape()[0];
  const auto projections = pyronn_test::values_with_zeros(geometry.sinogram_size());
  const auto volume = pyronn_test::values_with_zeros(geometry.volume_size());
  std::vector<float> adjoint(geometry.volume_size(), 0.f), transpose(geometry.sinogram_size(), 0.f);
  scatter_slab<Beam, I>(Form::scalar, views, g, nu, nv, projections, 0, g.nz, adjoint);
  const float scale = float(geometry.angular_increment());
  for (std::size_t v = 0; v < views.size(); ++v) {
    float* out = transpose.data() + v * geometry.projection_size();
    std::size_t i = 0;
    for (int z = 0; z < g.nz; ++z)
      for (int y = 0; y < g.ny; ++y)
        for (int x = 0; x < g.nx; ++x, ++i)
          fbp_transpose_beam_voxel<Beam, I>(views[v], g, x, y, z, volume[i], nu, nv, AddTo{out});
    for (std::size_t k = 0; k < geometry.projection_size(); ++k) out[k] *= scale;
  }
  for (int threads : {1, 3}) {
    const host::Projector3D<Geometry, I> op(geometry, RayModel3D::joseph, 0.5, threads);
    std::vector<float> got_adjoint(geometry.volume_size()), got_transpose(geometry.sinogram_size());
    op.adjoint(projections.data(), got_adjoint.data());
    op.backproject_fbp_transpose(volume.data(), got_transpose.data());
    CHECK(same_bits(got_adjoint, adjoint));
    CHECK(same_bits(got_transpose, transpose));
  }
}

// A detector wider and taller than the volume's shadow (rays that miss it), 30 columns (three
// blocks and six rays), views all round (blocks that mix major axes); 19 voxels a row (two blocks
// and a partial one).
const GeometryCone3D cone({13, 17, 19}, {1.0, 1.0, 1.0}, {14, 30}, {1.5, 1.5}, 11, 2 * pi, 120.0, 60.0);
const GeometryParallel3D parallel({13, 17, 19}, {1.0, 1.0, 1.0}, {14, 30}, {1.0, 1.0}, 11, pi);
const GeometryConeCylindrical3D cylinder({13, 17, 19}, {1.0, 1.0, 1.0}, {14, 30}, {1.5, 1.5}, 11, 2 * pi, 120.0, 60.0);
// A detector narrower and shorter than the volume's shadow: voxels that land outside it and on its
// edges.
const GeometryCone3D cone_small({13, 17, 19}, {1.0, 1.0, 1.0}, {9, 12}, {1.5, 1.5}, 11, 2 * pi, 120.0, 60.0);
const GeometryParallel3D parallel_small({13, 17, 19}, {1.0, 1.0, 1.0}, {9, 12}, {1.1, 1.1}, 11, pi);

}  // namespace

TEST_CASE("3D Joseph scatter blocks give the per-ray scatter bitwise", "[simd][joseph][adjoint]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  INFO("cone, software");
  check_joseph_scatter<GeometryCone3D, Interpolation::software>(cone);
  INFO("cone, texture");
  check_joseph_scatter<GeometryCone3D, Interpolation::texture>(cone);
  INFO("parallel, software");
  check_joseph_scatter<GeometryParallel3D, Interpolation::software>(parallel);
  INFO("parallel, texture");
  check_joseph_scatter<GeometryParallel3D, Interpolation::texture>(parallel);
  INFO("cylinder, software");
  check_joseph_scatter<GeometryConeCylindrical3D, Interpolation::software>(cylinder);
  INFO("cylinder, texture");
  check_joseph_scatter<GeometryConeCylindrical3D, Interpolation::texture>(cylinder);
}

TEST_CASE("3D FBP transpose row blocks give the per-voxel scatter bitwise", "[simd][fbp][transpose]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  check_fbp_transpose_rows<GeometryCone3D, Interpolation::software>(cone);
  check_fbp_transpose_rows<GeometryCone3D, Interpolation::texture>(cone);
  check_fbp_transpose_rows<GeometryCone3D, Interpolation::software>(cone_small);
  check_fbp_transpose_rows<GeometryCone3D, Interpolation::texture>(cone_small);
  check_fbp_transpose_rows<GeometryParallel3D, Interpolation::software>(parallel);
  check_fbp_transpose_rows<GeometryParallel3D, Interpolation::texture>(parallel_small);
}

TEST_CASE("3D host adjoint and FBP transpose give the scalar scatters bitwise on any thread count",
          "[simd][adjoint][transpose][threads]") {
  PYRONN_FOR_EACH_SIMD_FORM();
  check_driver<GeometryCone3D, Interpolation::software>(cone);
  check_driver<GeometryCone3D, Interpolation::texture>(cone_small);
  check_driver<GeometryParallel3D, Interpolation::software>(parallel_small);
  check_driver<GeometryParallel3D, Interpolation::texture>(parallel);
  check_driver<GeometryConeCylindrical3D, Interpolation::texture>(cylinder);
}
