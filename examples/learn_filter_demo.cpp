// learn_filter_demo: known-operator learning in C++. The FBP filter of a parallel-beam scan is
// learned by gradient descent (Adam) through the backprojector, from synthetic phantoms, and
// compared with the analytic Ram-Lak filter.
//
//   learn_filter_demo [output directory, default demo_output] [--start zeros|perturbed]
//
// The model is reco = B (h * p): p a sinogram, h the filter taps, * the row convolution, and B
// the backprojection. The trained parameters are the filter's frequency response H on the padded
// grid of P points (the taps are its inverse DFT, taps_from_response, as for the library's
// frequency-defined filters): in that basis every parameter acts on its own band, which suits
// Adam's per-parameter steps; in the taps' basis the problem is badly conditioned. B is the exact
// adjoint A^T of the forward projector, scaled by (angular increment x bin width / pixel area) so
// that it approximates the FBP backprojection: then its gradient is exactly the scaled forward
// projection, and the loss's gradient with respect to h is exact, as in PYRO-NN's layers.
// Loss: mean over the training phantoms of |reco - phantom|^2 / |phantom|^2.
//
// Writes learned_filter.csv (frequency index, the ramp's and the learned response; then lag,
// ramp, Ram-Lak and learned taps) and learned_reco.png / ramp_reco.png (a Shepp-Logan phantom the
// training never saw). Exits 1 unless the loss fell at least 10x and the learned filter's error
// on that phantom is within 10 % of the analytic ramp's.

#include "demo_support.hpp"

#include <pyronn/geometry/parallel_2d.hpp>
#include <pyronn/host/filter_engine.hpp>
#include <pyronn/host/projector_2d.hpp>
#include <pyronn/io/png.hpp>
#include <pyronn/phantoms/analytic_sinogram_2d.hpp>
#include <pyronn/phantoms/raster_2d.hpp>
#include <pyronn/phantoms/shepp_logan_2d.hpp>
#include <pyronn/recon/filters.hpp>

#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

const double pi = 3.14159265358979323846;
constexpr int n = 64, bins = 96, views = 90, training_phantoms = 4, iterations = 200;
constexpr int padded = 256;  // the power of two >= 2 bins - 1, as filter_taps uses

using Geometry = pyronn::GeometryParallel2D;

struct Sample {
  std::vector<float> phantom, sinogram;
};

// A phantom of 4 to 9 random ellipses inside the field of view, densities of either sign.
std::vector<pyronn::Ellipse> random_phantom(std::mt19937& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<pyronn::Ellipse> e = {{{0, 0}, {26, 29}, 0.0, 0.5}};  // a body to put them in
  const int count = 4 + int(unit(rng) * 6);
  for (int i = 0; i < count; ++i) {
    const double r = 18 * std::sqrt(unit(rng)), a = 2 * pi * unit(rng);
    e.push_back({{r * std::cos(a), r * std::sin(a)}, {2 + 8 * unit(rng), 2 + 8 * unit(rng)}, pi * unit(rng),
                 (unit(rng) < 0.3 ? -0.3 : 0.6) * (0.3 + unit(rng))});
  }
  return e;
}

Sample make_sample(const std::vector<pyronn::Ellipse>& ellipses, const Geometry& g) {
  return {pyronn::rasterize_2d(ellipses, g, 2), pyronn::analytic_sinogram_2d(ellipses, g, 2)};
}

// The model and its gradient with respect to the taps.
class LearnedFBP {
 public:
  explicit LearnedFBP(const Geometry& g)
      : g_(g),
        projector_(g),
        filter_(bins),
        ones_(std::size_t(views) * bins, 1.f),
        scale_(float(g.angular_increment() * g.detector_spacing() / (g.volume_spacing()[0] * g.volume_spacing()[1]))),
        workspace_(filter_.workspace_bytes()) {}

  pyronn::FilterRowsParams params(const std::vector<float>& taps) const {
    return {ones_.data(), nullptr, taps.data(), bins, 1, views};
  }

