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

}  // namespace pyronn
