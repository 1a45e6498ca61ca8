#pragma once
// What both texture workspaces (LayeredTexture2D, VolumeTexture3D) do with their cudaArray: read
// it through a texture object, and free the two together.

#include <pyronn/cuda/check.cuh>

namespace pyronn {
namespace cuda {
namespace detail {

// A texture object over `array` the way the samplers read it: linear filtering, a zero border
// outside, unnormalised coordinates (texel i's centre at i + 0.5), floats as they are.
inline cudaTextureObject_t make_linear_texture(cudaArray_t array) {
  cudaResourceDesc resource{};
  resource.resType = cudaResourceTypeArray;
  resource.res.array.array = array;
  cudaTextureDesc sampling{};  // borderColor stays {0, 0, 0, 0}
  sampling.addressMode[0] = sampling.addressMode[1] = sampling.addressMode[2] = cudaAddressModeBorder;
  sampling.filterMode = cudaFilterModeLinear;
  sampling.readMode = cudaReadModeElementType;
  sampling.normalizedCoords = 0;
  cudaTextureObject_t texture = 0;
  PYRONN_CUDA_CHECK(cudaCreateTextureObject(&texture, &resource, &sampling, nullptr));
  return texture;
}

// Destroys the texture and frees the array (either may be empty) and empties both. Work queued
// earlier may still read them, and destroying a texture object or freeing its array is not
// ordered with the streams: this waits for the device first. Errors are left to the next checked
// call (this also runs in destructors).
inline void release_texture_array(cudaTextureObject_t& texture, cudaArray_t& array) noexcept {
  if (texture || array) cudaDeviceSynchronize();
  if (texture) cudaDestroyTextureObject(texture);
  if (array) cudaFreeArray(array);
  texture = 0;
  array = nullptr;
}

}  // namespace detail
}  // namespace cuda
}  // namespace pyronn