  std::vector<float> reconstruct(const std::vector<float>& sinogram, const std::vector<float>& taps) const {
    std::vector<float> filtered(sinogram.size()), reco(g_.volume_size());
    filter_.filter(sinogram.data(), filtered.data(), views, params(taps), workspace_.data(), workspace_.size());
    projector_.adjoint(filtered.data(), reco.data());
    for (float& v : reco) v *= scale_;
    return reco;
  }

  // Adds d loss / d taps for one sample to `gradient` and returns the sample's loss,
  // |reco - phantom|^2 / |phantom|^2.
  double accumulate(const Sample& s, const std::vector<float>& taps, std::vector<double>& gradient) const {
    const std::vector<float> reco = reconstruct(s.sinogram, taps);
    double norm = 0, loss = 0;
    for (float v : s.phantom) norm += double(v) * v;
    std::vector<float> residual(reco.size());
    for (std::size_t i = 0; i < reco.size(); ++i) {
      residual[i] = float(2.0 * (double(reco[i]) - s.phantom[i]) / norm);  // d loss / d reco
      loss += (double(reco[i]) - s.phantom[i]) * (double(reco[i]) - s.phantom[i]) / norm;
    }
    std::vector<float> grad_filtered(s.sinogram.size()), grad_taps(taps.size());
    projector_.forward(residual.data(), grad_filtered.data());  // B^T = scale A
    for (float& v : grad_filtered) v *= scale_;
    filter_.taps_gradient(s.sinogram.data(), grad_filtered.data(), views, params(taps), grad_taps.data(),
                          workspace_.data(), workspace_.size());
    for (std::size_t k = 0; k < taps.size(); ++k) gradient[k] += grad_taps[k];
    return loss;
  }

 private:
  Geometry g_;
  pyronn::host::Projector2D<Geometry> projector_;
  pyronn::host::RowFilter filter_;
  std::vector<float> ones_;  // redundancy weights: one view per direction over pi
  float scale_;
  mutable std::vector<unsigned char> workspace_;
};

// The trained half spectrum H[0..P/2] as a response in DFT order on P points, R_k = H[|k|], and
// the gradient's way back, d loss / d H[j] = sum of d loss / d R_k over the k with |k| = j.
std::vector<double> full_response(const std::vector<double>& half) {
  std::vector<double> r(padded);
  for (int k = 0; k < padded; ++k) r[k] = half[k <= padded / 2 ? k : padded - k];
  return r;
}
std::vector<double> half_gradient(const std::vector<double>& full) {
  std::vector<double> g(padded / 2 + 1, 0.0);
  for (int k = 0; k < padded; ++k) g[k <= padded / 2 ? k : padded - k] += full[k];
  return g;
}

}  // namespace

