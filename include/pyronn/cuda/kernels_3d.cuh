#pragma once
// CUDA kernels of the 3D operators: thin launches of the bodies in kernels/, one thread per ray
// (forward) or per voxel (adjoint, FDK/FBP backprojection), threads along the flattened
// row-major index (u fastest, or x fastest), the batch along the grid's second dimension.

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

// The FDK/FBP-weighted backprojection of views [first_view, first_view + count) into volume b,
// times `scale`; added to the output when `accumulate` (views processed in chunks), else written.
// One body serves both beams (the matrix carries the distance weight).
template <class Source, class Index>
PYRONN_KERNEL void fbp_backproject_3d_kernel(const View3D* __restrict__ views, Grid3D grid, int first_view, int count,
                                             Source projections, float scale, bool accumulate,
                                             float* __restrict__ volume, int first_batch) {
  const Index voxel = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  const Index per_slice = Index(grid.nx) * Index(grid.ny), per_volume = per_slice * Index(grid.nz);
  if (voxel >= per_volume) return;
  const int b = first_batch + int(blockIdx.y);
  const int x = int(voxel % grid.nx), y = int((voxel / grid.nx) % grid.ny), z = int(voxel / per_slice);
  float sum = 0.f;
  for (int view = first_view; view < first_view + count; ++view)
    sum += fbp_backproject_voxel(views[view], grid, x, y, z, projections(b, view));
  float& out = volume[Index(b) * per_volume + voxel];
  out = accumulate ? out + sum * scale : sum * scale;
}

}  // namespace cuda
}  // namespace pyronn
