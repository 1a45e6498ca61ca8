// The iterative solvers (SIRT, CGLS, TV-penalised gradient descent) on one sinogram, with the
// projector built from the call's geometry and options: x holds the initial guess on entry and the
// result on return; the report comes back as a dict.
#include "arrays.hpp"
#include "operators.hpp"

#include <pyronn/recon/iterative.hpp>

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <string>

namespace nb = nanobind;

namespace pyronn_python {
namespace {

struct SolverOptions {
  std::string method;
  int iterations;
  double relaxation, tolerance, lambda, epsilon, step;
  bool nonnegative;
};

template <pyronn::Interpolation I, class G>
pyronn::SolveReport solve(const G& g, const Options& o, const SolverOptions& s, const float* b, float* x) {
  auto projector = make_projector<I>(g, o);
  using Projector = decltype(projector);
  if (s.method == "sirt") {
    pyronn::SIRTOptions options;
    options.relaxation = float(s.relaxation);
    options.nonnegative = s.nonnegative;
    return pyronn::SIRT<Projector>(projector, options).solve(b, x, s.iterations);
  }
  if (s.method == "cgls") {
    pyronn::CGLSOptions options;
    options.tolerance = s.tolerance;
    return pyronn::CGLS<Projector>(projector, options).solve(b, x, s.iterations);
  }
  if (s.method == "tv") {
    pyronn::TVGradientDescentOptions options;
    options.lambda = float(s.lambda);
    options.epsilon = float(s.epsilon);
    options.step = float(s.step);
    options.nonnegative = s.nonnegative;
    return pyronn::TVGradientDescent<Projector>(projector, options).solve(b, x, s.iterations);
  }
  throw pyronn::invalid_argument("method", "must be 'sirt', 'cgls' or 'tv', got '" + s.method + "'");
}

nb::dict run_solver(const Numbers& params, const Numbers& vectors, const Array& b_array, const Array& x_array,
                    const Options& o, const SolverOptions& s) {
  pyronn::SolveReport report;
  visit_geometry(params, vectors, [&](const auto& g) {
    const Operand b = checked_operand(b_array, "b", sinogram_dims(g));
    const Operand x = checked_operand(x_array, "x", volume_dims(g));
    pyronn::detail::require(b.leading.empty(), "b", "must be one sinogram (no batch dimension); solve item by item");
    pyronn::detail::require(x.leading.empty(), "x", "must be one image or volume (no batch dimension)");
    nb::gil_scoped_release release;
    report = o.interpolation == pyronn::Interpolation::texture
                 ? solve<pyronn::Interpolation::texture>(g, o, s, b.data, x.data)
                 : solve<pyronn::Interpolation::software>(g, o, s, b.data, x.data);
  });
  nb::dict d;
  d["residual_norms"] = report.residual_norms;
  d["objectives"] = report.objectives;
  d["iterations"] = report.iterations;
  d["converged"] = report.converged;
  d["non_finite"] = report.non_finite;
  d["step_size"] = report.step_size;
  return d;
}

}  // namespace

void bind_solvers(nb::module_& m) {
  m.def(
      "solve",
      [](const std::string& method, const Numbers& params, const Numbers& vectors, const Array& b, const Array& x,
         int iterations, const std::string& interpolation, int threads, const std::string& model, double step_size,
         double relaxation, double tolerance, double lambda, double epsilon, double step, bool nonnegative) {
        return run_solver(params, vectors, b, x,
                          {interpolation_from_string(interpolation), pyronn::Filter::ram_lak, threads,
                           model_from_string(model), step_size},
                          {method, iterations, relaxation, tolerance, lambda, epsilon, step, nonnegative});
      },
      nb::arg("method"), nb::arg("params"), nb::arg("vectors"), nb::arg("b"), nb::arg("x"), nb::arg("iterations"),
      nb::arg("interpolation"), nb::arg("threads"), nb::arg("model"), nb::arg("step_size"), nb::arg("relaxation"),
      nb::arg("tolerance"), nb::arg("lambda_"), nb::arg("epsilon"), nb::arg("step"), nb::arg("nonnegative"));
}

}  // namespace pyronn_python
