#pragma once
// Linear interpolation along a row of samples, zero outside it (what ArraySampler2D::along_x
// computes), written once for a scalar float and for a block of lanes (host::float_block): the
// host row loops vectorise it, and a build without vector extensions runs the scalar form. Every
// lane does the operations along_x does, so the results are bitwise along_x's.
//
// GCC does not vectorise along_x itself: its range check and selects become branches, and under
// the default -ftrapping-math a float-int conversion inside a branch may not be made unconditional.
// Here the selects are explicit on whole blocks, so nothing is left to if-conversion. Blocks go in
// and out by reference only: a vector wider than the baseline's registers passed by value would
// take the calling convention GCC warns about (-Wpsabi). Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/interpolation.hpp>

#include <cstddef>
#include <cstring>
#include <utility>

PYRONN_SIMD_CODE_BEGIN

// Inlined always: each form's entry point (host::run_avx2, run_avx512) must get these bodies
// inlined to compile them for its target; a call would run them compiled for the baseline, a
// block's lanes one by one.
#if defined(__GNUC__)
#define PYRONN_LANE inline __attribute__((always_inline))
#else
#define PYRONN_LANE inline
#endif

namespace pyronn {
namespace lanes {

// The integer type that goes with a float type, and the few operations that differ between a
// float and a block; the rest is the built-in operators (?: included) on both.
template <class F>
struct Traits {
  using Int = int;
  PYRONN_LANE static void convert(const float& x, int& i) { i = int(x); }
  PYRONN_LANE static void convert(const int& i, float& x) { x = float(i); }
  PYRONN_LANE static void gather(const float* row, const int& i, float& out) { out = row[i]; }
};
#if PYRONN_HOST_SIMD
template <>
struct Traits<host::float_block> {
  using Int = host::int_block;
  PYRONN_LANE static void convert(const host::float_block& x, host::int_block& i) { i = __builtin_convertvector(x, host::int_block); }
  PYRONN_LANE static void convert(const host::int_block& i, host::float_block& x) { x = __builtin_convertvector(i, host::float_block); }
  // Built from its lanes in one expression: writing lanes one by one into a block in memory and
  // reading it back as a vector stalls store forwarding.
  PYRONN_LANE static void gather(const float* row, const host::int_block& i, host::float_block& out) {
    gather(row, i, out, std::make_integer_sequence<int, host::simd_block>{});
  }
  template <int... k>
  PYRONN_LANE static void gather(const float* row, const host::int_block& i, host::float_block& out,
                     std::integer_sequence<int, k...>) {
    out = host::float_block{row[i[k]]...};
  }
};
#endif

// Where a linear interpolation at coordinate x in a row of n samples reads: the lower sample's
// index i (-1 .. n - 1), the upper one's weight w1, and whether x is inside (-1, n) at all.
template <class F>
struct LinearTap {
  typename Traits<F>::Int inside, i;
  F w1;
};

// The tap at x: floor_sample by truncation and a correction by one, and upper_weight<I>. The
// texture weight rounds f * 256 to an integer as rintf does (to nearest even, in the default
// rounding mode) by adding and subtracting 2^23, which is exact for values in [0, 256).
template <Interpolation I, class F>
PYRONN_LANE void linear_tap(const F& x, int n, LinearTap<F>& tap) {
  using Int = typename Traits<F>::Int;
  const F zero{}, one = zero + 1.f;
  tap.inside = (x > -1.f) & (x < float(n));
  const F xs = tap.inside ? x : zero - 1.f;  // a coordinate the conversion may take, when outside
  Int truncated;
  F t;
  Traits<F>::convert(xs, truncated);
  Traits<F>::convert(truncated, t);
  const F x0 = t - (t > xs ? one : zero);
  Traits<F>::convert(x0, tap.i);
  const F f = xs - x0;
  tap.w1 = I == Interpolation::texture ? ((f * 256.f + 8388608.f) - 8388608.f) * (1.f / 256.f) : f;
}

// Adds weight times the interpolated value of row[0 .. n-1] at the tap to sum: along_x's arithmetic
// (along_y's with stride = the image's width; the caller keeps n * stride below 2^31).
template <class F>
PYRONN_LANE void add_linear_read(const float* row, int n, const LinearTap<F>& tap, const F& weight, F& sum,
                                 int stride = 1) {
  using Int = typename Traits<F>::Int;
  const F zero{};
  const Int izero{};
  const Int lower_ok = tap.i >= 0, upper_ok = tap.i + 1 < n;
  F lower, upper;
  Traits<F>::gather(row, (lower_ok ? tap.i : izero) * stride, lower);
  Traits<F>::gather(row, (upper_ok ? tap.i + 1 : izero + (n - 1)) * stride, upper);
  const F c0 = lower_ok ? lower : zero, c1 = upper_ok ? upper : zero;
  sum += weight * (tap.inside ? (1.f - tap.w1) * c0 + tap.w1 * c1 : zero);
}

// add_linear_read for a row of stride 1. Neighbouring rays or pixels read neighbouring samples, so
// a block's reads mostly lie within 16 consecutive samples: then they are two vector loads and
// four permutations instead of 16 lane loads; otherwise lane by lane. The same samples either way.
// The window needs GCC's permutation by a variable index (__builtin_shuffle); clang has none that
// the lane-generic bodies may use, so there the block reads lane by lane.
template <class F>
PYRONN_LANE void add_linear_read_near(const float* row, int n, const LinearTap<F>& tap, const F& weight, F& sum) {
  add_linear_read(row, n, tap, weight, sum);
}
#if PYRONN_HOST_SIMD && !defined(__clang__)
namespace detail {
// The smallest and the largest lane of a block, by halving: compare with the lanes of the other
// half, then of the other pair, then the other lane.
const host::int_block across_halves = {4, 5, 6, 7, 0, 1, 2, 3}, across_pairs = {2, 3, 0, 1, 6, 7, 4, 5},
                      across_lanes = {1, 0, 3, 2, 5, 4, 7, 6};
PYRONN_LANE int lowest_lane(const host::int_block& v) {
  host::int_block m = v, o = __builtin_shuffle(m, across_halves);
  m = o < m ? o : m;
  o = __builtin_shuffle(m, across_pairs);
  m = o < m ? o : m;
  o = __builtin_shuffle(m, across_lanes);
  return (o < m ? o : m)[0];
}
PYRONN_LANE int highest_lane(const host::int_block& v) {
  host::int_block m = v, o = __builtin_shuffle(m, across_halves);
  m = o > m ? o : m;
  o = __builtin_shuffle(m, across_pairs);
  m = o > m ? o : m;
  o = __builtin_shuffle(m, across_lanes);
  return (o > m ? o : m)[0];
}
}  // namespace detail
PYRONN_LANE void add_linear_read_near(const float* row, int n, const LinearTap<host::float_block>& tap,
                                      const host::float_block& weight, host::float_block& sum) {
  using F = host::float_block;
  using Int = host::int_block;
  constexpr int window = 2 * host::simd_block;
  const F zero{};
  const Int izero{};
  const Int lower_ok = tap.i >= 0, upper_ok = tap.i + 1 < n;
  const Int lower_i = lower_ok ? tap.i : izero, upper_i = upper_ok ? tap.i + 1 : izero + (n - 1);
  // Lanes outside the row read nothing that is used: they do not bound the window.
  const int first = detail::lowest_lane(tap.inside ? lower_i : izero + n);
  const int last = detail::highest_lane(tap.inside ? upper_i : izero - 1);
  const int base = first < n - window ? first : n - window;
  F lower, upper;
  if (n >= window && last < base + window) {
    F a, b;
    std::memcpy(&a, row + base, sizeof a);
    std::memcpy(&b, row + base + host::simd_block, sizeof b);
    lower = __builtin_shuffle(a, b, (lower_i - base) & (window - 1));
    upper = __builtin_shuffle(a, b, (upper_i - base) & (window - 1));
  } else {
    Traits<F>::gather(row, lower_i, lower);
    Traits<F>::gather(row, upper_i, upper);
  }
  const F c0 = lower_ok ? lower : zero, c1 = upper_ok ? upper : zero;
  sum += weight * (tap.inside ? (1.f - tap.w1) * c0 + tap.w1 * c1 : zero);
}
#endif

// Adds weight times the bilinear interpolation of data at taps ta (along an axis of n_a samples,
// stride sa) and tb (n_b samples, stride sb) to sum: ArraySampler2D::bilinear's arithmetic for a
// [ny][nx] array (sa = 1, sb = nx) and ArraySampler3D::in_plane's for a plane of a volume, zero
// outside. Indices are int: the caller keeps every offset below 2^31.
template <class F>
PYRONN_LANE void add_bilinear_read(const float* data, int n_a, int n_b, const LinearTap<F>& ta, const LinearTap<F>& tb,
                                   const F& weight, F& sum, int sa, int sb) {
  using Int = typename Traits<F>::Int;
  const F zero{};
  const Int izero{};
  const Int a0_ok = ta.i >= 0, a1_ok = ta.i + 1 < n_a, b0_ok = tb.i >= 0, b1_ok = tb.i + 1 < n_b;
  const Int i0 = (a0_ok ? ta.i : izero) * sa, i1 = (a1_ok ? ta.i + 1 : izero + (n_a - 1)) * sa;
  const Int r0 = (b0_ok ? tb.i : izero) * sb, r1 = (b1_ok ? tb.i + 1 : izero + (n_b - 1)) * sb;
  F c00, c10, c01, c11;
  Traits<F>::gather(data, r0 + i0, c00);
  Traits<F>::gather(data, r0 + i1, c10);
  Traits<F>::gather(data, r1 + i0, c01);
  Traits<F>::gather(data, r1 + i1, c11);
  c00 = (a0_ok & b0_ok) ? c00 : zero;
  c10 = (a1_ok & b0_ok) ? c10 : zero;
  c01 = (a0_ok & b1_ok) ? c01 : zero;
  c11 = (a1_ok & b1_ok) ? c11 : zero;
  const F wa = ta.w1, wb = tb.w1;
  const F value = (1.f - wb) * ((1.f - wa) * c00 + wa * c10) + wb * ((1.f - wa) * c01 + wa * c11);
  sum += weight * ((ta.inside & tb.inside) ? value : zero);
}

}  // namespace lanes
}  // namespace pyronn

PYRONN_SIMD_CODE_END
