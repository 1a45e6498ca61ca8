"""PYRO-NN 0.1.0's Shepp-Logan phantoms, rasterised by pyronn's own rasterisers.

PYRO-NN defines each phantom on the unit square (cube) of the published tables, whose corners
[-1, 1] lie on the centres of the first and last pixel of every axis, and samples each pixel once
at its centre. That is pyronn.rasterize_2d / rasterize_3d with one sample per pixel on a grid of
spacing 2 / (n - 1) per axis, centred on the origin; so the ellipse test is pyronn's, and only the
grid and the tables are PYRO-NN's. A one-pixel axis has no such grid (PYRO-NN divided by zero
there), so every axis needs at least two pixels.
"""

import numpy as np

from pyronn import geometry as _geometry
from pyronn import phantoms as _phantoms

from ._shapes import array_shape


def _unit_grid(shape):
    """A throwaway geometry whose volume grid is PYRO-NN's: pixel centres from -1 to 1 per axis."""
    spacing = tuple(2.0 / (n - 1) for n in shape)
    if len(shape) == 2:
        return _geometry.GeometryParallel2D(shape, spacing, 1, 1.0, 1, np.pi)
    return _geometry.GeometryParallel3D(shape, spacing, (1, 1), (1.0, 1.0), 1, np.pi)


def shepp_logan(shape):
    """The Shepp-Logan phantom (Shepp & Logan 1974, densities 2, -0.98, -0.02, ..., 0.01) on a
    [Y][X] grid of ``shape``, upright (the published +y at row 0), float32."""
    shape = array_shape(shape, 2, minimum=2)
    # pyronn.shepp_logan_2d maps the published +y to world -y, which is row 0 here: the orientation
    # that PYRO-NN reached by flipping its rows.
    return _phantoms.rasterize_2d(_phantoms.shepp_logan_2d(1.0, "original"), _unit_grid(shape), supersampling=1)


def shepp_logan_enhanced(shape):
    """The Shepp-Logan phantom with Toft's contrast (densities 1, -0.8, -0.2, ..., 0.1), [Y][X], float32."""
    shape = array_shape(shape, 2, minimum=2)
    return _phantoms.rasterize_2d(_phantoms.shepp_logan_2d(1.0, "modified"), _unit_grid(shape), supersampling=1)


# PYRO-NN's 3D table ("adopted from CONRAD"): centre x, y, z; semi-axes a, b, c; phi (radians,
# about z); density. It is not pyronn.shepp_logan_3d's table (Schabel's phantom3d), on purpose, so
# that the numbers are PYRO-NN's: the small ellipsoid 9 sits at y = -0.605 (Schabel: -0.606),
# ellipsoids 3 and 4 carry no psi (Schabel: 10 degrees), and the published y is not mirrored, so
# the z-slices of this phantom are the 2D phantom upside down (row 0 is the published -y).
_SHEPP_LOGAN_3D = np.array([
    [0.0, 0.0, 0.0, 0.69, 0.92, 0.81, 0.0, 1.0],
    [0.0, -0.0184, 0.0, 0.6624, 0.874, 0.78, 0.0, -0.8],
    [0.22, 0.0, 0.0, 0.11, 0.31, 0.22, -np.pi / 10, -0.2],
    [-0.22, 0.0, 0.0, 0.16, 0.41, 0.28, np.pi / 10, -0.2],
    [0.0, 0.35, -0.15, 0.21, 0.25, 0.41, 0.0, 0.1],
    [0.0, 0.1, 0.25, 0.046, 0.046, 0.05, 0.0, 0.1],
    [0.0, -0.1, 0.25, 0.046, 0.046, 0.05, 0.0, 0.1],
    [-0.08, -0.605, 0.0, 0.046, 0.023, 0.05, 0.0, 0.1],
    [0.0, -0.605, 0.0, 0.023, 0.023, 0.02, 0.0, 0.1],
    [0.06, -0.605, 0.0, 0.023, 0.046, 0.02, 0.0, 0.1],
])


def shepp_logan_3d(shape):
    """PYRO-NN's 3D Shepp-Logan phantom (Toft's contrast) on a [Z][Y][X] grid of ``shape``, float32."""
    shape = array_shape(shape, 3, minimum=2)
    ellipsoids = [_phantoms.ellipsoid(row[0:3], row[3:6], row[7], phi=row[6]) for row in _SHEPP_LOGAN_3D]
    return _phantoms.rasterize_3d(ellipsoids, _unit_grid(shape), supersampling=1)
