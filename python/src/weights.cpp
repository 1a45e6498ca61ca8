// FBP's per-ray weights as operators of their own (recon/weight_operators.hpp): the cosine weights
// and the Parker / Wesarg redundancy weights of fan and cone geometries, and the elementwise
// operator out = weights * input with its gradient with respect to the weights, on host or CUDA
// arrays (host/weights.hpp, cuda/weights.cuh).
//
// A weight array is given in the shape that broadcasts against the projections it weights, which
// fixes its layout (recon/weights_layout.hpp): for sinograms [views][U], (U,) is one weight per
// column (row_column) and (views, U) one per ray (view_column); for projections [views][V][U],
// (V, U) is row_column, (views, 1, U) view_column and (views, V, U) full. So the operator is
// NumPy's `input * weights`, and its weight gradient the sum over what broadcasting repeats.
#include "arrays.hpp"
#include "geometry_spec.hpp"
#include "operators.hpp"
#ifdef PYRONN_WITH_CUDA
#include "cuda_driver.hpp"
#endif

#include <pyronn/host/weights.hpp>
#include <pyronn/recon/weight_operators.hpp>
#include <pyronn/recon/weight_operators_curved.hpp>

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace nb = nanobind;

namespace pyronn_python {
namespace {

std::string shape_text(const std::vector<std::size_t>& dims) {
  std::string s = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + (dims.size() == 1 ? ",)" : ")");
}

// The weights' layout from their shape, for stacks of this trailing shape ([views][U] or
// [views][V][U]).
pyronn::WeightShape weight_shape(const Array& w, const char* name, const std::vector<std::size_t>& stack) {
  if (stack.size() != 2 && stack.size() != 3)
    throw pyronn::invalid_argument("sinogram_shape", "must be (views, U) or (views, V, U)");
  const bool is_3d = stack.size() == 3;
  const std::size_t views = stack[0], rows = is_3d ? stack[1] : 1, columns = stack.back();
  std::vector<std::size_t> dims;
  for (std::size_t i = 0; i < w.ndim(); ++i) dims.push_back(w.shape(i));
  using L = pyronn::WeightLayout;
  const auto shape = [&](L layout) { return pyronn::WeightShape{int(views), int(rows), int(columns), layout}; };
  if (is_3d) {
    if (dims == std::vector<std::size_t>{views, 1, columns}) return shape(L::view_column);
    if (dims == std::vector<std::size_t>{rows, columns}) return shape(L::row_column);
    if (dims == std::vector<std::size_t>{views, rows, columns}) return shape(L::full);
  } else {
    if (dims == std::vector<std::size_t>{columns}) return shape(L::row_column);
    if (dims == std::vector<std::size_t>{views, columns}) return shape(L::view_column);
  }
  const std::string v = std::to_string(views), r = std::to_string(rows), u = std::to_string(columns);
  const std::string accepted = is_3d ? "(" + r + ", " + u + "), (" + v + ", 1, " + u + ") or (" + v + ", " + r + ", " +
                                           u + ")"
                                     : "(" + u + ",) or (" + v + ", " + u + ")";
  throw pyronn::invalid_argument(name, "must have shape " + accepted + " to weight projections (..., " +
                                           shape_text(stack).substr(1) + ", got " + shape_text(dims));
}

// out = weights * input. out may be input itself (the operator is diagonal).
void apply(const Array& input, const Array& weights, const Array& output, const std::vector<std::size_t>& stack,
           int threads, std::uintptr_t stream) {
  const pyronn::WeightShape shape = weight_shape(weights, "weights", stack);
  const Operand in = checked_operand(input, "input", stack);
  const Operand w = checked_operand(weights, "weights", {});
  const Operand out = checked_operand(output, "out", stack);
  require_same_device(in, "input", w, "weights");
  require_same_device(in, "input", out, "out");
  pyronn::detail::require(in.leading == out.leading, "out", "must have the same leading (batch) dimensions as input");
  pyronn::detail::require(in.batch <= std::size_t(INT_MAX), "input", "has more than 2^31 - 1 batch entries");
  if (in.batch == 0) return;
  nb::gil_scoped_release release;
  if (in.device >= 0) {
#ifdef PYRONN_WITH_CUDA
    apply_weights_cuda(shape, w.data, w.batch, in.data, out.data, int(in.batch), {in.device, stream});
#endif
    return;
  }
  pyronn::host::apply_weights(shape, w.data, w.batch, in.data, out.data, int(in.batch), threads);
}

// out[j] = sum of grad_output * input over the elements weight j multiplies; out has the weights'
// shape.
void gradient(const Array& grad_output, const Array& input, const Array& output, const std::vector<std::size_t>& stack,
              int threads, std::uintptr_t stream) {
  const pyronn::WeightShape shape = weight_shape(output, "out", stack);
  const Operand grad = checked_operand(grad_output, "grad_output", stack);
  const Operand in = checked_operand(input, "input", stack);
  const Operand out = checked_operand(output, "out", {});
  require_same_device(in, "input", grad, "grad_output");
  require_same_device(in, "input", out, "out");
  pyronn::detail::require(in.leading == grad.leading, "grad_output",
                          "must have the same leading (batch) dimensions as input");
  pyronn::detail::require(in.batch <= std::size_t(INT_MAX), "input", "has more than 2^31 - 1 batch entries");
  nb::gil_scoped_release release;
  if (in.device >= 0) {
#ifdef PYRONN_WITH_CUDA
    weight_gradient_cuda(shape, grad.data, in.data, out.data, out.batch, int(in.batch), {in.device, stream});
#endif
    return;
  }
  if (in.batch == 0) return std::fill(out.data, out.data + out.batch, 0.f);  // an empty sum
  pyronn::host::weight_gradient(shape, grad.data, in.data, out.data, out.batch, int(in.batch), threads);
}

// The weights in the shape that broadcasts against the geometry's projections.
nb::ndarray<nb::numpy, float> broadcast_form(pyronn::RayWeights&& w, bool is_3d) {
  const auto& s = w.shape;
  const std::size_t views = std::size_t(s.views), rows = std::size_t(s.rows), columns = std::size_t(s.columns);
  using Dims = std::vector<std::size_t>;
  Dims dims;
  switch (s.layout) {
    case pyronn::WeightLayout::view_column: dims = is_3d ? Dims{views, 1, columns} : Dims{views, columns}; break;
    case pyronn::WeightLayout::row_column: dims = is_3d ? Dims{rows, columns} : Dims{columns}; break;
    default: dims = is_3d ? Dims{views, rows, columns} : Dims{views, columns};
  }
  return to_numpy(std::move(w.values), dims);
}

// kind: "cosine", "parker" or "wesarg" (with q); fan and cone geometries.
nb::ndarray<nb::numpy, float> ray_weights(const Numbers& params, const Numbers& vectors, const std::string& kind,
                                          double q) {
  if (kind != "cosine" && kind != "parker" && kind != "wesarg")
    throw pyronn::invalid_argument("kind", "must be 'cosine', 'parker' or 'wesarg', got '" + kind + "'");
  return visit_geometry(params, vectors, [&](const auto& g) -> nb::ndarray<nb::numpy, float> {
    using G = std::decay_t<decltype(g)>;
    if constexpr (std::is_same_v<G, pyronn::GeometryFan2D> || std::is_same_v<G, pyronn::GeometryCone3D> ||
                  is_curved<G>) {
      constexpr bool is_3d = !is_2d<G>;
      if (kind == "cosine") return broadcast_form(pyronn::cosine_ray_weights(g), is_3d);
      if (kind == "parker") return broadcast_form(pyronn::parker_ray_weights(g), is_3d);
      return broadcast_form(pyronn::wesarg_ray_weights(g, q), is_3d);
    } else {
      throw pyronn::invalid_argument("geometry", "cosine and redundancy weights are defined for GeometryFan2D, "
                                                 "GeometryCone3D and the curved detectors (parallel beams need none)");
    }
  });
}

}  // namespace

void bind_weights(nb::module_& m) {
  m.def("ray_weights", &ray_weights, nb::arg("params"), nb::arg("vectors"), nb::arg("kind"), nb::arg("q"));
  m.def("apply_weights", &apply, nb::arg("input"), nb::arg("weights"), nb::arg("out"), nb::arg("sinogram_shape"),
        nb::arg("threads"), nb::arg("stream") = 0);
  m.def("weight_gradient", &gradient, nb::arg("grad_output"), nb::arg("input"), nb::arg("out"),
        nb::arg("sinogram_shape"), nb::arg("threads"), nb::arg("stream") = 0);
}

}  // namespace pyronn_python
