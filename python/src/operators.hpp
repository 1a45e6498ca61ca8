// The operators as the bindings call them: on the caller's arrays (operators.cpp, for DLPack
// arrays) or on raw buffers whose element counts give the batch (the JAX FFI handlers).
#pragma once

#include "geometry_spec.hpp"

#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/kernels/interpolation.hpp>
#include <pyronn/kernels/ray_model_3d.hpp>
#include <pyronn/recon/filters.hpp>

#include <cstddef>
#include <string>

namespace pyronn_python {

enum class Op { forward, adjoint, backproject_fbp, backproject_fbp_transpose, fbp, fbp_filter };

// FBP's weighted row filter (filters.cpp) and its gradients with respect to the data and the taps.
enum class RowOp { filter, adjoint, taps_gradient };

struct Options {
  pyronn::Interpolation interpolation;
  pyronn::Filter filter;
  int threads;
  pyronn::RayModel3D model;
  double step_size;
};

pyronn::Interpolation interpolation_from_string(const std::string& name);
pyronn::RayModel3D model_from_string(const std::string& name);

// The host projector of a geometry with the call's options (2D: interpolation and threads; 3D also
// the ray model and its step).
template <pyronn::Interpolation I, class G>
auto make_projector(const G& g, const Options& o) {
  if constexpr (is_2d<G>) return pyronn::host::Projector2D<G, I>(g, o.threads);
  else return pyronn::host::Projector3D<G, I>(g, o.model, o.step_size, o.threads);
}

// in and out hold in_elements and out_elements floats: a batch of the operator's input and
// output, which must agree with each other and with the geometry (else pyronn::invalid_argument).
void run_on_buffers(Op op, const Numbers& params, const Numbers& vectors, const float* in, std::size_t in_elements,
                    float* out, std::size_t out_elements, const Options& o);

}  // namespace pyronn_python
