"""PYRO-NN's GeometryFan2D on pyronn.GeometryFan2D."""

from ... import geometry as _pyronn
from .geometry_base import GeometryBase


class GeometryFan2D(GeometryBase):
    """Fan beam on a flat detector:
    GeometryFan2D(volume_shape [Y, X], volume_spacing [Y, X], detector_shape, detector_spacing,
    number_of_projections, angular_range, source_detector_distance, source_isocenter_distance).

    The trajectory is one central-ray vector (x, y) per view, [N][2] (set_trajectory or
    set_central_ray_vectors); the source of a view lies at -source_isocenter_distance * ray.
    ``fan_angle`` is PYRO-NN's: atan(((U - 1) / 2 * spacing) / source_detector_distance), to the
    centre of the outermost bin.
    """

    _pyronn_class = _pyronn.GeometryFan2D
    _dims = 2
    _divergent = True
    _trajectory_setter = "set_central_ray_vectors"
    _trajectory_name = "central_ray_vectors"

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range, source_detector_distance, source_isocenter_distance):
        super().__init__(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                         angular_range, source_detector_distance, source_isocenter_distance)

    central_ray_vectors = property(GeometryBase._get_trajectory, GeometryBase.set_trajectory,
                                   doc="[N][2] central-ray directions (x, y), float32.")
    set_central_ray_vectors = GeometryBase.set_trajectory

    @property
    def fan_angle(self):
        """Half the fan's opening angle (radians), PYRO-NN's definition."""
        return self._half_angle(-1)
