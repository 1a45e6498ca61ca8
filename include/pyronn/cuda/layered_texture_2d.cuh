#pragma once
// The texture path's workspace: a layered 2D cudaArray (one layer per batch item) with a texture
// object over it, linear filtering and zero border. Inputs are copied into it, which costs
// width x height x layers x 4 bytes of device memory: PYRO-NN's hardware_interp trade.

#include <pyronn/core/errors.hpp>
#include <pyronn/cuda/check.cuh>
#include <pyronn/cuda/texture_array.cuh>
#include <pyronn/kernels/texture_coordinate.hpp>

#include <cstddef>
#include <string>
#include <utility>

namespace pyronn {
namespace cuda {

// Reads a layer like ArraySampler2D reads an array (pixel centres at integer coordinates). The
// layer is the texture's integer layer argument; texture_coordinate makes x and y exact.
struct TextureSampler2D {
  cudaTextureObject_t texture;
  int layer;
  __device__ float along_x(float x, int y) const { return bilinear(x, float(y)); }
  __device__ float along_y(int x, float y) const { return bilinear(float(x), y); }
  __device__ float bilinear(float x, float y) const {
    return tex2DLayered<float>(texture, texture_coordinate(x, 0), texture_coordinate(y, 0), layer);
  }
};

class LayeredTexture2D {
 public:
  LayeredTexture2D() = default;
  LayeredTexture2D(const LayeredTexture2D&) = delete;
  LayeredTexture2D& operator=(const LayeredTexture2D&) = delete;
  LayeredTexture2D(LayeredTexture2D&& other) noexcept { swap(other); }
  LayeredTexture2D& operator=(LayeredTexture2D&& other) noexcept {
    swap(other);
    return *this;
  }
  ~LayeredTexture2D() { release(); }

  static std::size_t bytes(int width, int height, int layers) {
    return std::size_t(width) * std::size_t(height) * std::size_t(layers) * sizeof(float);
  }
  // Most layers one texture can hold on the current device.
  static int max_layers() {
    int device = 0, layers = 0;
    PYRONN_CUDA_CHECK(cudaGetDevice(&device));
    PYRONN_CUDA_CHECK(cudaDeviceGetAttribute(&layers, cudaDevAttrMaxTexture2DLayeredLayers, device));
    return layers;
  }

  // Refuses, naming `parameter`, layers of width x height beyond the current device's layered 2D
  // textures. `shape` is how the caller's parameter spells that size.
  static void require_fits(int width, int height, const char* parameter, const std::string& shape) {
    int device = 0, max_width = 0, max_height = 0;
    PYRONN_CUDA_CHECK(cudaGetDevice(&device));
    PYRONN_CUDA_CHECK(cudaDeviceGetAttribute(&max_width, cudaDevAttrMaxTexture2DLayeredWidth, device));
    PYRONN_CUDA_CHECK(cudaDeviceGetAttribute(&max_height, cudaDevAttrMaxTexture2DLayeredHeight, device));
    ::pyronn::detail::require(width <= max_width && height <= max_height, parameter,
                              shape + " does not fit the device's layered 2D textures, at most " +
                                  ::pyronn::detail::to_text(max_width) + " wide and " +
                                  ::pyronn::detail::to_text(max_height) + " high; use Interpolation::software");
  }

  // Keeps the present array when it already fits. Replacing it first waits for the device, since
  // work queued earlier may still read the old one.
  void reserve(int width, int height, int layers) {
    if (array_ && width == width_ && height == height_ && layers <= layers_) return;
    if (array_) {
      PYRONN_CUDA_CHECK(cudaDeviceSynchronize());
      release();
    }
    try {
      allocate(width, height, layers);
    } catch (...) {
      release();  // a half-made texture must not look reserved
      throw;
    }
    width_ = width, height_ = height, layers_ = layers;
  }

  // Copies layers [0, layers) from a row-major [layers][height][width] device array.
  void load(const float* source, int layers, cudaStream_t stream) {
    cudaMemcpy3DParms copy{};
    copy.srcPtr = make_cudaPitchedPtr(const_cast<float*>(source), std::size_t(width_) * sizeof(float), width_, height_);
    copy.dstArray = array_;
    copy.extent = make_cudaExtent(width_, height_, layers);
    copy.kind = cudaMemcpyDeviceToDevice;
    PYRONN_CUDA_CHECK(cudaMemcpy3DAsync(&copy, stream));
  }

  cudaTextureObject_t texture() const { return texture_; }

 private:
  void allocate(int width, int height, int layers) {
    cudaChannelFormatDesc format = cudaCreateChannelDesc<float>();
    PYRONN_CUDA_CHECK(cudaMalloc3DArray(&array_, &format, make_cudaExtent(width, height, layers), cudaArrayLayered));
    texture_ = detail::make_linear_texture(array_);
  }
  void swap(LayeredTexture2D& other) noexcept {
    std::swap(array_, other.array_);
    std::swap(texture_, other.texture_);
    std::swap(width_, other.width_);
    std::swap(height_, other.height_);
    std::swap(layers_, other.layers_);
  }
  void release() {
    detail::release_texture_array(texture_, array_);
    width_ = height_ = layers_ = 0;
  }
  cudaArray_t array_ = nullptr;
  cudaTextureObject_t texture_ = 0;
  int width_ = 0, height_ = 0, layers_ = 0;
};

}  // namespace cuda
}  // namespace pyronn
