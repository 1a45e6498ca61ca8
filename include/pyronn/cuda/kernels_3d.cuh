#pragma once
// CUDA kernels of the 3D operators: thin launches of the bodies in kernels/. One thread per ray
// (forward) or per voxel (adjoints), threads along the flattened row-major index (u fastest, or x
// fastest), the batch along the grid's second dimension; the ray march's adjoint works in voxel
// tiles, and the FDK/FBP backprojection gives a thread a short z column (see their kernels).

#include <pyronn/cuda/atomic_add.cuh>
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/layered_texture_2d.cuh>
#include <pyronn/cuda/volume_texture_3d.cuh>
#include <pyronn/kernels/array_sampler_2d.hpp>
#include <pyronn/kernels/array_sampler_3d.hpp>
#include <pyronn/kernels/fbp_backprojection_3d.hpp>
#include <pyronn/kernels/fbp_transpose_3d.hpp>
#include <pyronn/kernels/joseph_3d.hpp>
#include <pyronn/kernels/joseph_3d_scatter.hpp>
#include <pyronn/kernels/ray_march_3d_scatter.hpp>
#include <pyronn/kernels/ray_march_3d.hpp>

namespace pyronn {
namespace cuda {

// Batch item b's volume read from the caller's pointer.
template <Interpolation I, class Index>
struct ArraySource3D {
  const float* data;
  int nx, ny, nz;
  __device__ ArraySampler3D<I, Index> operator()(int b) const {
    return {data + Index(b) * Index(nx) * Index(ny) * Index(nz), nx, ny, nz};
  }
};

// Batch item b's volume read through the stacked texture holding items [first, first + count).
struct TextureSource3D {
  cudaTextureObject_t texture;
  int first;
  int nz;
  __device__ TextureSampler3D operator()(int b) const { return {texture, VolumeTexture3D::z_offset(nz, b - first)}; }
};

// View `view` of batch item b's projections [views][V][U], read from the caller's pointer.
template <Interpolation I, class Index>
struct ArrayProjectionSource3D {
  const float* data;
  int nu, nv, views;
  __device__ ArraySampler2D<I, Index> operator()(int b, int view) const {
    return {data + (Index(b) * Index(views) + Index(view)) * Index(nu) * Index(nv), nu, nv};
  }
};

// One batch item's views [first_view, first_view + layers) in a layered texture, a layer a view.
struct TextureProjectionSource3D {
  cudaTextureObject_t texture;
  int first_view;
  __device__ TextureSampler2D operator()(int, int view) const { return {texture, view - first_view}; }
};

// The forward projection of one ray by each ray model (RayModel3D).
struct RayMarchRay {
  template <class Beam, class Sampler>
  __device__ static float forward(const View3D& view, float u, float v, const Grid3D& g, float step, const Sampler& s) {
    return ray_march_forward<Beam>(view, u, v, g, step, s);
  }
};
struct JosephRay {
  template <class Beam, class Sampler>
  __device__ static float forward(const View3D& view, float u, float v, const Grid3D& g, float, const Sampler& s) {
    return joseph_forward_ray_3d<Beam>(view, u, v, g, s);
  }
};

// projections[b][view][v][u] = the line integral along ray (u, v) of `view` through volume b, by
// the ray model Model (RayMarchRay or JosephRay).
template <class Beam, class Model, class Source, class Index>
PYRONN_KERNEL void forward_3d_kernel(const View3D* __restrict__ views, Grid3D grid, float step, int nu, int nv,
                                     int nviews, Source volume, float* __restrict__ projections, int first_batch) {
  const Index ray = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  const Index per_view = Index(nu) * Index(nv), per_item = per_view * Index(nviews);
  if (ray >= per_item) return;
  const int b = first_batch + int(blockIdx.y);
  const int view = int(ray / per_view), pixel = int(ray % per_view);
  const int v = pixel / nu, u = pixel % nu;
  projections[Index(b) * per_item + ray] =
      Model::template forward<Beam>(views[view], float(u), float(v), grid, step, volume(b));
}

// volume[b][z][y][x] = (A^T projections_b)(x, y, z) for Joseph's method: one thread per voxel (x
// fastest), gathering every view's rays that crossed its plane near it (joseph_adjoint_voxel), in
// view order; the batch along gridDim.y. Deterministic, no atomics; overwrites the output.
template <class Beam, Interpolation I, class Index>
PYRONN_KERNEL void joseph_adjoint_3d_kernel(const View3D* __restrict__ views, Grid3D grid, int nu, int nv, int nviews,
                                            const float* __restrict__ projections, float* __restrict__ volume,
                                            int first_batch) {
  const Index voxel = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  const Index per_slice = Index(grid.nx) * Index(grid.ny), per_volume = per_slice * Index(grid.nz);
  if (voxel >= per_volume) return;
  const int b = first_batch + int(blockIdx.y);
  const int x = int(voxel % grid.nx), y = int(voxel / grid.nx % grid.ny), z = int(voxel / per_slice);
  const Index per_view = Index(nu) * Index(nv);
  const float* item = projections + Index(b) * Index(nviews) * per_view;
  float sum = 0.f;
  for (int view = 0; view < nviews; ++view)
    sum += joseph_adjoint_voxel<Beam, I>(views[view], item + Index(view) * per_view, nu, nv, grid, x, y, z);
  volume[Index(b) * per_volume + voxel] = sum;
}

// The rays of one view in the detector rectangle [u0, u0 + width) x [v0, v0 + ...), in shared memory.
struct SharedRays {
  const RaySamples3D* rays;
  int u0, v0, width;
  __device__ const RaySamples3D& operator()(int u, int v) const { return rays[(v - v0) * width + (u - u0)]; }
};

// volume[b][z][y][x] = (A^T projections_b)(x, y, z): every view's rays that sampled the voxel,
// gathered in view order. A block is an AdjointTile: for each view it sets up the rays its tile
// can have been sampled by (tile_rays) once, into shared memory, and every voxel reads them from
// there. Neighbouring
// voxels share most of their rays, so this replaces about ten ray set-ups per voxel and view with
// a fraction of one. Deterministic, no atomics; overwrites the output.
// Blocks: AdjointTile::threads threads, tiles along gridDim.x (x fastest), the batch along y.
template <class Beam, Interpolation I, class Index>
PYRONN_KERNEL void ray_march_adjoint_kernel(const View3D* __restrict__ views, Grid3D grid, float step, int nu, int nv,
                                            int nviews, const float* __restrict__ projections,
                                            float* __restrict__ volume, int first_batch) {
  __shared__ RaySamples3D table[AdjointTile::max_rays];
  const int tiles_x = (grid.nx + AdjointTile::nx - 1) / AdjointTile::nx;
  const int tiles_y = (grid.ny + AdjointTile::ny - 1) / AdjointTile::ny;
  const int tile = int(blockIdx.x);
  const int x0 = (tile % tiles_x) * AdjointTile::nx, y0 = (tile / tiles_x % tiles_y) * AdjointTile::ny,
            z0 = (tile / (tiles_x * tiles_y)) * AdjointTile::nz;
  const int x1 = min(x0 + AdjointTile::nx, grid.nx) - 1, y1 = min(y0 + AdjointTile::ny, grid.ny) - 1,
            z1 = min(z0 + AdjointTile::nz, grid.nz) - 1;
  const int t = int(threadIdx.x);
  const int x = x0 + t % AdjointTile::nx, y = y0 + t / AdjointTile::nx % AdjointTile::ny,
            z = z0 + t / (AdjointTile::nx * AdjointTile::ny);
  // Threads past the volume's edge take part in filling the table and in the barriers.
  const bool inside = x <= x1 && y <= y1 && z <= z1;
  const int b = first_batch + int(blockIdx.y);
  const Index per_view = Index(nu) * Index(nv);
  const float* item = projections + Index(b) * Index(nviews) * per_view;
  float sum = 0.f;
  for (int view = 0; view < nviews; ++view) {
    const View3D& v = views[view];
    const float* projection = item + Index(view) * per_view;
    const ComputedRays<Beam> computed{&v, grid, step};
    // Every thread computes the same rectangle, so the branches below are uniform across the block.
    const PixelRect r = tile_rays<Beam>(v, grid, nu, nv, x0, y0, z0, x1, y1, z1);
    if (r.finite && r.empty()) continue;  // no voxel of the tile reads a ray of this view
    if (r.finite && r.count() <= AdjointTile::max_rays) {
      const int width = r.width();
      for (int i = t; i < r.count(); i += AdjointTile::threads)
        table[i] = computed(r.u_first + i % width, r.v_first + i / width);
      __syncthreads();
      if (inside)
        sum += ray_march_adjoint_voxel<Beam, I>(v, SharedRays{table, r.u_first, r.v_first, width}, projection, nu, nv,
                                                grid, x, y, z);
      __syncthreads();
    } else if (inside) {
      sum += ray_march_adjoint_voxel<Beam, I>(v, computed, projection, nu, nv, grid, x, y, z);
    }
  }
  if (inside) volume[Index(b) * Index(grid.nx) * Index(grid.ny) * Index(grid.nz) +
                     (Index(z) * Index(grid.ny) + Index(y)) * Index(grid.nx) + Index(x)] = sum;
}

// The views one launch of the FDK/FBP backprojection reads, passed as a kernel parameter: every
// thread of a warp reads the same matrix at the same time, which the constant bank broadcasts.
// 32 views are 1.75 KiB, well inside the 4 KiB that kernel parameters may always take.
struct FbpViewChunk {
  static constexpr int capacity = 32;
  float matrix[capacity][12];
  float extra[capacity][2];  // fbp_extra of each view: what curved detectors read besides the matrix
  int first_view, count;
};

// Voxels along z that one thread of the FDK/FBP backprojection sums: it projects its (x, y)
// column once per view and walks it (ColumnProjection), and keeps this many partial sums.
constexpr int fbp_z_per_thread = 8;

// The FDK/FBP-weighted backprojection of the views in `chunk` into volume b, times `scale`;
// added to the output when `accumulate` (views processed in chunks), else written. Threads run
// along the (x, y) columns (x fastest), each over fbp_z_per_thread voxels of z: block i covers
// columns from (i % column_blocks) * blockDim.x and z from (i / column_blocks) * fbp_z_per_thread.
// The batch runs along gridDim.y. One body serves every beam (the matrix carries the distance
// weight; Beam::fbp_sample says how to read it).
template <class Beam, class Source, class Index>
PYRONN_KERNEL void fbp_backproject_3d_kernel(FbpViewChunk chunk, Grid3D grid, unsigned column_blocks, Source projections,
                                             float scale, bool accumulate, float* __restrict__ volume, int first_batch) {
  const Index column = Index(blockIdx.x % column_blocks) * Index(blockDim.x) + Index(threadIdx.x);
  const Index per_slice = Index(grid.nx) * Index(grid.ny);
  if (column >= per_slice) return;
  const int b = first_batch + int(blockIdx.y);
  const int x = int(column % grid.nx), y = int(column / grid.nx), z0 = int(blockIdx.x / column_blocks) * fbp_z_per_thread;
  const int nz = grid.nz - z0 < fbp_z_per_thread ? grid.nz - z0 : fbp_z_per_thread;
  float sum[fbp_z_per_thread] = {};
  for (int i = 0; i < chunk.count; ++i) {
    const ColumnProjection walk = project_column(chunk.matrix[i], grid, x, y);
    const auto sampler = projections(b, chunk.first_view + i);
#pragma unroll
    for (int k = 0; k < fbp_z_per_thread; ++k)
      if (k < nz)
        sum[k] += fbp_backproject_sample(
            Beam::fbp_sample(walk.at(z0 + k), chunk.matrix[i], vec2{chunk.extra[i][0], chunk.extra[i][1]}), sampler);
  }
  float* out = volume + Index(b) * per_slice * Index(grid.nz) + Index(z0) * per_slice + column;
#pragma unroll
  for (int k = 0; k < fbp_z_per_thread; ++k)
    if (k < nz) out[Index(k) * per_slice] = accumulate ? out[Index(k) * per_slice] + sum[k] * scale : sum[k] * scale;
}

// volume[b] += A^T projections_b by scattering every ray over the whole volume with float atomics
// (AdjointMethod::scatter), by the ray model Model: one thread per ray (u fastest), the batch along
// gridDim.y. The caller zeroes the volume first.
struct JosephScatter {
  template <class Beam, Interpolation I>
  __device__ static void scatter(const View3D& view, int u, int v, float value, const Grid3D& g, float,
                                 const AtomicAddTo& add) {
    joseph_scatter_ray_3d<Beam, I>(view, float(u), float(v), value, g, 0, g.nz, add);
  }
};
struct RayMarchScatter {
  template <class Beam, Interpolation I>
  __device__ static void scatter(const View3D& view, int u, int v, float value, const Grid3D& g, float step,
                                 const AtomicAddTo& add) {
    ray_march_scatter<I>(sample_ray(Beam::ray(view, float(u), float(v)), g, step), value, g, 0, g.nz, add);
  }
};

template <class Beam, Interpolation I, class Model, class Index>
PYRONN_KERNEL void scatter_adjoint_3d_kernel(const View3D* __restrict__ views, Grid3D grid, float step, int nu, int nv,
                                             int nviews, const float* __restrict__ projections,
                                             float* __restrict__ volume, int first_batch) {
  const Index ray = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  const Index per_view = Index(nu) * Index(nv), per_item = per_view * Index(nviews);
  if (ray >= per_item) return;
  const int b = first_batch + int(blockIdx.y);
  const float value = projections[Index(b) * per_item + ray];
  if (value == 0.f) return;  // adds nothing: spare the atomics
  const int view = int(ray / per_view), pixel = int(ray % per_view);
  Model::template scatter<Beam, I>(views[view], pixel % nu, pixel / nu, value, grid, step,
                                   AtomicAddTo{volume + Index(b) * Index(grid.nx) * Index(grid.ny) * Index(grid.nz)});
}

// projections[b] += scale x (the transpose of the FDK/FBP backprojection of volume b): one thread
// per voxel (x fastest), scattering into the pixels each view's backprojection read it from,
// atomically; the batch along gridDim.y. The caller zeroes the projections first.
template <class Beam, Interpolation I, class Index>
PYRONN_KERNEL void fbp_transpose_3d_kernel(const View3D* __restrict__ views, Grid3D grid, int nu, int nv, int nviews,
                                           const float* __restrict__ volume, float scale,
                                           float* __restrict__ projections, int first_batch) {
  const Index voxel = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  const Index per_slice = Index(grid.nx) * Index(grid.ny), per_volume = per_slice * Index(grid.nz);
  if (voxel >= per_volume) return;
  const int b = first_batch + int(blockIdx.y);
  const int x = int(voxel % grid.nx), y = int(voxel / grid.nx % grid.ny), z = int(voxel / per_slice);
  const float value = scale * volume[Index(b) * per_volume + voxel];
  if (value == 0.f) return;  // adds nothing: spare the atomics
  const Index per_view = Index(nu) * Index(nv);
  float* item = projections + Index(b) * Index(nviews) * per_view;
  for (int view = 0; view < nviews; ++view) {
    fbp_transpose_beam_voxel<Beam, I>(views[view], grid, x, y, z, value, nu, nv,
                                      AtomicAddTo{item + Index(view) * per_view});
  }
}

}  // namespace cuda
}  // namespace pyronn
