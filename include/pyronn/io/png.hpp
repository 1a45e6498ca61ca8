#pragma once
// Writing images as PNG (greyscale or RGB, 8 bits) with no library: each row is Sub-filtered
// (PNG specification, section 9) and compressed by io/deflate.hpp, which turns the flat regions
// of drawings and phantoms into short runs. Host only.

#include <pyronn/core/errors.hpp>
#include <pyronn/io/deflate.hpp>
#include <pyronn/io/pgm.hpp>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace pyronn {
namespace detail {

inline std::uint32_t crc32(const unsigned char* data, std::size_t n, std::uint32_t crc = 0) {
  crc = ~crc;
  for (std::size_t i = 0; i < n; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

inline void put_u32(std::vector<unsigned char>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(v >> shift));
}

// A chunk: length, type, data, CRC of type and data (PNG specification, section 5.3).
inline void put_chunk(std::vector<unsigned char>& out, const char* type, const std::vector<unsigned char>& data) {
  put_u32(out, std::uint32_t(data.size()));
  const std::size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  put_u32(out, crc32(out.data() + start, out.size() - start));
}

// channels: 1 (grey) or 3 (RGB); pixels row-major, row 0 at the top.
inline void write_png_bytes(const std::string& path, const unsigned char* pixels, int width, int height, int channels) {
  require_not_null(pixels, "pixels");
  require(width > 0, "width", "must be > 0, got " + to_text(width));
  require(height > 0, "height", "must be > 0, got " + to_text(height));
  require(channels == 1 || channels == 3, "channels", "must be 1 or 3, got " + to_text(channels));
  const std::size_t row = std::size_t(width) * channels;
  std::vector<unsigned char> raw;
  raw.reserve((row + 1) * height);
  for (int y = 0; y < height; ++y) {
    const unsigned char* line = pixels + std::size_t(y) * row;
    raw.push_back(1);  // filter type Sub: each byte minus the same channel of the pixel to its left
    for (std::size_t x = 0; x < row; ++x)
      raw.push_back(static_cast<unsigned char>(line[x] - (x >= std::size_t(channels) ? line[x - channels] : 0)));
  }
  std::vector<unsigned char> header;
  put_u32(header, std::uint32_t(width));
  put_u32(header, std::uint32_t(height));
  header.insert(header.end(), {8, static_cast<unsigned char>(channels == 1 ? 0 : 2), 0, 0, 0});
  std::vector<unsigned char> file = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  put_chunk(file, "IHDR", header);
  put_chunk(file, "IDAT", zlib_compress(raw, 1));
  put_chunk(file, "IEND", {});
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw error("pyronn: cannot open the PNG file '" + path + "' for writing");
  out.write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
  out.close();
  if (!out) throw error("pyronn: failed to write the PNG file '" + path + "'");
}

}  // namespace detail

// Writes the float image like write_pgm (window [lo, hi] to grey levels 0..255), as PNG.
inline void write_png(const std::string& path, const float* data, int width, int height, float lo, float hi) {
  detail::check_pgm_arguments(data, width, height);
  const std::vector<unsigned char> levels = detail::to_grey_levels(data, width, height, lo, detail::window_scale(lo, hi));
  detail::write_png_bytes(path, levels.data(), width, height, 1);
}

// The same with [lo, hi] the range of the image's finite values.
inline void write_png(const std::string& path, const float* data, int width, int height) {
  detail::check_pgm_arguments(data, width, height);
  const auto window = detail::full_range_window(data, width, height);
  const std::vector<unsigned char> levels = detail::to_grey_levels(data, width, height, window.first, window.second);
  detail::write_png_bytes(path, levels.data(), width, height, 1);
}

// An RGB image, 3 bytes a pixel, row-major, row 0 at the top.
inline void write_png_rgb(const std::string& path, const std::vector<unsigned char>& rgb, int width, int height) {
  detail::require(rgb.size() == std::size_t(width) * std::size_t(height) * 3, "rgb",
                  "holds " + detail::to_text(rgb.size()) + " bytes, expected width x height x 3");
  detail::write_png_bytes(path, rgb.data(), width, height, 3);
}

}  // namespace pyronn
