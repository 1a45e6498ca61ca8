"""PYRO-NN's GeometryCone3D on pyronn.GeometryCone3D."""

import numpy as np

from ... import geometry as _pyronn
from .geometry_base import GeometryBase


class GeometryCone3D(GeometryBase):
    """Cone beam on a flat detector:
    GeometryCone3D(volume_shape [Z, Y, X], volume_spacing [Z, Y, X], detector_shape [V, U],
    detector_spacing [V, U], number_of_projections, angular_range, source_detector_distance,
    source_isocenter_distance).

    The trajectory is one 3 x 4 projection matrix per view, [N][3][4], mapping homogeneous world
    mm (x, y, z, 1) to detector pixel indices (u, v) (set_trajectory or set_projection_matrices;
    helpers.trajectories.circular_trajectory.circular_trajectory_3d makes PYRO-NN's circular
    ones). ``fan_angle`` and ``cone_angle`` are PYRO-NN's (to the centre of the outermost pixel);
    ``projection_multiplier`` is PYRO-NN's sid * sdd * du * pi / N, the constant its cone
    backprojection scaled by (the layers here reproduce that scale; docs/pyronn_compat.md).
    """

    _pyronn_class = _pyronn.GeometryCone3D
    _dims = 3
    _divergent = True
    _trajectory_setter = "set_projection_matrices"
    _trajectory_name = "projection_matrices"

    def __init__(self, volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                 angular_range, source_detector_distance, source_isocenter_distance):
        super().__init__(volume_shape, volume_spacing, detector_shape, detector_spacing, number_of_projections,
                         angular_range, source_detector_distance, source_isocenter_distance)
        self.step_size = 1.0  # PYRO-NN's attribute; its layers (and these) take step_size as an argument

    projection_matrices = property(GeometryBase._get_trajectory, GeometryBase.set_trajectory,
                                   doc="[N][3][4] projection matrices, float32.")
    set_projection_matrices = GeometryBase.set_trajectory

    @property
    def fan_angle(self):
        """Half the opening angle along the detector rows (radians), PYRO-NN's definition."""
        return self._half_angle(1)

    @property
    def cone_angle(self):
        """Half the opening angle along the detector columns (radians), PYRO-NN's definition."""
        return self._half_angle(0)

    @property
    def projection_multiplier(self):
        """sid * sdd * du * pi / N (PYRO-NN's constant of its cone backprojection)."""
        return (self.source_isocenter_distance * self.source_detector_distance * float(self.detector_spacing[-1])
                * np.pi / self.number_of_projections)
