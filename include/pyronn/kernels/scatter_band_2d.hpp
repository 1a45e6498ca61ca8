#pragma once
// What the host's 2D scatter blocks (joseph_2d_scatter_rows.hpp) add into: one thread's band of
// image rows [row_begin, row_end) with a margin of one pixel on every side, followed by a sink.
//
// Why not the image itself: with the margin, a crossing's two taps are always at index and
// index + (one step along the minor axis), even where one of them falls just outside the image or
// the band (the scalar scatter drops that tap; here it lands in the margin, which nobody reads),
// and a lane that adds nothing at a line adds to a sink slot of its own. So the adding loop reads
// one index per crossing and adds without a test. Measured on the development machine (2D case a,
// docs/performance.md): the adjoint takes a quarter less time than adding into the image with a list
// of two indices per crossing, each tested for a sink. The band belongs to one thread, like its
// rows of the image, so nothing is shared; the driver copies the band's rows out at the end.
// Host only.

#include <pyronn/geometry/grid_2d.hpp>
#include <pyronn/kernels/add_to.hpp>

#include <cstddef>

namespace pyronn {

struct ScatterBand2D {
  // Sink slots: one per lane and line of a scatter block's list (joseph_2d_scatter_rows.hpp).
  static constexpr int sink_slots = 128;

  float* data;  // size(rows, nx) floats
  int row_begin, row_end;
  int width;  // nx + 2: a row of the band and its margin

  ScatterBand2D(float* band, int first_row, int end_row, int nx)
      : data(band), row_begin(first_row), row_end(end_row), width(nx + 2) {}

  // Floats for a band of `rows` rows of width nx: the rows and the margin, then the sink, which
  // also holds its slots' partners one minor step (at most a row) further on.
  static std::size_t size(int rows, int nx) {
    return (std::size_t(rows) + 2) * (std::size_t(nx) + 2) + sink_slots + std::size_t(nx) + 2;
  }

  // Whether every band of `rows` rows of width nx, or of the grid, has int offsets (the scatter
  // blocks compute them as ints).
  static bool fits(int rows, int nx) { return size(rows, nx) < std::size_t(1) << 31; }
  static bool fits(const Grid2D& g) { return fits(g.ny, g.nx); }

  // The offset of pixel (row, column), row in [row_begin - 1, row_end], column in [-1, nx].
  int index(int row, int column) const { return (row - row_begin + 1) * width + column + 1; }

  // The offset of the first sink slot.
  int sink() const { return (row_end - row_begin + 2) * width; }

  // Where pixel (x, y) is, for the scalar scatter (joseph_scatter_ray with AddTo{data}), which
  // takes the rays the blocks leave to it.
  Layout2D layout() const { return {index(0, 0), width}; }

  // Copies the band's own rows into the image ([ny][nx]).
  void copy_to(float* image) const {
    const int nx = width - 2;
    for (int row = row_begin; row < row_end; ++row) {
      const float* from = data + index(row, 0);
      float* to = image + std::ptrdiff_t(row) * nx;
      for (int column = 0; column < nx; ++column) to[column] = from[column];
    }
  }
};

}  // namespace pyronn
