#pragma once
// CUDA kernels of the 3D operators: thin launches of the bodies in kernels/. One thread per ray
// (forward) or per voxel (adjoint), threads along the flattened row-major index (u fastest, or x
// fastest), the batch along the grid's second dimension; the FDK/FBP backprojection gives a
// thread a short z column instead (see fbp_backproject_3d_kernel).

#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/layered_texture_2d.cuh>
#include <pyronn/cuda/volume_texture_3d.cuh>
#include <pyronn/kernels/array_sampler_2d.hpp>
#include <pyronn/kernels/array_sampler_3d.hpp>
#include <pyronn/kernels/fbp_backprojection_3d.hpp>
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

// projections[b][view][v][u] = the line integral along ray (u, v) of `view` through volume b.
template <class Beam, class Source, class Index>
PYRONN_KERNEL void ray_march_forward_kernel(const View3D* __restrict__ views, Grid3D grid, float step, int nu, int nv,
                                            int nviews, Source volume, float* __restrict__ projections,
                                            int first_batch) {
  const Index ray = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  const Index per_view = Index(nu) * Index(nv), per_item = per_view * Index(nviews);
  if (ray >= per_item) return;
  const int b = first_batch + int(blockIdx.y);
  const int view = int(ray / per_view), pixel = int(ray % per_view);
  const int v = pixel / nu, u = pixel % nu;
  projections[Index(b) * per_item + ray] = ray_march_forward<Beam>(views[view], float(u), float(v), grid, step, volume(b));
}

// volume[b][z][y][x] = (A^T projections_b)(x, y, z): every view's rays that sampled the voxel,
// gathered in view order. Deterministic, no atomics; overwrites the output.
template <class Beam, Interpolation I, class Index>
PYRONN_KERNEL void ray_march_adjoint_kernel(const View3D* __restrict__ views, Grid3D grid, float step, int nu, int nv,
                                            int nviews, const float* __restrict__ projections,
                                            float* __restrict__ volume, int first_batch) {
  const Index voxel = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  const Index per_slice = Index(grid.nx) * Index(grid.ny), per_volume = per_slice * Index(grid.nz);
  if (voxel >= per_volume) return;
  const int b = first_batch + int(blockIdx.y);
  const int x = int(voxel % grid.nx), y = int((voxel / grid.nx) % grid.ny), z = int(voxel / per_slice);
  const Index per_view = Index(nu) * Index(nv);
  const float* item = projections + Index(b) * Index(nviews) * per_view;
  float sum = 0.f;
  for (int view = 0; view < nviews; ++view)
    sum += ray_march_adjoint_voxel<Beam, I>(views[view], item + Index(view) * per_view, nu, nv, grid, step, x, y, z);
  volume[Index(b) * per_volume + voxel] = sum;
}

// The views one launch of the FDK/FBP backprojection reads, passed as a kernel parameter: every
// thread of a warp reads the same matrix at the same time, which the constant bank broadcasts.
// 32 views are 1.5 KiB, well inside the 4 KiB that kernel parameters may always take.
struct FbpViewChunk {
  static constexpr int capacity = 32;
  float matrix[capacity][12];
  int first_view, count;
};

// Voxels along z that one thread of the FDK/FBP backprojection sums: it projects its (x, y)
// column once per view and walks it (ColumnProjection), and keeps this many partial sums.
constexpr int fbp_z_per_thread = 8;

// The FDK/FBP-weighted backprojection of the views in `chunk` into volume b, times `scale`;
// added to the output when `accumulate` (views processed in chunks), else written. Threads run
// along the (x, y) columns (x fastest), each over fbp_z_per_thread voxels of z: block i covers
// columns from (i % column_blocks) * blockDim.x and z from (i / column_blocks) * fbp_z_per_thread.
// The batch runs along gridDim.y. One body serves both beams (the matrix carries the distance
// weight).
template <class Source, class Index>
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
      if (k < nz) sum[k] += fbp_backproject_point(walk.at(z0 + k), chunk.matrix[i][11], sampler);
  }
  float* out = volume + Index(b) * per_slice * Index(grid.nz) + Index(z0) * per_slice + column;
#pragma unroll
  for (int k = 0; k < fbp_z_per_thread; ++k)
    if (k < nz) out[Index(k) * per_slice] = accumulate ? out[Index(k) * per_slice] + sum[k] * scale : sum[k] * scale;
}

}  // namespace cuda
}  // namespace pyronn
