"""PYRO-NN's circular trajectories, made by pyronn's own generators.

circular_trajectory_2d(geometry): the [N][2] central-ray vectors (cos a_i, sin a_i),
a_i = i * angular_range / N: PYRO-NN's and pyronn's circular scan are the same numbers.

circular_trajectory_3d(geometry): for a GeometryCone3D, PYRO-NN's [N][3][4] projection matrices,
with one correction: PYRO-NN 0.1.0 put the principal point at detector_shape * 0.5, half a pixel
off the detector's middle, (shape - 1) / 2, where the central ray meets it (pixel centres lie on
integer indices; docs/conventions.md sections 13 and 14). Here the principal point is
-detector_origin / detector_spacing, which is (shape - 1) / 2 for the default origin, so that the
projections are centred as the geometry says. Everything else is PYRO-NN's frame: at angle a_i
the source lies at +sid (cos a_i, sin a_i, 0), the detector's u-axis is (-sin a_i, cos a_i, 0)
and its v-axis is -z. That is pyronn's own circular scan (source at -sid (cos, sin, 0), u-axis
(-sin, cos, 0), v-axis +z) turned by pi about the rotation axis, with the detector turned by pi in
its plane: the matrices below are pyronn's, conjugated by those two turns.

For a GeometryParallel3D, circular_trajectory_3d gives the [N][3] ray vectors (cos a_i, sin a_i, 0)
(PYRO-NN's unreleased parallel 3D example made the same ones).
"""

import numpy as np

from .... import _errors
from .... import geometry as _pyronn
from ...geometry.geometry_base import GeometryBase

# The world turned by pi about z (the rotation axis), acting on homogeneous world points.
_TURN_WORLD = np.diag([-1.0, -1.0, 1.0, 1.0])


def circular_trajectory_2d(geometry):
    """The central-ray vectors [N][2] (cos a_i, sin a_i), a_i = i * angular_range / N (float64)."""
    base = _untrajected(geometry, "a 2D geometry", dims=2)
    return np.array(base.central_ray_vectors, dtype=np.float64)


def circular_trajectory_3d(geometry):
    """PYRO-NN's circular projection matrices [N][3][4] for a GeometryCone3D (principal point
    corrected, see the module's notes), or the ray vectors [N][3] for a GeometryParallel3D."""
    base = _untrajected(geometry, "a GeometryCone3D or GeometryParallel3D", dims=3)
    if isinstance(base, _pyronn.GeometryParallel3D):
        return np.array(base.ray_vectors, dtype=np.float64)
    ours = np.asarray(_pyronn.circular_trajectory_3d(base), dtype=np.float64).reshape(-1, 3, 4)
    # The detector turned by pi in its plane about the principal point (cu, cv): (u, v) ->
    # (2 cu - u, 2 cv - v), a map of homogeneous pixel coordinates.
    cv, cu = -np.asarray(base.detector_origin, dtype=np.float64) / np.asarray(base.detector_spacing)
    turn_detector = np.array([[-1.0, 0.0, 2.0 * cu], [0.0, -1.0, 2.0 * cv], [0.0, 0.0, 1.0]])
    return turn_detector @ ours @ _TURN_WORLD


def _untrajected(geometry, expected, dims):
    """The pyronn geometry behind a PYRO-NN geometry, without its trajectory (it may have none)."""
    if not isinstance(geometry, GeometryBase) or geometry._dims != dims:
        raise _errors.ArgumentTypeError(
            f"pyronn: invalid argument 'geometry': must be {expected} of pyronn.ct_reconstruction.geometry, "
            f"got {type(geometry).__name__}", "geometry")
    if geometry.angular_range is None:
        raise _errors.InvalidArgumentError(
            "pyronn: invalid argument 'geometry': its angular_range is None; set it before the trajectory",
            "geometry")
    return geometry._base
