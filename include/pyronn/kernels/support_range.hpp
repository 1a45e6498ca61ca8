#pragma once
// Which major lines (2D) or planes (3D) a Joseph ray crosses inside the image: the crossing's
// coordinate along another axis, origin + (k - o_major) * slope, must lie in that axis's open
// sampler support (-1, end). The crossing moves by at most one pixel per line (the major axis is
// the steepest), so the analytic range widened by one line on each side holds every line that
// can read anything despite rounding; each sample is still tested exactly. Cheaper than visiting
// every line of the image for rays that cross only part of it.

#include <pyronn/core/config.hpp>

#include <cmath>

namespace pyronn {

// fminf and fmaxf, which drop a NaN operand, written out: without -ffast-math, GCC calls libm for
// them on the host, and these run once or twice per ray (measured: a fifth of the host 2D
// adjoint's per-ray set-up). Equal operands give a.
PYRONN_HD float min_dropping_nan(float a, float b) { return b < a || a != a ? b : a; }
PYRONN_HD float max_dropping_nan(float a, float b) { return b > a || a != a ? b : a; }

// The lines k in [lo, hi] (floats, widened later) where one axis's crossing lies in (-1, end).
struct LineRange {
  float lo, hi;
  bool missed;

  // Narrows the range by one axis of the crossing.
  PYRONN_HD void narrow(float o_major, float origin, float slope, float end) {
    if (slope == 0.f) {
      missed = missed || !(origin > -1.f && origin < end);
      return;
    }
    const float k1 = o_major + (-1.f - origin) / slope, k2 = o_major + (end - origin) / slope;
    // A NaN bound is dropped: then the lines are not narrowed.
    lo = max_dropping_nan(lo, min_dropping_nan(k1, k2));
    hi = min_dropping_nan(hi, max_dropping_nan(k1, k2));
  }

  // [first, last] in [0, n_major - 1], widened by one line each side; empty (first > last) if none.
  // lo only grows from -1 and hi only shrinks from n_major, so once lo <= hi both convert to int
  // safely.
  PYRONN_HD void lines(int n_major, int& first, int& last) const {
    if (missed || !(lo <= hi)) {
      first = 0, last = -1;
      return;
    }
    first = int(max_dropping_nan(floorf(lo) - 1.f, 0.f));
    last = int(min_dropping_nan(ceilf(hi) + 1.f, float(n_major - 1)));
  }
};

PYRONN_HD LineRange all_lines(int n_major) { return {-1.f, float(n_major), false}; }

}  // namespace pyronn
