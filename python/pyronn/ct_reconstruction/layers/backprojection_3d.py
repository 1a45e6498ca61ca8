"""PYRO-NN's 3D backprojection layers: cone_backprojection3d and parallel_backprojection3d.

Each computes pyronn's FBP / FDK backprojection (backproject_fbp: voxel-driven, bilinear
interpolation on the detector, the cone beam's distance weight (D / U)^2) of [batch, N, V, U] (or
[N, V, U]) projections into a [batch, Z, Y, X] (or [Z, Y, X]) volume, at PYRO-NN's scale (for the
cone, PYRO-NN's projection_multiplier sid * sdd * du * pi / N over the squared depth;
_ops.fbp_scale), so that PYRO-NN's flow (ram_lak_3D in the Fourier domain, then this layer)
reconstructs at the phantom's scale. Its gradient is its exact transpose
(backproject_fbp_transpose); PYRO-NN used the forward projector there. ``hardware_interp=True``
gives the texture units' 8-bit interpolation weights; ``step_size`` is accepted for PYRO-NN's
signature and unused, since the backprojection is voxel-driven (as PYRO-NN's was).
"""

from ..geometry.geometry_cone_3d import GeometryCone3D
from ..geometry.geometry_parallel_3d import GeometryParallel3D
from ._ops import LinearPair


def backprojection_pair(geometry, geometry_class, name, hardware_interp=True, step_size=1.0):
    """The FBP backprojection of a 3D geometry (at PYRO-NN's scale) and its transpose, as a LinearPair."""
    # step_size is checked (LinearPair) but has no effect: the backprojection is voxel-driven
    return LinearPair(geometry, geometry_class, "backproject_fbp", "backproject_fbp_transpose", from_volume=False,
                      name=name, hardware_interp=hardware_interp, step_size=step_size, scale="fbp")


def cone_backprojection3d(sinogram, geometry, hardware_interp=True, step_size=1.0):
    """Cone-beam FDK backprojection: projections [batch,] N, V, U -> volume [batch,] Z, Y, X."""
    return backprojection_pair(geometry, GeometryCone3D, "cone_backprojection3d", hardware_interp,
                               step_size)(sinogram)


def parallel_backprojection3d(sinogram, geometry, hardware_interp=True, step_size=1.0):
    """Parallel-beam FBP backprojection: projections [batch,] N, V, U -> volume [batch,] Z, Y, X."""
    return backprojection_pair(geometry, GeometryParallel3D, "parallel_backprojection3d", hardware_interp,
                               step_size)(sinogram)
