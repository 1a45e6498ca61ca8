"""PYRO-NN 0.1.0's projection weights for FBP and FDK, float32, to multiply the projections
before filtering:

 - cosine_weights_3d(geometry): [V][U], the cosine of each detector pixel's ray to the central
   ray of a flat detector, sdd / sqrt(sdd^2 + s^2 + t^2) (Feldkamp, Davis & Kress 1984);
   cosine_weights_2d(geometry): [U], the same for a fan beam's detector row (new in pyronn);
 - parker_weights_2d(geometry): [views][U], Parker's short-scan weights (Parker 1982) times
   angular_range / pi; parker_weights_3d(geometry): the same as [views][1][U] for the cone;
 - riess_weights_2d(geometry): [views][U], the unsmoothed short-scan weights of Riess et al.
   ("TV or not TV? That is the question", Fully3D 2013) times angular_range / pi.

The factor angular_range / pi is PYRO-NN's: its backprojection multiplies every view by pi / views
(a full turn's step 2 pi / views, halved because a full turn sees every line twice), so the views
of a scan over angular_range need angular_range / pi more to be weighted by their step.

Views are at source angles i * angular_range / views, counter-clockwise (PYRO-NN's circular
trajectories). The fan angle gamma of column u is atan((detector_origin + u * spacing) / sdd),
positive towards the detector's u-axis, which in PYRO-NN's 2D fan geometry is the central ray
turned counter-clockwise: the two measurements of a line are (beta, gamma) and
(beta + pi + 2 gamma, -gamma). Parker's and cosine weights are pyronn's own
(include/pyronn/recon/fan_weights.hpp, fbp_weights_3d.hpp), reached through pyronn._core.

docs/pyronn_compat.md lists the corrections to 0.1.0: the cosine weights' detector centre and
shape, Parker's scale factor, the sign of gamma in Riess's weights, and the cone's mirror of the
Parker weights following the projection matrices' hand.
"""

import numpy as np

from pyronn import _core
from pyronn import geometry as _geometry
from pyronn import weights as _weight_operators

from . import _geometry_numbers as _numbers


def _fan_columns(geometry):
    """(U, detector origin of column 0, spacing, sdd): the detector row's numbers, in mm."""
    return (_numbers.detector_width(geometry), _numbers.last(geometry, "detector_origin"),
            _numbers.last(geometry, "detector_spacing"), _numbers.positive(geometry, "source_detector_distance"))


def _cosine_weights(geometry, beam, origin_count):
    """pyronn's cosine weights of the flat detector that geometry's PYRO-NN attributes describe."""
    for name in ("source_detector_distance", "source_isocenter_distance"):
        _numbers.positive(geometry, name)  # a parallel-beam geometry has None here
    numbers = [_numbers.attribute(geometry, name) for name in (
        "volume_shape", "volume_spacing", "detector_shape", "detector_spacing", "number_of_projections",
        "angular_range", "source_detector_distance", "source_isocenter_distance")]
    if origin_count == 1:  # PYRO-NN's 2D detector numbers are one-element arrays
        numbers[2:4] = [_numbers.last(geometry, "detector_shape"), _numbers.last(geometry, "detector_spacing")]
    pyronn_geometry = beam(*numbers)
    origin = np.atleast_1d(np.asarray(_numbers.attribute(geometry, "detector_origin"), dtype=np.float64))
    if origin.shape != (origin_count,):
        raise ValueError(f"geometry.detector_origin must hold {origin_count} number(s), got {origin!r}")
    pyronn_geometry.set_detector_origin(origin if origin_count == 2 else origin[0])
    return _weight_operators.cosine_weights(pyronn_geometry)


def cosine_weights_3d(geometry):
    """[V][U] cosine weights of a cone-beam geometry's flat detector."""
    return _cosine_weights(geometry, _geometry.GeometryCone3D, 2)


def cosine_weights_2d(geometry):
    """[U] cosine weights sdd / sqrt(sdd^2 + s^2) of a fan-beam geometry's flat detector (not in
    PYRO-NN 0.1.0, whose fan examples left the weight out; FBP needs it)."""
    return _cosine_weights(geometry, _geometry.GeometryFan2D, 1)


