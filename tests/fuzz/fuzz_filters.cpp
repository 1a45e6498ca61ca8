// Drives the reconstruction filters (taps, sampled and tap responses, the DFT helpers) and the
// weight operators with shapes of any size and layout. Lengths a caller may legitimately ask for
// but that take long to compute are skipped; lengths whose 2 nu - 1 cannot fit an int must be
// refused, so those calls run (with small buffers: the library must not read them).

#include "drivers.hpp"
#include "fuzz_check.hpp"

#include <pyronn/host/weights.hpp>
#include <pyronn/recon/filters.hpp>
#include <pyronn/recon/weight_operators.hpp>

#include <optional>
#include <vector>

namespace pyronn_fuzz {
namespace {

using namespace pyronn;

// Bins to compute with: small ones, non-positive ones (refused), and those beyond
// 2^30, where 2 n - 1 overflows an int (refused).
bool computable(int n) { return n <= 64 || n > (1 << 30); }

template <class T>
void require_finite_values(const char* name, const std::vector<T>& values) {
  for (const T& v : values)
    if (!std::isfinite(std::abs(v))) finding(std::string(name) + " gave a non-finite value for finite input");
}

void run_filters(FuzzInput& in) {
  const Filter filter = Filter(in.choice(7));  // 6 is no filter and must be refused
  const int nu = in.count(), length = in.count();
  const double tau = in.real();
  // A long design or response length is a legitimate request, only slow: keep lengths short.
  if (!computable(nu) || length > 4096) return;
  std::vector<float> taps;
  if (attempt("filter_taps", [&] { taps = in.flag() ? filter_taps(filter, nu, tau) : filter_taps(filter, nu, tau, length); }))
    require_finite_values("filter_taps", taps);
  // Any taps buffer that is too small for nu must make filter_response refuse, not read past it.
  const std::vector<float> buffer = finite_data(std::size_t(2 * 64 - 1), in.byte());
  const int claimed_nu = nu <= 64 ? (nu + 1) / 2 : nu;
  std::vector<std::complex<double>> response;
  if (attempt("filter_response", [&] { response = filter_response(buffer.data(), claimed_nu, length); }))
    require_finite_values("filter_response", response);
  std::vector<double> sampled;
  if (attempt("filter_sampled_response", [&] { sampled = filter_sampled_response(filter, length, tau); }))
    require_finite_values("filter_sampled_response", sampled);
  attempt("taps_from_response", [&] { taps_from_response(sampled, nu); });
  attempt("filter_padded_length", [&] { filter_padded_length(nu); });
  attempt("filter_design_length", [&] { filter_design_length(nu); });
}

void run_weights(FuzzInput& in) {
  const WeightShape shape{in.count(), in.count(), in.count(), WeightLayout(in.choice(4))};  // 3 is no layout
  const int batch = in.count(), threads = in.choice(3);
  const bool well_formed = shape.views > 0 && shape.rows > 0 && shape.columns > 0;
  const std::size_t items = well_formed ? exact_product({shape.views, shape.rows, shape.columns}) : 0;
  std::vector<float> weights = finite_data(16, in.byte());
  if (!well_formed || items == 0 || items > max_buffer || batch <= 0 || batch > 4) {
    // Too large to hand buffers to: whatever the library accepts must report its true size.
    std::optional<host::WeightOperator> op;
    if (attempt("WeightOperator", [&] { op.emplace(RayWeights{shape, weights}, threads); }))
      require_size("WeightShape::projection_size()", op->shape().projection_size(),
                   {shape.views, shape.rows, shape.columns});
    return;
  }
  // The weights hold weight_size() values, or a wrong count, which must be refused.
  weights = finite_data(shape.weight_size() + in.choice(2), in.byte());
  const std::vector<float> input = finite_data(std::size_t(batch) * items, in.byte());
  std::vector<float> output(input.size()), gradient(weights.size());
  if (attempt("apply_weights",
              [&] { host::apply_weights(shape, weights.data(), weights.size(), input.data(), output.data(), batch, threads); }))
    require_finite("apply_weights", output);
  if (attempt("weight_gradient", [&] {
        host::weight_gradient(shape, input.data(), input.data(), gradient.data(), gradient.size(), batch, threads);
      }))
    require_finite("weight_gradient", gradient);
}

}  // namespace

void fuzz_filters(FuzzInput& in) {
  if (in.flag())
    run_filters(in);
  else
    run_weights(in);
}

}  // namespace pyronn_fuzz
