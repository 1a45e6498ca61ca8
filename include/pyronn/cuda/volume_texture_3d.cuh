#pragma once
// The texture path's workspace for volumes: a 3D cudaArray with a texture object over it (linear
// filtering, zero border, unnormalised coordinates). CUDA has no layered 3D textures, so a batch
// is stacked along z, each volume followed by one zero slice:
//
//   slices [i (nz + 1), i (nz + 1) + nz)   volume i
//   slice   i (nz + 1) + nz                 zero (a separator; none after the last volume)
//
// depth = items (nz + 1) - 1. Trilinear filtering at z in (-1, nz), where the ray marcher samples,
// then reads only volume i, the zero separators either side of it and, below the first volume and
// above the last, the zero border: exactly what ArraySampler3D reads from the caller's pointer,
// so the batch items never mix. The array is cleared once when it is (re)allocated (a new
// cudaArray's content is undefined, and a slice the filter touches with weight 0 must still not
// hold a NaN); loads write volume slices only, so the separators stay zero.
//
// Clearing: the array is allocated with cudaArraySurfaceLoadStore and zeroed by a kernel through
// a surface object, at device speed, with no scratch buffer in device or host memory. The
// projector's memory is then exactly the array: bytes() = width x height x depth x 4.

#include <pyronn/core/errors.hpp>
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/launch.cuh>
#include <pyronn/cuda/texture_array.cuh>
#include <pyronn/kernels/texture_coordinate.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

namespace pyronn {
namespace cuda {

// Reads one stacked volume like ArraySampler3D reads an array (voxel centres at integer
// coordinates). z_offset: the volume's first slice in the stack, added by texture_coordinate so
// that the texture unit's z weight is the host emulation's however deep the volume lies.
struct TextureSampler3D {
  cudaTextureObject_t texture;
  int z_offset;
  __device__ float trilinear(float x, float y, float z) const {
    return tex3D<float>(texture, texture_coordinate(x, 0), texture_coordinate(y, 0), texture_coordinate(z, z_offset));
  }
  // Joseph's bilinear sample within plane k of axis `major` (ArraySampler3D::in_plane): a trilinear
  // fetch at an integer coordinate along the major axis, whose weight there is exactly 0.
  __device__ float in_plane(int major, int k, float a, float b) const {
    const float c = float(k);
    return major == 0 ? trilinear(c, a, b) : (major == 1 ? trilinear(a, c, b) : trilinear(a, b, c));
  }
};

namespace detail {

// Zeroes every element of a [depth][height][width] float array through a surface; z strides over
// the grid's third dimension (at most 65535 blocks).
template <class Value>
PYRONN_KERNEL void clear_array_3d_kernel(cudaSurfaceObject_t surface, int width, int height, int depth) {
  const int x = int(blockIdx.x * blockDim.x + threadIdx.x), y = int(blockIdx.y * blockDim.y + threadIdx.y);
  if (x >= width || y >= height) return;
  for (int z = int(blockIdx.z); z < depth; z += int(gridDim.z)) surf3Dwrite(Value(0), surface, x * int(sizeof(Value)), y, z);
}

}  // namespace detail

class VolumeTexture3D {
 public:
  VolumeTexture3D() = default;
  VolumeTexture3D(const VolumeTexture3D&) = delete;
  VolumeTexture3D& operator=(const VolumeTexture3D&) = delete;
  VolumeTexture3D(VolumeTexture3D&& other) noexcept { swap(other); }
  VolumeTexture3D& operator=(VolumeTexture3D&& other) noexcept {
    swap(other);
    return *this;
  }
  ~VolumeTexture3D() { release(); }

  // Slices the stack of `items` volumes of nz slices needs.
  __host__ __device__ static int depth(int nz, int items) { return items * (nz + 1) - 1; }
  // The first slice of stacked volume `item`.
  __host__ __device__ static int z_offset(int nz, int item) { return item * (nz + 1); }

  // Most volumes of this shape one texture holds on the current device. Refuses a volume that
  // alone exceeds the device's 3D texture (or surface, for the clearing) limits.
  static int max_items(int nx, int ny, int nz) {
    int device = 0;
    PYRONN_CUDA_CHECK(cudaGetDevice(&device));
    const int width = std::min(attribute(cudaDevAttrMaxTexture3DWidth, device), attribute(cudaDevAttrMaxSurface3DWidth, device));
    const int height =
        std::min(attribute(cudaDevAttrMaxTexture3DHeight, device), attribute(cudaDevAttrMaxSurface3DHeight, device));
    // Deeper stacks than texture_coordinate_exact_extent would make the z coordinates inexact
    // (no device offers one today: 3D textures are at most 16384 deep).
    const int max_depth = std::min({attribute(cudaDevAttrMaxTexture3DDepth, device),
                                    attribute(cudaDevAttrMaxSurface3DDepth, device), texture_coordinate_exact_extent});
    if (nx <= 0 || ny <= 0 || nz <= 0 || nx > width || ny > height || nz > max_depth)
      throw invalid_argument("volume_shape", "[" + ::pyronn::detail::to_text(nz) + ", " + ::pyronn::detail::to_text(ny) +
                                                 ", " + ::pyronn::detail::to_text(nx) +
                                                 "] does not fit the device's 3D textures, at most [" +
                                                 ::pyronn::detail::to_text(max_depth) + ", " +
                                                 ::pyronn::detail::to_text(height) + ", " +
                                                 ::pyronn::detail::to_text(width) +
                                                 "] ([Z, Y, X]); use Interpolation::software");
    return (max_depth + 1) / (nz + 1);  // depth(nz, items) <= max_depth
  }

