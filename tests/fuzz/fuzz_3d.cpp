// Drives the 3D geometries (parallel, cone) through their constructors and setters, then one of:
// Projector3D (software or texture-emulating interpolation), FBP3D/FDK or the cone weight
// operators. Operators get buffers only when the geometry is small and the ray march is short;
// a step so small that the sample count cannot fit an int must be refused, so those calls run too.

#include "drivers.hpp"
#include "fuzz_check.hpp"

#include <pyronn/geometry/cone_3d.hpp>
#include <pyronn/geometry/parallel_3d.hpp>
#include <pyronn/geometry/trajectory_3d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/projector_3d.hpp>
#include <pyronn/host/weights.hpp>
#include <pyronn/recon/weight_operators.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <type_traits>
#include <vector>

namespace pyronn_fuzz {
namespace {

using namespace pyronn;

template <class G>
bool small(const G& g) {
  // volume x sinogram bounds the adjoint's voxel-by-pixel footprint loops.
  return g.volume_size() <= max_buffer && g.sinogram_size() <= max_buffer &&
         g.volume_size() * g.sinogram_size() <= (std::size_t(1) << 20);
}

void apply_trajectory(GeometryParallel3D& g, FuzzInput& in) {
  std::vector<dvec3> rays(std::min<std::size_t>(std::size_t(g.number_of_projections()), 64) + in.choice(2));
  for (auto& r : rays) r = {in.real(), in.real(), in.real()};
  attempt("set_ray_vectors", [&] { g.set_ray_vectors(rays); });
}

void apply_trajectory(GeometryCone3D& g, FuzzInput& in) {
  if (in.flag()) {
    const double pitch = in.real(), start_z = in.real();
    attempt("helical_trajectory_3d", [&] { g.set_projection_matrices(helical_trajectory_3d(g, pitch, start_z)); });
    return;
  }
  std::vector<ProjectionMatrix> matrices(std::min<std::size_t>(std::size_t(g.number_of_projections()), 64) +
                                         in.choice(2));
  for (auto& p : matrices)
    for (auto& row : p)
      for (auto& entry : row) entry = in.real();
  attempt("set_projection_matrices", [&] { g.set_projection_matrices(matrices); });
}

template <class G>
void apply_setters(G& g, FuzzInput& in) {
  if (in.flag()) attempt("set_volume_origin", [&] { g.set_volume_origin({in.real(), in.real(), in.real()}); });
  if (in.flag()) attempt("set_detector_origin", [&] { g.set_detector_origin({in.real(), in.real()}); });
  if (in.flag()) apply_trajectory(g, in);
}

// Samples along the longest ray through the volume's box grown by a voxel (what the ray march
// clips to), for a step of step_mm.
template <class G>
double samples_per_ray(const G& g, float step_mm) {
  double squared = 0;
  for (int a = 0; a < 3; ++a) {
    const double extent = (g.volume_shape()[a] + 1) * g.volume_spacing()[a];
    squared += extent * extent;
  }
  return std::sqrt(squared) / step_mm;
}

template <class G, Interpolation I>
void run_projector(const G& g, FuzzInput& in) {
  const double step_size = in.real();
  const int threads = in.count();
  std::optional<host::Projector3D<G, I>> p;
  if (!attempt("Projector3D", [&] { p.emplace(g, step_size, threads); })) return;
  if (!small(g)) {
    std::vector<float> a(16), b(16);
    expect_refused("Projector3D::forward (sized, buffers too small)",
                   [&] { p->forward(a.data(), a.size(), b.data(), b.size()); });
    expect_refused("Projector3D::adjoint (sized, buffers too small)",
                   [&] { p->adjoint(b.data(), b.size(), a.data(), a.size()); });
    return;
  }
  // Short marches run; marches of 2^40 samples or more (or NaN) cannot be counted in an int and
  // must be refused; in between is legitimate but slow work, which we skip.
  const double samples = samples_per_ray(g, p->step_mm());
  const bool short_march = samples * double(g.sinogram_size()) <= 2e5;
  if (!short_march && samples < 0x1p40) return;

  const std::vector<float> volume = finite_data(g.volume_size(), in.byte());
  const std::vector<float> projections = finite_data(g.sinogram_size(), in.byte());
  std::vector<float> volume_out(volume.size()), projections_out(projections.size());
  if (attempt("Projector3D::forward", [&] { p->forward(volume.data(), projections_out.data()); }))
    require_finite("Projector3D::forward", projections_out);
  if (attempt("Projector3D::adjoint", [&] { p->adjoint(projections.data(), volume_out.data()); }))
    require_finite("Projector3D::adjoint", volume_out);
  if (attempt("Projector3D::backproject_fbp", [&] { p->backproject_fbp(projections.data(), volume_out.data()); }))
    require_finite("Projector3D::backproject_fbp", volume_out);

  // Input and output overlapping in one buffer must be refused (not in every input: the seeds
  // of the corpus stay clear of it, the fuzzer reaches it with one bit).
  if (!in.flag()) return;
  std::vector<float> shared(g.volume_size() + g.sinogram_size());
  const std::size_t shift = in.byte() % std::min(g.volume_size(), g.sinogram_size());
  expect_refused("Projector3D::forward (overlapping buffers)", [&] { p->forward(shared.data(), shared.data() + shift); });
}

template <class G, Interpolation I>
void run_fbp(const G& g, FuzzInput& in) {
  const Filter filter = Filter(in.choice(7));  // 6 is no filter and must be refused
  const FilterMethod method = FilterMethod(in.choice(3));
  const int threads = in.count();
  // As in 2D: 2^6 .. 2^30 bins per row is legitimate but slow to design taps for.
  const int nu = g.detector_shape()[1];
  if (nu > 64 && nu <= (1 << 30)) return;
  std::optional<host::FBP3D<G, I>> fbp;
  if (!attempt("FBP3D", [&] { fbp.emplace(g, filter, threads, method); })) return;
  if (!small(g)) return;
  const std::vector<float> projections = finite_data(g.sinogram_size(), in.byte());
  std::vector<float> volume(g.volume_size());
  if (attempt("FBP3D::reconstruct", [&] { fbp->reconstruct(projections.data(), volume.data()); }))
    require_finite("FBP3D::reconstruct", volume);
}

void run_cone_weights(const GeometryCone3D& g, FuzzInput& in) {
  const int kind = in.choice(3);
  const double q = in.real();
  if (!small(g)) return;  // the generators make one weight per ray
  std::optional<RayWeights> w;
  if (!attempt("cone ray weights", [&] {
        w.emplace(kind == 0 ? cosine_ray_weights(g) : kind == 1 ? parker_ray_weights(g) : wesarg_ray_weights(g, q));
      }))
    return;
  require_finite("cone ray weights", w->values);
  std::optional<host::WeightOperator> op;
  if (!attempt("WeightOperator", [&] { op.emplace(*w, 1); })) return;
  const std::vector<float> input = finite_data(g.sinogram_size(), in.byte());
  std::vector<float> output(input.size());
  if (attempt("WeightOperator::forward", [&] { op->forward(input.data(), output.data()); }))
    require_finite("WeightOperator::forward", output);
}

template <class G>
void drive(G& g, FuzzInput& in) {
  const auto& v = g.volume_shape();
  const auto& d = g.detector_shape();
  require_size("volume_size()", g.volume_size(), {v[0], v[1], v[2]});
  require_size("sinogram_size()", g.sinogram_size(), {g.number_of_projections(), d[0], d[1]});
  apply_setters(g, in);
  if constexpr (std::is_same_v<G, GeometryCone3D>)
    if (in.flag()) return run_cone_weights(g, in);
  switch (in.choice(4)) {
    case 0: run_projector<G, Interpolation::software>(g, in); break;
    case 1: run_projector<G, Interpolation::texture>(g, in); break;
    case 2: run_fbp<G, Interpolation::software>(g, in); break;
    default: run_fbp<G, Interpolation::texture>(g, in); break;
  }
}

}  // namespace

void fuzz_3d(FuzzInput& in) {
  const bool cone = in.flag();
  const std::array<int, 3> shape{in.count(), in.count(), in.count()};
  const std::array<double, 3> spacing{in.real(), in.real(), in.real()};
  const std::array<int, 2> detector{in.count(), in.count()};
  const std::array<double, 2> detector_spacing{in.real(), in.real()};
  const int views = in.count();
  const double angular_range = in.real();
  if (cone) {
    const double sdd = in.real(), sid = in.real();
    std::optional<GeometryCone3D> g;
    if (!attempt("GeometryCone3D",
                 [&] { g.emplace(shape, spacing, detector, detector_spacing, views, angular_range, sdd, sid); }))
      return;
    drive(*g, in);
  } else {
    std::optional<GeometryParallel3D> g;
    if (!attempt("GeometryParallel3D",
                 [&] { g.emplace(shape, spacing, detector, detector_spacing, views, angular_range); }))
      return;
    drive(*g, in);
  }
}

}  // namespace pyronn_fuzz
