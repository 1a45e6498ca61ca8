#pragma once
// The indices k in [begin, end) at which a monotone function f(k) lies strictly between lo and
// hi. The scatter transposes use it to clip a ray's samples to the band of the output that one
// thread owns. f is the kernels' own float arithmetic (a sample's coordinate along one axis):
// correctly rounded operations are monotone in each argument, so the computed f is monotone
// (weakly) wherever the exact one is, and the range found here is exactly the set of samples
// that the band's ownership test accepts - no margin, no sample lost or counted twice.

#include <pyronn/core/config.hpp>

namespace pyronn {

struct IndexRange {
  int begin, end;  // [begin, end); empty when begin >= end
};

// The first k in [begin, end) with pred(k) true, for pred false then true along k (end if none).
template <class Predicate>
PYRONN_HD int first_true(int begin, int end, const Predicate& pred) {
  while (begin < end) {
    const int mid = begin + (end - begin) / 2;
    if (pred(mid)) end = mid;
    else begin = mid + 1;
  }
  return begin;
}

// f weakly increasing or decreasing on [begin, end); the k with lo < f(k) < hi. NaN values of f
// satisfy no comparison and are treated as lying outside (they are never in range).
template <class F>
PYRONN_HD IndexRange monotone_range(int begin, int end, const F& f, float lo, float hi) {
  if (begin >= end) return {begin, begin};
  const bool increasing = f(begin) <= f(end - 1);
  if (increasing)
    return {first_true(begin, end, [&](int k) { return f(k) > lo; }),
            first_true(begin, end, [&](int k) { return f(k) >= hi; })};
  return {first_true(begin, end, [&](int k) { return f(k) < hi; }),
          first_true(begin, end, [&](int k) { return f(k) <= lo; })};
}

// first_true, searched from a guess: a few steps from it, then bisection on what is left, so the
// same index in any case, in a few evaluations of pred when the guess is close.
template <class Predicate>
PYRONN_HD int first_true_near(int begin, int end, int guess, const Predicate& pred) {
  constexpr int steps = 4;
  int k = guess < begin ? begin : (guess > end ? end : guess);
  if (k == end || pred(k)) {  // the first true is k or below
    for (int s = 0; s < steps; ++s, --k)
      if (k == begin || !pred(k - 1)) return k;
    return first_true(begin, k, pred);  // pred(k) is true
  }
  for (int s = 0; s < steps; ++s)  // pred(k) is false: the first true is above k
    if (++k == end || pred(k)) return k;
  return first_true(k + 1, end, pred);
}

// monotone_range, searched from estimates of where f crosses a value (index_at(value), a float
// that may be anything, NaN or infinite included): the same range, found in a few evaluations of
// f when the estimates are close. The scatters estimate from the ray's straight line.
template <class F, class IndexAt>
PYRONN_HD IndexRange monotone_range(int begin, int end, const F& f, float lo, float hi, const IndexAt& index_at) {
  if (begin >= end) return {begin, begin};
  const auto guess = [&](float value) {
    const float k = index_at(value);
    // Clamped as a float first: a NaN or out-of-range float must not meet the int conversion.
    return k >= float(begin) ? (k <= float(end) ? int(k) : end) : begin;
  };
  const int at_lo = guess(lo), at_hi = guess(hi);
  const bool increasing = f(begin) <= f(end - 1);
  if (increasing)
    return {first_true_near(begin, end, at_lo, [&](int k) { return f(k) > lo; }),
            first_true_near(begin, end, at_hi, [&](int k) { return f(k) >= hi; })};
  return {first_true_near(begin, end, at_hi, [&](int k) { return f(k) < hi; }),
          first_true_near(begin, end, at_lo, [&](int k) { return f(k) <= lo; })};
}

}  // namespace pyronn
