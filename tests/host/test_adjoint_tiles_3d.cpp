// The GPU adjoint (cuda::ray_march_adjoint_kernel) gives each block a tile of voxels and a
// shared-memory table of one view's rays: the rectangle tile_rays returns. Checked here without a
// GPU, over every tile and view of several geometries: each ray any voxel of the tile reads lies
// in that rectangle, and a tile skipped as empty holds no voxel that reads a ray. A lookup outside
// the rectangle would read the wrong table entry on the GPU.

#include "../support/numerics.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/trajectory_3d.hpp>
#include <pyronn/kernels/ray_march_3d.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace pyronn;

namespace {

const double pi = 3.14159265358979323846;

// Computes each ray like ComputedRays and remembers the pixels asked for.
template <class Beam>
struct RecordingRays {
  ComputedRays<Beam> computed;
  mutable int u_lo = 1 << 30, u_hi = -1, v_lo = 1 << 30, v_hi = -1, reads = 0;
  RaySamples3D operator()(int u, int v) const {
    u_lo = std::min(u_lo, u), u_hi = std::max(u_hi, u), v_lo = std::min(v_lo, v), v_hi = std::max(v_hi, v);
    ++reads;
    return computed(u, v);
  }
};

struct TileCounts {
  long tables = 0, per_voxel = 0, skipped = 0, outside = 0, read_when_skipped = 0;
};

template <class Geometry>
TileCounts check_tiles(const Geometry& g) {
  using Beam = typename Geometry::beam_type;
  const Grid3D grid = g.grid();
  const int nu = g.detector_shape()[1], nv = g.detector_shape()[0];
  const float step = float(0.5 * std::min({g.volume_spacing()[0], g.volume_spacing()[1], g.volume_spacing()[2]}));
  const std::vector<float> ones(g.projection_size(), 1.f);
  TileCounts c;
  for (const View3D& view : g.views())
    for (int z0 = 0; z0 < grid.nz; z0 += AdjointTile::nz)
      for (int y0 = 0; y0 < grid.ny; y0 += AdjointTile::ny)
        for (int x0 = 0; x0 < grid.nx; x0 += AdjointTile::nx) {
          const int x1 = std::min(x0 + AdjointTile::nx, grid.nx) - 1, y1 = std::min(y0 + AdjointTile::ny, grid.ny) - 1,
                    z1 = std::min(z0 + AdjointTile::nz, grid.nz) - 1;
          const PixelRect r = tile_rays<Beam>(view, grid, nu, nv, x0, y0, z0, x1, y1, z1);
          REQUIRE(r.finite);  // validated geometries put every corner in front of the source
          const bool skipped = r.empty();
          (skipped ? c.skipped : r.count() <= AdjointTile::max_rays ? c.tables : c.per_voxel)++;
          for (int z = z0; z <= z1; ++z)
            for (int y = y0; y <= y1; ++y)
              for (int x = x0; x <= x1; ++x) {
                const RecordingRays<Beam> rays{{&view, grid, step}};
                const float value =
                    ray_march_adjoint_voxel<Beam, Interpolation::software>(view, rays, ones.data(), nu, nv, grid, x, y, z);
                if (skipped) {
                  c.read_when_skipped += rays.reads + (value != 0.f);
                } else if (rays.reads > 0) {
                  c.outside += rays.u_lo < r.u_first || rays.u_hi > r.u_last || rays.v_lo < r.v_first ||
                               rays.v_hi > r.v_last;
                }
              }
        }
  return c;
}

template <class Geometry>
void check(const Geometry& g, const std::string& name) {
  const TileCounts c = check_tiles(g);
  pyronn_test::print_figure(("adjoint tiles using a shared ray table, " + name).c_str(), double(c.tables));
  pyronn_test::print_figure(("adjoint tiles setting rays up per voxel, " + name).c_str(), double(c.per_voxel));
  pyronn_test::print_figure(("adjoint tiles skipped (off the detector), " + name).c_str(), double(c.skipped));
  CHECK(c.outside == 0);
  CHECK(c.read_when_skipped == 0);
}

}  // namespace

TEST_CASE("3D adjoint tiles: every ray a voxel reads lies in its tile's rectangle", "[adjoint][tiles]") {
  SECTION("cone, full circle (the CUDA tests' geometry)") {
    check(GeometryCone3D({18, 20, 22}, {1, 1, 1}, {24, 32}, {1.5, 1.5}, 40, 2 * pi, 200, 100), "cone");
  }
  SECTION("cone, 0.1 mm pixels: shadows larger than the table") {
    check(GeometryCone3D({9, 10, 11}, {1, 1, 1}, {60, 80}, {0.1, 0.1}, 5, 2 * pi, 200, 100), "fine cone");
  }
  SECTION("cone, anisotropic, shifted detector, short scan") {
    GeometryCone3D g({9, 17, 13}, {1.5, 0.7, 1.1}, {15, 27}, {1.3, 0.9}, 13, -1.2 * pi, 150, 60);
    g.set_detector_origin({-8.0, -14.0});
    check(g, "shifted cone");
  }
  SECTION("cone, helix, source close to the volume") {
    GeometryCone3D g({12, 14, 10}, {1, 1, 1}, {20, 24}, {1.2, 1.2}, 15, 4 * pi, 60, 30);
    g.set_projection_matrices(helical_trajectory_3d(g, 6.0, -4.0));
    check(g, "helix");
  }
  SECTION("parallel, anisotropic, tilted rays") {
    GeometryParallel3D g({7, 15, 11}, {1.4, 0.8, 1.0}, {13, 19}, {1.1, 0.9}, 9, pi);
    std::vector<dvec3> rays;
    for (int i = 0; i < 9; ++i) rays.push_back({std::cos(0.4 * i), std::sin(0.4 * i), 0.3 - 0.07 * i});
    g.set_ray_vectors(rays);
    check(g, "tilted parallel");
  }
  SECTION("parallel, axis-aligned views: shadow edges on pixel boundaries") {
    check(GeometryParallel3D({16, 16, 16}, {1, 1, 1}, {16, 16}, {1, 1}, 4, 2 * pi), "axis-aligned parallel");
  }
}
