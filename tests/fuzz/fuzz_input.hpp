#pragma once
// Decodes a libFuzzer input into the parameters of one API call sequence. Every value reads a
// tag byte that chooses between a small, well-formed value (so that most inputs reach the
// operators and run fast) and a hostile one (raw bits or a special value). When the input runs
// out every read returns the value of a zero byte, which is a valid default: an empty tail still
// makes a usable geometry. make_corpus.py writes seeds in this encoding.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

namespace pyronn_fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t byte() { return position_ < size_ ? data_[position_++] : 0; }

  // One of n choices (n <= 256).
  int choice(int n) { return byte() % n; }
  bool flag() { return byte() & 1; }

  // A size or count the library must check: tag < 240 gives tag % 17 (0..16: small, and 0 must
  // be refused); tag >= 240 gives any int from the next four bytes (negative, INT_MAX, ...).
  int count() {
    const std::uint8_t tag = byte();
    if (tag < 240) return tag % 17;
    return int(bits<std::uint32_t>());
  }

  // A real parameter: tag < 32 picks a special value; tag < 128 reads a 16-bit signed k and gives
  // k / 16 (so -2048 .. 2048 in steps of 1/16: spacings, distances, angles a user would pass);
  // otherwise any double from the next eight bytes (NaN payloads, subnormals, 1e300, ...).
  double real() {
    const std::uint8_t tag = byte();
    if (tag < 32) return special(tag);
    if (tag < 128) return double(std::int16_t(bits<std::uint16_t>())) / 16.0;
    return bits<double>();
  }

  std::size_t consumed() const { return position_; }

 private:
  // Index 0 is 1.0 so that an exhausted input reads a usable spacing.
  static double special(int i) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    constexpr double table[32] = {1.0,    0.0,    -0.0,    -1.0,  0.5,     2.0,    3.14159265358979,
                                  6.28318530717959,       inf,   -inf,     std::numeric_limits<double>::quiet_NaN(),
                                  1e-300, 1e300,  -1e300,  1e-50, 1e-38,   1e-45,  1e38,
                                  3.5e38, 1e-7,   1e7,     1e15,  4.9e-324, 1.7976931348623157e308,
                                  100.0,  200.0,  1000.0,  1e-3,  16.0,    -16.0,  0.1,
                                  2147483648.0};
    return table[i];
  }

  template <class T>
  T bits() {
    unsigned char raw[sizeof(T)] = {};
    for (auto& b : raw) b = byte();
    T value;
    std::memcpy(&value, raw, sizeof(T));
    return value;
  }

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t position_ = 0;
};

}  // namespace pyronn_fuzz
