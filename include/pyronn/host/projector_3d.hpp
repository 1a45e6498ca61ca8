#pragma once
// The host driver for 3D operators: std::thread over the same bodies the CUDA kernels run.
// Works on caller-owned host memory: volumes [batch][Z][Y][X], projections [batch][views][V][U].

#include <pyronn/core/errors.hpp>
#include <pyronn/core/host_vector.hpp>
#include <pyronn/core/indexing.hpp>
#include <pyronn/core/limits.hpp>
#include <pyronn/core/operator_call.hpp>
#include <pyronn/host/parallel_bands.hpp>
#include <pyronn/host/parallel_for.hpp>
#include <pyronn/kernels/array_sampler_2d.hpp>
#include <pyronn/kernels/array_sampler_3d.hpp>
#include <pyronn/kernels/beam_3d.hpp>
#include <pyronn/kernels/fbp_backprojection_3d.hpp>
#include <pyronn/kernels/fbp_backprojection_3d_rows.hpp>
#include <pyronn/kernels/fbp_transpose_3d.hpp>
#include <pyronn/kernels/fbp_transpose_3d_rows.hpp>
#include <pyronn/kernels/joseph_3d.hpp>
#include <pyronn/kernels/joseph_3d_rows.hpp>
#include <pyronn/kernels/joseph_3d_scatter.hpp>
#include <pyronn/kernels/joseph_3d_scatter_rows.hpp>
#include <pyronn/kernels/ray_march_3d.hpp>
#include <pyronn/kernels/ray_march_3d_scatter.hpp>
#include <pyronn/kernels/ray_model_3d.hpp>
#include <pyronn/kernels/scatter_band_2d.hpp>
#include <pyronn/kernels/scatter_slab_3d.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace pyronn {

// The sampling step in mm for a step size in voxels: step_size times the finest voxel spacing.
// Both drivers take their step from here, so both refuse a step at which the longest ray (the
// diagonal of the box where the interpolant lives, voxel indices -1 to n on each axis) would need
// more than max_samples_per_ray samples.
template <class Geometry>
float ray_step_mm(const Geometry& g, double step_size) {
  detail::require_positive(step_size, "step_size");
  const auto& s = g.volume_spacing();
  const auto& n = g.volume_shape();
  const double step = step_size * std::min(s[0], std::min(s[1], s[2]));
  double diagonal2 = 0;
  for (int a = 0; a < 3; ++a) diagonal2 += ((n[a] + 1) * s[a]) * ((n[a] + 1) * s[a]);
  const double samples = std::ceil(std::sqrt(diagonal2) / step);
  if (!(samples <= double(max_samples_per_ray)))
    throw invalid_argument("step_size", "of " + detail::to_text(step_size) + " voxels needs " +
                                            detail::to_text(static_cast<unsigned long long>(std::min(samples, 1e19))) +
                                            " samples on the longest ray; at most 2^24 = " +
                                            detail::to_text(max_samples_per_ray) + " are allowed");
  detail::require(step <= limits::max_length_mm, "step_size",
                  "of " + detail::to_text(step) + " mm is longer than " + detail::to_text(limits::max_length_mm) +
                      " mm");
  return float(step);
}

namespace host {

// Geometry: GeometryCone3D or GeometryParallel3D. The ray model says how a ray is sampled
// (RayModel3D; Joseph's method by default, which is faster and more accurate than the ray march
// on the host: docs/performance.md); step_size, for the ray march, is the longest step between
// samples along a ray in units of the finest voxel spacing. Interpolation::texture reproduces the texture units' 8-bit
// weights in software.
template <class Geometry, Interpolation I = Interpolation::software>
class Projector3D {
 public:
  using beam = typename Geometry::beam_type;

  // Joseph's method, on one thread per hardware thread.
  explicit Projector3D(const Geometry& geometry) : Projector3D(geometry, RayModel3D::joseph) {}
  // The ray march with this step size. threads = 0: one per hardware thread.
  Projector3D(const Geometry& geometry, double step_size, int threads = 0)
      : Projector3D(geometry, RayModel3D::ray_march, step_size, threads) {}
  // Any model; step_size is used by the ray march only.
  Projector3D(const Geometry& geometry, RayModel3D model, double step_size = 0.5, int threads = 0)
      : geometry_(geometry),
        views_(geometry.views()),
        grid_(geometry.grid()),
        step_(ray_step_mm(geometry, step_size)),
        model_(model) {
    threads_ = resolve_thread_count(threads);
  }

  const Geometry& geometry() const { return geometry_; }
  int threads() const { return threads_; }
  float step_mm() const { return step_; }
  RayModel3D model() const { return model_; }

