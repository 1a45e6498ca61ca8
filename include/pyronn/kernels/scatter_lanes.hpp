#pragma once
// Two things the host's scatter blocks share (joseph_2d_scatter_rows.hpp, joseph_3d_scatter_rows.hpp,
// fbp_transpose_2d_rows.hpp, fbp_transpose_3d_rows.hpp), which add their lists into an output
// held with a margin and a sink (scatter_band_2d.hpp, scatter_slab_3d.hpp). Host only.

#include <pyronn/host/simd.hpp>
#include <pyronn/kernels/linear_lanes.hpp>

#include <cstring>

PYRONN_SIMD_CODE_BEGIN

namespace pyronn {
namespace lanes {

// Slots first + k for the block's lanes k, as the `parts` values of Int that hold a block's lanes.
template <class Int, int parts>
PYRONN_LANE void lane_slots(int first, Int (&slots)[parts]) {
  static_assert(sizeof slots == sizeof(int) * host::simd_block, "one int per lane");
  int all[host::simd_block];
  for (int k = 0; k < host::simd_block; ++k) all[k] = first + k;
  std::memcpy(slots, all, sizeof all);
}

// 1, as a value the compiler cannot see. The adding loops step to a neighbouring column by it:
// with a known 1, GCC pairs two additions into one 8-byte access, which the next entry's read of
// an overlapping pair cannot take from the store buffer (measured in the FBP transposes: 2.5 times
// the time).
inline int opaque_one() {
  int one = 1;
#if defined(__GNUC__)
  asm("" : "+r"(one));
#endif
  return one;
}

}  // namespace lanes
}  // namespace pyronn

PYRONN_SIMD_CODE_END
