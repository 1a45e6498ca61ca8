#pragma once
// Per-ray weight operators: out = w * in, element by element, over a batch of projection stacks
// [batch][views][rows][columns] (2D sinograms: rows = 1). The weight array is stored compactly
// and broadcast over the axes it does not depend on:
//   WeightLayout::view_column  [views][columns]        the same for every detector row
//                                                      (redundancy weights: Parker, Wesarg)
//   WeightLayout::row_column   [rows][columns]         the same for every view
//                                                      (cosine weights of a flat detector)
//   WeightLayout::full         [views][rows][columns]  one weight per ray
// This is the separable form FBP/FDK use (a redundancy weight per (view, u) times a cosine weight
// per (v, u)); chaining two operators, or one full-layout product, gives their combination.
//
// Gradients. The operator is linear in its input and diagonal, hence self-adjoint: the gradient
// with respect to the input is the same multiplication, grad_in = w * grad_out. The gradient with
// respect to the weights (so that they can be learned) sums over the batch and over the
// broadcast axes: grad_w[j] = sum of grad_out[i] * in[i] over every element i that weight j
// multiplies.
//
// This header holds the layout, the PYRONN_HD bodies both drivers run and their argument checks.

#include <pyronn/core/config.hpp>
#include <pyronn/core/errors.hpp>

#include <climits>
#include <cstddef>
#include <string>

namespace pyronn {

enum class WeightLayout : int { view_column = 0, row_column = 1, full = 2 };

inline const char* to_string(WeightLayout layout) {
  switch (layout) {
    case WeightLayout::view_column: return "view_column [views][columns]";
    case WeightLayout::row_column: return "row_column [rows][columns]";
    case WeightLayout::full: return "full [views][rows][columns]";
  }
  return "unknown";
}

// What one batch item looks like and which of its axes the weights depend on.
struct WeightShape {
  int views;
  int rows;  // detector rows V (1 for 2D sinograms)
  int columns;  // detector columns U
  WeightLayout layout;

  // Elements of one projection stack [views][rows][columns].
  PYRONN_HD std::size_t projection_size() const { return std::size_t(views) * std::size_t(rows) * std::size_t(columns); }
  // Elements of the weight array.
  PYRONN_HD std::size_t weight_size() const {
    return layout == WeightLayout::view_column ? std::size_t(views) * std::size_t(columns)
           : layout == WeightLayout::row_column ? std::size_t(rows) * std::size_t(columns)
                                                : projection_size();
  }
};

// The weight that multiplies element i of a batch of stacks (any i: batch items repeat).
template <class Index>
PYRONN_HD Index weight_index(const WeightShape& s, Index i) {
  const Index u = i % Index(s.columns), row_of_batch = i / Index(s.columns);
  switch (s.layout) {
    case WeightLayout::view_column: return ((row_of_batch / Index(s.rows)) % Index(s.views)) * Index(s.columns) + u;
    case WeightLayout::row_column: return (row_of_batch % Index(s.rows)) * Index(s.columns) + u;
    default: return i % (Index(s.views) * Index(s.rows) * Index(s.columns));
  }
}

// out[i] = w * in[i]: the forward operator and, unchanged, its adjoint (the input gradient).
template <class Index>
PYRONN_HD float weighted_element(const float* weights, const float* input, const WeightShape& s, Index i) {
  return weights[weight_index(s, i)] * input[i];
}

// d loss / d w[j] = sum of grad_output[i] * input[i] over the elements i that w[j] multiplies,
// accumulated in double in a fixed order (batch item, then the broadcast axis), so both drivers
// give the same sum.
template <class Index>
PYRONN_HD float weight_gradient_element(const float* grad_output, const float* input, const WeightShape& s, int batch,
                                        Index j) {
  const Index nu = Index(s.columns), nv = Index(s.rows), nviews = Index(s.views);
  const Index per_item = nviews * nv * nu;
  double sum = 0;
  if (s.layout == WeightLayout::view_column) {
    const Index view = j / nu, u = j % nu;
    for (Index b = 0; b < Index(batch); ++b)
      for (Index v = 0; v < nv; ++v) {
        const Index i = b * per_item + (view * nv + v) * nu + u;
        sum += double(grad_output[i]) * double(input[i]);
      }
  } else if (s.layout == WeightLayout::row_column) {
    const Index v = j / nu, u = j % nu;
    for (Index b = 0; b < Index(batch); ++b)
      for (Index view = 0; view < nviews; ++view) {
        const Index i = b * per_item + (view * nv + v) * nu + u;
        sum += double(grad_output[i]) * double(input[i]);
      }
  } else {
    for (Index b = 0; b < Index(batch); ++b) {
      const Index i = b * per_item + j;
      sum += double(grad_output[i]) * double(input[i]);
    }
  }
  return float(sum);
}

namespace detail {

inline void check_weight_shape(const WeightShape& s) {
  require(s.views > 0 && s.rows > 0 && s.columns > 0, "weight_shape",
          "views, rows and columns must be > 0, got " + to_text(s.views) + ", " + to_text(s.rows) + ", " +
              to_text(s.columns));
  require(s.layout == WeightLayout::view_column || s.layout == WeightLayout::row_column || s.layout == WeightLayout::full,
          "weight_shape", "layout must be view_column, row_column or full");
  require(s.projection_size() <= std::size_t(INT_MAX), "weight_shape",
          "one projection stack of " + to_text(s.projection_size()) + " elements exceeds 2^31 - 1");
}

// out = w * in. Input and output may be the same array (in place); otherwise they must not
// overlap. The weights must not overlap the output.
inline void check_weighting_call(const WeightShape& s, const float* weights, std::size_t weights_size,
                                 const float* input, const float* output, int batch) {
  require_not_null(weights, "weights");
  require_not_null(input, "input");
  require_not_null(output, "output");
  require(batch > 0, "batch", "must be > 0, got " + to_text(batch));
  require(weights_size == s.weight_size(), "weights",
          "holds " + to_text(weights_size) + " values, but the " + to_string(s.layout) + " layout of " +
              to_text(s.views) + " views x " + to_text(s.rows) + " rows x " + to_text(s.columns) +
              " columns needs " + to_text(s.weight_size()));
  const std::size_t n = std::size_t(batch) * s.projection_size();
  if (input != output) require_disjoint(input, n, "input", output, n, "output");  // in place is fine: diagonal
  require_disjoint(weights, weights_size, "weights", output, n, "output");
}

// grad_w = sum grad_output * input. grad_output and input may be the same array; grad_weights
// must overlap neither.
inline void check_weight_gradient_call(const WeightShape& s, const float* grad_output, const float* input,
                                       const float* grad_weights, std::size_t grad_weights_size, int batch) {
  require_not_null(grad_output, "grad_output");
  require_not_null(input, "input");
  require_not_null(grad_weights, "grad_weights");
  require(batch > 0, "batch", "must be > 0, got " + to_text(batch));
  require(grad_weights_size == s.weight_size(), "grad_weights",
          "holds " + to_text(grad_weights_size) + " values, but the " + to_string(s.layout) + " layout needs " +
              to_text(s.weight_size()));
  const std::size_t n = std::size_t(batch) * s.projection_size();
  require_disjoint(grad_output, n, "grad_output", grad_weights, grad_weights_size, "grad_weights");
  require_disjoint(input, n, "input", grad_weights, grad_weights_size, "grad_weights");
}

}  // namespace detail
}  // namespace pyronn
