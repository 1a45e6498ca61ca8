#pragma once
// Small fixed-size vectors for geometry and kernels. Kernels use float; geometry set-up on the
// host works in double and converts once.

#include <pyronn/core/config.hpp>

#include <cmath>

namespace pyronn {

template <class T>
struct vec2_t {
  T x, y;
};

template <class T>
PYRONN_HD vec2_t<T> operator+(vec2_t<T> a, vec2_t<T> b) { return {a.x + b.x, a.y + b.y}; }
template <class T>
PYRONN_HD vec2_t<T> operator-(vec2_t<T> a, vec2_t<T> b) { return {a.x - b.x, a.y - b.y}; }
template <class T>
PYRONN_HD vec2_t<T> operator*(T s, vec2_t<T> a) { return {s * a.x, s * a.y}; }
template <class T>
PYRONN_HD vec2_t<T> operator*(vec2_t<T> a, T s) { return {s * a.x, s * a.y}; }
template <class T>
PYRONN_HD T dot(vec2_t<T> a, vec2_t<T> b) { return a.x * b.x + a.y * b.y; }
// z component of the 3D cross product: positive when b lies counter-clockwise of a.
template <class T>
PYRONN_HD T cross(vec2_t<T> a, vec2_t<T> b) { return a.x * b.y - a.y * b.x; }
template <class T>
PYRONN_HD T norm(vec2_t<T> a) { return sqrt(dot(a, a)); }
// Counter-clockwise rotation by 90 degrees: the detector u-axis of a central ray.
template <class T>
PYRONN_HD vec2_t<T> perp(vec2_t<T> a) { return {-a.y, a.x}; }

using vec2 = vec2_t<float>;
using dvec2 = vec2_t<double>;

template <class To, class From>
PYRONN_HD vec2_t<To> vec_cast(vec2_t<From> a) { return {static_cast<To>(a.x), static_cast<To>(a.y)}; }

}  // namespace pyronn
