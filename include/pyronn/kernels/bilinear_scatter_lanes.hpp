#pragma once
// The transpose of lanes::add_bilinear_read for the host's scatter blocks (Joseph's 3D adjoint,
// joseph_3d_scatter_rows.hpp; the FBP transpose, fbp_transpose_3d_rows.hpp): what each lane of a
// block gives the four samples around its taps, computed block-wide, and the loop that adds a list
// of them lane by lane, in this corner order, which is the scalars' (the adds cannot be vector
// stores, since lanes may hit the same sample).
//
// The amounts are the scalar scatters' own arithmetic (joseph_scatter_ray_3d, fbp_transpose_sample):
// weighted times the b (v) weight first, then times the a (u) weight. Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace lanes {

// What weighted gives the four samples around taps ta and tb: amount[c] for corner (a0, b0), (a1, b0),
// (a0, b1), (a1, b1), the scalars' order.
template <class F>
PYRONN_LANE void bilinear_amounts(const LinearTap<F>& ta, const LinearTap<F>& tb, const F& weighted, F (&amount)[4]) {
  const F vb0 = (1.f - tb.w1) * weighted, vb1 = tb.w1 * weighted;
  const F wa0 = 1.f - ta.w1;
  amount[0] = wa0 * vb0;
  amount[1] = ta.w1 * vb0;
  amount[2] = wa0 * vb1;
  amount[3] = ta.w1 * vb1;
}

// Adds the first `entries` entries of a list to the four samples of each: amount[c][e] to
// data[first[e] + the corner's offset], the corners at 0, a, b and a + b, in bilinear_amounts'
// order.
template <int n>
PYRONN_LANE void add_bilinear_list(float* data, const int (&first)[n], const float (&amount)[4][n], int entries, int a,
                                   int b) {
  for (int e = 0; e < entries; ++e) {
    float* sample = data + first[e];
    sample[0] += amount[0][e];
    sample[a] += amount[1][e];
    sample[b] += amount[2][e];
    sample[a + b] += amount[3][e];
  }
}

}  // namespace lanes
}  // namespace pyronn

PYRONN_SIMD_CODE_END
