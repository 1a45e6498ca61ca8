#pragma once
// 3-vectors for 3D geometry and kernels. Kernels use float; geometry set-up on the host works in
// double and converts once.

#include <pyronn/core/config.hpp>

#include <cmath>

namespace pyronn {

template <class T>
struct vec3_t {
  T x, y, z;
};

template <class T>
PYRONN_HD vec3_t<T> operator+(vec3_t<T> a, vec3_t<T> b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
template <class T>
PYRONN_HD vec3_t<T> operator-(vec3_t<T> a, vec3_t<T> b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
template <class T>
PYRONN_HD vec3_t<T> operator*(T s, vec3_t<T> a) { return {s * a.x, s * a.y, s * a.z}; }
template <class T>
PYRONN_HD vec3_t<T> operator*(vec3_t<T> a, T s) { return {s * a.x, s * a.y, s * a.z}; }
template <class T>
PYRONN_HD T dot(vec3_t<T> a, vec3_t<T> b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
template <class T>
PYRONN_HD vec3_t<T> cross(vec3_t<T> a, vec3_t<T> b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
template <class T>
PYRONN_HD T norm(vec3_t<T> a) { return sqrt(dot(a, a)); }

using vec3 = vec3_t<float>;
using dvec3 = vec3_t<double>;

template <class To, class From>
PYRONN_HD vec3_t<To> vec_cast(vec3_t<From> a) { return {static_cast<To>(a.x), static_cast<To>(a.y), static_cast<To>(a.z)}; }

}  // namespace pyronn
