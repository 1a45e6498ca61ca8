#pragma once
// Smoothed isotropic total variation of an image [Y][X] or volume [Z][Y][X], and its exact
// gradient, as PYRONN_HD bodies that any vector space runs (recon/iterative_ops.hpp):
//
//   TV_eps(x) = sum_p ( sqrt(|D x|_p^2 + eps^2) - eps )
//
// with forward differences in index units, (D x)_p = (x[p + e_x] - x[p], x[p + e_y] - x[p],
// x[p + e_z] - x[p]), a difference taken as 0 where p + e_d lies outside (Neumann boundary). A
// constant image has TV 0; as eps -> 0 TV_eps tends to the isotropic TV. Its gradient is
//
//   dTV/dx_q = - sum_d (D x)_{q,d} / phi_q + sum_d (D x)_{q - e_d, d} / phi_{q - e_d}
//   phi_p = sqrt(|D x|_p^2 + eps^2)
//
// (the second sum over the d with q - e_d inside), gathered per pixel: no atomics, deterministic.
// The gradient is Lipschitz with constant at most |D|^2 / eps <= 4 d / eps for d axes longer
// than one.

#include <pyronn/core/config.hpp>
#include <pyronn/core/errors.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace pyronn {

// Image extent, x fastest; nz = 1 (and ny = 1) for lower dimensions.
struct TVShape {
  int nx, ny, nz;
  std::size_t size() const { return std::size_t(nx) * std::size_t(ny) * std::size_t(nz); }
  // Axes longer than one: the d in the Lipschitz bound 4 d / eps.
  int axes() const { return (nx > 1) + (ny > 1) + (nz > 1); }
};

// From a geometry's volume_shape: [Y, X] or [Z, Y, X].
inline TVShape tv_shape(const std::array<int, 2>& shape) { return {shape[1], shape[0], 1}; }
inline TVShape tv_shape(const std::array<int, 3>& shape) { return {shape[2], shape[1], shape[0]}; }

namespace detail {

// Every extent positive and their product (the image's element count) representable.
inline void check_tv_shape(const TVShape& s, const char* name = "shape") {
  require(s.nx > 0 && s.ny > 0 && s.nz > 0, name,
          "nx, ny and nz must be > 0, got " + to_text(s.nx) + ", " + to_text(s.ny) + ", " + to_text(s.nz));
  require(std::size_t(s.nx) * std::size_t(s.ny) <= SIZE_MAX / std::size_t(s.nz), name,
          "has more elements than std::size_t can count");
}

// A buffer of `size` elements must hold exactly one image of the (checked) shape.
inline void check_tv_buffer(std::size_t size, const TVShape& s, const char* name) {
  require(size == s.size(), name,
          "holds " + to_text(size) + " elements, but a " + to_text(s.nx) + " x " + to_text(s.ny) + " x " +
              to_text(s.nz) + " image has " + to_text(s.size()));
}

// Forward differences at pixel (x, y, z), index i.
struct TVDifferences {
  float dx, dy, dz;
};

PYRONN_HD TVDifferences tv_differences(const float* v, const TVShape& s, int x, int y, int z, std::size_t i) {
  const std::size_t row = std::size_t(s.nx), slice = row * std::size_t(s.ny);
  const float c = v[i];
  return {x + 1 < s.nx ? v[i + 1] - c : 0.f, y + 1 < s.ny ? v[i + row] - c : 0.f, z + 1 < s.nz ? v[i + slice] - c : 0.f};
}

PYRONN_HD float tv_phi(const TVDifferences& d, float eps) { return sqrtf(d.dx * d.dx + d.dy * d.dy + d.dz * d.dz + eps * eps); }

// tv_phi is a divisor: where the image is flat it is eps, computed as sqrt(eps^2) in float, so eps^2
// must not underflow (eps >= sqrt(FLT_MIN), about 1.1e-19), else 0 / 0 gives NaN.
inline void require_tv_epsilon(float eps, const std::string& parameter) {
  if (!std::isfinite(eps) || !(eps > 0.f) || !(eps * eps >= std::numeric_limits<float>::min()))
    throw invalid_argument(parameter, "must be finite and at least 1.1e-19 (the TV gradient divides by "
                                      "sqrt(|D x|^2 + eps^2), and below that eps^2 is 0 in float), got " +
                                          to_text(eps));
}

}  // namespace detail

