// The operators on caller-owned arrays: projector forward / adjoint / backproject_fbp and its
// transpose, and FBP (its weighted row filter and the whole reconstruction). Host arrays go to the
// host driver, which each call rebuilds from plain numbers (O(views), negligible beside the
// projection); CUDA arrays go to the CUDA driver (cuda_driver.hpp) on the caller's stream. Both
// compute without the GIL.
#include "operators.hpp"

#include "arrays.hpp"
#include "geometry_spec.hpp"
#ifdef PYRONN_WITH_CUDA
#include "cuda_driver.hpp"
#endif

#include <pyronn/core/indexing.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/projector_3d.hpp>

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cstdint>
#include <optional>
#include <string>

namespace nb = nanobind;
using pyronn::Interpolation;

namespace pyronn_python {

pyronn::RayModel3D model_from_string(const std::string& name) {
  if (name == "joseph") return pyronn::RayModel3D::joseph;
  if (name == "ray_march") return pyronn::RayModel3D::ray_march;
  throw pyronn::invalid_argument("model", "must be 'joseph' or 'ray_march', got '" + name + "'");
}

Interpolation interpolation_from_string(const std::string& name) {
  if (name == "software") return Interpolation::software;
  if (name == "texture") return Interpolation::texture;
  throw pyronn::invalid_argument("interpolation", "must be 'software' or 'texture', got '" + name + "'");
}

namespace {

template <class G>
const char* volume_name() { return is_2d<G> ? "image" : "volume"; }
template <class G>
const char* sinogram_name() { return is_2d<G> ? "sinogram" : "projections"; }

template <Interpolation I, class G>
void compute(const G& g, Op op, const float* in, float* out, int batch, const Options& o) {
  if (op == Op::fbp || op == Op::fbp_filter) {
    using FBP = std::conditional_t<is_2d<G>, pyronn::host::FBP2D<G, I>, pyronn::host::FBP3D<G, I>>;
    const FBP fbp(g, o.filter, o.threads);
    if (op == Op::fbp) fbp.reconstruct(in, out, batch);
    else fbp.filter(in, out, batch);
    return;
  }
  const auto projector = make_projector<I>(g, o);
  if (op == Op::forward) projector.forward(in, out, batch);
  else if (op == Op::adjoint) projector.adjoint(in, out, batch);
  else if (op == Op::backproject_fbp) projector.backproject_fbp(in, out, batch);
  else projector.backproject_fbp_transpose(in, out, batch);
}

bool reads_volume(Op op) { return op == Op::forward || op == Op::backproject_fbp_transpose; }
bool writes_volume(Op op) { return op == Op::adjoint || op == Op::backproject_fbp || op == Op::fbp; }

template <class G>
void compute_any(const G& g, Op op, const float* in, float* out, int batch, const Options& o) {
  if (o.interpolation == Interpolation::texture) compute<Interpolation::texture>(g, op, in, out, batch, o);
  else compute<Interpolation::software>(g, op, in, out, batch, o);
}

// stream: the cudaStream_t (as an integer) that CUDA work is queued on; workspace: fbp's optional
// device scratch for the filtered projections (CUDA only; without it the CUDA driver takes
// stream-ordered scratch).
void run(Op op, const Numbers& params, const Numbers& vectors, const Array& input, const Array& output,
         const Options& o, std::uintptr_t stream, const std::optional<Array>& workspace) {
  visit_geometry(params, vectors, [&](const auto& g) {
    using G = std::decay_t<decltype(g)>;
    const bool from_volume = reads_volume(op), to_volume = writes_volume(op);
    const auto in_dims = from_volume ? volume_dims(g) : sinogram_dims(g);
    const auto out_dims = to_volume ? volume_dims(g) : sinogram_dims(g);
    const char* in_name = from_volume ? volume_name<G>() : sinogram_name<G>();
    const std::size_t in_elements = from_volume ? g.volume_size() : g.sinogram_size();
    const std::size_t out_elements = to_volume ? g.volume_size() : g.sinogram_size();
    const Operand in = checked_operand(input, in_name, in_dims);
    const Operand out = checked_operand(output, "out", out_dims);
    const int batch = checked_batch(in, in_name, in_elements, out, "out", out_elements);
    float* scratch = nullptr;
    std::size_t scratch_bytes = 0;
    if (workspace) {
      const Operand w = checked_operand(*workspace, "workspace", {});
      require_same_device(in, in_name, w, "workspace");
      pyronn::detail::require(in.device >= 0, "workspace", "is for CUDA arrays only; the host FBP needs none");
      scratch = w.data;
      scratch_bytes = w.batch * sizeof(float);
    }
    if (batch == 0) return;  // an empty batch: nothing to compute
    if (in.device >= 0) {
#ifdef PYRONN_WITH_CUDA
      nb::gil_scoped_release release;
      run_cuda(op, params, vectors, in.data, out.data, batch, o, {in.device, stream}, scratch, scratch_bytes);
#endif
      return;
    }
    nb::gil_scoped_release release;
    compute_any(g, op, in.data, out.data, batch, o);
  });
}

void bind_op(nb::module_& m, const char* name, Op op) {
  m.def(
      name,
      [op](const Numbers& params, const Numbers& vectors, const Array& input, const Array& output,
           const std::string& interpolation, int threads, const std::string& model, double step_size,
           const std::string& filter, std::uintptr_t stream, const std::optional<Array>& workspace) {
        run(op, params, vectors, input, output,
            {interpolation_from_string(interpolation), pyronn::filter_from_string(filter), threads,
             model_from_string(model), step_size},
            stream, workspace);
      },
      nb::arg("params"), nb::arg("vectors"), nb::arg("input"), nb::arg("out"), nb::arg("interpolation"),
      nb::arg("threads"), nb::arg("model"), nb::arg("step_size"), nb::arg("filter"), nb::arg("stream") = 0,
      nb::arg("workspace") = nb::none());
}

}  // namespace

void run_on_buffers(Op op, const Numbers& params, const Numbers& vectors, const float* in, std::size_t in_elements,
                    float* out, std::size_t out_elements, const Options& o) {
  visit_geometry(params, vectors, [&](const auto& g) {
    using G = std::decay_t<decltype(g)>;
    const std::size_t in_per_item = reads_volume(op) ? g.volume_size() : g.sinogram_size();
    const std::size_t out_per_item = writes_volume(op) ? g.volume_size() : g.sinogram_size();
    if (in_elements == 0 && out_elements == 0) return;  // an empty batch
    const char* in_name = reads_volume(op) ? volume_name<G>() : sinogram_name<G>();
    const int batch = pyronn::detail::batch_of(in_elements, in_per_item, in_name, out_elements, out_per_item, "out");
    compute_any(g, op, in, out, batch, o);
  });
}

void bind_operators(nb::module_& m) {
  bind_op(m, "forward", Op::forward);
  bind_op(m, "adjoint", Op::adjoint);
  bind_op(m, "backproject_fbp", Op::backproject_fbp);
  bind_op(m, "backproject_fbp_transpose", Op::backproject_fbp_transpose);
  bind_op(m, "fbp", Op::fbp);
  bind_op(m, "fbp_filter", Op::fbp_filter);
#ifdef PYRONN_WITH_CUDA
  m.def(
      "cuda_synchronize",
      [](int device) {
        nb::gil_scoped_release release;
        synchronize_device(device);
      },
      nb::arg("device"));
#endif
}

}  // namespace pyronn_python
