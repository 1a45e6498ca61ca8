"""PYRO-NN's 2D backprojection layers: parallel_backprojection2d and fan_backprojection2d.

Each computes pyronn's FBP backprojection (backproject_fbp: voxel-driven, linear interpolation
along the detector, the fan beam's distance weight (sid / L)^2) of a [batch, N, U] (or [N, U])
sinogram into a [batch, Y, X] (or [Y, X]) image, at PYRO-NN's scale, so that PYRO-NN's flow (the
ram_lak_2D filter multiplied onto the sinogram's FFT along the detector, then this layer)
reconstructs the phantom at its scale (_ops.fbp_scale). It is not the adjoint of the projection.
Its gradient is its own exact transpose (backproject_fbp_transpose); PYRO-NN registered the
forward projector as this layer's gradient, which is not its transpose.
"""

from ..geometry.geometry_fan_2d import GeometryFan2D
from ..geometry.geometry_parallel_2d import GeometryParallel2D
from ._ops import LinearPair


def backprojection_pair(geometry, geometry_class, name, hardware_interp=False):
    """The FBP backprojection of a 2D geometry (at PYRO-NN's scale) and its transpose, as a LinearPair."""
    return LinearPair(geometry, geometry_class, "backproject_fbp", "backproject_fbp_transpose", from_volume=False,
                      name=name, hardware_interp=hardware_interp, scale="fbp")


def parallel_backprojection2d(sinogram, geometry, hardware_interp=False):
    """Parallel-beam FBP backprojection: sinogram [batch,] N, U -> image [batch,] Y, X."""
    return backprojection_pair(geometry, GeometryParallel2D, "parallel_backprojection2d", hardware_interp)(sinogram)


def fan_backprojection2d(sinogram, geometry, hardware_interp=False):
    """Fan-beam FBP backprojection: sinogram [batch,] N, U -> image [batch,] Y, X."""
    return backprojection_pair(geometry, GeometryFan2D, "fan_backprojection2d", hardware_interp)(sinogram)
