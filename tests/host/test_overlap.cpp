// An output that shares any element with an input of the same call is refused, naming the
// output: operators, FBP/FDK, row filters and their gradients, weights, solvers and TV. Buffers
// that only touch (one right after the other in one allocation) are accepted.

#include "../support/refused.hpp"

#include <pyronn/host/fbp_2d.hpp>
#include <pyronn/host/fbp_3d.hpp>
#include <pyronn/host/filter_engine.hpp>
#include <pyronn/host/weights.hpp>
#include <pyronn/recon/iterative.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;

namespace {

const double pi = 3.14159265358979323846;

GeometryParallel2D parallel() { return GeometryParallel2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, pi); }
GeometryCone3D cone() { return GeometryCone3D({8, 8, 8}, {1, 1, 1}, {10, 12}, {1, 1}, 8, 2 * pi, 200, 100); }

// Refused naming `output`, and the message says which input it overlaps.
template <class F>
void check_overlap_refused(F&& f, const std::string& output, const std::string& input) {
  check_refused(f, output);
  try {
    f();
  } catch (const invalid_argument& e) {
    CHECK(std::string(e.what()).find("overlaps the input '" + input + "'") != std::string::npos);
  }
}

}  // namespace

TEST_CASE("2D operators refuse an output overlapping the input anywhere in the batch", "[overlap]") {
  const auto g = parallel();
  const host::Projector2D<GeometryParallel2D> op(g, 3);
  const std::size_t ni = g.volume_size(), ns = g.sinogram_size();
  std::vector<float> buffer(4 * (ni + ns), 1.f);
  float* p = buffer.data();
  check_overlap_refused([&] { op.forward(p, p + 8); }, "sinogram", "image");
  check_overlap_refused([&] { op.forward(p + 8, p); }, "sinogram", "image");
  check_overlap_refused([&] { op.adjoint(p, p + ns - 1); }, "image", "sinogram");
  check_overlap_refused([&] { op.backproject_fbp(p + 5, p); }, "image", "sinogram");
  // Disjoint for one item, overlapping through the second item of a batch of two.
  op.forward(p, p + ni);
  check_overlap_refused([&] { op.forward(p, p + ni, 2); }, "sinogram", "image");
  check_overlap_refused([&] { op.forward(p, 2 * ni, p + ni, 2 * ns); }, "sinogram", "image");
  op.forward(p, p + 2 * ni, 2);  // touching, not overlapping
  op.adjoint(p, p + 2 * ns, 2);

  const host::FBP2D<GeometryParallel2D> fbp(g, Filter::ram_lak, 2);
  check_overlap_refused([&] { fbp.filter(p, p + 1); }, "filtered", "sinogram");
  check_overlap_refused([&] { fbp.reconstruct(p + ns - 1, p); }, "image", "sinogram");
  check_overlap_refused([&] { fbp.reconstruct(p, ns, p + ns / 2, ni); }, "image", "sinogram");
  fbp.reconstruct(p, p + ns);
}

TEST_CASE("3D operators and FDK refuse an output overlapping the input", "[overlap]") {
  const auto g = cone();
  const host::Projector3D<GeometryCone3D> op(g, 0.5, 2);
  const std::size_t nv = g.volume_size(), np = g.sinogram_size();
  std::vector<float> buffer(2 * (nv + np), 1.f);
  float* p = buffer.data();
  check_overlap_refused([&] { op.forward(p, p + nv - 1); }, "projections", "volume");
  check_overlap_refused([&] { op.adjoint(p, p + 3); }, "volume", "projections");
  check_overlap_refused([&] { op.backproject_fbp(p + 1, p); }, "volume", "projections");
  op.forward(p, p + nv);

  const host::FDK<> fdk(g, Filter::ram_lak, 2);
  check_overlap_refused([&] { fdk.filter(p, p + np - 1); }, "filtered", "projections");
  check_overlap_refused([&] { fdk.reconstruct(p, p + 7); }, "volume", "projections");
  fdk.reconstruct(p, p + np);
}

