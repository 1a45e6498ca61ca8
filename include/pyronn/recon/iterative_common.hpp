#pragma once
// What the iterative solvers (SIRT, CGLS, TV gradient descent) share: the report they return,
// the observer they call, and the checks of their arguments and workspace.
//
// Operators: anything with geometry().volume_size() and geometry().sinogram_size() (one image's
// and one sinogram's number of elements) and forward / adjoint as the vector space calls them:
// host::Projector2D/3D, cuda::Projector2D/3D. Solvers handle one batch item per solve; for a
// batch, solve item by item with pointer offsets.
//
// Memory: each solver says how many bytes of scratch it needs (workspace_bytes()) and works in
// what the caller hands it, in the vector space's memory (host or device). The solvers allocate
// nothing else, except the convenience overloads that say so.

#include <pyronn/core/errors.hpp>
#include <pyronn/recon/iterative_ops.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <string>
#include <vector>

namespace pyronn {

// What a solve did. Index k holds the value at iterate x_k: k = 0 is the initial guess, so each
// vector holds iterations + 1 entries.
struct SolveReport {
  std::vector<double> residual_norms;  // |b - A x_k|
  std::vector<double> objectives;      // the function the solver minimises, at x_k
  int iterations = 0;                  // iterations run
  bool converged = false;              // stopped early: tolerance met or exact solution reached
  bool non_finite = false;             // stopped early, not converged: a value overflowed float
  double step_size = 0;                // gradient descent: the step used; 0 for other solvers
};

// Called after iteration k (1-based) with the iterate x_k, in the vector space's memory. May be
// empty. With cuda::VectorSpace, x is a device pointer whose last update may still be queued on
// the space's stream: read it on that stream, or synchronise the stream first.
using IterationObserver = std::function<void(int iteration, const float* x)>;

namespace detail {

template <class Operator>
std::size_t domain_size(const Operator& op) {
  return op.geometry().volume_size();
}
template <class Operator>
std::size_t range_size(const Operator& op) {
  return op.geometry().sinogram_size();
}

// Once a value a solver steers by is NaN or infinite (float overflowed on the way), the iterates
// mean nothing more: the solve stops, reported as non_finite and not converged.
inline bool stop_if_non_finite(SolveReport& report, double value) {
  if (std::isfinite(value)) return false;
  report.non_finite = true;
  report.converged = false;
  return true;
}

// Refuses a vector of the space holding NaN or infinity: a solver would carry it into every
// iterate, and a test such as gamma > 0 would read it as convergence.
template <class Space>
void require_finite_vector(Space& space, const float* v, std::size_t count, const char* name, const char* what) {
  const double bad = space.sum(count, vector_ops::NonFiniteTerm{v});
  require(bad == 0, name,
          "holds " + to_text(bad) + " NaN or infinite values of " + to_text(count) + "; " + what + " must be finite");
}

// The checks every solve makes before any work: data b (range_floats), iterate x
// (domain_floats), the workspace, and the iteration count; then that b and x are finite.
template <class Space>
float* check_solve(Space& space, const float* b, std::size_t range_floats, const float* x, std::size_t domain_floats,
                   int iterations, void* workspace, std::size_t workspace_size, std::size_t workspace_needed) {
  space.require_vector(b, "b");
  space.require_vector(x, "x");
  require(iterations >= 0, "iterations", "must be >= 0, got " + to_text(iterations));
  require_disjoint(b, range_floats, "b", x, domain_floats, "x");
  space.require_vector(workspace, "workspace");
  require(reinterpret_cast<std::uintptr_t>(workspace) % alignof(float) == 0, "workspace",
          "must be aligned for float");
  require(workspace_size >= workspace_needed, "workspace_bytes",
          "needs at least " + to_text(workspace_needed) + " bytes, got " + to_text(workspace_size));
  const unsigned char* scratch = static_cast<const unsigned char*>(workspace);
  require_disjoint(b, range_floats, "b", scratch, workspace_needed, "workspace");
  require_disjoint(x, domain_floats, "x", scratch, workspace_needed, "workspace");
  require_finite_vector(space, b, range_floats, "b", "the data");
  require_finite_vector(space, x, domain_floats, "x", "the initial guess");
  return static_cast<float*>(workspace);
}

}  // namespace detail

// What every solver shares: the operator, its options and vector space, the problem's sizes, and
// the host-only solve that allocates its own workspace. Derived (CRTP) provides
// workspace_bytes() and solve(b, x, iterations, workspace, bytes, observe).
template <class Derived, class Operator, class Space, class Options>
class IterativeSolver {
 public:
  Operator& op() const { return *op_; }
  Space& space() { return space_; }
  const Options& options() const { return options_; }

  // Host spaces only: allocates a workspace of workspace_bytes() for this call.
  SolveReport solve(const float* b, float* x, int iterations, const IterationObserver& observe = nullptr) {
    static_assert(Space::host_memory, "this overload allocates host memory; pass a workspace on the device");
    Derived& self = static_cast<Derived&>(*this);
    auto workspace = space_.make_workspace(self.workspace_bytes() / sizeof(float));
    return self.solve(b, x, iterations, workspace.data(), self.workspace_bytes(), observe);
  }

 protected:
  IterativeSolver(Operator& op, Options options, Space space) : op_(&op), options_(options), space_(std::move(space)) {}
  std::size_t n() const { return detail::domain_size(*op_); }  // image floats
  std::size_t m() const { return detail::range_size(*op_); }   // sinogram floats

  Operator* op_;
  Options options_;
  Space space_;
};
}  // namespace pyronn
