#pragma once
// Products of shapes, views, bins and batch sizes that refuse to wrap. Every element count pyronn
// computes from caller-given numbers goes through checked_product, so that a shape whose size
// does not fit (in std::size_t, or in int where a kernel indexes with int) is refused by name
// rather than wrapping to a small or zero size that later checks would accept.

#include <pyronn/core/errors.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace pyronn {
namespace detail {

// The product of factors, or invalid_argument(parameter) if it exceeds limit (std::size_t's
// range by default). The message lists the factors: "a x b x c elements is more than ...".
inline std::size_t checked_product(std::initializer_list<std::size_t> factors, const std::string& parameter,
                                   std::size_t limit = SIZE_MAX) {
  std::size_t product = 1;
  bool fits = true;
  std::string text;
  for (std::size_t f : factors) {
    text += (text.empty() ? "" : " x ") + to_text(f);
    if (f != 0 && product > limit / f) fits = false;
    product = fits ? product * f : 0;
  }
  if (!fits) throw invalid_argument(parameter, text + " elements is more than the limit of " + to_text(limit));
  return product;
}

}  // namespace detail
}  // namespace pyronn
