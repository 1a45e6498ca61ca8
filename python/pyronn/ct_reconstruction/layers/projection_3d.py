"""PYRO-NN's 3D projection layers: cone_projection3d and parallel_projection3d.

Each computes pyronn's forward projection (line integrals in mm) of a [batch, Z, Y, X] (or
[Z, Y, X]) float32 volume into [batch, N, V, U] (or [N, V, U]) projections; its gradient is the
exact adjoint. As in PYRO-NN the rays are marched: samples of the trilinear interpolant at most
``step_size`` voxels (of the finest spacing) apart, here by the midpoint rule over the ray's chord
through the volume (model="ray_march"); model="joseph" selects pyronn's default, Joseph's method
(one bilinear sample per voxel plane crossed, ``step_size`` unused). ``hardware_interp=True``
(PYRO-NN's default) gives the texture units' 8-bit interpolation weights (emulated on the host),
False the exact float weights.
"""

from ..geometry.geometry_cone_3d import GeometryCone3D
from ..geometry.geometry_parallel_3d import GeometryParallel3D
from ._ops import LinearPair


def projection_pair(geometry, geometry_class, name, hardware_interp=True, step_size=1.0, model="ray_march"):
    """The forward projection of a 3D geometry and its adjoint, as a LinearPair."""
    return LinearPair(geometry, geometry_class, "forward", "adjoint", from_volume=True, name=name,
                      hardware_interp=hardware_interp, model=model, step_size=step_size)


def cone_projection3d(volume, geometry, hardware_interp=True, step_size=1.0, model="ray_march"):
    """Cone-beam forward projection: volume [batch,] Z, Y, X -> projections [batch,] N, V, U."""
    return projection_pair(geometry, GeometryCone3D, "cone_projection3d", hardware_interp, step_size, model)(volume)


def parallel_projection3d(volume, geometry, hardware_interp=True, step_size=1.0, model="ray_march"):
    """Parallel-beam forward projection: volume [batch,] Z, Y, X -> projections [batch,] N, V, U."""
    return projection_pair(geometry, GeometryParallel3D, "parallel_projection3d", hardware_interp, step_size,
                           model)(volume)
