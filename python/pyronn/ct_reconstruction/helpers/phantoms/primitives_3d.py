"""PYRO-NN 0.1.0's 3D shapes on a [Z][Y][X] voxel grid, positions in voxels from the first
voxel's centre, float32.

As in primitives_2d, the shapes are tested point by point in double with PYRO-NN's arithmetic
rather than through pyronn.rasterize_3d, so that voxels lying exactly on a boundary (common with
integer arguments) fall on the same side as in PYRO-NN.

0.1.0's sphere read ``pos`` as [X, Y, Z] against its documentation (its ellipsoid and cube used
[Z, Y, X]); here every position is [Z, Y, X] (docs/pyronn_compat.md).
"""

import numpy as np

from ._shapes import array_shape, numbers_of


def sphere(shape, pos, radius, value=1.0):
    """A ball of ``radius`` voxels centred at ``pos`` = [Z, Y, X], filled with ``value``."""
    shape = array_shape(shape, 3)
    cz, cy, cx = numbers_of(pos, 3, "pos")
    z, y, x = np.indices(shape, dtype=np.float64)
    inside = (x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= float(radius) ** 2
    return inside * np.float32(value)


def _rotation_zyz(phi, theta, psi):
    """R = Rz(phi) Ry(theta) Rz(psi), right-handed rotations (PYRO-NN's Euler convention)."""
    def rz(t):
        c, s = np.cos(t), np.sin(t)
        return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])

    c, s = np.cos(theta), np.sin(theta)
    ry = np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])
    return rz(phi) @ ry @ rz(psi)


def ellipsoid(shape, pos, half_axes, value=1.0, euler_angles=(0.0, 0.0, 0.0)):
    """An ellipsoid centred at ``pos`` = [Z, Y, X] with half axes [c, b, a] (along its own z, y, x
    axes), turned by R = Rz(phi) Ry(theta) Rz(psi) for ``euler_angles`` = [phi, theta, psi]
    (radians), filled with ``value``."""
    shape = array_shape(shape, 3)
    cz, cy, cx = numbers_of(pos, 3, "pos")
    c_axis, b_axis, a_axis = numbers_of(half_axes, 3, "half_axes")
    if 0 in (a_axis, b_axis, c_axis):
        raise ValueError(f"half_axes must be non-zero, got {half_axes!r}")
    r = _rotation_zyz(*numbers_of(euler_angles, 3, "euler_angles"))
    z, y, x = np.indices(shape, dtype=np.float64)
    d = (x - cx, y - cy, z - cz)
    # The point in the ellipsoid's own frame: R^T d (the columns of R are its axes).
    own = [r[0, i] * d[0] + r[1, i] * d[1] + r[2, i] * d[2] for i in range(3)]
    inside = own[0] ** 2 / a_axis ** 2 + own[1] ** 2 / b_axis ** 2 + own[2] ** 2 / c_axis ** 2 <= 1
    return inside * np.float32(value)


def cube(shape, pos, size, value=1.0):
    """An axis-aligned box from ``pos`` = [Z, Y, X] (its first voxel) spanning ``size`` voxels
    (clipped at the array's edge), filled with ``value``."""
    shape = array_shape(shape, 3)
    (z0, y0, x0), (d, h, w) = array_shape(pos, 3, 0, "pos"), array_shape(size, 3, 0, "size")
    out = np.zeros(shape, dtype=np.float32)
    out[z0:z0 + d, y0:y0 + h, x0:x0 + w] = value
    return out
