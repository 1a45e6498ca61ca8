#pragma once
// The adjoint is the gradient: for L(x) = 1/2 |A x - b|^2, grad L = A^T (A x - b). L is quadratic,
// so the central difference along any direction d equals <grad L, d> up to rounding, for any
// step. Works for any projector with forward(in, out) and adjoint(in, out).

#include "numerics.hpp"

#include <cmath>
#include <cstddef>
#include <vector>

namespace pyronn_test {

// |finite difference - <gradient, d>| / |<gradient, d>|
template <class Projector>
double gradient_mismatch(const Projector& op, std::size_t volume_size, std::size_t data_size) {
  const auto x = random_vector(volume_size, 21), d = random_vector(volume_size, 22, -1.f, 1.f);
  const auto b = random_vector(data_size, 23, 0.f, 50.f);
  auto loss = [&](double step) {
    std::vector<float> shifted(x.size()), ax(b.size());
    for (std::size_t i = 0; i < x.size(); ++i) shifted[i] = float(x[i] + step * d[i]);
    op.forward(shifted.data(), ax.data());
    double l = 0;
    for (std::size_t i = 0; i < b.size(); ++i) l += 0.5 * (double(ax[i]) - b[i]) * (double(ax[i]) - b[i]);
    return l;
  };
  std::vector<float> residual(b.size()), gradient(x.size());
  op.forward(x.data(), residual.data());
  for (std::size_t i = 0; i < b.size(); ++i) residual[i] -= b[i];
  op.adjoint(residual.data(), gradient.data());
  const double step = 0.25, finite_difference = (loss(step) - loss(-step)) / (2 * step);
  const double analytic = inner(gradient, d);
  return std::abs(finite_difference - analytic) / std::abs(analytic);
}

}  // namespace pyronn_test
