#pragma once
// The iterative solvers on the GPU: the same SIRT, CGLS and TV gradient descent as on the host
// (recon/iterative.hpp), run over cuda::VectorSpace with a cuda::Projector2D / Projector3D.
//
//   pyronn::cuda::Projector2D<GeometryParallel2D> op(geometry);
//   pyronn::cuda::CGLS<decltype(op)> cgls(op, {}, pyronn::cuda::VectorSpace(stream));
//   cgls.solve(d_sinogram, d_x, 50, d_workspace, cgls.workspace_bytes());
//
// Everything (data, iterate, workspace) is device memory the caller owns; the space holds 2 KiB
// of its own for reductions. Solves synchronise the stream once or twice per iteration to read
// the scalars that steer them (step lengths, norms).

#include <pyronn/cuda/vector_ops.cuh>
#include <pyronn/recon/cgls.hpp>
#include <pyronn/recon/iterative_operator_norm.hpp>
#include <pyronn/recon/sirt.hpp>
#include <pyronn/recon/tv.hpp>
#include <pyronn/recon/tv_gradient_descent.hpp>

namespace pyronn {
namespace cuda {

template <class Operator>
using SIRT = ::pyronn::SIRT<Operator, VectorSpace>;
template <class Operator>
using CGLS = ::pyronn::CGLS<Operator, VectorSpace>;
template <class Operator>
using TVGradientDescent = ::pyronn::TVGradientDescent<Operator, VectorSpace>;

}  // namespace cuda
}  // namespace pyronn
