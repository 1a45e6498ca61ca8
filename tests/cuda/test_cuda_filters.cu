// The CUDA row filter: direct and cuFFT methods against the host driver, for filtering, its
// adjoint and the taps gradient; passes and partial last passes; refused input.

#include "../support/numerics.hpp"
#include "../support/refused.hpp"

#include <pyronn/cuda/filter_engine.cuh>
#include <pyronn/host/filter_rows.hpp>
#include <pyronn/host/filter_rows_gradient.hpp>
#include <pyronn/recon/filters.hpp>

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <string>
#include <vector>

using namespace pyronn;
using pyronn_test::check_refused;
using pyronn_test::random_vector;

namespace {

std::vector<float> to_host(const thrust::device_vector<float>& d) { return std::vector<float>(d.begin(), d.end()); }
float* raw(thrust::device_vector<float>& d) { return thrust::raw_pointer_cast(d.data()); }

struct Case {
  int nu, nv, views, batch;
  bool cosine;
  Filter filter;
  int rows_per_pass;
};

struct Outcome {
  double filter, adjoint, taps;
};

Outcome compare_with_host(const Case& c, FilterMethod method) {
  const std::size_t rows = std::size_t(c.batch) * c.views * c.nv, n = rows * c.nu;
  const auto redundancy = random_vector(std::size_t(c.views) * c.nu, 1, 0.2f, 1.f);
  const auto cosine = random_vector(std::size_t(c.nv) * c.nu, 2, 0.5f, 1.f);
  const auto input = random_vector(n, 3, -1.f, 1.f), grad_output = random_vector(n, 4, -1.f, 1.f);
  const auto taps = filter_taps(c.filter, c.nu, 0.8);

  const FilterRowsParams host_params{redundancy.data(), c.cosine ? cosine.data() : nullptr, taps.data(), c.nu, c.nv, c.views};
  std::vector<float> q(n), g(n), t(taps.size());
  host::filter_rows(input.data(), q.data(), rows, host_params, 0);
  host::filter_rows_adjoint(grad_output.data(), g.data(), rows, host_params, 0);
  host::filter_rows_taps_gradient(input.data(), grad_output.data(), rows, host_params, t.data(), 0);

  thrust::device_vector<float> d_redundancy(redundancy), d_cosine(cosine), d_taps(taps), d_input(input),
      d_grad_output(grad_output), d_q(n), d_g(n), d_t(taps.size());
  const FilterRowsParams params{raw(d_redundancy), c.cosine ? raw(d_cosine) : nullptr, raw(d_taps), c.nu, c.nv, c.views};
  pyronn::cuda::RowFilter engine(c.nu, method, c.rows_per_pass);
  REQUIRE(engine.method() == method);
  pyronn::cuda::FilterWorkspace workspace(engine.workspace_bytes());
  cudaStream_t stream;
  REQUIRE(cudaStreamCreate(&stream) == cudaSuccess);
  engine.filter(raw(d_input), raw(d_q), rows, params, workspace.data(), workspace.size(), stream);
  engine.adjoint(raw(d_grad_output), raw(d_g), rows, params, workspace.data(), workspace.size(), stream);
  engine.taps_gradient(raw(d_input), raw(d_grad_output), rows, params, raw(d_t), workspace.data(), workspace.size(), stream);
  REQUIRE(cudaStreamSynchronize(stream) == cudaSuccess);
  cudaStreamDestroy(stream);
  return {pyronn_test::relative_max(to_host(d_q), q), pyronn_test::relative_max(to_host(d_g), g),
          pyronn_test::relative_max(to_host(d_t), t)};
}

}  // namespace

TEST_CASE("cuda filters: direct and cuFFT row filtering agree with the host driver", "[cuda][filters]") {
  // rows_per_pass 7 leaves a partial last pass; 0 takes the default (one pass here).
  const Case cases[] = {{1, 1, 3, 2, false, Filter::ram_lak, 0},  {8, 3, 5, 2, true, Filter::ramp, 7},
                        {23, 1, 17, 3, false, Filter::hann, 0},   {64, 4, 9, 2, true, Filter::hamming, 7},
                        {101, 1, 47, 2, false, Filter::ram_lak, 0}, {300, 2, 12, 1, true, Filter::shepp_logan, 5}};
  double worst[2][3] = {{0, 0, 0}, {0, 0, 0}};
  for (const Case& c : cases)
    for (FilterMethod method : {FilterMethod::direct, FilterMethod::fft}) {
      const Outcome o = compare_with_host(c, method);
      INFO("nu " << c.nu << ", " << to_string(method) << ", rows per pass " << c.rows_per_pass);
      CHECK(o.filter <= 2e-6);
      CHECK(o.adjoint <= 2e-6);
      CHECK(o.taps <= 1e-5);
      const int m = method == FilterMethod::fft ? 1 : 0;
      worst[m][0] = std::max(worst[m][0], o.filter);
      worst[m][1] = std::max(worst[m][1], o.adjoint);
      worst[m][2] = std::max(worst[m][2], o.taps);
    }
  for (int m = 0; m < 2; ++m) {
    const std::string name = m ? "cuFFT" : "direct";
    pyronn_test::print_figure(("cuda " + name + " row filter vs host, relative max difference").c_str(), worst[m][0]);
    pyronn_test::print_figure(("cuda " + name + " row filter adjoint vs host, relative max difference").c_str(), worst[m][1]);
    pyronn_test::print_figure(("cuda " + name + " taps gradient vs host, relative max difference").c_str(), worst[m][2]);
  }
}

