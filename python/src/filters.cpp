// FBP's row filter with the weights and taps as explicit arrays, and its two gradients: what a
// trainable FBP/FDK (pyronn.torch) needs. fbp_filter_parts gives the weights and taps that
// pyronn.FBP / FDK use for a geometry, so that a trainable FBP starts where the analytic one is.
#include "arrays.hpp"
#include "geometry_spec.hpp"
#include "operators.hpp"
#ifdef PYRONN_WITH_CUDA
#include "cuda_driver.hpp"
#endif

#include <pyronn/host/filter_engine.hpp>
#include <pyronn/recon/fbp_weights_2d.hpp>
#include <pyronn/recon/fbp_filter_taps.hpp>
#include <pyronn/recon/fbp_weights_3d.hpp>
#include <pyronn/recon/fbp_weights_arc_2d.hpp>
#include <pyronn/recon/fbp_weights_cylindrical_3d.hpp>
#include <pyronn/recon/fan_weights.hpp>
#include <pyronn/recon/filters.hpp>
#include <pyronn/recon/redundancy_weights.hpp>

#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

namespace nb = nanobind;

namespace pyronn_python {
namespace {

// The filter's parameters from the caller's arrays: redundancy [views][nu], cosine [nv][nu] (an
// empty array for none), taps [2 nu - 1]. Views, nv and nu come from the redundancy and cosine.
struct RowParams {
  pyronn::FilterRowsParams params;
  std::vector<std::size_t> row_dims;  // the trailing dims of the data: [views][nv][nu] or [views][nu]
  Operand redundancy, taps;           // where the parameters lie (their device)
  std::optional<Operand> cosine;
};

RowParams row_params(const Array& redundancy, const Array& cosine, const Array& taps) {
  if (redundancy.ndim() != 2)
    throw pyronn::invalid_argument("redundancy", "must have shape (views, U), got " + std::to_string(redundancy.ndim()) +
                                                     " dimensions");
  const std::size_t views = redundancy.shape(0), nu = redundancy.shape(1);
  const bool has_cosine = cosine.size() > 0;
  if (has_cosine && (cosine.ndim() != 2 || cosine.shape(1) != nu))
    throw pyronn::invalid_argument("cosine", "must have shape (V, " + std::to_string(nu) + ") or be empty");
  const std::size_t nv = has_cosine ? cosine.shape(0) : 1;
  const Operand r = checked_operand(redundancy, "redundancy", {views, nu});
  const Operand t = checked_operand(taps, "taps", {2 * nu - 1});
  std::optional<Operand> c;
  if (has_cosine) c = checked_operand(cosine, "cosine", {nv, nu});
  if (r.batch != 1) throw pyronn::invalid_argument("redundancy", "must have shape (views, U)");
  if (t.batch != 1) throw pyronn::invalid_argument("taps", "must have shape (2 U - 1,)");
  RowParams out{{r.data, c ? c->data : nullptr, t.data, int(nu), int(nv), int(views)}, {}, r, t, c};
  out.row_dims = has_cosine ? std::vector<std::size_t>{views, nv, nu} : std::vector<std::size_t>{views, nu};
  return out;
}

// The weights and taps must lie where the data do.
void require_parameters_on(const Operand& data, const char* data_name, const RowParams& p) {
  require_same_device(data, data_name, p.redundancy, "redundancy");
  if (p.cosine) require_same_device(data, data_name, *p.cosine, "cosine");
  require_same_device(data, data_name, p.taps, "taps");
}

// stream: the cudaStream_t (as an integer) that CUDA work is queued on.
void run_rows(RowOp op, const Array& input, const Array& second, const Array& output, const Array& redundancy,
              const Array& cosine, const Array& taps, int threads, std::uintptr_t stream) {
  const RowParams p = row_params(redundancy, cosine, taps);
  const std::size_t per_item = p.row_dims[0] * std::size_t(p.params.nv) * std::size_t(p.params.nu);
  const char* in_name = op == RowOp::filter ? "input" : "grad_output";
  const Operand in = checked_operand(input, in_name, p.row_dims);
  require_parameters_on(in, in_name, p);
  const std::size_t rows = in.batch * std::size_t(p.params.views) * std::size_t(p.params.nv);
  const Operand* grad = nullptr;
  std::optional<Operand> grad_operand, out;
  if (op == RowOp::taps_gradient) {
    grad_operand = checked_operand(second, "grad_output", p.row_dims);
    grad = &*grad_operand;
    if (grad->batch != in.batch) throw pyronn::invalid_argument("grad_output", "must have the input's batch");
    require_same_device(in, "input", *grad, "grad_output");
    out = checked_operand(output, "out", {2 * std::size_t(p.params.nu) - 1});
    require_same_device(in, "input", *out, "out");
  } else {
    out = checked_operand(output, "out", p.row_dims);
    checked_batch(in, in_name, per_item, *out, "out", per_item);
  }
  if (in.batch == 0) return;
  if (in.device >= 0) {
#ifdef PYRONN_WITH_CUDA
    nb::gil_scoped_release release;
    filter_rows_cuda(op, in.data, grad ? grad->data : nullptr, out->data, rows, p.params, {in.device, stream});
#endif
    return;
  }
  const pyronn::host::RowFilter engine(p.params.nu, pyronn::FilterMethod::automatic, threads);
  std::vector<unsigned char> workspace(engine.workspace_bytes());
  nb::gil_scoped_release release;
  if (op == RowOp::taps_gradient) {
    engine.taps_gradient(in.data, grad->data, rows, p.params, out->data, workspace.data(), workspace.size());
    return;
  }
  if (op == RowOp::filter) engine.filter(in.data, out->data, rows, p.params, workspace.data(), workspace.size());
  else engine.adjoint(in.data, out->data, rows, p.params, workspace.data(), workspace.size());
}

// (redundancy [views][U], cosine [V][U] or None, taps [2 U - 1]) of FBP / FDK for a geometry.
nb::tuple fbp_filter_parts(const Numbers& params, const Numbers& vectors, const std::string& filter) {
  return visit_geometry(params, vectors, [&](const auto& g) -> nb::tuple {
    using G = std::decay_t<decltype(g)>;
    const pyronn::Filter f = pyronn::filter_from_string(filter);
    if constexpr (is_2d<G>) {
      const std::size_t views = std::size_t(g.number_of_projections()), nu = std::size_t(g.detector_shape());
      return nb::make_tuple(to_numpy(pyronn::fbp_ray_weights(g), {views, nu}), nb::none(),
                            to_numpy(pyronn::fbp_filter_taps(f, g), {2 * nu - 1}));
    } else {
      const std::size_t views = std::size_t(g.number_of_projections());
      const std::size_t nv = std::size_t(g.detector_shape()[0]), nu = std::size_t(g.detector_shape()[1]);
      return nb::make_tuple(to_numpy(pyronn::fbp_redundancy_weights(g), {views, nu}),
                            to_numpy(pyronn::fbp_cosine_weights(g), {nv, nu}),
                            to_numpy(pyronn::fbp_filter_taps(f, g), {2 * nu - 1}));
    }
  });
}

// [views][U] Parker weights (recon/fan_weights.hpp) of a flat detector's columns at the source
// angles beta, for a short scan of pi + 2 delta; what PYRO-NN's parker_weights_2d evaluates, in
// its 2D fan's hand (u-axis counter-clockwise from the central ray: u_sense +1).
nb::ndarray<nb::numpy, double> parker_weights(const Numbers& beta, int columns, double origin, double spacing,
                                              double source_detector_distance, double delta) {
  pyronn::detail::require(columns > 0, "detector_shape", "must be > 0, got " + std::to_string(columns));
  pyronn::detail::require_length(source_detector_distance, "source_detector_distance");
  const std::vector<double> gamma =
      pyronn::flat_detector_fan_angles(columns, origin, spacing, source_detector_distance, 1.0);
  std::vector<double> w(beta.size() * gamma.size());
  for (std::size_t v = 0; v < beta.size(); ++v)
    for (std::size_t u = 0; u < gamma.size(); ++u)
      w[v * gamma.size() + u] = pyronn::parker_weight(beta[v], gamma[u], delta);
  return to_numpy(std::move(w), {beta.size(), gamma.size()});
}

}  // namespace

void bind_filters(nb::module_& m) {
  m.def(
      "filter_rows",
      [](const Array& input, const Array& out, const Array& redundancy, const Array& cosine, const Array& taps,
         int threads, std::uintptr_t stream) {
        run_rows(RowOp::filter, input, input, out, redundancy, cosine, taps, threads, stream);
      },
      nb::arg("input"), nb::arg("out"), nb::arg("redundancy"), nb::arg("cosine"), nb::arg("taps"), nb::arg("threads"),
      nb::arg("stream") = 0);
  m.def(
      "filter_rows_adjoint",
      [](const Array& grad_output, const Array& out, const Array& redundancy, const Array& cosine, const Array& taps,
         int threads, std::uintptr_t stream) {
        run_rows(RowOp::adjoint, grad_output, grad_output, out, redundancy, cosine, taps, threads, stream);
      },
      nb::arg("grad_output"), nb::arg("out"), nb::arg("redundancy"), nb::arg("cosine"), nb::arg("taps"),
      nb::arg("threads"), nb::arg("stream") = 0);
  m.def(
      "filter_rows_taps_gradient",
      [](const Array& input, const Array& grad_output, const Array& out, const Array& redundancy, const Array& cosine,
         const Array& taps, int threads, std::uintptr_t stream) {
        run_rows(RowOp::taps_gradient, input, grad_output, out, redundancy, cosine, taps, threads, stream);
      },
      nb::arg("input"), nb::arg("grad_output"), nb::arg("out"), nb::arg("redundancy"), nb::arg("cosine"),
      nb::arg("taps"), nb::arg("threads"), nb::arg("stream") = 0);
  m.def("fbp_filter_parts", &fbp_filter_parts, nb::arg("params"), nb::arg("vectors"), nb::arg("filter"));

  // The single pieces of math that PYRO-NN's helpers (pyronn.ct_reconstruction.helpers) are made of.
  m.def(
      "filter_taps",
      [](const std::string& filter, int nu, double tau) {
        std::vector<float> taps = pyronn::filter_taps(pyronn::filter_from_string(filter), nu, tau);
        const std::size_t n = taps.size();
        return to_numpy(std::move(taps), {n});
      },
      nb::arg("filter"), nb::arg("nu"), nb::arg("tau"));
  m.def(
      "filter_sampled_response",
      [](const std::string& filter, int length, double tau) {
        std::vector<double> r = pyronn::filter_sampled_response(pyronn::filter_from_string(filter), length, tau);
        const std::size_t n = r.size();
        return to_numpy(std::move(r), {n});
      },
      nb::arg("filter"), nb::arg("length"), nb::arg("tau"));
  m.def("parker_weights", &parker_weights, nb::arg("beta"), nb::arg("columns"), nb::arg("origin"), nb::arg("spacing"),
        nb::arg("source_detector_distance"), nb::arg("delta"));
}

}  // namespace pyronn_python