def parker_weights_2d(geometry):
    """[views][U] Parker weights times angular_range / pi.

    As in PYRO-NN, the weights are those of the shortest scan, pi + 2 fan_angle, centred in the
    scan: a longer scan's first and last views get weight 0 where they lie outside it (pyronn.FBP
    instead spreads the weights over the whole over-scan, Wesarg et al. 2002), and a shorter scan
    starts inside it (its data are incomplete; no weights make them so).
    """
    n = _numbers.views(geometry)
    columns, origin, spacing, sdd = _fan_columns(geometry)
    angular_range = _numbers.finite(geometry, "angular_range")
    fan_angle = _numbers.finite(geometry, "fan_angle")
    beta = (np.pi + 2 * fan_angle - angular_range) / 2 + np.arange(n) * (angular_range / n)
    weights = _core.parker_weights(beta.tolist(), columns, origin, spacing, sdd, fan_angle)
    return (weights * (angular_range / np.pi)).astype(np.float32)


def _u_turns_clockwise(geometry):
    """Whether the detector's u-axis turns clockwise from the central ray (seen from +z).

    PYRO-NN's circular_trajectory_3d puts the source at +sid (cos a, sin a) with u along
    (-sin a, cos a): clockwise from the ray, the opposite of its 2D fan geometry, so Parker's
    gamma changes sign, which PYRO-NN did by mirroring the detector rows. Projection matrices of
    the other hand (pyronn.circular_trajectory_3d's) need no mirror. Without matrices, PYRO-NN's.
    """
    matrices = getattr(geometry, "projection_matrices", None)
    if matrices is None:
        return True
    p = np.asarray(matrices, dtype=np.float64)
    if p.ndim != 3 or p.shape[1:] != (3, 4) or p.shape[0] < 1:
        raise ValueError(f"geometry.projection_matrices must have shape (views, 3, 4), got {p.shape}")
    m = p[0, :, :3]
    v = 0.5 * (float(np.atleast_1d(_numbers.attribute(geometry, "detector_shape"))[0]) - 1)
    # The rays through two neighbouring columns, M^-1 (u, v, 1): both point from the source into
    # the scene, or both backwards if the matrix carries a negative scale, so the turn between
    # them (seen from +z) has the same sign either way.
    d0, d1 = (np.linalg.solve(m, np.array([u, v, 1.0])) for u in (0.0, 1.0))
    turn = d0[0] * d1[1] - d0[1] * d1[0]
    sense = 1.0 if _numbers.finite(geometry, "angular_range") >= 0 else -1.0  # the source's way round
    return bool(turn * sense < 0)


def parker_weights_3d(geometry):
    """[views][1][U] Parker weights of a cone-beam scan (its detector rows' fan angles)."""
    weights = parker_weights_2d(geometry)
    if _u_turns_clockwise(geometry):
        weights = weights[:, ::-1]
    return np.ascontiguousarray(weights[:, np.newaxis, :])


def riess_weights_2d(geometry):
    """[views][U] the unsmoothed short-scan weights of Riess et al. times angular_range / pi.

    With the over-scan x = angular_range - pi and, as in PYRO-NN's transcription,
      eta(beta, g)  = sin^2(pi/2 (pi + x - beta) / (x - 2 g)),
      zeta(beta, g) = sin^2(pi/2 beta / (x + 2 g)),
    the weight is 1, overridden in turn by eta on [pi + 2 g, pi + x], 2 - eta on
    [pi + 2 (x - g), pi + x], zeta on [0, x + 2 g] and 2 - zeta on [0, -x - 2 g], where g is the fan
    angle measured clockwise: g = -gamma. (0.1.0 used g = gamma, which in its fan geometry mirrors
    the weights: the two measurements of a line then no longer sum to one.) A 0 / 0 keeps the
    weight it replaces, as in PYRO-NN.
    """
    n = _numbers.views(geometry)
    columns, origin, spacing, sdd = _fan_columns(geometry)
    angular_range = _numbers.finite(geometry, "angular_range")
    x = angular_range - np.pi
    beta = (np.arange(n) * (angular_range / n))[:, np.newaxis]
    g = -np.arctan((origin + np.arange(columns) * spacing) / sdd)[np.newaxis, :]
    beta, g = np.broadcast_arrays(beta, g)
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = np.sin(np.pi / 2 * (np.pi + x - beta) / (x - 2 * g)) ** 2
        zeta = np.sin(np.pi / 2 * beta / (x + 2 * g)) ** 2
    weights = np.ones(beta.shape)
    for region, value in (((np.pi + 2 * g <= beta) & (beta <= np.pi + x), eta),
                          ((np.pi + 2 * (x - g) <= beta) & (beta <= np.pi + x), 2 - eta),
                          ((0 <= beta) & (beta <= x + 2 * g), zeta),
                          ((0 <= beta) & (beta <= -x - 2 * g), 2 - zeta)):
        region &= ~np.isnan(value)
        weights[region] = value[region]
    return (weights * (angular_range / np.pi)).astype(np.float32)
