#pragma once
// The coordinate a texture fetch is given, for a sample at position q (texel centres at integer
// q) of the texels that start at `offset` along the axis (a volume stacked deep in a 3D texture;
// 0 for an axis of its own).
//
// Why not simply q + offset + 0.5f: the texture unit turns its coordinate into a weight with 8
// fractional bits (interpolation.hpp), and the host emulation, which the adjoints use, computes
// that weight from q alone. In float, q + offset rounds to the ulp of the sum, which is 2^-10 at
// an offset of 8192 and 2^-9 at 16384: close enough to the 1/256 weight step that the hardware's
// weight can differ from the emulation's by 1/256.
//
// So the position is first rounded to the emulation's own grid, rint(256 q) / 256, which is the
// weight the emulation takes (rint(256 (q - floor q)) / 256; floor(q) * 256 is an even integer,
// so both round the same, ties to even included). A multiple of 1/256 plus offset + 0.5 is exact
// in float while the sum stays below 2^16 (24 bits, 8 of them fractional), beyond every texture
// extent a device offers (16384 for 3D, 32768 for layered 2D): the texture unit then receives a
// coordinate whose fraction is already the emulation's 8-bit weight, and converts it without
// rounding, whichever rounding it uses.

#include <pyronn/core/config.hpp>

#include <cmath>

namespace pyronn {

// The longest texel axis on which every coordinate is exact: samples lie in (-1, extent), so
// coordinates in (-0.5, extent + 0.5), below 2^16. The 3D texture stacks stay within it.
constexpr int texture_coordinate_exact_extent = 65535;

PYRONN_HD float texture_coordinate(float q, int offset) {
  return rintf(q * 256.f) * (1.f / 256.f) + (float(offset) + 0.5f);
}

}  // namespace pyronn
