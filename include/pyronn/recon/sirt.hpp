#pragma once
// SIRT, the simultaneous iterative reconstruction technique (Gilbert 1972; Gregor & Benson 2008):
//   x <- x + lambda C A^T R (b - A x)
// with R = diag(1 / row sums) = 1 / (A 1) and C = diag(1 / column sums) = 1 / (A^T 1), entries
// set to 0 where a sum is 0 (rays that miss the image, pixels no ray sees). For a nonnegative A
// and 0 < lambda < 2 it converges to a minimiser of the weighted least-squares objective
// 1/2 |b - A x|_R^2 = 1/2 sum_i R_i (b - A x)_i^2 (in the norm weighted by 1/C), and decreases it
// every iteration. Optionally every iterate is clipped at 0 (x >= 0).
//
// Each iteration costs one forward and one adjoint projection, plus one forward at the end for
// the final residual; setting up R and C costs one of each.
//
// Workspace (workspace_bytes()): R and a residual (sinograms), C and a backprojection (images):
// 2 (m + n) floats.

#include <pyronn/recon/iterative_common.hpp>
#include <pyronn/recon/iterative_host_space.hpp>
#include <pyronn/recon/iterative_ops.hpp>

#include <cmath>
#include <cstddef>
#include <utility>

namespace pyronn {

struct SIRTOptions {
  float relaxation = 1.f;    // lambda, in (0, 2)
  bool nonnegative = false;  // clip every iterate at 0
};

template <class Operator, class Space = host::VectorSpace>
class SIRT : public IterativeSolver<SIRT<Operator, Space>, Operator, Space, SIRTOptions> {
  using Base = IterativeSolver<SIRT, Operator, Space, SIRTOptions>;
  using Base::m;
  using Base::n;
  using Base::op_;
  using Base::options_;
  using Base::space_;

 public:
  using Base::solve;

  explicit SIRT(Operator& op, SIRTOptions options = {}, Space space = Space())
      : Base(op, options, std::move(space)) {
    detail::require(options.relaxation > 0.f && options.relaxation < 2.f, "relaxation",
                    "must lie in (0, 2), got " + detail::to_text(options.relaxation));
  }

  std::size_t workspace_bytes() const { return 2 * (n() + m()) * sizeof(float); }

  // b: data (one sinogram); x: the initial guess on entry, the result on return. Both, and the
  // workspace, in the space's memory. objectives[k] is the weighted objective 1/2 |b - A x_k|_R^2.
  SolveReport solve(const float* b, float* x, int iterations, void* workspace, std::size_t workspace_size,
                    const IterationObserver& observe = nullptr) {
    float* row = detail::check_solve(space_, b, m(), x, n(), iterations, workspace, workspace_size, workspace_bytes());
    float* column = row + m();
    float* residual = column + n();
    float* image = residual + m();
    using namespace vector_ops;

    space_.for_each(n(), Fill{image, 1.f});
    space_.forward(*op_, image, row);
    space_.for_each(m(), InvertPositive{row});
    space_.for_each(m(), Fill{residual, 1.f});
    space_.adjoint(*op_, residual, column);
    space_.for_each(n(), InvertPositive{column});

    SolveReport report;
    for (int k = 0;; ++k) {
      space_.forward(*op_, x, residual);
      report.residual_norms.push_back(std::sqrt(space_.sum(m(), SquaredDifferenceTerm{b, residual})));
      report.objectives.push_back(0.5 * space_.sum(m(), WeightedSquaredDifferenceTerm{row, b, residual}));
      if (detail::stop_if_non_finite(report, report.objectives.back()) || k == iterations) break;
      space_.for_each(m(), WeightedDifference{row, b, residual, residual});
      space_.adjoint(*op_, residual, image);
      space_.for_each(n(), ScaledStep{x, column, image, options_.relaxation, options_.nonnegative});
      report.iterations = k + 1;
      if (observe) observe(k + 1, x);
    }
    return report;
  }
};

}  // namespace pyronn
