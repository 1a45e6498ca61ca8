#pragma once
// Writing a float image as a binary 8-bit greyscale PGM (Netpbm "P5"): the simplest image format
// that every viewer opens, enough to look at phantoms, sinograms and reconstructions. Host only.

#include <pyronn/core/errors.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace pyronn {

namespace detail {

inline void check_pgm_arguments(const float* data, int width, int height) {
  require_not_null(data, "data");
  require(width > 0, "width", "must be > 0, got " + to_text(width));
  require(height > 0, "height", "must be > 0, got " + to_text(height));
}

// value -> round((value - lo) * scale), clamped to [0, 255]; NaN fails both comparisons and gives 0.
inline std::vector<unsigned char> to_grey_levels(const float* data, int width, int height, double lo, double scale) {
  const std::size_t count = std::size_t(width) * std::size_t(height);
  std::vector<unsigned char> pixels(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double level = (double(data[i]) - lo) * scale;
    pixels[i] = level >= 255.0 ? 255 : (level > 0.0 ? static_cast<unsigned char>(std::lround(level)) : 0);
  }
  return pixels;
}

// The [lo, hi] -> [0, 255] scale of a window, checked.
inline double window_scale(float lo, float hi) {
  require_finite(lo, "lo");
  require_finite(hi, "hi");
  require(hi > lo, "hi", "must be greater than lo (" + to_text(lo) + "), got " + to_text(hi));
  return 255.0 / (double(hi) - double(lo));
}

// The range of the image's finite values as (lo, scale); a constant image gets scale 0 (black).
inline std::pair<double, double> full_range_window(const float* data, int width, int height) {
  const std::size_t count = std::size_t(width) * std::size_t(height);
  bool any = false;
  float lo = 0.f, hi = 0.f;
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::isfinite(data[i])) continue;
    lo = any ? std::min(lo, data[i]) : data[i];
    hi = any ? std::max(hi, data[i]) : data[i];
    any = true;
  }
  return {lo, hi > lo ? 255.0 / (double(hi) - double(lo)) : 0.0};
}

inline void write_pgm_levels(const std::string& path, const std::vector<unsigned char>& pixels, int width, int height) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw error("pyronn: cannot open the PGM file '" + path + "' for writing");
  file << "P5\n" << width << ' ' << height << "\n255\n";
  file.write(reinterpret_cast<const char*>(pixels.data()), static_cast<std::streamsize>(pixels.size()));
  file.close();
  if (!file) throw error("pyronn: failed to write the PGM file '" + path + "'");
}

}  // namespace detail

// Writes the row-major [height][width] image `data` to `path`, row 0 at the top. Values map
// linearly from [lo, hi] to [0, 255] and are clamped; NaN becomes 0.
// Throws invalid_argument for a null pointer, non-positive sizes or hi <= lo, and error when the
// file cannot be written.
inline void write_pgm(const std::string& path, const float* data, int width, int height, float lo, float hi) {
  detail::check_pgm_arguments(data, width, height);
  const double scale = detail::window_scale(lo, hi);
  detail::write_pgm_levels(path, detail::to_grey_levels(data, width, height, lo, scale), width, height);
}

// The same with [lo, hi] the range of the image's finite values. A constant image is written black.
inline void write_pgm(const std::string& path, const float* data, int width, int height) {
  detail::check_pgm_arguments(data, width, height);
  const auto window = detail::full_range_window(data, width, height);
  detail::write_pgm_levels(path, detail::to_grey_levels(data, width, height, window.first, window.second), width,
                           height);
}

}  // namespace pyronn
