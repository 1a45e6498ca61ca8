#pragma once
// The kernel-side description of a 2D pixel grid and a 1D detector: plain values, passed to
// kernels by value.

#include <pyronn/core/vec.hpp>

namespace pyronn {

// A row-major [ny][nx] image; pixel (x, y) has its centre at origin + (x * spacing.x, y * spacing.y).
struct Grid2D {
  int nx, ny;
  vec2 spacing;  // mm
  vec2 origin;   // mm, centre of pixel (0, 0)

  PYRONN_HD vec2 world(float x, float y) const { return {origin.x + x * spacing.x, origin.y + y * spacing.y}; }
};

// One view of a 2D scan in the canonical form every kernel reads. Detector bin u has its centre at
// det_origin + u * det_u. For parallel beams `source` is unused and every ray runs along `ray`; for
// fan beams rays start at `source`, and `ray` is the central ray (source towards isocentre).
struct View2D {
  vec2 source;
  vec2 ray;
  vec2 det_origin;
  vec2 det_u;
};

}  // namespace pyronn
