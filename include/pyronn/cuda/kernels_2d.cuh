#pragma once
// CUDA kernels of the 2D operators: thin launches of the bodies in kernels/, one thread per ray
// (forward) or per pixel (adjoint, FBP backprojection), the batch along the last grid dimension.

#include <pyronn/cuda/atomic_add.cuh>
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/layered_texture_2d.cuh>
#include <pyronn/kernels/array_sampler_2d.hpp>
#include <pyronn/kernels/fbp_backprojection_2d.hpp>
#include <pyronn/kernels/fbp_transpose_2d.hpp>
#include <pyronn/kernels/joseph_2d.hpp>
#include <pyronn/kernels/joseph_2d_scatter.hpp>

namespace pyronn {
namespace cuda {

// Batch item b's image read from the caller's pointer.
template <Interpolation I, class Index>
struct ArraySource2D {
  const float* data;
  int nx, ny;
  __device__ ArraySampler2D<I, Index> operator()(int b) const {
    return {data + Index(b) * Index(nx) * Index(ny), nx, ny};
  }
};

// Batch item b's image read through the texture holding items [first, first + layers).
struct TextureSource2D {
  cudaTextureObject_t texture;
  int first;
  __device__ TextureSampler2D operator()(int b) const { return {texture, b - first}; }
};

// The pixel kernels (adjoint, FBP backprojection) put x along gridDim.x and the batch along
// gridDim.z; rows go along gridDim.y, which holds at most 65535 blocks, so a thread walks the rows
// y, y + gridDim.y * blockDim.y, ... and images of any height run in one launch.
__device__ inline int pixel_row() { return int(blockIdx.y * blockDim.y + threadIdx.y); }
__device__ inline int pixel_row_stride() { return int(gridDim.y * blockDim.y); }

template <class Beam, class Source, class Index>
PYRONN_KERNEL void joseph_forward_kernel(const View2D* __restrict__ views, Grid2D grid, int nu, int nv, Source image,
                                         float* __restrict__ sinogram, int first_batch) {
  const Index ray = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  if (ray >= Index(nu) * Index(nv)) return;
  const int b = first_batch + int(blockIdx.y);
  const int v = int(ray / nu), u = int(ray % nu);
  sinogram[Index(b) * Index(nu) * Index(nv) + ray] = joseph_forward_ray<Beam>(views[v], float(u), grid, image(b));
}

template <class Beam, Interpolation I, class Index>
PYRONN_KERNEL void joseph_adjoint_kernel(const View2D* __restrict__ views, Grid2D grid, int nu, int nv,
                                         const float* __restrict__ sinogram, float* __restrict__ image,
                                         int first_batch) {
  const int x = int(blockIdx.x * blockDim.x + threadIdx.x);
  if (x >= grid.nx) return;
  const int b = first_batch + int(blockIdx.z);
  const float* sino = sinogram + Index(b) * Index(nu) * Index(nv);
  for (int y = pixel_row(); y < grid.ny; y += pixel_row_stride()) {
    float sum = 0.f;
    for (int v = 0; v < nv; ++v) sum += joseph_adjoint_pixel<Beam, I>(views[v], sino + Index(v) * Index(nu), nu, grid, x, y);
    image[(Index(b) * Index(grid.ny) + Index(y)) * Index(grid.nx) + Index(x)] = sum;
  }
}

template <class Beam, class Source, class Index>
PYRONN_KERNEL void fbp_backproject_kernel(const View2D* __restrict__ views, Grid2D grid, int nv, Source sinogram,
                                          float scale, float* __restrict__ image, int first_batch) {
  const int x = int(blockIdx.x * blockDim.x + threadIdx.x);
  if (x >= grid.nx) return;
  const int b = first_batch + int(blockIdx.z);
  const auto sampler = sinogram(b);
  for (int y = pixel_row(); y < grid.ny; y += pixel_row_stride()) {
    float sum = 0.f;
    for (int v = 0; v < nv; ++v) sum += fbp_backproject_pixel<Beam>(views[v], v, grid, x, y, sampler);
    image[(Index(b) * Index(grid.ny) + Index(y)) * Index(grid.nx) + Index(x)] = sum * scale;
  }
}

// image[b] += A^T sinogram_b by scattering every ray over the whole image (joseph_scatter_ray)
// with float atomics (AdjointMethod::scatter): one thread per ray (bin fastest), the batch along
// gridDim.y. The caller zeroes the image first.
template <class Beam, Interpolation I, class Index>
PYRONN_KERNEL void joseph_scatter_kernel(const View2D* __restrict__ views, Grid2D grid, int nu, int nv,
                                         const float* __restrict__ sinogram, float* __restrict__ image,
                                         int first_batch) {
  const Index ray = Index(blockIdx.x) * Index(blockDim.x) + Index(threadIdx.x);
  if (ray >= Index(nu) * Index(nv)) return;
  const int b = first_batch + int(blockIdx.y);
  const float value = sinogram[Index(b) * Index(nu) * Index(nv) + ray];
  if (value == 0.f) return;  // adds nothing: spare the atomics
  const int v = int(ray / nu), u = int(ray % nu);
  joseph_scatter_ray<Beam, I>(views[v], float(u), value, grid, 0, grid.ny,
                              AtomicAddTo{image + Index(b) * Index(grid.nx) * Index(grid.ny)});
}

// sinogram[b] += scale x (the transpose of the FBP backprojection of image b): one thread per
// pixel, scattering into the bins the backprojection read it from, atomically. The caller zeroes
// the sinogram first.
template <class Beam, Interpolation I, class Index>
PYRONN_KERNEL void fbp_transpose_kernel(const View2D* __restrict__ views, Grid2D grid, int nu, int nv,
                                        const float* __restrict__ image, float scale, float* __restrict__ sinogram,
                                        int first_batch) {
  const int x = int(blockIdx.x * blockDim.x + threadIdx.x);
  if (x >= grid.nx) return;
  const int b = first_batch + int(blockIdx.z);
  float* sino = sinogram + Index(b) * Index(nu) * Index(nv);
  for (int y = pixel_row(); y < grid.ny; y += pixel_row_stride()) {
    const float value = scale * image[(Index(b) * Index(grid.ny) + Index(y)) * Index(grid.nx) + Index(x)];
    if (value == 0.f) continue;  // adds nothing: spare the atomics
    for (int v = 0; v < nv; ++v)
      fbp_transpose_pixel<Beam, I>(views[v], grid, x, y, value, nu, AtomicAddTo{sino + Index(v) * Index(nu)});
  }
}

}  // namespace cuda
}  // namespace pyronn
