#pragma once
// The transpose of joseph_forward_ray as a ray-driven scatter: one ray gives its value back to the
// pixels it sampled, with the weights it sampled them with. The host driver's adjoint runs it with
// each thread owning a band of image rows and walking every ray clipped to its band in a fixed
// (view, bin, line) order, so each pixel sums the same terms in the same order whatever the
// thread count: deterministic without atomics, at the cost of the forward projection.

#include <pyronn/kernels/add_to.hpp>
#include <pyronn/kernels/joseph_2d.hpp>
#include <pyronn/kernels/monotone_range.hpp>

#include <cmath>
#include <cstddef>

namespace pyronn {

// The columns of an x-major ray whose sample feeds rows [row_begin, row_end): the sample at row
// coordinate m feeds rows floor(m) and floor(m) + 1, so those whose m lies in [row_begin - 1,
// row_end). m is monotone along the columns: found exactly, from where the straight line says.
PYRONN_HD IndexRange columns_feeding_rows(const IndexRay2D& r, const Grid2D& g, int row_begin, int row_end) {
  const auto row_at = [&](int k) {
    float m;
    cross_major_line(r, k, m);
    return m;
  };
  // m(k) = origin.y + (k - origin.x) * inverse_major * dir.y, solved for k: where to start looking.
  const float slope = r.dir.y * r.inverse_major;
  const auto column_at = [&](float m) { return r.origin.x + (m - r.origin.y) / slope; };
  return monotone_range(0, g.nx, row_at, float(row_begin - 1), float(row_end), column_at);
}

// Gives value times the weight with which the ray of bin u sampled each pixel, for the pixels of
// rows [row_begin, row_end) of an [ny][nx] image, to add(pixel index, amount), the index of pixel
// (x, y) given by layout: AddTo on the host, whose threads own their bands; AtomicAddTo on the GPU,
// where rays from any thread meet.
template <class Beam, Interpolation I, class Add>
PYRONN_HD void joseph_scatter_ray(const View2D& view, float u, float value, const Grid2D& g, int row_begin, int row_end,
                                  const Add& add, const Layout2D& layout) {
  const IndexRay2D r = to_index_space(Beam::ray(view, u), g);
  const float weighted = value * r.step;
  const std::ptrdiff_t row = layout.row;
  if (r.x_major) {
    // Lines are columns: those that feed the band, each sample tested as the forward sampler does.
    const IndexRange lines = columns_feeding_rows(r, g, row_begin, row_end);
    for (int k = lines.begin; k < lines.end; ++k) {
      float m;
      if (!cross_major_line(r, k, m) || !(m > -1.f && m < float(g.ny))) continue;
      const float m0 = floor_sample(m);
      const float w1 = upper_weight<I>(m - m0);
      const int j = int(m0);
      if (j >= row_begin && j < row_end) add(layout.offset + j * row + k, (1.f - w1) * weighted);
      if (j + 1 >= row_begin && j + 1 < row_end) add(layout.offset + (j + 1) * row + k, w1 * weighted);
    }
  } else {
    // Lines are rows: the band's own.
    for (int k = row_begin; k < row_end; ++k) {
      float m;
      if (!cross_major_line(r, k, m) || !(m > -1.f && m < float(g.nx))) continue;
      const float m0 = floor_sample(m);
      const float w1 = upper_weight<I>(m - m0);
      const int i = int(m0);
      if (i >= 0) add(layout.offset + k * row + i, (1.f - w1) * weighted);
      if (i + 1 < g.nx) add(layout.offset + k * row + i + 1, w1 * weighted);
    }
  }
}

// The layout of an [ny][nx] image.
PYRONN_HD Layout2D image_layout(const Grid2D& g) { return {0, g.nx}; }

// The same into an [ny][nx] image.
template <class Beam, Interpolation I, class Add>
PYRONN_HD void joseph_scatter_ray(const View2D& view, float u, float value, const Grid2D& g, int row_begin, int row_end,
                                  const Add& add) {
  joseph_scatter_ray<Beam, I>(view, u, value, g, row_begin, row_end, add, image_layout(g));
}

}  // namespace pyronn