int main(int argc, char* argv[]) {
  try {
    std::filesystem::path dir = "demo_output";
    bool perturbed = false;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--start" && i + 1 < argc) perturbed = std::string(argv[++i]) == "perturbed";
      else dir = a;
    }
    std::filesystem::create_directories(dir);
    const Geometry g({n, n}, {1.0, 1.0}, bins, 1.0, views, pi);
    const LearnedFBP model(g);
    const std::vector<float> ram_lak = pyronn::filter_taps(pyronn::Filter::ram_lak, bins, g.detector_spacing());
    const std::vector<float> ramp = pyronn::filter_taps(pyronn::Filter::ramp, bins, g.detector_spacing());

    std::mt19937 rng(7);
    std::vector<Sample> training;
    for (int i = 0; i < training_phantoms; ++i) training.push_back(make_sample(random_phantom(rng), g));
    const Sample test = make_sample(pyronn::shepp_logan_2d(n / 2.0), g);

    // The analytic ramp |f| on the padded grid, and the start: zeros, or the ramp with 30 %
    // multiplicative noise per frequency.
    std::vector<double> ramp_response(padded / 2 + 1), response(padded / 2 + 1, 0.0);
    std::normal_distribution<double> noise(0.0, 0.3);
    for (int k = 0; k <= padded / 2; ++k) {
      ramp_response[k] = k / (padded * g.detector_spacing());
      if (perturbed) response[k] = ramp_response[k] * (1 + noise(rng));
    }

    std::printf("pyronn %s: learning the FBP filter of a parallel scan (%d^2 pixels, %d views over pi, %d bins)\n",
                pyronn::version_string(), n, views, bins);
    std::printf("  %d random-ellipse training phantoms, Adam, %d iterations, start: %s\n\n", training_phantoms,
                iterations, perturbed ? "perturbed Ram-Lak" : "zeros");
    std::printf("%9s %12s\n", "iteration", "loss");

    // Adam (Kingma & Ba 2015) with a cosine-decayed step.
    const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-12, step0 = 0.02;
    std::vector<double> m(response.size(), 0.0), v(response.size(), 0.0);
    double first_loss = 0, loss = 0;
    const double seconds = demo::time_ms([&] {
      for (int it = 0; it <= iterations; ++it) {
        const std::vector<float> taps = pyronn::taps_from_response(full_response(response), bins);
        std::vector<double> taps_gradient(taps.size(), 0.0);
        loss = 0;
        for (const Sample& s : training) loss += model.accumulate(s, taps, taps_gradient) / training.size();
        if (it == 0) first_loss = loss;
        if (it % 20 == 0) std::printf("%9d %12.5e\n", it, loss);
        if (it == iterations) break;
        const std::vector<double> gradient = half_gradient(pyronn::response_gradient(taps_gradient, bins, padded));
        const double step = step0 * 0.5 * (1 + std::cos(pi * it / iterations));
        for (std::size_t k = 0; k < response.size(); ++k) {
          const double grad = gradient[k] / training.size();
          m[k] = beta1 * m[k] + (1 - beta1) * grad;
          v[k] = beta2 * v[k] + (1 - beta2) * grad * grad;
          const double m_hat = m[k] / (1 - std::pow(beta1, it + 1)), v_hat = v[k] / (1 - std::pow(beta2, it + 1));
          response[k] -= step * m_hat / (std::sqrt(v_hat) + epsilon);
        }
      }
    }) / 1e3;

    const std::vector<float> learned = pyronn::taps_from_response(full_response(response), bins);
    const std::vector<float> learned_reco = model.reconstruct(test.sinogram, learned);
    const std::vector<float> ramp_reco = model.reconstruct(test.sinogram, ramp);
    const double learned_error = demo::relative_l2(learned_reco, test.phantom);
    const double ramp_error = demo::relative_l2(ramp_reco, test.phantom);
    const double ram_lak_error = demo::relative_l2(model.reconstruct(test.sinogram, ram_lak), test.phantom);

    std::ofstream csv(dir / "learned_filter.csv");
    csv << "frequency_index,ramp_response,learned_response\n";
    for (int k = 0; k <= padded / 2; ++k) csv << k << ',' << ramp_response[k] << ',' << response[k] << '\n';
    csv << "\nlag,ramp_tap,ram_lak_tap,learned_tap\n";
    for (int k = 0; k < 2 * bins - 1; ++k)
      csv << k - (bins - 1) << ',' << ramp[k] << ',' << ram_lak[k] << ',' << learned[k] << '\n';
    pyronn::write_png((dir / "learned_reco.png").string(), learned_reco.data(), n, n, 0.f, 0.5f);
    pyronn::write_png((dir / "ramp_reco.png").string(), ramp_reco.data(), n, n, 0.f, 0.5f);

    const double fall = first_loss / loss, ratio = learned_error / ramp_error;
    std::printf("\nloss fell %.1fx (%.3e -> %.3e) in %.1f s\n", fall, first_loss, loss, seconds);
    std::printf("unseen Shepp-Logan, relative L2 error: learned %.4f, ramp %.4f (ratio %.3f), Ram-Lak %.4f\n",
                learned_error, ramp_error, ratio, ram_lak_error);
    std::printf("response at k = 0, 16, 64, 128: learned %.4f %.4f %.4f %.4f, ramp %.4f %.4f %.4f %.4f\n", response[0],
                response[16], response[64], response[128], ramp_response[0], ramp_response[16], ramp_response[64],
                ramp_response[128]);
    std::printf("filters written to %s\n", (dir / "learned_filter.csv").string().c_str());
    const bool ok = fall >= 10 && ratio <= 1.10;
    if (!ok) std::printf("FAILED: the loss must fall >= 10x and the learned error stay within 10 %% of the ramp's\n");
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "learn_filter_demo: %s\n", e.what());
    return 1;
  }
}