// One pixel's term sqrt(|D x|^2 + eps^2) - eps, evaluated in double (VectorSpace::sum).
struct TVTerm {
  const float* v;
  TVShape shape;
  float eps;
  PYRONN_HD double operator()(std::size_t i) const {
    const int x = int(i % std::size_t(shape.nx)), y = int((i / std::size_t(shape.nx)) % std::size_t(shape.ny)),
              z = int(i / (std::size_t(shape.nx) * std::size_t(shape.ny)));
    const detail::TVDifferences d = detail::tv_differences(v, shape, x, y, z, i);
    const double e = eps;
    return sqrt(double(d.dx) * d.dx + double(d.dy) * d.dy + double(d.dz) * d.dz + e * e) - e;
  }
};

// gradient[i] = scale * dTV_eps/dx_i + (accumulate ? gradient[i] : 0). Reads v only, so
// gradient must not alias v. (VectorSpace::for_each)
struct TVGradient {
  const float* v;
  float* gradient;
  TVShape shape;
  float eps;
  float scale;
  bool accumulate;
  PYRONN_HD void operator()(std::size_t i) const {
    const std::size_t row = std::size_t(shape.nx), slice = row * std::size_t(shape.ny);
    const int x = int(i % row), y = int((i / row) % std::size_t(shape.ny)), z = int(i / slice);
    const detail::TVDifferences d = detail::tv_differences(v, shape, x, y, z, i);
    float g = -(d.dx + d.dy + d.dz) / detail::tv_phi(d, eps);
    if (x > 0) {
      const detail::TVDifferences n = detail::tv_differences(v, shape, x - 1, y, z, i - 1);
      g += n.dx / detail::tv_phi(n, eps);
    }
    if (y > 0) {
      const detail::TVDifferences n = detail::tv_differences(v, shape, x, y - 1, z, i - row);
      g += n.dy / detail::tv_phi(n, eps);
    }
    if (z > 0) {
      const detail::TVDifferences n = detail::tv_differences(v, shape, x, y, z - 1, i - slice);
      g += n.dz / detail::tv_phi(n, eps);
    }
    gradient[i] = scale * g + (accumulate ? gradient[i] : 0.f);
  }
};

// TV_eps(v) and its gradient on any vector space, for one image of the given shape. The sized
// forms check that the buffers hold shape.size() elements; the others take that on trust.
template <class Space>
double total_variation(Space& space, const float* v, std::size_t v_size, const TVShape& shape, float eps) {
  detail::check_tv_shape(shape);
  detail::check_tv_buffer(v_size, shape, "v");
  detail::require_tv_epsilon(eps, "eps");
  space.require_vector(v, "v");
  return space.sum(shape.size(), TVTerm{v, shape, eps});
}

template <class Space>
void total_variation_gradient(Space& space, const float* v, std::size_t v_size, float* gradient,
                              std::size_t gradient_size, const TVShape& shape, float eps) {
  detail::check_tv_shape(shape);
  detail::check_tv_buffer(v_size, shape, "v");
  detail::check_tv_buffer(gradient_size, shape, "gradient");
  detail::require_tv_epsilon(eps, "eps");
  space.require_vector(v, "v");
  space.require_vector(gradient, "gradient");
  detail::require_disjoint(v, v_size, "v", gradient, gradient_size, "gradient");
  space.for_each(shape.size(), TVGradient{v, gradient, shape, eps, 1.f, false});
}

template <class Space>
double total_variation(Space& space, const float* v, const TVShape& shape, float eps) {
  detail::check_tv_shape(shape);
  return total_variation(space, v, shape.size(), shape, eps);
}

template <class Space>
void total_variation_gradient(Space& space, const float* v, float* gradient, const TVShape& shape, float eps) {
  detail::check_tv_shape(shape);
  total_variation_gradient(space, v, shape.size(), gradient, shape.size(), shape, eps);
}

}  // namespace pyronn
