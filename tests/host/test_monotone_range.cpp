// monotone_range, the scatters' clip of a ray to a thread's band: the search from a guess gives
// exactly the range a plain scan finds, whatever the guess (close, far, outside the range, NaN,
// infinite), for increasing, decreasing and constant functions and for empty and full ranges.

#include <pyronn/kernels/monotone_range.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace pyronn;

namespace {

// The k in [begin, end) with lo < f(k) < hi, by looking at every k.
template <class F>
IndexRange scanned(int begin, int end, const F& f, float lo, float hi) {
  int first = end, last = begin;
  for (int k = begin; k < end; ++k)
    if (f(k) > lo && f(k) < hi) {
      first = k < first ? k : first;
      last = k + 1;
    }
  return first < last ? IndexRange{first, last} : IndexRange{-1, -1};
}

bool same_range(const IndexRange& found, const IndexRange& expected) {
  if (expected.begin < 0) return found.begin >= found.end;  // empty, wherever
  return found.begin == expected.begin && found.end == expected.end;
}

}  // namespace

TEST_CASE("monotone_range from a guess equals the scan, for any guess", "[monotone_range]") {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const std::vector<float> slopes = {0.37f, -0.91f, 1.f, -1.f, 0.f, 1e-6f, 3.5f};
  const std::vector<float> offsets = {-20.f, 0.25f, 7.5f, 40.f};
  const std::vector<float> guess_errors = {0.f, 0.6f, -2.f, 3.f, 9.f, -30.f, 500.f};
  int cases = 0, mismatches = 0;
  for (float slope : slopes)
    for (float offset : offsets) {
      const auto f = [&](int k) { return offset + float(k) * slope; };
      for (int lo = -3; lo < 45; lo += 4) {
        const float flo = float(lo), fhi = float(lo + 6);
        const IndexRange expected = scanned(2, 37, f, flo, fhi);
        const IndexRange bisected = monotone_range(2, 37, f, flo, fhi);
        mismatches += !same_range(bisected, expected);
        ++cases;
        for (float error : guess_errors) {
          const auto exact_guess = [&](float value) { return (value - offset) / slope + error; };
          mismatches += !same_range(monotone_range(2, 37, f, flo, fhi, exact_guess), expected);
          ++cases;
        }
        for (float wild : {nan, inf, -inf, 1e30f, -1e30f}) {
          mismatches += !same_range(monotone_range(2, 37, f, flo, fhi, [&](float) { return wild; }), expected);
          ++cases;
        }
      }
    }
  INFO(cases << " cases");
  CHECK(mismatches == 0);
  CHECK(monotone_range(5, 5, [](int k) { return float(k); }, 0.f, 9.f, [](float v) { return v; }).begin == 5);
}
