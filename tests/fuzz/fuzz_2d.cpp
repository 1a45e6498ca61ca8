// Drives the 2D geometries (parallel, fan) through their constructors and setters, then one of:
// Projector2D (software or texture-emulating interpolation), FBP2D, the fan weight operators or a
// solver. Operators get buffers only when the geometry is small (fuzz_check.hpp, max_buffer);
// larger geometries are constructed and their sized calls must refuse our small buffers.

#include "drivers.hpp"
#include "fuzz_check.hpp"
#include "fuzz_solvers.hpp"

#include <pyronn/geometry/fan_2d.hpp>
#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/host/weights.hpp>
#include <pyronn/recon/weight_operators.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <type_traits>
#include <vector>

namespace pyronn_fuzz {
namespace {

using namespace pyronn;

template <class G>
bool small(const G& g) {
  return g.volume_size() <= max_buffer && g.sinogram_size() <= max_buffer;
}

template <class G>
void apply_setters(G& g, FuzzInput& in) {
  if (in.flag()) attempt("set_volume_origin", [&] { g.set_volume_origin({in.real(), in.real()}); });
  if (in.flag()) attempt("set_detector_origin", [&] { g.set_detector_origin(in.real()); });
  if (in.flag()) {
    // One vector per view, or a wrong count, which must be refused.
    std::vector<dvec2> rays(std::min<std::size_t>(std::size_t(g.number_of_projections()), 64) + in.choice(2));
    for (auto& r : rays) r = {in.real(), in.real()};
    attempt("set_central_ray_vectors", [&] { g.set_central_ray_vectors(rays); });
  }
}

template <class G, Interpolation I>
void run_projector(const G& g, FuzzInput& in) {
  const int threads = in.count();
  std::optional<host::Projector2D<G, I>> p;
  if (!attempt("Projector2D", [&] { p.emplace(g, threads); })) return;
  if (!small(g)) {
    std::vector<float> a(16), b(16);
    expect_refused("Projector2D::forward (sized, buffers too small)",
                   [&] { p->forward(a.data(), a.size(), b.data(), b.size()); });
    expect_refused("Projector2D::adjoint (sized, buffers too small)",
                   [&] { p->adjoint(b.data(), b.size(), a.data(), a.size()); });
    return;
  }
  const int batch = 1 + in.choice(2);
  const std::vector<float> image = finite_data(batch * g.volume_size(), in.byte());
  const std::vector<float> sinogram = finite_data(batch * g.sinogram_size(), in.byte());
  std::vector<float> image_out(image.size()), sinogram_out(sinogram.size());
  if (attempt("Projector2D::forward", [&] { p->forward(image.data(), sinogram_out.data(), batch); }))
    require_finite("Projector2D::forward", sinogram_out);
  if (attempt("Projector2D::adjoint", [&] { p->adjoint(sinogram.data(), image_out.data(), batch); }))
    require_finite("Projector2D::adjoint", image_out);
  if (attempt("Projector2D::backproject_fbp", [&] { p->backproject_fbp(sinogram.data(), image_out.data(), batch); }))
    require_finite("Projector2D::backproject_fbp", image_out);

  // Sized form with any sizes up to our buffers: whatever it accepts, it must stay inside them.
  const std::size_t image_size = std::size_t(unsigned(in.count())) % (image.size() + 1);
  const std::size_t sinogram_size = std::size_t(unsigned(in.count())) % (sinogram_out.size() + 1);
  attempt("Projector2D::forward (sized)",
          [&] { p->forward(image.data(), image_size, sinogram_out.data(), sinogram_size); });

  // Input and output overlapping in one buffer must be refused (not in every input: the seeds
  // of the corpus stay clear of it, the fuzzer reaches it with one bit).
  if (!in.flag()) return;
  std::vector<float> shared(g.volume_size() + g.sinogram_size());
  const std::size_t shift = in.byte() % std::min(g.volume_size(), g.sinogram_size());
  expect_refused("Projector2D::forward (overlapping buffers)",
                 [&] { p->forward(shared.data(), shared.data() + shift); });
  expect_refused("Projector2D::adjoint (overlapping buffers)",
                 [&] { p->adjoint(shared.data(), shared.data() + shift); });
}

template <class G, Interpolation I>
void run_fbp(const G& g, FuzzInput& in) {
  const Filter filter = Filter(in.choice(7));  // 6 is no filter and must be refused
  const FilterMethod method = FilterMethod(in.choice(3));
  const int threads = in.count();
  // Designing taps for 2^6 .. 2^30 bins is legitimate but slow work; beyond 2^30, 2 nu - 1 no
  // longer fits an int and the library must refuse before it computes anything.
  const int nu = g.detector_shape();
  if (nu > 64 && nu <= (1 << 30)) return;
  std::optional<host::FBP2D<G, I>> fbp;
  if (!attempt("FBP2D", [&] { fbp.emplace(g, filter, threads, method); })) return;
  if (!small(g)) return;
  const std::vector<float> sinogram = finite_data(g.sinogram_size(), in.byte());
  std::vector<float> image(g.volume_size()), filtered(sinogram.size());
  if (attempt("FBP2D::filter", [&] { fbp->filter(sinogram.data(), filtered.data()); }))
    require_finite("FBP2D::filter", filtered);
  if (attempt("FBP2D::reconstruct", [&] { fbp->reconstruct(sinogram.data(), image.data()); }))
    require_finite("FBP2D::reconstruct", image);
}

void run_fan_weights(const GeometryFan2D& g, FuzzInput& in) {
  const int kind = in.choice(3);
  const double q = in.real();
  const int threads = in.count();
  if (!small(g)) return;  // the generators make one weight per ray
  std::optional<RayWeights> w;
  if (!attempt("fan ray weights", [&] {
        w.emplace(kind == 0 ? cosine_ray_weights(g) : kind == 1 ? parker_ray_weights(g) : wesarg_ray_weights(g, q));
      }))
    return;
  require_finite("fan ray weights", w->values);
  std::optional<host::WeightOperator> op;
  if (!attempt("WeightOperator", [&] { op.emplace(*w, threads); })) return;
  const std::vector<float> input = finite_data(g.sinogram_size(), in.byte());
  std::vector<float> output(input.size());
  if (attempt("WeightOperator::forward", [&] { op->forward(input.data(), output.data()); }))
    require_finite("WeightOperator::forward", output);
}

template <class G>
void run_solver_on(const G& g, FuzzInput& in) {
  if (!small(g)) return;
  std::optional<host::Projector2D<G>> p;
  if (attempt("Projector2D", [&] { p.emplace(g, 1 + in.choice(2)); })) run_solver(*p, in);
}

template <class G>
void drive(G& g, FuzzInput& in) {
  require_size("volume_size()", g.volume_size(), {g.volume_shape()[0], g.volume_shape()[1]});
  require_size("sinogram_size()", g.sinogram_size(), {g.number_of_projections(), g.detector_shape()});
  apply_setters(g, in);
  if constexpr (std::is_same_v<G, GeometryFan2D>)
    if (in.flag()) return run_fan_weights(g, in);
  switch (in.choice(5)) {
    case 0: run_projector<G, Interpolation::software>(g, in); break;
    case 1: run_projector<G, Interpolation::texture>(g, in); break;
    case 2: run_fbp<G, Interpolation::software>(g, in); break;
    case 3: run_fbp<G, Interpolation::texture>(g, in); break;
    default: run_solver_on(g, in); break;
  }
}

}  // namespace

void fuzz_2d(FuzzInput& in) {
  const bool fan = in.flag();
  const std::array<int, 2> shape{in.count(), in.count()};
  const std::array<double, 2> spacing{in.real(), in.real()};
  const int bins = in.count();
  const double bin_spacing = in.real();
  const int views = in.count();
  const double angular_range = in.real();
  if (fan) {
    const double sdd = in.real(), sid = in.real();
    std::optional<GeometryFan2D> g;
    if (!attempt("GeometryFan2D", [&] { g.emplace(shape, spacing, bins, bin_spacing, views, angular_range, sdd, sid); }))
      return;
    drive(*g, in);
  } else {
    std::optional<GeometryParallel2D> g;
    if (!attempt("GeometryParallel2D", [&] { g.emplace(shape, spacing, bins, bin_spacing, views, angular_range); }))
      return;
    drive(*g, in);
  }
}

}  // namespace pyronn_fuzz
