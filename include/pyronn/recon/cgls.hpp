#pragma once
// CGLS: conjugate gradients on the normal equations A^T A x = A^T b, in the form that never
// forms A^T A (Hestenes & Stiefel 1952; Bjorck, "Numerical Methods for Least Squares Problems",
// 1996, section 7.4). Each iteration costs one forward and one adjoint projection. The iterate
// x_k minimises |b - A x| over x_0 + the k-th Krylov space of A^T A, so the residual |b - A x_k|
// never grows (and falls until the solution is reached). Started from x_0 = 0 it converges to the
// least-squares solution of least norm; stopped early it regularises.
//
// The residual is carried by the recursion r_{k+1} = r_k - alpha_k A p_k (equal to b - A x_{k+1}
// in exact arithmetic; in float the two part by rounding only), which is what the report holds.
//
// Workspace (workspace_bytes()): r and q (sinograms), s and p (images): 2 (m + n) floats.

#include <pyronn/recon/iterative_common.hpp>
#include <pyronn/recon/iterative_host_space.hpp>
#include <pyronn/recon/iterative_ops.hpp>

#include <cmath>
#include <cstddef>
#include <utility>

namespace pyronn {

struct CGLSOptions {
  // Stop once |A^T (b - A x_k)| <= tolerance |A^T (b - A x_0)|; 0 runs every iteration asked for.
  double tolerance = 0;
};

template <class Operator, class Space = host::VectorSpace>
class CGLS : public IterativeSolver<CGLS<Operator, Space>, Operator, Space, CGLSOptions> {
  using Base = IterativeSolver<CGLS, Operator, Space, CGLSOptions>;
  using Base::m;
  using Base::n;
  using Base::op_;
  using Base::options_;
  using Base::space_;

 public:
  using Base::solve;

  explicit CGLS(Operator& op, CGLSOptions options = {}, Space space = Space())
      : Base(op, options, std::move(space)) {
    detail::require(options.tolerance >= 0 && std::isfinite(options.tolerance), "tolerance",
                    "must be finite and >= 0, got " + detail::to_text(options.tolerance));
  }

  std::size_t workspace_bytes() const { return 2 * (n() + m()) * sizeof(float); }

  // b: data (one sinogram); x: the initial guess on entry (zeros for the textbook start), the
  // result on return. Both, and the workspace, in the space's memory.
  SolveReport solve(const float* b, float* x, int iterations, void* workspace, std::size_t workspace_size,
                    const IterationObserver& observe = nullptr) {
    float* r = detail::check_solve(space_, b, m(), x, n(), iterations, workspace, workspace_size, workspace_bytes());
    float* q = r + m();
    float* s = q + m();
    float* p = s + n();
    using namespace vector_ops;

    space_.forward(*op_, x, r);
    space_.for_each(m(), Subtract{b, r, r});
    space_.adjoint(*op_, r, s);
    space_.for_each(n(), Copy{s, p});
    double gamma = space_.sum(n(), SquaredTerm{s});
    const double gamma0 = gamma;
    SolveReport report;
    record(report, space_.sum(m(), SquaredTerm{r}));

    // gamma is checked before every iteration and after the last, so an overflow is always reported.
    for (int k = 1; !detail::stop_if_non_finite(report, gamma) && k <= iterations; ++k) {
      if (!(gamma > 0)) {  // A^T r = 0: x is a least-squares solution
        report.converged = true;
        break;
      }
      space_.forward(*op_, p, q);
      const double delta = space_.sum(m(), SquaredTerm{q});
      if (detail::stop_if_non_finite(report, delta)) break;
      if (!(delta > 0)) {  // cannot happen in exact arithmetic while gamma > 0
        report.converged = true;
        break;
      }
      const double alpha = gamma / delta;
      space_.for_each(n(), Axpy{float(alpha), p, x});
      space_.for_each(m(), Axpy{float(-alpha), q, r});
      space_.adjoint(*op_, r, s);
      const double gamma_next = space_.sum(n(), SquaredTerm{s});
      space_.for_each(n(), Xpay{s, float(gamma_next / gamma), p});
      gamma = gamma_next;
      record(report, space_.sum(m(), SquaredTerm{r}));
      report.iterations = k;
      if (observe) observe(k, x);
      if (options_.tolerance > 0 && std::sqrt(gamma) <= options_.tolerance * std::sqrt(gamma0)) {
        report.converged = true;
        break;
      }
    }
    return report;
  }

 private:
  static void record(SolveReport& report, double squared_residual) {
    report.residual_norms.push_back(std::sqrt(squared_residual));
    report.objectives.push_back(0.5 * squared_residual);
  }
};

}  // namespace pyronn
