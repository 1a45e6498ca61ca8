#pragma once
// A small zlib (RFC 1950) / deflate (RFC 1951) compressor for the PNG writer: one block with the
// fixed Huffman codes, and as matches only runs that repeat the previous `distance` bytes' pattern
// at distance `distance` (after PNG's Sub filter, flat image regions become runs of zeros at
// distance 1). Not a general compressor: enough to make drawings and flat phantoms small.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pyronn {
namespace detail {

class BitWriter {
 public:
  // `count` bits of `value`, least significant first (deflate's order for everything but codes).
  void bits(std::uint32_t value, int count) {
    for (int i = 0; i < count; ++i) {
      if (used_ == 0) out_.push_back(0);
      out_.back() |= static_cast<unsigned char>(((value >> i) & 1u) << used_);
      used_ = (used_ + 1) % 8;
    }
  }
  // A Huffman code of `length` bits, most significant first.
  void code(std::uint32_t value, int length) {
    for (int i = length - 1; i >= 0; --i) bits((value >> i) & 1u, 1);
  }
  std::vector<unsigned char>& bytes() { return out_; }

 private:
  std::vector<unsigned char> out_;
  int used_ = 0;
};

// Symbol 0..287 of the fixed literal/length code (RFC 1951, section 3.2.6).
inline void fixed_literal_length(BitWriter& w, int symbol) {
  if (symbol < 144) w.code(0x30 + symbol, 8);
  else if (symbol < 256) w.code(0x190 + (symbol - 144), 9);
  else if (symbol < 280) w.code(symbol - 256, 7);
  else w.code(0xC0 + (symbol - 280), 8);
}

// A match of length 3..258 at a distance 1..4 (distance codes 0..3 have no extra bits).
inline void fixed_match(BitWriter& w, int length, int distance) {
  static const int base[] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                             31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  static const int extra[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  int i = 28;
  while (base[i] > length) --i;
  fixed_literal_length(w, 257 + i);
  w.bits(std::uint32_t(length - base[i]), extra[i]);
  w.code(std::uint32_t(distance - 1), 5);
}

inline std::uint32_t adler32(const std::vector<unsigned char>& data) {
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : data) a = (a + c) % 65521, b = (b + a) % 65521;
  return (b << 16) | a;
}

// zlib stream of `raw`; `distance` (1..4): the period of the runs to look for.
inline std::vector<unsigned char> zlib_compress(const std::vector<unsigned char>& raw, int distance) {
  BitWriter w;
  w.bits(0x78, 8);
  w.bits(0x01, 8);
  w.bits(1, 1);  // BFINAL
  w.bits(1, 2);  // BTYPE 01: fixed Huffman codes
  std::size_t i = 0;
  while (i < raw.size()) {
    std::size_t run = 0;
    if (i >= std::size_t(distance))
      while (i + run < raw.size() && run < 258 && raw[i + run] == raw[i + run - distance]) ++run;
    if (run >= 3) {
      fixed_match(w, int(run), distance);
      i += run;
    } else {
      fixed_literal_length(w, raw[i++]);
    }
  }
  fixed_literal_length(w, 256);  // end of block
  std::vector<unsigned char> out = std::move(w.bytes());
  const std::uint32_t check = adler32(raw);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(check >> shift));
  return out;
}

}  // namespace detail
}  // namespace pyronn
