"""PYRO-NN's GeometryParallel3D (described by PYRO-NN, never shipped by its layers) on
pyronn.GeometryParallel3D."""

from ... import geometry as _pyronn
from .geometry_base import GeometryBase


class GeometryParallel3D(GeometryBase):
    """Parallel beam in 3D:
    GeometryParallel3D(volume_shape [Z, Y, X], volume_spacing [Z, Y, X], detector_shape [V, U],
    detector_spacing [V, U], number_of_projections, angular_range).

    The trajectory is one ray direction (x, y, z) per view, [N][3] (set_trajectory or
    set_ray_vectors; circular_trajectory_3d gives (cos, sin, 0)). The detector's u-axis is
    z x ray (horizontal), its v-axis ray x u (+z for rays in the x-y plane).
    """

    _pyronn_class = _pyronn.GeometryParallel3D
    _dims = 3
    _trajectory_setter = "set_ray_vectors"
    _trajectory_name = "ray_vectors"

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range):
        super().__init__(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                         angular_range, None, None)

    ray_vectors = property(GeometryBase._get_trajectory, GeometryBase.set_trajectory,
                           doc="[N][3] ray directions (x, y, z), float32.")
    set_ray_vectors = GeometryBase.set_trajectory
