#pragma once
// How a 3D projector samples a ray. Both models give the line integral of an interpolant of the
// volume, each with its exact transpose; they differ in where they sample.

namespace pyronn {

enum class RayModel3D {
  // One sample per voxel plane crossed along the ray's major axis, bilinear within the plane
  // (Joseph 1982; the model of RTK's and ASTRA's ray-driven projectors): kernels/joseph_3d.hpp.
  joseph,
  // Samples at most step_size voxels apart along the ray, trilinear: kernels/ray_march_3d.hpp.
  ray_march,
};

inline const char* to_string(RayModel3D m) { return m == RayModel3D::joseph ? "joseph" : "ray_march"; }

}  // namespace pyronn
