#pragma once
// Interpolation is a policy. `software` interpolates in float from the caller's pointer;
// `texture` uses the GPU's texture units, whose linear filter quantises the fractional weight to
// 8 bits (CUDA Programming Guide, "Linear Filtering": 9-bit fixed point, 8 fractional bits). The
// host driver and the adjoints reproduce that quantisation, so texture-path arithmetic is testable
// without a GPU and its adjoint uses the same weights.

#include <pyronn/core/config.hpp>

#include <cmath>

namespace pyronn {

enum class Interpolation { software, texture };

// floor(x) for a sample coordinate that has passed its range check (finite, |x| < 2^23): exact,
// and on the host a truncating conversion instead of floorf, which x86-64's baseline instruction
// set (no SSE4.1 rounding) turns into a library call in every sample.
PYRONN_HD float floor_sample(float x) {
#if defined(__CUDA_ARCH__)
  return floorf(x);
#else
  const float t = float(int(x));  // rounds toward zero
  return t > x ? t - 1.f : t;
#endif
}

// Weight of the upper neighbour for a sample at fraction f in [0, 1) past the lower one.
template <Interpolation I>
PYRONN_HD float upper_weight(float f) {
  if (I == Interpolation::texture) return rintf(f * 256.f) * (1.f / 256.f);
  return f;
}

// Weight with which a linear interpolation at coordinate q reads sample i along one axis: what an
// adjoint needs to give back what the forward sampler took.
template <Interpolation I>
PYRONN_HD float axis_weight(float q, int i) {
  const float q0 = floorf(q);
  const float w1 = upper_weight<I>(q - q0);
  const int lower = int(q0);
  return i == lower ? 1.f - w1 : (i == lower + 1 ? w1 : 0.f);
}

inline const char* to_string(Interpolation i) { return i == Interpolation::texture ? "texture" : "software"; }

}  // namespace pyronn
