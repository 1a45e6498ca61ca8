#pragma once
// Drives the iterative solvers (CGLS, SIRT, TV gradient descent) on a small projector, with
// fuzzed options and data. Finite data must give a finite result and finite residuals; data with
// a NaN or infinity must be refused or the report must say the solve did not converge.

#include "fuzz_check.hpp"
#include "fuzz_input.hpp"

#include <pyronn/recon/iterative.hpp>

#include <cmath>
#include <optional>
#include <vector>

namespace pyronn_fuzz {

template <class Projector>
void run_solver(Projector& projector, FuzzInput& in) {
  using namespace pyronn;
  const std::size_t n = projector.geometry().volume_size(), m = projector.geometry().sinogram_size();
  std::vector<float> b = finite_data(m, in.byte()), x(n, 0.f);
  if (in.flag()) b[in.byte() % m] = float(in.real());  // may put a NaN or infinity into the data
  bool finite_input = true;
  for (float v : b) finite_input = finite_input && std::isfinite(v);
  const int iterations = in.choice(4);  // any count is legitimate work; keep it short
  const int kind = in.choice(3);

  SolveReport report;
  const bool solved = attempt("solver", [&] {
    host::VectorSpace space(in.choice(3));
    if (kind == 0) {
      CGLSOptions options;
      options.tolerance = in.real();
      CGLS<Projector> cgls(projector, options, space);
      report = cgls.solve(b.data(), x.data(), iterations);
    } else if (kind == 1) {
      SIRTOptions options;
      options.relaxation = float(in.real());
      options.nonnegative = in.flag();
      SIRT<Projector> sirt(projector, options, space);
      report = sirt.solve(b.data(), x.data(), iterations);
    } else {
      TVGradientDescentOptions options;
      options.lambda = float(in.real());
      options.epsilon = float(in.real());
      options.step = float(in.real());
      options.operator_norm_squared = in.real();
      options.power_iterations = in.choice(5);  // 0 must be refused
      options.safety = in.real();
      options.nonnegative = in.flag();
      TVGradientDescent<Projector> tv(projector, options, space);
      report = tv.solve(b.data(), x.data(), iterations);
    }
  });
  if (!solved) return;
  if (!finite_input) {
    if (report.converged) finding("a solver reported convergence on data with a NaN or infinity");
    return;
  }
  require_finite("solver result", x);
  for (double r : report.residual_norms)
    if (!std::isfinite(r)) finding("a solver reported a non-finite residual norm for finite data");
  for (double f : report.objectives)
    if (!std::isfinite(f)) finding("a solver reported a non-finite objective for finite data");
}

}  // namespace pyronn_fuzz
