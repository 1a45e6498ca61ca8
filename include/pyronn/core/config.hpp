#pragma once
// Compiler glue shared by every pyronn header: host-only code compiles with any C++17
// compiler, and the same bodies become __host__ __device__ functions under nvcc.

#define PYRONN_VERSION_MAJOR 0
#define PYRONN_VERSION_MINOR 1
#define PYRONN_VERSION_PATCH 0
#define PYRONN_VERSION_STRING "0.1.0"

#if defined(__CUDACC__)
#define PYRONN_HD __host__ __device__ __forceinline__
#define PYRONN_HAS_CUDA 1
#else
#define PYRONN_HD inline
#define PYRONN_HAS_CUDA 0
#endif

namespace pyronn {

inline constexpr const char* version_string() { return PYRONN_VERSION_STRING; }

}  // namespace pyronn
