#pragma once
// Gradient descent on least squares with a smoothed total-variation penalty (recon/tv.hpp):
//
//   f(x) = 1/2 |A x - b|^2 + lambda TV_eps(x),   x <- x - tau grad f(x)   (then x = max(x, 0)
//   grad f(x) = A^T (A x - b) + lambda grad TV_eps(x)                      if nonnegative)
//
// grad f is Lipschitz with L <= |A|^2 + lambda 4 d / eps (d: image axes longer than one). For
// tau <= 1 / L every step lowers f: f(x+) <= f(x) - |x+ - x|^2 / (2 tau); with the projection
// onto x >= 0 this holds from a feasible start (x_0 >= 0).
// The step, unless given, is tau = 1 / (safety |A|^2_est + lambda 4 d / eps), with |A|^2_est from
// the power method (recon/iterative_operator_norm.hpp), which approaches |A|^2 from below; the
// safety factor (default 1.1) covers what it has not reached yet. A step given explicitly is
// the caller's responsibility.
//
// Each iteration costs one forward and one adjoint projection, plus one forward at the end for
// the final objective; the power method costs one of each per power iteration.
//
// Workspace (workspace_bytes()): a residual (sinogram) and a gradient (image): m + n floats.

#include <pyronn/recon/iterative_common.hpp>
#include <pyronn/recon/iterative_host_space.hpp>
#include <pyronn/recon/iterative_operator_norm.hpp>
#include <pyronn/recon/iterative_ops.hpp>
#include <pyronn/recon/tv.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

namespace pyronn {

struct TVGradientDescentOptions {
  float lambda = 1.f;     // weight of TV_eps, in units of (data units)^2 / (image units)
  float epsilon = 1e-2f;  // smoothing, in image units: well below the contrasts to keep
  float step = 0.f;       // tau; 0: 1 / (safety |A|^2_est + lambda 4 d / eps)
  double operator_norm_squared = 0;  // |A|^2 if known (e.g. from an earlier solve); 0: estimate
  int power_iterations = 20;
  double safety = 1.1;       // factor on |A|^2_est, >= 1
  bool nonnegative = false;  // projected gradient descent onto x >= 0
};

template <class Operator, class Space = host::VectorSpace>
class TVGradientDescent : public IterativeSolver<TVGradientDescent<Operator, Space>, Operator, Space, TVGradientDescentOptions> {
  using Base = IterativeSolver<TVGradientDescent, Operator, Space, TVGradientDescentOptions>;
  using Base::m;
  using Base::n;
  using Base::op_;
  using Base::options_;
  using Base::space_;

 public:
  using Base::solve;

  explicit TVGradientDescent(Operator& op, TVGradientDescentOptions options = {}, Space space = Space())
      : Base(op, options, std::move(space)), shape_(tv_shape(op.geometry().volume_shape())) {
    detail::check_tv_shape(shape_, "op");
    detail::check_tv_buffer(n(), shape_, "op");
    detail::require(options.lambda >= 0.f && std::isfinite(options.lambda), "lambda",
                    "must be finite and >= 0, got " + detail::to_text(options.lambda));
    detail::require_tv_epsilon(options.epsilon, "epsilon");
    detail::require(options.step >= 0.f && std::isfinite(options.step), "step",
                    "must be finite and >= 0 (0: automatic), got " + detail::to_text(options.step));
    detail::require(options.operator_norm_squared >= 0 && std::isfinite(options.operator_norm_squared),
                    "operator_norm_squared",
                    "must be finite and >= 0 (0: estimate), got " + detail::to_text(options.operator_norm_squared));
    detail::require(options.power_iterations > 0, "power_iterations",
                    "must be > 0, got " + detail::to_text(options.power_iterations));
    detail::require(options.safety >= 1 && std::isfinite(options.safety), "safety",
                    "must be finite and >= 1, got " + detail::to_text(options.safety));
  }

  // Covers the power method's scratch (n + m) too.
  std::size_t workspace_bytes() const { return (n() + m()) * sizeof(float); }

  // The step the rule above gives for a value of |A|^2.
  double step_for(double operator_norm_squared) const {
    return 1.0 / (options_.safety * operator_norm_squared + double(options_.lambda) * 4.0 * shape_.axes() /
                                                                 double(options_.epsilon));
  }

  // b: data (one sinogram); x: the initial guess on entry, the result on return. Both, and the
  // workspace, in the space's memory. objectives[k] = f(x_k); report.step_size = tau.
  SolveReport solve(const float* b, float* x, int iterations, void* workspace, std::size_t workspace_size,
                    const IterationObserver& observe = nullptr) {
    float* residual =
        detail::check_solve(space_, b, m(), x, n(), iterations, workspace, workspace_size, workspace_bytes());
    float* gradient = residual + m();
    using namespace vector_ops;

    SolveReport report;
    report.step_size = options_.step;
    if (report.step_size == 0) {
      double norm = options_.operator_norm_squared;
      if (norm == 0)
        norm = estimate_operator_norm_squared(*op_, space_, options_.power_iterations, workspace, workspace_size);
      // |A| = 0 (no ray meets the image) leaves nothing to fit, and with lambda = 0 a step of 1 / 0.
      detail::require(norm > 0 && std::isfinite(norm), "op",
                      "has |A|^2 = " + detail::to_text(norm) +
                          " by the power method; an operator whose rays miss the image cannot be inverted");
      report.step_size = step_for(norm);
    }
    const float tau = float(report.step_size), lambda = options_.lambda, eps = options_.epsilon;

    for (int k = 0;; ++k) {
      space_.forward(*op_, x, residual);
      space_.for_each(m(), Subtract{residual, b, residual});
      const double squared = space_.sum(m(), SquaredTerm{residual});
      const double tv = lambda > 0 ? space_.sum(n(), TVTerm{x, shape_, eps}) : 0.0;
      report.residual_norms.push_back(std::sqrt(squared));
      report.objectives.push_back(0.5 * squared + double(lambda) * tv);
      if (detail::stop_if_non_finite(report, report.objectives.back()) || k == iterations) break;
      space_.adjoint(*op_, residual, gradient);
      if (lambda > 0) space_.for_each(n(), TVGradient{x, gradient, shape_, eps, lambda, true});
      // A step the user chose can be far beyond the stable one: rather than overflow x, the solve
      // stops at the last finite iterate, reported as non_finite.
      const ScaledStep step{x, nullptr, gradient, -tau, options_.nonnegative};
      if (space_.sum(n(), NonFiniteStepTerm{step}) != 0) {
        report.non_finite = true;
        report.converged = false;
        break;
      }
      space_.for_each(n(), step);
      report.iterations = k + 1;
      if (observe) observe(k + 1, x);
    }
    return report;
  }

 private:
  TVShape shape_;
};

}  // namespace pyronn
