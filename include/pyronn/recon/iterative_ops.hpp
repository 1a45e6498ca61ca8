#pragma once
// The vector algebra of the iterative solvers, written once as PYRONN_HD functors that a vector
// space runs over an index range: host::VectorSpace from a parallel loop, cuda::VectorSpace from a
// kernel. Two kinds:
//  - elementwise updates, called as f(i) for every i in [0, n) (VectorSpace::for_each);
//  - reduction terms, called as t(i) -> double and summed in double (VectorSpace::sum).
// Each holds plain pointers into the space's memory and is copied by value into the kernel.
// Outputs may alias inputs element for element (y[i] is read before it is written).

#include <pyronn/core/config.hpp>

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace pyronn {
namespace vector_ops {

// ---- elementwise updates ----------------------------------------------------------------------

struct Fill {  // y = value
  float* y;
  float value;
  PYRONN_HD void operator()(std::size_t i) const { y[i] = value; }
};

struct Copy {  // y = x
  const float* x;
  float* y;
  PYRONN_HD void operator()(std::size_t i) const { y[i] = x[i]; }
};

struct Scale {  // y = a y
  float a;
  float* y;
  PYRONN_HD void operator()(std::size_t i) const { y[i] *= a; }
};

struct Axpy {  // y = a x + y
  float a;
  const float* x;
  float* y;
  PYRONN_HD void operator()(std::size_t i) const { y[i] += a * x[i]; }
};

struct Xpay {  // y = x + a y
  const float* x;
  float a;
  float* y;
  PYRONN_HD void operator()(std::size_t i) const { y[i] = x[i] + a * y[i]; }
};

struct Subtract {  // out = a - b
  const float* a;
  const float* b;
  float* out;
  PYRONN_HD void operator()(std::size_t i) const { out[i] = a[i] - b[i]; }
};

struct WeightedDifference {  // out = w (a - b)
  const float* w;
  const float* a;
  const float* b;
  float* out;
  PYRONN_HD void operator()(std::size_t i) const { out[i] = w[i] * (a[i] - b[i]); }
};

// x = 1 / x where x > 0, else 0: SIRT's inverse row and column sums. Rays that miss the image
// and pixels that no ray reaches get weight 0 and take no part.
struct InvertPositive {
  float* x;
  PYRONN_HD void operator()(std::size_t i) const { x[i] = x[i] > 0.f ? 1.f / x[i] : 0.f; }
};

// x = x + step * d * g (d: a diagonal preconditioner, or null for none), then x = max(x, 0) if
// nonnegative. SIRT's update (d = C) and gradient descent's (step < 0, d = null).
struct ScaledStep {
  float* x;
  const float* d;
  const float* g;
  float step;
  bool nonnegative;
  // x[i] after the step, before the projection onto x >= 0.
  PYRONN_HD float value(std::size_t i) const { return x[i] + step * (d ? d[i] : 1.f) * g[i]; }
  PYRONN_HD void operator()(std::size_t i) const {
    const float v = value(i);
    x[i] = nonnegative && !(v > 0.f) ? 0.f : v;
  }
};

// A deterministic start vector for the power method, the same on host and device: 1 plus a
// hashed perturbation in [-1/4, 1/4), so that it is never orthogonal to the leading eigenvector
// of A^T A for a nonnegative A, nor exactly one of its eigenvectors.
struct PowerStart {
  float* x;
  PYRONN_HD void operator()(std::size_t i) const {
    std::uint32_t h = std::uint32_t(i) * 0x9E3779B1u + 0x7F4A7C15u;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    x[i] = 1.f + (float(h >> 8) / 16777216.f - 0.5f) * 0.5f;
  }
};

// ---- reduction terms (summed in double) -------------------------------------------------------

// Written as a comparison, not isfinite, so that host and device code read it alike.
PYRONN_HD double non_finite_count(float v) { return v >= -FLT_MAX && v <= FLT_MAX ? 0.0 : 1.0; }

struct NonFiniteTerm {  // how many entries of x are NaN or infinite
  const float* x;
  PYRONN_HD double operator()(std::size_t i) const { return non_finite_count(x[i]); }
};

struct NonFiniteStepTerm {  // how many entries the step would make NaN or infinite
  ScaledStep step;
  PYRONN_HD double operator()(std::size_t i) const { return non_finite_count(step.value(i)); }
};

struct DotTerm {  // <x, y>
  const float* x;
  const float* y;
  PYRONN_HD double operator()(std::size_t i) const { return double(x[i]) * double(y[i]); }
};

struct SquaredTerm {  // |x|^2
  const float* x;
  PYRONN_HD double operator()(std::size_t i) const { return double(x[i]) * double(x[i]); }
};

struct SquaredDifferenceTerm {  // |a - b|^2
  const float* a;
  const float* b;
  PYRONN_HD double operator()(std::size_t i) const {
    const double d = double(a[i]) - double(b[i]);
    return d * d;
  }
};

struct WeightedSquaredDifferenceTerm {  // sum w (a - b)^2
  const float* w;
  const float* a;
  const float* b;
  PYRONN_HD double operator()(std::size_t i) const {
    const double d = double(a[i]) - double(b[i]);
    return double(w[i]) * d * d;
  }
};

}  // namespace vector_ops
}  // namespace pyronn
