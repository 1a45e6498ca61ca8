#pragma once
// How the CUDA projectors compute their exact adjoint. Both give A^T y to float rounding.
//  - gather (the default): a thread per pixel or voxel sums what the rays that sampled it give
//    back, in a fixed order: deterministic, bitwise the same on every run.
//  - scatter: a thread per ray adds its samples' contributions with float atomics (as ASTRA and
//    torch-radon do): the order of each sum, and so its last bits, varies from run to run; which
//    is faster depends on the geometry and the GPU (docs/performance.md).

namespace pyronn {
namespace cuda {

enum class AdjointMethod { gather, scatter };

}  // namespace cuda
}  // namespace pyronn
