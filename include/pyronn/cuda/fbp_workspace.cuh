#pragma once
// The scratch that cuda::FBP2D and cuda::FBP3D filter into before they backproject.

#include <pyronn/core/errors.hpp>
#include <pyronn/cuda/check.cuh>

#include <cstddef>
#include <string>

namespace pyronn {
namespace cuda {
namespace detail {

// The caller's workspace as floats, once it is known to be device memory of at least `needed`
// bytes that overlaps neither the input (the filter would overwrite it while reading it) nor the
// output (the backprojection would read what it writes). Counts are in floats.
inline float* fbp_workspace(void* workspace, std::size_t workspace_size, std::size_t needed, const float* input,
                            const char* input_name, std::size_t input_count, const float* output,
                            const char* output_name, std::size_t output_count) {
  require_device_pointer(workspace, "workspace");
  ::pyronn::detail::require(workspace_size >= needed, "workspace_bytes",
                            "needs at least " + ::pyronn::detail::to_text(needed) + " bytes, got " +
                                ::pyronn::detail::to_text(workspace_size));
  float* filtered = static_cast<float*>(workspace);
  const std::size_t filtered_count = needed / sizeof(float);
  ::pyronn::detail::require(!::pyronn::detail::ranges_overlap(filtered, filtered_count, input, input_count), "workspace",
                            std::string("must not overlap the ") + input_name);
  ::pyronn::detail::require(!::pyronn::detail::ranges_overlap(filtered, filtered_count, output, output_count), "workspace",
                            std::string("must not overlap the ") + output_name);
  return filtered;
}

}  // namespace detail
}  // namespace cuda
}  // namespace pyronn
