#pragma once
// CUDA test helpers: moving thrust vectors to the host, raw device pointers, and the dot-product
// test of a device projector (any class with forward/adjoint(in, out, batch) on device memory),
// and its figures.

#include "numerics.hpp"

#include <catch2/catch.hpp>
#include <thrust/device_vector.h>

#include <cstddef>
#include <string>
#include <vector>

namespace pyronn_test {

inline std::vector<float> to_host(const thrust::device_vector<float>& d) { return std::vector<float>(d.begin(), d.end()); }
inline float* raw(thrust::device_vector<float>& d) { return thrust::raw_pointer_cast(d.data()); }

// |<Ax, y> - <x, A^T y>| / |<Ax, y>| with random positive x (x_size) and y (y_size), on the device.
template <class Projector>
double device_adjoint_mismatch(Projector& op, std::size_t x_size, std::size_t y_size, int batch, unsigned seed) {
  const auto x = random_vector(x_size, seed), y = random_vector(y_size, seed + 1);
  thrust::device_vector<float> dx(x), dy(y), dax(y.size()), daty(x.size());
  op.forward(raw(dx), raw(dax), batch);
  op.adjoint(raw(dy), raw(daty), batch);
  return adjoint_mismatch(to_host(dax), y, x, to_host(daty));
}

// Prints and checks the dot-product mismatches of a software and a texture device projector pair.
inline void check_device_adjoints(double software, double texture_mismatch, const std::string& label) {
  print_figure(("cuda " + label + ", software").c_str(), software);
  print_figure(("cuda " + label + ", texture (hardware forward, emulated-weight adjoint)").c_str(), texture_mismatch);
  CHECK(software <= 1e-5);
  // The texture unit's weight rounding is the hardware's; the adjoint models it. Reported above,
  // bounded here only to catch a gross mismatch.
  CHECK(texture_mismatch <= 1e-2);
}

}  // namespace pyronn_test