TEST_CASE("cuda filters: the cuFFT adjoint passes the dot-product test", "[cuda][filters]") {
  const int nu = 77, views = 13;
  const auto redundancy = random_vector(std::size_t(views) * nu, 5, 0.2f, 1.f);
  const auto x = random_vector(std::size_t(views) * nu, 6), y = random_vector(std::size_t(views) * nu, 7);
  const auto taps = filter_taps(Filter::cosine, nu, 1.0);
  thrust::device_vector<float> d_redundancy(redundancy), d_taps(taps), d_x(x), d_y(y), d_fx(x.size()), d_fty(x.size());
  const FilterRowsParams params{raw(d_redundancy), nullptr, raw(d_taps), nu, 1, views};
  pyronn::cuda::RowFilter engine(nu, FilterMethod::fft);
  pyronn::cuda::FilterWorkspace workspace(engine.workspace_bytes());
  engine.filter(raw(d_x), raw(d_fx), views, params, workspace.data(), workspace.size());
  engine.adjoint(raw(d_y), raw(d_fty), views, params, workspace.data(), workspace.size());
  const double mismatch = pyronn_test::adjoint_mismatch(to_host(d_fx), y, x, to_host(d_fty));
  pyronn_test::print_figure("cuda cuFFT row filter dot-product mismatch", mismatch);
  CHECK(mismatch <= 1e-6);
}

TEST_CASE("cuda filters: the automatic rule and refused input", "[cuda][filters][errors]") {
  CHECK(pyronn::cuda::resolve_filter_method(FilterMethod::automatic, pyronn::cuda::fft_threshold_cuda) == FilterMethod::fft);
  CHECK(pyronn::cuda::resolve_filter_method(FilterMethod::automatic, pyronn::cuda::fft_threshold_cuda - 1) ==
        FilterMethod::direct);
  CHECK(pyronn::cuda::RowFilter(16, FilterMethod::direct).workspace_bytes() == 0);

  const int nu = 70, views = 3;
  const auto redundancy = random_vector(std::size_t(views) * nu, 8), taps = filter_taps(Filter::ram_lak, nu, 1.0);
  const std::vector<float> host_input(std::size_t(views) * nu, 1.f);
  thrust::device_vector<float> d_redundancy(redundancy), d_taps(taps), d_input(host_input), d_output(host_input.size()),
      d_grad(taps.size());
  const FilterRowsParams params{raw(d_redundancy), nullptr, raw(d_taps), nu, 1, views};
  pyronn::cuda::RowFilter engine(nu, FilterMethod::fft, 2);
  pyronn::cuda::FilterWorkspace workspace(engine.workspace_bytes());
  void* ws = workspace.data();
  const std::size_t wn = workspace.size();
  check_refused([&] { engine.filter(host_input.data(), raw(d_output), views, params, ws, wn); }, "input");
  check_refused([&] { engine.filter(raw(d_input), raw(d_input) + nu, views, params, ws, wn); }, "output");  // overlap
  check_refused([&] { engine.taps_gradient(raw(d_input), raw(d_input), views, params, raw(d_input) + 1, ws, wn); },
                "grad_taps");
  check_refused([&] { engine.filter(raw(d_input), raw(d_output), views, params, ws, wn - 1); }, "workspace_size");
  check_refused([&] { engine.filter(raw(d_input), raw(d_output), 0, params, ws, wn); }, "rows");
  FilterRowsParams p = params;
  p.nu = nu + 1;
  check_refused([&] { engine.filter(raw(d_input), raw(d_output), views, p, ws, wn); }, "params.nu");
  p = params;
  p.taps = taps.data();  // host memory
  check_refused([&] { engine.adjoint(raw(d_input), raw(d_output), views, p, ws, wn); }, "params.taps");
  std::vector<float> host_grad(taps.size());
  check_refused([&] { engine.taps_gradient(raw(d_input), raw(d_output), views, params, host_grad.data(), ws, wn); },
                "grad_taps");
  check_refused([&] { pyronn::cuda::RowFilter(0); }, "detector_shape");
  check_refused([&] { pyronn::cuda::FilterFFT(8, -1); }, "rows_per_pass");
}
