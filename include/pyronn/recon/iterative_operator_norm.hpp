#pragma once
// |A|^2, the largest eigenvalue of A^T A, by the power method: v <- A^T A v / |A^T A v|, with the
// Rayleigh quotient |A v|^2 / |v|^2 as the estimate. The estimate never exceeds |A|^2 and grows
// towards it with every iteration; a step rule built on it should keep a safety factor.

#include <pyronn/recon/iterative_common.hpp>
#include <pyronn/recon/iterative_ops.hpp>

#include <cmath>
#include <cstddef>

namespace pyronn {

// Scratch estimate_operator_norm_squared needs: one image and one sinogram.
template <class Operator>
std::size_t operator_norm_workspace_bytes(const Operator& op) {
  return (detail::domain_size(op) + detail::range_size(op)) * sizeof(float);
}

template <class Operator, class Space>
double estimate_operator_norm_squared(Operator& op, Space& space, int iterations, void* workspace,
                                      std::size_t workspace_size) {
  const std::size_t n = detail::domain_size(op), m = detail::range_size(op);
  detail::require(iterations > 0, "iterations", "must be > 0, got " + detail::to_text(iterations));
  space.require_vector(workspace, "workspace");
  detail::require(workspace_size >= operator_norm_workspace_bytes(op), "workspace_bytes",
                  "needs at least " + detail::to_text(operator_norm_workspace_bytes(op)) + " bytes, got " +
                      detail::to_text(workspace_size));
  float* v = static_cast<float*>(workspace);
  float* av = v + n;
  space.for_each(n, vector_ops::PowerStart{v});
  double estimate = 0;
  for (int k = 0; k < iterations; ++k) {
    const double vv = space.sum(n, vector_ops::SquaredTerm{v});
    if (!(vv > 0)) break;  // A^T A v = 0: v lies in the null space
    space.forward(op, v, av);
    estimate = space.sum(m, vector_ops::SquaredTerm{av}) / vv;
    space.adjoint(op, av, v);
    // Keep v near unit length so that float neither overflows nor underflows.
    const double norm = std::sqrt(space.sum(n, vector_ops::SquaredTerm{v}));
    if (!(norm > 0)) break;
    space.for_each(n, vector_ops::Scale{float(1 / norm), v});
  }
  return estimate;
}

}  // namespace pyronn
