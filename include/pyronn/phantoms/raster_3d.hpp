#pragma once
// Ellipsoid phantoms rasterised on a 3D voxel grid, [Z][Y][X], each voxel the mean of
// supersampling^3 point samples spread evenly over its box. Each ellipsoid visits only the voxels
// of its bounding box, and threads take disjoint ranges of z-slices, so the result does not depend
// on the thread count.

#include <pyronn/core/errors.hpp>
#include <pyronn/geometry/grid_3d.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/phantoms/ellipsoid.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace pyronn {

// The single slice z_index of grid, as a grid of its own (nz = 1): rasterise one slice, cheaply.
inline Grid3D slice_grid(const Grid3D& grid, int z_index) {
  detail::require(z_index >= 0 && z_index < grid.nz, "z_index",
                  "must lie in [0, " + detail::to_text(grid.nz) + "), got " + detail::to_text(z_index));
  Grid3D slice = grid;
  slice.nz = 1;
  slice.origin.z = grid.origin.z + float(z_index) * grid.spacing.z;
  return slice;
}

namespace detail {

// Voxel indices along one axis whose boxes [i - 1/2, i + 1/2] (in index units) can meet
// [lo, hi] (mm); one voxel of slack on each side covers rounding, since contains() decides.
inline void voxel_range(double lo, double hi, double origin, double spacing, int n, int& first, int& last) {
  const double a = std::floor((lo - origin) / spacing - 0.5) - 1, b = std::ceil((hi - origin) / spacing + 0.5) + 1;
  first = int(std::max(a, 0.0));
  last = int(std::min(b, double(n - 1)));
}

}  // namespace detail

// threads = 0: one per hardware thread.
inline std::vector<float> rasterize_3d(const std::vector<Ellipsoid>& ellipsoids, const Grid3D& grid,
                                       int supersampling = 2, int threads = 0) {
  detail::require(supersampling > 0, "supersampling", "must be > 0, got " + detail::to_text(supersampling));
  const int workers = host::resolve_thread_count(threads);
  detail::require(grid.nx > 0 && grid.ny > 0 && grid.nz > 0, "grid",
                  "every size must be > 0, got " + detail::to_text(grid.nx) + " x " + detail::to_text(grid.ny) +
                      " x " + detail::to_text(grid.nz));
  detail::require_positive(grid.spacing.x, "grid.spacing.x");
  detail::require_positive(grid.spacing.y, "grid.spacing.y");
  detail::require_positive(grid.spacing.z, "grid.spacing.z");
  const dvec3 origin = vec_cast<double>(grid.origin), spacing = vec_cast<double>(grid.spacing);
  const int nx = grid.nx, ny = grid.ny, n = supersampling;
  // Sample k of a voxel sits at (k + 1/2) / n - 1/2 of a spacing from its centre.
  std::vector<double> offset(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) offset[std::size_t(k)] = (k + 0.5) / n - 0.5;
  const double weight = 1.0 / (double(n) * n * n);

  std::vector<float> volume(std::size_t(nx) * std::size_t(ny) * std::size_t(grid.nz));
  host::parallel_for(std::size_t(grid.nz), workers,
                     [&](std::size_t z_begin, std::size_t z_end) {
    std::vector<double> slice(std::size_t(nx) * std::size_t(ny));
    for (std::size_t z = z_begin; z < z_end; ++z) {
      std::fill(slice.begin(), slice.end(), 0.0);
      for (const Ellipsoid& e : ellipsoids) {
        const dvec3 h = e.half_extent();
        int x0, x1, y0, y1, z0, z1;
        detail::voxel_range(e.centre.z - h.z, e.centre.z + h.z, origin.z, spacing.z, grid.nz, z0, z1);
        if (int(z) < z0 || int(z) > z1) continue;
        detail::voxel_range(e.centre.x - h.x, e.centre.x + h.x, origin.x, spacing.x, nx, x0, x1);
        detail::voxel_range(e.centre.y - h.y, e.centre.y + h.y, origin.y, spacing.y, ny, y0, y1);
        for (int y = y0; y <= y1; ++y)
          for (int x = x0; x <= x1; ++x) {
            int inside = 0;
            for (int sz = 0; sz < n; ++sz)
              for (int sy = 0; sy < n; ++sy)
                for (int sx = 0; sx < n; ++sx) {
                  const dvec3 p = {origin.x + (x + offset[std::size_t(sx)]) * spacing.x,
                                   origin.y + (y + offset[std::size_t(sy)]) * spacing.y,
                                   origin.z + (double(z) + offset[std::size_t(sz)]) * spacing.z};
                  inside += e.contains(p);
                }
            slice[std::size_t(y) * nx + x] += e.density * inside * weight;
          }
      }
      std::copy(slice.begin(), slice.end(), volume.begin() + std::ptrdiff_t(z * slice.size()));
    }
  });
  return volume;
}

// On a geometry's volume grid (GeometryCone3D, GeometryParallel3D).
template <class Geometry>
std::vector<float> rasterize_3d(const std::vector<Ellipsoid>& ellipsoids, const Geometry& geometry,
                                int supersampling = 2, int threads = 0) {
  return rasterize_3d(ellipsoids, geometry.grid(), supersampling, threads);
}

}  // namespace pyronn