TEST_CASE("row filters and their gradients refuse overlapping outputs", "[overlap]") {
  const int nu = 24, rows = 6;
  const std::vector<float> taps = filter_taps(Filter::ram_lak, nu, 1.0);
  const std::vector<float> weights(std::size_t(rows) * nu, 1.f);  // redundancy weights: [views][nu]
  const FilterRowsParams params{weights.data(), nullptr, taps.data(), nu, 1, rows};
  const std::size_t n = std::size_t(rows) * nu;
  std::vector<float> buffer(3 * n, 1.f);
  float* p = buffer.data();
  for (FilterMethod method : {FilterMethod::direct, FilterMethod::automatic}) {
    const host::RowFilter engine(nu, method, 2);
    std::vector<unsigned char> ws(engine.workspace_bytes() + 1);
    check_overlap_refused([&] { engine.filter(p, p + n - 1, rows, params, ws.data(), ws.size()); }, "output", "input");
    check_overlap_refused([&] { engine.adjoint(p + 2, p, rows, params, ws.data(), ws.size()); }, "grad_input",
                          "grad_output");
    check_overlap_refused([&] { engine.taps_gradient(p, p + n, rows, params, p + 4, ws.data(), ws.size()); },
                          "grad_taps", "input");
    check_overlap_refused([&] { engine.taps_gradient(p, p + n, rows, params, p + 2 * n - 3, ws.data(), ws.size()); },
                          "grad_taps", "grad_output");
    engine.filter(p, p + n, rows, params, ws.data(), ws.size());
    // The two inputs of the taps gradient are only read: they may be one array.
    engine.taps_gradient(p, p, rows, params, p + n, ws.data(), ws.size());
  }
  check_overlap_refused([&] { host::filter_rows_adjoint(p, p + 1, rows, params, 1); }, "grad_input", "grad_output");
  check_overlap_refused([&] { host::filter_rows_taps_gradient(p, p + n, rows, params, p + n + 1, 1); }, "grad_taps",
                        "grad_output");
}

TEST_CASE("weights may run in place but refuse any other overlap", "[overlap]") {
  const RayWeights w = cosine_ray_weights(GeometryFan2D({16, 16}, {1.0, 1.0}, 24, 1.0, 8, 2 * pi, 200, 100));
  const host::WeightOperator op(w, 2);
  const std::size_t n = w.shape.projection_size(), nw = w.values.size();
  std::vector<float> buffer(3 * n + nw, 1.f);
  float* p = buffer.data();
  op.forward(p, p);  // in place
  check_overlap_refused([&] { op.forward(p, p + 1); }, "output", "input");
  check_overlap_refused([&] { host::apply_weights(w.shape, p + n - 1, nw, p + 2 * n, p); }, "output", "weights");
  check_overlap_refused([&] { op.gradient_weights(p, p + n, p + 2 * n - 1); }, "grad_weights", "input");
  op.gradient_weights(p, p + n, p + 2 * n);
}

TEST_CASE("solvers and TV refuse overlapping iterates, data and workspace", "[overlap]") {
  const auto g = parallel();
  host::Projector2D<GeometryParallel2D> op(g, 2);
  const std::size_t n = g.volume_size(), m = g.sinogram_size();
  std::vector<float> buffer(2 * (n + m), 0.f);
  float* p = buffer.data();
  CGLS<host::Projector2D<GeometryParallel2D>> cgls(op);
  SIRT<host::Projector2D<GeometryParallel2D>> sirt(op);
  TVGradientDescent<host::Projector2D<GeometryParallel2D>> tv(op);
  check_overlap_refused([&] { cgls.solve(p, p + m - 1, 2); }, "x", "b");
  check_overlap_refused([&] { sirt.solve(p + 1, p, 2); }, "x", "b");
  check_overlap_refused([&] { tv.solve(p, p + m / 2, 2); }, "x", "b");
  std::vector<float> workspace(cgls.workspace_bytes() / sizeof(float) + n + m);
  float* w = workspace.data();
  check_overlap_refused([&] { cgls.solve(w, w + m, 2, w + m + n - 1, cgls.workspace_bytes()); }, "workspace", "x");
  cgls.solve(p, p + m, 2);

  host::VectorSpace space(2);
  const TVShape shape{16, 16, 1};
  check_overlap_refused([&] { total_variation_gradient(space, p, p + 16, shape, 0.1f); }, "gradient", "v");
  total_variation_gradient(space, p, p + n, shape, 0.1f);
}