  // Line integrals (mm x value) along every ray: projections = A volume.
  void forward(const float* volume, float* projections, int batch = 1) const {
    detail::check_operator_call(volume, geometry_.volume_size(), "volume", projections, geometry_.sinogram_size(), "projections",
                                batch);
    const std::size_t nu = std::size_t(geometry_.detector_shape()[1]), nv = std::size_t(geometry_.detector_shape()[0]);
    const std::size_t per_batch = geometry_.sinogram_size();
    // Joseph's method, where the CPU has vector blocks (AVX-512 or AVX2): whole blocks of pixels of
    // a detector row as vectors (kernels/joseph_3d_rows.hpp, int offsets, so volumes below 2^31
    // voxels). Same numbers.
    const bool blocks = model_ == RayModel3D::joseph && host::use_vector_blocks() && geometry_.volume_size() < std::size_t(1) << 31;
    const std::size_t block = host::simd_block;
    parallel_for(std::size_t(batch) * per_batch, threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end;) {
        const std::size_t b = i / per_batch, view = (i % per_batch) / (nu * nv);
        const float* item = volume + b * geometry_.volume_size();
        if (blocks && i % nu + block <= nu && i + block <= end) {
          joseph_forward_block_3d<beam, I>(views_[view], int(i % nu), int((i / nu) % nv), grid_, item, projections + i);
          i += block;
          continue;
        }
        const ArraySampler3D<I> sampler{item, grid_.nx, grid_.ny, grid_.nz};
        const float u = float(i % nu), v = float((i / nu) % nv);
        projections[i] = model_ == RayModel3D::joseph ? joseph_forward_ray_3d<beam>(views_[view], u, v, grid_, sampler)
                                                      : ray_march_forward<beam>(views_[view], u, v, grid_, step_, sampler);
        ++i;
      }
    });
  }

  // The exact transpose of forward (its gradient): volume = A^T projections. Overwrites volume.
  // Ray-driven, at the forward's cost: each thread owns a slab of z layers and scatters every ray,
  // clipped to its slab, in (view, pixel, sample) order. Each voxel sums the same terms in the same
  // order for any thread count, so the result does not depend on it (and needs no atomics).
  void adjoint(const float* projections, float* volume, int batch = 1) const {
    detail::check_operator_call(projections, geometry_.sinogram_size(), "projections", volume, geometry_.volume_size(), "volume",
                                batch);
    if (model_ == RayModel3D::joseph) adjoint_joseph(projections, volume, batch);
    else adjoint_ray_march(projections, volume, batch);
  }

  // The FDK/FBP-weighted voxel-driven backprojection of (filtered) projections, times the angular
  // increment |angular_range| / views. Not the adjoint of forward. Overwrites volume.
  void backproject_fbp(const float* projections, float* volume, int batch = 1) const {
    detail::check_operator_call(projections, geometry_.sinogram_size(), "projections", volume, geometry_.volume_size(), "volume",
                                batch);
    const float scale = float(geometry_.angular_increment());
    const int nu = geometry_.detector_shape()[1], nv = geometry_.detector_shape()[0];
    const std::size_t nx = std::size_t(grid_.nx), rows = std::size_t(batch) * grid_.nz * grid_.ny;
    // Row by row, views inside: one row's samples of a view lie close together on the detector.
    // Blocks of voxels as vectors where fbp_vector_rows() says so
    // (kernels/fbp_backprojection_3d_rows.hpp), else the per-voxel loop. Same numbers.
    const bool vector_rows = fbp_vector_rows();
    parallel_for(rows, threads_, [&](std::size_t begin, std::size_t end) {
      std::vector<float> acc(host::simd_padded(nx));
      for (std::size_t row = begin; row < end; ++row) {
        const std::size_t b = row / (std::size_t(grid_.nz) * grid_.ny);
        const int y = int(row % grid_.ny), z = int((row / grid_.ny) % grid_.nz);
        const float* item = projections + b * geometry_.sinogram_size();
        std::fill(acc.begin(), acc.end(), 0.f);
        if (vector_rows) {
          fbp_backproject_row_3d<I>(views_.data(), 0, int(views_.size()), grid_, y, z, item, nu, nv, acc.data());
        } else {
          for (std::size_t view = 0; view < views_.size(); ++view) {
            const ArraySampler2D<I> sampler{item + view * geometry_.projection_size(), nu, nv};
            for (int x = 0; x < grid_.nx; ++x) acc[x] += fbp_backproject_beam_voxel<beam>(views_[view], grid_, x, y, z, sampler);
          }
        }
        float* out = volume + row * nx;
        for (std::size_t x = 0; x < nx; ++x) out[x] = acc[x] * scale;
      }
    });
  }

  // The exact transpose of backproject_fbp (its gradient with respect to the projections):
  // projections = B^T volume. It is not the forward projection. Overwrites projections. Each
  // thread owns whole views, so the result does not depend on the thread count.
  void backproject_fbp_transpose(const float* volume, float* projections, int batch = 1) const {
    detail::check_operator_call(volume, geometry_.volume_size(), "volume", projections, geometry_.sinogram_size(),
                                "projections", batch);
    const float scale = float(geometry_.angular_increment());
    const int nu = geometry_.detector_shape()[1], nv = geometry_.detector_shape()[0];
    const std::size_t per_view = geometry_.projection_size();
    // Rows in blocks of voxels as vectors where fbp_vector_rows() says so
    // (kernels/fbp_transpose_3d_rows.hpp), as backproject_fbp reads them, into a copy of the view's
    // projection with a margin; else voxel by voxel. Same numbers.
    const bool vector_rows = fbp_vector_rows() && ScatterBand2D::fits(nv, nu);
    parallel_for_bands(batch, int(views_.size()), threads_, [&](int b, int view_begin, int view_end) {
      const float* in = volume + std::size_t(b) * geometry_.volume_size();
      auto memory = detail::host_vector<float>(vector_rows ? ScatterBand2D::size(nv, nu) : 0,
                                               "the FBP transpose's projection");
      const ScatterBand2D sums(memory.data(), 0, nv, nu);
      for (int v = view_begin; v < view_end; ++v) {
        const View3D& view = views_[v];
        float* out = projections + std::size_t(b) * geometry_.sinogram_size() + std::size_t(v) * per_view;
        if (vector_rows) {
          std::fill(memory.begin(), memory.end(), 0.f);
          for (int z = 0; z < grid_.nz; ++z)
            for (int y = 0; y < grid_.ny; ++y)
              fbp_transpose_row_3d<I>(view, grid_, y, z, in + (std::size_t(z) * grid_.ny + y) * grid_.nx, nu, nv, sums);
          sums.copy_to(out);
        } else {
          std::fill(out, out + per_view, 0.f);
          std::size_t i = 0;
          for (int z = 0; z < grid_.nz; ++z)
            for (int y = 0; y < grid_.ny; ++y)
              for (int x = 0; x < grid_.nx; ++x, ++i)
                fbp_transpose_beam_voxel<beam, I>(view, grid_, x, y, z, in[i], nu, nv, AddTo{out});
        }
        for (std::size_t k = 0; k < per_view; ++k) out[k] *= scale;
      }
    });
  }

  // Sized forms: the batch follows from the buffer sizes (elements), which must agree.
  void forward(const float* volume, std::size_t volume_size, float* projections, std::size_t projections_size) const {
    forward(volume, projections, volume_batch(volume_size, projections_size));
  }
  void adjoint(const float* projections, std::size_t projections_size, float* volume, std::size_t volume_size) const {
    adjoint(projections, volume, projection_batch(projections_size, volume_size));
  }
  void backproject_fbp(const float* projections, std::size_t projections_size, float* volume,
                       std::size_t volume_size) const {
    backproject_fbp(projections, volume, projection_batch(projections_size, volume_size));
  }
  void backproject_fbp_transpose(const float* volume, std::size_t volume_size, float* projections,
                                 std::size_t projections_size) const {
    backproject_fbp_transpose(volume, projections, volume_batch(volume_size, projections_size));
  }
  int volume_batch(std::size_t volume_size, std::size_t projections_size) const {
    return detail::batch_of(volume_size, geometry_.volume_size(), "volume", projections_size,
                            geometry_.sinogram_size(), "projections");
  }
  int projection_batch(std::size_t projections_size, std::size_t volume_size) const {
    return detail::batch_of(projections_size, geometry_.sinogram_size(), "projections", volume_size,
                            geometry_.volume_size(), "volume");
  }

 private:
  // Whether backproject_fbp and its transpose run their vector rows: where the CPU has vector
  // blocks (AVX-512 or AVX2), for a flat detector (the rows read it through the views' projective
  // map; a curved detector's coordinates, atan2 on the cylinder, go voxel by voxel), with int
  // offsets within a projection (below 2^31 pixels). Otherwise the per-voxel loops, which are
  // faster than the blocks' branch-free form without vectors (measured).
  bool fbp_vector_rows() const {
    constexpr bool flat_detector = !std::is_same<beam, CylindricalConeBeam3D>::value;
    return flat_detector && host::use_vector_blocks() && geometry_.projection_size() < std::size_t(1) << 31;
  }

  // The detector rows [first, end) of a view whose rays can add to the z layers [z_begin, z_end):
  // those through the slab's shadow (tile_rays: a sample adds to a voxel only from inside the open
  // box of its neighbours' centres, by either ray model). The other rays add nothing there, so a
  // thread skips them and sets up about its share of the rays rather than all of them. Every row
  // where the shadow has no coordinates.
  struct RowRange {
    int first, end;
  };
  RowRange slab_rows(const View3D& view, int z_begin, int z_end) const {
    const int nu = geometry_.detector_shape()[1], nv = geometry_.detector_shape()[0];
    const PixelRect r = tile_rays<beam>(view, grid_, nu, nv, 0, 0, z_begin, grid_.nx - 1, grid_.ny - 1, z_end - 1);
    if (!r.finite) return {0, nv};
    if (r.empty()) return {0, 0};
    return {r.v_first, r.v_last + 1};
  }

  // Each thread walks the rays of its slab's rows in every view (slab_rows), set up on the spot:
  // a Joseph ray costs little to set up. Where the CPU has vector blocks (AVX-512 or AVX2), whole
  // blocks of pixels of a detector row as vectors (kernels/joseph_3d_scatter_rows.hpp), in the
  // same (view, pixel) order, into a copy of the thread's slab with a margin
  // (kernels/scatter_slab_3d.hpp: the call holds about 4 bytes per voxel while it runs), copied
  // into the volume at the end. Same numbers.
  void adjoint_joseph(const float* projections, float* volume, int batch) const {
    const int nu = geometry_.detector_shape()[1];
    const std::size_t layer = std::size_t(grid_.nx) * std::size_t(grid_.ny);
    const bool blocks = host::use_vector_blocks() && ScatterSlab3D::fits(grid_);
    parallel_for_bands(batch, grid_.nz, threads_, [&](int b, int z_begin, int z_end) {
      float* out = volume + std::size_t(b) * geometry_.volume_size();
      const float* item = projections + std::size_t(b) * geometry_.sinogram_size();
      auto memory = detail::host_vector<float>(
          blocks ? ScatterSlab3D::size(z_end - z_begin, grid_.nx, grid_.ny) : 0, "the adjoint's slab");
      const ScatterSlab3D slab(memory.data(), z_begin, z_end, grid_.nx, grid_.ny);
      // Where the rays left to joseph_scatter_ray_3d add: the slab, or the volume itself.
      const AddTo add{blocks ? slab.data : out};
      const Layout3D layout = blocks ? slab.layout() : volume_layout(grid_);
      if (!blocks) std::fill(out + z_begin * layer, out + z_end * layer, 0.f);
      for (std::size_t view = 0; view < views_.size(); ++view) {
        const float* p = item + view * geometry_.projection_size();
        const RowRange rows = slab_rows(views_[view], z_begin, z_end);
        for (int v = rows.first; v < rows.end; ++v) {
          const float* row = p + std::size_t(v) * nu;
          int u = 0;
          for (; blocks && u + host::simd_block <= nu; u += host::simd_block)
            joseph_scatter_block_3d<beam, I>(views_[view], u, v, row + u, grid_, slab);
          for (; u < nu; ++u)
            joseph_scatter_ray_3d<beam, I>(views_[view], float(u), float(v), row[u], grid_, z_begin, z_end, add,
                                           layout);
        }
      }
      if (blocks) slab.copy_to(out);
    });
  }

  // View by view: the view's rays are set up once into a table (U x V x 36 bytes of host memory,
  // made per call), whose rows through its slab (slab_rows) every thread then walks.
  void adjoint_ray_march(const float* projections, float* volume, int batch) const {
    const int nu = geometry_.detector_shape()[1];
    const std::size_t layer = std::size_t(grid_.nx) * std::size_t(grid_.ny);
    auto table = detail::host_vector<RaySamples3D>(geometry_.projection_size(), "the adjoint's ray table");
    for (std::size_t view = 0; view < views_.size(); ++view) {
      const ComputedRays<beam> rays{&views_[view], grid_, step_};
      parallel_for(table.size(), threads_, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) table[i] = rays(int(i % nu), int(i / nu));
      });
      parallel_for_bands(batch, grid_.nz, threads_, [&](int b, int z_begin, int z_end) {
        float* out = volume + std::size_t(b) * geometry_.volume_size();
        if (view == 0) std::fill(out + z_begin * layer, out + z_end * layer, 0.f);
        const float* p = projections + std::size_t(b) * geometry_.sinogram_size() + view * geometry_.projection_size();
        const RowRange rows = slab_rows(views_[view], z_begin, z_end);
        for (std::size_t i = std::size_t(rows.first) * nu; i < std::size_t(rows.end) * nu; ++i)
          ray_march_scatter<I>(table[i], p[i], grid_, z_begin, z_end, AddTo{out});
      });
    }
  }

  Geometry geometry_;
  std::vector<View3D> views_;
  Grid3D grid_;
  float step_;
  RayModel3D model_;
  int threads_;
};

}  // namespace host
}  // namespace pyronn
