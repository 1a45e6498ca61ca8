"""PYRO-NN's 2D projection layers: parallel_projection2d and fan_projection2d.

Each computes pyronn's forward projection (Joseph's method, line integrals in mm) of a
[batch, Y, X] (or unbatched [Y, X]) float32 volume into a [batch, N, U] (or [N, U]) sinogram.
Its gradient is the exact adjoint (the transpose of the forward projection, to float rounding).
"""

from ..geometry.geometry_fan_2d import GeometryFan2D
from ..geometry.geometry_parallel_2d import GeometryParallel2D
from ._ops import LinearPair


def projection_pair(geometry, geometry_class, name, hardware_interp=False):
    """The forward projection of a 2D geometry and its adjoint, as a LinearPair."""
    return LinearPair(geometry, geometry_class, "forward", "adjoint", from_volume=True, name=name,
                      hardware_interp=hardware_interp)


def parallel_projection2d(volume, geometry, hardware_interp=False):
    """Parallel-beam forward projection: volume [batch,] Y, X -> sinogram [batch,] N, U.

    hardware_interp=True uses the texture units' 8-bit interpolation weights (emulated on the
    host); PYRO-NN's 2D layers had no such choice (their GPU kernels used textures).
    """
    return projection_pair(geometry, GeometryParallel2D, "parallel_projection2d", hardware_interp)(volume)


def fan_projection2d(volume, geometry, hardware_interp=False):
    """Fan-beam forward projection: volume [batch,] Y, X -> sinogram [batch,] N, U."""
    return projection_pair(geometry, GeometryFan2D, "fan_projection2d", hardware_interp)(volume)
