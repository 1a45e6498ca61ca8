"""PYRO-NN's GeometryParallel2D on pyronn.GeometryParallel2D."""

from ... import geometry as _pyronn
from .geometry_base import GeometryBase


class GeometryParallel2D(GeometryBase):
    """Parallel beam in 2D:
    GeometryParallel2D(volume_shape [Y, X], volume_spacing [Y, X], detector_shape, detector_spacing,
    number_of_projections, angular_range).

    The trajectory is one ray vector (x, y) per view, [N][2]: set_trajectory, or PYRO-NN's older
    set_ray_vectors / set_central_ray_vectors (all three set ``ray_vectors``, also readable as
    ``central_ray_vectors``). The detector axis of a view is its ray turned by +90 degrees.
    """

    _pyronn_class = _pyronn.GeometryParallel2D
    _dims = 2
    _trajectory_setter = "set_central_ray_vectors"
    _trajectory_name = "ray_vectors"

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range):
        super().__init__(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                         angular_range, None, None)

    ray_vectors = property(GeometryBase._get_trajectory, GeometryBase.set_trajectory,
                           doc="[N][2] ray directions (x, y), float32.")
    central_ray_vectors = ray_vectors  # the name the seed's README uses for a parallel geometry
    set_ray_vectors = GeometryBase.set_trajectory
    set_central_ray_vectors = GeometryBase.set_trajectory
