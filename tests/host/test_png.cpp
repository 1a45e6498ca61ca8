// The dependency-free PNG writer: known CRC and Adler values, and a file whose chunks parse back to
// the pixels that went in, through a decoder of the fixed-Huffman deflate subset written here from
// RFC 1951's tables.

#include <pyronn/io/png.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace pyronn;

namespace {

std::uint32_t read_u32(const std::vector<unsigned char>& b, std::size_t at) {
  return std::uint32_t(b[at]) << 24 | std::uint32_t(b[at + 1]) << 16 | std::uint32_t(b[at + 2]) << 8 | b[at + 3];
}


// Inflates one fixed-Huffman block whose matches use distances 1..4 (what zlib_compress writes).
std::vector<unsigned char> inflate_fixed(const std::vector<unsigned char>& z) {
  std::size_t bit = 16;  // after the 2-byte zlib header
  auto next = [&]() { const int b = (z[bit / 8] >> (bit % 8)) & 1; ++bit; return b; };
  auto bits = [&](int n) { int v = 0; for (int i = 0; i < n; ++i) v |= next() << i; return v; };
  auto code = [&](int n) { int v = 0; for (int i = 0; i < n; ++i) v = (v << 1) | next(); return v; };
  REQUIRE(bits(1) == 1);  // BFINAL
  REQUIRE(bits(2) == 1);  // fixed codes
  static const int base[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                             131, 163, 195, 227, 258};
  static const int extra[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  std::vector<unsigned char> out;
  for (;;) {
    int c = code(7), symbol;
    if (c <= 23) symbol = 256 + c;
    else {
      c = (c << 1) | next();
      if (c >= 0x30 && c <= 0xBF) symbol = c - 0x30;
      else if (c >= 0xC0 && c <= 0xC7) symbol = 280 + c - 0xC0;
      else symbol = 144 + (((c << 1) | next()) - 0x190);
    }
    if (symbol < 256) { out.push_back(static_cast<unsigned char>(symbol)); continue; }
    if (symbol == 256) break;
    const int length = base[symbol - 257] + bits(extra[symbol - 257]);
    const int distance_code = code(5);
    REQUIRE(distance_code < 4);
    for (int k = 0; k < length; ++k) out.push_back(out[out.size() - std::size_t(distance_code + 1)]);
  }
  const std::size_t end = (bit + 7) / 8;
  CHECK(read_u32(z, end) == detail::adler32(out));
  return out;
}
}  // namespace

TEST_CASE("PNG checksums match their specifications", "[io][png]") {
  const std::string iend = "IEND";
  CHECK(detail::crc32(reinterpret_cast<const unsigned char*>(iend.data()), 4) == 0xAE426082u);  // every PNG ends so
  const std::string nine = "123456789";
  CHECK(detail::crc32(reinterpret_cast<const unsigned char*>(nine.data()), 9) == 0xCBF43926u);  // the CRC-32 check value
  const std::vector<unsigned char> wikipedia = {'W', 'i', 'k', 'i', 'p', 'e', 'd', 'i', 'a'};
  CHECK(detail::adler32(wikipedia) == 0x11E60398u);  // Adler-32 of "Wikipedia"
}

TEST_CASE("a written PNG parses back to its pixels", "[io][png]") {
  const int width = 300, height = 250;
  std::vector<unsigned char> rgb(std::size_t(width) * height * 3);
  // Noise in the left half, flat bands in the right: literals and long matches both.
  for (std::size_t i = 0; i < rgb.size(); ++i)
    rgb[i] = (i / 3) % width < std::size_t(width / 2) ? static_cast<unsigned char>((i * 7919) % 251)
                                                      : static_cast<unsigned char>(40 * ((i / 3) / width / 50));
  const std::string path = "pyronn_test_png.png";
  write_png_rgb(path, rgb, width, height);
  std::ifstream in(path, std::ios::binary);
  const std::vector<unsigned char> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  std::remove(path.c_str());
  REQUIRE(file.size() > 8);
  CHECK(std::string(file.begin() + 1, file.begin() + 4) == "PNG");
  std::vector<unsigned char> zlib;
  for (std::size_t at = 8; at < file.size();) {
    const std::uint32_t length = read_u32(file, at);
    const std::string type(file.begin() + std::ptrdiff_t(at + 4), file.begin() + std::ptrdiff_t(at + 8));
    CHECK(detail::crc32(file.data() + at + 4, length + 4) == read_u32(file, at + 8 + length));
    if (type == "IHDR") {
      CHECK(read_u32(file, at + 8) == std::uint32_t(width));
      CHECK(read_u32(file, at + 12) == std::uint32_t(height));
    }
    if (type == "IDAT") zlib.insert(zlib.end(), file.begin() + std::ptrdiff_t(at + 8), file.begin() + std::ptrdiff_t(at + 8 + length));
    at += 12 + length;
  }
  // Inflate, then undo the Sub filter of each row.
  const std::vector<unsigned char> raw = inflate_fixed(zlib);
  REQUIRE(raw.size() == std::size_t(height) * (width * 3 + 1));
  std::vector<unsigned char> pixels;
  for (int y = 0; y < height; ++y) {
    const std::size_t row = std::size_t(y) * (width * 3 + 1);
    CHECK(raw[row] == 1);
    for (int x = 0; x < width * 3; ++x)
      pixels.push_back(static_cast<unsigned char>(raw[row + 1 + x] + (x >= 3 ? pixels[pixels.size() - 3] : 0)));
  }
  CHECK(pixels == rgb);
}

TEST_CASE("the PNG writer refuses bad input", "[io][png][errors]") {
  std::vector<float> image(4, 1.f);
  CHECK_THROWS_AS(write_png("x.png", nullptr, 2, 2), invalid_argument);
  CHECK_THROWS_AS(write_png("x.png", image.data(), 0, 2), invalid_argument);
  CHECK_THROWS_AS(write_png("x.png", image.data(), 2, 2, 1.f, 1.f), invalid_argument);
  CHECK_THROWS_AS(write_png_rgb("x.png", std::vector<unsigned char>(5), 2, 2), invalid_argument);
  CHECK_THROWS_AS(write_png("/nonexistent-dir/x.png", image.data(), 2, 2), error);
}
