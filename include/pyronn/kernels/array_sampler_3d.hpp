#pragma once
// Trilinear interpolation of a row-major [nz][ny][nx] volume, zero outside it: what a CUDA 3D
// texture with border addressing returns, computed in software from the caller's pointer.

#include <pyronn/kernels/interpolation.hpp>

#include <cmath>
#include <cstddef>

namespace pyronn {

template <Interpolation I, class Index = std::ptrdiff_t>
struct ArraySampler3D {
  const float* data;
  int nx, ny, nz;

  PYRONN_HD float at(int x, int y, int z) const {
    return (x >= 0 && x < nx && y >= 0 && y < ny && z >= 0 && z < nz)
               ? data[(Index(z) * Index(ny) + Index(y)) * Index(nx) + Index(x)]
               : 0.f;
  }
  PYRONN_HD float trilinear(float x, float y, float z) const {
    // Also rejects NaN before the int conversions.
    if (!(x > -1.f && x < float(nx) && y > -1.f && y < float(ny) && z > -1.f && z < float(nz))) return 0.f;
    const float x0 = floor_sample(x), y0 = floor_sample(y), z0 = floor_sample(z);
    const float wx = upper_weight<I>(x - x0), wy = upper_weight<I>(y - y0), wz = upper_weight<I>(z - z0);
    const int i = int(x0), j = int(y0), k = int(z0);
    if (i >= 0 && i + 1 < nx && j >= 0 && j + 1 < ny && k >= 0 && k + 1 < nz) {
      // Inside: the eight neighbours without a bounds check each.
      const Index sy = Index(nx), sz = Index(nx) * Index(ny);
      const float* c = data + Index(k) * sz + Index(j) * sy + Index(i);
      const float lower = (1.f - wy) * ((1.f - wx) * c[0] + wx * c[1]) + wy * ((1.f - wx) * c[sy] + wx * c[sy + 1]);
      const float upper =
          (1.f - wy) * ((1.f - wx) * c[sz] + wx * c[sz + 1]) + wy * ((1.f - wx) * c[sz + sy] + wx * c[sz + sy + 1]);
      return (1.f - wz) * lower + wz * upper;
    }
    const float lower = (1.f - wy) * ((1.f - wx) * at(i, j, k) + wx * at(i + 1, j, k)) +
                        wy * ((1.f - wx) * at(i, j + 1, k) + wx * at(i + 1, j + 1, k));
    const float upper = (1.f - wy) * ((1.f - wx) * at(i, j, k + 1) + wx * at(i + 1, j, k + 1)) +
                        wy * ((1.f - wx) * at(i, j + 1, k + 1) + wx * at(i + 1, j + 1, k + 1));
    return (1.f - wz) * lower + wz * upper;
  }
  // Bilinear within plane k of axis `major` (0: x, 1: y, 2: z) at coordinates (a, b) along the
  // other two axes in x, y, z order: Joseph's sample (kernels/joseph_3d.hpp). The caller has
  // checked that (a, b) lies in the open square (-1, n_a) x (-1, n_b).
  PYRONN_HD float in_plane(int major, int k, float a, float b) const {
    const float a0 = floor_sample(a), b0 = floor_sample(b);
    const float wa = upper_weight<I>(a - a0), wb = upper_weight<I>(b - b0);
    const int i = int(a0), j = int(b0);
    // Strides of a and b, the plane's first element, and the plane's extent along a and b.
    const Index layer = Index(nx) * Index(ny);
    const Index sa = major == 0 ? Index(nx) : Index(1), sb = major == 2 ? Index(nx) : layer;
    const Index base = major == 0 ? Index(k) : (major == 1 ? Index(k) * Index(nx) : Index(k) * layer);
    const int na = major == 0 ? ny : nx, nb = major == 2 ? ny : nz;
    if (i >= 0 && i + 1 < na && j >= 0 && j + 1 < nb) {
      // Inside: the four neighbours without a bounds check each.
      const float* c = data + base + Index(i) * sa + Index(j) * sb;
      return (1.f - wb) * ((1.f - wa) * c[0] + wa * c[sa]) + wb * ((1.f - wa) * c[sb] + wa * c[sa + sb]);
    }
    const auto read = [&](int da, int db) {
      const int ia = i + da, jb = j + db;
      return ia >= 0 && ia < na && jb >= 0 && jb < nb ? data[base + Index(ia) * sa + Index(jb) * sb] : 0.f;
    };
    return (1.f - wb) * ((1.f - wa) * read(0, 0) + wa * read(1, 0)) + wb * ((1.f - wa) * read(0, 1) + wa * read(1, 1));
  }
};

}  // namespace pyronn
