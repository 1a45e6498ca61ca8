#pragma once
// The ramp filter of an equiangular (arc or cylindrical) detector, whose rows are sampled at equal
// angles alpha from the source. Kak & Slaney, "Principles of Computerized Tomographic Imaging",
// §3.4.1, eq. (3.69)-(3.72): the fan-angle filter is g(gamma) = (gamma / sin gamma)^2 h(gamma),
// h the ramp filter (the 1/2 of eq. 3.72 is the full turn's redundancy weight here). With the
// taps of h made at the isocentre's arc spacing D alpha (filter_taps), lag n stands for the fan
// angle n alpha, so the equiangular taps are those taps times (n alpha / sin(n alpha))^2.

#include <pyronn/core/errors.hpp>

#include <cmath>
#include <cstddef>
#include <vector>

namespace pyronn {

// taps: 2 nu - 1 lags, -(nu - 1) .. nu - 1 (recon/filters.hpp's canonical form), made at the
// isocentre's arc spacing; angular_spacing: alpha in rad. Returns them with each lag n scaled by
// (n alpha / sin(n alpha))^2 (1 at n = 0).
inline std::vector<float> equiangular_filter_taps(std::vector<float> taps, double angular_spacing) {
  detail::require(taps.size() % 2 == 1, "taps", "must hold 2 nu - 1 lags, got " + detail::to_text(taps.size()));
  const long long centre = (long long)(taps.size() / 2);
  const double pi = 3.14159265358979323846;
  detail::require(std::isfinite(angular_spacing) && angular_spacing > 0 && double(centre) * angular_spacing < pi,
                  "angular_spacing",
                  "must be > 0 with the row's angular extent below pi, got " + detail::to_text(angular_spacing));
  for (std::size_t i = 0; i < taps.size(); ++i) {
    const double gamma = double((long long)i - centre) * angular_spacing;
    if (gamma == 0) continue;
    const double ratio = gamma / std::sin(gamma);
    taps[i] = float(taps[i] * ratio * ratio);
  }
  return taps;
}

}  // namespace pyronn
