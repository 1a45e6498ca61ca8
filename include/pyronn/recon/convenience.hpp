#pragma once
// PYRO-NN's conveniences, on host vectors: run an operator over a whole (batch of) phantom(s) or
// sinogram(s) and get the result back as a new std::vector. The batch follows from the input's
// size, which must be a whole number of images (or sinograms) of the operator's geometry.
//
//   generate_sinogram(phantom, projector)          A phantom              (PYRO-NN: generate_sinogram)
//   generate_reco(sinogram, fbp)                   FBP / FDK of sinogram  (PYRO-NN: generate_reco)
//   generate_reco(sinogram, solver, iterations)    an iterative solve from x = 0, item by item
//   generate_backprojection(sinogram, projector)   A^T sinogram, the exact adjoint (unfiltered)
//
// Projectors: host::Projector2D / Projector3D; reconstructors: host::FBP2D / FBP3D / FDK;
// solvers: SIRT, CGLS, TVGradientDescent on a host::VectorSpace. For data on the GPU call the
// cuda:: operators and solvers directly: they already work on device pointers.

#include <pyronn/core/errors.hpp>
#include <pyronn/core/host_vector.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace pyronn {
namespace detail {

inline int convenience_batch(std::size_t size, std::size_t item_size, const char* parameter, const char* item) {
  require(size > 0 && size % item_size == 0, parameter,
          "must hold a whole number of " + std::string(item) + "s of " + to_text(item_size) + " elements, got " +
              to_text(size) + " elements");
  require(size / item_size <= std::size_t(2147483647), parameter, "holds more batch items than an int counts");
  return int(size / item_size);
}

}  // namespace detail

template <class Projector>
std::vector<float> generate_sinogram(const std::vector<float>& phantom, const Projector& projector) {
  const auto& g = projector.geometry();
  const int batch = detail::convenience_batch(phantom.size(), g.volume_size(), "phantom", "image");
  auto sinogram = detail::host_batch_vector<float>(batch, g.sinogram_size(), "the sinogram");
  projector.forward(phantom.data(), sinogram.data(), batch);
  return sinogram;
}

template <class Projector>
std::vector<float> generate_backprojection(const std::vector<float>& sinogram, const Projector& projector) {
  const auto& g = projector.geometry();
  const int batch = detail::convenience_batch(sinogram.size(), g.sinogram_size(), "sinogram", "sinogram");
  auto image = detail::host_batch_vector<float>(batch, g.volume_size(), "the image");
  projector.adjoint(sinogram.data(), image.data(), batch);
  return image;
}

template <class Reconstructor>
std::vector<float> generate_reco(const std::vector<float>& sinogram, const Reconstructor& reconstructor) {
  const auto& g = reconstructor.projector().geometry();
  const int batch = detail::convenience_batch(sinogram.size(), g.sinogram_size(), "sinogram", "sinogram");
  auto image = detail::host_batch_vector<float>(batch, g.volume_size(), "the image");
  reconstructor.reconstruct(sinogram.data(), image.data(), batch);
  return image;
}

// One workspace for the whole batch, solved item by item, each from x = 0.
template <class Solver>
std::vector<float> generate_reco(const std::vector<float>& sinogram, Solver& solver, int iterations) {
  const auto& g = solver.op().geometry();
  const int batch = detail::convenience_batch(sinogram.size(), g.sinogram_size(), "sinogram", "sinogram");
  detail::require(iterations >= 0, "iterations", "must be >= 0, got " + detail::to_text(iterations));
  auto image = detail::host_batch_vector<float>(batch, g.volume_size(), "the image");
  auto workspace = solver.space().make_workspace(solver.workspace_bytes() / sizeof(float));
  for (int b = 0; b < batch; ++b)
    solver.solve(sinogram.data() + std::size_t(b) * g.sinogram_size(), image.data() + std::size_t(b) * g.volume_size(),
                 iterations, workspace.data(), solver.workspace_bytes());
  return image;
}

}  // namespace pyronn
