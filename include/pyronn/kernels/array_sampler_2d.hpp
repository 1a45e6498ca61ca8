#pragma once
// Linear interpolation along one axis of a row-major [ny][nx] array, zero outside it: what a CUDA
// texture with border addressing returns, computed in software from the caller's pointer.

#include <pyronn/kernels/interpolation.hpp>

#include <cmath>
#include <cstddef>

namespace pyronn {

template <Interpolation I, class Index = std::ptrdiff_t>
struct ArraySampler2D {
  const float* data;
  int nx, ny;

  PYRONN_HD float at(int x, int y) const {
    return (x >= 0 && x < nx && y >= 0 && y < ny) ? data[Index(y) * Index(nx) + Index(x)] : 0.f;
  }
  // Between pixels (floor(x), y) and (floor(x) + 1, y).
  PYRONN_HD float along_x(float x, int y) const {
    if (!(x > -1.f && x < float(nx))) return 0.f;  // also rejects NaN before the int conversion
    const float x0 = floor_sample(x);
    const float w1 = upper_weight<I>(x - x0);
    const int i = int(x0);
    if (i >= 0 && i + 1 < nx && y >= 0 && y < ny) {  // inside: both neighbours without a bounds check
      const float* c = data + Index(y) * Index(nx) + Index(i);
      return (1.f - w1) * c[0] + w1 * c[1];
    }
    return (1.f - w1) * at(i, y) + w1 * at(i + 1, y);
  }
  // Between pixels (x, floor(y)) and (x, floor(y) + 1).
  PYRONN_HD float along_y(int x, float y) const {
    if (!(y > -1.f && y < float(ny))) return 0.f;
    const float y0 = floor_sample(y);
    const float w1 = upper_weight<I>(y - y0);
    const int j = int(y0);
    if (j >= 0 && j + 1 < ny && x >= 0 && x < nx) {
      const float* c = data + Index(j) * Index(nx) + Index(x);
      return (1.f - w1) * c[0] + w1 * c[nx];
    }
    return (1.f - w1) * at(x, j) + w1 * at(x, j + 1);
  }
  // Between the four pixels around (x, y).
  PYRONN_HD float bilinear(float x, float y) const {
    if (!(x > -1.f && x < float(nx) && y > -1.f && y < float(ny))) return 0.f;
    const float x0 = floor_sample(x), y0 = floor_sample(y);
    const float wx = upper_weight<I>(x - x0), wy = upper_weight<I>(y - y0);
    const int i = int(x0), j = int(y0);
    if (i >= 0 && i + 1 < nx && j >= 0 && j + 1 < ny) {
      // Inside: the four neighbours without a bounds check each.
      const float* c = data + Index(j) * Index(nx) + Index(i);
      return (1.f - wy) * ((1.f - wx) * c[0] + wx * c[1]) + wy * ((1.f - wx) * c[nx] + wx * c[nx + 1]);
    }
    return (1.f - wy) * ((1.f - wx) * at(i, j) + wx * at(i + 1, j)) + wy * ((1.f - wx) * at(i, j + 1) + wx * at(i + 1, j + 1));
  }
};

}  // namespace pyronn
