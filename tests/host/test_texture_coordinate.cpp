// The texture path's coordinates (kernels/texture_coordinate.hpp), checked without a GPU: for a
// sample at q in a volume whose first slice lies `offset` slices deep in the stacked 3D texture,
// the texture unit must read the same two texels with the same 8-bit weights as the host
// emulation (ArraySampler3D / axis_weight with Interpolation::texture), which the adjoint uses.
// Every offset up to the deepest stack the CUDA driver builds (texture_coordinate_exact_extent)
// is tried.

#include <pyronn/kernels/interpolation.hpp>
#include <pyronn/kernels/texture_coordinate.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

using namespace pyronn;

namespace {

// The texel that gets weight 1 - w and the weight w of the next one, with w in [0, 1).
struct Weights {
  long lower;
  double w;
  bool operator==(const Weights& o) const { return lower == o.lower && w == o.w; }
};

// What the host emulation reads for q, shifted by offset: floor(q) and rint(256 frac) / 256. A
// weight of 1 on the upper texel is the same read as weight 0 on it as the lower one.
Weights emulated(float q, int offset) {
  const float q0 = std::floor(q);
  const double w = upper_weight<Interpolation::texture>(q - q0);
  const long lower = long(q0) + offset;
  return w == 1.0 ? Weights{lower + 1, 0.0} : Weights{lower, w};
}

// The texture unit's filtering (CUDA Programming Guide, "Linear Filtering"): t = c - 0.5,
// lower texel floor(t), weight frac(t) in 8 fractional bits, modelled here as round to nearest.
// `exact` says whether c already was a multiple of 1/256, so that no rounding model matters.
Weights hardware(float c, bool* exact) {
  const double t = double(c) - 0.5;  // exact in double
  const double t0 = std::floor(t);
  const double scaled = (t - t0) * 256.0;
  *exact = scaled == std::nearbyint(scaled);
  const double w = std::nearbyint(scaled) / 256.0;
  return w == 1.0 ? Weights{long(t0) + 1, 0.0} : Weights{long(t0), w};
}

// Sample positions inside a volume: random fractions in (-1, 3), and the ties (k + 1/2) / 256
// where a rounding rule shows.
std::vector<float> positions() {
  std::vector<float> q;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-1.f, 3.f);
  for (int i = 0; i < 200; ++i) q.push_back(dist(rng));
  for (int k = 0; k < 256; k += 7) q.push_back((float(k) + 0.5f) / 256.f + float(k % 3));
  return q;
}

}  // namespace

TEST_CASE("texture coordinates: exact and read like the host emulation at every stack depth",
          "[texture][coordinates]") {
  const std::vector<float> qs = positions();
  long inexact = 0, differing = 0, naive_differing = 0;
  for (int offset = 0; offset + 3 <= texture_coordinate_exact_extent; ++offset)
    for (const float q : qs) {
      bool exact = false;
      const Weights read = hardware(texture_coordinate(q, offset), &exact);
      inexact += !exact;
      differing += !(read == emulated(q, offset));
      // The coordinate as the driver computed it before: q + (offset + 0.5), rounded in float.
      bool naive_exact = false;
      naive_differing += !(hardware(q + (float(offset) + 0.5f), &naive_exact) == emulated(q, offset));
    }
  CHECK(inexact == 0);
  CHECK(differing == 0);
  // The check can fail: deep in the stack the plain sum rounds across a weight step.
  CHECK(naive_differing > 0);
}

TEST_CASE("texture coordinates: in-plane axes and the last texels of the deepest stack", "[texture][coordinates]") {
  // Offset 0 (2D layers, x and y of a volume) up to the widest layered 2D texture (32768), and
  // samples in the last volume of the deepest stack.
  for (const float q : {-0.999f, -0.5f, 0.f, 0.25f, 1.f / 512.f, 1.f - 1.f / 512.f, 4095.998f, 16383.5f, 32767.99f}) {
    bool exact = false;
    CHECK(hardware(texture_coordinate(q, 0), &exact) == emulated(q, 0));
    CHECK(exact);
  }
  const int last = texture_coordinate_exact_extent - 1;
  for (const float q : {-0.75f, -0.001f, 0.f, 0.499f, 0.5f, 0.501f, 0.999f}) {
    bool exact = false;
    CHECK(hardware(texture_coordinate(q, last), &exact) == emulated(q, last));
    CHECK(exact);
  }
}
