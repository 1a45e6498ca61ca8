#pragma once
// The transpose of lanes::add_bilinear_read for the host's scatter blocks: what each lane of a
// block gives the four samples around its taps, computed block-wide (bilinear_amounts: Joseph's 3D
// adjoint, joseph_3d_scatter_rows.hpp, and the FBP transpose, fbp_transpose_3d_rows.hpp), then,
// for the FBP transpose, added lane by lane (bilinear_scatter, add_scatter).
//
// The amounts are the scalar scatters' own arithmetic (joseph_scatter_ray_3d, fbp_transpose_sample):
// weighted times the b (v) weight first, then times the a (u) weight. The adds cannot be vector
// stores, since lanes may hit the same sample; they run in lane order and, per lane, in the scalar's
// corner order, so each output sums its terms in the scalar's order: the results are bitwise the
// scalar ones. A masked corner adds nothing at all (adding +0 would turn a -0 sum into +0). Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace lanes {

// One block's scatter, lane-major: per corner c ((a0, b0), (a1, b0), (a0, b1), (a1, b1): the
// scalars' order), the amount lane k gives, the index it gives it to, and whether it gives it.
struct BilinearScatter {
  float amount[4][host::simd_block];
  int index[4][host::simd_block];
  int ok[4][host::simd_block];
};

// What weighted gives the four samples around taps ta and tb, in the scalars' corner order.
template <class F>
PYRONN_LANE void bilinear_amounts(const LinearTap<F>& ta, const LinearTap<F>& tb, const F& weighted, F (&amount)[4]) {
  const F vb0 = (1.f - tb.w1) * weighted, vb1 = tb.w1 * weighted;
  const F wa0 = 1.f - ta.w1;
  amount[0] = wa0 * vb0;
  amount[1] = ta.w1 * vb0;
  amount[2] = wa0 * vb1;
  amount[3] = ta.w1 * vb1;
}

// Fills lanes [at, at + lanes of F) of s: weighted spread bilinearly at taps ta (n_a samples along
// a, stride sa) and tb (stride sb), for lanes where ok and both taps are inside. A b sample gets
// something only in [b_begin, b_end) (the axis's extent, narrowed to a thread's band where the
// band runs along b). Index base + b * sb + a * sa: the caller keeps every index below 2^31.
template <class F>
PYRONN_LANE void bilinear_scatter(const LinearTap<F>& ta, const LinearTap<F>& tb, const F& weighted,
                                  const typename Traits<F>::Int& ok, int n_a, int b_begin, int b_end, int base, int sa,
                                  int sb, BilinearScatter& s, int at) {
  using Int = typename Traits<F>::Int;
  const Int izero{};
  F amount[4];
  bilinear_amounts(ta, tb, weighted, amount);
  const Int inside = ok & ta.inside & tb.inside;
  const Int a0 = inside & (ta.i >= 0), a1 = inside & (ta.i + 1 < n_a);
  const Int b0 = (tb.i >= b_begin) & (tb.i < b_end), b1 = (tb.i + 1 >= b_begin) & (tb.i + 1 < b_end);
  const Int ok_c[4] = {a0 & b0, a1 & b0, a0 & b1, a1 & b1};
  const Int row0 = izero + base + tb.i * sb, col0 = ta.i * sa;
  const Int index[4] = {row0 + col0, row0 + col0 + sa, row0 + sb + col0, row0 + sb + col0 + sa};
  for (int c = 0; c < 4; ++c) {
    std::memcpy(s.amount[c] + at, &amount[c], sizeof(F));
    std::memcpy(s.index[c] + at, &index[c], sizeof(Int));
    std::memcpy(s.ok[c] + at, &ok_c[c], sizeof(Int));
  }
}

// Adds s to out, lane by lane, each lane's corners in order.
PYRONN_LANE void add_scatter(const BilinearScatter& s, float* out) {
  for (int k = 0; k < host::simd_block; ++k)
    for (int c = 0; c < 4; ++c)
      if (s.ok[c][k]) out[s.index[c][k]] += s.amount[c][k];
}

}  // namespace lanes
}  // namespace pyronn

PYRONN_SIMD_CODE_END