  // Device memory reserve(nx, ny, nz, batch) allocates: the stack of min(batch, max_items) volumes.
  static std::size_t bytes(int nx, int ny, int nz, int batch) {
    const int items = held_items(nx, ny, nz, batch);
    return std::size_t(nx) * std::size_t(ny) * std::size_t(depth(nz, items)) * sizeof(float);
  }

  // Makes room for min(batch, max_items) volumes; keeps the present array when it already fits.
  // A new array is cleared on `stream`, which is then synchronised, so that the zeros are in place
  // whichever stream reads the texture next. Replacing an array first waits for the device, since
  // work queued earlier may still read the old one.
  void reserve(int nx, int ny, int nz, int batch, cudaStream_t stream = 0) {
    const int items = held_items(nx, ny, nz, batch);
    if (array_ && nx == nx_ && ny == ny_ && nz == nz_ && items <= items_) return;
    if (array_) {
      PYRONN_CUDA_CHECK(cudaDeviceSynchronize());
      release();
    }
    try {
      allocate(nx, ny, depth(nz, items), stream);
    } catch (...) {
      release();
      throw;
    }
    nx_ = nx, ny_ = ny, nz_ = nz, items_ = items;
  }

  // Copies `items` row-major [nz][ny][nx] volumes, consecutive in device memory from `source`,
  // into stack slots [0, items), queued on `stream`. items <= the reserved count.
  void load(const float* source, int items, cudaStream_t stream) {
    const std::size_t volume = std::size_t(nx_) * std::size_t(ny_) * std::size_t(nz_);
    for (int i = 0; i < items; ++i) {
      cudaMemcpy3DParms copy{};
      // Linear source: pitch in bytes, then the logical row width and rows per slice, in elements.
      copy.srcPtr = make_cudaPitchedPtr(const_cast<float*>(source + std::size_t(i) * volume),
                                        std::size_t(nx_) * sizeof(float), std::size_t(nx_), std::size_t(ny_));
      // Array destination: position and extent in array elements (floats, rows, slices).
      copy.dstArray = array_;
      copy.dstPos = make_cudaPos(0, 0, std::size_t(z_offset(nz_, i)));
      copy.extent = make_cudaExtent(std::size_t(nx_), std::size_t(ny_), std::size_t(nz_));
      copy.kind = cudaMemcpyDeviceToDevice;
      PYRONN_CUDA_CHECK(cudaMemcpy3DAsync(&copy, stream));
    }
  }

  cudaTextureObject_t texture() const { return texture_; }
  // Volumes the present array holds (0 before the first reserve).
  int items() const { return items_; }

 private:
  static int attribute(cudaDeviceAttr which, int device) {
    int value = 0;
    PYRONN_CUDA_CHECK(cudaDeviceGetAttribute(&value, which, device));
    return value;
  }
  static int held_items(int nx, int ny, int nz, int batch) {
    ::pyronn::detail::require(batch > 0, "batch", "must be > 0, got " + ::pyronn::detail::to_text(batch));
    return std::min(batch, max_items(nx, ny, nz));
  }

  void allocate(int width, int height, int depth, cudaStream_t stream) {
    const cudaChannelFormatDesc format = cudaCreateChannelDesc<float>();
    PYRONN_CUDA_CHECK(cudaMalloc3DArray(&array_, &format, make_cudaExtent(std::size_t(width), std::size_t(height),
                                                                          std::size_t(depth)),
                                        cudaArraySurfaceLoadStore));
    cudaResourceDesc resource{};
    resource.resType = cudaResourceTypeArray;
    resource.res.array.array = array_;
    clear(resource, width, height, depth, stream);
    texture_ = detail::make_linear_texture(array_);
  }

  static void clear(const cudaResourceDesc& resource, int width, int height, int depth, cudaStream_t stream) {
    cudaSurfaceObject_t surface = 0;
    PYRONN_CUDA_CHECK(cudaCreateSurfaceObject(&surface, &resource));
    const dim3 block(32, 8);
    const dim3 grid(detail::blocks_for(std::size_t(width), block.x), detail::blocks_for(std::size_t(height), block.y),
                    unsigned(std::min(depth, detail::max_batch_per_launch)));
    detail::clear_array_3d_kernel<float><<<grid, block, 0, stream>>>(surface, width, height, depth);
    cudaError_t status = cudaGetLastError();
    // The surface object must outlive the kernel: wait for it before destroying the surface.
    if (status == cudaSuccess) status = cudaStreamSynchronize(stream);
    cudaDestroySurfaceObject(surface);
    if (status != cudaSuccess)
      throw cuda_error("clear_array_3d_kernel", int(status), cudaGetErrorString(status), __FILE__, __LINE__);
  }

  void swap(VolumeTexture3D& other) noexcept {
    std::swap(array_, other.array_);
    std::swap(texture_, other.texture_);
    std::swap(nx_, other.nx_);
    std::swap(ny_, other.ny_);
    std::swap(nz_, other.nz_);
    std::swap(items_, other.items_);
  }
  void release() {
    detail::release_texture_array(texture_, array_);
    nx_ = ny_ = nz_ = items_ = 0;
  }

  cudaArray_t array_ = nullptr;
  cudaTextureObject_t texture_ = 0;
  int nx_ = 0, ny_ = 0, nz_ = 0, items_ = 0;
};

}  // namespace cuda
}  // namespace pyronn
